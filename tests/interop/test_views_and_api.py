"""Where the IATI file is served, for every role (as tests/partnerships/test_view_permissions.py):
a public partnership publishes it to anyone; a members-only one to its insiders, 404 for
everyone else, a member of another partnership included. The settings and the import are
for coordinators."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from accord import cli
from accord.interop.models import IatiPublication
from accord.resources.models import LedgerEntry
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.interop.conftest import EXAMPLES, assert_valid

pytestmark = pytest.mark.django_db

INSIDERS = {
    "coordinator",
    "representative",
    "small_representative",
    "staff",
    "community",
    "observer",
    "invitee",
    "admin",
}
OUTSIDE = {"stranger", "outsider"}


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("role", ROLES)
def test_members_only_file_is_for_insiders(client, iati_world, role):
    url = reverse("interop:iati_export", args=[iati_world.partnership.slug])
    response = login(client, iati_world, role).get(url)
    if role in INSIDERS:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/xml; charset=utf-8"
        assert_valid(body(response))
    else:
        assert response.status_code == 404
        assert b"Lake Partnership" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_public_partnership_publishes_its_file_to_everyone(client, public_iati_world, role):
    slug = public_iati_world.partnership.slug
    response = login(client, public_iati_world, role).get(f"/p/{slug}/iati.xml")
    assert response.status_code == 200
    document = assert_valid(body(response))
    assert document.find("iati-activity/title/narrative").text == "Lake Partnership"


def test_unknown_partnership_and_bad_scope(client, public_iati_world):
    assert client.get("/p/no-such-thing/iati.xml").status_code == 404
    url = reverse("interop:iati_export", args=[public_iati_world.partnership.slug])
    assert client.get(url + "?scope=everything").status_code == 400
    response = client.get(url + "?scope=activity")
    assert len(assert_valid(body(response)).findall("iati-activity")) == 2


@pytest.mark.parametrize("role", ROLES)
def test_api_file_for_a_members_only_partnership(client, iati_world, role):
    api = Api(client, iati_world)
    response = api.get(role, f"/partnerships/{iati_world.partnership.slug}/iati")
    if role in INSIDERS:
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/xml")
        assert_valid(body(response))
    else:
        assert response.status_code == 404
        assert b"Lake Partnership" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_api_file_for_a_public_partnership(client, public_iati_world, role):
    api = Api(client, public_iati_world)
    response = api.get(
        role, f"/partnerships/{public_iati_world.partnership.slug}/iati?scope=activity"
    )
    assert response.status_code == 200
    assert len(assert_valid(body(response)).findall("iati-activity")) == 2


def test_the_api_file_is_in_the_openapi_document(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/partnerships/{slug}/iati"]["get"]
    assert "application/xml" in operation["responses"]["200"]["content"]
    assert "post" in schema["paths"]["/api/v1/partnerships/{slug}/iati"]
    assert (
        "application/xml"
        in schema["paths"]["/api/v1/iati/import"]["post"]["requestBody"]["content"]
    )


def expected_coordinator_only(role, *, anonymous=302, success=200):
    if role == "anonymous":
        return anonymous
    if role in OUTSIDE:
        return 404
    return success if role == "coordinator" else 403


@pytest.mark.parametrize("role", ROLES)
def test_settings_page_is_for_coordinators(client, iati_world, role):
    url = reverse("interop:iati_settings", args=[iati_world.partnership.slug])
    response = login(client, iati_world, role).get(url)
    assert response.status_code == expected_coordinator_only(role)
    if response.status_code == 404:
        assert b"Lake Partnership" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_settings_change(client, iati_world, role):
    url = reverse("interop:iati_settings", args=[iati_world.partnership.slug])
    response = login(client, iati_world, role).post(
        url,
        {
            "action": "settings",
            "scope": "activity",
            "reporting_organization": iati_world.orgs["foundation"].pk,
            "identifier": "XM-TEST-1",
        },
    )
    assert response.status_code == expected_coordinator_only(role, success=302)
    changed = IatiPublication.objects.filter(
        partnership=iati_world.partnership, scope="activity", identifier="XM-TEST-1"
    ).exists()
    assert changed == (role == "coordinator")


@pytest.mark.parametrize("role", ROLES)
def test_api_settings(client, iati_world, role):
    api = Api(client, iati_world)
    path = f"/partnerships/{iati_world.partnership.slug}/iati/settings"
    response = api.send(
        "put",
        role,
        path,
        {"scope": "activity", "reporting_organization_id": iati_world.orgs["coop"].pk},
    )
    expected = {"anonymous": 401, "stranger": 404, "outsider": 404, "coordinator": 200}
    assert response.status_code == expected.get(role, 403)
    if role == "coordinator":
        assert response.json()["scope"] == "activity"
        assert api.get(role, path).json()["reporting_organization_id"] == iati_world.orgs["coop"].pk
        outsider_org = iati_world.orgs["school"].pk  # not a member: refused
        refused = api.send(
            "put", role, path, {"scope": "activity", "reporting_organization_id": outsider_org}
        )
        assert refused.status_code == 404


ANNOTATED = (EXAMPLES / "activity-standard-example-annotated.xml").read_bytes()


@pytest.mark.parametrize("role", ROLES)
def test_import_into_a_partnership_is_for_its_coordinators(client, iati_world, role):
    api = Api(client, iati_world)
    before = LedgerEntry.objects.count()
    response = client.post(
        f"/api/v1/partnerships/{iati_world.partnership.slug}/iati",
        data=ANNOTATED,
        content_type="application/xml",
        headers=api.headers(role),
    )
    expected = {"anonymous": 401, "stranger": 404, "outsider": 404, "coordinator": 200}
    assert response.status_code == expected.get(role, 403)
    assert (LedgerEntry.objects.count() > before) == (role == "coordinator")


@pytest.mark.parametrize("role", ROLES)
def test_import_page_of_a_partnership(client, iati_world, role):
    url = reverse("interop:iati_settings", args=[iati_world.partnership.slug])
    upload = io.BytesIO(ANNOTATED)
    upload.name = "activity.xml"
    response = login(client, iati_world, role).post(url, {"action": "import", "file": upload})
    assert response.status_code == expected_coordinator_only(role, success=302)
    imported = IatiPublication.objects.filter(
        partnership=iati_world.partnership, identifier="AA-AAA-123456789-ABC123"
    ).exists()
    assert imported == (role == "coordinator")


def test_an_invalid_file_is_a_400_with_the_validators_messages(client, iati_world):
    api = Api(client, iati_world)
    broken = ANNOTATED.replace(b"<iati-identifier>", b"<iati-identifer>", 1).replace(
        b"</iati-identifier>", b"</iati-identifer>", 1
    )
    before = (LedgerEntry.objects.count(), IatiPublication.objects.count())
    response = client.post(
        f"/api/v1/partnerships/{iati_world.partnership.slug}/iati",
        data=broken,
        content_type="application/xml",
        headers=api.headers("coordinator"),
    )
    assert response.status_code == 400
    assert "iati-identifer" in " ".join(response.json()["errors"]["file"])
    assert (LedgerEntry.objects.count(), IatiPublication.objects.count()) == before
    page = reverse("interop:iati_settings", args=[iati_world.partnership.slug])
    client.force_login(iati_world.users["coordinator"])
    upload = io.BytesIO(b"<not-xml")
    upload.name = "broken.xml"
    response = client.post(page, {"action": "import", "file": upload})
    assert response.status_code == 200 and b"line 1" in response.content


@pytest.mark.parametrize("role", ["anonymous", "stranger", "outsider", "coordinator"])
def test_start_a_partnership_from_a_file(client, iati_world, role):
    api = Api(client, iati_world)
    response = client.post(
        "/api/v1/iati/import",
        data=ANNOTATED,
        content_type="application/xml",
        headers=api.headers(role),
    )
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 201  # anyone signed in may start a partnership
    slug = response.json()["partnership"]
    again = client.post(
        "/api/v1/iati/import",
        data=ANNOTATED,
        content_type="application/xml",
        headers=api.headers(role),
    )
    assert again.status_code == 200 and again.json()["partnership"] == slug  # updated
    if role != "outsider":
        other = client.post(
            "/api/v1/iati/import",
            data=ANNOTATED,
            content_type="application/xml",
            headers=api.headers("outsider"),
        )
        assert other.status_code == 409  # someone else's import: not theirs to update


def test_import_page_starts_a_partnership(client, world):
    client.force_login(world.users["stranger"])
    assert client.get(reverse("interop:iati_import")).status_code == 200
    upload = io.BytesIO(ANNOTATED)
    upload.name = "activity.xml"
    response = client.post(reverse("interop:iati_import"), {"file": upload})
    assert response.status_code == 302
    publication = IatiPublication.objects.get(identifier="AA-AAA-123456789-ABC123")
    assert response["Location"] == reverse(
        "interop:iati_settings", args=[publication.partnership.slug]
    )
    client.logout()
    assert client.get(reverse("interop:iati_import")).status_code == 302


def test_export_command_writes_the_file_to_standard_output(iati_world, capsys):
    out = io.StringIO()
    call_command("export_iati", iati_world.partnership.slug, "--scope", "activity", stdout=out)
    document = assert_valid(out.getvalue().encode())
    assert len(document.findall("iati-activity")) == 2
    # `accord export iati SLUG` is the same command
    assert cli.main(["export", "iati", iati_world.partnership.slug]) == 0
    assert_valid(capsys.readouterr().out.encode())


def test_import_command_refuses_an_invalid_file(iati_world, tmp_path: Path):
    from django.core.management.base import CommandError

    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<iati-activities version='2.03'><iati-activity/></iati-activities>")
    with pytest.raises(CommandError, match=r"not valid IATI 2\.03"):
        call_command("import_iati", str(broken), "--as", "coord@county.test")
    good = tmp_path / "good.xml"
    good.write_bytes(ANNOTATED)
    out = io.StringIO()
    call_command(
        "import_iati", str(good), "--as", "coord@county.test", stdout=out, stderr=io.StringIO()
    )
    assert "AA-AAA-123456789-ABC123" in out.getvalue()

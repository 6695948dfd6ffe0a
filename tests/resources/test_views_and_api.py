"""Every resources page and endpoint for every role; outsiders never see the ledger."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from accord.resources.models import LedgerEntry, Pledge
from tests.api.conftest import Api
from tests.conftest import ROLES

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
OUTSIDE = {"stranger", "outsider", "anonymous"}
PAGES = [
    "resource_summary",
    "ledger_list",
    "pledge_list",
    "rate_list",
    "support_list",
    "workplan",
    "flow_network_svg",
]


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", PAGES)
def test_pages_for_every_role(client, funded, role, name):
    response = login(client, funded, role).get(
        reverse(f"resources:{name}", args=[funded.partnership.slug])
    )
    assert response.status_code == (200 if role in INSIDERS else 404)
    if role in OUTSIDE:
        assert b"First tranche" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_public_partnership_keeps_its_ledger_to_insiders(client, public_world, role):
    response = login(client, public_world, role).get(
        reverse("resources:ledger_list", args=[public_world.partnership.slug])
    )
    assert response.status_code == (200 if role in INSIDERS else 403)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "suffix", ["/resources", "/ledger", "/pledges", "/rates", "/support-requests", "/activities"]
)
def test_api_reads_for_every_role(client, funded, role, suffix):
    api = Api(client, funded)
    response = api.get(role, f"/partnerships/{funded.partnership.slug}{suffix}")
    assert response.status_code == (200 if role in INSIDERS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_api_post_ledger_entry(client, funded, role):
    api = Api(client, funded)
    body = {
        "type": "3",
        "value": "10.00",
        "currency": "KES",
        "value_date": "2025-05-01",
        "provider_id": funded.orgs["foundation"].pk,
        "receiver_id": funded.orgs["coop"].pk,
    }
    before = LedgerEntry.objects.count()
    response = api.post(role, f"/partnerships/{funded.partnership.slug}/ledger", body)
    # the providing and the receiving member may both report a flow between them
    posters = {"representative", "small_representative", "coordinator"}
    expected = {"anonymous": 401, "stranger": 404, "outsider": 404}.get(
        role, 201 if role in posters else 403
    )
    assert response.status_code == expected, response.content
    assert LedgerEntry.objects.count() == before + (1 if expected == 201 else 0)


@pytest.mark.parametrize("role", ROLES)
def test_web_reverse_entry(client, funded, role):
    url = reverse("resources:ledger_entry_reverse", args=[funded.partnership.slug, funded.entry.pk])
    response = login(client, funded, role).post(url, {"reason": "typo"})
    reversed_ = LedgerEntry.objects.filter(reverses=funded.entry).exists()
    if role in {"representative", "coordinator", "small_representative"}:
        # the cooperative received the entry, so its representative may correct it too
        assert response.status_code == 302 and reversed_
    else:
        assert response.status_code == {"anonymous": 302, "stranger": 404, "outsider": 404}.get(
            role, 403
        )
        assert not reversed_


def test_api_errors_are_clear(client, funded):
    api = Api(client, funded)
    slug = funded.partnership.slug
    bad = api.post(
        "representative",
        f"/partnerships/{slug}/ledger",
        {
            "type": "3",
            "value": "-5",
            "currency": "KES",
            "value_date": "2025-05-01",
            "provider_id": funded.orgs["foundation"].pk,
            "receiver_id": funded.orgs["coop"].pk,
        },
    )
    assert bad.status_code == 400 and "greater than zero" in bad.json()["detail"]
    bad = api.post(
        "representative",
        f"/partnerships/{slug}/ledger",
        {
            "type": "3",
            "value": "5",
            "currency": "ZZZ",
            "value_date": "2025-05-01",
            "provider_id": funded.orgs["foundation"].pk,
            "receiver_id": funded.orgs["coop"].pk,
        },
    )
    assert bad.status_code == 400 and "unknown currency" in bad.json()["detail"]
    bad = api.post(
        "representative",
        f"/partnerships/{slug}/ledger",
        {
            "type": "3",
            "value": "5",
            "currency": "KES",
            "value_date": "not a date",
            "provider_id": 1,
        },
    )
    assert bad.status_code == 422
    again = api.post(
        "coordinator", f"/partnerships/{slug}/ledger/{funded.entry.pk}/reverse", {"reason": "x"}
    )
    assert again.status_code == 201
    again = api.post(
        "coordinator", f"/partnerships/{slug}/ledger/{funded.entry.pk}/reverse", {"reason": "x"}
    )
    assert again.status_code == 409


def test_summary_api_and_exports(client, funded):
    api = Api(client, funded)
    summary = api.get("observer", f"/partnerships/{funded.partnership.slug}/resources").json()
    foundation = next(p for p in summary["partners"] if p["organization"] == "Foundation")
    assert foundation["delivered"] == "700000.00" and summary["reporting_currency"] == "KES"
    client.force_login(funded.users["observer"])
    csv_text = client.get(
        reverse("resources:resource_export", args=[funded.partnership.slug, "csv"])
    ).content.decode()
    assert csv_text.splitlines()[0].startswith("organization,sector") and "Foundation" in csv_text
    xlsx = client.get(reverse("resources:resource_export", args=[funded.partnership.slug, "xlsx"]))
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "organization"
    assert (
        client.get(
            reverse("resources:resource_export", args=[funded.partnership.slug, "pdf"])
        ).status_code
        == 404
    )


def csv_file(text: str, name: str = "ledger.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_import_is_all_or_nothing_with_every_bad_row_reported(client, funded):
    client.force_login(funded.users["coordinator"])
    url = reverse("resources:import_file", args=[funded.partnership.slug])
    before = LedgerEntry.objects.count()
    text = (
        "type,value,currency,value_date,provider,receiver,note\n"
        "3,100,KES,2025-05-01,Foundation,Fisher Coop,ok\n"
        "3,-5,KES,2025-05-01,Foundation,Fisher Coop,negative\n"
        "3,100,XYZ,2025-05-01,Foundation,Fisher Coop,currency\n"
        "3,100,KES,2025-13-01,Foundation,Fisher Coop,date\n"
        "3,100,KES,2025-05-01,Nobody Inc,Fisher Coop,org\n"
    )
    response = client.post(url, {"kind": "ledger", "file": csv_file(text)})
    assert response.status_code == 400
    problems = [(p.line, p.column) for p in response.context["problems"]]
    assert problems == [(3, "value"), (4, "currency"), (5, "value_date"), (6, "provider")]
    assert LedgerEntry.objects.count() == before
    good = "type,value,currency,value_date,provider,receiver\n3,100,KES,2025-05-01,Foundation,Fisher Coop\n3,7.5,EUR,2025-05-02,County,Fisher Coop\n"
    response = client.post(url, {"kind": "ledger", "file": csv_file(good)})
    assert response.status_code == 200  # the preview: nothing posted yet
    assert LedgerEntry.objects.count() == before
    response = client.post(url, {"confirm": response.context["sealed"]})
    assert response.status_code == 302
    assert LedgerEntry.objects.count() == before + 2


def test_import_pledges_from_xlsx(client, funded):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "organization",
            "kind",
            "description",
            "currency",
            "amount",
            "starts_on",
            "ends_on",
            "due_on",
        ]
    )
    sheet.append(
        [
            "Fisher Coop",
            "money",
            "Membership dues",
            "KES",
            5000,
            date(2025, 1, 1),
            date(2025, 12, 31),
            date(2025, 6, 30),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(funded.users["coordinator"])
    url = reverse("resources:import_file", args=[funded.partnership.slug])
    response = client.post(
        url, {"kind": "pledges", "file": SimpleUploadedFile("p.xlsx", buffer.getvalue())}
    )
    assert response.status_code == 200
    assert not Pledge.objects.filter(description="Membership dues").exists()
    response = client.post(url, {"confirm": response.context["sealed"]})
    assert response.status_code == 302
    pledge = Pledge.objects.get(description="Membership dues")
    assert [(i.due_on, i.amount) for i in pledge.installments.all()] == [(date(2025, 6, 30), 5000)]


@pytest.mark.parametrize("role", ["representative", "observer", "outsider"])
def test_only_coordinators_import(client, funded, role):
    client.force_login(funded.users[role])
    response = client.get(reverse("resources:import_file", args=[funded.partnership.slug]))
    assert response.status_code == (404 if role == "outsider" else 403)


@pytest.mark.parametrize("n", [3, 40])
def test_resource_pages_have_bounded_queries(client, funded, django_assert_max_num_queries, n):
    from accord.resources import services

    for i in range(n):
        services.ledger_entry_post(
            actor=funded.users["representative"],
            partnership=funded.partnership,
            type="3",
            value=f"{i + 1}",
            currency_code="EUR",
            value_date=date(2025, 4, 1 + i % 28),
            provider=funded.orgs["foundation"],
            receiver=funded.orgs["coop"],
            pledge=funded.pledge,
        )
        services.pledge_create(
            actor=funded.users["small_representative"],
            partnership=funded.partnership,
            organization=funded.orgs["coop"],
            kind="knowledge",
            description=f"Data {i}",
            currency_code="KES",
            amount="10",
            starts_on=date(2025, 1, 1),
            ends_on=date(2025, 12, 31),
        )
    client.force_login(funded.users["coordinator"])
    for name, limit in [
        # + the organizations the cached summary is keyed on, + the coordinator's storage
        ("resource_summary", 18),
        ("ledger_list", 17),  # + the organizations to filter by
        ("pledge_list", 14),
        ("workplan", 14),
        ("support_list", 14),
    ]:
        with django_assert_max_num_queries(limit):
            assert (
                client.get(reverse(f"resources:{name}", args=[funded.partnership.slug])).status_code
                == 200
            )


@pytest.mark.parametrize("role", ["representative", "observer", "outsider", "anonymous"])
def test_evidence_files_are_for_insiders_only(client, funded, role, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(funded.users["representative"])
    response = client.post(
        reverse("resources:ledger_list", args=[funded.partnership.slug]),
        {
            "type": "3",
            "value": "12.50",
            "currency": "KES",
            "value_date": "2025-05-01",
            "provider": funded.orgs["foundation"].pk,
            "receiver": funded.orgs["coop"].pk,
            "evidence": SimpleUploadedFile("receipt.txt", b"bank receipt 42"),
        },
    )
    assert response.status_code == 302
    entry = LedgerEntry.objects.exclude(evidence="").get()
    client.logout()
    login(client, funded, role)
    response = client.get(
        reverse("resources:ledger_entry_evidence", args=[funded.partnership.slug, entry.pk])
    )
    assert response.status_code == (200 if role in INSIDERS else 404)
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == b"bank receipt 42"


def test_workplan_forms_per_activity_have_unique_ids_and_work(client, funded):
    import re

    from accord.resources import services

    coordinator = funded.users["coordinator"]
    first = services.activity_create(
        actor=coordinator,
        partnership=funded.partnership,
        title="A",
        lead_organization=funded.orgs["county"],
    )
    second = services.activity_create(
        actor=coordinator,
        partnership=funded.partnership,
        title="B",
        lead_organization=funded.orgs["county"],
    )
    client.force_login(coordinator)
    url = reverse("resources:workplan", args=[funded.partnership.slug])
    html = client.get(url).content.decode()
    ids = re.findall(r'\bid="(id_[^"]+)"', html)
    assert len(ids) == len(set(ids))
    response = client.post(
        url,
        {
            "action": "chain",
            "activity_id": second.pk,
            f"chain-{second.pk}-organization": funded.orgs["coop"].pk,
            f"chain-{second.pk}-role": "4",
        },
    )
    assert response.status_code == 302
    assert list(second.chain.values_list("organization__name", flat=True)) == ["Fisher Coop"]
    assert not first.chain.exists()

"""The UI actions that reached the API late (issue 16, item 6), for every role: marking a
decision implemented, one's notifications, ledger evidence, the resources export and the flow
network. One's own access tokens: tests/accounts/test_tokens_api.py."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accord.decisions import services as decision_services
from accord.decisions.models import Proposal
from accord.notifications.models import Notification
from accord.notifications.services import notify
from accord.resources import services as resource_services
from accord.resources.models import LedgerEntry
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.decisions.conftest import proposal_in_voting
from tests.resources.conftest import funded  # noqa: F401 (a fixture)

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


def _outside(role: str, insiders_status: int) -> int:
    """What a role outside the partnership gets: the anonymous 401 on a write (no token),
    404 on a read of a members-only partnership, as for the signed-in outsiders."""
    return {"stranger": 404, "outsider": 404}.get(role, insiders_status)


# --- decisions: mark implemented -------------------------------------------------------------


@pytest.fixture
def accepted(world):
    proposal = proposal_in_voting(world)
    for role in ("representative", "small_representative", "coordinator"):
        decision_services.ballot_cast(actor=world.users[role], proposal=proposal, choice="yes")
    decision_services.proposal_close(actor=world.users["coordinator"], proposal=proposal)
    world.proposal = proposal
    return world


@pytest.mark.parametrize("role", ROLES)
def test_mark_implemented_for_every_role(client, accepted, role):
    api = Api(client, accepted)
    path = f"/partnerships/{accepted.partnership.slug}/proposals/{accepted.proposal.pk}/implemented"
    response = api.post(role, path)
    expected = {"anonymous": 401, "stranger": 404, "outsider": 404, "coordinator": 200}.get(
        role, 403
    )
    assert response.status_code == expected, response.content
    status = Proposal.objects.get(pk=accepted.proposal.pk).status
    assert status == ("implemented" if expected == 200 else "accepted")
    if expected == 200:
        assert response.json()["status"] == "implemented"
        # twice is a conflict, and nothing changes
        again = api.post(role, path)
        assert again.status_code == 409 and "detail" in again.json()


def test_mark_implemented_refuses_a_proposal_in_voting(client, world):
    proposal = proposal_in_voting(world)
    api = Api(client, world)
    response = api.post(
        "coordinator", f"/partnerships/{world.partnership.slug}/proposals/{proposal.pk}/implemented"
    )
    assert response.status_code == 409
    assert Proposal.objects.get(pk=proposal.pk).status == "voting"


# --- notifications ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_notifications_are_ones_own(client, world, role):
    Notification.objects.all().delete()  # the world's own invitations and admissions
    notify(users=[world.users["coordinator"]], text="Admit the Youth Network", verb="t.one")
    notify(users=[world.users["representative"]], text="Sign the charter", verb="t.two")
    api = Api(client, world)
    listed = api.get(role, "/notifications")
    marked = api.post(role, "/notifications/read")
    if role == "anonymous":
        assert listed.status_code == 401 and marked.status_code == 401
        assert Notification.objects.filter(read_at__isnull=True).count() == 2
        return
    assert listed.status_code == 200
    texts = [n["text"] for n in listed.json()["items"]]
    own = {"coordinator": ["Admit the Youth Network"], "representative": ["Sign the charter"]}
    assert texts == own.get(role, [])
    assert marked.status_code == 200
    assert marked.json() == {"marked_read": len(texts), "unread": 0}
    # only one's own were marked read
    assert Notification.objects.filter(read_at__isnull=True).count() == 2 - len(texts)


def test_unread_filter_and_bounded_paging(client, world):
    Notification.objects.all().delete()
    coordinator = world.users["coordinator"]
    notify(users=[coordinator], text="First", verb="t")
    notify(users=[coordinator], text="Second", verb="t")
    Notification.objects.filter(text="First").update(read_at="2026-01-01T00:00:00Z")
    api = Api(client, world)
    unread = api.get("coordinator", "/notifications?unread=true").json()
    assert [n["text"] for n in unread["items"]] == ["Second"] and unread["count"] == 1
    assert api.get("coordinator", "/notifications?limit=0").status_code == 422


# --- ledger evidence ----------------------------------------------------------------------------


def _evidence_body(world, content=b"bank receipt 42", name="receipt.txt"):
    return {
        "type": "3",
        "value": "12.50",
        "currency": "KES",
        "value_date": "2025-05-01",
        "provider_id": world.orgs["foundation"].pk,
        "receiver_id": world.orgs["coop"].pk,
        "evidence": SimpleUploadedFile(name, content),
    }


@pytest.mark.parametrize("role", ROLES)
def test_post_with_evidence_for_every_role(client, funded, role, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    api = Api(client, funded)
    before = LedgerEntry.objects.count()
    response = client.post(
        f"/api/v1/partnerships/{funded.partnership.slug}/ledger/with-evidence",
        _evidence_body(funded),
        headers=api.headers(role),
    )
    posters = {"representative", "small_representative", "coordinator"}
    expected = {"anonymous": 401, "stranger": 404, "outsider": 404}.get(
        role, 201 if role in posters else 403
    )
    assert response.status_code == expected, response.content
    assert LedgerEntry.objects.count() == before + (1 if expected == 201 else 0)
    if expected == 201:
        assert response.json()["has_evidence"] is True
        entry = LedgerEntry.objects.get(pk=response.json()["id"])
        assert entry.evidence.read() == b"bank receipt 42"


def test_evidence_of_a_forbidden_type_is_refused_and_nothing_posted(
    client,
    funded,  # noqa: F811
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    api = Api(client, funded)
    before = LedgerEntry.objects.count()
    response = client.post(
        f"/api/v1/partnerships/{funded.partnership.slug}/ledger/with-evidence",
        _evidence_body(funded, content=b"MZ\x90\x00\x03\x00\x00\x00" * 64, name="tool.exe"),
        headers=api.headers("representative"),
    )
    assert response.status_code == 400, response.content
    assert "detail" in response.json()
    assert LedgerEntry.objects.count() == before


@pytest.mark.parametrize("role", ROLES)
def test_evidence_download_for_every_role(client, funded, role, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    entry = resource_services.ledger_entry_post(
        actor=funded.users["representative"],
        partnership=funded.partnership,
        type="3",
        value="12.50",
        currency_code="KES",
        value_date=date(2025, 5, 1),
        provider=funded.orgs["foundation"],
        receiver=funded.orgs["coop"],
        evidence=SimpleUploadedFile("receipt.txt", b"bank receipt 42"),
    )
    api = Api(client, funded)
    slug = funded.partnership.slug
    response = api.get(role, f"/partnerships/{slug}/ledger/{entry.pk}/evidence")
    assert response.status_code == (200 if role in INSIDERS else 404)
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == b"bank receipt 42"
    # an entry without a file, and an entry of another partnership, are 404
    if role == "coordinator":
        bare = api.get(role, f"/partnerships/{slug}/ledger/{funded.entry.pk}/evidence")
        assert bare.status_code == 404
        other = f"/partnerships/{funded.other_partnership.slug}/ledger/{entry.pk}/evidence"
        assert api.get("outsider", other).status_code == 404


# --- the resources export and the flow network --------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_export_and_flows_for_every_role(client, funded, role):  # noqa: F811
    api = Api(client, funded)
    slug = funded.partnership.slug
    export = api.get(role, f"/partnerships/{slug}/resources/export")
    flows = api.get(role, f"/partnerships/{slug}/resources/flows")
    expected = 200 if role in INSIDERS else 404
    assert export.status_code == expected and flows.status_code == expected
    if expected == 200:
        rows = list(csv.reader(io.StringIO(export.content.decode())))
        assert rows[0][:2] == ["organization", "sector"]
        assert {r[0] for r in rows[1:]} == {"County", "Foundation", "Fisher Coop"}


def test_export_xlsx_is_formula_safe_and_bad_format_is_400(client, funded):  # noqa: F811
    from openpyxl import load_workbook

    foundation = funded.orgs["foundation"]
    foundation.name = "=HYPERLINK(1)"
    foundation.save(update_fields=["name"])
    api = Api(client, funded)
    slug = funded.partnership.slug
    xlsx = api.get("coordinator", f"/partnerships/{slug}/resources/export?format=xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert "'=HYPERLINK(1)" in names
    bad = api.get("coordinator", f"/partnerships/{slug}/resources/export?format=exe")
    assert bad.status_code == 400 and "detail" in bad.json()


def test_flow_network_has_amounts_and_per_pair_reciprocity(client, funded):  # noqa: F811
    # Foundation → Coop 5,000 EUR (700,000 KES at 140); Coop → Foundation 70,000 KES back.
    resource_services.ledger_entry_post(
        actor=funded.users["small_representative"],
        partnership=funded.partnership,
        type="3",
        value="70000",
        currency_code="KES",
        value_date=date(2025, 6, 1),
        provider=funded.orgs["coop"],
        receiver=funded.orgs["foundation"],
    )
    api = Api(client, funded)
    body = api.get("coordinator", f"/partnerships/{funded.partnership.slug}/resources/flows").json()
    edges = {(e["provider"], e["receiver"]): e["amount"] for e in body["edges"]}
    assert edges == {
        ("Foundation", "Fisher Coop"): "700000.00",
        ("Fisher Coop", "Foundation"): "70000.00",
    }
    (pair,) = body["pairs"]
    assert {pair["first"], pair["second"]} == {"Foundation", "Fisher Coop"}
    # 2 × min(700,000, 70,000) / 770,000
    assert pair["reciprocity"] == pytest.approx(140000 / 770000)
    assert body["reciprocity"] == pytest.approx(140000 / 770000)
    assert body["reporting_currency"] == "KES"

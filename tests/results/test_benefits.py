"""The benefits ledger: recorded by members and community participants, append-only
(corrections by reversal), summarised per partner and per sector next to the resources
contributed, with the mutual-benefit chart. Pages and endpoints for every role."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from accord.audit.models import Event
from accord.errors import Conflict, Forbidden, Invalid
from accord.results import selectors, services
from accord.results.models import AppendOnlyError, Benefit
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.results.accountability import INSIDERS, benefit_for, fund, login

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def snapshot():
    return list(Benefit.objects.order_by("pk").values()), Event.objects.count()


@pytest.fixture
def funded(world):
    return fund(world)


# --- services ---------------------------------------------------------------------------


def test_record_a_benefit_with_value_and_evidence(world):
    benefit = benefit_for(
        world,
        level="organizational",
        kind="funding",
        value="1200.50",
        currency_code="kes",
        evidence_note="Receipt 14",
        evidence_link="https://example.org/receipt",
        evidence_file=SimpleUploadedFile("receipt.pdf", PDF),
        expected_by_charter=True,
    )
    assert benefit.value == Decimal("1200.50") and benefit.currency == "KES"
    assert benefit.evidence_file and benefit.expected_by_charter
    assert Event.objects.filter(verb="results.benefit_recorded").exists()


def test_a_community_participant_records_their_own_benefit(world):
    benefit = services.benefit_record(
        actor=world.users["community"],
        partnership=world.partnership,
        recipient_user=world.users["community"],
        level="individual",
        kind="services",
        description="Water testing kit lent to our village",
        received_on=date(2025, 5, 2),
    )
    assert benefit.recipient_user == world.users["community"]


def test_an_edit_of_a_recorded_benefit_is_refused(world):
    benefit = benefit_for(world)
    before = snapshot()
    benefit.description = "Something else"
    with pytest.raises(AppendOnlyError):
        benefit.save()
    with pytest.raises(AppendOnlyError):
        Benefit.objects.filter(pk=benefit.pk).update(description="Something else")
    with pytest.raises(AppendOnlyError):
        benefit.delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        # the database refuses it too
        cursor.execute("UPDATE results_benefit SET description = 'x' WHERE id = %s", [benefit.pk])
    assert snapshot() == before


def test_reversal_corrects_once(world):
    benefit = benefit_for(world, value="300", currency_code="EUR")
    before = snapshot()
    with pytest.raises(Invalid) as refused:
        services.benefit_reverse(
            actor=world.users["small_representative"], benefit=benefit, reason=""
        )
    assert "reason" in refused.value.field_errors
    assert snapshot() == before
    reversal = services.benefit_reverse(
        actor=world.users["small_representative"], benefit=benefit, reason="Counted twice"
    )
    assert reversal.value == Decimal("-300.00") and reversal.reverses == benefit
    assert "Counted twice" in reversal.description
    before = snapshot()
    with pytest.raises(Conflict, match="already been reversed"):
        services.benefit_reverse(actor=world.users["coordinator"], benefit=benefit, reason="Again")
    with pytest.raises(Invalid, match="cannot itself be reversed"):
        services.benefit_reverse(actor=world.users["coordinator"], benefit=reversal, reason="Oops")
    assert snapshot() == before


def test_only_who_may_record_for_the_recipient_reverses(world):
    benefit = benefit_for(world)
    before = snapshot()
    for role in ("representative", "staff", "community", "observer", "outsider", "admin"):
        with pytest.raises(Forbidden):
            services.benefit_reverse(actor=world.users[role], benefit=benefit, reason="No")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("org", "by", "fields", "error", "field"),
    [
        ("coop", "small_representative", {"value": "-5", "currency_code": "KES"}, Invalid, "value"),
        ("coop", "small_representative", {"value": "0", "currency_code": "KES"}, Invalid, "value"),
        (
            "coop",
            "small_representative",
            {"value": "abc", "currency_code": "KES"},
            Invalid,
            "value",
        ),
        (
            "coop",
            "small_representative",
            {"value": "1.234", "currency_code": "KES"},
            Invalid,
            "value",
        ),
        ("coop", "small_representative", {"value": "10"}, Invalid, "currency"),
        (
            "coop",
            "small_representative",
            {"value": "10", "currency_code": "XXQ"},
            Invalid,
            "currency",
        ),
        ("coop", "small_representative", {"currency_code": "KES"}, Invalid, "value"),
        ("coop", "small_representative", {"level": "cosmic"}, Invalid, "level"),
        ("coop", "small_representative", {"kind": "luck"}, Invalid, "kind"),
        ("coop", "small_representative", {"description": " "}, Invalid, "description"),
        (
            "coop",
            "small_representative",
            {"received_on": date.today() + timedelta(days=2)},
            Invalid,
            "received_on",
        ),
        ("coop", "small_representative", {"evidence_link": "not a url"}, Invalid, "evidence_link"),
        (
            "coop",
            "small_representative",
            {"evidence_file": SimpleUploadedFile("run.exe", b"MZ\x90\x00binary")},
            Invalid,
            "evidence_file",
        ),
        ("school", "coordinator", {}, Invalid, "recipient_organization"),  # not a member
        ("youth", "coordinator", {}, Invalid, "recipient_organization"),  # invited only
        ("school", "outsider", {}, Forbidden, None),  # outsiders take no part
        ("foundation", "small_representative", {}, Forbidden, None),  # not Sam's organization
        ("coop", "community", {}, Forbidden, None),
        ("coop", "observer", {}, Forbidden, None),
        (None, "coordinator", {}, Invalid, "recipient_organization"),  # nobody
    ],
)
def test_bad_benefits_are_refused_and_change_nothing(world, org, by, fields, error, field):
    before = snapshot()
    with pytest.raises(error) as refused:
        benefit_for(world, org=org, by=by, **fields)
    if field:
        assert field in refused.value.field_errors, refused.value.field_errors
    assert snapshot() == before


def test_a_person_must_be_a_community_participant_at_the_individual_level(world):
    before = snapshot()
    with pytest.raises(Invalid, match="not a community participant"):
        services.benefit_record(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            recipient_user=world.users["outsider"],
            level="individual",
            kind="skills",
            description="Training",
            received_on=date(2025, 1, 5),
        )
    with pytest.raises(Invalid) as refused:
        services.benefit_record(
            actor=world.users["community"],
            partnership=world.partnership,
            recipient_user=world.users["community"],
            level="institutional",
            kind="policy",
            description="A seat on the water board",
            received_on=date(2025, 1, 5),
        )
    assert "level" in refused.value.field_errors
    with pytest.raises(Forbidden):  # a participant records for themselves only
        services.benefit_record(
            actor=world.users["community"],
            partnership=world.partnership,
            recipient_organization=world.orgs["coop"],
            recipient_user=None,
            level="individual",
            kind="skills",
            description="Training",
            received_on=date(2025, 1, 5),
        )
    assert snapshot() == before


# --- the summary ------------------------------------------------------------------------


def test_summary_puts_benefits_next_to_contributions(funded):
    world = funded
    benefit_for(world, org="coop", level="individual")
    benefit_for(world, org="coop", level="individual", kind="knowledge")
    reversed_ = benefit_for(world, org="coop", level="system", kind="data")
    services.benefit_reverse(
        actor=world.users["coordinator"], benefit=reversed_, reason="Wrong partnership"
    )
    benefit_for(
        world,
        org="foundation",
        by="representative",
        level="institutional",
        kind="reputation",
        value="100",
        currency_code="EUR",
        received_on=date(2025, 6, 1),
    )
    benefit_for(world, org="foundation", by="representative", value="10", currency_code="USD")
    services.benefit_record(
        actor=world.users["community"],
        partnership=world.partnership,
        recipient_user=world.users["community"],
        level="individual",
        kind="services",
        description="Clean water point",
        received_on=date(2025, 5, 2),
    )
    summary = selectors.benefit_summary(partnership=world.partnership)
    rows = {row.label: row for row in summary.partners}
    foundation, coop, county = rows["Foundation"], rows["Fisher Coop"], rows["County"]
    people = rows["Individual participants"]
    assert foundation.contributed == Decimal("700000.00")  # 5,000 EUR at 140
    assert foundation.contributed_share == 1.0 and coop.contributed_share == 0.0
    assert (coop.benefits, foundation.benefits, people.benefits, county.benefits) == (2, 2, 1, 0)
    assert summary.total.benefits == 5  # the reversed benefit and its reversal count for nothing
    assert coop.received_share == pytest.approx(0.4)
    assert foundation.valued == Decimal("14000.00")  # 100 EUR; the USD has no rate
    assert summary.missing_rates == ["USD"]
    assert (foundation.balance, coop.balance, county.balance) == ("mutual", "gains_only", "none")
    assert coop.individual_share == 1.0 and coop.beyond_individual_share == 0.0
    assert foundation.beyond_individual_share == 0.5
    levels = {code: (count, share) for code, _label, count, share in summary.levels}
    assert levels["individual"] == (4, pytest.approx(0.8))
    assert levels["institutional"] == (1, pytest.approx(0.2))
    sectors = {row.key: row for row in summary.sectors}
    assert sectors["community"].benefits == 2 and sectors["philanthropic"].benefits == 2
    assert sectors["individuals"].benefits == 1
    root = ET.fromstring(summary.mutual_svg)  # noqa: S314 (our own output)
    assert root.get("role") == "img"
    desc = root.find("{http://www.w3.org/2000/svg}desc").text
    assert "Foundation: 100% of the resources contributed, 40% of the benefits received" in desc
    ET.fromstring(summary.levels_svg)  # noqa: S314 (our own output)


def test_the_mutual_benefit_chart_changes_when_a_benefit_is_recorded(client, funded):
    world = funded
    client.force_login(world.users["coordinator"])
    url = reverse("results:mutual_benefit_svg", args=[world.partnership.slug])
    before = client.get(url)
    assert before["Content-Type"] == "image/svg+xml"
    benefit_for(world, org="foundation", by="representative")
    after = client.get(url)
    assert after.content != before.content
    assert b"Foundation: 100% of the resources contributed, 100% of the benefits" in after.content


# --- pages and endpoints ----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["benefit_list", "benefit_summary", "mutual_benefit_svg"])
def test_pages_for_every_role(client, world, role, name):
    benefit_for(world)
    response = login(client, world, role).get(
        reverse(f"results:{name}", args=[world.partnership.slug])
    )
    assert response.status_code == (200 if role in INSIDERS else 404)
    if name == "benefit_list":
        assert (b"Twelve fishers" in response.content) == (role in INSIDERS)


@pytest.mark.parametrize("role", ROLES)
def test_public_partnership_keeps_benefits_to_insiders(client, public_world, role):
    response = login(client, public_world, role).get(
        reverse("results:benefit_summary", args=[public_world.partnership.slug])
    )
    assert response.status_code == (200 if role in INSIDERS else 403)


@pytest.mark.parametrize("role", ROLES)
def test_record_on_the_page(client, world, role):
    response = login(client, world, role).post(
        reverse("results:benefit_list", args=[world.partnership.slug]),
        {
            "recipient": f"organization:{world.orgs['foundation'].pk}",
            "level": "organizational",
            "kind": "network",
            "description": "Met the county water board",
            "received_on": "2025-04-01",
            "evidence_file": SimpleUploadedFile("minutes.pdf", PDF),
        },
    )
    may = role in {"coordinator", "representative", "staff"}
    recorded = Benefit.objects.filter(description="Met the county water board").first()
    assert (recorded is not None) == may
    if may:
        assert response.status_code == 302 and recorded.evidence_file
    else:
        expected = {"anonymous": 404, "stranger": 404, "outsider": 404}.get(role, 403)
        if role in {"small_representative", "community"}:
            expected = 200  # their form offers their own recipients only: the choice is refused
        assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_reverse_on_the_page(client, world, role):
    benefit = benefit_for(world)
    url = reverse("results:benefit_reverse", args=[world.partnership.slug, benefit.pk])
    response = login(client, world, role).post(url, {"reason": "Typo"})
    reversed_ = Benefit.objects.filter(reverses=benefit).exists()
    if role in {"small_representative", "coordinator"}:
        assert response.status_code == 302 and reversed_
    else:
        assert response.status_code == {"anonymous": 302, "stranger": 404, "outsider": 404}.get(
            role, 403
        )
        assert not reversed_


@pytest.mark.parametrize("role", ROLES)
def test_evidence_files_are_for_insiders_only(client, world, role):
    benefit = benefit_for(world, evidence_file=SimpleUploadedFile("proof.pdf", PDF))
    response = login(client, world, role).get(
        reverse("results:benefit_evidence", args=[world.partnership.slug, benefit.pk])
    )
    assert response.status_code == (200 if role in INSIDERS else 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("suffix", ["/benefits", "/benefits/summary"])
def test_api_reads_for_every_role(client, world, role, suffix):
    benefit_for(world)
    response = Api(client, world).get(role, f"/partnerships/{world.partnership.slug}{suffix}")
    assert response.status_code == (200 if role in INSIDERS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_api_record(client, world, role):
    body = {
        "recipient_organization_id": world.orgs["coop"].pk,
        "level": "institutional",
        "kind": "policy",
        "description": "A seat on the county water board",
        "received_on": "2025-09-01",
    }
    response = Api(client, world).post(
        role, f"/partnerships/{world.partnership.slug}/benefits", body
    )
    may = role in {"coordinator", "small_representative"}
    expected = {"anonymous": 401, "stranger": 404, "outsider": 404}.get(role, 201 if may else 403)
    assert response.status_code == expected, response.content
    assert Benefit.objects.filter(kind="policy").exists() == may


def test_api_errors_reversal_and_no_edit(client, funded):
    world = funded
    api = Api(client, world)
    base = f"/partnerships/{world.partnership.slug}/benefits"
    body = {
        "recipient_organization_id": world.orgs["coop"].pk,
        "level": "individual",
        "kind": "funding",
        "description": "Stipends",
        "received_on": "2025-09-01",
        "value": "-40",
        "currency": "KES",
    }
    negative = api.post("small_representative", base, body)
    assert negative.status_code == 400 and "value" in negative.json()["errors"]
    school = api.post(
        "coordinator",
        base,
        {**body, "value": "40", "recipient_organization_id": world.orgs["school"].pk},
    )
    assert school.status_code == 400 and "not a member" in school.json()["detail"]
    stranger = api.post(
        "coordinator",
        base,
        {
            **body,
            "value": None,
            "recipient_user_id": world.users["stranger"].pk,
            "recipient_organization_id": None,
        },
    )
    assert stranger.status_code == 400
    assert Benefit.objects.count() == 0
    created = api.post("small_representative", base, {**body, "value": "40"})
    assert created.status_code == 201 and created.json()["value"] == "40.00"
    benefit_id = created.json()["id"]
    edit = api.send("patch", "small_representative", f"{base}/{benefit_id}", {"description": "x"})
    assert edit.status_code == 405 and Benefit.objects.get().description == "Stipends"
    reversal = api.post("small_representative", f"{base}/{benefit_id}/reverse", {"reason": "Twice"})
    assert reversal.status_code == 201 and reversal.json()["value"] == "-40.00"
    again = api.post("coordinator", f"{base}/{benefit_id}/reverse", {"reason": "Again"})
    assert again.status_code == 409
    listed = api.get("coordinator", base).json()
    assert listed["count"] == 2 and {row["reversed_by_id"] for row in listed["items"]} == {
        reversal.json()["id"],
        None,
    }
    summary = api.get("coordinator", f"{base}/summary").json()
    assert summary["total"]["benefits"] == 0 and summary["reporting_currency"] == "KES"


def test_api_records_with_an_evidence_file(client, world):
    api = Api(client, world)
    response = client.post(
        f"/api/v1/partnerships/{world.partnership.slug}/benefits/with-evidence",
        {
            "recipient_organization_id": world.orgs["coop"].pk,
            "level": "organizational",
            "kind": "equipment",
            "description": "A boat engine",
            "received_on": "2025-02-01",
            "evidence_file": SimpleUploadedFile("invoice.pdf", PDF),
        },
        headers=api.headers("small_representative"),
    )
    assert response.status_code == 201, response.content
    assert response.json()["has_evidence_file"] is True


@pytest.mark.parametrize("name", ["benefit_list", "benefit_summary"])
def test_benefit_pages_have_bounded_queries(client, funded, name, django_assert_max_num_queries):
    world = funded
    client.force_login(world.users["coordinator"])
    url = reverse(f"results:{name}", args=[world.partnership.slug])
    recipients = [("coop", "small_representative"), ("foundation", "representative")]
    for size in (3, 30):
        while Benefit.objects.count() < size:
            n = Benefit.objects.count()
            org, by = recipients[n % 2]
            benefit = benefit_for(
                world,
                org=org,
                by=by,
                level=["individual", "organizational", "institutional"][n % 3],
                value=str(10 + n),
                currency_code=["KES", "EUR"][n % 2],
                received_on=date(2025, 1, 1) + timedelta(days=n),
            )
            if n % 7 == 6:
                services.benefit_reverse(
                    actor=world.users["coordinator"], benefit=benefit, reason="x"
                )
        with django_assert_max_num_queries(30):
            assert client.get(url).status_code == 200

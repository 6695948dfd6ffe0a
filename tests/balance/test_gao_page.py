"""The GAO page and its API for every role, figures read from real records, the "no
evidence yet" page, and the self-assessment beside the live scores."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.balance.selectors import gao as gao_selectors
from accord.balance.selectors.gao_evidence import gao_evidence
from accord.partnerships import services as partnership_services
from accord.resources import services as resource_services
from accord.results import services as result_services
from accord.surveys import services as survey_services
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.stakeholders.conftest import mapped  # noqa: F401 (a fixture)

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


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


def charter(world, *, sign=("representative", "coordinator")):
    """Version 1 with a common outcome, roles and a data-sharing policy, signed by the
    Foundation (Rita) and County (Cora): 2 of the 3 members."""
    coordinator = world.users["coordinator"]
    draft = partnership_services.charter_draft_save(
        actor=coordinator,
        partnership=world.partnership,
        common_outcome="A living lake.",
        roles_and_responsibilities="County convenes; the Foundation funds.",
        policy_data_sharing="Open data after a year.",
    )
    version = partnership_services.charter_publish(actor=coordinator, version=draft)
    organizations = {"representative": None, "coordinator": world.orgs["county"]}
    for role in sign:
        partnership_services.charter_sign(
            actor=world.users[role], version=version, organization=organizations[role]
        )
    return version


def workplan(world, count=1):
    """``count`` activities led by County; the first has the Foundation responsible and
    County accountable (RACI), so it is joint and covered."""
    coordinator = world.users["coordinator"]
    activities = [
        resource_services.activity_create(
            actor=coordinator,
            partnership=world.partnership,
            title=f"Activity {n}",
            lead_organization=world.orgs["county"],
        )
        for n in range(count)
    ]
    resource_services.responsibility_add(
        actor=coordinator, activity=activities[0], organization=world.orgs["foundation"], raci="R"
    )
    resource_services.responsibility_add(
        actor=coordinator, activity=activities[0], organization=world.orgs["county"], raci="A"
    )
    return activities


# --- figures from the records ---------------------------------------------------------------


def test_evidence_read_from_the_apps(mapped):  # noqa: F811
    charter(mapped)
    workplan(mapped, count=2)
    result_services.commitment_create(
        actor=mapped.users["coordinator"],
        partnership=mapped.partnership,
        organization=mapped.orgs["coop"],
        text="Count the catch",
        due_on=timezone.localdate() + timedelta(days=30),
    )
    evidence = gao_evidence(actor=mapped.users["coordinator"], partnership=mapped.partnership)
    assert (evidence.member_count, evidence.charter_version) == (3, 1)
    assert evidence.charter_signed_by_members == 2
    assert "policy_data_sharing" in evidence.charter_sections
    assert "joint_strategies" not in evidence.charter_sections
    assert (evidence.activities, evidence.activities_joint, evidence.activities_with_raci) == (
        2,
        1,
        1,
    )
    assert (evidence.commitments, evidence.members_with_commitments) == (1, 1)
    assert evidence.commitments_settled == 0  # due in a month: nothing to judge yet
    assert evidence.coordinators == 1
    # The stakeholder map (tests/stakeholders/conftest.py): 3 rated high, 1 a member.
    assert (evidence.stakeholders_relevant, evidence.stakeholders_relevant_members) == (3, 1)

    page = gao_selectors.gao_page(actor=mapped.users["coordinator"], partnership=mapped.partnership)
    rows = {row.code: row for row in page.rows}
    # common outcome 2/3, no indicator: 67; roles written 1, RACI 1/2: 75
    assert rows["gao06-1"].score == 67
    assert rows["gao06-4"].score == 75
    # relevant stakeholders 1/3; sectors on the map public, private, community: 2/3 -> 50
    assert rows["gao23-6"].score == 50
    assert rows["gao06-7"].components[1].component.fraction is None  # kept: no evidence yet
    assert rows["gao06-7"].score == 33  # members with commitments 1/3
    assert rows["gao06-1"].components[0].url == reverse(
        "partnerships:charter_detail", args=[mapped.partnership.slug]
    )
    assert page.wave is None and rows["gao06-1"].self_assessment is None


def test_a_bare_partnership_shows_no_evidence_yet_and_no_score(client, world):
    login(client, world, "coordinator")
    response = client.get(reverse("balance:gao", args=[world.partnership.slug]))
    assert response.status_code == 200
    page = response.context["page"]
    # only the lead has evidence: one coordinator named (1), nobody to share it (0)
    assert [row.score for row in page.rows if row.score is not None] == [50]
    assert page.rows[11].code == "gao23-4"
    html = response.content.decode()
    assert "No evidence yet: no charter is published." in html
    assert "No self-assessment yet" in html


# --- the self-assessment beside the live scores -------------------------------------------


ITEMS = [f"gao06-{n}" for n in range(1, 9)] + [f"gao23-{n}" for n in range(1, 9)]


def answers(**overrides):
    """Every item of the instrument answered 3 unless said otherwise (``gao06_1=5``)."""
    return {code: overrides.get(code.replace("-", "_"), 3) for code in ITEMS}


def self_assessment(world, ratings, comments=None):
    """A gao-practices wave answered by the three members' representatives."""
    coordinator = world.users["coordinator"]
    now = timezone.now()
    wave = survey_services.wave_create(
        actor=coordinator,
        partnership=world.partnership,
        instrument_code="gao-practices",
        title="Self-assessment 2026",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=10),
    )
    for (role, org), values in zip(
        (
            ("coordinator", "county"),
            ("representative", "foundation"),
            ("small_representative", "coop"),
        ),
        ratings,
        strict=True,
    ):
        survey_services.answer_submit(
            actor=world.users[role],
            wave=wave,
            organization=world.orgs[org],
            values=values,
            comments=(comments or {}).get(role),
        )
    return wave


def test_self_assessed_beside_live_with_the_gap(world):
    charter(world)  # common outcome 2/3 -> gao06-1 live 67
    wave = self_assessment(
        world,
        [answers(gao06_1=5), answers(gao06_1=5), answers(gao06_1=5)],
        comments={"representative": {"gao06-1": "We all know the goal."}},
    )
    page = gao_selectors.gao_page(actor=world.users["coordinator"], partnership=world.partnership)
    row = next(r for r in page.rows if r.code == "gao06-1")
    assert page.wave.id == wave.pk and page.wave.respondents == 3 and not page.wave.suppressed
    assert row.self_assessment.mean == 5.0
    assert row.self_assessment.score == 100.0
    assert row.gap == pytest.approx(67 - 100)
    assert row.large_gap
    assert row in page.large_gaps
    assert row.self_assessment.comments == ["We all know the goal."]
    # each sector has one respondent, below the threshold of 3: no sector mean, no spread
    assert all(s.score is None for s in row.self_assessment.by_sector)
    assert row.self_assessment.spread is None


def test_too_few_answers_show_no_self_assessment(world):
    coordinator = world.users["coordinator"]
    now = timezone.now()
    wave = survey_services.wave_create(
        actor=coordinator,
        partnership=world.partnership,
        instrument_code="gao-practices",
        title="Early",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=10),
    )
    survey_services.answer_submit(
        actor=coordinator, wave=wave, organization=world.orgs["county"], values=answers()
    )
    page = gao_selectors.gao_page(actor=coordinator, partnership=world.partnership)
    assert page.wave.suppressed
    assert all(row.self_assessment is None for row in page.rows)


# --- permissions -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_page_is_for_insiders_only(client, world, role):
    charter(world)
    response = login(client, world, role).get(reverse("balance:gao", args=[world.partnership.slug]))
    assert response.status_code == (200 if role in INSIDERS else 404)
    if response.status_code == 404:
        assert "A living lake" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_api_is_for_insiders_only(client, world, role):
    charter(world)
    response = Api(client, world).get(role, f"/partnerships/{world.partnership.slug}/balance/gao")
    assert response.status_code == (200 if role in INSIDERS else 404)
    if role in INSIDERS:
        practices = {p["code"]: p for p in response.json()["practices"]}
        assert len(practices) == 16
        assert practices["gao06-1"]["score"] == 67
        assert practices["gao06-1"]["components"][0]["fraction"] == pytest.approx(2 / 3)
        assert practices["gao06-1"]["components"][1]["fraction"] is None


def test_another_partnerships_coordinator_sees_nothing(client, world):
    """The outsider coordinates the School Partnership: this one answers 404."""
    api = Api(client, world)
    assert (
        api.get("outsider", f"/partnerships/{world.partnership.slug}/balance/gao").status_code
        == 404
    )
    assert (
        api.get("outsider", f"/partnerships/{world.other_partnership.slug}/balance/gao").status_code
        == 200
    )


@pytest.mark.parametrize("wave", ["abc", "٣", "99999999"])
def test_an_unknown_wave_is_a_404(client, world, wave):
    login(client, world, "coordinator")
    response = client.get(reverse("balance:gao", args=[world.partnership.slug]), {"wave": wave})
    assert response.status_code == 404


def test_the_api_refuses_a_wave_of_another_partnership(client, world):
    other = survey_services.wave_create(
        actor=world.users["outsider"],
        partnership=world.other_partnership,
        instrument_code="gao-practices",
        title="Theirs",
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=3),
    )
    response = Api(client, world).get(
        "coordinator", f"/partnerships/{world.partnership.slug}/balance/gao?wave_id={other.pk}"
    )
    assert response.status_code == 404

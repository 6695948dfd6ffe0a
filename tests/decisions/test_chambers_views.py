"""Pages and API for rules where individuals vote, alone or in a chamber of their own."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.decisions import services
from accord.decisions.models import Ballot, DecisionRule
from tests.api.conftest import Api
from tests.conftest import ROLES, make_user
from tests.decisions.conftest import power_computed, proposal_in_voting, rule

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
#: Who votes as themselves in ``world``; representatives also vote for their organization.
INDIVIDUALS = {"coordinator", "representative", "small_representative", "staff", "community"}
REPRESENTATIVES = {
    "coordinator": "County",
    "representative": "Foundation",
    "small_representative": "Fisher Coop",
}


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


def url(world, name, *args):
    return reverse(f"decisions:{name}", args=[world.partnership.slug, *args])


@pytest.fixture
def chambers(world):
    rule(world, "Two chambers", preset="simple_majority", voters="chambers")
    world.proposal = proposal_in_voting(world)
    return world


def api_path(world, suffix=""):
    return f"/partnerships/{world.partnership.slug}/proposals/{world.proposal.pk}{suffix}"


# --- the proposal page ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_proposal_page_shows_each_role_its_chambers(client, chambers, role):
    response = login(client, chambers, role).get(
        url(chambers, "proposal_detail", chambers.proposal.pk)
    )
    assert response.status_code == (200 if role in INSIDERS else 404)
    if role not in INSIDERS:
        return
    html = response.content.decode()
    assert ("As yourself (individuals chamber)" in html) == (role in INDIVIDUALS)
    if role in REPRESENTATIVES:
        assert f"For {REPRESENTATIVES[role]} (organizations chamber)" in html
    else:
        assert "(organizations chamber)</h3>" not in html
    assert "voted in two chambers" in html


@pytest.mark.parametrize("role", ROLES)
def test_vote_as_yourself_from_the_page(client, chambers, role):
    response = login(client, chambers, role).post(
        url(chambers, "proposal_detail", chambers.proposal.pk),
        {"action": "vote", "choice": "no", "chamber": "individuals"},
    )
    ballots = Ballot.objects.filter(proposal=chambers.proposal)
    if role in INDIVIDUALS:
        assert response.status_code == 302
        (ballot,) = ballots
        assert ballot.person == chambers.users[role] and ballot.chamber == "individuals"
    else:
        assert response.status_code == (403 if role in INSIDERS else 404)
        assert not ballots.exists()


def test_a_representative_votes_in_both_chambers_from_the_page(client, chambers):
    c = login(client, chambers, "representative")
    page = url(chambers, "proposal_detail", chambers.proposal.pk)
    foundation = chambers.orgs["foundation"]
    assert (
        c.post(
            page,
            {
                "action": "vote",
                "choice": "yes",
                "chamber": "organizations",
                "organization": foundation.pk,
            },
        ).status_code
        == 302
    )
    assert (
        c.post(page, {"action": "vote", "choice": "abstain", "chamber": "individuals"}).status_code
        == 302
    )
    html = c.get(page).content.decode()
    assert "Foundation: currently “Yes”" in html
    assert "You: currently “Abstain”" in html
    assert Ballot.objects.filter(proposal=chambers.proposal).count() == 2
    # An objection without a reason shows the error in the right form.
    bad = c.post(page, {"action": "vote", "choice": "object", "chamber": "individuals"})
    assert bad.status_code == 400 and b"must state its reason" in bad.content
    assert Ballot.objects.filter(proposal=chambers.proposal).count() == 2


def test_individuals_only_page_has_no_organization_field(client, world):
    rule(world, "People", preset="simple_majority", voters="individuals")
    proposal = proposal_in_voting(world)
    c = login(client, world, "representative")
    page = url(world, "proposal_detail", proposal.pk)
    html = c.get(page).content.decode()
    assert "As yourself (individuals chamber)" in html
    assert 'name="organization"' not in html
    assert c.post(page, {"action": "vote", "choice": "yes"}).status_code == 302
    assert Ballot.objects.get(proposal=proposal).person == world.users["representative"]


def test_decision_section_shows_each_chamber(client, chambers):
    proposal = chambers.proposal
    for role in REPRESENTATIVES:
        services.ballot_cast(
            actor=chambers.users[role], proposal=proposal, choice="yes", chamber="organizations"
        )
    for role in ("staff", "community", "representative"):
        services.ballot_cast(
            actor=chambers.users[role], proposal=proposal, choice="no", chamber="individuals"
        )
    services.proposal_close(actor=None, proposal=proposal, now=proposal.voting_closes_at)
    c = login(client, chambers, "community")
    html = c.get(url(chambers, "proposal_detail", proposal.pk)).content.decode()
    assert "Passed in the organizations chamber, failed in the individuals chamber" in html
    assert "Organizations chamber: accepted" in html
    assert "Individuals chamber: rejected" in html
    assert "Ballots by sector, individuals chamber" in html
    log = c.get(url(chambers, "decision_log")).content.decode()
    assert "individuals chamber: rejected (0 yes, 3 no" in log
    csv_text = c.get(url(chambers, "decision_log_export")).content.decode()
    assert "organizations: accepted (3 yes, 0 no); individuals: rejected (0 yes, 3 no)" in csv_text


def test_secret_individual_ballots_show_only_counts(client, world):
    rule(world, "Secret people", preset="simple_majority", voters="chambers", secrecy="secret")
    proposal = proposal_in_voting(world)
    services.ballot_cast(
        actor=world.users["staff"], proposal=proposal, choice="no", chamber="individuals"
    )
    html = login(client, world, "observer").get(url(world, "proposal_detail", proposal.pk))
    text = html.content.decode()
    assert "0 member organization(s) have voted in the organizations chamber and 1 people" in text
    assert "Stan Staff" not in text


def test_rules_page_creates_a_chambers_rule_and_refuses_weights_for_individuals(client, world):
    c = login(client, world, "coordinator")
    created = c.post(
        url(world, "rule_list"),
        {
            "action": "create",
            "name": "Both",
            "preset": "simple_majority",
            "weights_mode": "equal",
            "secrecy": "open",
            "voters": "chambers",
        },
    )
    assert created.status_code == 302
    assert DecisionRule.objects.get(name="Both").voters == "chambers"
    refused = c.post(
        url(world, "rule_list"),
        {
            "action": "create",
            "name": "People weighted",
            "preset": "simple_majority",
            "weights_mode": "custom",
            "weights": f"{world.orgs['county'].pk} = 2",
            "secrecy": "open",
            "voters": "individuals",
        },
    )
    assert refused.status_code == 200 and b"Individuals each have one vote" in refused.content
    assert not DecisionRule.objects.filter(name="People weighted").exists()
    page = c.get(url(world, "rule_list")).content.decode()
    assert "Both, in separate chambers" in page


def test_power_page_shows_each_chamber(client, world):
    created = rule(world, "Both", preset="simple_majority", voters="chambers")
    power_computed()
    response = login(client, world, "staff").get(
        url(world, "power_analysis") + f"?rules={created.pk}"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Both — organizations chamber" in html and "Both — individuals chamber" in html
    assert "Stan Staff" in html  # a person is a voter in the individuals chamber
    assert "Each chamber is analysed on its own" in html
    assert "Both — both chambers together" in html
    assert html.count("<table") == 1  # one table, the people in their own rows
    assert "People who vote as themselves" in html and "Member organizations" in html


@pytest.mark.parametrize("n", [3, 30])
def test_bounded_queries_with_individual_ballots(client, world, django_assert_max_num_queries, n):
    """Same query limit with 3 and with 30 individual ballots on the page."""
    from accord.partners import services as partner_services

    for i in range(n - 2):
        person = make_user(f"staff{i}@foundation.test", f"Staff {i}")
        partner_services.affiliation_add(
            actor=world.users["representative"],
            organization=world.orgs["foundation"],
            email=person.email,
        )
        world.users[f"staff{i}"] = person
    rule(world, "Both", preset="simple_majority", voters="chambers")
    proposal = proposal_in_voting(world)
    voters = [world.users["staff"], world.users["community"]] + [
        world.users[f"staff{i}"] for i in range(n - 2)
    ]
    for person in voters:
        services.ballot_cast(actor=person, proposal=proposal, choice="yes", chamber="individuals")
    services.ballot_cast(
        actor=world.users["representative"], proposal=proposal, choice="no", chamber="organizations"
    )
    assert Ballot.objects.filter(proposal=proposal, chamber="individuals").count() == n
    c = login(client, world, "representative")
    with django_assert_max_num_queries(25):
        response = c.get(url(world, "proposal_detail", proposal.pk))
    assert response.status_code == 200
    assert response.content.decode().count("<td>Individuals chamber</td>") == n


# --- the API -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_api_cast_in_the_individuals_chamber(client, chambers, role):
    api = Api(client, chambers)
    response = api.post(
        role, api_path(chambers, "/ballots"), {"choice": "yes", "chamber": "individuals"}
    )
    if role not in INSIDERS:
        assert response.status_code == (401 if role == "anonymous" else 404)
    else:
        assert response.status_code == (201 if role in INDIVIDUALS else 403)
    if response.status_code == 201:
        assert response.json()["chamber"] == "individuals"
    assert Ballot.objects.exists() == (role in INDIVIDUALS)


def test_api_chamber_defaults_and_per_chamber_detail(client, chambers):
    api = Api(client, chambers)
    ballots = api_path(chambers, "/ballots")
    # A representative must say which chamber; staff have only one.
    ambiguous = api.post("representative", ballots, {"choice": "yes"})
    assert ambiguous.status_code == 400 and "chamber" in ambiguous.json()["detail"]
    assert api.post("staff", ballots, {"choice": "no"}).json()["chamber"] == "individuals"
    assert (
        api.post(
            "representative", ballots, {"choice": "yes", "chamber": "organizations"}
        ).status_code
        == 201
    )
    assert (
        api.post("representative", ballots, {"choice": "yes", "chamber": "senate"}).status_code
        == 422
    )
    detail = api.get("observer", api_path(chambers)).json()
    assert detail["voters"] == "chambers"
    by_chamber = {c["chamber"]: c for c in detail["chambers"]}
    assert by_chamber["organizations"]["voted"] == ["Foundation"]
    assert by_chamber["individuals"]["voted"] == ["Stan Staff"]
    (person_ballot,) = by_chamber["individuals"]["ballots"]
    assert person_ballot["person"] == "Stan Staff" and person_ballot["organization"] is None
    assert person_ballot["choice"] == "no"
    (org_ballot,) = by_chamber["organizations"]["ballots"]
    assert org_ballot["organization"] == "Foundation" and org_ballot["person_id"] is None


def test_api_rule_create_with_voters_and_power(client, world):
    api = Api(client, world)
    rules = f"/partnerships/{world.partnership.slug}/decision-rules"
    created = api.post(
        "coordinator",
        rules,
        {"name": "People", "preset": "simple_majority", "voters": "individuals"},
    )
    assert created.status_code == 201 and created.json()["voters"] == "individuals"
    refused = api.post(
        "coordinator",
        rules,
        {"name": "Ranked chambers", "preset": "ranked_schulze", "voters": "chambers"},
    )
    assert refused.status_code == 400 and "not in chambers" in refused.json()["detail"]
    power_computed()
    power = api.get("community", f"{rules}/power?rules={created.json()['id']}").json()
    (analysis,) = power
    assert analysis["chamber"] == "individuals"
    assert len(analysis["members"]) == len(INDIVIDUALS)
    assert all(m["organization_id"] is None and m["person_id"] for m in analysis["members"])
    sectors = {s["sector"]: s["members"] for s in analysis["sectors"]}
    assert sectors == {"public": 1, "philanthropic": 2, "community": 2}
    assert abs(sum(m["banzhaf"] for m in analysis["members"]) - 1) < 1e-9


def test_an_individual_ranks_alternatives_from_the_page(client, world):
    from tests.decisions.test_alternatives import choice_proposal, ids

    proposal = choice_proposal(
        world, "ranked_schulze", names=["Boats", "Nets"], voters="individuals"
    )
    alt = ids(proposal)
    c = login(client, world, "staff")
    page = url(world, "proposal_detail", proposal.pk)
    html = c.get(page).content.decode()
    assert "As yourself (individuals chamber)" in html and 'name="organization"' not in html
    response = c.post(
        page,
        {
            "action": "vote",
            "chamber": "individuals",
            f"alternative_{alt['Nets']}": "1",
            f"alternative_{alt['Boats']}": "2",
        },
    )
    assert response.status_code == 302
    ballot = Ballot.objects.get(proposal=proposal)
    assert ballot.person == world.users["staff"]
    assert ballot.preferences == {"ranking": [[alt["Nets"]], [alt["Boats"]]]}
    assert "You: currently “1. Nets, 2. Boats”" in c.get(page).content.decode()
    assert "Stan Staff" in login(client, world, "observer").get(page).content.decode()

"""Pages and API for proposals with alternatives, for every role; PrefLib downloads; bounded
queries on the proposal page."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.decisions import services
from accord.decisions.models import Alternative, Ballot, Proposal
from accord.decisions.tasks import proposal_close_when_due
from accord.engine.io.preflib import parse_preflib
from accord.engine.voting import instant_runoff, schulze
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.decisions.conftest import add_member, power_computed, rule
from tests.decisions.test_alternatives import NAMES, choice_proposal, close_now, ids, voters

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
VOTERS = {"coordinator", "representative", "small_representative"}
EDITORS = {"coordinator"}  # the proposals here are drafted by the coordinator


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


def url(world, name, *args):
    return reverse(f"decisions:{name}", args=[world.partnership.slug, *args])


def draft(world):
    rule(world, "Schulze", preset="ranked_schulze")
    proposal = services.proposal_create(
        actor=world.users["coordinator"], partnership=world.partnership, title="Where the fund goes"
    )
    services.alternatives_set(
        actor=world.users["coordinator"], proposal=proposal, names=["Harbour wall", "Hatchery"]
    )
    return proposal


def rank_post(proposal, order):
    """The page's POST for a ranking: ``order`` maps names to rank numbers."""
    a = ids(proposal)
    return {"action": "vote", **{f"alternative_{a[name]}": str(r) for name, r in order.items()}}


# --- the proposal page ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_proposal_page_shows_the_ballot_form_to_voters_only(client, world, role):
    proposal = choice_proposal(world, "ranked_schulze")
    response = login(client, world, role).get(url(world, "proposal_detail", proposal.pk))
    assert response.status_code == (200 if role in INSIDERS else 404)
    if role in INSIDERS:
        assert b"Harbour wall" in response.content
        assert (b"Rank of \xe2\x80\x9cHatchery\xe2\x80\x9d" in response.content) == (role in VOTERS)
    else:
        assert b"Harbour wall" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_cast_a_ranking_from_the_page(client, world, role):
    proposal = choice_proposal(world, "ranked_schulze")
    page = url(world, "proposal_detail", proposal.pk)
    response = login(client, world, role).post(
        page, rank_post(proposal, {"Hatchery": 1, "Mangroves": 1, "Harbour wall": 2})
    )
    ballots = Ballot.objects.filter(proposal=proposal)
    if role in VOTERS:
        assert response.status_code == 302 and ballots.count() == 1
        a = ids(proposal)
        assert ballots.get().preferences == {
            "ranking": [[a["Hatchery"], a["Mangroves"]], [a["Harbour wall"]]]
        }
        shown = client.get(page).content.decode()
        assert "1. Hatchery = Mangroves, 2. Harbour wall" in shown
    else:
        assert response.status_code == (403 if role in INSIDERS else 404)
        assert not ballots.exists()


@pytest.mark.parametrize(
    ("preset", "order", "message"),
    [
        ("ranked_instant_runoff", {"Hatchery": 1, "Mangroves": 1}, b"cannot share a rank"),
        ("ranked_schulze", {}, b"Rank at least one alternative"),
    ],
)
def test_bad_ranking_from_the_page_shows_the_error(client, world, preset, order, message):
    proposal = choice_proposal(world, preset)
    response = login(client, world, "representative").post(
        url(world, "proposal_detail", proposal.pk), rank_post(proposal, order)
    )
    assert response.status_code == 400 and message in response.content
    assert not Ballot.objects.exists()


def test_approval_checkboxes_and_score_selects(client, world):
    proposal = choice_proposal(world, "approval_vote")
    a = ids(proposal)
    c = login(client, world, "representative")
    page = url(world, "proposal_detail", proposal.pk)
    assert b'type="checkbox" name="approvals"' in c.get(page).content
    response = c.post(page, {"action": "vote", "approvals": [a["Hatchery"], a["Mangroves"]]})
    assert response.status_code == 302
    assert Ballot.objects.get(proposal=proposal).preferences == {
        "approved": [a["Hatchery"], a["Mangroves"]]
    }
    world.partnership.decision_rules.filter(name="approval_vote").update(name="old")

    scored = choice_proposal(world, "score_vote_0_5")
    s = ids(scored)
    page = url(world, "proposal_detail", scored.pk)
    assert b"Score of \xe2\x80\x9cHatchery\xe2\x80\x9d" in c.get(page).content
    partial = c.post(page, {"action": "vote", f"alternative_{s['Hatchery']}": "5"})
    assert partial.status_code == 400 and b"Give every alternative a score" in partial.content
    full = {f"alternative_{i}": str(n) for n, i in enumerate(s.values())}
    assert c.post(page, {"action": "vote", **full}).status_code == 302
    assert Ballot.objects.get(proposal=scored).preferences["scores"] == {
        str(i): n for n, i in enumerate(s.values())
    }


@pytest.mark.parametrize("role", ROLES)
def test_add_and_remove_alternatives_from_the_page(client, world, role):
    proposal = draft(world)
    page = url(world, "proposal_detail", proposal.pk)
    c = login(client, world, role)
    added = c.post(page, {"action": "alternative_add", "name": "Mangroves"})
    names = lambda: list(  # noqa: E731
        Alternative.objects.filter(proposal=proposal).values_list("name", flat=True)
    )
    if role in EDITORS:
        assert added.status_code == 302
        assert names() == ["Harbour wall", "Hatchery", "Mangroves"]
        first = Alternative.objects.get(proposal=proposal, position=1)
        removed = c.post(page, {"action": "alternative_remove", "alternative": first.pk})
        assert removed.status_code == 302 and names() == ["Hatchery", "Mangroves"]
        last = Alternative.objects.get(proposal=proposal, name="Mangroves")
        moved = c.post(page, {"action": "alternative_up", "alternative": last.pk})
        assert moved.status_code == 302 and names() == ["Mangroves", "Hatchery"]
        duplicate = c.post(page, {"action": "alternative_add", "name": "hatchery"})
        assert duplicate.status_code == 400 and b"listed twice" in duplicate.content
        assert names() == ["Mangroves", "Hatchery"]
    else:
        assert added.status_code == (403 if role in INSIDERS else 404)
        assert names() == ["Harbour wall", "Hatchery"]


def test_the_author_edits_alternatives_from_the_page(client, world):
    rule(world, "Approval", preset="approval_vote")
    proposal = services.proposal_create(
        actor=world.users["representative"], partnership=world.partnership, title="Mine"
    )
    c = login(client, world, "representative")
    page = url(world, "proposal_detail", proposal.pk)
    assert b"Add alternative" in c.get(page).content
    assert c.post(page, {"action": "alternative_add", "name": "One"}).status_code == 302
    assert b"Add alternative" not in login(client, world, "small_representative").get(page).content


def test_result_on_the_page_in_the_log_and_the_export(client, nine):
    from tests.decisions.test_alternatives import RANKED, _cast_nine

    proposal = choice_proposal(nine, "ranked_instant_runoff", names=["A", "B", "C"])
    _cast_nine(nine, proposal, RANKED, "ranking")
    decision = close_now(nine, proposal)
    c = login(client, nine, "observer")
    page = c.get(url(nine, "proposal_detail", proposal.pk)).content.decode()
    assert "Chosen: <strong>B</strong>" in page
    assert "Instant-runoff rounds" in page and "<td>5</td>" in page
    export_link = url(nine, "proposal_ballots_export", proposal.pk)
    assert export_link in page
    log = c.get(url(nine, "decision_log")).content.decode()
    assert "chosen: <strong>B</strong>" in log and export_link in log
    rows = list(
        csv.DictReader(io.StringIO(c.get(url(nine, "decision_log_export")).content.decode()))
    )
    assert rows[0]["chosen"] == "B" and rows[0]["outcome"] == "accepted"
    download = c.get(export_link)
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith(f'proposal-{proposal.pk}.soi"')
    file = parse_preflib(download.content.decode())
    assert instant_runoff(file.profile).winner == decision.counts["winner"]["position"]


def test_schulze_margins_table_on_the_page(client, world):
    proposal = choice_proposal(world, "ranked_schulze", names=["A", "B"])
    a = ids(proposal)
    for org, rep in voters(world).values():
        services.ballot_cast(actor=rep, proposal=proposal, organization=org, ranking=[a["B"]])
    services.proposal_close(actor=world.users["coordinator"], proposal=proposal)
    page = login(client, world, "staff").get(url(world, "proposal_detail", proposal.pk))
    assert b"Pairwise margins" in page.content and b"Chosen: <strong>B</strong>" in page.content


# --- the PrefLib download ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_export_of_a_closed_proposal_for_every_role(client, world, role):
    proposal = choice_proposal(world, "approval_vote")
    a = ids(proposal)
    services.ballot_cast(
        actor=world.users["representative"], proposal=proposal, approvals=[a["Hatchery"]]
    )
    close_now(world, proposal)
    response = login(client, world, role).get(url(world, "proposal_ballots_export", proposal.pk))
    assert response.status_code == (200 if role in INSIDERS else 404)
    if role in INSIDERS:
        assert parse_preflib(response.content.decode()).profile.n_voters == 1


@pytest.mark.parametrize("role", ROLES)
def test_export_while_voting_is_for_coordinators(client, world, role):
    proposal = choice_proposal(world, "approval_vote")
    response = login(client, world, role).get(url(world, "proposal_ballots_export", proposal.pk))
    if role not in INSIDERS:
        assert response.status_code == 404
    else:
        assert response.status_code == (200 if role in EDITORS else 403)


def test_export_of_a_yes_no_proposal(client, voting):
    services.ballot_cast(
        actor=voting.users["representative"], proposal=voting.proposal, choice="no"
    )
    response = login(client, voting, "coordinator").get(
        url(voting, "proposal_ballots_export", voting.proposal.pk)
    )
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.cat"')
    file = parse_preflib(response.content.decode())
    assert file.profile.category_names == ("Yes", "No", "Abstain", "Object")
    assert file.profile.categories.tolist() == [[1]]


# --- rules and power -----------------------------------------------------------------------------


def test_create_and_assign_a_ranked_rule_from_the_rules_page(client, world):
    c = login(client, world, "coordinator")
    page = url(world, "rule_list")
    listing = c.get(page).content.decode()
    assert "Ranked choice (instant runoff)" in listing and "Score vote (0–5)" in listing
    created = c.post(
        page,
        {
            "action": "create",
            "name": "Pick by IRV",
            "preset": "ranked_instant_runoff",
            "weights_mode": "equal",
            "secrecy": "anonymous",
        },
    )
    assert created.status_code == 302
    made = world.partnership.decision_rules.get(name="Pick by IRV")
    assert made.spec["method"]["rule"] == "instant_runoff"
    assigned = c.post(page, {"action": "assign", "kind": "allocation", "rule": made.pk})
    assert assigned.status_code == 302
    assert b"Pick by IRV" in c.get(page).content


def test_power_page_skips_choice_rules(client, world):
    ranked = rule(world, "Schulze", preset="ranked_schulze")
    motion = services.rule_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        name="Majority",
        preset="simple_majority",
    )
    power_computed()
    response = login(client, world, "observer").get(
        url(world, "power_analysis") + f"?rules={ranked.pk}&rules={motion.pk}"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Power indices are computed for yes/no rules. “Schulze” chooses" in body
    assert body.count("<table") == 1 and body.count('scope="colgroup"') == 1  # the motion only
    default = login(client, world, "observer").get(url(world, "power_analysis"))
    assert default.status_code == 200 and "“Schulze” chooses" in default.content.decode()


# --- API -----------------------------------------------------------------------------------------


def api_path(world, proposal, suffix=""):
    return f"/partnerships/{world.partnership.slug}/proposals/{proposal.pk}{suffix}"


def expected(role, allowed, ok=200):
    if role not in INSIDERS:
        return 401 if role == "anonymous" else 404
    return ok if role in allowed else 403


@pytest.mark.parametrize("role", ROLES)
def test_api_reads_alternatives(client, world, role):
    proposal = choice_proposal(world, "ranked_schulze")
    api = Api(client, world)
    detail = api.get(role, api_path(world, proposal))
    listing = api.get(role, f"/partnerships/{world.partnership.slug}/proposals")
    assert detail.status_code == listing.status_code == (200 if role in INSIDERS else 404)
    if role in INSIDERS:
        assert [a["name"] for a in detail.json()["alternatives"]] == NAMES
        assert [a["name"] for a in listing.json()[0]["alternatives"]] == NAMES


@pytest.mark.parametrize("role", ROLES)
def test_api_sets_alternatives(client, world, role):
    proposal = draft(world)
    response = Api(client, world).send(
        "put", role, api_path(world, proposal, "/alternatives"), {"alternatives": ["X", "Y", "Z"]}
    )
    assert response.status_code == expected(role, EDITORS)
    names = list(Alternative.objects.filter(proposal=proposal).values_list("name", flat=True))
    assert names == (["X", "Y", "Z"] if role in EDITORS else ["Harbour wall", "Hatchery"])
    if role in EDITORS:
        assert [a["position"] for a in response.json()] == [1, 2, 3]


def test_api_alternatives_frozen_once_voting(client, world):
    proposal = choice_proposal(world, "ranked_schulze")
    response = Api(client, world).send(
        "put", "coordinator", api_path(world, proposal, "/alternatives"), {"alternatives": ["X"]}
    )
    assert response.status_code == 409


@pytest.mark.parametrize("role", ROLES)
def test_api_casts_a_ranking(client, world, role):
    proposal = choice_proposal(world, "ranked_schulze")
    a = ids(proposal)
    response = Api(client, world).post(
        role,
        api_path(world, proposal, "/ballots"),
        {"ranking": [a["Mangroves"], [a["Hatchery"], a["Harbour wall"]]]},
    )
    assert response.status_code == expected(role, VOTERS, 201)
    assert Ballot.objects.exists() == (role in VOTERS)
    if role in VOTERS:
        assert response.json()["preferences"]["ranking"][0] == [a["Mangroves"]]


@pytest.mark.parametrize(
    ("preset", "body", "status"),
    [
        ("ranked_schulze", {"ranking": [999999]}, 400),
        ("ranked_schulze", {"ranking": "first"}, 422),
        ("ranked_schulze", {}, 400),
        ("ranked_schulze", {"choice": "yes"}, 400),
        ("ranked_instant_runoff", {"ranking": [["{H}", "{M}"]]}, 400),
        ("approval_vote", {"approvals": []}, 400),
        ("score_vote_0_5", {"scores": {"{H}": 9, "{M}": 0, "{W}": 0}}, 400),
        ("score_vote_0_5", {"scores": {"{H}": "lots"}}, 422),
    ],
)
def test_api_bad_ballots(client, world, preset, body, status):
    proposal = choice_proposal(world, preset)
    a = ids(proposal)
    values = {"{H}": a["Hatchery"], "{M}": a["Mangroves"], "{W}": a["Harbour wall"]}

    def fill(value):
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, dict):
            return {str(values.get(k, k)): fill(v) for k, v in value.items()}
        return values.get(value, value)

    response = Api(client, world).post(
        "representative", api_path(world, proposal, "/ballots"), fill(body)
    )
    assert response.status_code == status and response.json()["detail"]
    assert not Ballot.objects.exists()


def test_api_ballot_after_close_is_a_conflict_and_the_decision_names_the_winner(client, world):
    proposal = choice_proposal(world, "approval_vote")
    a = ids(proposal)
    api = Api(client, world)
    cast = api.post(
        "representative", api_path(world, proposal, "/ballots"), {"approvals": [a["Mangroves"]]}
    )
    assert cast.status_code == 201
    close_now(world, proposal)
    late = api.post(
        "coordinator", api_path(world, proposal, "/ballots"), {"approvals": [a["Hatchery"]]}
    )
    assert late.status_code == 409 and Ballot.objects.count() == 1
    detail = api.get("observer", api_path(world, proposal)).json()
    assert detail["decision"]["winner"]["name"] == "Mangroves"
    log = api.get("observer", f"/partnerships/{world.partnership.slug}/decisions").json()
    assert log[0]["winner"] == {"id": a["Mangroves"], "position": 3, "name": "Mangroves"}
    log_csv = login(client, world, "observer").get(url(world, "decision_log_export"))
    assert log_csv.status_code == 200 and "Mangroves" in log_csv.content.decode()
    preflib = api.get("observer", api_path(world, proposal, "/preflib"))
    assert preflib.status_code == 200
    assert parse_preflib(preflib.content.decode()).profile.to_approval().n_voters == 1


def test_api_yes_no_decisions_have_no_winner(client, voting):
    services.ballot_cast(
        actor=voting.users["representative"], proposal=voting.proposal, choice="yes"
    )
    Proposal.objects.filter(pk=voting.proposal.pk).update(voting_closes_at=timezone.now())
    proposal_close_when_due.call(voting.proposal.pk)
    detail = Api(client, voting).get("observer", api_path(voting, voting.proposal)).json()
    assert detail["decision"]["outcome"] == "accepted" and detail["decision"]["winner"] is None


@pytest.mark.parametrize("role", ROLES)
def test_api_preflib_while_voting(client, world, role):
    proposal = choice_proposal(world, "ranked_schulze")
    response = Api(client, world).get(role, api_path(world, proposal, "/preflib"))
    if role not in INSIDERS:
        assert response.status_code == 404
    else:
        assert response.status_code == (200 if role in EDITORS else 403)


def test_recheck_a_secret_schulze_result_from_the_download(client, nine):
    """Anyone who may read the proposal re-counts it from the file, without voter identities."""
    from tests.decisions.test_alternatives import RANKED, _cast_nine

    proposal = choice_proposal(nine, "ranked_schulze", names=["A", "B", "C"], secrecy="secret")
    _cast_nine(nine, proposal, RANKED, "ranking")
    decision = close_now(nine, proposal)
    text = (
        login(client, nine, "community")
        .get(url(nine, "proposal_ballots_export", proposal.pk))
        .content.decode()
    )
    assert all(org.name not in text for org in nine.voters)
    assert schulze(parse_preflib(text).profile).winner == decision.counts["winner"]["position"]


# --- bounded queries -----------------------------------------------------------------------------


@pytest.mark.parametrize("n", [3, 30])
def test_bounded_queries_on_a_choice_proposal_page(client, world, django_assert_max_num_queries, n):
    """Same query limit with 3 and with 30 ranked ballots, while voting and once decided."""
    from accord.partners.models import Affiliation
    from accord.partnerships.selectors import member_organizations

    for i in range(n - 3):
        add_member(world, f"Member {i}", ["public", "community", "private"][i % 3])
    proposal = choice_proposal(world, "ranked_schulze")
    a = ids(proposal)
    orders = [
        [a["Hatchery"], a["Mangroves"]],
        [[a["Harbour wall"], a["Hatchery"]]],
        [a["Mangroves"]],
    ]
    for k, org in enumerate(member_organizations(partnership=world.partnership)):
        rep = Affiliation.objects.filter(organization=org, is_representative=True).first().user
        services.ballot_cast(actor=rep, proposal=proposal, organization=org, ranking=orders[k % 3])
    c = login(client, world, "representative")
    page = url(world, "proposal_detail", proposal.pk)
    with django_assert_max_num_queries(25):
        response = c.get(page)
    assert response.status_code == 200 and response.content.count(b"<tr><td>") >= n
    Proposal.objects.filter(pk=proposal.pk).update(voting_closes_at=timezone.now())
    services.proposal_close_if_due(proposal=Proposal.objects.get(pk=proposal.pk))
    with django_assert_max_num_queries(25):
        response = c.get(page)
    assert b"Chosen:" in response.content
    with django_assert_max_num_queries(15):
        assert c.get(url(world, "decision_log")).status_code == 200


def test_api_power_analysis_of_a_choice_rule_is_skipped_with_a_note(client, world):
    ranked = rule(world, "Schulze", preset="ranked_schulze")
    response = Api(client, world).get(
        "observer", f"/partnerships/{world.partnership.slug}/decision-rules/power?rules={ranked.pk}"
    )
    assert response.status_code == 200
    (analysis,) = response.json()
    assert analysis["method"] == "skipped" and analysis["members"] == []
    assert analysis["notes"][0].startswith("Power indices are computed for yes/no rules")
    rules = Api(client, world).get(
        "observer", f"/partnerships/{world.partnership.slug}/decision-rules"
    )
    assert rules.json()[0]["spec"]["method"]["rule"] == "schulze"


def test_anonymous_choice_shows_who_voted_not_how(client, world):
    proposal = choice_proposal(world, "approval_vote", secrecy="anonymous")
    a = ids(proposal)
    services.ballot_cast(
        actor=world.users["representative"], proposal=proposal, approvals=[a["Mangroves"]]
    )
    page = login(client, world, "staff").get(url(world, "proposal_detail", proposal.pk))
    body = page.content.decode()
    assert "Ballots are anonymous. Voted: Foundation." in body
    assert "approves Mangroves" not in body
    detail = Api(client, world).get("staff", api_path(world, proposal)).json()
    assert detail["ballots"] == [] and detail["voted"] == ["Foundation"]

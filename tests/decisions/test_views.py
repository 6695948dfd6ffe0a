"""Every decisions page for every role; the proposal page's actions; bounded queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.decisions import services
from accord.decisions.models import Ballot, Comment, Proposal
from accord.decisions.tasks import proposal_close_when_due
from tests.conftest import ROLES
from tests.decisions.conftest import add_member, power_computed, proposal_in_voting, rule

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


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


def url(world, name, *args):
    return reverse(f"decisions:{name}", args=[world.partnership.slug, *args])


@pytest.fixture
def decided(voting):
    """``voting`` with a comment, one ballot and a second, decided proposal."""
    services.comment_add(
        actor=voting.users["community"],
        proposal=voting.proposal,
        body="Secret-ish remark",
        stance="concern",
    )
    services.ballot_cast(
        actor=voting.users["representative"], proposal=voting.proposal, choice="yes"
    )
    other = proposal_in_voting(voting, title="Already decided")
    for role in VOTERS:
        services.ballot_cast(actor=voting.users[role], proposal=other, choice="yes")
    services.proposal_close(
        actor=voting.users["coordinator"], proposal=other, rationale="All agreed."
    )
    voting.decided = other
    return voting


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name",
    [
        "proposal_list",
        "proposal_detail",
        "rule_list",
        "power_analysis",
        "decision_log",
        "decision_log_export",
    ],
)
def test_pages_for_every_role(client, decided, role, name):
    args = [decided.proposal.pk] if name == "proposal_detail" else []
    response = login(client, decided, role).get(url(decided, name, *args))
    assert response.status_code == (200 if role in INSIDERS else 404)
    if role not in INSIDERS:
        assert b"Secret-ish" not in response.content and b"Already decided" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_public_partnership_keeps_decisions_to_insiders(client, public_world, role):
    response = login(client, public_world, role).get(url(public_world, "proposal_list"))
    assert response.status_code == (200 if role in INSIDERS else 403)


def test_tab_in_header_for_insiders_only(client, public_world):
    tab = url(public_world, "proposal_list").encode()
    page = reverse("web:partnership_home", args=[public_world.partnership.slug])
    # the public sees a Decisions tab too, to the decision log (issue 16, item 5), not this one
    assert b'href="' + tab + b'"' not in client.get(page).content
    assert b'href="' + tab + b'"' in login(client, public_world, "observer").get(page).content


@pytest.mark.parametrize("role", ROLES)
def test_vote_from_the_page(client, voting, role):
    response = login(client, voting, role).post(
        url(voting, "proposal_detail", voting.proposal.pk), {"action": "vote", "choice": "no"}
    )
    ballots = Ballot.objects.filter(proposal=voting.proposal)
    if role in VOTERS:
        assert response.status_code == 302 and ballots.count() == 1
    else:
        assert response.status_code in ({403} if role in INSIDERS else {404})
        assert not ballots.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"choice": "object"}, b"must state its reason"),
        ({"choice": "perhaps"}, b"Select a valid choice"),
    ],
)
def test_bad_ballot_shows_the_error_and_changes_nothing(client, voting, data, message):
    response = login(client, voting, "representative").post(
        url(voting, "proposal_detail", voting.proposal.pk), {"action": "vote", **data}
    )
    assert response.status_code == 400 and message in response.content
    assert not Ballot.objects.exists()


def test_ballot_after_the_deadline_is_refused(client, voting):
    Proposal.objects.filter(pk=voting.proposal.pk).update(voting_closes_at=timezone.now())
    response = login(client, voting, "representative").post(
        url(voting, "proposal_detail", voting.proposal.pk), {"action": "vote", "choice": "yes"}
    )
    assert response.status_code == 400 and b"Voting on this proposal has closed" in response.content
    assert not Ballot.objects.exists()
    assert Proposal.objects.get(pk=voting.proposal.pk).status == "voting"  # the task closes it


@pytest.mark.parametrize("role", ROLES)
def test_comment_from_the_page(client, voting, role):
    response = login(client, voting, role).post(
        url(voting, "proposal_detail", voting.proposal.pk),
        {"action": "comment", "stance": "support", "body": "Yes please"},
    )
    allowed = {
        "coordinator",
        "representative",
        "small_representative",
        "staff",
        "community",
    }
    assert (response.status_code == 302) == (role in allowed)
    assert Comment.objects.exists() == (role in allowed)


def test_reply_threads_under_parent(client, voting):
    first = services.comment_add(
        actor=voting.users["staff"], proposal=voting.proposal, body="Why?", stance="question"
    )
    login(client, voting, "coordinator").post(
        url(voting, "proposal_detail", voting.proposal.pk),
        {"action": "comment", "stance": "support", "body": "Because.", "parent": str(first.pk)},
    )
    assert Comment.objects.get(body="Because.").parent == first


@pytest.mark.parametrize("role", ROLES)
def test_create_proposal_from_the_page(client, world, role):
    response = login(client, world, role).post(
        url(world, "proposal_list"),
        {"title": "Plant mangroves", "kind": "general", "affected_groups": ["community"]},
    )
    allowed = {"coordinator", "representative", "small_representative"}
    assert Proposal.objects.exists() == (role in allowed)
    if role in allowed:
        assert Proposal.objects.get().affected_groups == ["community"]
        assert response.status_code == 302


def test_coordinator_journey(client, nine):
    """Draft, deliberate, open voting, everyone votes, close early: the page explains the sector."""
    rule(nine, "Concurrent", preset="concurrent_majority_by_sector")
    c = login(client, nine, "coordinator")
    c.post(url(nine, "proposal_list"), {"title": "Dredge the bay", "kind": "general"})
    proposal = Proposal.objects.get()
    page = url(nine, "proposal_detail", proposal.pk)
    assert c.post(page, {"action": "advance"}).status_code == 302
    closes = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    assert c.post(page, {"action": "advance", "closes_at": closes}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "voting"
    for org, rep in nine.voters.items():
        services.ballot_cast(
            actor=rep,
            proposal=proposal,
            organization=org,
            choice="no" if org.sector == "community" else "yes",
        )
    # Closing decides for good: without the tick the page answers 400, the error beside the box.
    unticked = c.post(page, {"action": "close", "rationale": "Community said no."})
    assert unticked.status_code == 400
    assert "Tick the box to confirm closing the vote." in unticked.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "voting"
    closed = c.post(page, {"action": "close", "rationale": "Community said no.", "confirm": "on"})
    assert closed.status_code == 302
    response = c.get(page)
    assert b"not in group &#x27;community&#x27;" in response.content
    assert b"Community said no." in response.content
    log = c.get(url(nine, "decision_log_export")).content.decode()
    assert "Dredge the bay" in log and "rejected" in log and "Concurrent" in log


def test_rules_page_create_assign_and_compare(client, world):
    c = login(client, world, "coordinator")
    assert (
        c.post(
            url(world, "rule_list"),
            {
                "action": "create",
                "name": "Consensus",
                "preset": "consensus",
                "weights_mode": "equal",
                "secrecy": "open",
            },
        ).status_code
        == 302
    )
    # custom weights per member, by name (issue 14, item 8): one field per member
    weights = {
        f"weight_{world.orgs['foundation'].pk}": "60",
        f"weight_{world.orgs['county'].pk}": "25",
        f"weight_{world.orgs['coop'].pk}": "15",
    }
    assert (
        c.post(
            url(world, "rule_list"),
            {
                "action": "create",
                "name": "Funded",
                "preset": "",
                "spec": '{"method": {"rule": "weighted_majority"}}',
                "weights_mode": "custom",
                **weights,
                "secrecy": "secret",
            },
        ).status_code
        == 302
    )
    bad = c.post(
        url(world, "rule_list"),
        {
            "action": "create",
            "name": "Bad",
            "preset": "",
            "spec": "{",
            "weights_mode": "equal",
            "secrecy": "open",
        },
    )
    assert bad.status_code == 200 and b"Not valid JSON" in bad.content
    rules = {r.name: r for r in world.partnership.decision_rules.all()}
    assert (
        c.post(
            url(world, "rule_list"),
            {"action": "assign", "kind": "general", "rule": rules["Consensus"].pk},
        ).status_code
        == 302
    )
    power_computed()  # the task worker's part
    response = c.get(
        url(world, "power_analysis") + f"?rules={rules['Consensus'].pk}&rules={rules['Funded'].pk}"
    )
    assert response.status_code == 200
    assert b"Under this rule every member alone can block any decision." in response.content
    assert b"Under this rule Foundation alone decides every question." in response.content
    forbidden = login(client, world, "representative").post(
        url(world, "rule_list"), {"action": "create", "name": "X", "preset": "consensus"}
    )
    assert forbidden.status_code == 403


@pytest.mark.parametrize("n", [3, 30])
def test_bounded_queries_on_proposal_page_and_log(client, world, django_assert_max_num_queries, n):
    """Same query limit with 3 and with 30 members, ballots, comments and decisions."""
    for i in range(n - 3):
        add_member(world, f"Member {i}", ["public", "community", "private"][i % 3])
    rule(world, "Open", preset="concurrent_majority_by_sector")
    proposal = proposal_in_voting(world)
    from accord.partners.models import Affiliation
    from accord.partnerships.selectors import member_organizations

    for org in member_organizations(partnership=world.partnership):
        rep = Affiliation.objects.filter(organization=org, is_representative=True).first().user
        services.ballot_cast(actor=rep, proposal=proposal, organization=org, choice="yes")
        services.comment_add(actor=rep, proposal=proposal, body=f"From {org}", stance="support")
    for i in range(n):
        p = proposal_in_voting(world, title=f"Decided {i}")
        services.ballot_cast(actor=world.users["representative"], proposal=p, choice="yes")
        Proposal.objects.filter(pk=p.pk).update(voting_closes_at=timezone.now())
        p.refresh_from_db()
        services.proposal_close_if_due(proposal=p)
    c = login(client, world, "representative")
    with django_assert_max_num_queries(25):
        assert c.get(url(world, "proposal_detail", proposal.pk)).status_code == 200
    with django_assert_max_num_queries(15):
        response = c.get(url(world, "decision_log"))
    assert response.content.count(b"Decided ") >= n
    with django_assert_max_num_queries(15):
        assert c.get(url(world, "proposal_list")).status_code == 200


def test_rationale_from_the_page_after_a_deadline_close(client, voting):
    Proposal.objects.filter(pk=voting.proposal.pk).update(voting_closes_at=timezone.now())
    proposal_close_when_due.call(voting.proposal.pk)
    c = login(client, voting, "coordinator")
    page = url(voting, "proposal_detail", voting.proposal.pk)
    assert b"Record the rationale" in c.get(page).content
    assert c.post(page, {"action": "rationale", "rationale": "Too few votes."}).status_code == 302
    response = c.get(page)
    assert b"Too few votes." in response.content and b"Record the rationale" not in response.content

"""Every participation page and action for every role, bad input in the browser, the
public's email confirmation, hidden issues, and bounded queries (docs/participation.md
has the table this mirrors)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from accord.participation import services
from accord.participation.models import (
    BudgetBallot,
    BudgetProject,
    IssueSupport,
    Phase,
    RoundParticipant,
)
from tests.conftest import ROLES, build_world, make_user
from tests.participation.conftest import (
    advance_to,
    budget_round,
    issues_round,
    opinions_round,
)

INSIDERS = {
    "admin",
    "coordinator",
    "representative",
    "small_representative",
    "staff",
    "community",
    "observer",
    "invitee",
}
#: The audience "members' staff and community participants".
TAKE_PART = {"coordinator", "representative", "small_representative", "staff", "community"}


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


def url(name, world, round_=None, *extra):
    args = [world.partnership.slug] + ([round_.pk] if round_ is not None else []) + list(extra)
    return reverse(f"participation:{name}", args=args)


@pytest.fixture
def rounds(pool):
    world = pool
    world.issues = advance_to(world, issues_round(world), Phase.COLLECT)
    world.issue = services.issue_submit(
        actor=world.users["community"], round_=world.issues, title="Farm runoff", text="Green."
    )
    advance_to(world, world.issues, Phase.VOTE)
    world.budget = advance_to(world, budget_round(world), Phase.COLLECT)
    world.project = services.project_propose(
        actor=world.users["coordinator"],
        round_=world.budget,
        title="Boat",
        cost="1000",
        owner=world.orgs["coop"],
    )
    services.project_review(actor=world.users["coordinator"], project=world.project, feasible=True)
    advance_to(world, world.budget, Phase.VOTE)
    world.opinions = advance_to(world, opinions_round(world), Phase.COLLECT)
    world.statement = services.statement_add(
        actor=world.users["community"], round_=world.opinions, text="Close the bay in May."
    )
    world.draft = issues_round(world)
    return world


@pytest.mark.parametrize("role", ROLES)
def test_read_pages_by_role(client, rounds, role):
    world = rounds
    login(client, world, role)
    pages = [
        url("round_list", world),
        url("round_detail", world, world.issues),
        url("issue_detail", world, world.issues, world.issue.pk),
        url("round_detail", world, world.budget),
        url("ballot", world, world.budget),
        url("ballot_print", world, world.budget),
        url("round_results", world, world.budget),
        url("round_export", world, world.budget),
        url("round_detail", world, world.opinions),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == (200 if role in INSIDERS else 404), page
        if response.status_code == 404:
            assert b"Lake Partnership" not in response.content
    draft = client.get(url("round_detail", world, world.draft))
    assert draft.status_code == (200 if role == "coordinator" else 404)


@pytest.mark.parametrize("role", ROLES)
def test_voting_by_role(client, rounds, role):
    world = rounds
    login(client, world, role)
    response = client.post(url("ballot", world, world.budget), {"projects": [world.project.pk]})
    expected = 302 if role in TAKE_PART else 403 if role in INSIDERS else 404
    assert response.status_code == expected
    assert BudgetBallot.objects.count() == (1 if role in TAKE_PART else 0)
    response = client.post(
        url("round_detail", world, world.issues), {"action": "support", "issue": world.issue.pk}
    )
    assert response.status_code == expected
    assert IssueSupport.objects.count() == (1 if role in TAKE_PART else 0)
    response = client.post(
        url("round_detail", world, world.opinions),
        {"action": "statement_vote", "statement": world.statement.pk, "choice": "agree"},
    )
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_coordinator_actions_by_role(client, rounds, role):
    world = rounds
    login(client, world, role)
    response = client.post(url("round_detail", world, world.budget), {"action": "advance"})
    expected = 302 if role == "coordinator" else 403 if role in INSIDERS else 404
    assert response.status_code == expected
    world.budget.refresh_from_db()
    assert world.budget.phase == (Phase.RESULTS if role == "coordinator" else Phase.VOTE)
    response = client.post(
        url("issue_detail", world, world.issues, world.issue.pk),
        {"action": "hide", "reason": "Spam"},
    )
    assert response.status_code == expected
    response = client.get(url("paper_ballot", world, world.budget))
    assert response.status_code == (
        200 if role == "coordinator" else 403 if role in INSIDERS else 404
    )


def test_bad_input_in_the_browser_is_a_4xx_and_changes_nothing(client, rounds):
    world = rounds
    login(client, world, "staff")
    # a second ballot
    assert (
        client.post(
            url("ballot", world, world.budget), {"projects": [world.project.pk]}
        ).status_code
        == 302
    )
    second = client.post(url("ballot", world, world.budget), {"projects": [world.project.pk]})
    assert second.status_code == 409
    assert BudgetBallot.objects.count() == 1
    # support in a closed phase
    world.coordinator_client = client
    services.round_phase_advance(actor=world.users["coordinator"], round_=world.issues)
    closed = client.post(
        url("round_detail", world, world.issues), {"action": "support", "issue": world.issue.pk}
    )
    assert closed.status_code == 409
    assert "not possible now" in closed.content.decode()
    assert not IssueSupport.objects.exists()
    # a project cost of 0, or above the budget
    client.force_login(world.users["coordinator"])
    collecting = advance_to(world, budget_round(world, budget="1000"), Phase.COLLECT)
    for cost in ("0", "1000.01"):
        response = client.post(
            url("round_detail", world, collecting),
            {"action": "project", "title": "Boat", "cost": cost, "owner": world.orgs["coop"].pk},
        )
        assert response.status_code == 400
    assert not BudgetProject.objects.filter(round=collecting).exists()
    # a round above the pool
    response = client.post(
        url("round_list", world),
        {
            "action": "create",
            "kind": "budget",
            "title": "Too much",
            "audience": "partnership",
            "support_mode": "approval",
            "budget": "5000000",
            "fund_holder": world.orgs["county"].pk,
            "ballot_kind": "approval",
            "rule": "mes",
        },
    )
    assert response.status_code == 400
    assert "can promise" in response.content.decode()
    # a malformed .pb file
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        url("round_list", world),
        {"action": "import", "file": SimpleUploadedFile("x.pb", b"not a pabulib file")},
    )
    assert response.status_code == 400
    assert "not a pabulib file" in response.content.decode()


def test_hidden_issues_never_leak_their_text(client, rounds):
    world = rounds
    services.issue_hide(
        actor=world.users["coordinator"], issue=world.issue, reason="Names a person"
    )
    login(client, world, "staff")
    for page in (
        url("round_detail", world, world.issues),
        url("issue_detail", world, world.issues, world.issue.pk),
    ):
        content = client.get(page).content.decode()
        assert "Names a person" in content
        assert "Farm runoff" not in content and "Green." not in content


def test_a_facilitator_enters_a_paper_ballot(client, rounds):
    world = rounds
    services.facilitator_add(
        actor=world.users["coordinator"], round_=world.budget, user=world.users["observer"]
    )
    login(client, world, "observer")
    response = client.post(
        url("paper_ballot", world, world.budget),
        {"name": "Mama Achieng", "group": "individuals", "projects": [world.project.pk]},
    )
    assert response.status_code == 302
    ballot = BudgetBallot.objects.get()
    assert ballot.channel == "paper" and ballot.participant.name == "Mama Achieng"
    again = client.post(
        url("paper_ballot", world, world.budget),
        {"name": "Mama Achieng", "group": "individuals", "projects": [world.project.pk]},
    )
    assert again.status_code == 409
    page = client.get(url("paper_ballot", world, world.budget)).content.decode()
    assert "Mama Achieng" in page and "paper" in page


def test_the_printable_ballot_has_a_print_stylesheet_and_no_script(client, rounds):
    login(client, rounds, "staff")
    content = client.get(url("ballot_print", rounds, rounds.budget)).content.decode()
    assert "participation/print.css" in content and "Boat" in content
    assert "<script" not in content.split("<main", 1)[1]


@pytest.mark.django_db
def test_the_public_takes_part_with_a_confirmed_email(client):
    world = build_world(visibility="public")
    round_ = advance_to(world, issues_round(world, audience="public"), Phase.COLLECT)
    issue = services.issue_submit(
        actor=world.users["community"], round_=round_, title="Runoff", text="Green."
    )
    advance_to(world, round_, Phase.VOTE)
    page = url("round_detail", world, round_)
    assert client.get(page).status_code == 200
    refused = client.post(page, {"action": "support", "issue": issue.pk})
    assert refused.status_code == 403
    assert client.post(page, {"action": "join", "email": "fisher@lake.example"}).status_code == 302
    link = re.search(r"http\S+", mail.outbox[-1].body).group(0)
    path = link.split("8000", 1)[-1] if "8000" in link else "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200
    assert not RoundParticipant.objects.filter(email="fisher@lake.example").exists()
    assert client.post(path).status_code == 302
    assert client.post(page, {"action": "support", "issue": issue.pk}).status_code == 302
    support = IssueSupport.objects.get()
    assert (
        support.participant.email == "fisher@lake.example"
        and support.participant.group == "general_public"
    )
    forged = path.replace("/join/", "/join/x")
    assert client.post(forged).status_code == 400


def _issue_round_with(world, n):
    round_ = advance_to(world, issues_round(world, title=f"Round {n}"), Phase.COLLECT)
    issues = [
        services.issue_submit(
            actor=world.users["community"], round_=round_, title=f"Issue {k}", text="x"
        )
        for k in range(n)
    ]
    advance_to(world, round_, Phase.VOTE)
    people = [make_user(f"p{n}-{k}@lake.test") for k in range(min(n, 10))]
    from accord.partnerships import services as partnership_services

    for person in people:
        partnership_services.participant_add(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            email=person.email,
            role="community",
        )
        for issue in issues[:5]:
            services.issue_support(actor=person, round_=round_, issue=issue)
    return round_, issues


def test_round_pages_issue_a_bounded_number_of_queries(client, pool, django_assert_max_num_queries):
    world = pool
    client.force_login(world.users["community"])
    for n in (3, 30):
        round_, issues = _issue_round_with(world, n)
        with django_assert_max_num_queries(30):
            assert client.get(url("round_detail", world, round_)).status_code == 200
        with django_assert_max_num_queries(30):
            assert client.get(url("issue_detail", world, round_, issues[0].pk)).status_code == 200
        opinions = advance_to(world, opinions_round(world, title=f"Opinions {n}"), Phase.COLLECT)
        for k in range(n):
            services.statement_add(
                actor=world.users["community"], round_=opinions, text=f"Statement {k}"
            )
        with django_assert_max_num_queries(30):
            assert client.get(url("round_detail", world, opinions)).status_code == 200
        budget = advance_to(world, budget_round(world, budget="1000"), Phase.COLLECT)
        projects = [
            services.project_propose(
                actor=world.users["coordinator"],
                round_=budget,
                title=f"P{k}",
                cost="10",
                owner=world.orgs["coop"],
            )
            for k in range(n)
        ]
        for project in projects:
            services.project_review(
                actor=world.users["coordinator"], project=project, feasible=True
            )
        advance_to(world, budget, Phase.VOTE)
        services.facilitator_add(
            actor=world.users["coordinator"], round_=budget, user=world.users["community"]
        )
        for k in range(n):
            services.paper_ballot_enter(
                actor=world.users["community"],
                round_=budget,
                selections=[p.pk for p in projects[: k % 5 + 1]],
                name=f"Voter {k}",
                group="individuals",
            )
        for name in ("round_detail", "ballot", "ballot_print", "paper_ballot"):
            with django_assert_max_num_queries(30):
                assert client.get(url(name, world, budget)).status_code == 200
        advance_to(world, budget, Phase.RESULTS)
        for name in ("round_results", "round_export", "round_detail"):
            with django_assert_max_num_queries(30):
                assert client.get(url(name, world, budget)).status_code == 200
        with django_assert_max_num_queries(30):
            assert client.get(url("round_list", world)).status_code == 200

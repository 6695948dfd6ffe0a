"""Every participation endpoint for every role, the cross-partnership coordinator
(``outsider``) and the anonymous public included: who gets 2xx, who 403, 401 or 404 — and a
refused write changes nothing.

Each endpoint acts on its own object, so that an allowed call does not spoil the next.
Who may do what is the table of docs/participation.md: the coordinator runs, moderates and
funds; the round's audience (here members' staff and community participants, the
coordinator among them) takes part; every insider reads; anyone else gets 404, and the
anonymous 401 on a write.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accord.participation import services
from accord.participation.models import (
    BudgetBallot,
    BudgetProject,
    Issue,
    IssueSupport,
    ParticipationRound,
    Phase,
    RoundFacilitator,
    Statement,
    StatementVote,
)
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.participation.conftest import advance_to, budget_round, issues_round, opinions_round
from tests.participation.test_views import INSIDERS, TAKE_PART

COORDINATOR, AUDIENCE, READ, MINE = "coordinator", "audience", "read", "mine"

PB = """META
key;value
description;Permissions
num_projects;1
num_votes;1
budget;100
vote_type;approval
rule;greedy
PROJECTS
project_id;cost
1;50
VOTES
voter_id;vote
1;1
"""


def _expected(kind: str, role: str, *, draft: bool = False) -> set[int]:
    insider = role in INSIDERS
    if kind == READ:
        return {200, 204} if insider else {404}
    if kind == MINE:  # the caller's own (needs a token; 204 when there is nothing)
        return {401} if role == "anonymous" else {200, 204} if insider else {404}
    allowed = role == "coordinator" if kind == COORDINATOR else role in TAKE_PART
    if allowed:
        return {200, 201}
    if role == "anonymous":
        return {401}
    if not insider or (draft and role != "coordinator"):
        return {404}
    return {403}


@pytest.fixture
def state(pool):
    """One object per endpoint, in the phase where the endpoint is allowed."""
    world = pool
    coordinator = world.users["coordinator"]
    world.collecting = advance_to(world, issues_round(world, title="Collecting"), Phase.COLLECT)
    world.voting = advance_to(world, issues_round(world, title="Voting"), Phase.COLLECT)
    world.i = {
        key: services.issue_submit(
            actor=world.users["community"], round_=world.voting, title=f"Issue {key}", text="x"
        )
        for key in (
            "support",
            "unsupport",
            "hide",
            "dup",
            "into",
            "proposal",
            "activity",
            "project",
        )
    }
    advance_to(world, world.voting, Phase.VOTE)
    for role in TAKE_PART:
        services.issue_support(
            actor=world.users[role], round_=world.voting, issue=world.i["unsupport"]
        )
    world.opinions = advance_to(world, opinions_round(world), Phase.COLLECT)
    world.s = {
        key: services.statement_add(actor=coordinator, round_=world.opinions, text=f"Say {key}")
        for key in ("vote", "hide")
    }
    world.proposing = advance_to(
        world, budget_round(world, budget="1000", title="Proposing"), Phase.COLLECT
    )
    world.review = services.project_propose(
        actor=coordinator,
        round_=world.proposing,
        title="Review me",
        cost="100",
        owner=world.orgs["coop"],
    )
    world.ballots = advance_to(
        world, budget_round(world, budget="1000", title="Ballots"), Phase.COLLECT
    )
    world.project = services.project_propose(
        actor=coordinator, round_=world.ballots, title="Boat", cost="100", owner=world.orgs["coop"]
    )
    services.project_review(actor=coordinator, project=world.project, feasible=True)
    advance_to(world, world.ballots, Phase.VOTE)
    world.decided = advance_to(
        world, budget_round(world, budget="1000", title="Decided"), Phase.COLLECT
    )
    won = services.project_propose(
        actor=coordinator, round_=world.decided, title="Net", cost="100", owner=world.orgs["coop"]
    )
    services.project_review(actor=coordinator, project=won, feasible=True)
    advance_to(world, world.decided, Phase.VOTE)
    services.ballot_cast(actor=world.users["staff"], round_=world.decided, selections=[won.pk])
    advance_to(world, world.decided, Phase.RESULTS)
    world.draft = issues_round(world, title="Draft")
    world.moving = advance_to(world, issues_round(world, title="Moving"), Phase.COLLECT)
    return world


def _calls(world):
    """(kind, method, path, body, draft) for every endpoint."""
    base = f"/partnerships/{world.partnership.slug}/rounds"

    def r(round_):
        return f"{base}/{round_.pk}"

    now = timezone.now()
    dates = {
        "collect_until": (now + timedelta(days=7)).isoformat(),
        "review_until": (now + timedelta(days=14)).isoformat(),
        "vote_until": (now + timedelta(days=21)).isoformat(),
    }
    i, s = world.i, world.s
    v, o, d = r(world.voting), r(world.opinions), r(world.decided)
    return [
        (READ, "get", base, None, False),
        (COORDINATOR, "post", base, {"kind": "issues", "title": "New"}, False),
        (COORDINATOR, "post", base + "/import", {"content": PB}, False),
        (READ, "get", v, None, False),
        (COORDINATOR, "post", r(world.draft) + "/open", dates, True),
        (COORDINATOR, "post", r(world.moving) + "/advance", None, False),
        (
            COORDINATOR,
            "post",
            r(world.ballots) + "/facilitators",
            {"email": "observer@press.test"},
            False,
        ),
        (READ, "get", v + "/issues", None, False),
        (
            AUDIENCE,
            "form",
            r(world.collecting) + "/issues",
            {"title": "Runoff", "text": "x"},
            False,
        ),
        (READ, "get", v + f"/issues/{i['support'].pk}", None, False),
        (AUDIENCE, "post", v + f"/issues/{i['support'].pk}/support", {}, False),
        (AUDIENCE, "delete", v + f"/issues/{i['unsupport'].pk}/support", None, False),
        (COORDINATOR, "post", v + f"/issues/{i['hide'].pk}/hide", {"reason": "Off topic"}, False),
        (COORDINATOR, "post", v + f"/issues/{i['dup'].pk}/merge", {"into": i["into"].pk}, False),
        (COORDINATOR, "post", v + f"/issues/{i['proposal'].pk}/proposal", None, False),
        (
            COORDINATOR,
            "post",
            v + f"/issues/{i['activity'].pk}/activity",
            {"lead_organization_id": world.orgs["coop"].pk},
            False,
        ),
        (
            COORDINATOR,
            "post",
            v + f"/issues/{i['project'].pk}/project",
            {
                "budget_round_id": world.proposing.pk,
                "cost": "100",
                "owner_id": world.orgs["coop"].pk,
            },
            False,
        ),
        (READ, "get", o + "/statements", None, False),
        (AUDIENCE, "post", o + "/statements", {"text": "A new idea"}, False),
        (MINE, "get", o + "/statements/next", None, False),
        (AUDIENCE, "post", o + f"/statements/{s['vote'].pk}/vote", {"choice": "agree"}, False),
        (COORDINATOR, "post", o + f"/statements/{s['hide'].pk}/hide", {"reason": "Rude"}, False),
        (READ, "get", o + "/opinion-map", None, False),
        (READ, "get", r(world.proposing) + "/projects", None, False),
        (
            AUDIENCE,
            "post",
            r(world.proposing) + "/projects",
            {"title": "Jetty", "cost": "100", "owner_id": world.orgs["coop"].pk},
            False,
        ),
        (
            COORDINATOR,
            "post",
            r(world.proposing) + f"/projects/{world.review.pk}/review",
            {"feasible": True},
            False,
        ),
        (AUDIENCE, "post", r(world.ballots) + "/ballots", {"projects": [world.project.pk]}, False),
        (MINE, "get", r(world.ballots) + "/ballots/mine", None, False),
        (
            COORDINATOR,
            "post",
            r(world.ballots) + "/paper-ballots",
            {"projects": [world.project.pk], "name": "Mama Achieng", "group": "individuals"},
            False,
        ),
        (READ, "get", d + "/results", None, False),
        (COORDINATOR, "post", d + "/fund", None, False),
        (READ, "get", d + "/export.pb", None, False),
    ]


def _counts():
    return (
        ParticipationRound.objects.count(),
        ParticipationRound.objects.exclude(phase=Phase.DRAFT).count(),
        RoundFacilitator.objects.count(),
        Issue.objects.count(),
        Issue.objects.filter(hidden_at__isnull=False).count(),
        Issue.objects.filter(merged_into__isnull=False).count(),
        Issue.objects.filter(proposal__isnull=False).count(),
        Issue.objects.filter(activity__isnull=False).count(),
        IssueSupport.objects.count(),
        Statement.objects.count(),
        Statement.objects.filter(hidden_at__isnull=False).count(),
        StatementVote.objects.count(),
        BudgetProject.objects.count(),
        BudgetProject.objects.filter(status="accepted").count(),
        BudgetProject.objects.filter(activity__isnull=False).count(),
        BudgetBallot.objects.count(),
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_endpoint_for_every_role(client, state, role):
    world = state
    api = Api(client, world)
    before = _counts()
    for kind, method, path, body, draft in _calls(world):
        if method == "get":
            response = api.get(role, path)
        elif method == "form":  # multipart, as a photo comes
            response = client.post(f"/api/v1{path}", data=body, headers=api.headers(role))
        else:
            response = api.send(method, role, path, body)
        expected = _expected(kind, role, draft=draft)
        assert response.status_code in expected, (
            path,
            method,
            response.status_code,
            response.content,
        )
        if response.status_code >= 400 and response.headers["Content-Type"].startswith(
            "application/json"
        ):
            assert "detail" in response.json(), path
    if role not in TAKE_PART:
        # nothing a refused caller sent changed anything
        assert _counts() == before
    else:
        assert _counts() != before

"""The participation API for every role, bad input (a clear 4xx, nothing changed), hidden
issues, and a budget round from projects to results and funding, by API alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accord.participation import services
from accord.participation.models import (
    BudgetBallot,
    BudgetProject,
    IssueSupport,
    ParticipationRound,
    Phase,
)
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.participation.conftest import advance_to, budget_round, issues_round, opinions_round
from tests.participation.test_views import INSIDERS, TAKE_PART


@pytest.fixture
def api(client, pool):
    return Api(client, pool)


@pytest.fixture
def rounds(api):
    world = api.world
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
    return world


def base(world, round_=None):
    path = f"/partnerships/{world.partnership.slug}/rounds"
    return f"{path}/{round_.pk}" if round_ is not None else path


@pytest.mark.parametrize("role", ROLES)
def test_reads_by_role(api, rounds, role):
    world = rounds
    for path in (
        base(world),
        base(world, world.issues),
        base(world, world.issues) + "/issues",
        base(world, world.issues) + f"/issues/{world.issue.pk}",
        base(world, world.budget) + "/projects",
        base(world, world.budget) + "/results",
    ):
        response = api.get(role, path)
        expected = {200, 204} if role in INSIDERS else {404}
        assert response.status_code in expected, (path, response.content)


@pytest.mark.parametrize("role", ROLES)
def test_writes_by_role(api, rounds, role):
    world = rounds
    response = api.post(
        role, base(world, world.budget) + "/ballots", {"projects": [world.project.pk]}
    )
    expected = (
        201
        if role in TAKE_PART
        else 403
        if role in INSIDERS
        else 401
        if role == "anonymous"
        else 404
    )
    assert response.status_code == expected, response.content
    assert BudgetBallot.objects.count() == (1 if role in TAKE_PART else 0)
    response = api.post(role, base(world, world.issues) + f"/issues/{world.issue.pk}/support", {})
    assert response.status_code == (200 if role in TAKE_PART else expected)
    assert IssueSupport.objects.count() == (1 if role in TAKE_PART else 0)
    response = api.post(role, base(world, world.budget) + "/advance")
    coordinator_only = 200 if role == "coordinator" else expected if role not in TAKE_PART else 403
    assert response.status_code == coordinator_only


def test_bad_input_is_a_clear_4xx_and_changes_nothing(api, rounds):
    world = rounds
    ballots = base(world, world.budget) + "/ballots"
    assert api.post("staff", ballots, {"projects": [world.project.pk]}).status_code == 201
    second = api.post("staff", ballots, {"projects": [world.project.pk]})
    assert second.status_code == 409 and "already" in second.json()["detail"]
    outside = api.post("observer", ballots, {"projects": [world.project.pk]})
    assert outside.status_code == 403
    assert BudgetBallot.objects.count() == 1
    # support in a closed phase
    services.round_phase_advance(actor=world.users["coordinator"], round_=world.issues)
    closed = api.post("staff", base(world, world.issues) + f"/issues/{world.issue.pk}/support", {})
    assert closed.status_code == 409 and "not possible now" in closed.json()["detail"]
    # more dots than allowed
    dots = advance_to(world, issues_round(world, support_mode="dots", dots=3), Phase.COLLECT)
    issue = services.issue_submit(
        actor=world.users["community"], round_=dots, title="Runoff", text="x"
    )
    advance_to(world, dots, Phase.VOTE)
    too_many = api.post("staff", base(world, dots) + f"/issues/{issue.pk}/support", {"dots": 4})
    assert too_many.status_code == 400 and "3 dots" in too_many.json()["detail"]
    assert not IssueSupport.objects.exists()
    # project costs
    collecting = advance_to(world, budget_round(world, budget="1000"), Phase.COLLECT)
    for cost in ("0", "-1", "1000.01"):
        response = api.post(
            "coordinator",
            base(world, collecting) + "/projects",
            {"title": "Boat", "cost": cost, "owner_id": world.orgs["coop"].pk},
        )
        assert response.status_code == 400, response.content
    assert not BudgetProject.objects.filter(round=collecting).exists()
    # a round above the pool
    rounds_before = ParticipationRound.objects.count()
    response = api.post(
        "coordinator",
        base(world),
        {
            "kind": "budget",
            "title": "Too much",
            "budget": "99000000",
            "fund_holder_id": world.orgs["county"].pk,
        },
    )
    assert response.status_code == 400 and "can promise" in response.json()["detail"]
    # a malformed .pb file
    response = api.post("coordinator", base(world) + "/import", {"content": "META\nkey;value\n"})
    assert response.status_code == 400
    assert ParticipationRound.objects.count() == rounds_before


def test_hidden_issues_never_leak_their_text_through_the_api(api, rounds):
    world = rounds
    services.issue_hide(
        actor=world.users["coordinator"], issue=world.issue, reason="Names a person"
    )
    listing = api.get("staff", base(world, world.issues) + "/issues").json()
    row = next(i for i in listing["issues"] if i["id"] == world.issue.pk)
    assert row["hidden"] and row["title"] == "" and row["text"] == ""
    assert row["hidden_reason"] == "Names a person"
    detail = api.get("staff", base(world, world.issues) + f"/issues/{world.issue.pk}").json()
    assert "Farm runoff" not in str(detail)
    moderator = api.get(
        "coordinator", base(world, world.issues) + f"/issues/{world.issue.pk}"
    ).json()
    assert moderator["title"] == "Farm runoff"


def test_a_budget_round_from_projects_to_funding_by_api(api):
    world = api.world
    org = world.orgs
    created = api.post(
        "coordinator",
        base(world),
        {
            "kind": "budget",
            "title": "Lake budget",
            "budget": "900",
            "fund_holder_id": org["county"].pk,
        },
    )
    assert created.status_code == 201, created.content
    round_id = created.json()["id"]
    path = f"{base(world)}/{round_id}"
    now = timezone.now()
    opened = api.post(
        "coordinator",
        path + "/open",
        {
            "collect_until": (now + timedelta(days=1)).isoformat(),
            "review_until": (now + timedelta(days=2)).isoformat(),
            "vote_until": (now + timedelta(days=3)).isoformat(),
            "rule": "greedy",
        },
    )
    assert opened.status_code == 200 and opened.json()["rule"] == "greedy"
    ids = []
    for title in ("Boat", "Nursery"):
        response = api.post(
            "community",
            path + "/projects",
            {"title": title, "cost": "400", "owner_id": org["coop"].pk},
        )
        assert response.status_code == 201
        ids.append(response.json()["id"])
    for pk in ids:
        assert (
            api.post("coordinator", f"{path}/projects/{pk}/review", {"feasible": True}).status_code
            == 200
        )
    assert api.post("coordinator", path + "/advance").json()["phase"] == "review"
    assert api.post("coordinator", path + "/advance").json()["phase"] == "vote"
    assert api.post("staff", path + "/ballots", {"projects": ids}).status_code == 201
    paper = api.post(
        "coordinator",
        path + "/paper-ballots",
        {"projects": [ids[1]], "name": "Mama Achieng", "group": "individuals"},
    )
    assert paper.status_code == 201 and paper.json()["channel"] == "paper"
    assert api.get("staff", path + "/ballots/mine").json()["items"][0]["project_id"] == ids[0]
    assert api.post("coordinator", path + "/advance").json()["phase"] == "results"
    results = api.get("staff", path + "/results").json()
    assert results["rule"] == "greedy" and results["voters"] == 2 and results["paper"] == 1
    assert {g["group"] for g in results["groups"]} == {"philanthropic", "individuals"}
    funded = api.post("coordinator", path + "/fund")
    assert funded.status_code == 200 and all(p["pledge_id"] for p in funded.json())
    exported = api.get("staff", path + "/export.pb")
    assert exported.status_code == 200 and b"voting_method" in exported.content
    again = api.post("coordinator", base(world) + "/import", {"content": exported.content.decode()})
    assert again.status_code == 201 and again.json()["is_imported"]


def test_statements_and_the_opinion_map_by_api(api):
    world = api.world
    round_ = advance_to(world, opinions_round(world), Phase.COLLECT)
    path = base(world, round_)
    from accord.partnerships import services as partnership_services
    from tests.conftest import make_user

    texts = [
        "Close the bay in May",
        "Patrols by fishers",
        "Fines for nets",
        "Boats for women traders",
    ]
    ids = [api.post("community", path + "/statements", {"text": t}).json()["id"] for t in texts]
    assert api.post("community", path + "/statements", {"text": ""}).status_code == 422
    assert api.get("staff", path + "/opinion-map").status_code == 204
    camps = {"a": [1, 1, -1, 1], "b": [-1, -1, 1, 1]}
    for camp, votes in camps.items():
        for k in range(4):
            person = make_user(f"{camp}{k}@lake.test")
            partnership_services.participant_add(
                actor=world.users["coordinator"],
                partnership=world.partnership,
                email=person.email,
                role="community",
            )
            for sid, value in zip(ids, votes, strict=True):
                services.statement_vote(
                    actor=person,
                    round_=round_,
                    statement=round_.statements.get(pk=sid),
                    choice={1: "agree", -1: "disagree"}[value],
                )
    nxt = api.get("staff", path + "/statements/next")
    assert nxt.status_code == 200 and nxt.json()["id"] == ids[0]
    assert (
        api.post("staff", f"{path}/statements/{ids[0]}/vote", {"choice": "maybe"}).status_code
        == 422
    )
    assert (
        api.post("staff", f"{path}/statements/{ids[0]}/vote", {"choice": "pass"}).status_code == 200
    )
    round_.refresh_from_db()
    found = api.get("staff", path + "/opinion-map")
    assert found.status_code == 200, found.content
    body = found.json()
    assert len(body["groups"]) == 2 and ids[3] in body["consensus"]
    assert body["svg"].startswith("<svg")

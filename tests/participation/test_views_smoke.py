"""Every page renders for a coordinator at every phase (a first net for template errors)."""

from __future__ import annotations

from django.urls import reverse

from accord.participation import services
from accord.participation.models import Phase
from tests.participation.conftest import advance_to, budget_round, issues_round, opinions_round


def test_pages_render(client, pool):
    world = pool
    client.force_login(world.users["coordinator"])
    slug = world.partnership.slug
    assert client.get(reverse("participation:round_list", args=[slug])).status_code == 200
    issues = advance_to(world, issues_round(world), Phase.COLLECT)
    issue = services.issue_submit(
        actor=world.users["community"], round_=issues, title="Runoff", text="Green water"
    )
    budget = advance_to(world, budget_round(world), Phase.COLLECT)
    project = services.project_propose(
        actor=world.users["coordinator"],
        round_=budget,
        title="Boat",
        cost="1000",
        owner=world.orgs["coop"],
    )
    opinions = advance_to(world, opinions_round(world), Phase.COLLECT)
    services.statement_add(actor=world.users["community"], round_=opinions, text="Close the bay")
    for round_ in (issues, budget, opinions):
        response = client.get(reverse("participation:round_detail", args=[slug, round_.pk]))
        assert response.status_code == 200, response.content[:2000]
    assert (
        client.get(
            reverse("participation:issue_detail", args=[slug, issues.pk, issue.pk])
        ).status_code
        == 200
    )
    services.project_review(actor=world.users["coordinator"], project=project, feasible=True)
    advance_to(world, budget, Phase.VOTE)
    for name in ("ballot", "ballot_print", "paper_ballot", "round_results", "round_export"):
        response = client.get(reverse(f"participation:{name}", args=[slug, budget.pk]))
        assert response.status_code == 200, (name, response.content[:3000])
    services.ballot_cast(actor=world.users["staff"], round_=budget, selections=[project.pk])
    advance_to(world, budget, Phase.RESULTS)
    response = client.get(reverse("participation:round_results", args=[slug, budget.pk]))
    assert response.status_code == 200
    assert b"Boat" in response.content

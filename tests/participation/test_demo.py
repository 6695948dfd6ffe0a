"""The participation part of the demo story (shared/docs/DEMO.md): the women's group's and
the youth network's issues bridge across groups; a KES 5,000,000 budget round from the pooled
fund where Equal Shares gives each group its share and greedy would not."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from accord.demo.loader import LAKE_SLUG
from accord.participation import selectors
from accord.participation.models import ParticipationRound, Phase

pytestmark = pytest.mark.django_db


def test_the_demo_tells_the_participation_story(capsys):
    call_command("demo")
    capsys.readouterr()
    issues = ParticipationRound.objects.get(partnership__slug=LAKE_SLUG, kind="issues")
    budget = ParticipationRound.objects.get(partnership__slug=LAKE_SLUG, kind="budget")
    assert issues.phase == budget.phase == Phase.RESULTS
    from accord.accounts.models import User

    viewer = User.objects.get(email="otieno@community.example")
    board = selectors.issue_board(actor=viewer, round_=issues)
    assert [v.title for v in board.bridging[:2]] == [
        "The Maji tree nursery needs a water tank",
        "Young people want to learn to fish sustainably",
    ]
    assert board.plain[0].title == "Nets in the breeding bays during spawning"
    assert board.orders_differ and len(board.groups) >= 7
    assert any(v.is_hidden for v in board.others) and any(v.merged_into for v in board.others)

    outcome = budget.outcome
    assert budget.budget == 5_000_000 and 140 <= outcome["voters"] <= 160
    assert len(budget.projects.all()) >= 12
    mes = {row["group"]: row["share"] for row in outcome["by_group"]}
    greedy = {row["group"]: row["share"] for row in outcome["compare"]["by_group"]}
    voters = {row["group"]: row["voter_share"] for row in outcome["by_group"]}
    largest = max(voters, key=voters.get)
    assert largest == "individuals"
    assert greedy[largest] > 0.5 > mes[largest]
    assert abs(mes[largest] - voters[largest]) < 0.1  # about its share of the voters
    assert mes["community"] > greedy["community"]
    titles = {p.pk: p.title for p in budget.projects.all()}
    won = [titles[k] for k in outcome["selected"]]
    assert "Water tank for the Maji tree nursery" in won
    assert "Paved access road to Kivuli market" not in won
    assert "Paved access road to Kivuli market" in [
        titles[k] for k in outcome["compare"]["selected"]
    ]

    opinions = ParticipationRound.objects.get(partnership__slug=LAKE_SLUG, kind="opinions")
    found = selectors.opinion_map(round_=opinions)
    assert found is not None and found.participants >= 150
    assert 2 <= len(found.groups) <= 3
    agreed = {statement.text for statement, _ in found.consensus}
    assert agreed & {
        "Women fish traders should have a seat on the beach management unit.",
        "Monitoring data about the lake should be published for everyone.",
    }

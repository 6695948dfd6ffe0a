"""The results page of a budget round, from the outcome stored when it reached its results
(``services/outcome.py``): each project's fate with its reason as data, and how much of
the budget each group's voters decided under the rule chosen and under one other, with a
picture. Two queries whatever the number of ballots: the stored outcome is read, never
recomputed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from accord.participation.charts import Share, share_bars_svg
from accord.participation.groups import GROUP_COLOURS, group_label
from accord.participation.models import BudgetProject, BudgetRule, ParticipationRound


@dataclass(frozen=True)
class ProjectFate:
    project: BudgetProject
    won: bool
    supporters: int
    points: int
    step: int | None
    price_per_voter: Decimal | None
    why: dict[str, Any]  # {"code": ..., "money_left": ...} for a project that lost
    in_comparison: bool  # also chosen under the other rule


@dataclass(frozen=True)
class GroupShare:
    group: str
    label: str
    colour: str
    voters: int
    voter_share: float
    money: Decimal
    share: float
    compare_money: Decimal
    compare_share: float


@dataclass(frozen=True)
class BudgetResults:
    rule: str
    rule_label: str
    compare_rule: str
    compare_label: str
    fates: list[ProjectFate]
    winners: list[ProjectFate]
    losers: list[ProjectFate]
    groups: list[GroupShare]
    total_cost: Decimal
    left_over: Decimal
    compare_total: Decimal
    voters: int
    paper: int
    per_voter_budget: Decimal | None
    increments: int
    chart_svg: str
    all_funded: bool


def budget_results(*, round_: ParticipationRound) -> BudgetResults | None:
    """None until the round has its results."""
    outcome = round_.outcome
    if not outcome:
        return None
    projects = {
        p.pk: p
        for p in BudgetProject.objects.filter(round=round_).select_related(
            "owner", "activity", "issue"
        )
    }
    compared = set(outcome["compare"]["selected"])
    fates = []
    for key, entry in outcome["projects"].items():
        project = projects.get(int(key))
        if project is None:
            continue
        fates.append(
            ProjectFate(
                project=project,
                won=entry["won"],
                supporters=entry["supporters"],
                points=entry.get("points", 0),
                step=entry.get("step"),
                price_per_voter=Decimal(entry["price_per_voter"])
                if entry.get("price_per_voter")
                else None,
                why=entry.get("why", {}),
                in_comparison=project.pk in compared,
            )
        )
    order = {pk: k for k, pk in enumerate(outcome["selected"])}
    winners = sorted((f for f in fates if f.won), key=lambda f: order[f.project.pk])
    losers = sorted((f for f in fates if not f.won), key=lambda f: -f.supporters)
    other = {row["group"]: row for row in outcome["compare"]["by_group"]}
    groups = [
        GroupShare(
            group=row["group"],
            label=group_label(row["group"]) if row["group"] else _("Nobody (unsupported)"),
            colour=GROUP_COLOURS.get(row["group"], "#8a94a3"),
            voters=row["voters"],
            voter_share=row["voter_share"],
            money=Decimal(row["money"]),
            share=row["share"],
            compare_money=Decimal(other.get(row["group"], {}).get("money", "0")),
            compare_share=other.get(row["group"], {}).get("share", 0.0),
        )
        for row in outcome["by_group"]
    ]
    labels = dict(BudgetRule.choices)
    short = {
        BudgetRule.MES: _("Equal Shares"),
        BudgetRule.PHRAGMEN: _("Phragmén"),
        BudgetRule.GREEDY: _("Greedy"),
    }
    rows = [
        (_("Voters"), [Share(g.label, g.colour, g.voter_share) for g in groups]),
        (str(short[outcome["rule"]]), [Share(g.label, g.colour, g.share) for g in groups]),
        (
            str(short[outcome["compare"]["rule"]]),
            [Share(g.label, g.colour, g.compare_share) for g in groups],
        ),
    ]
    return BudgetResults(
        rule=outcome["rule"],
        rule_label=str(labels[outcome["rule"]]),
        compare_rule=outcome["compare"]["rule"],
        compare_label=str(short[outcome["compare"]["rule"]]),
        fates=fates,
        winners=winners,
        losers=losers,
        groups=groups,
        total_cost=Decimal(outcome["total_cost"]),
        left_over=Decimal(outcome["left_over"]),
        compare_total=Decimal(outcome["compare"]["total_cost"]),
        voters=outcome["voters"],
        paper=outcome.get("paper", 0),
        per_voter_budget=Decimal(outcome["per_voter_budget"])
        if outcome.get("per_voter_budget")
        else None,
        increments=outcome.get("increments", 0),
        chart_svg=share_bars_svg(
            rows,
            title=_("Each group's share of the voters and of the budget decided under each rule"),
        ),
        all_funded=all(f.project.pledge_id for f in winners),
    )

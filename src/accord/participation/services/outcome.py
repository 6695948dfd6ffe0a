"""The outcome of a budget round, computed by the engine when the round reaches its results.

:func:`outcome_compute` runs the rule chosen when the round opened (the Method of Equal
Shares with add-one completion by default, sequential Phragmén, or greedy) on the projects
found feasible and every ballot, and returns what the results page and the API show, as
data (numbers and reason codes; the templates put them in words):

- ``selected``: the winning projects, in the order the rule chose them, and ``total_cost``;
- ``projects``: per project id, its supporters and what became of it — for a winner, the
  step that bought it and, under MES, the most each supporter paid (the price per voter);
  for a loser, why (``no_supporters``; ``too_expensive``; under MES ``not_affordable`` with
  the money its supporters had left, or ``over_budget``; under greedy ``did_not_fit`` with
  the money left when its turn came; under Phragmén ``phragmen_stopped``);
- ``by_group``: how much of the budget each group's voters decided (the engine's money per
  voter: what they paid under MES, their load under Phragmén, an equal split of each winner
  under greedy), and the same under one other rule (``compare``: greedy, or MES when greedy
  was chosen), so that the page can show what the choice of rule changed.

Money is in the round's currency as strings with two decimals; the engine works in minor
units. Called inside the transaction that enters the results (``services/deadlines.py``).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from accord.engine.budgeting.equal_shares import method_of_equal_shares
from accord.engine.budgeting.greedy import greedy_utilitarian_welfare
from accord.engine.budgeting.instance import BudgetingInstance, Outcome
from accord.engine.budgeting.phragmen import sequential_phragmen
from accord.engine.budgeting.shares import money_by_voter_group
from accord.participation import selectors
from accord.participation.groups import GROUP_ORDER
from accord.participation.models import BudgetRule, ParticipationRound
from accord.participation.selectors.budget import MINOR, BudgetData, from_minor

#: The pabulib name of each rule (the ``rule`` of a ``.pb`` file's META).
PABULIB_RULES = {
    BudgetRule.MES: "equalshares/add1",
    BudgetRule.PHRAGMEN: "phragmen",
    BudgetRule.GREEDY: "greedy",
}


def run_rule(rule: str, instance: BudgetingInstance, *, tie_breaking: Any) -> Outcome:
    """The engine's outcome of ``rule`` (cost utilities, as pabutools' defaults)."""
    if rule == BudgetRule.MES:
        return method_of_equal_shares(
            instance, completion="add1", increment=MINOR, tie_breaking=tie_breaking
        )
    if rule == BudgetRule.PHRAGMEN:
        return sequential_phragmen(instance, tie_breaking=tie_breaking)
    return greedy_utilitarian_welfare(instance, tie_breaking=tie_breaking)


def _money(value: Fraction | int | float) -> str:
    """Minor units (exact or float) to a string of the currency with two decimals."""
    exact = Fraction(value)
    return str(from_minor(Decimal(exact.numerator) / Decimal(exact.denominator)))


def _by_group(outcome: Outcome, data: BudgetData) -> list[dict[str, Any]]:
    voters: dict[str, int] = {}
    for group in data.groups:
        voters[group] = voters.get(group, 0) + 1
    money = money_by_voter_group(outcome, data.groups) if data.groups else {}
    total = Fraction(outcome.total_cost)
    rows = []
    for group in sorted(voters, key=lambda g: GROUP_ORDER.get(g, 99)):
        decided = money.get(group, Fraction(0))
        rows.append(
            {
                "group": group,
                "voters": voters[group],
                "money": _money(decided),
                "share": float(decided / total) if total else 0.0,
                "voter_share": voters[group] / len(data.groups),
            }
        )
    unattributed = money.get(None, Fraction(0))
    if unattributed:
        rows.append(
            {
                "group": "",
                "voters": 0,
                "money": _money(unattributed),
                "share": float(unattributed / total) if total else 0.0,
                "voter_share": 0.0,
            }
        )
    return rows


def _lost_reason(
    rule: str,
    j: int,
    outcome: Outcome,
    instance: BudgetingInstance,
    supporters: np.ndarray,
    money_left: np.ndarray | None,
    selected_index: list[int],
) -> dict[str, Any]:
    cost = int(instance.costs[j])
    if supporters[j] == 0:
        return {"code": "no_supporters"}
    if cost > Fraction(instance.budget):
        return {"code": "too_expensive"}
    if rule == BudgetRule.MES and money_left is not None:
        left = float(money_left[j])
        if left + 1e-6 < cost:
            return {"code": "not_affordable", "money_left": _money(max(left, 0.0))}
        return {"code": "over_budget"}
    if rule == BudgetRule.GREEDY:
        costs = instance.costs
        ahead = [
            k
            for k in selected_index
            if supporters[k] > supporters[j] or (supporters[k] == supporters[j] and k < j)
        ]
        left = int(Fraction(instance.budget)) - int(sum(int(costs[k]) for k in ahead))
        return {"code": "did_not_fit", "money_left": _money(max(left, 0))}
    return {"code": "phragmen_stopped"}


def outcome_compute(round_: ParticipationRound) -> dict[str, Any]:
    """The outcome of a budget round, as stored in ``ParticipationRound.outcome``."""
    assert round_.budget is not None
    data = selectors.budget_data(round_=round_)
    instance = data.instance(round_.budget)
    tie_breaking = "lexicographic" if round_.is_imported else "index"
    outcome = run_rule(round_.rule, instance, tie_breaking=tie_breaking)
    supporters = data.support.sum(axis=0).astype(np.int64)
    points = np.zeros(len(data.projects), dtype=np.int64)
    if len(data.items):
        np.add.at(points, data.items, data.points)
    index = {p.pabulib_id: j for j, p in enumerate(data.projects)}
    selected_index = [index[p] for p in outcome.selected]
    winners = set(selected_index)
    money_left = None
    if round_.rule == BudgetRule.MES and outcome.per_voter_budget is not None and len(data.groups):
        left_per_voter = float(outcome.per_voter_budget) - outcome.voter_money_array()
        money_left = data.support.T.astype(np.float64) @ left_per_voter
    projects: dict[str, dict[str, Any]] = {}
    step_of = {r.project: (k, r) for k, r in enumerate(outcome.rounds)}
    for j, project in enumerate(data.projects):
        entry: dict[str, Any] = {
            "supporters": int(supporters[j]),
            "points": int(points[j]),
            "won": j in winners,
        }
        if j in winners:
            step, selection = step_of[project.pabulib_id]
            entry["step"] = step + 1
            if round_.rule == BudgetRule.MES and selection.stage == "mes":
                entry["price_per_voter"] = _money(
                    Fraction(selection.value) * int(instance.costs[j])
                )
        else:
            entry["why"] = _lost_reason(
                round_.rule, j, outcome, instance, supporters, money_left, selected_index
            )
        projects[str(project.pk)] = entry
    compare_rule = BudgetRule.MES if round_.rule == BudgetRule.GREEDY else BudgetRule.GREEDY
    compared = run_rule(compare_rule, instance, tie_breaking=tie_breaking)
    pk_of = {p.pabulib_id: p.pk for p in data.projects}
    return {
        "rule": round_.rule,
        "engine_rule": outcome.rule,
        "voters": len(data.groups),
        "paper": sum(1 for c in data.channels if c == "paper"),
        "selected": [pk_of[p] for p in outcome.selected],
        "total_cost": _money(outcome.total_cost),
        "budget": str(round_.budget),
        "left_over": _money(Fraction(instance.budget) - Fraction(outcome.total_cost)),
        "per_voter_budget": _money(outcome.per_voter_budget)
        if outcome.per_voter_budget is not None
        else None,
        "increments": outcome.increments,
        "projects": projects,
        "by_group": _by_group(outcome, data),
        "compare": {
            "rule": compare_rule,
            "selected": [pk_of[p] for p in compared.selected],
            "total_cost": _money(compared.total_cost),
            "by_group": _by_group(compared, data),
        },
    }

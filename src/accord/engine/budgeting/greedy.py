"""Greedy utilitarian welfare: buy by satisfaction per unit of cost, skip what does not fit.

Offers :func:`greedy_utilitarian_welfare` (cost and approval utilities) and, used by Equal
Shares' utilitarian completion, the same greedy pass started from a partial outcome.

With *cost utilities* a voter's satisfaction from a project she supports is its cost, so the
satisfaction per unit of cost is simply the number of supporters: the rule is the familiar
"most votes first, skip what no longer fits" used by most cities.  With *approval utilities*
it is supporters / cost.  Everything is exact (integers and Fractions).  As in pabutools, a
project nobody supports has density 0 but is still bought if money is left, and a free
project that somebody supports comes first.

References
----------
Aziz, Lee & Talmon. "Proportionally Representative Participatory Budgeting: Axioms and
Algorithms". AAMAS 2018 (greedy welfare).  Faliszewski et al. IJCAI 2023, section 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Literal

import numpy as np

from accord.engine.budgeting.instance import (
    BudgetingInstance,
    Outcome,
    SelectionRound,
    TieBreaking,
    money_groups,
    unique_ballots,
)

__all__ = ["greedy_utilitarian_welfare"]

Utility = Literal["cost", "approval"]
_INF = Fraction(10**300)


def _density(support: int, cost: Fraction | int, utility: Utility) -> Fraction:
    if utility == "cost":
        # total satisfaction support * cost, divided by cost; a free project gives 0 satisfaction
        return Fraction(support) if cost > 0 else Fraction(0)
    if support == 0:
        return Fraction(0)
    return Fraction(support, 1) / cost if cost > 0 else _INF


def greedy_pass(
    instance: BudgetingInstance,
    support: np.ndarray,
    already: Sequence[int],
    utility: Utility,
    priority: np.ndarray,
) -> list[tuple[int, Fraction]]:
    """Projects (index, density) that greedy adds to ``already``, in order."""
    costs = instance.exact_costs()
    taken = set(already)
    remaining = Fraction(instance.budget) - sum((Fraction(costs[j]) for j in taken), Fraction(0))
    order = sorted(
        (j for j in range(instance.num_projects) if j not in taken),
        key=lambda j: (-_density(int(support[j]), costs[j], utility), priority[j]),
    )
    added = []
    for j in order:
        if costs[j] <= remaining:
            added.append((j, _density(int(support[j]), costs[j], utility)))
            remaining -= costs[j]
    return added


def equal_split_money(
    instance: BudgetingInstance, rows: np.ndarray, weights: np.ndarray, projects: Sequence[int]
) -> tuple[tuple[np.ndarray, list[Fraction]], Fraction]:
    """Money each distinct ballot decides when each project's cost is split equally among its
    supporters; returns (label per distinct ballot, value per label) and the unattributed money."""
    costs = instance.exact_costs()
    unattributed = Fraction(0)
    columns = []
    shares = []
    for j in projects:
        count = int(weights[rows[:, j]].sum())
        if count == 0:
            unattributed += Fraction(costs[j])
            continue
        columns.append(j)
        shares.append(Fraction(costs[j]) / count)
    if not columns:
        return (np.zeros(len(rows), dtype=np.int64), [Fraction(0)]), unattributed
    pattern = rows[:, columns]
    keys, _, labels = unique_ballots(pattern)
    values = [
        sum((s for s, bit in zip(shares, key, strict=True) if bit), Fraction(0))
        for key in keys.tolist()
    ]
    return (labels.astype(np.int64).reshape(-1), values), unattributed


def greedy_utilitarian_welfare(
    instance: BudgetingInstance,
    *,
    utility: Utility = "cost",
    tie_breaking: TieBreaking = "lexicographic",
) -> Outcome:
    """Greedy approximation of the utilitarian welfare, skipping projects that do not fit.

    Projects are taken in decreasing order of total satisfaction per unit of cost (with cost
    utilities: number of supporters), ties broken by ``tie_breaking``; each is bought if it
    still fits in what is left of the budget.  The money a voter decided is each selected
    project's cost split equally among its supporters.

    Parameters
    ----------
    instance : BudgetingInstance
    utility : {"cost", "approval"}
        Satisfaction of a supporter: the project's cost, or 1.
    tie_breaking : "lexicographic", "index" or a sequence of project ids
        See :mod:`accord.engine.budgeting.instance`; the default equals pabutools'.

    Returns
    -------
    Outcome

    Examples
    --------
    Three voters; ``a`` has 2 votes, ``b`` and ``c`` one each; budget 5.

    >>> instance = BudgetingInstance.from_lists(
    ...     costs=[4, 2, 1], budget=5, ballots=[["a"], ["a", "b"], ["c"]],
    ...     project_ids=["a", "b", "c"])
    >>> greedy_utilitarian_welfare(instance).selected
    ('a', 'c')
    >>> greedy_utilitarian_welfare(instance, utility="approval").selected
    ('c', 'a')

    With approval utilities ``c`` has 1 vote per unit of cost, ``a`` and ``b`` tie at 1/2;
    the lexicographic tie-breaking prefers ``a``, which still fits (1 + 4 ≤ 5).

    References
    ----------
    Faliszewski et al., "Participatory Budgeting: Data, Tools, and Analysis", IJCAI 2023.
    """
    rows, weights, inverse = unique_ballots(instance.approvals)
    support = np.asarray([int(weights[rows[:, j]].sum()) for j in range(rows.shape[1])])
    priority = instance.priority(tie_breaking)
    added = greedy_pass(instance, support, [], utility, priority)
    chosen = [j for j, _ in added]
    (labels, values), unattributed = equal_split_money(instance, rows, weights, chosen)
    group, money = money_groups([(labels, values)], len(rows))
    costs = instance.exact_costs()
    return Outcome(
        rule=f"greedy[{utility}]",
        selected=tuple(instance.project_ids[j] for j in chosen),
        total_cost=sum((costs[j] for j in chosen), 0),
        budget=instance.budget,
        rounds=tuple(
            SelectionRound(project=instance.project_ids[j], stage="greedy", value=d)
            for j, d in added
        ),
        voter_money_group=group[inverse],
        voter_money=money,
        unattributed_money=unattributed,
    )

"""Greedy rules: buy the best projects first while they fit.

Offers

- :func:`greedy_utilitarian_welfare` (cost and approval utilities) and, used by Equal
  Shares' utilitarian completion, the same greedy pass started from a partial outcome;
- :func:`greedy_by_score`: the rules cities write into their regulations -- projects by
  decreasing score (votes, or points such as 3-2-1 for a voter's first, second and third
  choice), each bought if it fits, or stopping at the first that does not (greedy without
  skipping), with an optional minimum score and caps per category.

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

from collections.abc import Collection, Mapping, Sequence
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

__all__ = ["greedy_by_score", "greedy_utilitarian_welfare"]

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


def greedy_by_score(
    instance: BudgetingInstance,
    scores: Sequence[int | Fraction] | None = None,
    *,
    skip: bool = True,
    min_score: int | Fraction | None = None,
    categories: Sequence[Collection[str]] | None = None,
    category_caps: Mapping[str, int | Fraction] | None = None,
    tie_breaking: TieBreaking = "lexicographic",
) -> Outcome:
    """Projects by decreasing score, each bought while it fits: the rule most cities use.

    Projects are considered in decreasing order of ``scores`` (ties by ``tie_breaking``).
    A project *fits* when its cost is within what is left of the budget and, for each of its
    categories that has a cap, within what is left of that cap. With ``skip=True`` a
    project that does not fit is passed over and the next one is considered ("greedy");
    with ``skip=False`` the rule stops at the first project that does not fit the budget
    ("greedy without skipping", as in Gdynia 2020 and Wrocław), and a project that does not
    fit a category's cap closes that category (no later project of it is bought, the others
    go on). Projects whose score is below ``min_score`` are never bought (a minimum number
    of votes, as in Łódź, Katowice and Warszawa). The money a voter decided is each
    selected project's cost split equally among its supporters.

    Parameters
    ----------
    instance : BudgetingInstance
    scores : sequence of int or Fraction, optional
        One per project: votes, or points (see
        :func:`~accord.engine.budgeting.pabulib_rules.project_scores`); by default the
        number of supporters.
    skip : bool
        Pass over a project that does not fit (default), or stop there.
    min_score : int or Fraction, optional
        The least score a project needs ("at least"; None: no minimum).
    categories : sequence of collections of str, optional
        The categories of each project (e.g. ``election.project_categories()``).
    category_caps : mapping of str to int or Fraction, optional
        The most that may be spent on the projects of a category; categories without a cap
        are limited only by the budget.
    tie_breaking : "lexicographic", "index" or a sequence of project ids

    Returns
    -------
    Outcome
        Rounds carry each selected project's score (stage ``"greedy"``).

    Examples
    --------
    Budget 10; ``a`` (7) has 5 votes, ``b`` (5) 4, ``c`` (3) 3, ``d`` (1) 1:

    >>> instance = BudgetingInstance.from_lists(
    ...     costs=[7, 5, 3, 1], budget=10, project_ids=["a", "b", "c", "d"],
    ...     ballots=[["a"]] * 2 + [["a", "b", "c"]] * 3 + [["b"], ["d"]])
    >>> greedy_by_score(instance).selected
    ('a', 'c')
    >>> greedy_by_score(instance, skip=False).selected
    ('a',)
    >>> greedy_by_score(instance, min_score=4).selected
    ('a',)

    With 3-2-1 points instead of votes, and a cap of 6 on category "green" (``b``, ``c``):

    >>> greedy_by_score(instance, scores=[10, 9, 3, 3]).selected
    ('a', 'c')
    >>> greedy_by_score(instance, categories=[{"road"}, {"green"}, {"green"}, set()],
    ...                 category_caps={"green": 6, "road": 4}).selected
    ('b', 'd')

    References
    ----------
    Faliszewski et al., "Participatory Budgeting: Data, Tools, and Analysis", IJCAI 2023,
    section 3 (the rules recorded in pabulib: greedy, greedy without skipping, thresholds).
    """
    m = instance.num_projects
    rows, weights, inverse = unique_ballots(instance.approvals)
    support = [int(weights[rows[:, j]].sum()) for j in range(m)]
    values = [Fraction(v) for v in (support if scores is None else scores)]
    if len(values) != m:
        raise ValueError(f"{len(values)} scores for {m} projects")
    if categories is not None and len(categories) != m:
        raise ValueError(f"{len(categories)} category sets for {m} projects")
    caps = {c: Fraction(v) for c, v in (category_caps or {}).items()}
    if any(v < 0 for v in caps.values()):
        raise ValueError("category caps must not be negative")
    project_categories = [frozenset(c) for c in categories] if categories is not None else []
    if caps and categories is None:
        raise ValueError("category_caps needs the categories of the projects")
    priority = instance.priority(tie_breaking)
    costs = instance.exact_costs()
    order = sorted(range(m), key=lambda j: (-values[j], priority[j]))
    remaining = Fraction(instance.budget)
    left = dict(caps)
    closed: set[str] = set()
    chosen: list[int] = []
    for j in order:
        if min_score is not None and values[j] < min_score:
            continue
        capped = [c for c in project_categories[j] if c in left] if caps else []
        if any(c in closed for c in capped):
            continue
        if costs[j] > remaining:
            if not skip:
                break
            continue
        over = [c for c in capped if costs[j] > left[c]]
        if over:
            if not skip:
                closed.update(over)
            continue
        chosen.append(j)
        remaining -= costs[j]
        for c in capped:
            left[c] -= costs[j]
    (labels, money), unattributed = equal_split_money(instance, rows, weights, chosen)
    group, voter_money = money_groups([(labels, money)], len(rows))
    options = ["votes" if scores is None else "scores"]
    if not skip:
        options.append("no-skip")
    if min_score is not None:
        options.append(f"min {min_score}")
    if caps:
        options.append("category caps")
    return Outcome(
        rule=f"greedy[{', '.join(options)}]",
        selected=tuple(instance.project_ids[j] for j in chosen),
        total_cost=sum((costs[j] for j in chosen), 0),
        budget=instance.budget,
        rounds=tuple(
            SelectionRound(project=instance.project_ids[j], stage="greedy", value=values[j])
            for j in chosen
        ),
        voter_money_group=group[inverse],
        voter_money=voter_money,
        unattributed_money=unattributed,
    )

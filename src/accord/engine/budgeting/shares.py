"""Who decided the money: the share of an outcome's cost attributed to each voter group or
project category.

Offers :func:`budget_share_by_voter_group` and :func:`budget_share_by_category`.

Definitions (exact Fractions; each share is a fraction of the outcome's total cost):

- *Money decided by a voter.*  Under the Method of Equal Shares, what the voter paid from her
  share of the budget (payments of a project's supporters sum to its cost, so the voters'
  money adds up to the cost of what MES bought; with add-one completion, payments are those
  of the run whose outcome is returned).  Under sequential Phragmén, the voter's final load
  (the loads of a project's supporters grow by exactly its cost).  Under greedy, and for the
  projects that the utilitarian completion adds after MES, each selected project's cost is
  split equally among its supporters.  The cost of a selected project that nobody supports is
  *unattributed* (key ``None``).
- *Share of a voter group.*  The money decided by the group's voters divided by the total
  cost of the outcome.  Voters whose label is missing (``None``) form their own group.
- *Share of a category.*  The cost of the selected projects in the category divided by the
  total cost; a project in ``k`` categories counts ``1/k`` of its cost in each, and a project
  without category counts under ``None``.

Both functions return a dict whose values sum to 1 (for a non-empty outcome).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from accord.engine.budgeting.instance import BudgetingInstance, Outcome

__all__ = ["budget_share_by_category", "budget_share_by_voter_group", "money_by_voter_group"]


def money_by_voter_group(outcome: Outcome, labels: Sequence[Any]) -> dict[Any, Fraction]:
    """Money (exact) decided by each group of voters; ``None`` holds unattributed money.

    Examples
    --------
    >>> from accord.engine.budgeting.greedy import greedy_utilitarian_welfare
    >>> instance = BudgetingInstance.from_lists(
    ...     costs=[4, 2], budget=6, project_ids=["a", "b"], ballots=[["a"], ["a", "b"], []])
    >>> outcome = greedy_utilitarian_welfare(instance)
    >>> money_by_voter_group(outcome, ["F", "M", "F"])
    {'F': Fraction(2, 1), 'M': Fraction(4, 1)}
    """
    label_array = np.asarray(list(labels), dtype=object)
    if len(label_array) != len(outcome.voter_money_group):
        raise ValueError("one label per voter")
    keys, inverse = np.unique(label_array.astype(str), return_inverse=True)
    first = {}
    for position, key_index in enumerate(inverse.reshape(-1).tolist()):
        first.setdefault(key_index, label_array[position])
    pair = inverse.reshape(-1) * len(outcome.voter_money) + outcome.voter_money_group
    counts = np.bincount(pair, minlength=len(keys) * len(outcome.voter_money))
    counts = counts.reshape(len(keys), len(outcome.voter_money))
    money: dict[Any, Fraction] = {}
    for key_index in range(len(keys)):
        label = first[key_index]
        total = sum(
            (int(c) * outcome.voter_money[g] for g, c in enumerate(counts[key_index]) if c),
            Fraction(0),
        )
        money[label] = money.get(label, Fraction(0)) + total
    if outcome.unattributed_money:
        money[None] = money.get(None, Fraction(0)) + outcome.unattributed_money
    return money


def budget_share_by_voter_group(outcome: Outcome, labels: Sequence[Any]) -> dict[Any, Fraction]:
    """Share of the outcome's total cost decided by each voter group.

    Parameters
    ----------
    outcome : Outcome
        Of any rule in :mod:`accord.engine.budgeting`.
    labels : sequence
        One label per voter (e.g. ``election.voter_attribute("sex")``); ``None`` = missing.

    Returns
    -------
    dict
        label → Fraction, summing to 1.

    Examples
    --------
    Two voters pay for ``a`` (cost 4) under Equal Shares, one for ``b`` (cost 2).

    >>> from accord.engine.budgeting.equal_shares import method_of_equal_shares
    >>> instance = BudgetingInstance.from_lists(
    ...     costs=[4, 2], budget=6, project_ids=["a", "b"], ballots=[["a"], ["a"], ["b"]])
    >>> outcome = method_of_equal_shares(instance)
    >>> budget_share_by_voter_group(outcome, ["F", "M", "M"])
    {'F': Fraction(1, 3), 'M': Fraction(2, 3)}
    """
    money = money_by_voter_group(outcome, labels)
    total = Fraction(outcome.total_cost)
    if total == 0:
        return dict.fromkeys(money, Fraction(0))
    return {label: value / total for label, value in money.items()}


def budget_share_by_category(
    outcome: Outcome,
    instance: BudgetingInstance,
    categories: Sequence[frozenset[str] | set[str] | Sequence[str]],
) -> dict[str | None, Fraction]:
    """Share of the outcome's total cost spent on each project category.

    Parameters
    ----------
    outcome : Outcome
    instance : BudgetingInstance
    categories : sequence
        Per project (instance order), its categories, e.g.
        ``election.project_categories()``.

    Returns
    -------
    dict
        category → Fraction, summing to 1; uncategorised projects under ``None``.

    Examples
    --------
    >>> from accord.engine.budgeting.greedy import greedy_utilitarian_welfare
    >>> instance = BudgetingInstance.from_lists(
    ...     costs=[4, 2], budget=6, project_ids=["a", "b"], ballots=[["a"], ["a", "b"]])
    >>> outcome = greedy_utilitarian_welfare(instance)
    >>> budget_share_by_category(outcome, instance, [{"green"}, {"green", "sport"}])
    {'green': Fraction(5, 6), 'sport': Fraction(1, 6)}
    """
    index = {p: j for j, p in enumerate(instance.project_ids)}
    costs = instance.exact_costs()
    spent: dict[str | None, Fraction] = {}
    for project in outcome.selected:
        j = index[project]
        names = sorted(categories[j]) or [None]
        for name in names:
            spent[name] = spent.get(name, Fraction(0)) + Fraction(costs[j]) / len(names)
    total = Fraction(outcome.total_cost)
    if total == 0:
        return dict.fromkeys(spent, Fraction(0))
    return {name: value / total for name, value in spent.items()}

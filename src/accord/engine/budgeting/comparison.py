"""Choosing between the outcomes of several rules by the voters' preferences.

Offers :func:`popularity_comparison`: the outcome that the most voters like best.  This is
the final step of the rule used in Wieliczka's Green Budget 2023 (Equal Shares with add-one
completion, then compared with the greedy outcome) and of pabutools'
``popularity_comparison``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from accord.engine.budgeting.instance import BudgetingInstance, Outcome

__all__ = ["popularity_comparison"]


def popularity_comparison(
    instance: BudgetingInstance,
    outcomes: Sequence[Outcome],
    *,
    utility: Literal["cost", "approval"] = "cost",
) -> Outcome:
    """The outcome that the largest number of voters likes at least as much as every other.

    Each voter's satisfaction with an outcome is the total cost (``utility="cost"``) or the
    number (``"approval"``) of selected projects she supports.  A voter counts for every
    outcome she likes best (ties count for each); the outcome with the largest count wins,
    and among equal counts the one that comes first in ``outcomes``.

    Parameters
    ----------
    instance : BudgetingInstance
    outcomes : sequence of Outcome
        Typically ``[method_of_equal_shares(..., completion="add1"),
        greedy_utilitarian_welfare(...)]``.
    utility : {"cost", "approval"}

    Returns
    -------
    Outcome
        One of ``outcomes``.

    Examples
    --------
    >>> from accord.engine.budgeting.greedy import greedy_utilitarian_welfare
    >>> from accord.engine.budgeting.equal_shares import method_of_equal_shares
    >>> instance = BudgetingInstance.from_lists(
    ...     costs=[3, 3, 2, 2], budget=6, project_ids=["a", "b", "c", "d"],
    ...     ballots=[["a", "b"]] * 4 + [["c", "d"]] * 2)
    >>> mes = method_of_equal_shares(instance)
    >>> greedy = greedy_utilitarian_welfare(instance)
    >>> mes.selected, greedy.selected
    (('a', 'c'), ('a', 'b'))
    >>> popularity_comparison(instance, [mes, greedy]).selected
    ('a', 'b')

    References
    ----------
    equalshares.net, "Wieliczka Green Budget 2023": the Equal Shares outcome was compared
    with the greedy one and kept because more voters preferred it.
    """
    if not outcomes:
        raise ValueError("no outcome to compare")
    index = {p: j for j, p in enumerate(instance.project_ids)}
    values = np.asarray(
        [float(c) if utility == "cost" else 1.0 for c in instance.exact_costs()], dtype=float
    )
    satisfaction = []
    for outcome in outcomes:
        chosen = np.zeros(instance.num_projects)
        picked = [index[p] for p in outcome.selected]
        chosen[picked] = values[picked]
        satisfaction.append(instance.approvals @ chosen)
    # integer costs: float sums of integers below 2**53 are exact
    table = np.vstack(satisfaction)
    best = table.max(axis=0)
    support = (table == best).sum(axis=1)
    return outcomes[int(np.argmax(support))]

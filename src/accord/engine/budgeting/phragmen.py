"""Sequential Phragmén for participatory budgeting.

Offers :func:`sequential_phragmen`.

Voters earn money continuously at the same rate, starting from zero.  As soon as the
supporters of some project have together earned its cost, they buy it and spend all they
have (their *load* becomes the project's new maximal load
``(cost + Σ supporters' loads) / supporters``).  The rule stops at the first project it
would buy that no longer fits in the budget (it does not skip to cheaper projects), as in
pabutools; projects costing more than the whole budget are left out from the start.

Computation: the loads of all voters are floats updated by one matrix product per round,
and every voter's exact load is the (Fraction) new-maximal-load of the last selected project
she supports, so near-ties (relative 1e-9) are re-decided exactly from those values.

References
----------
Brill, Freeman, Janson, Lackner. "Phragmén's Voting Methods and Justified
Representation". AAAI 2017 (seq-Phragmén).  Los, Christoff, Grossi. "Proportional Budget
Allocations: Towards a Systematization". IJCAI 2022, section 4 (the budgeting version).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from accord.engine.budgeting.instance import (
    BudgetingInstance,
    Outcome,
    SelectionRound,
    TieBreaking,
    money_groups,
    unique_ballots,
)

__all__ = ["sequential_phragmen"]

_TIE = 1e-9


def sequential_phragmen(
    instance: BudgetingInstance, *, tie_breaking: TieBreaking = "lexicographic"
) -> Outcome:
    """Sequential Phragmén: buy the project whose supporters can first afford it.

    Parameters
    ----------
    instance : BudgetingInstance
        Approval ballots (other ballot kinds: the projects the ballot names).
    tie_breaking : "lexicographic", "index" or a sequence of project ids
        Among projects reaching exactly the same new maximal load; the default equals
        pabutools'.

    Returns
    -------
    Outcome
        Each round carries the new maximal load; the money a voter decided is her final load
        (the loads of a project's supporters grow by exactly its cost in total).

    Examples
    --------
    Four voters approve ``a`` (cost 2); one approves ``b`` (cost 1); budget 2.5.  ``a``'s
    supporters reach its cost at load 1/2, ``b``'s at load 1, which no longer fits.

    >>> instance = BudgetingInstance.from_lists(
    ...     costs=[2, 1], budget=Fraction(5, 2), project_ids=["a", "b"],
    ...     ballots=[["a"], ["a"], ["a"], ["a", "b"]])
    >>> outcome = sequential_phragmen(instance)
    >>> outcome.selected, [str(r.value) for r in outcome.rounds]
    (('a',), ['1/2'])

    References
    ----------
    Brill et al., AAAI 2017; Los, Christoff & Grossi, IJCAI 2022.
    """
    rows, weights, inverse = unique_ballots(instance.approvals)
    m = instance.num_projects
    costs_x = [Fraction(c) for c in instance.exact_costs()]
    costs_f = np.asarray([float(c) for c in costs_x])
    budget = Fraction(instance.budget)
    priority = instance.priority(tie_breaking)
    columns = np.asfortranarray(rows)
    supporters = [np.flatnonzero(columns[:, j]) for j in range(m)]
    support = np.asarray([int(weights[r].sum()) for r in supporters], dtype=np.int64)
    nz_rows, nz_cols = np.nonzero(rows)
    nz_weights = weights[nz_rows].astype(float)
    # each distinct ballot's load is values[last[r]]; value 0 is the initial load 0
    values: list[Fraction] = [Fraction(0)]
    last = np.zeros(len(rows), dtype=np.int64)
    loads_f = np.zeros(len(rows))
    alive = np.asarray([costs_x[j] <= budget for j in range(m)], dtype=bool)
    spent = Fraction(0)
    selected: list[int] = []
    rounds: list[SelectionRound] = []
    with np.errstate(divide="ignore", invalid="ignore"):
        while alive.any():
            sums = np.bincount(nz_cols, weights=nz_weights * loads_f[nz_rows], minlength=m)
            new_load = np.where(support > 0, (sums + costs_f) / support, np.inf)
            masked = np.where(alive, new_load, np.inf)
            best = masked.min()
            if np.isfinite(best):
                candidates = np.flatnonzero(alive & (masked <= best * (1 + _TIE))).tolist()
                exact = {}
                for j in candidates:
                    picked = supporters[j]
                    totals = np.bincount(last[picked], weights=weights[picked])
                    load_sum = sum(
                        (round(c) * values[v] for v, c in enumerate(totals.tolist()) if c),
                        Fraction(0),
                    )
                    exact[j] = (load_sum + costs_x[j]) / int(support[j])
                best_x = min(exact.values())
                tied = [j for j in candidates if exact[j] == best_x]
            else:
                best_x = None
                tied = np.flatnonzero(alive).tolist()
            if any(spent + costs_x[j] > budget for j in tied):
                break
            tied.sort(key=lambda j: priority[j])
            chosen = tied[0]
            rounds.append(
                SelectionRound(
                    project=instance.project_ids[chosen],
                    stage="phragmen",
                    value=best_x if best_x is not None else float("inf"),
                    tied=tuple(instance.project_ids[j] for j in tied[1:]),
                )
            )
            selected.append(chosen)
            alive[chosen] = False
            spent += costs_x[chosen]
            if best_x is not None:
                values.append(best_x)
                last[supporters[chosen]] = len(values) - 1
                loads_f[supporters[chosen]] = float(best_x)
    unattributed = sum((costs_x[j] for j in selected if support[j] == 0), Fraction(0))
    group, money = money_groups([(last, values)], len(rows))
    costs = instance.exact_costs()
    return Outcome(
        rule="phragmen",
        selected=tuple(instance.project_ids[j] for j in selected),
        total_cost=sum((costs[j] for j in selected), 0),
        budget=instance.budget,
        rounds=tuple(rounds),
        voter_money_group=group[inverse],
        voter_money=money,
        unattributed_money=unattributed,
    )

"""Slow, obviously-correct reference implementations used to check the fast rules.

Written directly from the definitions with one Fraction budget per voter; no grouping, no
floats, no laziness.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np


def naive_mes(costs, budget, approvals, utility, order, per_voter_budget=None):
    """Selected project indices, in order (``order``: tie-breaking rank per project)."""
    n, m = approvals.shape
    if n == 0:
        return []
    b = [Fraction(budget) / n if per_voter_budget is None else per_voter_budget] * n
    supporters = [[i for i in range(n) if approvals[i, j]] for j in range(m)]
    util = [Fraction(costs[j]) if utility == "cost" else Fraction(1) for j in range(m)]
    selected = [j for j in range(m) if supporters[j] and util[j] > 0 and costs[j] == 0]
    remaining = {j for j in range(m) if supporters[j] and util[j] > 0 and costs[j] > 0}
    while True:
        best = None
        for j in sorted(remaining, key=lambda j: order[j]):
            if sum(b[i] for i in supporters[j]) < costs[j]:
                continue
            # smallest t with Σ min(b_i, t) >= cost, by trying every breakpoint
            budgets = sorted(b[i] for i in supporters[j])
            paid, t = Fraction(0), None
            for r, value in enumerate(budgets):
                candidate = (Fraction(costs[j]) - paid) / (len(budgets) - r)
                if candidate <= value:
                    t = candidate
                    break
                paid += value
            rho = t / util[j]
            if best is None or rho < best[0]:
                best = (rho, j, t)
        if best is None:
            return selected
        _, j, t = best
        selected.append(j)
        remaining.discard(j)
        for i in supporters[j]:
            b[i] -= min(b[i], t)


def naive_add1(costs, budget, approvals, utility, order, exhaustive_stop=True):
    n, m = approvals.shape
    base = Fraction(budget) / n
    supported = [j for j in range(m) if approvals[:, j].any() and costs[j] > 0]
    if utility == "cost":
        supported = [j for j in supported if costs[j] > 0]
    previous = []
    step = 0
    while True:
        outcome = naive_mes(costs, budget, approvals, utility, order, base + step)
        spent = sum(Fraction(costs[j]) for j in outcome)
        if spent > budget:
            return previous
        exhaustive = all(j in outcome or spent + costs[j] > budget for j in supported)
        if (exhaustive_stop and exhaustive) or all(j in outcome for j in supported):
            return outcome
        previous = outcome
        step += 1


def naive_phragmen(costs, budget, approvals, order):
    n, m = approvals.shape
    load = [Fraction(0)] * n
    support = approvals.sum(axis=0)
    remaining = {j for j in range(m) if costs[j] <= budget}
    spent = Fraction(0)
    selected = []
    while remaining:
        values = {}
        for j in remaining:
            if support[j] == 0:
                values[j] = None
            else:
                total = sum(load[i] for i in range(n) if approvals[i, j])
                values[j] = (total + costs[j]) / int(support[j])
        finite = [v for v in values.values() if v is not None]
        if finite:
            best = min(finite)
            tied = [j for j in remaining if values[j] == best]
        else:
            best = None
            tied = list(remaining)
        if any(spent + costs[j] > budget for j in tied):
            return selected
        j = min(tied, key=lambda j: order[j])
        selected.append(j)
        remaining.discard(j)
        spent += costs[j]
        if best is not None:
            for i in range(n):
                if approvals[i, j]:
                    load[i] = best
    return selected


def rank_lexicographic(project_ids):
    order = sorted(range(len(project_ids)), key=lambda j: project_ids[j])
    rank = np.empty(len(project_ids), dtype=int)
    rank[order] = np.arange(len(project_ids))
    return rank

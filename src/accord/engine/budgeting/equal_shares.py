"""The Method of Equal Shares (MES) for participatory budgeting, with its completions.

Offers :func:`method_of_equal_shares` (cost or approval utilities; completion ``None``,
``"add1"``, ``"utilitarian"`` or ``"add1_utilitarian"``).

The rule (Peters & Skowron 2020; Peters, Pierczyński & Skowron 2021).  Each of the ``n``
voters receives ``budget / n``.  In each round, a project ``p`` with cost ``c`` is
*ρ-affordable* if its supporters can pay for it with each paying ``min(b_i, ρ·u_i(p))``;
the rule buys the project with the smallest such ρ (supporters pay that way) and stops when
no project is affordable.  With cost utilities ``u_i(p) = c(p)``, with approval utilities
``u_i(p) = 1``.

Completions.  ``"add1"``: rerun MES with every voter's initial budget increased by one unit
of currency (``increment``), then two, ..., and stop at the first run whose outcome is
exhaustive (no further supported project fits) — return it — or over budget — return the
previous one.  This is pabutools' ``method_of_equal_shares(voter_budget_increment=1)``.
``"utilitarian"``: complete the outcome with the greedy utilitarian rule (same utility),
as pabutools' ``completion_by_rule_combination``.  ``"add1_utilitarian"``: both, in order.

How it is computed.  All supporters of a project have the same utility for it, so the
affordability of a project depends only on its supporters' budgets.  Voters are grouped by
*exact* budget (initially one group; buying a project splits each group into the supporters
and the others, and groups whose exact budgets coincide merge), and identical ballots are
counted once with a weight.  One round is then a handful of numpy operations on a
groups × projects count matrix: with the groups sorted by budget, the cumulative count and
money of the poorest supporters give, for every project at once, the payment cap
``t = (c - money of the poorer groups) / (supporters left)`` at the first group able to pay
it, and ρ = t / u.  These floating-point ρ are accurate to a few ulps because the group
budgets are exact Fractions converted to float each round; every project whose float ρ is
within a relative 1e-9 of the minimum is then recomputed exactly with Fractions, so ties are
decided exactly (as pabutools does with gmpy2 rationals) and the budgets carried from round
to round are exact.  Affordability ("supporters' money ≥ cost") is decided exactly whenever
the float sum is within 1e-12 of the cost.

``exhaustive_stop=False`` skips the exhaustiveness test: the budget grows until the outcome
would exceed it, and the last outcome within the budget is returned; this is how the
equalshares.net implementation completes, and what decided Wieliczka's Green Budget 2023.

Add-one: ``increment_search="linear"`` tries 1, 2, 3, ... increments exactly like pabutools;
``"bisection"`` (default) finds the first increment whose outcome is exhaustive or over
budget by doubling then bisection.  Bisection returns the same outcome as the linear scan
whenever "exhaustive or over budget" stays true once it becomes true as the budget grows;
MES is not budget-monotone in general, so this is an assumption, checked against pabutools
on every pabulib file in shared/data (tests/engine/budgeting) and against the linear scan.

References
----------
Peters, Skowron. "Proportionality and the Limits of Welfarism". EC 2020.
Peters, Pierczyński, Skowron. "Proportional Participatory Budgeting with Additive Utilities".
NeurIPS 2021, section 4 (MES, completion by varying the initial budget).
equalshares.net, "Implementation: completion methods" (add1).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import numpy as np

from accord.engine.budgeting.greedy import equal_split_money, greedy_pass
from accord.engine.budgeting.instance import (
    BudgetingInstance,
    Outcome,
    SelectionRound,
    TieBreaking,
    money_groups,
    unique_ballots,
)

__all__ = ["method_of_equal_shares"]

Utility = Literal["cost", "approval"]
Completion = Literal["add1", "utilitarian", "add1_utilitarian"] | None

_TIE = 1e-9
_EDGE = 1e-12


class _Node:
    """A group's exact budget, kept as its parent's budget minus one payment (computed lazily)."""

    __slots__ = ("parent", "payment", "value")

    def __init__(self, parent: _Node | None, payment: Fraction):
        self.parent = parent
        self.payment = payment
        self.value: Fraction | None = None

    def exact(self) -> Fraction:
        chain = []
        node: _Node | None = self
        while node is not None and node.value is None:
            chain.append(node)
            node = node.parent
        value = node.value if node is not None else Fraction(0)
        for item in reversed(chain):
            value = value - item.payment
            item.value = value
        assert self.value is not None
        return self.value


@dataclass
class _Run:
    selected: list[int]
    rounds: list[SelectionRound]
    labels: np.ndarray
    budgets: list[Fraction]
    per_voter_budget: Fraction


class _Election:
    """Everything MES needs that does not depend on the voters' initial budget."""

    def __init__(self, instance: BudgetingInstance, utility: Utility, tie_breaking: TieBreaking):
        self.instance = instance
        self.utility = utility
        self.rows, self.weights, self.inverse = unique_ballots(instance.approvals)
        self.m = instance.num_projects
        self.costs_x = [Fraction(c) for c in instance.exact_costs()]
        self.costs_f = np.asarray([float(c) for c in self.costs_x])
        columns = np.asfortranarray(self.rows)
        self.supporters = [np.flatnonzero(columns[:, j]) for j in range(self.m)]
        self.supporter_weights = [self.weights[r].astype(float) for r in self.supporters]
        self.support = np.asarray([int(self.weights[r].sum()) for r in self.supporters])
        self.priority = instance.priority(tie_breaking)
        self.ids = instance.project_ids
        if utility == "cost":
            self.util_x = list(self.costs_x)
        elif utility == "approval":
            self.util_x = [Fraction(1)] * self.m
        else:
            raise ValueError(f"unknown utility {utility!r}")
        self.util_f = np.asarray([float(u) for u in self.util_x])
        # projects MES may buy: supported, positive cost and positive utility; free supported
        # projects are bought up front when their utility is positive (pabutools does the same)
        positive_sat = (self.support > 0) & (self.util_f > 0)
        self.free = [j for j in range(self.m) if positive_sat[j] and self.costs_x[j] == 0]
        self.available = positive_sat & (self.costs_f > 0)
        self.n = instance.num_voters

    def _float_payment(self, j: int, labels: np.ndarray, budget_f: np.ndarray) -> float:
        """Float payment cap t of project j (inf when its supporters cannot pay)."""
        rows = self.supporters[j]
        b = budget_f[labels[rows]]
        order = np.argsort(b, kind="stable")
        b = b[order]
        w = self.supporter_weights[j][order]
        money = w * b
        cum_w = np.cumsum(w)
        cum_money = np.cumsum(money)
        cost = self.costs_f[j]
        total = cum_money[-1]
        if total < cost * (1 - _EDGE):
            return np.inf
        if total <= cost * (1 + _EDGE):
            return -1.0  # too close to call: decided exactly by the caller
        left = cum_w[-1] - (cum_w - w)
        cap = (cost - (cum_money - money)) / left
        valid = cap <= b * (1 + _EDGE)
        if not valid.any():
            return float(b[-1])
        return float(cap[np.argmax(valid)])

    def _exact_payment(
        self, j: int, labels: np.ndarray, budget_f: np.ndarray, nodes: list[_Node]
    ) -> Fraction | None:
        """Smallest t with Σ_supporters min(b_i, t) = cost, or None if they cannot pay."""
        rows = self.supporters[j]
        groups, inverse = np.unique(labels[rows], return_inverse=True)
        counts = np.bincount(inverse.reshape(-1), weights=self.supporter_weights[j])
        order = sorted(range(len(groups)), key=lambda q: budget_f[groups[q]])
        # equal floats may hide different exact values: order each run of equal floats exactly
        ordered: list[tuple[Fraction, int]] = []
        position = 0
        while position < len(order):
            end = position + 1
            value = budget_f[groups[order[position]]]
            while end < len(order) and budget_f[groups[order[end]]] == value:
                end += 1
            run = [(nodes[groups[q]].exact(), int(counts[q])) for q in order[position:end]]
            if end - position > 1:
                run.sort(key=lambda pair: pair[0])
            ordered.extend(run)
            position = end
            if ordered and len(ordered) > 0:
                # stop early once the cap is reachable: checked below lazily
                pass
        remaining_cost = self.costs_x[j]
        remaining_voters = int(counts.sum().round())
        for budget, count in ordered:
            t = remaining_cost / remaining_voters
            if t <= budget:
                return t
            remaining_cost -= count * budget
            remaining_voters -= count
        return None

    def run(self, per_voter_budget: Fraction) -> _Run:
        m = self.m
        k = len(self.rows)
        zero = _Node(None, Fraction(0))
        root = _Node(None, per_voter_budget)
        zero.value = Fraction(0)
        root.value = per_voter_budget
        labels = np.ones(k, dtype=np.int64)  # group 0: no money left; group 1: untouched
        nodes: list[_Node] = [zero, root]
        budget_f = np.asarray([0.0, float(per_voter_budget)])
        alive = self.available.copy()
        rho = np.zeros(m)  # lower bounds of ρ; exact once fresh
        fresh = np.zeros(m, dtype=bool)
        payment_f = np.zeros(m)
        selected = list(self.free)
        rounds = [
            SelectionRound(project=self.ids[j], stage="mes", value=Fraction(0)) for j in self.free
        ]
        while k and alive.any():
            # lazy evaluation: ρ only grows as budgets shrink, so stale values are lower bounds
            while True:
                masked = np.where(alive, rho, np.inf)
                j = int(np.argmin(masked))
                if not np.isfinite(masked[j]):
                    break
                stale = np.flatnonzero(alive & ~fresh & (masked <= masked[j] * (1 + _TIE)))
                if fresh[j] and len(stale) == 0:
                    break
                for s in stale.tolist() if len(stale) else [j]:
                    t = self._float_payment(s, labels, budget_f)
                    if t < 0:  # total money too close to the cost: decide exactly
                        exact = self._exact_payment(s, labels, budget_f, nodes)
                        t = np.inf if exact is None else float(exact)
                    fresh[s] = True
                    if not np.isfinite(t):
                        alive[s] = False
                    else:
                        payment_f[s] = t
                        rho[s] = t / self.util_f[s]
            masked = np.where(alive, rho, np.inf)
            best = masked.min()
            if not np.isfinite(best):
                break
            exact_pay: dict[int, Fraction] = {}
            for c in np.flatnonzero(masked <= best * (1 + _TIE)).tolist():
                t = self._exact_payment(c, labels, budget_f, nodes)
                if t is None:
                    alive[c] = False
                else:
                    exact_pay[c] = t
            if not exact_pay:
                continue
            rho_x = {c: exact_pay[c] / self.util_x[c] for c in exact_pay}
            best_x = min(rho_x.values())
            tied = sorted((c for c in rho_x if rho_x[c] == best_x), key=lambda c: self.priority[c])
            chosen = tied[0]
            payment = exact_pay[chosen]
            rounds.append(
                SelectionRound(
                    project=self.ids[chosen],
                    stage="mes",
                    value=best_x,
                    tied=tuple(self.ids[c] for c in tied[1:]),
                )
            )
            selected.append(chosen)
            alive[chosen] = False
            # projects sharing a supporter with the chosen one have a stale ρ now
            fresh[self.rows[self.supporters[chosen]].any(axis=0)] = False
            # supporters pay min(b, t): groups of supporters move to new groups (or to group 0)
            rows = self.supporters[chosen]
            touched = np.unique(labels[rows])
            touched = touched[touched != 0]
            t_f = float(payment)
            old_f = budget_f[touched]
            richer = old_f > t_f * (1 + _EDGE)
            poorer = old_f < t_f * (1 - _EDGE)
            for q in np.flatnonzero(~richer & ~poorer).tolist():
                value = nodes[touched[q]].exact()
                richer[q] = value > payment
                poorer[q] = not richer[q]
            new_ids = np.zeros(len(touched), dtype=np.int64)
            rich = np.flatnonzero(richer)
            new_ids[rich] = len(nodes) + np.arange(len(rich))
            nodes.extend(_Node(nodes[g], payment) for g in touched[rich].tolist())
            budget_f = np.concatenate((budget_f, np.maximum(old_f[rich] - t_f, 0.0)))
            lookup = np.arange(len(nodes) - len(rich), dtype=np.int64)
            lookup[touched] = new_ids
            labels[rows] = lookup[labels[rows]]
            # compact: keep the groups still in use (group 0 always)
            used = np.unique(np.concatenate(([0], labels)))
            if len(used) < len(nodes):
                remap = np.zeros(len(nodes), dtype=np.int64)
                remap[used] = np.arange(len(used))
                labels = remap[labels]
                nodes = [nodes[g] for g in used.tolist()]
                budget_f = budget_f[used]
        budgets = [node.exact() for node in nodes]
        return _Run(selected, rounds, labels, budgets, per_voter_budget)

    def total_cost(self, selected: list[int]) -> Fraction:
        return sum((self.costs_x[j] for j in selected), Fraction(0))

    def is_exhaustive(self, selected: list[int]) -> bool:
        spent = self.total_cost(selected)
        chosen = set(selected)
        budget = Fraction(self.instance.budget)
        return all(
            j in chosen or spent + self.costs_x[j] > budget
            for j in np.flatnonzero(self.available).tolist()
        )


def _add_one(
    election: _Election, base: Fraction, increment: Fraction, search: str, exhaustive_stop: bool
) -> tuple[_Run, int]:
    budget = Fraction(election.instance.budget)
    cache: dict[int, _Run] = {}

    def run(steps: int) -> _Run:
        if steps not in cache:
            cache[steps] = election.run(base + steps * increment)
        return cache[steps]

    def stops(steps: int) -> bool:
        chosen = run(steps).selected
        if election.total_cost(chosen) > budget:
            return True
        return exhaustive_stop and election.is_exhaustive(chosen)

    if search == "linear":
        steps = 0
        while not stops(steps):
            cache.pop(steps - 1, None)
            steps += 1
    elif search == "bisection":
        if stops(0):
            steps = 0
        else:
            low, jump = 0, 1
            while not stops(low + jump):
                low, jump = low + jump, jump * 2
            high = low + jump
            while high - low > 1:
                middle = (low + high) // 2
                if stops(middle):
                    high = middle
                else:
                    low = middle
            steps = high
    else:
        raise ValueError(f"unknown increment_search {search!r}")
    final = run(steps)
    if election.total_cost(final.selected) > budget:
        if steps == 0:  # cannot happen: MES never overspends its own budget
            raise AssertionError("MES exceeded the budget")
        return run(steps - 1), steps - 1
    return final, steps


def method_of_equal_shares(
    instance: BudgetingInstance,
    *,
    utility: Utility = "cost",
    completion: Completion = None,
    tie_breaking: TieBreaking = "lexicographic",
    increment: int | Fraction = 1,
    increment_search: Literal["bisection", "linear"] = "bisection",
    exhaustive_stop: bool = True,
) -> Outcome:
    """Method of Equal Shares, optionally completed by add-one and/or greedy utilitarian.

    Parameters
    ----------
    instance : BudgetingInstance
    utility : {"cost", "approval"}
        A supporter's utility for a project: its cost (default, as in most real uses and
        in pabutools' ``Cost_Sat``) or 1 (``Cardinality_Sat``).
    completion : {None, "add1", "utilitarian", "add1_utilitarian"}
        See the module docstring.
    tie_breaking : "lexicographic", "index" or a sequence of project ids
        Order used when projects have exactly the same ρ; the default equals pabutools'.
    increment : int or Fraction
        Add-one completion: money added to each voter's initial budget per step (1 unit).
    increment_search : {"bisection", "linear"}
        Add-one completion: how the number of increments is found (module docstring).
    exhaustive_stop : bool
        Add-one completion: stop at the first exhaustive outcome (default, as pabutools'
        ``voter_budget_increment``), or only when the next outcome would exceed the budget
        (``False``, as the equalshares.net implementation used in Wieliczka 2023).

    Returns
    -------
    Outcome
        Rounds carry each project's ρ (price per unit of utility); ``voter_money`` is what
        each voter paid under MES plus, for projects added by the utilitarian completion,
        an equal share of their cost.

    Examples
    --------
    Peters, Pierczyński & Skowron (2021), a two-camp example: 6 voters, budget 6; voters
    1-4 like ``a`` and ``b`` (cost 3 each), voters 5-6 like ``c`` and ``d`` (cost 2 each).
    Each voter gets 1; the majority affords one of its projects and a half, the minority one.

    >>> instance = BudgetingInstance.from_lists(
    ...     costs=[3, 3, 2, 2], budget=6, project_ids=["a", "b", "c", "d"],
    ...     ballots=[["a", "b"]] * 4 + [["c", "d"]] * 2)
    >>> outcome = method_of_equal_shares(instance)
    >>> outcome.selected, outcome.total_cost
    (('a', 'c'), 5)
    >>> [str(r.value) for r in outcome.rounds]
    ['1/4', '1/2']
    >>> method_of_equal_shares(instance, completion="utilitarian").selected
    ('a', 'c')
    >>> method_of_equal_shares(instance, completion="add1").selected
    ('a', 'c')

    ``a`` costs each of its supporters 3/4 (ρ = 3/4 per unit of utility 3), ``c`` costs its
    supporters their whole share.  The 1 left buys nothing, so the outcome is exhaustive and
    neither completion changes it.

    References
    ----------
    Peters, Skowron. "Proportionality and the Limits of Welfarism". EC 2020.
    Peters, Pierczyński, Skowron. "Proportional Participatory Budgeting with Additive
    Utilities". NeurIPS 2021.
    """
    if completion not in (None, "add1", "utilitarian", "add1_utilitarian"):
        raise ValueError(f"unknown completion {completion!r}")
    election = _Election(instance, utility, tie_breaking)
    n = instance.num_voters
    if n == 0:
        base = Fraction(0)
        result = _Run([], [], np.zeros(0, dtype=np.int64), [base], base)
        steps = 0
    else:
        base = Fraction(instance.budget) / n
        if completion in ("add1", "add1_utilitarian"):
            result, steps = _add_one(
                election, base, Fraction(increment), increment_search, exhaustive_stop
            )
        else:
            result, steps = election.run(base), 0
    selected = list(result.selected)
    rounds = list(result.rounds)
    spent = [result.per_voter_budget - b for b in result.budgets]
    parts: list[tuple[np.ndarray, list[Fraction]]] = [(result.labels, spent)]
    unattributed = Fraction(0)
    if completion in ("utilitarian", "add1_utilitarian"):
        added = greedy_pass(instance, election.support, selected, utility, election.priority)
        rounds += [
            SelectionRound(project=instance.project_ids[j], stage="utilitarian", value=d)
            for j, d in added
        ]
        chosen = [j for j, _ in added]
        selected += chosen
        part, unattributed = equal_split_money(instance, election.rows, election.weights, chosen)
        parts.append(part)
    group, money = money_groups(parts, len(election.rows))
    costs = instance.exact_costs()
    total = sum((costs[j] for j in selected), 0)
    return Outcome(
        rule=f"mes[{utility}, {completion or 'none'}]",
        selected=tuple(instance.project_ids[j] for j in selected),
        total_cost=total,
        budget=instance.budget,
        rounds=tuple(rounds),
        voter_money_group=group[election.inverse] if n else group,
        voter_money=money,
        unattributed_money=unattributed,
        per_voter_budget=result.per_voter_budget,
        increments=steps,
    )

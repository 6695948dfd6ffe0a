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

How it is computed.  All supporters of a project have the same utility for it, so a
project's price depends only on its supporters' budgets.  Identical ballots are counted once
with a weight.  A voter who once could not pay a full share has paid everything (budget 0);
any other voter has paid exactly the payment cap ``t_p`` of every bought project she
supports, so voters fall into groups that share one budget: buying a project moves its
supporters' groups to new groups (or to the empty group).  Each group's budget is kept as a
float, and its exact value is ``b0 - Σ t_p`` over the bought projects its ballots support,
rebuilt from the exact payments (Fractions) only when needed.

A project's float payment cap is one sort and two cumulative sums over its supporters'
budgets: ``t = (c - money of the poorer supporters) / (supporters left)`` at the first
supporter able to pay it, and ρ = t / u.  As budgets only shrink, ρ only grows, so the ρ
of a project whose supporters did not pay is still valid and any stale ρ is a lower bound:
each round recomputes only the projects whose lower bound is within 1e-9 (relative) of the
best (the lazy scheme pabutools also uses).  Every project whose float ρ is within 1e-9 of
the minimum is then recomputed exactly: the surely poorer supporters' money is summed from
the exact payments, the few supporters whose float budget is within 1e-9 of the cap are
compared exactly, and the result is checked against the float estimate (a mismatch falls back
to a fully exact computation).  So ties are decided exactly, as pabutools does with gmpy2
rationals, and payments carried from round to round are exact.  Affordability ("supporters'
money ≥ cost") is decided exactly whenever the float sum is within 1e-12 of the cost.  The
float errors involved are a few ulps (budgets are differences of correctly rounded exact
payments), far inside the 1e-9 windows.

``exhaustive_stop=False`` skips the exhaustiveness test: the budget grows until the outcome
would exceed it, and the last outcome within the budget is returned; this is how the
equalshares.net implementation completes, and what decided Wieliczka's Green Budget 2023.

Add-one search.  :mod:`accord.engine.budgeting.add_one` finds the first increment whose
outcome stops: by default with a search that returns exactly the linear scan's increment and
outcome without running MES at every increment, because it proves whole ranges of
increments to share one outcome (``increment_search="certified"``; ``"linear"`` and
``"bisection"`` are there too).  The proof, the float checks of its numba kernels
(:mod:`accord.engine.budgeting.mes_ranges`) and the search are in
docs/engine/mes-add-one-certificate.md.

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

from accord.engine.budgeting.add_one import RangeArrays, add_one_outcome
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


class _State:
    """Budgets during one MES run.

    A voter who was ever unable to pay a full share has spent everything (budget 0, group 0);
    any other voter has paid exactly ``t_p`` for every selected project ``p`` she supports,
    so her exact budget is ``b0 - Σ t_p`` over those projects.  Groups of voters share one
    float budget; the exact one is rebuilt from the payments only when a float is too close
    to call.
    """

    def __init__(self, election: _Election, per_voter_budget: Fraction):
        k = len(election.rows)
        self.election = election
        self.b0 = per_voter_budget
        self.labels = np.ones(k, dtype=np.int64)  # group 0: spent everything; 1: untouched
        self.budget_f = np.asarray([0.0, float(per_voter_budget)])
        self._representative: np.ndarray | None = None
        self.paid_projects: list[int] = []
        self.paid_amounts: list[Fraction] = []

    def exact_budget(self, group: int) -> Fraction:
        if group == 0:
            return Fraction(0)
        ballot = self.election.rows[self.representative[group]]
        return self.b0 - sum(
            (t for p, t in zip(self.paid_projects, self.paid_amounts, strict=True) if ballot[p]),
            Fraction(0),
        )

    def exact_money(self, rows: np.ndarray, weights: np.ndarray) -> Fraction:
        """Exact total budget of the given distinct ballots (none in group 0)."""
        if len(rows) == 0:
            return Fraction(0)
        total = round(weights.sum()) * self.b0
        if self.paid_projects:
            paid = self.election.rows[np.ix_(rows, self.paid_projects)]
            counts = np.rint(weights @ paid).astype(np.int64).tolist()
            total -= sum(
                (c * t for c, t in zip(counts, self.paid_amounts, strict=True) if c),
                Fraction(0),
            )
        return total

    def pay(self, project: int, payment: Fraction) -> None:
        """The supporters of ``project`` pay ``min(budget, payment)`` each."""
        election = self.election
        rows = election.supporters[project]
        old = self.labels[rows]
        present = np.bincount(old, minlength=len(self.budget_f))
        present[0] = 0
        touched = np.flatnonzero(present)
        t_f = float(payment)
        old_f = self.budget_f[touched]
        richer = old_f > t_f * (1 + _EDGE)
        poorer = old_f < t_f * (1 - _EDGE)
        for q in np.flatnonzero(~richer & ~poorer).tolist():
            richer[q] = self.exact_budget(int(touched[q])) > payment
            poorer[q] = not richer[q]
        rich = np.flatnonzero(richer)
        groups = len(self.budget_f)
        lookup = np.arange(groups, dtype=np.int64)
        lookup[touched] = 0
        lookup[touched[rich]] = groups + np.arange(len(rich))
        self.budget_f = np.concatenate((self.budget_f, np.maximum(old_f[rich] - t_f, 0.0)))
        self.labels[rows] = lookup[old]
        self.paid_projects.append(project)
        self.paid_amounts.append(payment)
        if len(self.budget_f) > 2 * len(self.labels) + 16:  # drop groups left empty
            in_use = np.bincount(self.labels, minlength=len(self.budget_f)) > 0
            in_use[0] = True
            used = np.flatnonzero(in_use)
            remap = np.zeros(len(self.budget_f), dtype=np.int64)
            remap[used] = np.arange(len(used))
            self.labels = remap[self.labels]
            self.budget_f = self.budget_f[used]
        self._representative = None

    @property
    def representative(self) -> np.ndarray:
        """A current member of every group (members share their paid projects)."""
        if self._representative is None:
            representative = np.zeros(len(self.budget_f), dtype=np.int64)
            representative[self.labels] = np.arange(len(self.labels))
            self._representative = representative
        return self._representative

    def spent(self) -> tuple[np.ndarray, list[Fraction]]:
        """Exact money each distinct ballot spent: (label per ballot, value per label)."""
        election = self.election
        broke = self.labels == 0
        if self.paid_projects:
            pattern = election.rows[:, self.paid_projects]
        else:
            pattern = np.zeros((len(election.rows), 0), dtype=bool)
        pattern = np.concatenate((broke[:, None], pattern), axis=1)
        keys, _, inverse = unique_ballots(pattern)
        values = []
        for key in keys.tolist():
            if key[0]:
                values.append(self.b0)
            else:
                values.append(
                    sum(
                        (t for bit, t in zip(key[1:], self.paid_amounts, strict=True) if bit),
                        Fraction(0),
                    )
                )
        return inverse.reshape(-1).astype(np.int64), values


@dataclass
class _Run:
    selected: list[int]
    rounds: list[SelectionRound]
    state: _State | None
    per_voter_budget: Fraction

    def spent(self, k: int) -> tuple[np.ndarray, list[Fraction]]:
        if self.state is None:
            return np.zeros(k, dtype=np.int64), [Fraction(0)]
        return self.state.spent()


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
        self._range_arrays: RangeArrays | None = None

    def range_arrays(self) -> RangeArrays:
        """The arrays of the certified search's kernels (built on first use)."""
        if self._range_arrays is None:
            self._range_arrays = RangeArrays.of(self)
        return self._range_arrays

    def _float_payment(self, j: int, state: _State) -> float:
        """Float payment cap t of project j (inf when its supporters cannot pay)."""
        rows = self.supporters[j]
        b = state.budget_f[state.labels[rows]]
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

    def _exact_payment(self, j: int, state: _State, estimate: float) -> Fraction | None:
        """Smallest t with Σ_supporters min(b_i, t) = cost, or None if they cannot pay.

        ``estimate`` (the float t, or a negative number if unknown) splits the supporters
        into surely poorer (they pay all they have: summed exactly from the payments),
        surely richer (they pay t) and the few in between, decided one group at a time.
        """
        rows = self.supporters[j]
        weights = self.supporter_weights[j]
        groups = state.labels[rows]
        budgets = state.budget_f[groups]
        broke = groups == 0
        if estimate > 0:
            poor = ~broke & (budgets < estimate * (1 - _TIE))
            rich = budgets > estimate * (1 + _TIE)
        else:
            poor = np.zeros(len(rows), dtype=bool)
            rich = np.zeros(len(rows), dtype=bool)
        unsure = ~broke & ~poor & ~rich
        remaining_cost = self.costs_x[j] - state.exact_money(rows[poor], weights[poor])
        remaining_voters = int(self.support[j]) - round(weights[broke | poor].sum())
        ordered: list[tuple[Fraction, int]] = []
        if unsure.any():
            unsure_groups, inverse = np.unique(groups[unsure], return_inverse=True)
            counts = np.rint(np.bincount(inverse.reshape(-1), weights=weights[unsure]))
            ordered = sorted(
                (state.exact_budget(int(g)), int(c))
                for g, c in zip(unsure_groups.tolist(), counts.tolist(), strict=True)
            )
        for budget, count in ordered:
            t = remaining_cost / remaining_voters
            if t <= budget:
                break
            remaining_cost -= count * budget
            remaining_voters -= count
        else:
            if remaining_voters == 0:
                return None
            t = remaining_cost / remaining_voters
        if rich.any():
            # the surely richer must indeed afford t (they do unless the estimate was off)
            lowest = budgets[rich].min()
            candidates = np.unique(groups[rich & (budgets == lowest)])
            if any(t > state.exact_budget(int(g)) for g in candidates.tolist()):
                return self._exact_payment(j, state, -1.0)
        if poor.any() and estimate > 0 and abs(float(t) - estimate) > estimate * _TIE / 2:
            return self._exact_payment(j, state, -1.0)
        return t

    def run(self, per_voter_budget: Fraction) -> _Run:
        m = self.m
        k = len(self.rows)
        state = _State(self, per_voter_budget)
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
                    t = self._float_payment(s, state)
                    if t < 0:  # total money too close to the cost: decide exactly
                        exact = self._exact_payment(s, state, -1.0)
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
                t = self._exact_payment(c, state, float(payment_f[c]))
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
            state.pay(chosen, exact_pay[chosen])
        return _Run(selected, rounds, state, per_voter_budget)

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


def method_of_equal_shares(
    instance: BudgetingInstance,
    *,
    utility: Utility = "cost",
    completion: Completion = None,
    tie_breaking: TieBreaking = "lexicographic",
    increment: int | Fraction = 1,
    increment_search: Literal["certified", "linear", "bisection"] = "certified",
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
        Add-one completion: money added to each voter's initial budget per step (1 unit);
        must be positive (0 or less once made add-one loop for ever; a ValueError now). There
        are at most (total cost of the supported projects) / increment + 1 steps: once each
        voter has that much, every supported project is bought and the search stops. With
        ``"linear"`` each step is a MES run.
    increment_search : {"certified", "linear", "bisection"}
        Add-one completion: skip ranges of increments whose outcome is certified not to
        change (default; the same result as trying every increment), try every increment
        (``"linear"``, as pabutools), or bisect (not always the same outcome).  See
        :mod:`accord.engine.budgeting.add_one`.
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
    if increment_search not in ("certified", "linear", "bisection"):
        raise ValueError(f"unknown increment_search {increment_search!r}")
    try:
        step = Fraction(increment)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"increment must be a positive number, got {increment!r}") from None
    if step <= 0:  # the budget would never grow: add-one would loop for ever
        raise ValueError(f"increment must be positive, got {increment!r}")
    election = _Election(instance, utility, tie_breaking)
    n = instance.num_voters
    if n == 0:
        base = Fraction(0)
        result = _Run([], [], None, base)
        steps = 0
    else:
        base = Fraction(instance.budget) / n
        if completion in ("add1", "add1_utilitarian"):
            result, steps = add_one_outcome(election, base, step, increment_search, exhaustive_stop)
        else:
            result, steps = election.run(base), 0
    selected = list(result.selected)
    rounds = list(result.rounds)
    parts: list[tuple[np.ndarray, list[Fraction]]] = [result.spent(len(election.rows))]
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

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

Add-one search.  Three ways to find the first increment whose outcome stops:

- ``increment_search="certified"`` (default) returns exactly what the linear scan returns
  (same increment, same outcome) without running MES at every increment; argument below.
- ``"linear"`` tries 1, 2, 3, ... increments exactly like pabutools, each a full MES run
  (the reference; 22,001 runs on Hungary_Budapest_2024).
- ``"bisection"`` finds an increment whose outcome is exhaustive or over budget by doubling
  then bisection, about 2·log2(k) runs instead of k: it returns the same outcome as the
  linear scan only if "exhaustive or over budget" stays true once it becomes true as the
  budget grows.  MES is not budget-monotone and this fails on real data: on
  Poland_Lodz_2022 the outcome at +59 PLN per voter exceeds the budget, so the linear scan
  (and pabutools) returns the +58 outcome (5,985,880 PLN); from +61 to +65 the outcomes are
  back within the budget and not exhaustive, and bisection (which looks at +32, +64, +128,
  ...) ends at +66 (6,107,880 PLN, one project more).  On the other files of shared/data
  both agree (``tests/engine/budgeting/oracles/add1_linear_vs_bisection.json``).

Certified add-one search: why it is exact.  Write b for the initial budget per voter.  The
stop test of a run depends only on the set of projects bought, so it is enough to know the
outcome on whole ranges of b.

*Monotonicity along a fixed sequence.*  Buy a fixed sequence of projects s_1, s_2, ... in
this order at budget b, each supporter paying min(her money, t) where the payment cap t is
the smallest t with Σ_i w_i·min(β_i, t) ≥ cost.  A voter's money is then max(0, b - Σ t_p)
over the projects bought so far that she supports (because max(0, max(0, x) - t) =
max(0, x - t) for t ≥ 0), and a payment cap does not increase when any β_i increases.  By
induction over the rounds, every voter's money is non-decreasing in b, and every payment cap
and every ρ (of a bought project or of any other, at any round) is non-increasing in b.
Within one budget, ρ of a project only grows from round to round (budgets only shrink), and
it is never below cost / (supporters · utility) (each supporter pays at most ρ·utility).

*The certificate.*  Let lo ≤ hi.  Suppose a sequence s_1..s_R satisfies, in every round r:
(i) ρ of s_r at lo, after s_1..s_r-1 were bought at lo, is at most c_r; (ii) every other
project p not yet bought is, at hi after s_1..s_r-1 were bought at hi, either unaffordable
(its supporters have less money than its cost) or has ρ_p > c_r (≥ c_r if the tie-breaking
prefers s_r to p); and (iii) after s_R every project left is unaffordable at hi.  Then MES
buys exactly s_1..s_R at every budget b in [lo, hi].  Induction over the rounds: if MES at b
bought s_1..s_r-1, its budgets are those of the fixed sequence; s_r is affordable at b (it
is at lo, and money grows with b) with ρ(b) ≤ ρ(lo) ≤ c_r; every other project p has less
money at b than at hi, hence is unaffordable, or has ρ_p(b) ≥ ρ_p(hi) > c_r (≥, and then
the tie goes to s_r); so MES buys s_r.  After s_R nothing is affordable at b (money at b ≤
money at hi), so MES stops.  Hence every increment in [lo, hi] has the same outcome, and the
same stop test.

*Checking it in floats* (:mod:`accord.engine.budgeting.mes_ranges`, numba kernels).  At lo it keeps a lower bound of every voter's money (it pays an upper bound of the
payment cap), at hi an upper bound (it pays a lower bound): as money only enters through
min and max, the bounds stay bounds.  A lower bound of a payment cap is any (cost - money of
a set P of supporters) / (weight of the others), since Σ_i w_i·min(β_i, t) ≤ Σ_P w_i·β_i +
(weight outside P)·t; Newton's iterates from cost / Σ w are such values, computed with a
float error bounded by (n + 4)·u·(cost + money) / (weight outside P), u = 2^-53, which is
subtracted.  An upper bound is any t' whose float Σ w_i·min(β_i, t'), minus its error bound,
reaches the cost.  Exact ties are decided with integers: if at lo every supporter with money
(weight k) surely has cost / k, then ρ_{s_r} ≤ cost / (k·utility); at hi only the k' with
money pay for p, so ρ_p ≥ cost_p / (k'·utility_p); the ratios are compared by
cross-multiplying integers below 2^53 (exact in floats; otherwise this shortcut is off).  So
a certified range is certain, and a failed check only means "could not tell".

*Shifted bounds: comparing at the same budget.*  Condition (ii) compares ρ of s_r at lo
with ρ_p at hi.  When both fall as b grows (they share supporters), the condition fails on
all but short ranges although s_r stays cheaper than p at every single b.  A second,
stronger test per competitor compares them at the same b, on the whole range at once: if a
*concave* function G(b) ≤ ρ_p(b) and a *convex* function T(b) ≥ ρ_{s_r}(b) satisfy G > T
at lo and at hi, then G - T, concave, is positive on all of [lo, hi] (≥ with the tie going
to s_r likewise).  Any per-competitor choice between the two tests is valid, since each
proves ρ_p(b) > ρ_{s_r}(b) at every b of the range, given the rounds before.

- *T, the lower chain.*  Let t(β) be the payment cap at budgets β (for any real β, negative
  ones included): its epigraph {(β, τ): Σ w_i·min(β_i, τ) ≥ cost} is a superlevel set of a
  concave function, so t is convex, and it is non-increasing in every β_i.  Start from
  D(b) = b for every voter and, in each round, set D_i to D_i - t_r(D) or to 0 (either;
  the chain takes 0 for the voters the low run left with nothing).  By induction D(b) ≤ the
  true budgets at b (t_r(D) ≥ the true cap, and the true money after the round is
  max(0, β_i - t_r)), and each D_i is concave in b (concave minus convex, or 0), so
  T_r(b) = t_r(D(b)) / utility is convex (non-increasing convex of concave) and ≥ ρ of
  s_r at b.  Its value at lo is the low run's ceiling; at hi it is computed by running the
  same chain at hi.
- *G, the upper chain.*  For any split P of p's supporters, (cost - Σ_P w_i·U_i(b)) /
  (weight outside P) ≤ t_p(b) whenever U(b) bounds the budgets from above; it is concave
  in b if every U_i is convex.  U(b) = b to start, and after each round max(0, U_i(b) -
  L(b)), with L(b) that same expression for the bought project and a split chosen once
  (at hi): convex (max of convex), and above the true budgets.  The high side's budgets
  are this chain at hi; the same splits are replayed at lo.  So G(hi) is the usual lower
  bound at hi, and G(lo) ≥ it, close to ρ_p at lo unless voters cross a payment cap in
  between.

Floats: each chain keeps one-sided bounds, as above (the lower chain at hi lower bounds,
with an upper bound of each cap checked by its float sum; the upper chain at lo upper
bounds), so the float G and T values are bounds of the exact ones
(:func:`accord.engine.budgeting.mes_ranges.high_check`).  Checked directly by
``tests/engine/budgeting/test_budgeting_ranges.py``: every range the kernel accepts, on
random elections, has the certified outcome at each of its increments, computed exactly.

*The search.*  The low side of the check depends on lo only and the high side on hi
(given the low side's proposals): from lo = 0 upwards, the proposals at lo come from a
low run (``low_run``), or, after a range of 8 increments or more, from replaying the last
range's sequence (``replay_low``: only the proposals are priced; the check does not need
them to be MES's choice at lo, only their ceilings, and a wrong sequence fails the check,
after which the low run is asked).  Ranges [lo, hi] are then checked at the high end only
(``high_check``), from a first length of half the mean so far: doubling while it
certifies; after a failure, the check's hint (where the failed comparison would turn if it
were linear in b) picks the next length, or halfway; at most 8 checks, refining to a
quarter of the length.  If not even [lo, lo] certifies, that increment is computed exactly
with the Fraction-checked run above.  The next range starts after the longest one
certified.  The first range whose set stops holds the first stopping increment, which is
its lowest one: exactly the increment where the linear scan stops.  The returned outcome
(rounds, payments) is then computed exactly at that increment, or at the previous one if it
is over budget, as in the linear scan.  Checked: the same increment and selection as the
linear scan on every file of shared/data where the linear scan ran, and on thousands of
random elections (``tests/engine/budgeting``).

*Cost.*  On Hungary_Budapest_2024 (255,820 supporter entries), 22,001 increments take
336 ranges: 130 low runs (about 6 ms each), 240 replays (about 1.2 ms) and 1,700
range checks (about 2.5 ms), for a sequence that changes about 120 times; with the
monotone test alone they took 1,700 ranges and 5,300 checks.

References
----------
Peters, Skowron. "Proportionality and the Limits of Welfarism". EC 2020.
Peters, Pierczyński, Skowron. "Proportional Participatory Budgeting with Additive Utilities".
NeurIPS 2021, section 4 (MES, completion by varying the initial budget).
equalshares.net, "Implementation: completion methods" (add1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, NamedTuple

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
_U = 2.0**-53  # unit roundoff of float64
_REFINE = 4  # certified add-one search: refine a range length to 1/_REFINE of itself
_TRIES = 8  # certified add-one search: range checks per range at most
_REPLAY = 8  # certified add-one search: replay the sequence after a range this long


class _RangeArrays(NamedTuple):
    """What the kernels of :mod:`accord.engine.budgeting.mes_ranges` need besides the
    budgets, built once per election: projects in CSR form (``ptr``, ``idx`` = the distinct
    ballots supporting each project, ``sweights`` = their weights); ``static_lower`` bounds
    ρ from below whatever the budgets (cost / (support · utility)); ``exact_ratios``: costs
    and supports are integers small enough that products of two are exact floats;
    ``cost_utility``: u = cost (else u = 1); ``neighbours[p, q]``: p and q share a supporter.
    """

    ptr: np.ndarray
    idx: np.ndarray
    sweights: np.ndarray
    costs: np.ndarray
    utils: np.ndarray
    priority: np.ndarray
    static_lower: np.ndarray
    exact_ratios: bool
    cost_utility: bool
    available: np.ndarray
    neighbours: np.ndarray
    num_ballots: int

    def low_args(self) -> tuple:
        """:func:`~accord.engine.budgeting.mes_ranges.low_run`'s arguments after lo."""
        return (
            self.ptr,
            self.idx,
            self.sweights,
            self.costs,
            self.utils,
            self.priority,
            self.static_lower,
            self.available,
            self.neighbours,
            self.num_ballots,
            self.exact_ratios,
        )

    def replay_args(self) -> tuple:
        """:func:`~accord.engine.budgeting.mes_ranges.replay_low`'s arguments after lo and
        the sequence."""
        return (
            self.ptr,
            self.idx,
            self.sweights,
            self.costs,
            self.utils,
            self.num_ballots,
            self.exact_ratios,
        )

    def high_args(self) -> tuple:
        """:func:`~accord.engine.budgeting.mes_ranges.high_check`'s arguments after hi, lo
        and the proposals."""
        return (
            self.ptr,
            self.idx,
            self.sweights,
            self.costs,
            self.utils,
            self.priority,
            self.static_lower,
            self.cost_utility,
            self.available,
            self.neighbours,
            self.num_ballots,
        )


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
        self._range_arrays: _RangeArrays | None = None

    def range_arrays(self) -> _RangeArrays:
        """The arrays of the certified search's kernels (built on first use)."""
        if self._range_arrays is None:
            ptr = np.zeros(self.m + 1, dtype=np.int64)
            ptr[1:] = np.cumsum([len(r) for r in self.supporters])
            idx = np.zeros(0, dtype=np.int64)  # the distinct ballots supporting each project
            if self.supporters:
                idx = np.concatenate(self.supporters).astype(np.int64)
            sweights = np.zeros(0)
            if self.supporter_weights:
                sweights = np.concatenate(self.supporter_weights).astype(float)
            # ρ ≥ cost / (support · utility) whatever the budgets (each pays at most ρ·u)
            static_lower = np.full(self.m, np.inf)
            for j in np.flatnonzero(self.available).tolist():
                ratio = self.costs_x[j] / (int(self.support[j]) * self.util_x[j])
                static_lower[j] = float(ratio) * (1 - 4 * _U)
            largest = max(int(self.support.max(initial=0)), 1)
            exact_ratios = all(
                c.denominator == 1 and c * largest < 2**53 for c in self.costs_x
            ) and bool(np.all(self.weights == np.rint(self.weights)))
            neighbours = np.zeros((self.m, self.m), dtype=bool)
            for j, rows in enumerate(self.supporters):
                neighbours[j] = self.rows[rows].any(axis=0)
            self._range_arrays = _RangeArrays(
                ptr=ptr,
                idx=idx,
                sweights=sweights,
                costs=self.costs_f.astype(float),
                utils=self.util_f.astype(float),
                priority=np.asarray(self.priority, dtype=np.int64),
                static_lower=static_lower,
                exact_ratios=exact_ratios,
                cost_utility=self.utility == "cost",
                available=self.available.copy(),
                neighbours=neighbours,
                num_ballots=len(self.rows),
            )
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


def _certified_search(
    election: _Election,
    base: Fraction,
    increment: Fraction,
    stops_at: Callable[[list[int]], bool],
) -> int:
    """The first number of increments whose MES outcome ``stops_at`` (module docstring,
    "Certified add-one search").

    From lo = 0 upwards: the proposals at lo are priced once (the last range's sequence
    replayed by :func:`~accord.engine.budgeting.mes_ranges.replay_low`, or MES's own by
    :func:`~accord.engine.budgeting.mes_ranges.low_run`), then ranges [lo, hi] are
    certified by :func:`~accord.engine.budgeting.mes_ranges.high_check` at growing or
    shrinking hi, steered by its hints; if not even [lo, lo] is certified, the increment lo
    is computed exactly.  The next range starts after the longest one certified.
    """
    from accord.engine.budgeting.mes_ranges import high_check, low_run, replay_low

    arrays = election.range_arrays()
    low_args, replay_args, high_args = arrays.low_args(), arrays.replay_args(), arrays.high_args()
    free = list(election.free)

    def hint(proposals: tuple, length: int) -> float:
        """:func:`high_check` of [lo, lo + length - 1]: > 1 if certified, else a hint."""
        high = float(base + (lo + length - 1) * increment) * (1 + 2 * _U)  # ≥ exact at hi
        return float(high_check(high, low, *proposals, *high_args))

    def longest(proposals: tuple, size: int, replayed: bool) -> int:
        """The longest length from lo certified by the search (0 if none, -1 if lo stops).

        From a first guess ``size``: doubling while certified; after a failure, the next
        length tried is where the failed comparison would turn, as :func:`high_check`
        estimates it, or halfway (a hint is only a guess: every length is checked)."""
        good, bad, guessed = 0, 0, False
        for _ in range(_TRIES):
            result = hint(proposals, size)
            if result > 1:
                if good == 0 and stops_at(free + proposals[0].tolist()):
                    return -1  # (no need to look further: a longer range has the same set)
                good = size
                if bad == 0:
                    size *= 2
                    continue
            else:
                bad = size
                if result < 0 and replayed and good == 0 and size > 1:
                    if hint(proposals, 1) < 1:
                        return 0  # probably not MES's sequence at lo: ask the low run
                    good = 1
            if bad - good <= max(1, good // _REFINE):
                break
            if 0 <= result < 1:  # just failed: try where the failed comparison turns
                size = int(result * (bad - 1))
                if size < 1 and good > 0:
                    break  # it turns within one increment of lo
                guessed = True
            elif result > 1 and guessed:  # certified where a comparison was guessed to turn
                size = good + (bad - good) // _REFINE
                guessed = False
            else:
                size = (good + bad) // 2
            size = min(max(size, good + 1), bad - 1)
        return good

    lo, length, sequence = 0, 1, None
    covered, ranges = 0, 0
    while True:
        low = float(base + lo * increment) * (1 - 2 * _U)  # ≤ the exact budget at lo
        # first guess: half the mean length so far (on Budapest this beat twice the last
        # length by a fifth of the range checks: lengths swing from 1 to hundreds)
        guess = max(covered // (2 * max(ranges, 1)), 1)
        best = 0
        if sequence is not None and length >= _REPLAY:
            affordable, *proposals = replay_low(low, sequence, *replay_args)
            if affordable:
                best = longest(tuple(proposals), guess, replayed=True)
        if best == 0:
            proposals = low_run(low, *low_args)
            best = longest(tuple(proposals), guess, replayed=False)
        if best < 0:
            return lo
        if best > 0:
            sequence = proposals[0]
            chosen = free + sequence.tolist()
        else:
            best, sequence = 1, None
            chosen = election.run(base + lo * increment).selected
        if stops_at(chosen):
            return lo
        lo, length = lo + best, best
        covered, ranges = covered + best, ranges + 1


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
        return stops_at(run(steps).selected)

    def stops_at(chosen: list[int]) -> bool:
        if election.total_cost(chosen) > budget:
            return True
        if len(chosen) - len(election.free) == int(election.available.sum()):
            return True  # everything MES could buy is bought: more money changes nothing
        return exhaustive_stop and election.is_exhaustive(chosen)

    if search == "linear":
        steps = 0
        while not stops(steps):
            cache.pop(steps - 1, None)
            steps += 1
    elif search == "certified":
        steps = _certified_search(election, base, increment, stops_at)
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
        Add-one completion: money added to each voter's initial budget per step (1 unit).
    increment_search : {"certified", "linear", "bisection"}
        Add-one completion: skip ranges of increments whose outcome is certified not to
        change (default; the same result as trying every increment), try every increment
        (``"linear"``, as pabutools), or bisect (not always the same outcome).  See the
        module docstring.
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
        result = _Run([], [], None, base)
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

"""The add-one completion of MES: find the first increment of the voters' budget whose
outcome stops, by a search certified with the kernels of
:mod:`accord.engine.budgeting.mes_ranges`.

:func:`add_one_outcome` is what
:func:`~accord.engine.budgeting.equal_shares.method_of_equal_shares` calls for
``completion="add1"``; it finds the first increment whose outcome is exhaustive
(no further supported project fits) or over budget in one of three ways
(``increment_search``):

- ``"certified"`` (default, :func:`certified_search`) returns exactly what the linear scan
  returns (same increment, same outcome) without running MES at every increment: it proves
  whole ranges of increments to share one outcome, with float bounds on every voter's money
  at both ends of the range (:class:`RangeArrays` holds what the kernels read).  The
  argument, the float checks and the search are in docs/engine/mes-add-one-certificate.md.
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

The kernels are imported on first use, so importing the budgeting rules does not import
numba (about 0.4 s).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from accord.engine.budgeting.equal_shares import _Election, _Run

__all__ = ["RangeArrays", "add_one_outcome", "certified_search"]

_U = 2.0**-53  # unit roundoff of float64
_REFINE = 4  # refine a range length to 1/_REFINE of itself
_TRIES = 8  # range checks per range at most
_REPLAY = 8  # replay the sequence after a range this long


class RangeArrays(NamedTuple):
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

    @classmethod
    def of(cls, election: _Election) -> RangeArrays:
        """Build the arrays of an election (``_Election.range_arrays`` keeps them)."""
        ptr = np.zeros(election.m + 1, dtype=np.int64)
        ptr[1:] = np.cumsum([len(r) for r in election.supporters])
        idx = np.zeros(0, dtype=np.int64)  # the distinct ballots supporting each project
        if election.supporters:
            idx = np.concatenate(election.supporters).astype(np.int64)
        sweights = np.zeros(0)
        if election.supporter_weights:
            sweights = np.concatenate(election.supporter_weights).astype(float)
        # ρ ≥ cost / (support · utility) whatever the budgets (each pays at most ρ·u)
        static_lower = np.full(election.m, np.inf)
        for j in np.flatnonzero(election.available).tolist():
            ratio = election.costs_x[j] / (int(election.support[j]) * election.util_x[j])
            static_lower[j] = float(ratio) * (1 - 4 * _U)
        largest = max(int(election.support.max(initial=0)), 1)
        exact_ratios = all(
            c.denominator == 1 and c * largest < 2**53 for c in election.costs_x
        ) and bool(np.all(election.weights == np.rint(election.weights)))
        neighbours = np.zeros((election.m, election.m), dtype=bool)
        for j, rows in enumerate(election.supporters):
            neighbours[j] = election.rows[rows].any(axis=0)
        return cls(
            ptr=ptr,
            idx=idx,
            sweights=sweights,
            costs=election.costs_f.astype(float),
            utils=election.util_f.astype(float),
            priority=np.asarray(election.priority, dtype=np.int64),
            static_lower=static_lower,
            exact_ratios=exact_ratios,
            cost_utility=election.utility == "cost",
            available=election.available.copy(),
            neighbours=neighbours,
            num_ballots=len(election.rows),
        )

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


def certified_search(
    election: _Election,
    base: Fraction,
    increment: Fraction,
    stops_at: Callable[[list[int]], bool],
) -> int:
    """The first number of increments whose MES outcome ``stops_at``
    (docs/engine/mes-add-one-certificate.md).

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


def add_one_outcome(
    election: _Election, base: Fraction, increment: Fraction, search: str, exhaustive_stop: bool
) -> tuple[_Run, int]:
    """The MES run the add-one completion returns, and its number of increments.

    ``search`` is ``"certified"``, ``"linear"`` or ``"bisection"`` (module docstring); the
    run is the first increment's whose outcome stops (over budget, everything bought, or,
    with ``exhaustive_stop``, exhaustive), or the one before it if that one is over budget.
    """
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
        steps = certified_search(election, base, increment, stops_at)
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

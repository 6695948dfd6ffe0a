"""The range certificate of the certified add-one search, checked directly.

Whatever range of increments [lo, hi] :func:`mes_ranges.high_check` certifies for a sequence
of proposals (from :func:`mes_ranges.low_run` at lo, or replayed by
:func:`mes_ranges.replay_low`, even a sequence MES would not pick at lo), the exact MES
run buys exactly that sequence at every increment of the range.  The search's tests
(``test_budgeting_rules.py``) compare whole add-one runs with the linear scan; these test
the kernel on ranges the search would never try.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_budgeting_rules import long_add_one_instances

from accord.engine.budgeting import mes_ranges
from accord.engine.budgeting.equal_shares import _Election
from accord.engine.budgeting.instance import BudgetingInstance

_U = 2.0**-53


def _base(election: _Election) -> Fraction:
    return Fraction(election.instance.budget, election.instance.num_voters)


def _low(election: _Election, lo: int) -> float:
    return float(_base(election) + lo) * (1 - 2 * _U)  # ≤ the exact budget at lo


def _check(election: _Election, lo: int, hi: int, proposals: tuple) -> float:
    high = float(_base(election) + hi) * (1 + 2 * _U)  # ≥ the exact budget at hi
    args = election.range_arrays().high_args()
    return mes_ranges.high_check(high, _low(election, lo), *proposals, *args)


def _low_run(election: _Election, lo: int) -> tuple:
    return mes_ranges.low_run(_low(election, lo), *election.range_arrays().low_args())


def _replay(election: _Election, lo: int, sequence) -> tuple | None:
    args = election.range_arrays().replay_args()
    affordable, *proposals = mes_ranges.replay_low(_low(election, lo), sequence, *args)
    return tuple(proposals) if affordable else None


def _exact(election: _Election, steps: int) -> list[int]:
    return election.run(_base(election) + steps).selected


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    long_add_one_instances(),
    st.sampled_from(["cost", "approval"]),
    st.integers(0, 80),
    st.integers(0, 120),
    st.sampled_from(["low run", "replay of hi", "replay of lo"]),
)
def test_a_certified_range_has_one_outcome(instance, utility, lo, length, source):
    election = _Election(instance, utility, "lexicographic")
    hi = lo + length
    proposals = _low_run(election, lo)
    if source != "low run":
        # the sequence MES buys at hi (or at lo), replayed at lo: at hi it may be wrong for lo
        exact = _exact(election, hi if source == "replay of hi" else lo)
        sequence = np.asarray(exact[len(election.free) :], dtype=np.int64)
        proposals = _replay(election, lo, sequence)
        if proposals is None:
            return  # not affordable at lo: the search would ask the low run
    result = _check(election, lo, hi, proposals)
    event("certified" if result > 1 else "not certified")
    if result > 1:
        expected = election.free + proposals[0].tolist()
        for steps in range(lo, hi + 1):
            assert _exact(election, steps) == expected, (lo, hi, steps)
    else:
        assert result == -1.0 or 0 <= result < 1  # a hint for the search


def test_a_range_across_a_change_is_not_certified():
    """Two camps: one voter alone wants ``solo`` (cost 12), four want ``team`` (cost 20).
    With 6 per voter, team is bought and the solo voter cannot afford solo; from 12 per
    voter (+6) on, she can, and MES buys it too."""
    instance = BudgetingInstance.from_lists(
        costs=[12, 20],
        budget=30,
        project_ids=["solo", "team"],
        ballots=[["solo"]] + [["team"]] * 4,
    )
    election = _Election(instance, "cost", "lexicographic")
    assert _exact(election, 0) == [1]
    assert _exact(election, 5) == [1]
    assert _exact(election, 6) == [1, 0]
    proposals = _low_run(election, 0)
    assert proposals[0].tolist() == [1]
    assert _check(election, 0, 5, proposals) > 1  # one outcome: team alone
    assert _check(election, 0, 6, proposals) < 1  # solo becomes affordable at +6
    assert _check(election, 0, 5, _replay(election, 0, proposals[0])) > 1
    assert _check(election, 6, 9, _replay(election, 6, proposals[0])) < 1  # the old sequence

"""Leverage, contribution relative to capacity and the flow matrix."""

from __future__ import annotations

import doctest
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.equity import reciprocity
from accord.engine.resources import measures
from accord.engine.resources.measures import (
    CAPACITY_WEIGHTS,
    contribution_relative_to_capacity,
    flow_matrix,
    leverage,
)

D = Decimal


def test_leverage_worked_examples():
    delivered = {0: D("100000.00"), 1: D("150000.00"), 2: D("50000.00"), 3: D(0)}
    assert leverage(delivered, {0}) == 2.0
    assert leverage(delivered, {0, 2}) == 1.0
    assert leverage(delivered, {3}) is None  # public partner delivered nothing
    assert leverage(delivered, set()) is None
    assert leverage(delivered, {0, 1, 2, 3}) == 0.0
    assert leverage({1: D(10)}, {7}) is None  # a public partner absent from the mapping
    assert leverage({0: D(3), 1: D(1)}, [0]) == pytest.approx(1 / 3)


def test_leverage_refuses_negative_or_float_amounts():
    with pytest.raises(ValueError):
        leverage({0: D(-1), 1: D(5)}, {0})
    with pytest.raises(ValueError):
        leverage({0: 1.5}, {0})


def test_contribution_relative_to_capacity_worked_examples():
    """Four bands, equal deliveries: the micro group over-contributes 15/4 times its
    capacity share, the large one half of it (weights 1+2+4+8 = 15)."""
    delivered = {p: D(100) for p in range(4)}
    bands = {0: "micro", 1: "small", 2: "medium", 3: "large"}
    result = contribution_relative_to_capacity(delivered, bands)
    assert result == pytest.approx({0: 15 / 4, 1: 15 / 8, 2: 15 / 16, 3: 15 / 32})
    assert list(result) == [0, 1, 2, 3]
    # In proportion to capacity: everyone 1.0.
    proportional = {p: D(CAPACITY_WEIGHTS[b]) * 7 for p, b in bands.items()}
    assert contribution_relative_to_capacity(proportional, bands) == {p: 1.0 for p in bands}
    # Missing delivery counts 0; deliveries of unbanded partners are left out.
    assert contribution_relative_to_capacity({0: D(5), 9: D(1000)}, {0: "small", 1: "small"}) == {
        0: 2.0,
        1: 0.0,
    }
    assert contribution_relative_to_capacity({}, bands) == {}
    assert contribution_relative_to_capacity({0: D(1)}, {}) == {}


def test_contribution_relative_to_capacity_refuses_unknown_bands():
    with pytest.raises(ValueError, match="unknown capacity band"):
        contribution_relative_to_capacity({0: D(1)}, {0: "huge"})


def test_flow_matrix_sums_and_reverses():
    flows = [
        (0, 1, D("100.10")),
        (0, 1, D("0.20")),
        (1, 2, D(50)),
        (1, 2, D(-50)),  # reversed entirely
        (2, 0, D("0.1")),
        (2, 0, D("0.2")),
        (2, 0, D("-0.3")),  # 0.1 + 0.2 - 0.3 is exactly 0, not float noise
        (2, 1, D("-0.01")),  # a reversal larger than its entries: clipped to 0
    ]
    m = flow_matrix(flows, 3)
    assert m.dtype == np.float64
    assert m.shape == (3, 3)
    assert m.tolist() == [[0.0, 100.3, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    assert flow_matrix([], 0).shape == (0, 0)
    assert flow_matrix([], 2).tolist() == [[0.0, 0.0], [0.0, 0.0]]


@pytest.mark.parametrize("flow", [(0, 2, D(1)), (-1, 0, D(1)), (0, 1, D("NaN"))])
def test_flow_matrix_refuses_bad_flows(flow):
    with pytest.raises(ValueError):
        flow_matrix([flow], 2)


def test_doctests():
    result = doctest.testmod(measures)
    assert result.attempted > 0
    assert result.failed == 0


# ------------------------------------------------------------------ properties

cents = st.integers(1, 10**10).map(lambda c: D(c).scaleb(-2))
partner_flows = st.lists(
    st.tuples(st.integers(0, 4), st.integers(0, 4), cents), min_size=1, max_size=30
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4), cents), max_size=30))
def test_one_way_flows_have_reciprocity_zero(flows):
    one_way = [(i, j, a) for i, j, a in flows if i < j]
    m = flow_matrix(one_way, 5)
    r = reciprocity(m)
    if m.sum() > 0:
        assert r.overall == 0.0
        assert set(r.per_pair.values()) == {0.0}


@settings(max_examples=200, deadline=None)
@given(partner_flows)
def test_flows_and_their_reversals_leave_nothing(flows):
    m = flow_matrix([*flows, *((i, j, -a) for i, j, a in flows)], 5)
    assert not m.any()


@settings(max_examples=200, deadline=None)
@given(partner_flows)
def test_flow_matrix_totals_are_the_exact_totals(flows):
    m = flow_matrix(flows, 5)
    for i in range(5):
        for j in range(5):
            exact = sum((a for p, r, a in flows if (p, r) == (i, j)), D(0))
            assert m[i, j] == float(exact)
    assert (m >= 0).all()


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.integers(0, 6), cents, min_size=1),
    st.dictionaries(st.integers(0, 6), st.sampled_from(sorted(CAPACITY_WEIGHTS)), min_size=1),
)
def test_capacity_ratios_average_to_one_over_capacity(delivered, bands):
    """Weighting each ratio by its capacity share gives back the delivered shares, which
    sum to 1."""
    result = contribution_relative_to_capacity(delivered, bands)
    if not result:
        assert all(p not in delivered for p in bands)
        return
    total_weight = sum(CAPACITY_WEIGHTS[b] for b in bands.values())
    weighted = sum(result[p] * CAPACITY_WEIGHTS[b] / total_weight for p, b in bands.items())
    assert weighted == pytest.approx(1.0)
    assert all(v >= 0 for v in result.values())


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.integers(0, 6), cents, min_size=1), st.sets(st.integers(0, 6)))
def test_leverage_is_the_ratio_of_the_two_totals(delivered, public):
    public_total = sum((a for p, a in delivered.items() if p in public), D(0))
    other_total = sum((a for p, a in delivered.items() if p not in public), D(0))
    result = leverage(delivered, public)
    if public_total == 0:
        assert result is None
    else:
        assert result == pytest.approx(float(other_total) / float(public_total))

"""The cap on any voter's share of the total weight (accord.engine.voting.caps)."""

from __future__ import annotations

import doctest
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.voting import caps
from accord.engine.voting.caps import as_fraction, capped_weights, integer_weights, label_sums


def iterative_capping(weights: list[int], cap: Fraction) -> list[Fraction]:
    """The textbook iteration, in exact arithmetic: cap everyone above ``cap`` of the total,
    hand the excess to the uncapped voters in proportion to their weights, repeat."""
    w = [Fraction(x) for x in weights]
    total = sum(w)
    limit = cap * total
    capped: set[int] = set()
    while True:
        over = [i for i in range(len(w)) if i not in capped and w[i] > limit]
        if not over:
            return w
        excess = sum(w[i] - limit for i in over)
        for i in over:
            w[i] = limit
        capped.update(over)
        free = sum(w[i] for i in range(len(w)) if i not in capped)
        if free == 0:
            return w
        for i in range(len(w)):
            if i not in capped:
                w[i] += excess * w[i] / free


def test_doctests():
    assert doctest.testmod(caps, raise_on_error=False).failed == 0


def test_worked_example_single_cap():
    """50 of 100 capped at 30 %: the excess 20 goes to 20, 20, 10 pro rata (x 7/5)."""
    result = capped_weights([50, 20, 20, 10], Fraction(3, 10))
    assert result.as_fractions() == [30, 28, 28, 14]
    assert result.scale == Fraction(7, 5)
    assert result.capped.tolist() == [True, False, False, False]
    assert result.total == 100


def test_worked_example_cascade():
    """Redistribution pushes the second voter over the cap, so it is capped too."""
    assert capped_weights([60, 20, 12, 8], "3/10").as_fractions() == [30, 30, 24, 16]
    assert iterative_capping([60, 20, 12, 8], Fraction(3, 10)) == [30, 30, 24, 16]


def test_nobody_over_cap_leaves_weights_unchanged():
    result = capped_weights([3, 2, 2], Fraction(1, 2))
    assert result.as_fractions() == [3, 2, 2]
    assert result.scale == 1
    assert not result.capped.any()


def test_cap_exactly_one_over_m_equalizes():
    result = capped_weights([9, 1, 0, 2], Fraction(1, 3))
    assert result.as_fractions() == [4, 4, 0, 4]
    assert not result.clamped


def test_infeasible_cap_raises_with_actionable_message():
    with pytest.raises(ValueError, match=r"infeasible with 3 voter\(s\).*at least 1/3"):
        capped_weights([5, 3, 0, 1], Fraction(1, 4))


def test_infeasible_cap_clamped_to_equal_shares():
    result = capped_weights([5, 3, 0, 1], Fraction(1, 4), if_infeasible="equal_shares")
    assert result.clamped
    assert result.cap == Fraction(1, 3)
    assert result.as_fractions() == [3, 3, 0, 3]


@pytest.mark.parametrize(
    ("weights", "cap", "message"),
    [
        ([1, -2], "1/2", "non-negative; voter 1"),
        ([0, 0], "1/2", "no voter has a positive weight"),
        ([1, 2], 0, r"cap must lie in \(0, 1\]"),
        ([1, 2], "3/2", r"cap must lie in \(0, 1\]"),
        ([1, 2], True, "cap must be a number"),
        ([[1, 2]], "1/2", "one-dimensional"),
        ([True, False], "1/2", "not booleans"),
    ],
)
def test_bad_input_raises(weights, cap, message):
    with pytest.raises(ValueError, match=message):
        capped_weights(weights, cap)


def test_bad_if_infeasible_raises():
    with pytest.raises(ValueError, match="if_infeasible"):
        capped_weights([1, 2], "1/2", if_infeasible="clamp")  # type: ignore[arg-type]


def test_rational_weights_scaled_exactly():
    ints, unit = integer_weights([Fraction(1, 3), Fraction(1, 2), 0.25])
    assert ints.tolist() == [4, 6, 3]
    assert unit == Fraction(1, 12)
    result = capped_weights([Fraction(1, 3), Fraction(1, 2), 0.25], "2/5")
    # 4, 6, 3 of 13: the 6 is held at 2/5; 4 and 3 share the rest 4 : 3.
    assert result.shares() == [Fraction(12, 35), Fraction(2, 5), Fraction(9, 35)]


def test_huge_weights_are_exact():
    """Totals above int64 fall back to Python integers, still exact."""
    big = [10**20, 10**20, 1, 10**19]
    ints, _ = integer_weights(big)
    assert ints.dtype == object
    result = capped_weights(big, "2/5")
    expected = iterative_capping(big, Fraction(2, 5))
    assert result.as_fractions() == expected
    assert sum(result.as_fractions()) == sum(big)


def test_as_fraction_reads_floats_by_their_decimal():
    assert as_fraction(0.3, "cap") == Fraction(3, 10)
    with pytest.raises(ValueError, match="finite"):
        as_fraction(float("nan"), "cap")
    with pytest.raises(ValueError, match="'3/10'"):
        as_fraction("three tenths", "cap")


weights_strategy = st.lists(st.integers(0, 1000), min_size=1, max_size=25).filter(
    lambda ws: any(w > 0 for w in ws)
)
cap_strategy = st.fractions(min_value=Fraction(1, 30), max_value=1, max_denominator=40).filter(
    lambda c: c > 0
)


@settings(max_examples=300, deadline=None)
@given(weights_strategy, cap_strategy)
def test_property_cap_never_exceeded_and_order_preserved(weights, cap):
    m = sum(w > 0 for w in weights)
    if cap * m < 1:
        with pytest.raises(ValueError, match="infeasible"):
            capped_weights(weights, cap)
        result = capped_weights(weights, cap, if_infeasible="equal_shares")
        assert result.cap == Fraction(1, m)
    else:
        result = capped_weights(weights, cap)
        assert result.cap == cap
    capped = result.as_fractions()
    total = sum(capped)
    assert total == sum(weights)  # weight moves, never appears or disappears
    assert all(w / total <= result.cap for w in capped)  # the cap holds
    for i in range(len(weights)):  # order preserved (ties may form above the cap)
        for j in range(len(weights)):
            if weights[i] >= weights[j]:
                assert capped[i] >= capped[j]
    assert all(c == 0 for w, c in zip(weights, capped, strict=True) if w == 0)
    assert result.scale >= 1  # uncapped voters keep their ratios, scaled up alike
    for w, c, is_capped in zip(weights, capped, result.capped.tolist(), strict=True):
        if not is_capped:
            assert c == result.scale * w
    assert capped == iterative_capping(weights, result.cap)  # fixed point of the iteration


@settings(max_examples=100, deadline=None)
@given(weights_strategy, cap_strategy, st.data())
def test_property_sum_over_matches_elementwise(weights, cap, data):
    result = capped_weights(weights, cap, if_infeasible="equal_shares")
    mask = np.array(
        data.draw(st.lists(st.booleans(), min_size=len(weights), max_size=len(weights)))
    )
    expected = sum(
        (w for w, keep in zip(result.as_fractions(), mask.tolist(), strict=True) if keep),
        Fraction(0),
    )
    assert result.sum_over(mask) == expected


def test_million_voters_vectorized():
    rng = np.random.default_rng(7)
    weights = rng.integers(0, 1000, size=1_000_000)
    weights[:3] = 10**9
    result = capped_weights(weights, "1/100")
    assert int(result.capped.sum()) == 3
    assert result.sum_over(np.ones(len(weights), bool)) == int(weights.sum())
    assert result.cap_weight / result.total == Fraction(1, 100)


@settings(max_examples=100, deadline=None)
@given(weights_strategy, cap_strategy, st.data())
def test_property_sum_by_label_matches_sum_over(weights, cap, data):
    result = capped_weights(weights, cap, if_infeasible="equal_shares")
    labels = np.array(
        data.draw(st.lists(st.integers(0, 4), min_size=len(weights), max_size=len(weights)))
    )
    assert result.sum_by_label(labels, 5) == [result.sum_over(labels == c) for c in range(5)]


def test_label_sums_exact_beyond_float_precision():
    weights = np.array([2**53, 1, 1, 2**60], dtype=np.int64)
    assert label_sums(np.array([0, 0, 1, 0]), weights, 2) == [2**53 + 1 + 2**60, 1]


@settings(max_examples=100, deadline=None)
@given(weights_strategy, cap_strategy)
def test_property_as_integers_is_exact(weights, cap):
    result = capped_weights(weights, cap, if_infeasible="equal_shares")
    integers, denominator = result.as_integers()
    assert [Fraction(i, denominator) for i in integers] == result.as_fractions()

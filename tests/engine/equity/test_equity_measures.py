"""Equity measures: worked examples, independent formulas, properties, doctests."""

from __future__ import annotations

import doctest
import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.equity import (
    flows,
    gini,
    herfindahl_hirschman_index,
    inequality,
    reciprocity,
    share_ratio,
    shares,
    theil_index,
)

amounts = st.lists(
    st.floats(0, 1e6, allow_nan=False, allow_infinity=False, allow_subnormal=False),
    min_size=1,
    max_size=40,
)
positive_amounts = amounts.filter(lambda xs: sum(xs) > 0)


def gini_by_mean_absolute_difference(values: list[float]) -> float:
    """Gini's own definition: mean absolute difference over twice the mean."""
    n = len(values)
    mean = math.fsum(values) / n
    if mean == 0:
        return 0.0
    mad = math.fsum(abs(a - b) for a, b in itertools.product(values, repeat=2)) / n**2
    return mad / (2 * mean)


def theil_by_entropy(values: list[float]) -> float:
    """Theil's T as ln n minus the Shannon entropy of the shares (Theil 1967 ch. 4)."""
    total = math.fsum(values)
    entropy = -math.fsum(x / total * math.log(x / total) for x in values if x > 0)
    return math.log(len(values)) - entropy


# ------------------------------------------------------------------ worked examples


def test_gini_worked_examples():
    """Incomes 1, 2, 3, 4: mean 2.5, mean absolute difference 20/16 = 1.25, G = 0.25."""
    assert gini([1, 2, 3, 4]) == pytest.approx(0.25)
    assert gini([5, 5, 5]) == 0.0
    assert gini([0, 0, 0, 0, 10]) == pytest.approx(0.8)  # 1 - 1/n
    assert gini([0, 0]) == 0.0


def test_hhi_scales():
    """Market shares 50/30/20 %: HHI 3,800 points = 0.38 (US Merger Guidelines scale)."""
    assert herfindahl_hirschman_index([50, 30, 20], scale="points") == pytest.approx(3800)
    assert herfindahl_hirschman_index([5, 3, 2]) == pytest.approx(0.38)
    assert herfindahl_hirschman_index([7]) == 1.0
    assert herfindahl_hirschman_index([1] * 8) == pytest.approx(1 / 8)
    with pytest.raises(ValueError, match="scale"):
        herfindahl_hirschman_index([1, 2], scale="percent")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="positive"):
        herfindahl_hirschman_index([0, 0])


def test_theil_worked_example():
    """Shares 1/2, 1/4, 1/4 of 3 holders: T = ln 3 - H = ln 3 - 1.5 ln 2."""
    assert theil_index([2, 1, 1]) == pytest.approx(math.log(3) - 1.5 * math.log(2))
    assert theil_index([0, 0, 0]) == 0.0


def test_share_ratio_comments_versus_members():
    result = share_ratio([30, 60, 10, 0], [10, 40, 50, 0])
    assert result.ratios[:3] == pytest.approx([3.0, 1.5, 0.2])
    assert math.isnan(result.ratios[3])
    assert share_ratio([1, 1], [1, 0]).ratios[1] == math.inf
    with pytest.raises(ValueError, match="one value per group"):
        share_ratio([1, 2], [1])


def test_reciprocity_worked_example():
    """Replies: A->B 3, B->A 1, A->C 2, C->A 0. Reciprocated 2 * min(3, 1) = 2 of 6."""
    result = reciprocity(np.array([[0, 3, 2], [1, 0, 0], [0, 0, 0]]))
    assert result.overall == pytest.approx(1 / 3)
    assert result.per_pair == {(0, 1): pytest.approx(0.5), (0, 2): 0.0}
    assert (result.reciprocated_flow, result.total_flow) == (2.0, 6.0)


def test_reciprocity_ignores_the_diagonal_and_rejects_bad_input():
    assert reciprocity([[5, 1], [1, 9]]).overall == 1.0
    assert math.isnan(reciprocity([[0, 0], [0, 0]]).overall)
    with pytest.raises(ValueError, match="square"):
        reciprocity([[0, 1, 2]])
    with pytest.raises(ValueError, match="non-negative"):
        reciprocity([[0, -1], [1, 0]])


@pytest.mark.parametrize("measure", [gini, theil_index, herfindahl_hirschman_index])
def test_invalid_amounts(measure):
    with pytest.raises(ValueError):
        measure([])
    with pytest.raises(ValueError):
        measure([1, -1])
    with pytest.raises(ValueError):
        measure([1, math.nan])


# ------------------------------------------------------------------ properties


@settings(max_examples=80, deadline=None)
@given(amounts)
def test_gini_in_unit_interval_and_equals_definition(values):
    value = gini(values)
    assert 0.0 <= value < 1.0
    assert value == pytest.approx(gini_by_mean_absolute_difference(values), abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 1e6, allow_nan=False, allow_subnormal=False), st.integers(1, 50))
def test_equal_distribution_is_perfectly_equal(value, n):
    assert gini([value] * n) == pytest.approx(0.0, abs=1e-12)
    assert theil_index([value] * n) == pytest.approx(0.0, abs=1e-12)
    if value > 0:
        assert herfindahl_hirschman_index([value] * n) == pytest.approx(1 / n)


@settings(max_examples=40, deadline=None)
@given(st.floats(1e-6, 1e6, allow_nan=False), st.integers(0, 30))
def test_one_holder_has_everything(value, zeros):
    holdings = [0.0] * zeros + [value]
    assert herfindahl_hirschman_index(holdings) == pytest.approx(1.0)
    assert herfindahl_hirschman_index(holdings, scale="points") == pytest.approx(10_000.0)
    n = zeros + 1
    assert gini(holdings) == pytest.approx(1 - 1 / n)
    assert theil_index(holdings) == pytest.approx(math.log(n))


@settings(max_examples=80, deadline=None)
@given(positive_amounts)
def test_theil_equals_entropy_form_and_hhi_bounds(values):
    n = len(values)
    assert 0.0 <= theil_index(values) <= math.log(n) + 1e-12
    assert theil_index(values) == pytest.approx(theil_by_entropy(values), abs=1e-9)
    assert 1 / n - 1e-12 <= herfindahl_hirschman_index(values) <= 1 + 1e-12


@settings(max_examples=60, deadline=None)
@given(positive_amounts, st.floats(1e-3, 1e3))
def test_measures_are_scale_invariant(values, factor):
    scaled = [v * factor for v in values]
    assert gini(scaled) == pytest.approx(gini(values), abs=1e-9)
    assert theil_index(scaled) == pytest.approx(theil_index(values), abs=1e-9)
    assert herfindahl_hirschman_index(scaled) == pytest.approx(
        herfindahl_hirschman_index(values), rel=1e-9
    )


matrices = st.integers(1, 8).flatmap(
    lambda n: st.lists(st.lists(st.integers(0, 50), min_size=n, max_size=n), min_size=n, max_size=n)
)


@settings(max_examples=60, deadline=None)
@given(matrices)
def test_reciprocity_of_symmetric_and_one_way_flows(rows):
    matrix = np.array(rows)
    symmetric = matrix + matrix.T
    one_way = np.triu(matrix, k=1)
    if np.triu(symmetric, k=1).sum() > 0:
        result = reciprocity(symmetric)
        assert result.overall == pytest.approx(1.0)
        assert all(v == pytest.approx(1.0) for v in result.per_pair.values())
    if one_way.sum() > 0:
        assert reciprocity(one_way).overall == 0.0
    general = reciprocity(matrix)
    if general.total_flow > 0:
        assert 0.0 <= general.overall <= 1.0
        assert general.overall == pytest.approx(reciprocity(matrix.T).overall)


@settings(max_examples=60, deadline=None)
@given(positive_amounts)
def test_share_ratio_of_a_quantity_with_itself_is_one(values):
    result = share_ratio(values, values)
    assert math.fsum(result.numerator_shares) == pytest.approx(1.0)
    for value, ratio in zip(values, result.ratios, strict=True):
        assert (math.isnan(ratio) and value == 0) or ratio == pytest.approx(1.0)


# ------------------------------------------------------------------ doctests


@pytest.mark.parametrize("module", [inequality, shares, flows], ids=lambda m: m.__name__)
def test_doctests(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0

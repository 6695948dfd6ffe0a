"""Minimal blocking and smallest winning coalitions (engine.power.coalitions), against a
brute force over every coalition on small games."""

from __future__ import annotations

import doctest
import math
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.power import coalitions
from accord.engine.power.coalitions import decisive_coalitions


def wins(quotas, weights, members):
    return all(sum(row[i] for i in members) >= q for q, row in zip(quotas, weights, strict=True))


def brute(quotas, weights, max_blocking_size):
    n = len(weights[0])
    everyone = set(range(n))
    subsets = [c for k in range(n + 1) for c in combinations(range(n), k)]
    winning = {c for c in subsets if wins(quotas, weights, c)}
    blocking = {c for c in subsets if not wins(quotas, weights, tuple(sorted(everyone - set(c))))}
    minimal_win = [
        c for c in winning if all(tuple(p for p in c if p != x) not in winning for x in c)
    ]
    minimal_block = [
        c for c in blocking if c and all(tuple(p for p in c if p != x) not in blocking for x in c)
    ]
    smallest = min((len(c) for c in minimal_win), default=None)
    return (
        sorted(c for c in minimal_win if len(c) == smallest),
        sorted(
            (c for c in minimal_block if len(c) <= max_blocking_size), key=lambda c: (len(c), c)
        ),
        smallest,
        {k: sum(1 for c in blocking if len(c) == k) for k in range(1, max_blocking_size + 1)},
    )


def test_doctests():
    assert doctest.testmod(coalitions).failed == 0


games = st.integers(1, 7).flatmap(
    lambda n: st.tuples(
        st.lists(st.lists(st.integers(0, 5), min_size=n, max_size=n), min_size=1, max_size=3)
    )
)


@settings(max_examples=150, deadline=None)
@given(games, st.data())
def test_exact_against_brute_force(game, data):
    (weights,) = game
    quotas = [data.draw(st.integers(1, max(1, sum(row)))) for row in weights]
    result = decisive_coalitions(quotas, weights, max_blocking_size=3, max_listed=1000)
    smallest, blocking, size, per_size = brute(quotas, weights, 3)
    assert result.method == "exact"
    assert list(result.smallest_winning) == smallest
    assert result.smallest_winning_size == size
    assert list(result.minimal_blocking) == blocking
    assert result.minimal_blocking_count == len(blocking)
    for row in result.blocking_sizes:
        assert row.blocking == per_size[row.size]
        assert row.total == row.examined == math.comb(len(weights[0]), row.size)


def test_listed_are_capped_and_counted():
    result = decisive_coalitions([4], [[1] * 7], max_listed=3)
    assert len(result.smallest_winning) == 3
    assert result.smallest_winning_count == math.comb(7, 4)
    assert result.smallest_winning_size == 4


def test_sampled_matches_exact_where_sizes_are_exhaustive():
    """25 equal members, majority 13: blocking coalitions need 13 members, so none of at most
    3; the smallest winning coalitions have 13 members (the weights' bound makes it certain)."""
    result = decisive_coalitions([13], [[1] * 25], exact_players=20, samples=3000, seed=1)
    assert result.method == "sampled"
    assert result.minimal_blocking == ()
    assert all(row.blocking == 0 for row in result.blocking_sizes)
    assert [row.exact for row in result.blocking_sizes] == [True, True, True]  # 25, 300, 2300
    assert result.smallest_winning_size == 13 and result.smallest_winning_exact


def test_sampled_veto_and_stated_error():
    """A member with a veto among 30: found blocking alone; sizes too large to examine are
    sampled with a stated error."""
    weights = [[1] * 30, [1] + [0] * 29]  # a majority of heads, and member 0 must agree
    result = decisive_coalitions([16, 1], weights, samples=500, seed=2)
    assert result.minimal_blocking[0] == (0,)
    sizes = {row.size: row for row in result.blocking_sizes}
    assert sizes[1].exact and sizes[1].blocking == 1
    assert not sizes[3].exact and sizes[3].examined == 500 and sizes[3].share_half_width > 0
    # sampled share of size-3 coalitions containing member 0: 3/30 = 0.1, within the error
    assert abs(sizes[3].share - 0.1) <= 3 * sizes[3].share_half_width
    assert result.smallest_winning_size == 16
    assert all(0 in c for c in result.smallest_winning)


def test_nothing_wins():
    result = decisive_coalitions([10], [[1, 1, 1]])
    assert result.smallest_winning == () and result.smallest_winning_size is None
    assert result.minimal_blocking_count == 0  # the empty coalition already blocks


@pytest.mark.parametrize("kwargs", [{"max_blocking_size": 0}, {"samples": 0}, {"max_listed": 0}])
def test_bad_parameters(kwargs):
    with pytest.raises(ValueError):
        decisive_coalitions([1], [[1, 1]], **kwargs)


def test_bad_shapes():
    with pytest.raises(ValueError):
        decisive_coalitions([1, 2], [[1, 1]])
    with pytest.raises(ValueError):
        decisive_coalitions([1], [[1, -1]])
    assert np.isscalar(decisive_coalitions([1], [[1]]).players)

"""Issue 18: weights near 10**12 made the generating functions allocate terabytes
(MemoryError). Sizes are checked before allocating: a game whose weights are too large is
enumerated when it has at most 25 players of positive weight (exactly), and otherwise
refused with a ComputationLimit that names the Monte Carlo method. Each test runs under a
time limit."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from fractions import Fraction
from itertools import combinations, permutations

import pytest

from accord.engine.errors import ComputationLimit
from accord.engine.power.composite import composite_banzhaf_index
from accord.engine.power.weighted import (
    WeightedGame,
    banzhaf_index,
    dummy_players,
    number_of_minimal_winning_coalitions,
    shapley_shubik_index,
)

TimeLimit = Callable[[float], AbstractContextManager[None]]

# near 10**12, no common divisor; player 4 (weight 5) is a null player
WEIGHTS = [10**12 + 7, 10**12 + 3, 2 * 10**12 + 1, 999_999_999_989, 5, 3 * 10**12]
QUOTA = sum(WEIGHTS) // 2 + 1


def brute_force(weights: list[int], quota: int) -> tuple[list[Fraction], list[Fraction], int]:
    """Banzhaf (normalized), Shapley-Shubik and the minimal winning coalitions, by definition."""
    n = len(weights)
    swings = [0] * n
    for size in range(n):
        for others in combinations(range(n), size):
            total = sum(weights[j] for j in others)
            for i in set(range(n)) - set(others):
                swings[i] += total < quota <= total + weights[i]
    pivots = [0] * n
    orders = 0
    for order in permutations(range(n)):
        orders += 1
        total = 0
        for i in order:
            total += weights[i]
            if total >= quota:
                pivots[i] += 1
                break
    minimal = sum(
        1
        for size in range(1, n + 1)
        for members in combinations(range(n), size)
        if sum(weights[j] for j in members) >= quota
        and all(sum(weights[j] for j in members) - weights[i] < quota for i in members)
    )
    return (
        [Fraction(s, sum(swings)) for s in swings],
        [Fraction(p, orders) for p in pivots],
        minimal,
    )


def test_weights_near_a_trillion_are_enumerated_exactly(time_limit: TimeLimit) -> None:
    banzhaf, shapley, minimal = brute_force(WEIGHTS, QUOTA)
    with time_limit(10):
        assert list(banzhaf_index(WEIGHTS, QUOTA, arithmetic="fraction").values) == banzhaf
        assert list(shapley_shubik_index(WEIGHTS, QUOTA, arithmetic="fraction").values) == shapley
        floats = banzhaf_index(WEIGHTS, QUOTA).values
        assert floats == tuple(float(v) for v in banzhaf)
        assert shapley_shubik_index(WEIGHTS, QUOTA).values == tuple(float(v) for v in shapley)
        assert dummy_players(WEIGHTS, QUOTA) == (3, 4)
        assert number_of_minimal_winning_coalitions(WEIGHTS, QUOTA) == minimal


def test_zero_weights_and_a_common_divisor_are_handled_before_enumerating(
    time_limit: TimeLimit,
) -> None:
    weights = [w * 3 for w in WEIGHTS] + [0, 0]
    with time_limit(10):
        result = banzhaf_index(weights, 3 * QUOTA, arithmetic="fraction")
    assert result.values[-2:] == (0, 0)
    assert list(result.values[:-2]) == brute_force(WEIGHTS, QUOTA)[0]
    # 8, 8, 8, 0, 0, 24 swings among the six, doubled by each zero-weight player
    assert result.swings == (32, 32, 32, 0, 0, 96, 0, 0)


def test_too_many_players_with_huge_weights_is_refused_before_allocating(
    time_limit: TimeLimit,
) -> None:
    weights = [10**12 + i for i in range(40)]
    game = WeightedGame(sum(weights) // 2 + 1, tuple(weights))
    for function in (banzhaf_index, shapley_shubik_index):
        with time_limit(5), pytest.raises(ComputationLimit) as caught:
            function(game)
        assert "monte_carlo" in str(caught.value)
        assert caught.value.needed is not None and caught.value.needed > caught.value.limit
    for function in (dummy_players, number_of_minimal_winning_coalitions):
        with time_limit(5), pytest.raises(ComputationLimit):
            function(game)
    # the method the error names fits
    with time_limit(10):
        estimate = composite_banzhaf_index((game,), method="monte_carlo", samples=2_000, seed=1)
    assert estimate.method == "monte_carlo" and len(estimate.values) == 40


def test_moderate_weights_keep_the_generating_functions() -> None:
    """Sizes within the limits take the documented path (swings only with fractions)."""
    result = banzhaf_index([4, 4, 4, 2, 2, 1], 12)
    assert result.swings is None and result.values[5] == 0.0


def test_composite_games_with_weights_beyond_float_precision_are_refused() -> None:
    """Monte Carlo sums weights in float64: beyond 2**53 the sums would be silently wrong
    (and int64 would overflow beyond 2**63)."""
    game = WeightedGame(10**20, (10**20, 10**20 - 1, 3))
    with pytest.raises(ComputationLimit, match="round the weights"):
        composite_banzhaf_index((game,), method="monte_carlo", samples=100, seed=0)
    # a common divisor is taken out first: these weights are 10**16 * (1, 1, 1)
    even = WeightedGame(2 * 10**16, (10**16,) * 3)
    assert composite_banzhaf_index((even,)).values == (1 / 3, 1 / 3, 1 / 3)


def test_weights_beyond_int64_are_enumerated_with_python_integers(time_limit: TimeLimit) -> None:
    """A weight cap makes fractions whose common denominator turns weights near 10**12 into
    integers summing to about 10**25 (what the power analysis of a capped rule computes):
    still exact, by enumeration in Python integers."""
    from accord.engine.voting.caps import capped_weights, integer_weights

    capped = capped_weights([10**12 + 7, 3 * 10**12 + 1, 2 * 10**12, 5], Fraction(1, 3))
    integers = [int(x) for x in integer_weights(capped.as_fractions())[0].tolist()]
    assert sum(integers) > 2**63
    game = WeightedGame(sum(integers) // 2 + 1, tuple(integers))
    banzhaf, shapley, minimal = brute_force(integers, game.quota)
    with time_limit(10):
        assert list(banzhaf_index(game, arithmetic="fraction").values) == banzhaf
        assert list(shapley_shubik_index(game, arithmetic="fraction").values) == shapley
        assert number_of_minimal_winning_coalitions(game) == minimal
        assert dummy_players(game) == (3,)
    weights = [10**24 + 7919 * i * i for i in range(25)]
    with time_limit(30):
        result = banzhaf_index(weights, sum(weights) // 2 + 1)
    assert abs(sum(result.values) - 1) < 1e-12
    assert result.values == tuple(sorted(result.values))  # heavier players, more power

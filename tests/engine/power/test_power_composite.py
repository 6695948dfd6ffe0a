"""Composite (intersection) games: exact enumeration and Monte Carlo."""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

import numpy as np
import pytest

from accord.engine.power import (
    WeightedGame,
    banzhaf_index,
    composite_banzhaf_index,
    composite_shapley_shubik_index,
    concurrent_majority_game,
    quorum_and_majority_game,
    shapley_shubik_index,
)


def brute_force(games: tuple[WeightedGame, ...]) -> tuple[list[int], list[Fraction]]:
    n = games[0].n

    def wins(coalition: set[int]) -> bool:
        return all(sum(g.weights[i] for i in coalition) >= g.quota for g in games)

    swings = [0] * n
    shapley = [Fraction(0)] * n
    for size in range(n):
        for members in itertools.combinations(range(n), size):
            coalition = set(members)
            if wins(coalition):
                continue
            for i in set(range(n)) - coalition:
                if wins(coalition | {i}):
                    swings[i] += 1
                    shapley[i] += Fraction(
                        math.factorial(size) * math.factorial(n - size - 1), math.factorial(n)
                    )
    return swings, shapley


def test_concurrent_majority_worked_example():
    """[3, 1, 1, 1] in sectors a = {0, 1}, b = {2, 3}: a majority of the weight (4 of 6), of
    sector a (3 of 4) and of sector b (2 of 2). The only minimal winning coalition is
    {0, 2, 3}, so player 1 is a dummy and the others share power equally."""
    games = concurrent_majority_game([3, 1, 1, 1], ["a", "a", "b", "b"])
    bz = composite_banzhaf_index(games)
    ss = composite_shapley_shubik_index(games)
    assert bz.swings == (2, 0, 2, 2)
    assert bz.values == pytest.approx([1 / 3, 0, 1 / 3, 1 / 3])
    assert bz.absolute == pytest.approx([1 / 4, 0, 1 / 4, 1 / 4])
    assert ss.values == pytest.approx([1 / 3, 0, 1 / 3, 1 / 3])
    assert (bz.method, ss.method, bz.samples) == ("exact", "exact", None)


def test_head_count_groups_and_quorum():
    games = concurrent_majority_game([5, 1, 1], ["x", "y", "y"], group_basis="count")
    assert [g.weights for g in games] == [(5, 1, 1), (1, 0, 0), (0, 1, 1)]
    quorum = quorum_and_majority_game([5, 1, 1, 1], 3)
    ss = composite_shapley_shubik_index(quorum)
    assert ss.values == pytest.approx([1 / 2, 1 / 6, 1 / 6, 1 / 6])


@pytest.mark.parametrize("seed", range(5))
def test_exact_composite_equals_enumeration(seed):
    rng = random.Random(seed)
    n = rng.randint(2, 8)
    weights = [rng.randint(1, 9) for _ in range(n)]
    groups = [rng.choice("abc") for _ in range(n)]
    games = concurrent_majority_game(weights, groups) + quorum_and_majority_game(
        weights, rng.randint(1, n)
    )
    swings, shapley = brute_force(games)
    bz = composite_banzhaf_index(games)
    ss = composite_shapley_shubik_index(games)
    assert bz.swings == tuple(swings)
    assert ss.values == pytest.approx([float(v) for v in shapley], abs=1e-15)


def test_one_component_equals_the_weighted_game():
    rng = random.Random(11)
    weights = [rng.randint(1, 30) for _ in range(18)]
    quota = sum(weights) * 2 // 3
    game = (WeightedGame(quota, tuple(weights)),)
    assert composite_banzhaf_index(game).values == pytest.approx(
        banzhaf_index(weights, quota).values, abs=1e-12
    )
    assert composite_shapley_shubik_index(game).values == pytest.approx(
        shapley_shubik_index(weights, quota).values, abs=1e-12
    )


@pytest.mark.parametrize("index", [composite_banzhaf_index, composite_shapley_shubik_index])
def test_monte_carlo_covers_the_exact_value(index):
    """With 95% intervals, about 95% of players' intervals must cover the exact value."""
    rng = np.random.default_rng(5)
    weights = rng.integers(1, 10, 16).tolist()
    groups = rng.integers(0, 3, 16).tolist()
    games = concurrent_majority_game(weights, groups)
    exact = index(games)
    covered = 0
    total = 0
    for seed in range(5):
        mc = index(games, method="monte_carlo", samples=20_000, seed=seed)
        assert mc.method == "monte_carlo"
        assert mc.samples == 20_000
        for e, m, h in zip(exact.values, mc.values, mc.ci_half_width, strict=True):
            total += 1
            covered += abs(e - m) <= h + 1e-12
    assert covered / total >= 0.85


def test_monte_carlo_is_reproducible_and_used_beyond_the_limit():
    weights = list(range(1, 31))
    games = concurrent_majority_game(weights, [i % 3 for i in range(30)])
    first = composite_shapley_shubik_index(games, samples=5_000, seed=42)
    again = composite_shapley_shubik_index(games, samples=5_000, seed=42)
    assert first.method == "monte_carlo"
    assert first == again
    assert math.fsum(first.values) == pytest.approx(1.0)
    bz = composite_banzhaf_index(games, samples=5_000, seed=np.random.default_rng(1))
    assert bz.method == "monte_carlo"
    assert math.fsum(bz.values) == pytest.approx(1.0)
    assert all(h > 0 for h in bz.absolute_ci_half_width)


def test_invalid_composites_are_refused():
    with pytest.raises(ValueError, match="at least one"):
        composite_banzhaf_index(())
    with pytest.raises(ValueError, match="same players"):
        composite_banzhaf_index((WeightedGame(1, (1,)), WeightedGame(1, (1, 1))))
    big = (WeightedGame(1, (1,) * 31),)
    with pytest.raises(ValueError, match="limited to 30"):
        composite_banzhaf_index(big, method="exact")
    with pytest.raises(ValueError, match="method"):
        composite_banzhaf_index((WeightedGame(1, (1,)),), method="guess")  # type: ignore[arg-type]

"""Cross-check against the ``powerindex`` package (0.3.5) on random games.

powerindex is a test oracle only. Two of its limits shape the games drawn here: it
slices ``coeffs[q - w : q]`` so a player with ``w >= q`` gets a wrong window (we draw
games where every weight is below the quota), and its Shapley-Shubik converts ``n!`` to a
float, which overflows above 170 players.
"""

from __future__ import annotations

import random

import pytest

from accord.engine.power import banzhaf_index, shapley_shubik_index

powerindex = pytest.importorskip("powerindex")


def random_game(rng: random.Random, n: int, top: int) -> tuple[list[int], int]:
    while True:
        weights = [rng.randint(1, top) for _ in range(n)]
        quota = rng.randint(max(weights) + 1, sum(weights)) if n > 1 else 0
        if n > 1 and max(weights) < quota:
            return weights, quota


@pytest.mark.parametrize("seed", range(8))
def test_equal_to_powerindex_on_random_games(seed):
    rng = random.Random(seed)
    n = rng.choice([3, 5, 8, 13, 21, 34])
    weights, quota = random_game(rng, n, rng.choice([3, 10, 30]))
    peer = powerindex.Game(quota, weights)
    peer.calc_banzhaf()
    peer.calc_shapley_shubik()
    ours_bz = banzhaf_index(weights, quota).values
    ours_ss = shapley_shubik_index(weights, quota).values
    assert max(abs(a - b) for a, b in zip(ours_bz, peer.banzhaf, strict=True)) < 1e-9
    assert max(abs(a - b) for a, b in zip(ours_ss, peer.shapley_shubik, strict=True)) < 1e-9


@pytest.mark.slow
@pytest.mark.parametrize("n", [100, 160])
def test_equal_to_powerindex_on_larger_games(n):
    rng = random.Random(n)
    weights, quota = random_game(rng, n, 20)
    quota = sum(weights) // 2 + 1
    peer = powerindex.Game(quota, weights)
    peer.calc_banzhaf()
    peer.calc_shapley_shubik()
    ours_bz = banzhaf_index(weights, quota).values
    ours_ss = shapley_shubik_index(weights, quota).values
    assert max(abs(a - b) for a, b in zip(ours_bz, peer.banzhaf, strict=True)) < 1e-9
    assert max(abs(a - b) for a, b in zip(ours_ss, peer.shapley_shubik, strict=True)) < 1e-9


def test_powerindex_shapley_shubik_overflows_above_170_players():
    """Documents why our n = 1,000 results are checked against exact rationals instead."""
    peer = powerindex.Game(172, [1] * 171)
    with pytest.raises(OverflowError):
        peer.calc_shapley_shubik()

"""Weighted voting games: worked examples, exact rationals, flags and properties."""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.power import (
    WeightedGame,
    banzhaf_index,
    dictators,
    dummy_players,
    number_of_minimal_winning_coalitions,
    shapley_shubik_index,
    veto_players,
)

EEC_1958 = [4, 4, 4, 2, 2, 1]  # France, Germany, Italy, Belgium, Netherlands, Luxembourg
UNSC = [7] * 5 + [1] * 10  # 5 permanent members with a veto, 10 elected; 9 votes to pass


def brute_force(weights: list[int], quota: int) -> tuple[list[int], list[Fraction], int]:
    """Swings, Shapley-Shubik values and minimal winning coalitions by enumeration."""
    n = len(weights)
    swings = [0] * n
    shapley = [Fraction(0)] * n
    minimal = 0
    for size in range(n + 1):
        for coalition in itertools.combinations(range(n), size):
            weight = sum(weights[i] for i in coalition)
            if weight >= quota and all(weight - weights[i] < quota for i in coalition):
                minimal += 1
            if weight >= quota:
                continue
            for i in set(range(n)) - set(coalition):
                if weight + weights[i] >= quota:
                    swings[i] += 1
                    shapley[i] += Fraction(
                        math.factorial(size) * math.factorial(n - size - 1), math.factorial(n)
                    )
    return swings, shapley, minimal


# ------------------------------------------------------------------ worked examples


def test_three_player_example():
    """[3; 2, 1, 1]: SS (2/3, 1/6, 1/6) -- the big player is pivotal in 4 of 6 orders
    (Shapley & Shubik 1954); Banzhaf swings (3, 1, 1) -> (3/5, 1/5, 1/5)."""
    ss = shapley_shubik_index([2, 1, 1], 3, arithmetic="fraction")
    assert ss.values == (Fraction(2, 3), Fraction(1, 6), Fraction(1, 6))
    bz = banzhaf_index([2, 1, 1], 3, arithmetic="fraction")
    assert bz.swings == (3, 1, 1)
    assert bz.values == (Fraction(3, 5), Fraction(1, 5), Fraction(1, 5))
    assert bz.absolute == (Fraction(3, 4), Fraction(1, 4), Fraction(1, 4))


def test_straffin_example():
    """[6; 4, 3, 2, 1]: Banzhaf (5/12, 1/4, 1/4, 1/12) (P. D. Straffin, *Game Theory and
    Strategy*, MAA 1993, ch. 19; also in powerindex's test suite)."""
    bz = banzhaf_index([4, 3, 2, 1], 6)
    assert bz.values == pytest.approx([5 / 12, 1 / 4, 1 / 4, 1 / 12], abs=1e-15)


def test_eec_council_of_ministers_1958():
    """Council of Ministers of the EEC under the Treaty of Rome (1958-1972): weights
    France, Germany, Italy 4, Belgium, Netherlands 2, Luxembourg 1, quota 12 of 17.

    Published values (D. S. Felsenthal & M. Machover, *The Measurement of Voting Power*,
    Edward Elgar 1998, the EEC 1958 example; Luxembourg the textbook dummy, see also
    Games 9(2):29, 2018): absolute Banzhaf (Penrose) 5/16, 5/16, 5/16, 3/16, 3/16, 0;
    normalized 5/21 (0.238), 5/21, 5/21, 3/21 (0.143), 3/21, 0; Shapley-Shubik 14/60 (0.233),
    14/60, 14/60, 9/60 (0.150), 9/60, 0.
    """
    bz = banzhaf_index(EEC_1958, 12, arithmetic="fraction")
    assert bz.absolute == tuple(Fraction(k, 16) for k in (5, 5, 5, 3, 3, 0))
    assert bz.values == tuple(Fraction(k, 21) for k in (5, 5, 5, 3, 3, 0))
    assert [round(v, 3) for v in banzhaf_index(EEC_1958, 12).values] == [
        0.238, 0.238, 0.238, 0.143, 0.143, 0.0,
    ]  # fmt: skip
    ss = shapley_shubik_index(EEC_1958, 12, arithmetic="fraction")
    assert ss.values == tuple(Fraction(k, 60) for k in (14, 14, 14, 9, 9, 0))
    assert dummy_players(EEC_1958, 12) == (5,)
    assert veto_players(EEC_1958, 12) == ()
    # {F, G, I} and {two of F, G, I} + {B, N}
    assert number_of_minimal_winning_coalitions(EEC_1958, 12) == 4


def test_un_security_council():
    """UN Security Council since 1965 as [39; 7 x 5, 1 x 10]: Shapley-Shubik 0.1963 for a
    permanent member and 4/2145 = 0.0019 for an elected one (the standard textbook
    figures, e.g. Straffin 1993 ch. 19); normalized Banzhaf 0.167 and 0.0165."""
    ss = shapley_shubik_index(UNSC, 39, arithmetic="fraction")
    assert ss.values[0] == Fraction(421, 2145)
    assert ss.values[5] == Fraction(4, 2145)
    floats = shapley_shubik_index(UNSC, 39).values
    assert round(floats[0], 4) == 0.1963
    assert round(floats[5], 4) == 0.0019
    bz = banzhaf_index(UNSC, 39).values
    assert (round(bz[0], 3), round(bz[5], 4)) == (0.167, 0.0165)
    assert veto_players(UNSC, 39) == (0, 1, 2, 3, 4)
    assert dictators(UNSC, 39) == ()
    assert number_of_minimal_winning_coalitions(UNSC, 39) == math.comb(10, 4)


# ------------------------------------------------------------------ exactness


@pytest.mark.parametrize("seed", range(6))
def test_fraction_arithmetic_equals_enumeration(seed):
    rng = random.Random(seed)
    for _ in range(25):
        n = rng.randint(1, 9)
        weights = [rng.randint(0, 9) for _ in range(n)]
        if sum(weights) == 0:
            continue
        quota = rng.randint(1, sum(weights))
        swings, shapley, minimal = brute_force(weights, quota)
        bz = banzhaf_index(weights, quota, arithmetic="fraction")
        assert bz.swings == tuple(swings)
        assert bz.absolute == tuple(Fraction(s, 2 ** (n - 1)) for s in swings)
        assert shapley_shubik_index(weights, quota, arithmetic="fraction").values == tuple(shapley)
        assert number_of_minimal_winning_coalitions(weights, quota) == minimal
        assert dummy_players(weights, quota) == tuple(i for i in range(n) if swings[i] == 0)


@pytest.mark.parametrize("seed", range(4))
def test_float_arithmetic_within_1e_10_of_exact(seed):
    """The float schemes against exact rationals on games of 20-40 players."""
    rng = random.Random(100 + seed)
    n = rng.randint(20, 40)
    weights = [rng.choice([1, 1, 2, 3, 5, 8, 13, 40]) for _ in range(n)]
    quota = rng.randint(sum(weights) // 3, sum(weights))
    exact_bz = banzhaf_index(weights, quota, arithmetic="fraction")
    float_bz = banzhaf_index(weights, quota)
    exact_ss = shapley_shubik_index(weights, quota, arithmetic="fraction")
    float_ss = shapley_shubik_index(weights, quota)
    for a, b in zip(float_bz.values, exact_bz.values, strict=True):
        assert a == pytest.approx(float(b), rel=1e-12, abs=1e-15)
    for a, b in zip(float_bz.absolute, exact_bz.absolute, strict=True):
        assert a == pytest.approx(float(b), rel=1e-12, abs=0)
    for a, b in zip(float_ss.values, exact_ss.values, strict=True):
        assert abs(a - float(b)) < 1e-10
    assert math.fsum(float_ss.values) == pytest.approx(1.0, abs=1e-12)


def test_large_weights_within_1e_10_of_exact():
    """Weights in the tens of thousands (long transforms, long alternating series)."""
    rng = random.Random(5)
    weights = [rng.randint(1, 20_000) for _ in range(8)]
    quota = rng.randint(sum(weights) // 3, sum(weights))
    exact = shapley_shubik_index(weights, quota, arithmetic="fraction").values
    floats = shapley_shubik_index(weights, quota).values
    assert max(abs(a - float(b)) for a, b in zip(floats, exact, strict=True)) < 1e-10
    exact_bz = banzhaf_index(weights, quota, arithmetic="fraction").values
    assert banzhaf_index(weights, quota).values == pytest.approx(
        [float(v) for v in exact_bz], rel=1e-12
    )


def test_unanimity_of_a_thousand_keeps_relative_precision():
    """Swings are rare (probability 2**-999) but the normalized index stays 1/n."""
    weights = [1, 2, 3, 4] * 250
    quota = sum(weights)
    bz = banzhaf_index(weights, quota)
    assert max(abs(v - 1 / 1000) for v in bz.values) < 1e-15
    assert bz.absolute[0] == pytest.approx(2.0**-999, rel=1e-12)
    ss = shapley_shubik_index(weights, quota)
    assert max(abs(v - 1 / 1000) for v in ss.values) < 1e-12


def test_shapley_shubik_at_a_thousand_players():
    """Beyond powerindex's reach (it overflows above 170 players)."""
    rng = random.Random(7)
    weights = [rng.randint(1, 10) for _ in range(1000)]
    quota = sum(weights) // 2 + 1
    values = shapley_shubik_index(weights, quota).values
    assert math.fsum(values) == pytest.approx(1.0, abs=1e-12)
    # heavier players never have less power
    by_weight = sorted(zip(weights, values, strict=True))
    assert all(a[1] <= b[1] + 1e-12 for a, b in itertools.pairwise(by_weight))


# ------------------------------------------------------------------ flags and validation


def test_dictator_and_veto():
    assert dictators([5, 1, 1], 5) == (0,)
    assert veto_players([5, 1, 1], 5) == (0,)
    assert dictators([3, 2, 2], 4) == ()
    assert veto_players([3, 2, 2], 7) == (0, 1, 2)


def test_gcd_and_zero_weights_change_nothing():
    base = banzhaf_index([4, 3, 2, 1], 6, arithmetic="fraction")
    scaled = banzhaf_index([8, 6, 4, 2], 11, arithmetic="fraction")  # 11 -> 12 after ceil
    assert scaled.values == base.values
    padded = banzhaf_index([4, 0, 3, 2, 1], 6, arithmetic="fraction")
    assert padded.values == (base.values[0], 0, *base.values[1:])
    assert padded.absolute == (base.absolute[0], 0, *base.absolute[1:])


@pytest.mark.parametrize(
    ("weights", "quota", "error"),
    [
        ([1, 2], 0, ValueError),
        ([1, 2], 4, ValueError),
        ([1, -2], 1, ValueError),
        ([1.5, 2], 1, TypeError),
        ([], 1, ValueError),
    ],
)
def test_invalid_games_are_refused(weights, quota, error):
    with pytest.raises(error):
        banzhaf_index(weights, quota)


def test_game_object_and_unknown_arithmetic():
    game = WeightedGame(3, (2, 1, 1))
    assert banzhaf_index(game).values == banzhaf_index([2, 1, 1], 3).values
    with pytest.raises(ValueError, match="arithmetic"):
        shapley_shubik_index(game, arithmetic="decimal")  # type: ignore[arg-type]


# ------------------------------------------------------------------ properties

games = st.lists(st.integers(0, 12), min_size=1, max_size=8).filter(lambda w: sum(w) > 0)


@st.composite
def weighted_games(draw):
    weights = draw(games)
    quota = draw(st.integers(1, sum(weights)))
    return weights, quota


@settings(max_examples=60, deadline=None)
@given(weighted_games())
def test_indices_sum_to_one(game):
    weights, quota = game
    for index in (banzhaf_index, shapley_shubik_index):
        assert sum(index(weights, quota, arithmetic="fraction").values) == 1
        assert math.fsum(index(weights, quota).values) == pytest.approx(1.0, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=0, max_size=7), st.integers(1, 30))
def test_a_dictator_has_all_the_power(others, extra):
    quota = sum(others) + 1
    weights = [*others, quota + extra - 1]
    for index in (banzhaf_index, shapley_shubik_index):
        values = index(weights, quota, arithmetic="fraction").values
        assert values[-1] == 1
        assert all(v == 0 for v in values[:-1])
    assert dictators(weights, quota) == (len(others),)


@settings(max_examples=50, deadline=None)
@given(weighted_games())
def test_adding_a_dummy_changes_nobody(game):
    """A weight-0 player, and a weight-1 player in the doubled game [2q; 2w, 1] (who can
    never swing: 2 w(S) + 1 >= 2q iff w(S) >= q), leave the other indices unchanged."""
    weights, quota = game
    for index in (banzhaf_index, shapley_shubik_index):
        base = index(weights, quota, arithmetic="fraction").values
        with_zero = index([*weights, 0], quota, arithmetic="fraction").values
        doubled = index([2 * w for w in weights] + [1], 2 * quota, arithmetic="fraction")
        assert with_zero == (*base, 0)
        assert doubled.values == (*base, 0)
    assert len(weights) in dummy_players([2 * w for w in weights] + [1], 2 * quota)


@settings(max_examples=50, deadline=None)
@given(weighted_games(), st.randoms(use_true_random=False))
def test_symmetric_players_get_equal_index_and_order_does_not_matter(game, rnd):
    weights, quota = game
    order = list(range(len(weights)))
    rnd.shuffle(order)
    shuffled = [weights[i] for i in order]
    for index in (banzhaf_index, shapley_shubik_index):
        values = index(weights, quota, arithmetic="fraction").values
        permuted = index(shuffled, quota, arithmetic="fraction").values
        assert permuted == tuple(values[i] for i in order)
        for i, j in itertools.combinations(range(len(weights)), 2):
            if weights[i] == weights[j]:
                assert values[i] == values[j]

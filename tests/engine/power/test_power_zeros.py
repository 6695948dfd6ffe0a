"""Issue 18: a null player's index is exactly 0 and no index is negative. Float
Shapley-Shubik gave -2.04e-17 for Luxembourg in the EEC Council of 1958."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.power.composite import composite_banzhaf_index, composite_shapley_shubik_index
from accord.engine.power.weighted import WeightedGame, banzhaf_index, shapley_shubik_index


def test_luxembourg_has_exactly_zero_power() -> None:
    """[12; 4, 4, 4, 2, 2, 1]: Luxembourg is never a swing."""
    assert shapley_shubik_index([4, 4, 4, 2, 2, 1], 12).values[5] == 0.0
    assert banzhaf_index([4, 4, 4, 2, 2, 1], 12).values[5] == 0.0


def null_players(weights: list[int], quota: int) -> set[int]:
    """Players who are a swing for no coalition of the others, by enumeration."""
    n = len(weights)
    swinging = set()
    for size in range(n):
        for others in combinations(range(n), size):
            total = sum(weights[j] for j in others)
            for i in set(range(n)) - set(others):
                if total < quota <= total + weights[i]:
                    swinging.add(i)
    return set(range(n)) - swinging


@st.composite
def games(draw: st.DrawFn) -> WeightedGame:
    weights = draw(st.lists(st.integers(0, 30), min_size=1, max_size=8))
    if sum(weights) == 0:
        weights[0] = 1
    quota = draw(st.integers(1, sum(weights)))
    if draw(st.booleans()):  # [2q; 2w, 1]: the added player of weight 1 is a null player
        weights, quota = [2 * w for w in weights] + [1], 2 * quota
    return WeightedGame(quota, tuple(draw(st.permutations(weights))))


@settings(max_examples=250, deadline=None)
@given(games())
def test_null_players_get_exactly_zero_and_no_index_is_negative(game: WeightedGame) -> None:
    null = null_players(list(game.weights), game.quota)
    results = {
        "shapley_shubik": shapley_shubik_index(game).values,
        "banzhaf": banzhaf_index(game).values,
        "banzhaf_absolute": banzhaf_index(game).absolute or (),
        "composite_shapley_shubik": composite_shapley_shubik_index((game,)).values,
        "composite_banzhaf": composite_banzhaf_index((game,)).values,
        "composite_monte_carlo": composite_banzhaf_index(
            (game,), method="monte_carlo", samples=500, seed=0
        ).values,
    }
    for name, values in results.items():
        assert all(v >= 0 for v in values), (name, values)
        assert all(values[i] == 0.0 for i in null), (name, null, values)
    # with at most 9 players a non-null player's index is at least 1/9! >> the float error
    shapley = results["shapley_shubik"]
    assert all(shapley[i] > 0 for i in range(game.n) if i not in null)
    assert abs(sum(shapley) - 1) < 1e-12

"""Power indices of weighted and composite voting games.

- :mod:`~accord.engine.power.weighted`: ``[q; w1..wn]`` games with integer weights --
  :func:`banzhaf_index`, :func:`shapley_shubik_index` (exact, by generating functions),
  :func:`dictators`, :func:`veto_players`, :func:`dummy_players`,
  :func:`number_of_minimal_winning_coalitions`.
- :mod:`~accord.engine.power.composite`: intersections of weighted games (concurrent
  majority by sector, a head-count quorum plus a weight majority) --
  :func:`composite_banzhaf_index`, :func:`composite_shapley_shubik_index`, exact by
  enumeration up to 25 players and by Monte Carlo with 95% confidence intervals beyond.
"""

from accord.engine.power.composite import (
    composite_banzhaf_index,
    composite_shapley_shubik_index,
    concurrent_majority_game,
    quorum_and_majority_game,
)
from accord.engine.power.weighted import (
    PowerIndexResult,
    WeightedGame,
    banzhaf_index,
    dictators,
    dummy_players,
    number_of_minimal_winning_coalitions,
    shapley_shubik_index,
    veto_players,
)

__all__ = [
    "PowerIndexResult",
    "WeightedGame",
    "banzhaf_index",
    "composite_banzhaf_index",
    "composite_shapley_shubik_index",
    "concurrent_majority_game",
    "dictators",
    "dummy_players",
    "number_of_minimal_winning_coalitions",
    "quorum_and_majority_game",
    "shapley_shubik_index",
    "veto_players",
]

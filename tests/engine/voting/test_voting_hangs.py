"""Issue 18: every voting rule finishes in time polynomial in its input or stops at a
documented bound with a clear error. Each test runs under a time limit."""

from __future__ import annotations

import math
from collections.abc import Callable
from contextlib import AbstractContextManager

import numpy as np
import pytest

from accord.engine.errors import ComputationLimit, ReadError
from accord.engine.profiles import RankedProfile
from accord.engine.voting.ranked import instant_runoff, ranked_pairs

TimeLimit = Callable[[float], AbstractContextManager[None]]


def test_instant_runoff_with_a_nan_weight_stops_at_once(time_limit: TimeLimit) -> None:
    """A NaN weight made every tally comparison false: nobody was eliminated, for ever.
    The profile now refuses the weight, naming its row."""
    with time_limit(5), pytest.raises(ReadError) as caught:
        profile = RankedProfile.from_rankings(
            [["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]], weights=[1.0, math.nan, 2.0]
        )
        instant_runoff(profile)
    assert caught.value.field == "weights[1]"


def test_instant_runoff_with_extreme_finite_weights_ends(time_limit: TimeLimit) -> None:
    profile = RankedProfile.from_rankings(
        [["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]], weights=[1e300, 1e-300, 5e299]
    )
    with time_limit(5):
        result = instant_runoff(profile)
    assert result.winners == ("a",)


def many_tied_candidates(seed: int) -> RankedProfile:
    """81 candidates, 7 ballots with ties and truncation: margins of 1 to 7, each shared by
    hundreds of majorities (the profile of issue 18: 480 s under one convention, no end in
    600 s under the other, then a RecursionError once the search went deep)."""
    rng = np.random.default_rng(seed)
    ranks = rng.integers(0, 5, size=(7, 81))
    ranks[rng.random((7, 81)) < 0.3] = -1
    return RankedProfile.from_ranks(ranks)


@pytest.mark.parametrize("unranked", ["bottom", "ignore"])
def test_ranked_pairs_with_many_tied_candidates_stops_at_its_bound(
    unranked: str, time_limit: TimeLimit
) -> None:
    profile = many_tied_candidates(2)
    with time_limit(15), pytest.raises(ComputationLimit) as caught:
        ranked_pairs(profile, unranked=unranked)  # type: ignore[arg-type]
    error = caught.value
    assert (error.unit, error.limit, error.needed) == ("steps", 4_000_000, None)
    assert "resoluteness='one'" in str(error)


@pytest.mark.parametrize("unranked", ["bottom", "ignore"])
def test_ranked_pairs_one_winner_is_polynomial(unranked: str, time_limit: TimeLimit) -> None:
    """resoluteness="one": the winner under the tie-breaking order, no search."""
    profile = many_tied_candidates(2)
    with time_limit(5):
        one = ranked_pairs(profile, unranked=unranked, resoluteness="one")  # type: ignore[arg-type]
    assert one.winners == (one.winner,)
    assert len(one.explanation.locked) + len(one.explanation.skipped) > 2000


def test_the_step_bound_holds_on_time(time_limit: TimeLimit) -> None:
    """A smaller budget stops sooner: the bound is on work, not on states."""
    profile = many_tied_candidates(3)
    with time_limit(5), pytest.raises(ComputationLimit, match="stopped after 200,000 steps"):
        ranked_pairs(profile, max_steps=200_000)


def test_ranked_pairs_still_finds_every_winner_when_the_search_is_small() -> None:
    """A Condorcet cycle of three with equal margins: each majority locked last loses."""
    profile = RankedProfile.from_rankings([["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]])
    assert ranked_pairs(profile).winners == ("a", "b", "c")
    with pytest.raises(ValueError, match="resoluteness"):
        ranked_pairs(profile, resoluteness="some")  # type: ignore[arg-type]

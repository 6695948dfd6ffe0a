"""Profiles refuse what would silently change a count: NaN, infinite or negative voter
weights (issue 18: a NaN weight made instant runoff loop for ever) and negative counts."""

from __future__ import annotations

import math

import numpy as np
import pytest

from accord.engine.errors import ReadError
from accord.engine.profiles import ApprovalProfile, RankedProfile, ScoreProfile


@pytest.mark.parametrize("bad", [math.nan, -1.0, math.inf, -math.inf])
def test_a_bad_voter_weight_is_refused_naming_its_row(bad: float) -> None:
    weights = [1.0, 2.0, bad]
    builders = [
        lambda: RankedProfile.from_rankings([["a", "b"], ["b", "a"], ["a"]], weights=weights),
        lambda: ApprovalProfile.from_sets([{"a"}, {"b"}, {"a"}], weights=weights),
        lambda: ScoreProfile.from_lists([[1, 2], [2, 1], [1, 2]], weights=weights),
    ]
    for build in builders:
        with pytest.raises(ReadError) as caught:
            build()
        assert caught.value.field == "weights[2]"  # the row as given, before merging
        assert "finite non-negative voter weight" in caught.value.expected


def test_weights_whose_total_overflows_are_refused() -> None:
    with pytest.raises(ReadError, match="total is finite"):
        RankedProfile.from_rankings([["a"], ["b"]], weights=[1e308, 1e308], counts=[2, 1])


def test_a_negative_count_is_refused_naming_its_row() -> None:
    with pytest.raises(ReadError) as caught:
        RankedProfile.from_rankings([["a"], ["b"]], counts=[2, -1])
    assert caught.value.field == "counts[1]"


def test_direct_construction_is_checked_too() -> None:
    p = RankedProfile.from_rankings([["a", "b"]])
    with pytest.raises(ReadError):
        RankedProfile(
            counts=p.counts, candidates=p.candidates, ranks=p.ranks, weights=np.array([np.nan])
        )


def test_zero_and_fractional_weights_are_fine() -> None:
    p = RankedProfile.from_rankings([["a"], ["b"]], weights=[0.0, 0.5])
    assert p.ballot_weights.tolist() == [0.0, 0.5]

"""Consent of affected groups over overlapping groups (engine.voting.affected_groups)."""

from __future__ import annotations

import doctest
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.engine.voting import affected_groups
from accord.engine.voting.affected_groups import affected_group_consent


def test_doctests():
    assert doctest.testmod(affected_groups).failed == 0


def test_silence_is_not_consent():
    (verdict,) = affected_group_consent(np.ones((3, 1), bool), np.zeros(3, bool), np.zeros(3, bool))
    assert verdict.silent and not verdict.consented and verdict.members == 3


def test_tie_does_not_consent_and_withheld_counts_only_voters():
    membership = np.ones((4, 1), bool)
    voted = np.array([True, True, False, False])
    withheld = np.array([True, False, True, True])  # the absent ones' boxes do not count
    (verdict,) = affected_group_consent(membership, voted, withheld)
    assert (verdict.voted, verdict.withheld, verdict.consented) == (2, 1, False)


def test_threshold_two_thirds():
    membership = np.ones((3, 1), bool)
    voted = np.ones(3, bool)
    one_refuses = np.array([True, False, False])
    (verdict,) = affected_group_consent(membership, voted, one_refuses, threshold=Fraction(2, 3))
    assert not verdict.consented  # 2 of 3 is not more than 2/3
    (verdict,) = affected_group_consent(
        membership, voted, np.zeros(3, bool), threshold=Fraction(1, 2)
    )
    assert verdict.consented


@pytest.mark.parametrize(
    ("membership", "voted", "withheld"),
    [
        (np.ones(3, bool), np.ones(3, bool), np.ones(3, bool)),
        (np.ones((3, 1), bool), np.ones(2, bool), np.ones(3, bool)),
    ],
)
def test_bad_shapes(membership, voted, withheld):
    with pytest.raises(ValueError):
        affected_group_consent(membership, voted, withheld)


@given(st.data())
def test_against_a_count_by_hand(data):
    n = data.draw(st.integers(0, 8))
    k = data.draw(st.integers(1, 3))
    membership = np.array(
        data.draw(
            st.lists(st.lists(st.booleans(), min_size=k, max_size=k), min_size=n, max_size=n)
        ),
        dtype=bool,
    ).reshape(n, k)
    voted = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    withheld = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    for g, verdict in enumerate(affected_group_consent(membership, voted, withheld)):
        took_part = [i for i in range(n) if membership[i, g] and voted[i]]
        refusing = [i for i in took_part if withheld[i]]
        assert verdict.voted == len(took_part)
        assert verdict.withheld == len(refusing)
        assert verdict.consented == (len(took_part) - len(refusing) > len(took_part) / 2)

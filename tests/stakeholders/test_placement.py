"""The grid's quadrants and the seven salience classes, from mean ratings."""

from __future__ import annotations

import pytest

from accord.stakeholders.placement import Quadrant, Salience, is_high, mean, quadrant, salience


def test_mean_and_the_midpoint_belongs_to_the_low_side():
    assert mean([5, 4, 3]) == 4.0
    assert mean([]) is None
    assert not is_high(3.0)
    assert is_high(3.01)


@pytest.mark.parametrize(
    ("power", "interest", "expected"),
    [
        (4, 4, Quadrant.KEY_PLAYERS),
        (4, 3, Quadrant.KEEP_SATISFIED),
        (3, 4, Quadrant.KEEP_INFORMED),
        (1, 1, Quadrant.MONITOR),
        (None, 4, None),
    ],
)
def test_quadrants(power, interest, expected):
    assert quadrant(power, interest) == expected


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ((4, 2, 2), Salience.DORMANT),
        ((2, 4, 2), Salience.DISCRETIONARY),
        ((2, 2, 4), Salience.DEMANDING),
        ((4, 4, 2), Salience.DOMINANT),
        ((4, 2, 4), Salience.DANGEROUS),
        ((2, 4, 4), Salience.DEPENDENT),
        ((4, 4, 4), Salience.DEFINITIVE),
        ((3, 3, 3), Salience.NONE),
    ],
)
def test_the_seven_classes(attributes, expected):
    assert salience(*attributes) == expected

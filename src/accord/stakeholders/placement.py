"""Where a stakeholder stands, from the mean of the members' 1–5 ratings: its quadrant of
the power–interest grid (Mendelow) and its salience class (Mitchell, Agle and Wood 1997).

Pure functions of numbers, no database. An axis or attribute counts as *high* (held)
when its mean is strictly above the midpoint 3: a stakeholder the members rate 3 on
average is neither powerful nor powerless, and stays on the low side, so that a class
is earned by ratings that lean one way (shared/docs/INSTRUMENTS.md §5.1–5.2).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

MIDPOINT = 3.0


class Quadrant(StrEnum):
    KEY_PLAYERS = "key_players"  # high power, high interest: manage closely
    KEEP_SATISFIED = "keep_satisfied"  # high power, low interest
    KEEP_INFORMED = "keep_informed"  # low power, high interest: raise their voice
    MONITOR = "monitor"  # low power, low interest


class Salience(StrEnum):
    NONE = "none"
    DORMANT = "dormant"  # power only
    DISCRETIONARY = "discretionary"  # legitimacy only
    DEMANDING = "demanding"  # urgency only
    DOMINANT = "dominant"  # power + legitimacy
    DANGEROUS = "dangerous"  # power + urgency
    DEPENDENT = "dependent"  # legitimacy + urgency
    DEFINITIVE = "definitive"  # all three


_SALIENCE: dict[tuple[bool, bool, bool], Salience] = {
    (False, False, False): Salience.NONE,
    (True, False, False): Salience.DORMANT,
    (False, True, False): Salience.DISCRETIONARY,
    (False, False, True): Salience.DEMANDING,
    (True, True, False): Salience.DOMINANT,
    (True, False, True): Salience.DANGEROUS,
    (False, True, True): Salience.DEPENDENT,
    (True, True, True): Salience.DEFINITIVE,
}


def mean(values: Sequence[int | float]) -> float | None:
    """The arithmetic mean, or None for no values.

    >>> mean([4, 5, 3])
    4.0
    >>> mean([]) is None
    True
    """
    return sum(values) / len(values) if values else None


def is_high(value: float | None, midpoint: float = MIDPOINT) -> bool:
    """Strictly above the midpoint.

    >>> is_high(3.0), is_high(3.5), is_high(None)
    (False, True, False)
    """
    return value is not None and value > midpoint


def quadrant(power: float | None, interest: float | None) -> Quadrant | None:
    """The Mendelow quadrant of mean power and interest; None when nobody rated it.

    >>> quadrant(4.5, 2.0)
    <Quadrant.KEEP_SATISFIED: 'keep_satisfied'>
    """
    if power is None or interest is None:
        return None
    if is_high(power):
        return Quadrant.KEY_PLAYERS if is_high(interest) else Quadrant.KEEP_SATISFIED
    return Quadrant.KEEP_INFORMED if is_high(interest) else Quadrant.MONITOR


def salience(
    power: float | None, legitimacy: float | None, urgency: float | None
) -> Salience | None:
    """The Mitchell–Agle–Wood class of the three mean attributes; None when nobody rated it.

    >>> salience(4.0, 2.0, 5.0)
    <Salience.DANGEROUS: 'dangerous'>
    >>> salience(2.0, 3.0, 1.0)
    <Salience.NONE: 'none'>
    """
    if power is None or legitimacy is None or urgency is None:
        return None
    return _SALIENCE[(is_high(power), is_high(legitimacy), is_high(urgency))]

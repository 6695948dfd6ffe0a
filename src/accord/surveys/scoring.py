"""The arithmetic of the instruments' scores (docs/balance/instruments.md). Plain numbers
in, plain numbers and codes out; no Django, no database, so it is tested on hand-made
cases."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from itertools import combinations

#: Factor means at or above this are a strength; below ``CONCERN_BELOW`` a concern; in
#: between, borderline (Wilder guidance, half-open intervals on the unrounded mean).
STRENGTH_FROM = 4.0
CONCERN_BELOW = 3.0

STRENGTH = "strength"
BORDERLINE = "borderline"
CONCERN = "concern"


def mean(values: Iterable[float]) -> float | None:
    """The arithmetic mean, or None for no values.

    >>> mean([1, 2, 4])
    2.3333333333333335
    >>> mean([]) is None
    True
    """
    numbers = [float(v) for v in values]
    return math.fsum(numbers) / len(numbers) if numbers else None


def population_sd(values: Iterable[float]) -> float | None:
    """The standard deviation over the values themselves (divide by n), None for none.

    >>> population_sd([2, 4, 4, 4, 5, 5, 7, 9])
    2.0
    """
    numbers = [float(v) for v in values]
    centre = mean(numbers)
    if centre is None:
        return None
    return math.sqrt(math.fsum((v - centre) ** 2 for v in numbers) / len(numbers))


def factor_class(factor_mean: float | None) -> str | None:
    """strength (≥ 4.0), borderline (3.0 to under 4.0) or concern (< 3.0).

    >>> [factor_class(m) for m in (4.0, 3.99, 3.0, 2.99)]
    ['strength', 'borderline', 'borderline', 'concern']
    """
    if factor_mean is None:
        return None
    if factor_mean >= STRENGTH_FROM:
        return STRENGTH
    if factor_mean < CONCERN_BELOW:
        return CONCERN
    return BORDERLINE


def respondent_group_means(
    answers: Mapping[str, float], groups: Mapping[str, list[str]]
) -> dict[str, float]:
    """Per respondent: the mean of each group's answered items (a factor score), for the
    groups with at least one answered item.

    >>> respondent_group_means({"a1": 4, "a2": 5, "b1": 2}, {"A": ["a1", "a2"], "B": ["b1", "b2"]})
    {'A': 4.5, 'B': 2.0}
    """
    scores: dict[str, float] = {}
    for group, items in groups.items():
        value = mean(answers[item] for item in items if item in answers)
        if value is not None:
            scores[group] = value
    return scores


def furthest_pairs(group_means: Mapping[str, float]) -> list[tuple[str, str, float]]:
    """Every pair of groups with the absolute difference of their means, furthest first
    (ties in the groups' order).

    >>> furthest_pairs({"public": 5.0, "private": 2.0, "community": 6.5})
    [('private', 'community', 4.5), ('public', 'private', 3.0), ('public', 'community', 1.5)]
    """
    pairs = [(a, b, abs(group_means[a] - group_means[b])) for a, b in combinations(group_means, 2)]
    return sorted(pairs, key=lambda pair: -pair[2])


def composite(ratings: Mapping[str, float], dimensions: Iterable[str]) -> float | None:
    """A PARTNER pair-level composite: the mean of the answered dimensions.

    >>> composite({"reliability": 4, "mission": 3, "openness": 2}, ["reliability", "mission", "openness"])
    3.0
    """
    return mean(ratings[d] for d in dimensions if d in ratings)

"""PARTNER's trust and value scores, from the ratings members give each other.

:func:`trust_value_scores`: per pair, per member (as rated by the others) and for the
whole network, with PARTNER's percentages (INSTRUMENTS.md section 1.3).

References
----------
.. [1] J. M. McCullough, D. M. Varda et al., "Measuring the quality of public health
   networks with PARTNER", BMC Public Health 16:566 (2016), Table 1.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = [
    "PARTNER_SCALE_MAX",
    "NodeTrustValue",
    "Rating",
    "TrustValueScores",
    "trust_value_scores",
]

#: PARTNER's rating scale runs from 1 (not at all) to 4 (a great deal).
PARTNER_SCALE_MAX = 4.0


@dataclass(frozen=True)
class Rating:
    """One organization's rating of another: dimension name -> score on the 1-4 scale."""

    rater: int
    rated: int
    value: Mapping[str, float]
    trust: Mapping[str, float]


@dataclass(frozen=True)
class NodeTrustValue:
    """How the others see one member. ``None`` when no one rated it."""

    raters: int
    value: float | None
    trust: float | None
    #: per dimension: mean of the ratings received (only dimensions someone rated)
    value_dimensions: Mapping[str, float]
    trust_dimensions: Mapping[str, float]
    #: our "relative connectivity": sum over raters of (value + trust) / 2, against the
    #: best-connected member (1.0); 0 when no one was rated (INSTRUMENTS.md section 1.3)
    relative_connectivity: float


@dataclass(frozen=True)
class TrustValueScores:
    """Trust and value of a network. Raw means are on the 1-4 scale.

    ``trust_percent`` and ``value_percent`` are PARTNER's network scores,
    ``100 * mean / 4`` (McCullough et al. 2016 report a trust score this way).
    """

    nodes: tuple[NodeTrustValue, ...]
    ratings: int
    trust: float | None
    value: float | None
    trust_percent: float | None
    value_percent: float | None


def _mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return math.fsum(items) / len(items) if items else None


def _checked(scores: Mapping[str, float], scale_max: float) -> dict[str, float]:
    checked = {}
    for name, score in scores.items():
        score = float(score)
        if not math.isfinite(score) or score < 1 or score > scale_max:
            raise ValueError(f"a rating must lie between 1 and {scale_max:g}, got {score!r}")
        checked[str(name)] = score
    return checked


def trust_value_scores(
    n: int, ratings: Iterable[Rating], *, scale_max: float = PARTNER_SCALE_MAX
) -> TrustValueScores:
    """PARTNER's trust and value scores from the ratings members gave each other.

    Per pair, trust is the mean of the rater's trust dimensions (reliability, support of
    the mission, openness to discussion) and value the mean of its value dimensions
    (power and influence, involvement, resources); a dimension left unanswered is left
    out of the mean. Per member, the mean over the members who rated it; for the network,
    the mean over all rated pairs.

    Parameters
    ----------
    n : int
        Number of members, numbered ``0 .. n-1``.
    ratings : iterable of Rating
        At most one per (rater, rated) pair; self-ratings are refused.
    scale_max : float, default 4
        The top of the scale (PARTNER: 4); every score must lie in ``1 .. scale_max``.

    Raises
    ------
    ValueError
        A member outside ``0 .. n-1``, a self-rating, a pair rated twice, or a score off
        the scale.

    Examples
    --------
    >>> scores = trust_value_scores(3, [
    ...     Rating(0, 1, {"power": 4, "involvement": 3, "resources": 2},
    ...            {"reliability": 4, "mission": 4, "openness": 1}),
    ...     Rating(2, 1, {"power": 2, "involvement": 2, "resources": 2},
    ...            {"reliability": 2, "mission": 2, "openness": 2}),
    ... ])
    >>> scores.nodes[1].value, scores.nodes[1].trust, scores.nodes[1].raters
    (2.5, 2.5, 2)
    >>> scores.trust_percent
    62.5
    >>> scores.nodes[0].trust is None
    True
    """
    received_trust: list[list[float]] = [[] for _ in range(n)]
    received_value: list[list[float]] = [[] for _ in range(n)]
    dims_trust: list[dict[str, list[float]]] = [{} for _ in range(n)]
    dims_value: list[dict[str, list[float]]] = [{} for _ in range(n)]
    pair_trust: list[float] = []
    pair_value: list[float] = []
    seen: set[tuple[int, int]] = set()
    connectivity = [0.0] * n
    raters = [0] * n
    for rating in ratings:
        rater, rated = int(rating.rater), int(rating.rated)
        if not (0 <= rater < n and 0 <= rated < n):
            raise ValueError(f"members must lie in 0 .. {n - 1}")
        if rater == rated:
            raise ValueError("a member does not rate itself")
        if (rater, rated) in seen:
            raise ValueError("a pair is rated once")
        seen.add((rater, rated))
        trust = _checked(rating.trust, scale_max)
        value = _checked(rating.value, scale_max)
        for name, score in trust.items():
            dims_trust[rated].setdefault(name, []).append(score)
        for name, score in value.items():
            dims_value[rated].setdefault(name, []).append(score)
        composites = []
        if trust:
            pair = math.fsum(trust.values()) / len(trust)
            received_trust[rated].append(pair)
            pair_trust.append(pair)
            composites.append(pair)
        if value:
            pair = math.fsum(value.values()) / len(value)
            received_value[rated].append(pair)
            pair_value.append(pair)
            composites.append(pair)
        if composites:
            # (value + trust) / 2, or the one composite the rater gave
            connectivity[rated] += math.fsum(composites) / len(composites)
            raters[rated] += 1
    best = max(connectivity, default=0.0)

    nodes = tuple(
        NodeTrustValue(
            raters=raters[j],
            value=_mean(received_value[j]),
            trust=_mean(received_trust[j]),
            value_dimensions={k: math.fsum(v) / len(v) for k, v in sorted(dims_value[j].items())},
            trust_dimensions={k: math.fsum(v) / len(v) for k, v in sorted(dims_trust[j].items())},
            relative_connectivity=connectivity[j] / best if best > 0 else 0.0,
        )
        for j in range(n)
    )
    trust_mean = _mean(pair_trust)
    value_mean = _mean(pair_value)
    return TrustValueScores(
        nodes=nodes,
        ratings=len(seen),
        trust=trust_mean,
        value=value_mean,
        trust_percent=None if trust_mean is None else 100 * trust_mean / scale_max,
        value_percent=None if value_mean is None else 100 * value_mean / scale_max,
    )

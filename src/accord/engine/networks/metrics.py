"""Network metrics of a partnership, as the PARTNER tool reports them, computed with rustworkx.

- :func:`network_metrics`: density, degree and Freeman degree centralization (undirected,
  in and out), betweenness per node (normalized), reciprocity, from directed ties
  ``(source, target, weight)`` between nodes ``0 .. n-1``.
- :func:`freeman_degree_centralization`: the centralization of a degree sequence.
- :func:`trust_value_scores`: PARTNER's trust and value, per pair, per member (as rated by
  the others) and for the whole network, from rated ties.

Each organization reports its own ties, so the data is directed. The undirected measures
(density, degree centralization, betweenness) use one undirected tie per pair, counted
by the ``rule`` passed: ``"or"`` when either side reports it (PARTNER's default),
``"and"`` only when both do. Reciprocity is always read from the directed ties.

References
----------
.. [1] L. C. Freeman, "Centrality in social networks: conceptual clarification",
   Social Networks 1 (1979) 215-239, for degree centralization and betweenness.
.. [2] S. Wasserman, K. Faust, *Social Network Analysis* (1994), sections 4.3 and 5.2
   (density; centralization of in- and out-degree, denominator (n-1)^2).
.. [3] U. Brandes, "A faster algorithm for betweenness centrality", Journal of
   Mathematical Sociology 25 (2001) 163-177 (rustworkx's algorithm).
.. [4] J. M. McCullough, D. M. Varda et al., "Measuring the quality of public health
   networks with PARTNER", BMC Public Health 16:566 (2016), Table 1 (trust and value).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import rustworkx as rx
from numpy.typing import ArrayLike

__all__ = [
    "NetworkMetrics",
    "NodeTrustValue",
    "Rating",
    "TrustValueScores",
    "directed_ties",
    "freeman_degree_centralization",
    "network_metrics",
    "trust_value_scores",
]

Rule = Literal["or", "and"]

#: PARTNER's rating scale runs from 1 (not at all) to 4 (a great deal).
PARTNER_SCALE_MAX = 4.0


@dataclass(frozen=True)
class NetworkMetrics:
    """The figures of one network. Shares are fractions (0-1), not percentages.

    ``None`` where the figure is undefined: reciprocity without any tie; degree
    centralization with fewer than three nodes (undirected) or two (directed); density
    with fewer than two nodes.
    """

    nodes: int
    rule: str
    #: distinct reported (directed) ties, self-ties dropped
    directed_ties: int
    #: undirected ties under ``rule``
    ties: int
    density: float | None
    directed_density: float | None
    degree_centralization: float | None
    in_degree_centralization: float | None
    out_degree_centralization: float | None
    reciprocity: float | None
    #: per node: undirected degree (under ``rule``), in- and out-degree of reported ties
    degree: tuple[int, ...]
    in_degree: tuple[int, ...]
    out_degree: tuple[int, ...]
    #: per node: total weight of the ties it reports and receives
    out_strength: tuple[float, ...]
    in_strength: tuple[float, ...]
    #: per node: normalized betweenness on the undirected graph (0-1)
    betweenness: tuple[float, ...]
    #: Freeman's betweenness centralization: sum of (max - b_i) / (n - 1), 1 for a star
    betweenness_centralization: float | None


def directed_ties(
    n: int, edges: ArrayLike | Iterable[Sequence[float]]
) -> dict[tuple[int, int], float]:
    """Distinct directed ties ``(source, target) -> total weight``.

    ``edges`` holds rows ``(source, target)`` or ``(source, target, weight)`` (weight 1
    when absent), as a list or a numpy array of shape (m, 2) or (m, 3). A pair given twice
    adds its weights; self-ties are dropped.

    Raises
    ------
    ValueError
        A node outside ``0 .. n-1``, a non-integer node, or a negative or non-finite weight.

    Examples
    --------
    >>> directed_ties(3, [(0, 1, 1), (0, 1, 2.5), (2, 2, 9)])
    {(0, 1): 3.5}
    """
    try:
        array = np.asarray(edges, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError("edges must be rows of numbers of one length") from exc
    if array.size == 0:
        return {}
    if array.ndim != 2 or array.shape[1] not in (2, 3):
        raise ValueError("edges must be rows of (source, target) or (source, target, weight)")
    ends = array[:, :2]
    if not np.all(np.isfinite(ends)) or np.any(ends != np.floor(ends)):
        raise ValueError("nodes must be whole numbers")
    if np.any(ends < 0) or np.any(ends >= n):
        raise ValueError(f"nodes must lie in 0 .. {n - 1}")
    weights = array[:, 2] if array.shape[1] == 3 else np.ones(len(array))
    if not np.all(np.isfinite(weights)) or np.any(weights < 0):
        raise ValueError("weights must be finite and non-negative")
    keep = ends[:, 0] != ends[:, 1]
    sources = ends[keep, 0].astype(np.int64)
    targets = ends[keep, 1].astype(np.int64)
    weights = weights[keep]
    if len(sources) == 0:
        return {}
    # Sum duplicate pairs in numpy: one key per pair, then a grouped sum.
    keys = sources * n + targets
    unique, inverse = np.unique(keys, return_inverse=True)
    sums = np.bincount(inverse, weights=weights)
    return {
        (int(k) // n, int(k) % n): float(w)
        for k, w in zip(unique.tolist(), sums.tolist(), strict=True)
    }


def freeman_degree_centralization(degrees: ArrayLike, *, directed: bool = False) -> float | None:
    """Freeman's degree centralization of a degree sequence (0-1).

    Undirected: :math:`\\sum_i (d_{max} - d_i) / ((n-1)(n-2))`; directed in- or
    out-degree: denominator :math:`(n-1)^2`. 1 for a star, 0 when all degrees are equal.

    Returns ``None`` when the denominator is 0 (fewer than three nodes undirected, fewer
    than two directed).

    Examples
    --------
    >>> freeman_degree_centralization([4, 1, 1, 1, 1])
    1.0
    >>> freeman_degree_centralization([2, 2, 2])
    0.0
    >>> freeman_degree_centralization([4, 0, 0, 0, 0], directed=True)
    1.0
    """
    values = np.asarray(degrees, dtype=np.float64)
    n = len(values)
    denominator = (n - 1) ** 2 if directed else (n - 1) * (n - 2)
    if denominator <= 0:
        return None
    return float(np.sum(values.max() - values) / denominator)


def _undirected_pairs(ties: Mapping[tuple[int, int], float], rule: Rule) -> list[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for source, target in ties:
        if rule == "and" and (target, source) not in ties:
            continue
        pairs.add((min(source, target), max(source, target)))
    return sorted(pairs)


def network_metrics(
    n: int,
    edges: ArrayLike | Iterable[Sequence[float]],
    *,
    rule: Rule = "or",
    parallel_threshold: int = 50,
) -> NetworkMetrics:
    """Density, centralization, betweenness and reciprocity of a network of ``n`` nodes.

    Parameters
    ----------
    n : int
        Number of nodes (organizations), numbered ``0 .. n-1``. Nodes without a tie count:
        they lower density and raise centralization, as in PARTNER.
    edges : array-like or iterable of rows
        Reported ties ``(source, target)`` or ``(source, target, weight)``: see
        :func:`directed_ties`.
    rule : {"or", "and"}
        How reported ties make an undirected tie: ``"or"`` when either side reports it,
        ``"and"`` when both do.
    parallel_threshold : int, default 50
        Passed to rustworkx: above this many nodes, betweenness runs on several threads.

    Returns
    -------
    NetworkMetrics

    Notes
    -----
    - Density: undirected :math:`L / (n(n-1)/2)`, directed :math:`L / (n(n-1))`.
    - Betweenness is normalized as networkx does for an undirected graph: divided by
      :math:`(n-1)(n-2)/2`, the number of pairs that exclude the node.
    - Betweenness centralization (Freeman 1979, eq. 8 with normalized betweenness):
      :math:`\\sum_i (b_{max} - b_i) / (n - 1)`, 1 for a star, 0 when all are equal.
    - Reciprocity is the share of reported ties whose reverse is also reported
      (``networkx.reciprocity`` of the directed graph).

    Examples
    --------
    A star of five, the centre naming each leaf and only two leaves naming it back:

    >>> m = network_metrics(5, [(0, 1), (0, 2), (0, 3), (0, 4), (1, 0), (2, 0)])
    >>> m.density, m.degree_centralization, m.reciprocity
    (0.4, 1.0, 0.6666666666666666)
    >>> m.betweenness
    (1.0, 0.0, 0.0, 0.0, 0.0)
    >>> network_metrics(5, [(0, 1), (1, 0), (0, 2)], rule="and").ties
    1
    """
    if n < 0:
        raise ValueError("n must not be negative")
    if rule not in ("or", "and"):
        raise ValueError('rule must be "or" or "and"')
    ties = directed_ties(n, edges)
    pairs = _undirected_pairs(ties, rule)

    out_degree = np.zeros(n, dtype=np.int64)
    in_degree = np.zeros(n, dtype=np.int64)
    out_strength = np.zeros(n)
    in_strength = np.zeros(n)
    if ties:
        keys = np.array(list(ties.keys()), dtype=np.int64)
        weights = np.array(list(ties.values()))
        out_degree = np.bincount(keys[:, 0], minlength=n)
        in_degree = np.bincount(keys[:, 1], minlength=n)
        out_strength = np.bincount(keys[:, 0], weights=weights, minlength=n)
        in_strength = np.bincount(keys[:, 1], weights=weights, minlength=n)
    degree = np.zeros(n, dtype=np.int64)
    if pairs:
        ends = np.array(pairs, dtype=np.int64)
        degree = np.bincount(ends.ravel(), minlength=n)

    graph = rx.PyGraph(multigraph=False)
    graph.add_nodes_from(range(n))
    graph.add_edges_from_no_data(pairs)
    betweenness_map = (
        rx.graph_betweenness_centrality(
            graph, normalized=True, parallel_threshold=parallel_threshold
        )
        if n > 2 and pairs
        else None
    )
    betweenness = tuple(
        float(betweenness_map[i]) if betweenness_map is not None else 0.0 for i in range(n)
    )

    reciprocated = sum(1 for source, target in ties if (target, source) in ties)
    possible = n * (n - 1)
    return NetworkMetrics(
        nodes=n,
        rule=rule,
        directed_ties=len(ties),
        ties=len(pairs),
        density=len(pairs) / (possible / 2) if possible else None,
        directed_density=len(ties) / possible if possible else None,
        degree_centralization=freeman_degree_centralization(degree) if n else None,
        in_degree_centralization=freeman_degree_centralization(in_degree, directed=True)
        if n
        else None,
        out_degree_centralization=freeman_degree_centralization(out_degree, directed=True)
        if n
        else None,
        reciprocity=reciprocated / len(ties) if ties else None,
        degree=tuple(int(d) for d in degree),
        in_degree=tuple(int(d) for d in in_degree),
        out_degree=tuple(int(d) for d in out_degree),
        out_strength=tuple(float(s) for s in out_strength),
        in_strength=tuple(float(s) for s in in_strength),
        betweenness=betweenness,
        betweenness_centralization=(
            math.fsum(max(betweenness) - b for b in betweenness) / (n - 1) if n > 2 else None
        ),
    )


# --- trust and value ---------------------------------------------------------------------


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

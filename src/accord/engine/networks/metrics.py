"""Network metrics of a partnership, as the PARTNER tool reports them, computed with rustworkx.

- :func:`network_metrics`: density, degree and Freeman degree centralization (undirected,
  in and out), betweenness per node (normalized), reciprocity, from directed ties
  ``(source, target, weight)`` between nodes ``0 .. n-1``.
- :func:`freeman_degree_centralization`: the centralization of a degree sequence.
- trust and value are in :mod:`~accord.engine.networks.trust_value`.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import rustworkx as rx
from numpy.typing import ArrayLike

__all__ = [
    "NetworkMetrics",
    "Rule",
    "directed_ties",
    "freeman_degree_centralization",
    "network_metrics",
]

Rule = Literal["or", "and"]


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
    keys, sums = _tie_arrays(n, edges)
    return {
        (int(k) // n, int(k) % n): float(w)
        for k, w in zip(keys.tolist(), sums.tolist(), strict=True)
    }


def _tie_arrays(
    n: int, edges: ArrayLike | Iterable[Sequence[float]]
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct directed ties as sorted keys ``source * n + target`` (int64) and their
    summed weights: :func:`directed_ties` without the dictionary (same checks)."""
    none = (np.zeros(0, dtype=np.int64), np.zeros(0))
    try:
        array = np.asarray(edges, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError("edges must be rows of numbers of one length") from exc
    if array.size == 0:
        return none
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
        return none
    # Sum duplicate pairs in numpy: one key per pair, then a grouped sum.
    keys = sources * n + targets
    unique, inverse = np.unique(keys, return_inverse=True)
    return unique, np.bincount(inverse, weights=weights)


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


def _undirected_pairs(n: int, keys: np.ndarray, rule: Rule) -> tuple[np.ndarray, np.ndarray]:
    """From the sorted directed keys: the undirected pairs under ``rule`` as an (L, 2) array
    ``(low, high)`` in increasing order, and, per directed tie, whether its reverse is
    reported too."""
    sources, targets = keys // n, keys % n
    reverse = targets * n + sources
    position = np.searchsorted(keys, reverse)
    found = position < len(keys)
    answered = np.zeros(len(keys), dtype=bool)
    answered[found] = keys[position[found]] == reverse[found]
    kept = answered if rule == "and" else np.ones(len(keys), dtype=bool)
    low = np.minimum(sources[kept], targets[kept])
    high = np.maximum(sources[kept], targets[kept])
    pair_keys = np.unique(low * n + high)
    return np.column_stack((pair_keys // n, pair_keys % n)), answered


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
    keys, weights = _tie_arrays(n, edges)
    pairs, answered = _undirected_pairs(n, keys, rule)
    sources, targets = keys // n, keys % n
    out_degree = np.bincount(sources, minlength=n)
    in_degree = np.bincount(targets, minlength=n)
    out_strength = np.bincount(sources, weights=weights, minlength=n)
    in_strength = np.bincount(targets, weights=weights, minlength=n)
    degree = np.bincount(pairs.ravel(), minlength=n)

    betweenness = np.zeros(n)
    if n > 2 and len(pairs):
        graph = rx.PyGraph(multigraph=False)
        graph.add_nodes_from(range(n))
        graph.add_edges_from_no_data(list(map(tuple, pairs.tolist())))
        found = rx.graph_betweenness_centrality(
            graph, normalized=True, parallel_threshold=parallel_threshold
        )
        betweenness = np.fromiter((found[i] for i in range(n)), dtype=np.float64, count=n)

    ties = len(keys)
    possible = n * (n - 1)
    top = float(betweenness.max()) if n else 0.0
    return NetworkMetrics(
        nodes=n,
        rule=rule,
        directed_ties=ties,
        ties=len(pairs),
        density=len(pairs) / (possible / 2) if possible else None,
        directed_density=ties / possible if possible else None,
        degree_centralization=freeman_degree_centralization(degree) if n else None,
        in_degree_centralization=freeman_degree_centralization(in_degree, directed=True)
        if n
        else None,
        out_degree_centralization=freeman_degree_centralization(out_degree, directed=True)
        if n
        else None,
        reciprocity=int(answered.sum()) / ties if ties else None,
        degree=tuple(degree.tolist()),
        in_degree=tuple(in_degree.tolist()),
        out_degree=tuple(out_degree.tolist()),
        out_strength=tuple(out_strength.tolist()),
        in_strength=tuple(in_strength.tolist()),
        betweenness=tuple(betweenness.tolist()),
        betweenness_centralization=(
            math.fsum((top - betweenness).tolist()) / (n - 1) if n > 2 else None
        ),
    )

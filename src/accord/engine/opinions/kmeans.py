"""k-means (Lloyd's algorithm) with k-means++ seeding, weights, and the silhouette.

Small and dependency-free (numpy only), for the two-dimensional opinion maps of
:mod:`accord.engine.opinions`: :func:`kmeans_plus_plus`, :func:`lloyd`, :func:`kmeans`
(the best of several seeded runs) and :func:`silhouette`.

References
----------
.. [1] S. P. Lloyd, "Least squares quantization in PCM", IEEE Trans. Inf. Theory 28(2), 1982.
.. [2] D. Arthur and S. Vassilvitskii, "k-means++: the advantages of careful seeding",
   SODA 2007, section 2.2.
.. [3] P. J. Rousseeuw, "Silhouettes: a graphical aid to the interpretation and validation
   of cluster analysis", J. Comput. Appl. Math. 20, 1987.
"""

from __future__ import annotations

import numpy as np
import scipy.spatial

_CHUNK = 4096  # rows per block when assigning points to centres by brute force
_BRUTE_FORCE_CENTRES = 8  # above this many centres, a k-d tree finds the nearest


def _assign(points: np.ndarray, centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nearest centre of each point and the squared distance to it (brute force for a few
    centres, where ties go to the lowest index; a k-d tree for many)."""
    if len(centres) > _BRUTE_FORCE_CENTRES:
        distance, labels = scipy.spatial.cKDTree(centres).query(points)
        return labels.astype(np.int64), distance * distance
    n = len(points)
    labels = np.empty(n, dtype=np.int64)
    nearest = np.empty(n, dtype=np.float64)
    for start in range(0, n, _CHUNK):
        block = points[start : start + _CHUNK]
        squared = np.zeros((len(block), len(centres)))
        for d in range(points.shape[1]):
            gap = block[:, d, None] - centres[None, :, d]
            gap *= gap
            squared += gap
        best = squared.argmin(axis=1)
        labels[start : start + _CHUNK] = best
        nearest[start : start + _CHUNK] = np.take_along_axis(squared, best[:, None], axis=1)[:, 0]
    return labels, nearest


def kmeans_plus_plus(
    points: np.ndarray, k: int, weights: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """``k`` initial centres by k-means++ [2]_: each next centre is a point drawn with
    probability proportional to its weight times its squared distance to the nearest centre
    chosen so far. Stops early (fewer centres) when every point coincides with a centre."""
    total = weights.sum()
    first = int(rng.choice(len(points), p=weights / total))
    chosen = [first]
    nearest = ((points - points[first]) ** 2).sum(axis=1)
    for _ in range(1, k):
        mass = weights * nearest
        if mass.sum() <= 0:
            break
        nxt = int(rng.choice(len(points), p=mass / mass.sum()))
        chosen.append(nxt)
        nearest = np.minimum(nearest, ((points - points[nxt]) ** 2).sum(axis=1))
    return points[chosen].copy()


def lloyd(
    points: np.ndarray,
    centres: np.ndarray,
    weights: np.ndarray | None = None,
    *,
    max_iter: int = 300,
    tol: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, float]:
    """Lloyd's iterations from ``centres`` until no assignment changes, no centre moves by
    more than ``tol`` (Pol.is stops at 0.01), or ``max_iter`` iterations.

    Returns ``(labels, centres, inertia)``; the inertia is the weighted sum of squared
    distances to the assigned centre. A centre left without points stays where it is.
    """
    w = np.ones(len(points)) if weights is None else weights
    centres = np.array(centres, dtype=np.float64, copy=True)
    k = len(centres)
    labels, nearest = _assign(points, centres)
    for _ in range(max_iter):
        mass = np.bincount(labels, weights=w, minlength=k)
        occupied = mass > 0
        previous = centres.copy()
        for d in range(points.shape[1]):
            sums = np.bincount(labels, weights=w * points[:, d], minlength=k)
            centres[occupied, d] = sums[occupied] / mass[occupied]
        new_labels, nearest = _assign(points, centres)
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
        if tol > 0 and np.sqrt(((centres - previous) ** 2).sum(axis=1)).max() <= tol:
            break
    return labels, centres, float((w * nearest).sum())


def kmeans(
    points: np.ndarray,
    k: int,
    *,
    weights: np.ndarray | None = None,
    seed: int = 0,
    n_init: int = 10,
    max_iter: int = 300,
    tol: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, float]:
    """The lowest-inertia result of ``n_init`` k-means++-seeded Lloyd runs (seeded by
    ``seed``, so the result is deterministic). Returns ``(labels, centres, inertia)``."""
    w = np.ones(len(points)) if weights is None else weights
    rng = np.random.default_rng(seed)
    best: tuple[np.ndarray, np.ndarray, float] | None = None
    for _ in range(max(1, n_init)):
        start = kmeans_plus_plus(points, k, w, rng)
        result = lloyd(points, start, w, max_iter=max_iter, tol=tol)
        if best is None or result[2] < best[2]:
            best = result
    assert best is not None
    return best


def silhouette(points: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette width [3]_ of a clustering with at least two clusters.

    For each point, ``a`` is its mean distance to the other members of its cluster and
    ``b`` the smallest mean distance to another cluster's members; its width is
    ``(b - a) / max(a, b)``, and 0 for a point alone in its cluster. Quadratic in the number
    of points: meant for the ~100 base clusters, as Pol.is uses it.
    """
    groups = np.unique(labels)
    if len(groups) < 2:
        raise ValueError("the silhouette needs at least two clusters")
    diff = points[:, None, :] - points[None, :, :]
    dist = np.sqrt((diff * diff).sum(axis=2))
    member = labels[:, None] == groups[None, :]  # n x g
    sizes = member.sum(axis=0)
    sums = dist @ member  # n x g: total distance to each cluster's members
    own = np.searchsorted(groups, labels)
    own_size = sizes[own] - 1
    a = np.divide(
        sums[np.arange(len(points)), own],
        own_size,
        out=np.zeros(len(points)),
        where=own_size > 0,
    )
    means = sums / sizes[None, :]
    means[np.arange(len(points)), own] = np.inf
    b = means.min(axis=1)
    top = np.maximum(a, b)
    width = np.divide(b - a, top, out=np.zeros(len(points)), where=top > 0)
    width[own_size == 0] = 0.0
    return float(width.mean())

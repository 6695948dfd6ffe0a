"""Reciprocity of a flow matrix (who gives to, answers, or pays whom).

:func:`reciprocity` measures how much of the flow between pairs comes back: with
``F[i, j]`` the flow from ``i`` to ``j``, the reciprocated part of a pair is
``2 min(F[i, j], F[j, i])`` and the overall reciprocity is the reciprocated flow over
the total flow (self-loops, the diagonal, are ignored). 1 means every flow is matched
by an equal flow back, 0 that all flows are one-way.

References
----------
.. [1] T. Squartini, F. Picciolo, F. Ruzzenenti, D. Garlaschelli, "Reciprocity of weighted
   networks", Scientific Reports 3, 2729 (2013), eq. (2): ``r = W_bidirectional / W``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["Reciprocity", "reciprocity"]


@dataclass(frozen=True)
class Reciprocity:
    """Overall reciprocity and its parts.

    Attributes
    ----------
    overall : float
        Reciprocated flow / total off-diagonal flow (``nan`` when there is no flow).
    per_pair : dict
        ``(i, j)`` with ``i < j`` and some flow between them: the pair's reciprocated
        flow over its total flow, ``2 min(F_ij, F_ji) / (F_ij + F_ji)``.
    reciprocated_flow, total_flow : float
    """

    overall: float
    per_pair: dict[tuple[int, int], float]
    reciprocated_flow: float
    total_flow: float


def reciprocity(flows: ArrayLike) -> Reciprocity:
    """Reciprocity of a square, non-negative flow matrix.

    Parameters
    ----------
    flows : array-like, shape (n, n)
        ``flows[i, j]`` is the amount going from ``i`` to ``j``; the diagonal is ignored.

    Returns
    -------
    Reciprocity

    Examples
    --------
    ``0 -> 1`` carries 3 and ``1 -> 0`` carries 1; ``0 -> 2`` carries 2 with nothing back.
    Reciprocated: ``2 * 1 = 2`` of a total ``6``:

    >>> r = reciprocity([[0, 3, 2], [1, 0, 0], [0, 0, 0]])
    >>> round(r.overall, 6), r.per_pair
    (0.333333, {(0, 1): 0.5, (0, 2): 0.0})
    >>> reciprocity([[0, 2], [2, 0]]).overall
    1.0

    References
    ----------
    Squartini et al. (2013), Scientific Reports 3, 2729, eq. (2).
    """
    matrix = np.asarray(flows, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError("flows must be a square matrix")
    if not np.all(np.isfinite(matrix)) or np.any(matrix < 0):
        raise ValueError("flows must be finite and non-negative")
    matrix = matrix.copy()
    np.fill_diagonal(matrix, 0.0)
    upper = np.triu_indices(matrix.shape[0], k=1)
    forward, backward = matrix[upper], matrix.T[upper]
    matched = 2.0 * np.minimum(forward, backward)
    pair_total = forward + backward
    total = math.fsum(pair_total.tolist())
    reciprocated = math.fsum(matched.tolist())
    # Only pairs with some flow: a partnership of 500 has 124,750 pairs, most of them empty.
    flowing = np.flatnonzero(pair_total > 0)
    per_pair = {
        (int(i), int(j)): float(m / t)
        for i, j, m, t in zip(
            upper[0][flowing],
            upper[1][flowing],
            matched[flowing],
            pair_total[flowing],
            strict=True,
        )
    }
    overall = reciprocated / total if total > 0 else math.nan
    return Reciprocity(overall, per_pair, reciprocated, total)

"""Share-versus-share ratios per group.

:func:`share_ratio` compares, for every group, its share of one quantity with its share of
another: a sector holding 10% of the members but writing 30% of the comments has a ratio
of 3 (over-represented); 1 is proportionate. This is the "representation ratio" (or
disproportionality ratio) used for seats versus votes.

References
----------
.. [1] R. Taagepera and M. S. Shugart, *Seats and Votes*, Yale University Press 1989,
   ch. 7 (advantage ratio: seat share / vote share).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["ShareRatios", "share_ratio"]


@dataclass(frozen=True)
class ShareRatios:
    """Per group: share of the numerator quantity, of the reference quantity, and the ratio.

    ``ratios[g]`` is ``numerator_shares[g] / reference_shares[g]``; ``math.inf`` when the
    group has none of the reference but some of the numerator, ``math.nan`` when it has
    none of either.
    """

    numerator_shares: tuple[float, ...]
    reference_shares: tuple[float, ...]
    ratios: tuple[float, ...]


def _in_range(values: np.ndarray) -> np.ndarray:
    top = float(values.max())
    return values / top if top > 1e150 or 0 < top < 1e-150 else values


def share_ratio(
    numerator: ArrayLike | Sequence[float], reference: ArrayLike | Sequence[float]
) -> ShareRatios:
    """Share of ``numerator`` against share of ``reference``, per group.

    Parameters
    ----------
    numerator : array-like of float
        Per group, the quantity under study (e.g. comments written).
    reference : array-like of float
        Per group, the quantity it is compared with (e.g. members).

    Returns
    -------
    ShareRatios

    Examples
    --------
    Comments versus members in three sectors:

    >>> r = share_ratio([30, 60, 10], [10, 40, 50])
    >>> r.numerator_shares, r.reference_shares
    ((0.3, 0.6, 0.1), (0.1, 0.4, 0.5))
    >>> [round(x, 6) for x in r.ratios]
    [3.0, 1.5, 0.2]

    References
    ----------
    Taagepera & Shugart (1989), *Seats and Votes*, ch. 7.
    """
    top = np.asarray(numerator, dtype=np.float64).ravel()
    bottom = np.asarray(reference, dtype=np.float64).ravel()
    if top.shape != bottom.shape or top.size == 0:
        raise ValueError("numerator and reference need one value per group")
    if np.any(top < 0) or np.any(bottom < 0):
        raise ValueError("values must be non-negative")
    # shares are scale-invariant: rescale extreme magnitudes so the totals stay in range
    top, bottom = _in_range(top), _in_range(bottom)
    top_total, bottom_total = math.fsum(top.tolist()), math.fsum(bottom.tolist())
    if top_total <= 0 or bottom_total <= 0:
        raise ValueError("both totals must be positive")
    top_shares = [x / top_total for x in top.tolist()]
    bottom_shares = [x / bottom_total for x in bottom.tolist()]
    ratios = []
    for a, b in zip(top_shares, bottom_shares, strict=True):
        if b > 0:
            ratios.append(a / b)
        else:
            ratios.append(math.inf if a > 0 else math.nan)
    return ShareRatios(tuple(top_shares), tuple(bottom_shares), tuple(ratios))

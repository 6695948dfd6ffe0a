"""Inequality and concentration of a non-negative quantity over holders.

- :func:`gini` -- Gini coefficient (half the relative mean absolute difference);
- :func:`herfindahl_hirschman_index` -- sum of squared shares, on a 0-1 or 0-10,000 scale;
- :func:`theil_index` -- Theil's T (an entropy-based index, decomposable by groups).

All take a one-dimensional array-like of non-negative numbers (amounts held, comments
written, money received) and return a Python float.

References
----------
.. [1] C. Gini, *Variabilità e mutabilità*, 1912; the sorted-rank formula as in
   A. Sen, *On Economic Inequality*, 1973, ch. 2.
.. [2] O. C. Herfindahl, *Concentration in the U.S. Steel Industry*, 1950;
   A. O. Hirschman, *National Power and the Structure of Foreign Trade*, 1945;
   U.S. DOJ & FTC, *Merger Guidelines* (2023), section 2.1 (the 0-10,000 scale).
.. [3] H. Theil, *Economics and Information Theory*, 1967, ch. 4.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["gini", "herfindahl_hirschman_index", "theil_index"]


def _amounts(values: ArrayLike | Sequence[float]) -> np.ndarray:
    amounts = np.asarray(values, dtype=np.float64).ravel()
    if amounts.size == 0:
        raise ValueError("need at least one value")
    if not np.all(np.isfinite(amounts)) or np.any(amounts < 0):
        raise ValueError("values must be finite and non-negative")
    top = float(amounts.max())
    # every measure here is scale-invariant: dividing extreme magnitudes by the maximum
    # avoids overflow and underflow (squares of huge amounts, ratios of tiny ones)
    return amounts / top if top > 1e150 or 0 < top < 1e-150 else amounts


def gini(values: ArrayLike | Sequence[float]) -> float:
    """Gini coefficient of non-negative amounts: 0 when equal, ``1 - 1/n`` when one holds all.

    ``G = sum_i sum_j |x_i - x_j| / (2 n^2 mean)``, computed in ``O(n log n)`` from the
    sorted values as ``G = 2 sum_i i x_(i) / (n sum x) - (n + 1) / n`` (ranks from 1).
    All zeros give 0 (nothing to share is shared equally).

    Parameters
    ----------
    values : array-like of float
        Non-negative amounts, one per holder.

    Returns
    -------
    float
        In ``[0, 1 - 1/n]``.

    Examples
    --------
    >>> gini([1, 1, 1, 1])
    0.0
    >>> gini([0, 0, 0, 4])  # one of four holds everything: 1 - 1/4
    0.75
    >>> round(gini([1, 2, 3, 4]), 6)  # mean |difference| 1.25, mean 2.5: 1.25 / 5
    0.25

    References
    ----------
    Sen (1973), *On Economic Inequality*, eq. (2.8).
    """
    amounts = np.sort(_amounts(values))
    total = math.fsum(amounts.tolist())
    n = len(amounts)
    if total == 0:
        return 0.0
    ranks = np.arange(1, n + 1, dtype=np.float64)
    value = 2.0 * math.fsum((ranks * amounts).tolist()) / (n * total) - (n + 1) / n
    return float(min(max(value, 0.0), 1.0 - 1.0 / n))


def herfindahl_hirschman_index(
    values: ArrayLike | Sequence[float],
    *,
    scale: Literal["fraction", "points"] = "fraction",
) -> float:
    """Herfindahl-Hirschman index: the sum of the squared shares of the holders.

    With ``scale="fraction"`` shares are fractions and the index lies in ``[1/n, 1]``
    (1 = a single holder, ``1/n`` = ``n`` equal holders). With ``scale="points"`` shares
    are percentages, as in competition law, and the index lies in ``[10,000/n, 10,000]``
    (above 1,800 counts as "highly concentrated" in the 2023 U.S. Merger Guidelines).
    Its inverse is the "effective number" of equal holders.

    Parameters
    ----------
    values : array-like of float
        Non-negative amounts (not yet shares), with a positive total.
    scale : {"fraction", "points"}
        0-1 scale (default) or 0-10,000 scale.

    Returns
    -------
    float

    Examples
    --------
    >>> herfindahl_hirschman_index([10, 0, 0])
    1.0
    >>> herfindahl_hirschman_index([1, 1, 1, 1])
    0.25
    >>> herfindahl_hirschman_index([50, 30, 20], scale="points")  # 2500 + 900 + 400
    3800.0

    References
    ----------
    Hirschman (1945); Herfindahl (1950); U.S. DOJ & FTC Merger Guidelines (2023) 2.1.
    """
    amounts = _amounts(values)
    total = math.fsum(amounts.tolist())
    if total <= 0:
        raise ValueError("the total must be positive")
    if scale not in ("fraction", "points"):
        raise ValueError(f"unknown scale {scale!r}")
    factor = 10_000.0 if scale == "points" else 1.0
    # sum of squared amounts over the squared total: exact for integer amounts below 2**26
    return float(math.fsum((amounts * amounts).tolist()) * factor / (total * total))


def theil_index(values: ArrayLike | Sequence[float]) -> float:
    """Theil's T index: ``(1/n) sum_i (x_i / mean) ln(x_i / mean)``, with ``0 ln 0 = 0``.

    0 when all are equal, ``ln n`` when one holds everything; equals ``ln n`` minus the
    Shannon entropy (in nats) of the shares. All zeros give 0.

    Parameters
    ----------
    values : array-like of float
        Non-negative amounts.

    Returns
    -------
    float
        In ``[0, ln n]``.

    Examples
    --------
    >>> theil_index([3, 3, 3])
    0.0
    >>> import math
    >>> math.isclose(theil_index([0, 0, 5]), math.log(3))
    True

    References
    ----------
    Theil (1967), *Economics and Information Theory*, eq. (4.7).
    """
    amounts = _amounts(values)
    n = len(amounts)
    total = math.fsum(amounts.tolist())
    if total == 0:
        return 0.0
    ratios = amounts * (n / total)
    ratios = ratios[ratios > 0]
    value = math.fsum((ratios * np.log(ratios)).tolist()) / n
    return float(min(max(value, 0.0), math.log(n)))

"""Comparing two clusterings of the same items: :func:`adjusted_rand_index`.

References
----------
.. [1] L. Hubert and P. Arabie, "Comparing partitions", J. Classification 2, 1985.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def _pairs(counts: np.ndarray) -> float:
    return float((counts * (counts - 1) / 2).sum())


def adjusted_rand_index(labels_a: ArrayLike, labels_b: ArrayLike) -> float:
    """Adjusted Rand index of two labelings of the same items [1]_.

    1 for identical partitions (whatever the label names), about 0 for independent ones,
    negative when they agree less than chance. Labels are any hashable numbers; each item
    is one position in both arrays. When both partitions are trivial in the same way (one
    cluster each, or all singletons each), the index is 1.

    Examples
    --------
    >>> adjusted_rand_index([0, 0, 1, 1], [5, 5, 2, 2])
    1.0
    >>> round(adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]), 12)
    -0.5
    """
    a = np.asarray(labels_a).ravel()
    b = np.asarray(labels_b).ravel()
    if a.shape != b.shape:
        raise ValueError("the two labelings must label the same number of items")
    n = a.size
    if n < 2:
        return 1.0
    _, ia = np.unique(a, return_inverse=True)
    _, ib = np.unique(b, return_inverse=True)
    table = np.zeros((ia.max() + 1, ib.max() + 1), dtype=np.float64)
    np.add.at(table, (ia, ib), 1.0)
    index = _pairs(table)
    rows, cols = _pairs(table.sum(axis=1)), _pairs(table.sum(axis=0))
    expected = rows * cols / (n * (n - 1) / 2)
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return float((index - expected) / (maximum - expected))

"""Exact power indices by enumerating every coalition (shared by the weighted and the
composite games).

- :func:`winning_table`: one boolean per coalition of ``n`` players (``2**n`` bytes) --
  does it win every component game?
- :func:`exact_swings`: each player's swing count, and per coalition size;
- :func:`minimal_winning_count`: the number of minimal winning coalitions.

The cost does not depend on the weights, only on ``n``: the method for games whose weights
are too large for the generating functions of :mod:`accord.engine.power.weighted`.
Weights are ``int64`` arrays, or ``object`` arrays of Python integers when their sums may
not fit ``int64`` (exact at any size; the comparisons are then about 10 times slower, a few
seconds at 25 players).
"""

from __future__ import annotations

import numpy as np

__all__ = ["MAX_PLAYERS", "exact_swings", "minimal_winning_count", "winning_table"]

LOW_BITS = 20
MAX_PLAYERS = 30  # 2**30 bytes = 1 GiB for the winning table


def subset_sums(weights: np.ndarray) -> np.ndarray:
    """Weight of every subset, rows per game; bit j of the column index is player j (in the
    dtype of ``weights``: ``int64``, or ``object`` for Python integers of any size)."""
    sums = np.zeros((weights.shape[0], 1), dtype=weights.dtype)
    for j in range(weights.shape[1]):
        sums = np.concatenate([sums, sums + weights[:, j : j + 1]], axis=1)
    return sums


def winning_table(weights: np.ndarray, quotas: np.ndarray) -> np.ndarray:
    """Boolean table over all 2**n coalitions (index bit j = player j): does it win?"""
    n = weights.shape[1]
    low = min(n, LOW_BITS)
    low_sums = subset_sums(weights[:, :low])
    high_sums = subset_sums(weights[:, low:])
    table = np.empty((high_sums.shape[1], low_sums.shape[1]), dtype=np.bool_)
    scratch = np.empty(low_sums.shape[1], dtype=np.bool_)
    for h in range(high_sums.shape[1]):
        row = table[h]
        row.fill(True)
        for g in range(weights.shape[0]):
            np.greater_equal(low_sums[g], quotas[g] - high_sums[g, h], out=scratch)
            row &= scratch
    return table.reshape(-1)


def popcounts(n: int) -> np.ndarray:
    counts = np.zeros(1, dtype=np.uint8)
    for _ in range(n):
        counts = np.concatenate([counts, counts + 1])
    return counts


def exact_swings(
    weights: np.ndarray, quotas: np.ndarray, by_size: bool
) -> tuple[list[int], list[list[int]]]:
    """Swings per player (a coalition of the others that loses without the player and wins
    with the player), and, with ``by_size``, per size of that coalition.

    ``weights`` is games × players (``int64``, or ``object`` for Python integers of any size),
    ``quotas`` one per game.

    Examples
    --------
    >>> swings, by_size = exact_swings(np.array([[2, 1, 1]]), np.array([3]), by_size=True)
    >>> swings, by_size[0]
    ([3, 1, 1], [0, 2, 1])
    >>> huge = np.array([[2 * 10**30, 10**30, 10**30]], dtype=object)
    >>> exact_swings(huge, np.array([3 * 10**30], dtype=object), by_size=False)[0]
    [3, 1, 1]
    """
    n = weights.shape[1]
    table = winning_table(weights, quotas)
    sizes = popcounts(n) if by_size else None
    swings: list[int] = []
    swings_by_size: list[list[int]] = []
    for i in range(n):
        view = table.reshape(-1, 2, 2**i)
        swing = view[:, 1, :] & ~view[:, 0, :]
        swings.append(int(np.count_nonzero(swing)))
        if sizes is not None:
            size_view = sizes.reshape(-1, 2, 2**i)[:, 0, :]
            swings_by_size.append(np.bincount(size_view[swing], minlength=n).tolist())
    return swings, swings_by_size


def minimal_winning_count(weights: np.ndarray, quotas: np.ndarray) -> int:
    """Winning coalitions that lose when any one member leaves.

    Examples
    --------
    >>> minimal_winning_count(np.array([[2, 1, 1]]), np.array([3]))  # {0,1}, {0,2}
    2
    """
    n = weights.shape[1]
    table = winning_table(weights, quotas)
    minimal = table.copy()
    for i in range(n):
        view = table.reshape(-1, 2, 2**i)
        minimal.reshape(-1, 2, 2**i)[:, 1, :] &= ~view[:, 0, :]
    return int(np.count_nonzero(minimal))

"""Pairwise comparisons of a ranked profile, computed from its compressed arrays.

This module offers:

- :func:`pairwise_support`: ``N[a, b]``, the weight of the voters who rank ``a`` strictly above ``b``;
- :func:`margin_matrix`: ``N - N.T``;
- :func:`condorcet_winner`: the candidate beating every other one by a positive margin, if any.

Unranked candidates
-------------------
``unranked="bottom"`` (the default) reads a truncated ballot as ranking every
candidate it names above every candidate it leaves out, the unranked ones
being tied (Schulze 2011, section 2; pref_voting's "extended strict
preference"). ``unranked="ignore"`` only counts pairs in which both candidates
are ranked (pref_voting's default for a ``ProfileWithTies``). The two agree on
complete ballots (``.soc``, ``.toc``).

The speed core: the ranks are transposed to a (candidates x ballots) ``int8``
matrix, and for each block of ballots one vectorized comparison gives every
pair at once; ballots cast by one voter are counted with ``count_nonzero``,
heavier rows with a matrix product by their weights.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Literal

import numpy as np

from accord.engine.profiles import UNRANKED, RankedProfile

Unranked = Literal["bottom", "ignore"]
_BLOCK = 1 << 15


def _compact_transposed(ranks: np.ndarray) -> tuple[np.ndarray, int]:
    """(candidates x ballots) copy of the ranks in the narrowest type, and its 'unranked' value."""
    m = ranks.shape[1]
    if m < 127:
        compact = np.where(ranks == UNRANKED, 127, ranks).astype(np.int8)
        return np.ascontiguousarray(compact.T), 127
    return np.ascontiguousarray(ranks.T), int(UNRANKED)


def _support_block(block: np.ndarray, unranked_value: int, ignore: bool) -> np.ndarray:
    """Boolean (m x m x ballots) tensor: a above b on each ballot of the block."""
    above = block[:, None, :] < block[None, :, :]
    if ignore:
        above &= (block != unranked_value)[None, :, :]
    return above


def _support_rows(
    transposed: np.ndarray, weights: np.ndarray | None, unranked_value: int, ignore: bool
) -> np.ndarray:
    m, n = transposed.shape
    out = np.zeros((m, m), dtype=np.float64 if weights is not None else np.int64)
    if n == 0:
        return out
    # keep the boolean block near 8 MB
    block = max(1, min(_BLOCK, (8 << 20) // max(1, m * m)))
    for start in range(0, n, block):
        chunk = transposed[:, start : start + block]
        if m * m * chunk.shape[1] <= (64 << 20):
            above = _support_block(chunk, unranked_value, ignore)
            if weights is None:
                out += np.count_nonzero(above, axis=2)
            else:
                out += above @ weights[start : start + block]
        else:  # many candidates: one candidate at a time
            w = None if weights is None else weights[start : start + block]
            ranked = chunk != unranked_value
            for a in range(m):
                row = chunk[a][None, :] < chunk
                if ignore:
                    row &= ranked
                out[a] += np.count_nonzero(row, axis=1) if w is None else row @ w
    return out


def pairwise_support(profile: RankedProfile, unranked: Unranked = "bottom") -> np.ndarray:
    """Weight of the voters ranking each candidate strictly above each other one.

    Parameters
    ----------
    profile : RankedProfile
        The ballots.
    unranked : {"bottom", "ignore"}
        How truncated ballots compare unranked candidates (see the module docstring).

    Returns
    -------
    numpy.ndarray
        ``N`` of shape (m, m), ``N[a, b]`` for columns ``a`` and ``b``: int64 when
        the profile has no voter weights, float64 otherwise.

    Examples
    --------
    >>> p = RankedProfile.from_rankings([["a", "b", "c"], ["c"]], counts=[2, 1])
    >>> pairwise_support(p).tolist()
    [[0, 2, 2], [0, 0, 2], [1, 1, 0]]
    >>> pairwise_support(p, unranked="ignore").tolist()
    [[0, 2, 2], [0, 0, 2], [0, 0, 0]]
    """
    if unranked not in ("bottom", "ignore"):
        raise ValueError("unranked must be 'bottom' or 'ignore'")
    transposed, unranked_value = _compact_transposed(profile.ranks)
    ignore = unranked == "ignore"
    weights = profile.ballot_weights
    if profile.weights is not None:
        return _support_rows(transposed, weights.astype(np.float64), unranked_value, ignore)
    single = weights == 1
    support = _support_rows(
        np.ascontiguousarray(transposed[:, single]), None, unranked_value, ignore
    )
    if not single.all():
        heavy = ~single
        support_heavy = _support_rows(
            np.ascontiguousarray(transposed[:, heavy]),
            weights[heavy].astype(np.float64),
            unranked_value,
            ignore,
        )
        support = support + np.rint(support_heavy).astype(np.int64)
    return support


def margin_matrix(profile: RankedProfile, unranked: Unranked = "bottom") -> np.ndarray:
    """Margins ``N[a, b] - N[b, a]`` (see :func:`pairwise_support`).

    Examples
    --------
    >>> p = RankedProfile.from_rankings([["a", "b", "c"], ["c"]], counts=[2, 1])
    >>> margin_matrix(p).tolist()
    [[0, 2, 1], [-2, 0, 1], [-1, -1, 0]]
    """
    support = pairwise_support(profile, unranked)
    return support - support.T


def condorcet_winner(profile: RankedProfile, unranked: Unranked = "bottom") -> Hashable | None:
    """The candidate with a positive margin over every other one, or None.

    Examples
    --------
    >>> p = RankedProfile.from_rankings([["a", "b", "c"], ["c", "b", "a"]], counts=[2, 1])
    >>> condorcet_winner(p)
    'a'
    """
    margins = margin_matrix(profile, unranked)
    m = margins.shape[0]
    beats_all = ((margins > 0) | np.eye(m, dtype=bool)).all(axis=1)
    found = np.nonzero(beats_all)[0]
    return profile.candidates[int(found[0])] if found.size else None

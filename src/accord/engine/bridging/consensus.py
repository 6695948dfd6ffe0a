"""Pol.is' group-informed consensus, vectorized, and the bridging order it gives.

The measure.  Participants fall into groups (for Accord, the partnership's sectors and
the community participants).  For an item ``i`` (an issue, a statement) and a group ``g``
with ``n_g`` voters of whom ``a_g(i)`` support the item, the Laplace-smoothed share of
support in the group is ``(a_g(i) + 1) / (n_g + 2)`` (the posterior mean of a uniform Beta
prior: an empty group counts as one half, never as zero).  The group-informed consensus
is the product of those shares over the groups::

    GIC(i) = prod_g (a_g(i) + 1) / (n_g + 2)

A product rewards an item backed in every group: an item that one group backs fully and
another not at all scores about ``1 * 0 = 0`` however large the first group, while an item
that half of each group backs scores ``(1/2)^G``.  The plain count rewards the largest
group.  Pol.is computes this per statement with ``a_g`` the agree votes and ``n_g`` the
group members who voted on it; for issue naming Accord takes ``a_g`` the supporters and
``n_g`` the group's participants who supported anything in the round, so every issue is
measured against the same group sizes.

Computation.  Repeated pairs are dropped with one sort; counting is one ``numpy.bincount`` over the (participant, item) pairs keyed
by ``group * items + item``; the product is taken as a sum of logarithms (``log1p``-free,
the factors lie in (0, 1)) so that many groups never underflow, and exponentiated once.
100,000 participants × 2,000 items × 6 groups count and score in well under a second
(docs/benchmarks/participation.md).

References
----------
Small, Bjorkegren, Erkkilä, Shaw, Megill. "Polis: Scaling Deliberation by Mapping High
Dimensional Opinion Spaces". Recerca 26(2), 2021, section 3 (consensus across groups).
The Computational Democracy Project, "Group informed consensus",
https://compdemocracy.org/group-informed-consensus/ ; the Pol.is math,
``polismath/math/conversation.clj`` (``group-aware-consensus``: the product over groups of
``(na + 1) / (ns + 2)``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["bridging_order", "group_informed_consensus", "support_by_group"]


def support_by_group(
    participants: np.ndarray,
    items: np.ndarray,
    groups: np.ndarray,
    *,
    num_items: int,
    num_groups: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Supporters of each item in each group, and the voters of each group.

    Parameters
    ----------
    participants, items : numpy.ndarray
        One entry per support: the participant's index and the item's index.  A
        participant supports an item at most once (repeat pairs are counted once).
    groups : numpy.ndarray
        ``int`` group index of each participant (``groups[p]`` in ``range(num_groups)``).
        Its length is the number of participants; a participant who supports nothing is
        not a voter of her group.
    num_items, num_groups : int

    Returns
    -------
    supporters : numpy.ndarray
        ``int64`` items × groups: how many of the group's participants support the item.
    voters : numpy.ndarray
        ``int64`` per group: how many of its participants support at least one item.

    Examples
    --------
    >>> import numpy as np
    >>> supporters, voters = support_by_group(
    ...     np.array([0, 0, 1, 2]), np.array([0, 1, 0, 1]), np.array([0, 0, 1, 1]),
    ...     num_items=2, num_groups=2)
    >>> supporters.tolist(), voters.tolist()
    ([[2, 0], [1, 1]], [2, 1])
    """
    participants = np.asarray(participants, dtype=np.int64).reshape(-1)
    items = np.asarray(items, dtype=np.int64).reshape(-1)
    groups = np.asarray(groups, dtype=np.int64).reshape(-1)
    if participants.shape != items.shape:
        raise ValueError("one item per participant entry")
    if len(participants):
        if participants.min() < 0 or participants.max() >= len(groups):
            raise ValueError("participant index outside groups")
        if items.min() < 0 or items.max() >= num_items:
            raise ValueError("item index outside num_items")
    if len(groups) and (groups.min() < 0 or groups.max() >= num_groups):
        raise ValueError("group index outside num_groups")
    pair = _distinct(participants * num_items + items)
    who = pair // max(num_items, 1)
    what = pair % max(num_items, 1)
    keys = groups[who] * num_items + what
    supporters = np.bincount(keys, minlength=num_items * num_groups).reshape(num_groups, num_items)
    active = np.zeros(len(groups), dtype=bool)
    active[who] = True
    voters = np.bincount(groups[active], minlength=num_groups)
    return supporters.T.astype(np.int64), voters.astype(np.int64)


def _distinct(keys: np.ndarray) -> np.ndarray:
    """The distinct values of an ``int64`` array, sorted (a stable radix sort and a mask:
    several times faster than ``numpy.unique`` on a million keys)."""
    if len(keys) == 0:
        return keys
    ordered = np.sort(keys, kind="stable")
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def group_informed_consensus(supporters: np.ndarray, voters: np.ndarray) -> np.ndarray:
    """Pol.is' group-informed consensus of each item.

    Parameters
    ----------
    supporters : numpy.ndarray
        items × groups: supporters of the item in the group (``a_g(i)``).
    voters : numpy.ndarray
        per group: its voters (``n_g``), at least the supporters of any item.

    Returns
    -------
    numpy.ndarray
        ``float64`` per item: ``prod_g (a_g(i) + 1) / (n_g + 2)``, in (0, 1).  Groups with
        no voters contribute ``1/2`` to every item alike, so they do not change the order.

    Examples
    --------
    Two groups of 10 voters.  Issue 0 is backed by 8 in the first group and nobody in
    the second; issue 1 by 4 in each.  The plain count prefers neither (8 each); the
    consensus prefers the issue backed in both groups.

    >>> import numpy as np
    >>> gic = group_informed_consensus(np.array([[8, 0], [4, 4]]), np.array([10, 10]))
    >>> [round(float(x), 4) for x in gic]
    [0.0625, 0.1736]

    References
    ----------
    The Computational Democracy Project, "Group informed consensus",
    https://compdemocracy.org/group-informed-consensus/.
    """
    supporters = np.asarray(supporters, dtype=np.float64)
    voters = np.asarray(voters, dtype=np.float64).reshape(-1)
    if supporters.ndim != 2 or supporters.shape[1] != len(voters):
        raise ValueError("supporters must be items × groups, one column per group")
    if (supporters < 0).any() or (supporters > voters).any():
        raise ValueError("supporters must lie between 0 and the group's voters")
    logs = np.log(supporters + 1.0) - np.log(voters + 2.0)
    return np.exp(logs.sum(axis=1))


def bridging_order(
    supporters: np.ndarray, voters: np.ndarray, totals: Sequence[int] | np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Items ordered by group-informed consensus, best first.

    Parameters
    ----------
    supporters, voters : numpy.ndarray
        As for :func:`group_informed_consensus`.
    totals : array-like, optional
        The plain count of each item (supporters, or dots), which breaks ties; by default
        the supporters summed over the groups.  Remaining ties go to the item listed first.

    Returns
    -------
    order : numpy.ndarray
        Item indices, best first.
    consensus : numpy.ndarray
        Each item's consensus (``float64``), in item order.

    Examples
    --------
    >>> import numpy as np
    >>> order, _ = bridging_order(np.array([[8, 0], [4, 4], [0, 0]]), np.array([10, 10]))
    >>> order.tolist()
    [1, 0, 2]
    """
    consensus = group_informed_consensus(supporters, voters)
    counts = (
        np.asarray(supporters).sum(axis=1)
        if totals is None
        else np.asarray(totals, dtype=np.float64).reshape(-1)
    )
    if len(counts) != len(consensus):
        raise ValueError("one total per item")
    position = np.arange(len(consensus))
    # lexsort: last key first; equal floats compare exactly (same inputs give the same bits)
    order = np.lexsort((position, -counts, -consensus))
    return order.astype(np.int64), consensus

"""Which coalitions decide: the minimal blocking coalitions and the smallest winning ones.

A coalition *wins* when it wins every component game (a weighted game ``[q; w]`` per
condition of the rule, as in :mod:`accord.engine.power.composite`). It *blocks* when the
players outside it cannot win without it: its complement loses. A winning (blocking)
coalition is *minimal* when no member can leave it and it still wins (blocks).

:func:`decisive_coalitions` lists

- the smallest winning coalitions: the minimal winning coalitions of the fewest members;
- the minimal blocking coalitions of at most ``max_blocking_size`` members, smallest first.

Up to ``exact_players`` players every coalition is examined (``2**n`` of them, with the
table of :func:`accord.engine.power.enumeration.winning_table`), so the lists and counts
are exact. Beyond, each size of blocking coalition is examined exhaustively when it has at
most ``samples`` coalitions and by ``samples`` random ones otherwise, with the share of
blocking coalitions of that size estimated with a 95 % confidence half-width; the smallest
winning coalitions are searched by ``samples`` (at most :data:`WINNING_ORDERS`) random
orders of the players (each grown
until it wins, then pruned to a minimal one), and a lower bound from the weights says when
the size found is certainly the smallest.

References
----------
.. [1] J. von Neumann and O. Morgenstern, *Theory of Games and Economic Behavior*, 1944,
   section 10 (minimal winning coalitions).
.. [2] J. S. Coleman, "Control of collectivities and the power of a collectivity to act",
   in *Social Choice*, 1971 (the power to prevent action: blocking coalitions).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.engine.power.enumeration import popcounts, winning_table

__all__ = ["BlockingSize", "DecisiveCoalitions", "decisive_coalitions"]

#: Beyond ``exact_players``, at most this many random orders search the smallest winning
#: coalitions (each costs a pruning pass over its members).
WINNING_ORDERS = 500


@dataclass(frozen=True)
class BlockingSize:
    """What is known of the blocking coalitions of one size."""

    size: int
    total: int  # coalitions of this size
    examined: int  # of which examined (all of them when exact)
    blocking: int  # of the examined ones, how many block (minimal or not)
    exact: bool
    #: 95 % confidence half-width of the share ``blocking / examined`` (0 when exact)
    share_half_width: float

    @property
    def share(self) -> float:
        return self.blocking / self.examined if self.examined else 0.0


@dataclass(frozen=True)
class DecisiveCoalitions:
    """Minimal blocking and smallest winning coalitions, as sorted tuples of player indices.

    ``smallest_winning_size`` is None when no coalition wins (not even everyone);
    ``smallest_winning_exact`` says whether that size is certain (always below
    ``exact_players``; beyond, when the weights' lower bound reaches it).
    ``minimal_blocking_count`` counts the minimal blocking coalitions of at most
    ``max_blocking_size`` members found (all of them when ``method == "exact"``).
    """

    method: str  # "exact" or "sampled"
    players: int
    smallest_winning: tuple[tuple[int, ...], ...]
    smallest_winning_size: int | None
    smallest_winning_exact: bool
    smallest_winning_count: int  # how many minimal winning coalitions of that size are known
    minimal_blocking: tuple[tuple[int, ...], ...]
    minimal_blocking_count: int
    blocking_sizes: tuple[BlockingSize, ...]
    samples: int = 0


def _arrays(
    quotas: Sequence[int], weights: Sequence[Sequence[int]]
) -> tuple[np.ndarray, np.ndarray]:
    w = np.array([[int(x) for x in row] for row in weights], dtype=object)
    q = np.array([int(x) for x in quotas], dtype=object)
    if w.ndim != 2 or w.shape[0] != q.shape[0]:
        raise ValueError("give one quota per game and one weight per player in each game")
    if w.shape[0] == 0:
        raise ValueError("give at least one game")
    if any(int(x) < 0 for x in w.reshape(-1)):
        raise ValueError("weights must be non-negative")
    try:
        return q.astype(np.int64), w.astype(np.int64)
    except OverflowError:
        return q, w


def _wins(q: np.ndarray, w: np.ndarray, members: Sequence[int]) -> bool:
    if not len(members):
        return bool(np.all(q <= 0))
    sums = w[:, list(members)].sum(axis=1)
    return bool(np.all(sums >= q))


def _blocks(q: np.ndarray, w: np.ndarray, members: Sequence[int], n: int) -> bool:
    """The others lose: in some game, the total weight less the coalition's is short."""
    total = w.sum(axis=1)
    inside = w[:, list(members)].sum(axis=1) if len(members) else 0
    return bool(np.any(total - inside < q))


def _bits(mask: int, n: int) -> tuple[int, ...]:
    return tuple(i for i in range(n) if mask >> i & 1)


def _exact(
    q: np.ndarray, w: np.ndarray, n: int, max_blocking_size: int, max_listed: int
) -> DecisiveCoalitions:
    table = winning_table(w, q)
    full = (1 << n) - 1
    masks = np.arange(1 << n, dtype=np.int64)
    sizes = popcounts(n).astype(np.int64)
    # minimal winning: wins, and losing once any one member leaves
    minimal_win = table.copy()
    blocks = ~table[full ^ masks]  # the complement loses
    minimal_block = blocks.copy()
    for j in range(n):
        has = (masks >> j & 1).astype(bool)
        without = masks & ~(1 << j)
        minimal_win &= ~has | ~table[without]
        minimal_block &= ~has | ~blocks[without]
    winning_sizes = sizes[minimal_win]
    smallest = int(winning_sizes.min()) if winning_sizes.size else None
    smallest_masks = masks[minimal_win & (sizes == smallest)] if smallest is not None else []
    blocking_masks = masks[minimal_block & (sizes <= max_blocking_size) & (sizes > 0)]
    listed_blocking = sorted((_bits(int(m), n) for m in blocking_masks), key=lambda c: (len(c), c))
    per_size = tuple(
        BlockingSize(
            k, math.comb(n, k), math.comb(n, k), int(np.sum(blocks & (sizes == k))), True, 0.0
        )
        for k in range(1, min(max_blocking_size, n) + 1)
    )
    return DecisiveCoalitions(
        method="exact",
        players=n,
        smallest_winning=tuple(sorted(_bits(int(m), n) for m in smallest_masks)[:max_listed]),
        smallest_winning_size=smallest,
        smallest_winning_exact=True,
        smallest_winning_count=len(smallest_masks),
        minimal_blocking=tuple(listed_blocking[:max_listed]),
        minimal_blocking_count=len(listed_blocking),
        blocking_sizes=per_size,
    )


def _winning_lower_bound(q: np.ndarray, w: np.ndarray) -> int:
    """No coalition of fewer members can win: in each game the heaviest players first."""
    bound = 0
    for g in range(w.shape[0]):
        ordered = sorted((int(x) for x in w[g]), reverse=True)
        total, count = 0, 0
        while total < int(q[g]) and count < len(ordered):
            total += ordered[count]
            count += 1
        bound = max(bound, count)
    return bound


def _pruned_winning(q: np.ndarray, w: np.ndarray, members: list[int]) -> tuple[int, ...]:
    """A winning coalition pruned to a minimal one (members dropped in order while the rest
    still wins), keeping the coalition's weight per game as running sums."""
    quotas = [int(x) for x in q]
    kept = [int(x) for x in w[:, members].sum(axis=1)]
    keep = []
    for player in members:
        column = [int(x) for x in w[:, player]]
        if all(k - c >= quota for k, c, quota in zip(kept, column, quotas, strict=True)):
            kept = [k - c for k, c in zip(kept, column, strict=True)]
        else:
            keep.append(player)
    return tuple(sorted(keep))


def _sampled(
    q: np.ndarray,
    w: np.ndarray,
    n: int,
    max_blocking_size: int,
    max_listed: int,
    samples: int,
    rng: np.random.Generator,
) -> DecisiveCoalitions:
    from itertools import combinations

    found_blocking: set[tuple[int, ...]] = set()
    per_size = []
    for k in range(1, min(max_blocking_size, n) + 1):
        total = math.comb(n, k)
        if total <= samples:
            candidates = list(combinations(range(n), k))
            exact = True
        else:
            candidates = [
                tuple(sorted(rng.choice(n, size=k, replace=False).tolist())) for _ in range(samples)
            ]
            exact = False
        blocking = 0
        for c in candidates:
            if _blocks(q, w, c, n):
                blocking += 1
                if all(not _blocks(q, w, [p for p in c if p != x], n) for x in c):
                    found_blocking.add(tuple(int(p) for p in c))
        m = len(candidates)
        p = blocking / m if m else 0.0
        half = 0.0 if exact else (1.96 * math.sqrt(p * (1 - p) / m) if 0 < p < 1 else 3 / m)
        per_size.append(BlockingSize(k, total, m, blocking, exact, round(half, 6)))
    winners: dict[tuple[int, ...], None] = {}
    if _wins(q, w, range(n)):
        for _ in range(min(samples, WINNING_ORDERS)):
            order = rng.permutation(n)
            reached = np.all(np.cumsum(w[:, order], axis=1) >= q[:, None], axis=0)
            grown = order[: int(np.argmax(reached)) + 1].tolist()
            winners[_pruned_winning(q, w, grown)] = None
    smallest = min((len(c) for c in winners), default=None)
    smallest_list = sorted(c for c in winners if len(c) == smallest) if smallest else []
    blocking_sorted = sorted(found_blocking, key=lambda c: (len(c), c))
    return DecisiveCoalitions(
        method="sampled",
        players=n,
        smallest_winning=tuple(smallest_list[:max_listed]),
        smallest_winning_size=smallest,
        smallest_winning_exact=smallest is not None and smallest == _winning_lower_bound(q, w),
        smallest_winning_count=len(smallest_list),
        minimal_blocking=tuple(blocking_sorted[:max_listed]),
        minimal_blocking_count=len(blocking_sorted),
        blocking_sizes=tuple(per_size),
        samples=samples,
    )


def decisive_coalitions(
    quotas: Sequence[int],
    weights: Sequence[Sequence[int]],
    *,
    max_blocking_size: int = 3,
    max_listed: int = 10,
    exact_players: int = 20,
    samples: int = 20_000,
    seed: int | np.random.Generator | None = 0,
) -> DecisiveCoalitions:
    """The smallest winning and the minimal blocking coalitions of an intersection of
    weighted games.

    Parameters
    ----------
    quotas : sequence of int
        One quota per game.
    weights : sequence of sequences of int
        ``weights[g][i]``: player ``i``'s weight in game ``g`` (zero where it does not
        count, e.g. outside a sector).
    max_blocking_size : int
        Blocking coalitions are listed up to this many members.
    max_listed : int
        At most this many coalitions of each kind are listed (the counts say how many).
    exact_players : int
        Up to this many players every coalition is examined; beyond, sampled.
    samples : int
        Coalitions (or random orders) examined per size beyond ``exact_players``.
    seed : int or numpy Generator
        For the sampling.

    Returns
    -------
    DecisiveCoalitions

    Examples
    --------
    Three members, a majority of two wins; any two of them can block:

    >>> result = decisive_coalitions([2], [[1, 1, 1]])
    >>> result.smallest_winning, result.minimal_blocking
    (((0, 1), (0, 2), (1, 2)), ((0, 1), (0, 2), (1, 2)))

    A member holding a veto blocks alone:

    >>> decisive_coalitions([3], [[2, 1, 1]]).minimal_blocking
    ((0,), (1, 2))
    """
    q, w = _arrays(quotas, weights)
    n = w.shape[1]
    if max_blocking_size < 1 or max_listed < 1 or samples < 1:
        raise ValueError("max_blocking_size, max_listed and samples must be positive")
    if n == 0:
        return DecisiveCoalitions("exact", 0, (), None, True, 0, (), 0, ())
    if n <= exact_players:
        return _exact(q, w, n, max_blocking_size, max_listed)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    return _sampled(q, w, n, max_blocking_size, max_listed, samples, rng)

"""Ballot profiles held as numpy arrays, with identical ballots compressed.

This module offers:

- :class:`RankedProfile`: ranked ballots with ties and truncation;
- :class:`ApprovalProfile`: approval ballots;
- :class:`ScoreProfile`: score (range) ballots;
- :class:`CategoricalProfile`: ballots sorting candidates into named categories
  (PrefLib ``.cat``), convertible to approval ballots;
- :data:`UNRANKED`: the rank given to a candidate a ballot leaves unranked.

Every profile stores one row per *distinct* ballot and a ``counts`` vector (how
many voters cast it), as PrefLib files do. Rules weight each row by its count,
so a million ballots drawn from a few thousand distinct orders cost as much as
those few thousand. Optional per-row voter ``weights`` multiply the counts, and
optional per-row ``groups`` (integer codes into ``group_names``) record the
sector each voter belongs to; rows with different weights or groups are never
merged. A negative count, or a NaN, infinite or negative weight, raises
:class:`~accord.engine.errors.ReadError` (a ``ValueError``) naming the row.

Candidates are referred to by their *labels* (``profile.candidates``) at the
boundary and by their column index inside the arrays.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.engine.errors import ReadError

UNRANKED = np.int16(np.iinfo(np.int16).max)
"""Rank of a candidate that a ballot does not rank (below every ranked one)."""

_RANK_DTYPE = np.int16


def _as_counts(counts: Sequence[int] | np.ndarray | None, n_rows: int) -> np.ndarray:
    if counts is None:
        return np.ones(n_rows, dtype=np.int64)
    array = np.asarray(counts, dtype=np.int64).reshape(-1)
    if array.shape[0] != n_rows:
        raise ValueError(f"{array.shape[0]} counts for {n_rows} ballots")
    return array


def _check_counts_and_weights(counts: np.ndarray, weights: np.ndarray | None) -> None:
    """Counts are non-negative integers; voter weights finite and non-negative, with a finite
    total. A NaN weight would make every comparison false (instant runoff then eliminated
    nobody, for ever) and a negative one would turn a vote against its candidate."""
    negative = np.flatnonzero(counts < 0)
    if negative.size:
        i = int(negative[0])
        raise ReadError(
            "a non-negative ballot count", field=f"counts[{i}]", found=str(int(counts[i]))
        )
    if weights is None:
        return
    bad = np.flatnonzero(~np.isfinite(weights) | (weights < 0))
    if bad.size:
        i = int(bad[0])
        raise ReadError(
            "a finite non-negative voter weight", field=f"weights[{i}]", found=str(weights[i])
        )
    with np.errstate(over="ignore", invalid="ignore"):
        total = float(np.sum(counts * weights))
    if not np.isfinite(total):
        raise ReadError("voter weights whose total is finite", field="weights", found=str(total))


def _as_optional(values: Any, n_rows: int, dtype: Any, what: str) -> np.ndarray | None:
    if values is None:
        return None
    array = np.asarray(values, dtype=dtype).reshape(-1)
    if array.shape[0] != n_rows:
        raise ValueError(f"{array.shape[0]} {what} for {n_rows} ballots")
    return array


def _compress_rows(
    matrix: np.ndarray,
    counts: np.ndarray,
    weights: np.ndarray | None,
    groups: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Merge identical rows (same ballot, weight and group), summing their counts."""
    if matrix.shape[0] <= 1:
        return matrix, counts, weights, groups
    fast = _compress_by_hash(matrix, counts, weights, groups)
    if fast is not None:
        return fast
    keys = [matrix.view(np.uint8).reshape(matrix.shape[0], -1)]
    if weights is not None:
        keys.append(weights.reshape(-1, 1).view(np.uint8))
    if groups is not None:
        keys.append(groups.astype(np.int64).reshape(-1, 1).view(np.uint8))
    key = np.ascontiguousarray(np.concatenate(keys, axis=1))
    row_bytes = key.view(np.dtype((np.void, key.shape[1]))).reshape(-1)
    _, first, inverse = np.unique(row_bytes, return_index=True, return_inverse=True)
    # keep the order of first appearance, so compressing a compressed profile is a no-op
    order = np.argsort(first, kind="stable")
    rank_of = np.empty_like(order)
    rank_of[order] = np.arange(order.shape[0])
    new_index = rank_of[inverse.reshape(-1)]
    merged = np.zeros(order.shape[0], dtype=np.int64)
    np.add.at(merged, new_index, counts)
    rows = first[order]
    return (
        matrix[rows],
        merged,
        None if weights is None else weights[rows],
        None if groups is None else groups[rows],
    )


def _compress_by_hash(
    matrix: np.ndarray,
    counts: np.ndarray,
    weights: np.ndarray | None,
    groups: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None] | None:
    """Merge identical rows through a 64-bit row hash; None on a (verified) collision."""
    m = matrix.shape[1]
    multipliers = np.random.default_rng(20130817).integers(1, 2**62, size=m + 2, dtype=np.int64) | 1
    with np.errstate(over="ignore"):
        key = matrix.astype(np.int64) @ multipliers[:m]
        if weights is not None:
            key += weights.view(np.int64) * multipliers[m]
        if groups is not None:
            key += groups.astype(np.int64) * multipliers[m + 1]
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    if not np.array_equal(matrix[first[inverse]], matrix):
        return None
    if weights is not None and not np.array_equal(weights[first[inverse]], weights):
        return None
    if groups is not None and not np.array_equal(groups[first[inverse]], groups):
        return None
    order = np.argsort(first, kind="stable")
    rank_of = np.empty_like(order)
    rank_of[order] = np.arange(order.shape[0])
    merged = np.bincount(rank_of[inverse], weights=counts, minlength=order.shape[0])
    rows = first[order]
    return (
        matrix[rows],
        np.rint(merged).astype(np.int64),
        None if weights is None else weights[rows],
        None if groups is None else groups[rows],
    )


@dataclass(frozen=True, eq=False)
class _Profile:
    counts: np.ndarray
    candidates: tuple[Hashable, ...]
    names: tuple[str, ...] | None = None
    weights: np.ndarray | None = None
    groups: np.ndarray | None = None
    group_names: tuple[str, ...] | None = None
    _index: dict[Hashable, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _check_counts_and_weights(self.counts, self.weights)
        index = {c: i for i, c in enumerate(self.candidates)}
        if len(index) != len(self.candidates):
            raise ValueError("candidate labels must be distinct")
        object.__setattr__(self, "_index", index)

    @property
    def n_candidates(self) -> int:
        """Number of candidates."""
        return len(self.candidates)

    @property
    def n_unique(self) -> int:
        """Number of distinct ballots (rows)."""
        return int(self.counts.shape[0])

    @property
    def n_voters(self) -> int:
        """Number of voters (sum of the counts)."""
        return int(self.counts.sum())

    @property
    def ballot_weights(self) -> np.ndarray:
        """Weight of each row: its count, times its voter weight if any (int64 or float64)."""
        if self.weights is None:
            return self.counts
        return self.counts * self.weights

    def index(self, candidate: Hashable) -> int:
        """Column of ``candidate``."""
        try:
            return self._index[candidate]
        except KeyError:
            raise ValueError(f"unknown candidate {candidate!r}") from None

    def name(self, candidate: Hashable) -> str:
        """Display name of ``candidate`` (its label when no names are set)."""
        if self.names is None:
            return str(candidate)
        return self.names[self.index(candidate)]


def _default_candidates(candidates: Sequence[Hashable] | None, m: int) -> tuple[Hashable, ...]:
    if candidates is None:
        return tuple(range(m))
    labels = tuple(candidates)
    if len(labels) != m:
        raise ValueError(f"{len(labels)} candidate labels for {m} columns")
    return labels


def _dense_ranks(ranks: np.ndarray) -> np.ndarray:
    """Renumber each row's ranks as 0, 1, 2, ... keeping order and ties; UNRANKED stays."""
    out = np.full(ranks.shape, UNRANKED, dtype=_RANK_DTYPE)
    if ranks.size == 0:
        return out
    order = np.argsort(ranks, axis=1, kind="stable")
    sorted_ranks = np.take_along_axis(ranks, order, axis=1)
    new_group = np.ones(sorted_ranks.shape, dtype=bool)
    new_group[:, 1:] = sorted_ranks[:, 1:] != sorted_ranks[:, :-1]
    dense = (np.cumsum(new_group, axis=1) - 1).astype(_RANK_DTYPE)
    dense[sorted_ranks == UNRANKED] = UNRANKED
    np.put_along_axis(out, order, dense, axis=1)
    return out


@dataclass(frozen=True, eq=False)
class RankedProfile(_Profile):
    """Ranked ballots, possibly with ties and truncation, one row per distinct ballot.

    ``ranks[u, c]`` is the position (0 = top) of candidate column ``c`` on
    distinct ballot ``u``; tied candidates share a position; positions are
    dense (0, 1, 2, ... without gaps) and a candidate the ballot leaves out has
    rank :data:`UNRANKED`. ``counts[u]`` voters cast ballot ``u``.

    Examples
    --------
    >>> p = RankedProfile.from_rankings([["a", "b", "c"], [{"b", "c"}, "a"], ["c"]],
    ...                                 counts=[4, 3, 2])
    >>> p.candidates, p.n_voters
    (('a', 'b', 'c'), 9)
    >>> p.ranks.tolist()
    [[0, 1, 2], [1, 0, 0], [32767, 32767, 0]]
    >>> p.to_rankings()[1]
    (('b', 'c'), ('a',))
    """

    ranks: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=_RANK_DTYPE))

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.ranks.ndim != 2 or self.ranks.shape[1] != len(self.candidates):
            raise ValueError("ranks must be a (ballots x candidates) matrix")
        if self.ranks.shape[0] != self.counts.shape[0]:
            raise ValueError("one count per ballot row is required")

    # -- construction -----------------------------------------------------
    @classmethod
    def from_ranks(
        cls,
        ranks: np.ndarray | Sequence[Sequence[int]],
        counts: Sequence[int] | np.ndarray | None = None,
        *,
        candidates: Sequence[Hashable] | None = None,
        names: Sequence[str] | None = None,
        weights: Sequence[float] | np.ndarray | None = None,
        groups: Sequence[int] | np.ndarray | None = None,
        group_names: Sequence[str] | None = None,
        compress: bool = True,
        dense: bool = False,
    ) -> RankedProfile:
        """Build from a rank matrix (lower is better; ``UNRANKED`` or any negative = not ranked).

        ``dense=True`` promises the ranks are already dense (0, 1, ... per row),
        which skips a sort; ``compress=False`` skips merging identical rows.
        """
        matrix = np.asarray(ranks)
        if matrix.ndim != 2:
            raise ValueError("ranks must be two-dimensional")
        if not dense:
            matrix = np.where(matrix < 0, UNRANKED, matrix)
            if matrix.size and matrix.max() > UNRANKED:
                raise ValueError("ranks must be below UNRANKED")
            matrix = _dense_ranks(matrix.astype(_RANK_DTYPE))
        else:
            matrix = np.ascontiguousarray(matrix, dtype=_RANK_DTYPE)
        n = matrix.shape[0]
        counts_a = _as_counts(counts, n)
        weights_a = _as_optional(weights, n, np.float64, "weights")
        _check_counts_and_weights(counts_a, weights_a)  # before merging: rows as given
        groups_a = _as_optional(groups, n, np.int64, "groups")
        if compress:
            matrix, counts_a, weights_a, groups_a = _compress_rows(
                matrix, counts_a, weights_a, groups_a
            )
        return cls(
            counts=counts_a,
            candidates=_default_candidates(candidates, matrix.shape[1]),
            names=None if names is None else tuple(names),
            weights=weights_a,
            groups=groups_a,
            group_names=None if group_names is None else tuple(group_names),
            ranks=matrix,
        )

    @classmethod
    def from_orders(
        cls,
        orders: np.ndarray | Sequence[Sequence[int]],
        counts: Sequence[int] | np.ndarray | None = None,
        *,
        n_candidates: int | None = None,
        candidates: Sequence[Hashable] | None = None,
        compress: bool = True,
        **kwargs: Any,
    ) -> RankedProfile:
        """Build from strict orders of column indices, best first; ``-1`` pads truncated ones.

        Examples
        --------
        >>> p = RankedProfile.from_orders([[2, 0, 1], [1, -1, -1], [2, 0, 1]])
        >>> p.n_unique, p.counts.tolist(), p.ranks.tolist()
        (2, [2, 1], [[1, 2, 0], [32767, 0, 32767]])
        """
        order = np.asarray(orders, dtype=np.int64)
        if order.ndim != 2:
            raise ValueError("orders must be two-dimensional")
        m = n_candidates
        if m is None:
            m = len(candidates) if candidates is not None else int(order.max(initial=-1)) + 1
        n, k = order.shape
        if (order >= m).any() or (order < -1).any():
            raise ValueError("orders hold column indices 0..m-1, or -1 for padding")
        # one spare column receives the -1 padding, then is dropped
        padded = np.full((n, m + 1), UNRANKED, dtype=_RANK_DTYPE)
        np.put_along_axis(
            padded,
            np.where(order >= 0, order, m),
            np.broadcast_to(np.arange(k, dtype=_RANK_DTYPE), (n, k)),
            axis=1,
        )
        ranks = np.ascontiguousarray(padded[:, :m])
        if ((ranks != UNRANKED).sum(axis=1) != (order >= 0).sum(axis=1)).any():
            raise ValueError("an order repeats a candidate")
        # positions are dense when the -1 padding only trails
        dense = bool(k == 0 or (np.diff((order >= 0).astype(np.int8), axis=1) <= 0).all())
        return cls.from_ranks(
            ranks, counts, candidates=candidates, compress=compress, dense=dense, **kwargs
        )

    @classmethod
    def from_rankings(
        cls,
        rankings: Iterable[Sequence[Any]],
        counts: Sequence[int] | np.ndarray | None = None,
        *,
        candidates: Sequence[Hashable] | None = None,
        compress: bool = True,
        **kwargs: Any,
    ) -> RankedProfile:
        """Build from rankings: each a sequence, best first, of labels or of sets of tied labels.

        Without ``candidates``, the labels seen are sorted and used.
        """
        ballots = [
            [tuple(g) if isinstance(g, (set, frozenset, list, tuple)) else (g,) for g in r]
            for r in rankings
        ]
        if candidates is None:
            candidates = sorted({c for b in ballots for g in b for c in g})
        labels = tuple(candidates)
        index = {c: i for i, c in enumerate(labels)}
        ranks = np.full((len(ballots), len(labels)), UNRANKED, dtype=_RANK_DTYPE)
        for u, ballot in enumerate(ballots):
            row = ranks[u]
            for position, group in enumerate(ballot):
                for c in group:
                    j = index[c]
                    if row[j] != UNRANKED:
                        raise ValueError(f"ballot {u} ranks {c!r} twice")
                    row[j] = position
        return cls.from_ranks(
            ranks, counts, candidates=labels, compress=compress, dense=True, **kwargs
        )

    # -- views ------------------------------------------------------------
    def compress(self) -> RankedProfile:
        """The same profile with identical rows merged."""
        return RankedProfile.from_ranks(
            self.ranks,
            self.counts,
            candidates=self.candidates,
            names=self.names,
            weights=self.weights,
            groups=self.groups,
            group_names=self.group_names,
            dense=True,
        )

    def to_rankings(self) -> list[tuple[tuple[Hashable, ...], ...]]:
        """Each distinct ballot as a tuple of tie groups of labels, best first."""
        out = []
        for row in self.ranks:
            ranked = np.nonzero(row != UNRANKED)[0]
            groups: dict[int, list[Hashable]] = {}
            for j in ranked[np.argsort(row[ranked], kind="stable")]:
                groups.setdefault(int(row[j]), []).append(self.candidates[j])
            out.append(tuple(tuple(g) for g in groups.values()))
        return out

    def is_linear(self) -> bool:
        """True when every ballot ranks every candidate with no ties."""
        m = self.n_candidates
        return bool((self.ranks < m).all() and (np.sort(self.ranks, axis=1) == np.arange(m)).all())

    def restrict(self, candidates: Iterable[Hashable]) -> RankedProfile:
        """The profile on a subset of candidates (ranks re-densified, rows re-merged)."""
        keep = [self.index(c) for c in candidates]
        return RankedProfile.from_ranks(
            self.ranks[:, keep],
            self.counts,
            candidates=[self.candidates[j] for j in keep],
            names=None if self.names is None else [self.names[j] for j in keep],
            weights=self.weights,
            groups=self.groups,
            group_names=self.group_names,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RankedProfile):
            return NotImplemented
        return (
            self.candidates == other.candidates
            and np.array_equal(self.ranks, other.ranks)
            and np.array_equal(self.counts, other.counts)
            and _same(self.weights, other.weights)
            and _same(self.groups, other.groups)
        )

    __hash__ = None  # type: ignore[assignment]


def _same(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return bool(np.array_equal(a, b))


@dataclass(frozen=True, eq=False)
class ApprovalProfile(_Profile):
    """Approval ballots: ``approvals[u, c]`` is True when ballot ``u`` approves column ``c``.

    Examples
    --------
    >>> p = ApprovalProfile.from_sets([{"x"}, {"x", "y"}, {"x"}], candidates=["x", "y", "z"])
    >>> p.approvals.tolist(), p.counts.tolist()
    ([[True, False, False], [True, True, False]], [2, 1])
    """

    approvals: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=bool))

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.approvals.ndim != 2 or self.approvals.shape != (
            self.counts.shape[0],
            len(self.candidates),
        ):
            raise ValueError("approvals must be a (ballots x candidates) matrix")

    @classmethod
    def from_matrix(
        cls,
        approvals: np.ndarray | Sequence[Sequence[bool]],
        counts: Sequence[int] | np.ndarray | None = None,
        *,
        candidates: Sequence[Hashable] | None = None,
        names: Sequence[str] | None = None,
        weights: Sequence[float] | np.ndarray | None = None,
        groups: Sequence[int] | np.ndarray | None = None,
        group_names: Sequence[str] | None = None,
        compress: bool = True,
    ) -> ApprovalProfile:
        """Build from a boolean (ballots x candidates) matrix."""
        matrix = np.ascontiguousarray(np.asarray(approvals, dtype=bool))
        if matrix.ndim != 2:
            raise ValueError("approvals must be two-dimensional")
        n = matrix.shape[0]
        counts_a = _as_counts(counts, n)
        weights_a = _as_optional(weights, n, np.float64, "weights")
        _check_counts_and_weights(counts_a, weights_a)  # before merging: rows as given
        groups_a = _as_optional(groups, n, np.int64, "groups")
        if compress:
            matrix, counts_a, weights_a, groups_a = _compress_rows(
                matrix, counts_a, weights_a, groups_a
            )
        return cls(
            counts=counts_a,
            candidates=_default_candidates(candidates, matrix.shape[1]),
            names=None if names is None else tuple(names),
            weights=weights_a,
            groups=groups_a,
            group_names=None if group_names is None else tuple(group_names),
            approvals=matrix,
        )

    @classmethod
    def from_sets(
        cls,
        ballots: Iterable[Iterable[Hashable]],
        counts: Sequence[int] | np.ndarray | None = None,
        *,
        candidates: Sequence[Hashable] | None = None,
        **kwargs: Any,
    ) -> ApprovalProfile:
        """Build from one set of approved labels per ballot."""
        sets = [set(b) for b in ballots]
        if candidates is None:
            candidates = sorted({c for s in sets for c in s})
        labels = tuple(candidates)
        index = {c: i for i, c in enumerate(labels)}
        matrix = np.zeros((len(sets), len(labels)), dtype=bool)
        for u, s in enumerate(sets):
            matrix[u, [index[c] for c in s]] = True
        return cls.from_matrix(matrix, counts, candidates=labels, **kwargs)


@dataclass(frozen=True, eq=False)
class ScoreProfile(_Profile):
    """Score ballots: ``scores[u, c]`` is the score ballot ``u`` gives column ``c``.

    A blank is stored as ``min_score`` (the usual convention for score voting).

    Examples
    --------
    >>> p = ScoreProfile.from_lists([[5, 0, 3], [None, 2, 2]], min_score=0, max_score=5)
    >>> p.scores.tolist()
    [[5, 0, 3], [0, 2, 2]]
    """

    scores: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))
    min_score: int = 0
    max_score: int = 10

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.scores.shape != (self.counts.shape[0], len(self.candidates)):
            raise ValueError("scores must be a (ballots x candidates) matrix")
        if self.scores.size and (
            self.scores.min() < self.min_score or self.scores.max() > self.max_score
        ):
            raise ValueError("a score lies outside [min_score, max_score]")

    @classmethod
    def from_matrix(
        cls,
        scores: np.ndarray | Sequence[Sequence[int]],
        counts: Sequence[int] | np.ndarray | None = None,
        *,
        min_score: int = 0,
        max_score: int = 10,
        candidates: Sequence[Hashable] | None = None,
        names: Sequence[str] | None = None,
        weights: Sequence[float] | np.ndarray | None = None,
        groups: Sequence[int] | np.ndarray | None = None,
        group_names: Sequence[str] | None = None,
        compress: bool = True,
    ) -> ScoreProfile:
        """Build from an integer (ballots x candidates) matrix."""
        matrix = np.ascontiguousarray(np.asarray(scores, dtype=np.int64))
        n = matrix.shape[0]
        counts_a = _as_counts(counts, n)
        weights_a = _as_optional(weights, n, np.float64, "weights")
        _check_counts_and_weights(counts_a, weights_a)  # before merging: rows as given
        groups_a = _as_optional(groups, n, np.int64, "groups")
        if compress:
            matrix, counts_a, weights_a, groups_a = _compress_rows(
                matrix, counts_a, weights_a, groups_a
            )
        return cls(
            counts=counts_a,
            candidates=_default_candidates(candidates, matrix.shape[1]),
            names=None if names is None else tuple(names),
            weights=weights_a,
            groups=groups_a,
            group_names=None if group_names is None else tuple(group_names),
            scores=matrix,
            min_score=min_score,
            max_score=max_score,
        )

    @classmethod
    def from_lists(
        cls,
        ballots: Iterable[Sequence[int | None]],
        counts: Sequence[int] | np.ndarray | None = None,
        *,
        min_score: int = 0,
        max_score: int = 10,
        **kwargs: Any,
    ) -> ScoreProfile:
        """Build from one list of scores per ballot (``None`` = blank = ``min_score``)."""
        rows = [[min_score if s is None else s for s in b] for b in ballots]
        return cls.from_matrix(rows, counts, min_score=min_score, max_score=max_score, **kwargs)


@dataclass(frozen=True, eq=False)
class CategoricalProfile(_Profile):
    """Ballots sorting candidates into ordered categories (PrefLib ``.cat``).

    ``categories[u, c]`` is the index into ``category_names`` of the category
    ballot ``u`` puts column ``c`` in, or -1 when it puts it in none.

    Examples
    --------
    >>> p = CategoricalProfile.from_matrix([[0, 1, 1], [1, 0, -1]], category_names=["Yes", "No"])
    >>> p.to_approval().approvals.tolist()
    [[True, False, False], [False, True, False]]
    """

    categories: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int8))
    category_names: tuple[str, ...] = ()

    @classmethod
    def from_matrix(
        cls,
        categories: np.ndarray | Sequence[Sequence[int]],
        counts: Sequence[int] | np.ndarray | None = None,
        *,
        category_names: Sequence[str],
        candidates: Sequence[Hashable] | None = None,
        names: Sequence[str] | None = None,
        compress: bool = True,
    ) -> CategoricalProfile:
        """Build from an integer (ballots x candidates) matrix of category indices."""
        matrix = np.ascontiguousarray(np.asarray(categories, dtype=np.int8))
        counts_a = _as_counts(counts, matrix.shape[0])
        _check_counts_and_weights(counts_a, None)
        if compress:
            matrix, counts_a, _, _ = _compress_rows(matrix, counts_a, None, None)
        return cls(
            counts=counts_a,
            candidates=_default_candidates(candidates, matrix.shape[1]),
            names=None if names is None else tuple(names),
            categories=matrix,
            category_names=tuple(category_names),
        )

    def to_approval(self, approved: Iterable[int] = (0,)) -> ApprovalProfile:
        """Approval ballots approving the candidates placed in the ``approved`` categories."""
        matrix = np.isin(self.categories, list(approved))
        return ApprovalProfile.from_matrix(
            matrix, self.counts, candidates=self.candidates, names=self.names
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CategoricalProfile):
            return NotImplemented
        return (
            self.candidates == other.candidates
            and self.category_names == other.category_names
            and np.array_equal(self.categories, other.categories)
            and np.array_equal(self.counts, other.counts)
        )

    __hash__ = None  # type: ignore[assignment]

"""The vote matrix the opinion-group functions take: participants x statements, sparse.

A vote is ``+1`` (agree), ``-1`` (disagree) or ``0`` (pass); a statement a participant
did not vote on is *missing*, which is not the same as a pass. Two inputs are accepted:

- a scipy.sparse matrix or array, whose *stored* entries are the votes (a pass is an
  explicitly stored zero: build it from COO data, not from a dense array, where passes
  and missing votes look alike);
- a triple ``(rows, cols, values)`` of equal-length integer/integer/number arrays, with
  ``shape`` given or taken as one past the largest index.

Each (participant, statement) pair holds at most one vote: keep the latest before calling
(:func:`accord.engine.io.polis.read_polis_export` does so for Pol.is exports).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse

#: What :func:`as_votes` accepts.
VoteInput = Any  # a scipy.sparse matrix/array, or a (rows, cols, values) triple


@dataclass(frozen=True, eq=False)
class Votes:
    """Validated votes as parallel arrays (no duplicates, values in {-1, 0, 1})."""

    rows: np.ndarray  # int64, participant index of each vote
    cols: np.ndarray  # int64, statement index of each vote
    values: np.ndarray  # float64, -1.0, 0.0 or 1.0
    n_participants: int
    n_statements: int


def as_votes(votes: VoteInput, shape: tuple[int, int] | None = None) -> Votes:
    """Check ``votes`` and return them as :class:`Votes`; ValueError on bad input."""
    if scipy.sparse.issparse(votes):
        coo = votes.tocoo()
        if shape is not None and tuple(shape) != tuple(coo.shape):
            raise ValueError(f"shape {tuple(shape)} differs from the matrix's {coo.shape}")
        shape = (int(coo.shape[0]), int(coo.shape[1]))
        rows, cols, values = coo.row, coo.col, coo.data
    else:
        try:
            rows, cols, values = votes
        except (TypeError, ValueError):
            raise ValueError(
                "votes must be a scipy.sparse matrix or a (rows, cols, values) triple"
            ) from None
    rows = np.asarray(rows)
    cols = np.asarray(cols)
    values = np.asarray(values)
    if not (rows.ndim == cols.ndim == values.ndim == 1) or not (
        len(rows) == len(cols) == len(values)
    ):
        raise ValueError("rows, cols and values must be one-dimensional and of equal length")
    for name, index in (("rows", rows), ("cols", cols)):
        integral = np.issubdtype(index.dtype, np.integer)
        if index.size and not integral and not np.all(np.equal(np.mod(index, 1), 0)):
            raise ValueError(f"{name} must hold integer indices")
        if index.size and index.min() < 0:
            raise ValueError(f"{name} must be non-negative")
    rows = rows.astype(np.int64, copy=False)
    cols = cols.astype(np.int64, copy=False)
    values = values.astype(np.float64, copy=False)
    if values.size and not np.all(np.isin(values, (-1.0, 0.0, 1.0))):
        raise ValueError("votes must be +1 (agree), -1 (disagree) or 0 (pass)")
    if shape is None:
        shape = (
            int(rows.max()) + 1 if rows.size else 0,
            int(cols.max()) + 1 if cols.size else 0,
        )
    n, m = int(shape[0]), int(shape[1])
    if n < 0 or m < 0:
        raise ValueError("shape must be non-negative")
    if rows.size and (rows.max() >= n or cols.max() >= m):
        raise ValueError(f"a vote lies outside the shape {(n, m)}")
    if rows.size:
        keys = rows * max(m, 1) + cols
        unique, counts = np.unique(keys, return_counts=True)
        if unique.size != keys.size:
            first = int(unique[np.argmax(counts > 1)])
            raise ValueError(
                f"participant {first // max(m, 1)} voted twice on statement {first % max(m, 1)}: "
                "keep one vote per participant and statement (the latest)"
            )
    return Votes(rows, cols, values, n, m)


def statement_indices(statements: Any, n_statements: int, *, what: str) -> np.ndarray:
    """Validate an iterable of statement indices (e.g. those moderated out)."""
    indices = np.asarray(list(statements), dtype=np.int64)
    if indices.size and (indices.min() < 0 or indices.max() >= n_statements):
        raise ValueError(f"{what}: a statement index lies outside 0..{n_statements - 1}")
    return np.unique(indices)

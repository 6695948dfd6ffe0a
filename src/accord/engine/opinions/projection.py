"""Pol.is' two-dimensional opinion map: PCA of the vote matrix, projected sparsity-aware.

:func:`opinion_pca` follows the Pol.is math worker [1]_ [2]_:

1. Statements moderated out count as a pass (0) for everyone, so they carry no variance.
2. A missing vote is imputed with the statement's mean vote (over those who voted on it),
   and the matrix is centred on those means. Imputed cells are then exactly 0, so the
   centred matrix stays sparse: only cast votes (minus their statement's mean) are stored.
3. The principal components are the top eigenvectors of its Gram matrix (Pol.is finds
   them by power iteration; the subspace is the same). Each component's sign is fixed so
   that its largest entry is positive, which makes the map deterministic.
4. A participant is projected from the votes they cast, scaled by
   ``sqrt(n_statements / n_cast)`` so that people who voted little are not all drawn to
   the centre. As in Pol.is, ``n_statements`` counts the statements that received a vote,
   and the statements moderated out count as cast for everyone (their cells hold 0).

References
----------
.. [1] C. Small, M. Bjorkegren, T. Erkkilä, L. Shaw and C. Megill, "Polis: Scaling
   Deliberation by Mapping High Dimensional Opinion Spaces", RECERCA 26(2), 2021, section 4.
.. [2] The Pol.is math worker (compdemocracy/polis, math/src/polismath/math/pca.clj and
   conversation.clj), read as a description of the method.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse
import scipy.sparse.linalg

from accord.engine.opinions.votes import Votes

#: Up to this many statements, the components come from a dense eigendecomposition of the
#: (statements x statements) Gram matrix; above, from Lanczos iterations on sparse products,
#: which stay fast on a busy machine where a multithreaded dense solver does not.
_DENSE_LIMIT = 8


@dataclass(frozen=True, eq=False)
class Projection:
    """The PCA of a vote matrix (arrays; :func:`opinion_groups` converts them)."""

    coordinates: np.ndarray  # participants x 2
    components: np.ndarray  # 2 x statements
    center: np.ndarray  # statements: mean vote (0 where moderated out or never voted)
    n_voted_statements: int  # statements with at least one vote


def _top_components(centred: scipy.sparse.csr_array, n_components: int) -> np.ndarray:
    m = centred.shape[1]
    if m == 0:
        return np.zeros((0, n_components))
    if not np.any(centred.data):  # nobody deviates from a statement's mean
        return np.zeros((m, n_components))
    values = vectors = None
    if m > _DENSE_LIMIT and n_components < m - 1:  # ARPACK needs k < m - 1
        operator = scipy.sparse.linalg.LinearOperator(
            (m, m), matvec=lambda v: centred.T @ (centred @ v), dtype=np.float64
        )
        try:
            values, vectors = scipy.sparse.linalg.eigsh(
                operator, k=n_components, which="LA", v0=np.ones(m) / np.sqrt(m)
            )
        except scipy.sparse.linalg.ArpackError:  # e.g. a start in the null space
            values = vectors = None
    if values is None or vectors is None:
        values, vectors = np.linalg.eigh((centred.T @ centred).toarray())
    order = np.argsort(values)[::-1][:n_components]
    values, vectors = values[order], vectors[:, order]
    vectors = vectors.copy()
    scale = max(float(values.max(initial=0.0)), 1.0)
    for j in range(vectors.shape[1]):
        if values[j] <= 1e-12 * scale:  # no variance left in this direction
            vectors[:, j] = 0.0
            continue
        if vectors[np.argmax(np.abs(vectors[:, j])), j] < 0:
            vectors[:, j] = -vectors[:, j]
    if vectors.shape[1] < n_components:
        vectors = np.hstack([vectors, np.zeros((m, n_components - vectors.shape[1]))])
    return vectors


def opinion_pca(votes: Votes, moderated_out: np.ndarray, n_components: int = 2) -> Projection:
    """Project every participant onto the first ``n_components`` principal components."""
    n, m = votes.n_participants, votes.n_statements
    voted = np.zeros(m, dtype=bool)
    voted[votes.cols] = True
    n_voted_statements = int(voted.sum())
    moderated = np.zeros(m, dtype=bool)
    moderated[np.asarray(moderated_out, dtype=np.int64)] = True
    kept = ~moderated[votes.cols]
    rows, cols, values = votes.rows[kept], votes.cols[kept], votes.values[kept]
    counts = np.bincount(cols, minlength=m)
    sums = np.bincount(cols, weights=values, minlength=m)
    center = np.divide(sums, counts, out=np.zeros(m), where=counts > 0)
    centred = scipy.sparse.csr_array((values - center[cols], (rows, cols)), shape=(n, m))
    components = _top_components(centred, n_components)
    coordinates = np.asarray(centred @ components).reshape(n, n_components)
    cast = np.bincount(rows, minlength=n) + int((moderated & voted).sum())
    coordinates *= np.sqrt(n_voted_statements / np.maximum(cast, 1))[:, None]
    return Projection(coordinates, components.T.copy(), center, n_voted_statements)

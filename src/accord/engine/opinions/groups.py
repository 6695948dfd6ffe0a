"""Opinion groups from a vote matrix, as Pol.is finds them: :func:`opinion_groups`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from accord.engine.opinions.kmeans import kmeans, lloyd, silhouette
from accord.engine.opinions.projection import opinion_pca
from accord.engine.opinions.repness import (
    RepresentativeStatement,
    consensus_statements,
    group_informed_consensus,
    group_vote_counts,
    representative_statements,
)
from accord.engine.opinions.votes import VoteInput, as_votes, statement_indices

#: Pol.is' vote threshold: a participant is clustered after this many votes (or after
#: voting on every statement, when there are fewer).
MIN_VOTES = 7
#: Pol.is' number of base clusters, which the groups are then made of.
BASE_CLUSTERS = 100
#: The largest number of groups Pol.is considers.
MAX_GROUPS = 5
#: How many base clusterings the silhouette of each number of groups is averaged over.
BASE_RUNS = 5
#: Above this many clustered participants, the base clusters (which only serve to choose
#: the number of groups) are computed on a seeded random sample of this size.
BASE_SAMPLE = 10_000
#: Base clusters stop moving, as in Pol.is, when no centre moves by more than this.
BASE_TOLERANCE = 0.01
#: How much more inertia (relative) the partition seeded as Pol.is seeds it may have than
#: the one seeded with the groups of the base clusters before the latter is preferred.
SEEDING_TOLERANCE = 0.01


@dataclass(frozen=True)
class OpinionGroups:
    """The opinion groups of a conversation.

    ``labels`` has one entry per participant (matrix row): the group, numbered from 0 by
    decreasing size, or -1 for a participant who voted too little to be clustered.
    ``coordinates`` places every participant (clustered or not) on the two-dimensional
    opinion map and ``centres`` each group; ``silhouettes`` lists ``(k, width)`` for every
    number of groups tried. ``representative`` holds each group's representative
    statements; ``group_informed_consensus`` one value per statement (0 to 1), and
    ``consensus`` the statements every group agrees with, most consensual first.
    """

    labels: tuple[int, ...]
    n_groups: int
    group_sizes: tuple[int, ...]
    coordinates: tuple[tuple[float, float], ...]
    centres: tuple[tuple[float, float], ...]
    silhouettes: tuple[tuple[int, float], ...]
    representative: tuple[tuple[RepresentativeStatement, ...], ...]
    group_informed_consensus: tuple[float, ...]
    consensus: tuple[int, ...]

    @property
    def clustered(self) -> tuple[int, ...]:
        """The participants (row indices) that belong to a group."""
        return tuple(i for i, label in enumerate(self.labels) if label >= 0)


def _first_distinct(points: np.ndarray, k: int) -> np.ndarray:
    """The first ``k`` distinct points, in row order (Pol.is' k-means seeding)."""
    _, first = np.unique(points, axis=0, return_index=True)
    return points[np.sort(first)[:k]].copy()


def _choose_k(
    points: np.ndarray, *, max_groups: int, base_clusters: int, seed: int
) -> tuple[int, tuple[tuple[int, float], ...], np.ndarray | None]:
    """Pol.is' choice of the number of groups: k-means into ``base_clusters`` base clusters,
    then, for each k from 2 to ``min(max_groups, 2 + n_base // 12)``, weighted k-means of
    the base clusters' centres (weights: their sizes) and the mean silhouette of those
    centres; the k of the widest silhouette wins (the smaller k on a tie).

    Pol.is keeps its base clusters from one update to the next; computed afresh, they vary
    with the k-means++ seeding, and so does the silhouette. The widths are therefore
    averaged over ``BASE_RUNS`` base clusterings, each seeded from ``seed``. Beyond
    ``BASE_SAMPLE`` participants, the base clusters are made from a seeded sample.

    Returns k, the ``(k, mean width)`` pairs, and the group centres of the chosen k from
    the base clustering where its width was widest (None when no k could be tried).
    """
    rng = np.random.default_rng(seed)
    if len(points) > BASE_SAMPLE:
        points = points[np.sort(rng.choice(len(points), BASE_SAMPLE, replace=False))]
    n_distinct = len(np.unique(points, axis=0))
    n_base = min(base_clusters, n_distinct)
    widths: dict[int, list[float]] = {}
    best_centres: dict[int, tuple[float, np.ndarray]] = {}
    for run_seed in rng.integers(0, 2**31, BASE_RUNS):
        labels, centres, _ = kmeans(
            points, n_base, seed=int(run_seed), n_init=1, max_iter=100, tol=BASE_TOLERANCE
        )
        sizes = np.bincount(labels, minlength=len(centres))
        centres, weights = centres[sizes > 0], sizes[sizes > 0].astype(np.float64)
        top = min(max_groups, 2 + len(centres) // 12, len(centres))
        for k in range(2, top + 1):
            groups, group_centres, _ = kmeans(
                centres, k, weights=weights, seed=int(run_seed), n_init=10
            )
            if len(np.unique(groups)) < 2:
                continue
            width = silhouette(centres, groups)
            widths.setdefault(k, []).append(width)
            if k not in best_centres or width > best_centres[k][0]:
                best_centres[k] = (width, group_centres)
    if not widths:
        return min(2, n_distinct), (), None
    mean_widths = tuple((k, float(np.mean(w))) for k, w in sorted(widths.items()))
    k = max(mean_widths, key=lambda kw: (kw[1], -kw[0]))[0]
    return k, mean_widths, best_centres[k][1]


def _partition(
    points: np.ndarray, k: int, start: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """k groups of the participants: Lloyd's algorithm seeded with the first k distinct
    participants, as Pol.is seeds its k-means, unless Lloyd's algorithm seeded with the
    group centres found on the base clusters (``start``) reaches a partition with clearly
    lower inertia (by more than ``SEEDING_TOLERANCE``)."""
    labels, centres, inertia = lloyd(points, _first_distinct(points, k))
    if start is None:
        return labels, centres
    alt_labels, alt_centres, alt_inertia = lloyd(points, start)
    if inertia > (1.0 + SEEDING_TOLERANCE) * alt_inertia or len(np.unique(labels)) < k:
        return alt_labels, alt_centres
    return labels, centres


def opinion_groups(
    votes: VoteInput,
    *,
    shape: tuple[int, int] | None = None,
    moderated_out: Iterable[int] = (),
    min_votes: int = MIN_VOTES,
    max_groups: int = MAX_GROUPS,
    base_clusters: int = BASE_CLUSTERS,
    seed: int = 0,
    max_statements: int = 5,
) -> OpinionGroups:
    """Opinion groups of the participants of a conversation, by the Pol.is method.

    1. Participants with at least ``min(min_votes, statements voted on)`` votes (votes on
       statements moderated out included, as in Pol.is) are clustered; the others get -1.
    2. Everyone is placed on a two-dimensional map: PCA of the vote matrix with missing
       votes imputed by the statement's mean, projected from each participant's own votes
       and scaled up for those who voted little
       (:func:`~accord.engine.opinions.projection.opinion_pca`).
    3. The number of groups k (2 to ``max_groups``) is the one whose k-means of Pol.is'
       ``base_clusters`` base clusters has the widest silhouette (averaged over
       ``BASE_RUNS`` base clusterings).
    4. The clustered participants are split into k groups by k-means on the map, seeded
       as Pol.is seeds it (the first k distinct participants in row order, so rows should
       be in order of arrival), unless seeding it with the groups found on the base
       clusters gives a clearly better partition (1 % less inertia).
    5. Each group's representative statements, and the statements every group agrees
       with, are computed from the clustered participants' votes
       (:mod:`~accord.engine.opinions.repness`).

    Parameters
    ----------
    votes : scipy.sparse matrix or (rows, cols, values)
        Participants x statements; +1 agree, -1 disagree, 0 pass (stored explicitly),
        missing = not voted. One vote per participant and statement.
    shape : (int, int), optional
        ``(participants, statements)`` when ``votes`` is a triple; default: one past the
        largest indices.
    moderated_out : iterable of int
        Statements removed by moderators: they shape nothing and are never chosen.
    min_votes : int
        The vote threshold (Pol.is: 7).
    max_groups : int
        The largest number of groups tried (Pol.is: 5).
    base_clusters : int
        How many base clusters the number of groups is chosen on (Pol.is: 100).
    seed : int
        Seeds every k-means++ run: equal input and seed give equal output.
    max_statements : int
        At most this many representative statements per group, and consensus statements.

    Returns
    -------
    OpinionGroups

    Raises
    ------
    ValueError
        For votes that are not +1/-1/0, duplicated, or outside ``shape``.

    Examples
    --------
    Two camps of four, who agree on statement 3:

    >>> rows = [p for p in range(8) for _ in range(4)]
    >>> cols = [0, 1, 2, 3] * 8
    >>> camp_a, camp_b = [1, 1, -1, 1], [-1, -1, 1, 1]
    >>> values = camp_a * 4 + camp_b * 4
    >>> result = opinion_groups((rows, cols, values), min_votes=4)
    >>> result.labels
    (0, 0, 0, 0, 1, 1, 1, 1)
    >>> result.consensus
    (3,)

    References
    ----------
    .. [1] C. Small, M. Bjorkegren, T. Erkkilä, L. Shaw and C. Megill, "Polis: Scaling
       Deliberation by Mapping High Dimensional Opinion Spaces", RECERCA 26(2), 2021,
       section 4 (the math: PCA, k-means with silhouette, representative comments,
       group-informed consensus).
    .. [2] The Pol.is math worker (compdemocracy/polis, math/src/polismath/math/), read
       as a description: conversation.clj (vote threshold, base and group clusters),
       pca.clj, clusters.clj, repness.clj.
    """
    if min_votes < 1 or max_groups < 2 or base_clusters < 2 or max_statements < 0:
        raise ValueError(
            "min_votes must be >= 1, max_groups and base_clusters >= 2, max_statements >= 0"
        )
    data = as_votes(votes, shape)
    n, m = data.n_participants, data.n_statements
    moderated = statement_indices(moderated_out, m, what="moderated_out")
    projection = opinion_pca(data, moderated)
    coordinates = projection.coordinates

    cast = np.bincount(data.rows, minlength=n)
    threshold = min(min_votes, projection.n_voted_statements)
    eligible = np.flatnonzero((cast >= threshold) & (cast > 0))
    labels = np.full(n, -1, dtype=np.int64)
    widths: tuple[tuple[int, float], ...] = ()
    n_groups = 0
    if eligible.size:
        points = coordinates[eligible]
        if len(np.unique(points, axis=0)) < 2:
            group = np.zeros(len(points), dtype=np.int64)
        else:
            k, widths, start = _choose_k(
                points, max_groups=max_groups, base_clusters=base_clusters, seed=seed
            )
            group, _ = _partition(points, k, start)
        # number the groups by decreasing size, then by their first member
        present, first, sizes = np.unique(group, return_index=True, return_counts=True)
        order = np.lexsort((first, -sizes))
        renumber = np.empty(present.max() + 1, dtype=np.int64)
        renumber[present[order]] = np.arange(len(present))
        labels[eligible] = renumber[group]
        n_groups = len(present)

    sizes = np.bincount(labels[labels >= 0], minlength=n_groups)
    centres = [
        tuple(float(v) for v in coordinates[labels == g].mean(axis=0)) for g in range(n_groups)
    ]
    counts = group_vote_counts(data.rows, data.cols, data.values, labels, n_groups, m)
    representative = (
        representative_statements(counts, excluded=moderated, max_statements=max_statements)
        if n_groups
        else ()
    )
    consensus = (
        consensus_statements(counts, excluded=moderated, max_statements=max_statements)
        if n_groups
        else ()
    )
    gic = group_informed_consensus(counts) if n_groups else np.zeros(m)
    return OpinionGroups(
        labels=tuple(int(x) for x in labels),
        n_groups=int(n_groups),
        group_sizes=tuple(int(x) for x in sizes),
        coordinates=tuple((float(x), float(y)) for x, y in coordinates[:, :2]),
        centres=tuple((c[0], c[1]) for c in centres),
        silhouettes=tuple((int(k), float(w)) for k, w in widths),
        representative=representative,
        group_informed_consensus=tuple(float(x) for x in gic),
        consensus=consensus,
    )

"""Worked examples and the pieces of the Pol.is method, checked by hand."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

from accord.engine.opinions import (
    comparison,
    group_informed_consensus,
    group_vote_counts,
    groups,
    opinion_groups,
    opinion_pca,
    representative_statements,
)
from accord.engine.opinions.kmeans import kmeans, silhouette
from accord.engine.opinions.repness import Z_90, _prop_test, _two_prop_test
from accord.engine.opinions.votes import as_votes


@pytest.mark.parametrize("module", [groups, comparison], ids=lambda m: m.__name__)
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0


def _camps(n_a: int, n_b: int, camp_a, camp_b):
    rows, cols, values = [], [], []
    for p in range(n_a + n_b):
        camp = camp_a if p < n_a else camp_b
        for j, v in enumerate(camp):
            if v is not None:
                rows.append(p)
                cols.append(j)
                values.append(v)
    return rows, cols, values


def test_group_informed_consensus_is_the_product_over_groups():
    """Small et al. 2021, section 4.4: prod_g (agrees_g + 1) / (votes_g + 2)."""
    labels = np.array([0, 0, 0, 1, 1])
    rows = np.array([0, 1, 2, 3, 4, 0, 3])
    cols = np.array([0, 0, 0, 0, 0, 1, 1])
    values = np.array([1, 1, -1, 1, 0, 1, -1])
    counts = group_vote_counts(rows, cols, values, labels, 2, 2)
    gic = group_informed_consensus(counts)
    assert gic[0] == pytest.approx((2 + 1) / (3 + 2) * (1 + 1) / (2 + 2))
    assert gic[1] == pytest.approx((1 + 1) / (1 + 2) * (0 + 1) / (1 + 2))


def test_tests_as_in_polis():
    # 8 of 10 agree: z = 2 sqrt(11) (9/11 - 1/2)
    assert _prop_test(np.array(8.0), np.array(10.0)) == pytest.approx(
        2 * np.sqrt(11) * (9 / 11 - 0.5)
    )
    # 9/10 in the group against 2/10 outside, one pseudo-count each
    p1, p2, pooled = 10 / 11, 3 / 11, 13 / 22
    z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (2 / 11))
    assert _two_prop_test(
        np.array(9.0), np.array(2.0), np.array(10.0), np.array(10.0)
    ) == pytest.approx(z)
    assert z > Z_90


def test_two_camps_their_statements_and_their_common_ground():
    """Camp A (12 people) agrees with 0 and 1 and disagrees with 2; camp B (8) the reverse;
    everyone agrees with 3, and statement 4 is moderated out."""
    votes = _camps(12, 8, [1, 1, -1, 1, 1], [-1, -1, 1, 1, 1])
    result = opinion_groups(votes, moderated_out=[4])
    assert result.labels == (0,) * 12 + (1,) * 8
    assert result.group_sizes == (12, 8)
    assert result.consensus == (3,)
    a, b = result.representative
    assert {(s.statement, s.direction) for s in a} >= {(0, "agree"), (2, "disagree")}
    assert {(s.statement, s.direction) for s in b} >= {(2, "agree"), (0, "disagree")}
    assert all(s.statement != 4 for group in result.representative for s in group)
    first = a[0]
    assert (first.direction, first.n_success, first.n_trials) == ("agree", 12, 12)
    assert first.probability == pytest.approx(13 / 14)
    assert result.group_informed_consensus[3] == pytest.approx(13 / 14 * 9 / 10)


def test_too_few_votes_are_left_out_and_passes_count_as_votes():
    # participant 2 passed on every statement: four votes, clustered; participant 3 voted
    # on one statement only, below min(7, 4 statements)
    votes = _camps(2, 0, [1, 1, -1, 1], None)
    rows, cols, values = votes
    rows += [2, 2, 2, 2, 3, 4, 4, 4, 4]
    cols += [0, 1, 2, 3, 0, 0, 1, 2, 3]
    values += [0, 0, 0, 0, 1, -1, -1, 1, -1]
    result = opinion_groups((rows, cols, values))
    assert [label >= 0 for label in result.labels] == [True, True, True, False, True]
    assert result.clustered == (0, 1, 2, 4)


def test_nobody_clustered_and_one_opinion():
    result = opinion_groups(([0], [0], [1]), shape=(3, 5), min_votes=2)
    assert result.labels == (0, -1, -1)  # voted on every statement voted on (1 of 1)
    assert result.n_groups == 1
    empty = opinion_groups(([], [], []), shape=(2, 2))
    assert empty.labels == (-1, -1)
    assert (empty.n_groups, empty.representative, empty.consensus) == (0, (), ())


def test_projection_imputes_with_the_statement_mean_and_scales_sparse_voters():
    # statement 0: mean 1/3; participant 2 did not vote on it
    rows, cols, values = [0, 1, 2, 0, 1, 3], [0, 0, 1, 1, 1, 0], [1, -1, 1, 1, -1, 1]
    projection = opinion_pca(as_votes((rows, cols, values)), np.array([], dtype=int))
    assert projection.center.tolist() == pytest.approx([1 / 3, 1 / 3])
    dense = np.full((4, 2), np.nan)
    dense[rows, cols] = values
    imputed = np.where(np.isnan(dense), projection.center, dense) - projection.center
    raw = imputed @ projection.components.T
    cast = np.array([2, 2, 1, 1])
    assert projection.coordinates == pytest.approx(raw * np.sqrt(2 / cast)[:, None])


def test_moderated_statements_shape_nothing_but_count_as_cast():
    base = _camps(3, 3, [1, -1, 1], [-1, 1, -1])
    rows, cols, values = (list(x) for x in base)
    with_extra = ([*rows, 0, 4], [*cols, 3, 3], [*values, 1, -1])
    plain = opinion_pca(as_votes(base, (6, 4)), np.array([], dtype=int))
    moderated = opinion_pca(as_votes(with_extra), np.array([3]))
    # the moderated statement 3 carries no weight, but it was voted on: 4 statements, and
    # it counts as cast for everyone (Pol.is zeroes its column)
    assert np.allclose(moderated.components[:, 3], 0)
    assert moderated.coordinates == pytest.approx(plain.coordinates * np.sqrt((4 / 4) / (3 / 3)))


def test_kmeans_and_silhouette_on_separated_blobs():
    rng = np.random.default_rng(1)
    points = np.vstack([rng.normal(0, 0.1, (30, 2)), rng.normal(5, 0.1, (20, 2))])
    labels, _, _ = kmeans(points, 2, seed=3)
    assert len(set(labels[:30])) == 1 and len(set(labels[30:])) == 1
    assert labels[0] != labels[-1]
    assert silhouette(points, labels) > 0.9
    # the silhouette by its definition, point by point
    dist = np.linalg.norm(points[:, None] - points[None], axis=2)
    widths = []
    for i in range(len(points)):
        own = labels == labels[i]
        a = dist[i, own].sum() / (own.sum() - 1)
        b = dist[i, ~own].mean()
        widths.append((b - a) / max(a, b))
    assert silhouette(points, labels) == pytest.approx(np.mean(widths))


@pytest.mark.parametrize(
    ("votes", "shape", "message"),
    [
        (([0, 0], [1, 1], [1, -1]), None, "participant 0 voted twice on statement 1"),
        (([0], [0], [2]), None, r"\+1 \(agree\), -1 \(disagree\) or 0 \(pass\)"),
        (([0], [5], [1]), (1, 3), "outside the shape"),
        (([-1], [0], [1]), None, "non-negative"),
        ("votes", None, "scipy.sparse matrix or a"),
    ],
)
def test_bad_votes_are_refused(votes, shape, message):
    with pytest.raises(ValueError, match=message):
        opinion_groups(votes, shape=shape)


def test_representative_statements_fall_back_to_the_best_by_test():
    # one group only: nobody outside, so nothing passes the two-proportion test; the
    # group's best agreed statement is still given
    counts = group_vote_counts(
        np.array([0, 1, 0, 1]),
        np.array([0, 0, 1, 1]),
        np.array([1, 1, -1, 1]),
        np.array([0, 0]),
        1,
        2,
    )
    (chosen,) = representative_statements(counts)
    assert [(s.statement, s.direction) for s in chosen] == [(0, "agree")]


def test_base_clusters_from_a_sample_beyond_the_limit(monkeypatch):
    """Beyond BASE_SAMPLE clustered participants, k is chosen on a seeded sample; the
    groups still cover everyone, deterministically."""
    rng = np.random.default_rng(4)
    camp = rng.integers(0, 2, 300)
    stance = np.tile(np.array([[1, 1, -1, -1, 1, 0], [-1, -1, 1, 1, 1, 0]]), 2)
    rows = np.repeat(np.arange(300), 12)
    cols = np.tile(np.arange(12), 300)
    values = stance[camp[rows], cols] * np.where(rng.random(len(rows)) < 0.95, 1, -1)
    monkeypatch.setattr(groups, "BASE_SAMPLE", 60)
    result = opinion_groups((rows, cols, values), min_votes=7, seed=5)
    assert result == opinion_groups((rows, cols, values), min_votes=7, seed=5)
    assert result.n_groups == 2
    assert sum(result.group_sizes) == 300
    labels = np.array(result.labels)
    assert comparison.adjusted_rand_index(labels, camp) > 0.9

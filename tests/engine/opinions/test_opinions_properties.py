"""Hypothesis properties of the opinion groups and of the adjusted Rand index."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.opinions import adjusted_rand_index, opinion_groups

labelings = st.integers(2, 40).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 4), min_size=n, max_size=n),
        st.lists(st.integers(0, 4), min_size=n, max_size=n),
    )
)


def _ari_by_pairs(a: list[int], b: list[int]) -> float:
    """Hubert and Arabie's index, from the pair counts directly (slow, for checking)."""
    n = len(a)
    pairs = list(itertools.combinations(range(n), 2))
    both = sum(a[i] == a[j] and b[i] == b[j] for i, j in pairs)
    in_a = sum(a[i] == a[j] for i, j in pairs)
    in_b = sum(b[i] == b[j] for i, j in pairs)
    expected = in_a * in_b / len(pairs)
    maximum = (in_a + in_b) / 2
    return 1.0 if maximum == expected else (both - expected) / (maximum - expected)


@settings(max_examples=200, deadline=None)
@given(labelings, st.permutations(range(5)), st.permutations(range(5)))
def test_ari_ignores_label_names_and_order_of_arguments(pair, rename_a, rename_b):
    a, b = pair
    value = adjusted_rand_index(a, b)
    renamed = adjusted_rand_index([rename_a[x] for x in a], [rename_b[x] + 10 for x in b])
    assert abs(value - renamed) < 1e-12
    assert abs(value - adjusted_rand_index(b, a)) < 1e-12
    assert abs(value - _ari_by_pairs(a, b)) < 1e-9
    assert adjusted_rand_index(a, a) == 1.0
    assert value <= 1.0 + 1e-12


@st.composite
def vote_matrices(draw):
    """Small conversations: each participant votes on a random subset of statements."""
    n = draw(st.integers(1, 40))
    m = draw(st.integers(1, 12))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    mask = rng.random((n, m)) < draw(st.floats(0.1, 1.0))
    rows, cols = np.nonzero(mask)
    values = rng.choice([-1, 0, 1], size=len(rows))
    return (rows, cols, values), (n, m)


@settings(max_examples=60, deadline=None)
@given(vote_matrices(), st.integers(0, 10), st.integers(1, 9))
def test_deterministic_for_a_seed_and_below_threshold_excluded(data, seed, min_votes):
    votes, shape = data
    first = opinion_groups(votes, shape=shape, seed=seed, min_votes=min_votes)
    again = opinion_groups(votes, shape=shape, seed=seed, min_votes=min_votes)
    assert first == again
    rows, cols, _ = votes
    cast = np.bincount(rows, minlength=shape[0])
    threshold = min(min_votes, len(np.unique(cols)))
    clustered = np.array(first.labels) >= 0
    assert np.array_equal(clustered, (cast >= threshold) & (cast > 0))
    # groups numbered 0..k-1 by decreasing size; native numbers at the boundary
    assert sorted(set(first.labels) - {-1}) == list(range(first.n_groups))
    assert list(first.group_sizes) == sorted(first.group_sizes, reverse=True)
    assert sum(first.group_sizes) == int(clustered.sum())
    assert all(type(x) is int for x in first.labels)
    assert all(type(v) is float for xy in first.coordinates for v in xy)
    assert all(type(x) is float for x in first.group_informed_consensus)
    assert len(first.representative) == first.n_groups


@settings(max_examples=40, deadline=None)
@given(vote_matrices(), st.integers(0, 10))
def test_sparse_input_with_stored_passes_equals_the_triple(data, seed):
    import scipy.sparse

    (rows, cols, values), shape = data
    matrix = scipy.sparse.coo_array((values.astype(float), (rows, cols)), shape=shape)
    assert opinion_groups(matrix.tocsr(), seed=seed) == opinion_groups(
        (rows, cols, values), shape=shape, seed=seed
    )

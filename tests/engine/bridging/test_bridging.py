"""Group-informed consensus (Pol.is) and the bridging order: worked examples, doctests,
properties, and the speed the issue asks for."""

from __future__ import annotations

import doctest
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.bridging import consensus
from accord.engine.bridging.consensus import (
    bridging_order,
    group_informed_consensus,
    support_by_group,
)


def test_doctests():
    failures, _ = doctest.testmod(consensus, optionflags=doctest.ELLIPSIS)
    assert failures == 0


def test_the_worked_example_of_compdemocracy():
    """compdemocracy.org/group-informed-consensus: the product of each group's smoothed
    agreement, ``(a + 1) / (n + 2)``. A group of 3 all agreeing and a group of 5 with 1
    agreeing: 4/5 × 2/7."""
    gic = group_informed_consensus(np.array([[3, 1]]), np.array([3, 5]))
    assert gic[0] == pytest.approx((4 / 5) * (2 / 7))


def test_an_issue_backed_in_every_group_outranks_one_backed_by_the_largest_group_alone():
    # group 0: 60 voters, group 1: 20, group 2: 20
    voters = np.array([60, 20, 20])
    largest_only = [50, 0, 0]  # 50 supporters, all in the largest group
    everywhere = [12, 8, 8]  # 28 supporters spread over the groups
    order, gic = bridging_order(np.array([largest_only, everywhere]), voters)
    assert order.tolist() == [1, 0]
    assert gic[1] > gic[0]
    plain = np.argsort([-50, -28], kind="stable")
    assert plain.tolist() == [0, 1]  # the plain count orders them the other way


def test_counting_from_pairs_counts_each_participant_once():
    participants = np.array([0, 0, 0, 1, 2, 2])
    items = np.array([1, 1, 0, 1, 0, 2])  # participant 0 supports item 1 twice
    groups = np.array([0, 1, 1, 0])  # participant 3 supports nothing
    supporters, voters = support_by_group(participants, items, groups, num_items=3, num_groups=2)
    assert supporters.tolist() == [[1, 1], [1, 1], [0, 1]]
    assert voters.tolist() == [1, 2]


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        group_informed_consensus(np.array([[3, 1]]), np.array([2, 5]))  # more than voters
    with pytest.raises(ValueError):
        group_informed_consensus(np.array([[1, 1, 1]]), np.array([2, 5]))
    with pytest.raises(ValueError):
        support_by_group(np.array([5]), np.array([0]), np.array([0]), num_items=1, num_groups=1)
    with pytest.raises(ValueError):
        support_by_group(np.array([0]), np.array([3]), np.array([0]), num_items=1, num_groups=1)


def test_empty_groups_and_no_items():
    order, gic = bridging_order(np.zeros((0, 2), dtype=int), np.array([0, 0]))
    assert order.tolist() == [] and gic.tolist() == []
    supporters, voters = support_by_group(
        np.array([], dtype=int),
        np.array([], dtype=int),
        np.array([0, 1]),
        num_items=2,
        num_groups=2,
    )
    assert supporters.tolist() == [[0, 0], [0, 0]] and voters.tolist() == [0, 0]


@st.composite
def tallies(draw):
    groups = draw(st.integers(1, 5))
    items = draw(st.integers(1, 6))
    voters = np.array(draw(st.lists(st.integers(0, 30), min_size=groups, max_size=groups)))
    rows = [[draw(st.integers(0, int(voters[g]))) for g in range(groups)] for _ in range(items)]
    return np.array(rows, dtype=np.int64).reshape(items, groups), voters


@settings(max_examples=150, deadline=None)
@given(tallies())
def test_properties(tally):
    supporters, voters = tally
    gic = group_informed_consensus(supporters, voters)
    assert ((gic > 0) & (gic < 1)).all()
    # monotone: one more supporter in any group never lowers an item's consensus
    for g in range(supporters.shape[1]):
        more = supporters.copy()
        can = more[:, g] < voters[g]
        more[can, g] += 1
        assert (group_informed_consensus(more, voters) >= gic - 1e-15).all()
    # the order of groups does not matter
    flipped = group_informed_consensus(supporters[:, ::-1], voters[::-1])
    assert np.allclose(flipped, gic)
    # the order is a permutation, consensus non-increasing along it
    order, _ = bridging_order(supporters, voters)
    assert sorted(order.tolist()) == list(range(len(gic)))
    assert (np.diff(gic[order]) <= 1e-15).all()


def test_100000_participants_2000_issues_6_groups_in_under_a_second():
    rng = np.random.default_rng(7)
    n, m, k = 100_000, 2_000, 6
    groups = rng.integers(0, k, size=n)
    per_person = 10
    participants = np.repeat(np.arange(n), per_person)
    items = rng.integers(0, m, size=n * per_person)
    start = time.perf_counter()
    supporters, voters = support_by_group(participants, items, groups, num_items=m, num_groups=k)
    order, _ = bridging_order(supporters, voters)
    elapsed = time.perf_counter() - start
    assert len(order) == m
    assert supporters.sum() <= n * per_person
    assert elapsed < 1.0, elapsed

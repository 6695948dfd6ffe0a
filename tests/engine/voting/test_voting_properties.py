"""Hypothesis properties: Condorcet consistency, anonymity, neutrality, and the vectorized
pairwise and Borda counts against direct per-voter definitions."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.profiles import UNRANKED, RankedProfile
from accord.engine.voting import (
    borda,
    borda_scores,
    condorcet_winner,
    copeland,
    instant_runoff,
    pairwise_support,
    plurality,
    ranked_pairs,
    schulze,
    single_transferable_vote,
)

RULES = (plurality, borda, instant_runoff, schulze, ranked_pairs, copeland)


@st.composite
def ballots(draw: st.DrawFn, max_candidates: int = 5, max_ballots: int = 12) -> RankedProfile:
    """Weak orders with truncation: each candidate gets a level or stays unranked."""
    m = draw(st.integers(2, max_candidates))
    n = draw(st.integers(1, max_ballots))
    levels = draw(
        st.lists(st.lists(st.integers(-1, m - 1), min_size=m, max_size=m), min_size=n, max_size=n)
    )
    counts = draw(st.lists(st.integers(1, 4), min_size=n, max_size=n))
    return RankedProfile.from_ranks(np.array(levels), counts)


@st.composite
def linear_ballots(draw: st.DrawFn) -> RankedProfile:
    m = draw(st.integers(2, 5))
    n = draw(st.integers(1, 12))
    orders = [draw(st.permutations(range(m))) for _ in range(n)]
    counts = draw(st.lists(st.integers(1, 5), min_size=n, max_size=n))
    return RankedProfile.from_orders(np.array(orders), counts)


def naive_support(profile: RankedProfile, unranked: str) -> np.ndarray:
    m = profile.n_candidates
    support = np.zeros((m, m), dtype=np.int64)
    for row, count in zip(profile.ranks.tolist(), profile.counts.tolist(), strict=True):
        for a in range(m):
            for b in range(m):
                if unranked == "ignore" and row[b] == UNRANKED:
                    continue
                if row[a] < row[b]:
                    support[a, b] += count
    return support


@given(ballots(), st.sampled_from(["bottom", "ignore"]))
def test_pairwise_support_matches_definition(profile: RankedProfile, unranked: str) -> None:
    assert pairwise_support(profile, unranked).tolist() == naive_support(profile, unranked).tolist()


@given(ballots())
def test_borda_is_the_row_sum_of_extended_margins(profile: RankedProfile) -> None:
    """Symmetric Borda = sum over rivals of (ranked above) - (ranked below), unranked at the bottom."""
    support = naive_support(profile, "bottom")
    assert borda_scores(profile).tolist() == (support - support.T).sum(axis=1).tolist()


@given(ballots(), st.sampled_from(["bottom", "ignore"]))
def test_condorcet_winner_wins(profile: RankedProfile, unranked: str) -> None:
    winner = condorcet_winner(profile, unranked)
    if winner is not None:
        for rule in (schulze, ranked_pairs, copeland):
            assert rule(profile, unranked=unranked).winners == (winner,)


@settings(max_examples=40)
@given(ballots(), st.randoms(use_true_random=False))
def test_anonymity(profile: RankedProfile, rnd) -> None:  # type: ignore[no-untyped-def]
    """Splitting rows into single ballots and shuffling them changes no winner."""
    rows = np.repeat(np.arange(profile.n_unique), profile.counts)
    order = list(range(rows.size))
    rnd.shuffle(order)
    shuffled = RankedProfile.from_ranks(
        profile.ranks[rows[order]], candidates=profile.candidates, dense=True, compress=False
    )
    for rule in RULES:
        assert rule(shuffled).winners == rule(profile).winners, rule.__name__


@settings(max_examples=40)
@given(ballots(), st.randoms(use_true_random=False))
def test_neutrality(profile: RankedProfile, rnd) -> None:  # type: ignore[no-untyped-def]
    """Relabelling the candidates relabels the winners."""
    m = profile.n_candidates
    permutation = list(range(m))
    rnd.shuffle(permutation)
    relabelled = RankedProfile.from_ranks(
        profile.ranks,
        profile.counts,
        candidates=[f"c{permutation[j]}" for j in range(m)],
        dense=True,
    )
    for rule in RULES:
        expected = {f"c{permutation[j]}" for j in rule(profile).winners}
        assert set(rule(relabelled).winners) == expected, rule.__name__


@settings(max_examples=60)
@given(linear_ballots())
def test_single_seat_stv_is_irv_without_ties(profile: RankedProfile) -> None:
    irv = instant_runoff(profile)
    if all(len(r.eliminated) <= 1 for r in irv.explanation.rounds) and len(irv.winners) == 1:
        assert single_transferable_vote(profile, 1).elected == irv.winners


@settings(max_examples=60)
@given(linear_ballots(), st.integers(1, 3))
def test_stv_elects_the_seats_and_conserves_votes(profile: RankedProfile, seats: int) -> None:
    seats = min(seats, profile.n_candidates)
    result = single_transferable_vote(profile, seats)
    assert len(result.elected) == len(set(result.elected)) == seats
    elected_so_far: list[object] = []
    for step in result.rounds:  # nothing is created or lost: every vote is held somewhere
        parked = [c for c in elected_so_far if c not in step.tallies]
        held = sum(step.tallies.values()) + step.exhausted + result.quota * len(parked)
        assert held == profile.n_voters
        if step.action == "elect":
            elected_so_far.extend(step.candidates)


@settings(max_examples=40)
@given(ballots())
def test_winner_is_one_of_the_winners(profile: RankedProfile) -> None:
    for rule in RULES:
        result = rule(profile, tie_breaking=list(reversed(profile.candidates)))
        assert result.winner in result.winners
        assert len(result.winners) >= 1


def brute_force_ranked_pairs(margins: np.ndarray) -> set[int]:
    """Winners over every order of equal margins, by enumerating the orders."""
    import itertools

    m = margins.shape[0]
    edges = [(int(margins[a, b]), a, b) for a in range(m) for b in range(m) if margins[a, b] > 0]
    strengths = sorted({s for s, _, _ in edges}, reverse=True)
    groups = [[(a, b) for s2, a, b in edges if s2 == s] for s in strengths]
    winners = set()
    for combo in itertools.product(*(itertools.permutations(g) for g in groups)):
        reach = np.eye(m, dtype=bool)
        for group in combo:
            for a, b in group:
                if not reach[b, a]:
                    reach |= np.outer(reach[:, a], reach[b])
        winners |= {x for x in range(m) if reach[:, x].sum() == 1}
    return winners


@settings(max_examples=60)
@given(ballots(max_candidates=4, max_ballots=6))
def test_ranked_pairs_search_matches_brute_force(profile: RankedProfile) -> None:
    from accord.engine.voting import margin_matrix

    margins = margin_matrix(profile)
    expected = {profile.candidates[x] for x in brute_force_ranked_pairs(margins)}
    assert set(ranked_pairs(profile).winners) == expected

"""Worked examples from the literature and real elections with known outcomes."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from voting_data import load

from accord.engine.profiles import ApprovalProfile, RankedProfile, ScoreProfile
from accord.engine.voting import (
    approval_voting,
    borda,
    condorcet_winner,
    copeland,
    instant_runoff,
    margin_matrix,
    pairwise_support,
    plurality,
    ranked_pairs,
    schulze,
    score_voting,
    single_transferable_vote,
)


def schulze_example() -> RankedProfile:
    """Schulze (2011), section 3.1, example 1: 45 voters, five candidates."""
    ballots = [
        ("acbed", 5),
        ("adecb", 5),
        ("bedac", 8),
        ("cabed", 3),
        ("caebd", 7),
        ("cbade", 2),
        ("dceba", 7),
        ("ebadc", 8),
    ]
    return RankedProfile.from_rankings([list(b) for b, _ in ballots], [n for _, n in ballots])


def test_schulze_2011_example_1() -> None:
    """Schulze (2011) example 1: pairwise supports and strongest paths as printed; e wins."""
    profile = schulze_example()
    support = pairwise_support(profile)
    # the matrix d[X, Y] of the paper, rows and columns a..e
    assert support.tolist() == [
        [0, 20, 26, 30, 22],
        [25, 0, 16, 33, 18],
        [19, 29, 0, 17, 24],
        [15, 12, 28, 0, 14],
        [23, 27, 21, 31, 0],
    ]
    result = schulze(profile, strength="winning_votes")
    assert result.winners == ("e",)
    assert result.explanation.strongest_paths == (
        (0, 28, 28, 30, 24),
        (25, 0, 28, 33, 24),
        (25, 29, 0, 29, 24),
        (25, 28, 28, 0, 24),
        (25, 28, 28, 31, 0),
    )
    assert schulze(profile).winners == ("e",)  # margins give the same winner here


def test_ranked_pairs_on_the_schulze_example() -> None:
    """Ranked pairs on Schulze's example 1 (margins by hand from the paper's matrix d):
    b>d 21, e>d 17, a>d 15, c>b 13 are locked; d>c 11 is skipped; e>b 9, a>c 7 locked;
    b>a 5 skipped; c>e 3 locked; e>a 1 skipped. The order a>c>e>b>d puts a first,
    though Schulze elects e: the two rules differ on this profile."""
    result = ranked_pairs(schulze_example())
    assert result.winners == ("a",)
    assert result.explanation.skipped == (("d", "c", 11), ("b", "a", 5), ("e", "a", 1))
    locked = result.explanation.locked
    margins = [m for _, _, m in locked]
    assert margins == sorted(margins, reverse=True)
    assert result.winner == result.winners[0]


def test_tideman_cycle() -> None:
    """Tideman (1987): the weakest majority of a three-cycle is the one skipped."""
    profile = RankedProfile.from_rankings(
        [["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]], counts=[7, 4, 5]
    )
    result = ranked_pairs(profile)
    assert result.winners == ("a",)
    assert result.explanation.skipped == (("c", "a", 2),)
    assert condorcet_winner(profile) is None
    assert schulze(profile).winners == ("a",)
    assert copeland(profile).winners == ("a", "b", "c")
    assert copeland(profile, tie_breaking=["c", "b", "a"]).winner == "c"


def test_ranked_pairs_all_tie_orders() -> None:
    """A perfectly symmetric cycle: each candidate wins under some order of the equal margins."""
    profile = RankedProfile.from_rankings([["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]])
    result = ranked_pairs(profile)
    assert result.winners == ("a", "b", "c")
    assert result.winner == "a"
    # Zavist-Tideman order: with c first, c>a is locked first, then b>c; a>b is skipped
    tie_broken = ranked_pairs(profile, tie_breaking=["c", "b", "a"])
    assert tie_broken.winner == "b"
    assert tie_broken.explanation.skipped == (("a", "b", 1),)


def test_burlington_2009_irv_winner_is_not_the_condorcet_winner() -> None:
    """Burlington, Vermont, mayor 2009 (PrefLib 00005-00000002): IRV elected Bob Kiss,
    while Andy Montroll beat every rival head to head; Kurt Wright led on first choices.
    The PrefLib data differ from the certified count by a few ballots (Kiss 4,313 to
    Wright 4,061 in the last round officially; 4,314 to 4,064 here)."""
    profile = load("00005-00000002.toi").profile
    kiss, montroll, wright = 1, 2, 5
    irv = instant_runoff(profile)
    assert irv.winners == (kiss,)
    assert condorcet_winner(profile) == montroll
    assert condorcet_winner(profile, unranked="ignore") == montroll
    for rule in (schulze, ranked_pairs, copeland):
        assert rule(profile).winners == (montroll,)
    assert plurality(profile).winner == wright
    rounds = irv.explanation.rounds
    assert [r.eliminated for r in rounds] == [(3,), (6,), (4,), (2,), (5,), ()]
    assert rounds[0].tallies[wright] == 2954
    assert rounds[-2].tallies == {kiss: 4314, wright: 4064}


def test_irish_stv_2002_elected_the_real_tds() -> None:
    """Dáil election 2002 (PrefLib 00001): Gregory transfers elect the same TDs as the
    official count (which used the Irish random-sample transfer), per the Oireachtas results."""
    expected = {
        "00001-00000001.soi": (
            4,
            {"Trevor Sargent G.P.", "Sean Ryan Lab", "G.V. Wright F.F.", "Jim Glennon F.F."},
        ),
        "00001-00000002.soi": (3, {"Brian Lenihan F.F.", "Joe Higgins S.P.", "Joan Burton Lab"}),
        "00001-00000003.soi": (
            5,
            {
                "Noel Dempsey F.F.",
                "John Bruton F.G.",
                "Mary Wallace F.F.",
                "Damien English F.G.",
                "Johnny Brady F.F.",
            },
        ),
    }
    for name, (seats, tds) in expected.items():
        profile = load(name).profile
        result = single_transferable_vote(profile, seats)
        assert {profile.name(c) for c in result.elected} == tds
        assert (
            result.quota == profile.n_voters // (seats + 1) + 1 or result.quota < profile.n_voters
        )


def test_stv_food_election() -> None:
    """The food election of the Wikipedia article on STV: quota 6, surplus at value 1/2."""
    ballots = [
        ["orange"],
        ["pear", "orange"],
        ["chocolate", "strawberry"],
        ["chocolate", "bonbon"],
        ["strawberry"],
        ["bonbon"],
    ]
    profile = RankedProfile.from_rankings(ballots, counts=[4, 2, 8, 4, 1, 1])
    result = single_transferable_vote(profile, 3)
    assert result.elected == ("chocolate", "orange", "strawberry")
    transfer = result.rounds[1]
    assert transfer.action == "transfer" and transfer.transfer_value == Fraction(1, 2)
    after = result.rounds[2].tallies
    assert after["strawberry"] == 5 and after["bonbon"] == 3 and after["orange"] == 4
    assert result.rounds[-1].exhausted == 3  # bonbon's ballots at 1/2 and the lone bonbon vote


def test_stv_one_seat_is_irv() -> None:
    profile = load("00005-00000002.toi").profile
    assert single_transferable_vote(profile, 1).elected == instant_runoff(profile).winners


def test_stv_exact_quota_and_errors() -> None:
    profile = RankedProfile.from_rankings([["a", "b"], ["b", "a"], ["c"]], counts=[3, 3, 2])
    result = single_transferable_vote(profile, 2, quota="droop_exact")
    assert result.quota == Fraction(8, 3)
    assert set(result.elected) == {"a", "b"}
    with pytest.raises(ValueError):
        single_transferable_vote(profile, 0)
    with pytest.raises(ValueError):
        single_transferable_vote(profile, 1, quota="hare")


def test_borda_matches_classical_scores_on_linear_orders() -> None:
    """Symmetric Borda is 2b - (m - 1) per ballot for the classical score b."""
    profile = schulze_example()
    classical = {"a": 0, "b": 0, "c": 0, "d": 0, "e": 0}
    for ballot, count in zip(profile.to_rankings(), profile.counts.tolist(), strict=True):
        for position, (c,) in enumerate(ballot):
            classical[c] += count * (4 - position)
    scores = borda(profile).explanation.scores
    assert scores == {c: 2 * b - 4 * 45 for c, b in classical.items()}


def test_plurality_ignores_overvotes_and_blanks() -> None:
    profile = RankedProfile.from_ranks([[0, 0, 1], [-1, -1, -1], [1, 0, 2]], candidates="xyz")
    result = plurality(profile)
    assert result.explanation.scores == {"x": 0, "y": 1, "z": 0}


def test_weights_and_groups_count() -> None:
    """A voter weight multiplies the ballot's count; rows of different weight are not merged."""
    profile = RankedProfile.from_rankings(
        [["a", "b"], ["b", "a"], ["b", "a"]], counts=[1, 1, 1], weights=[3.0, 1.0, 1.0]
    )
    assert profile.n_unique == 2
    assert margin_matrix(profile).tolist() == [[0.0, 1.0], [-1.0, 0.0]]
    for rule in (plurality, borda, instant_runoff, schulze, ranked_pairs, copeland):
        assert rule(profile).winners == ("a",), rule.__name__


def test_approval_and_score() -> None:
    approvals = ApprovalProfile.from_sets(
        [{"a"}, {"a", "b"}, {"b", "c"}], counts=[2, 2, 3], candidates="abc"
    )
    assert approval_voting(approvals).winners == ("b",)
    assert approval_voting(approvals).explanation.scores == {"a": 4, "b": 5, "c": 3}
    scores = ScoreProfile.from_matrix([[9, 0, 4], [0, 9, 4]], [1, 1], max_score=9)
    result = score_voting(scores, tie_breaking=[1, 0, 2])
    assert result.winners == (0, 1) and result.winner == 1
    with pytest.raises(ValueError):
        ScoreProfile.from_matrix([[11]], max_score=10)


def test_categorical_approval_election() -> None:
    """French 2002 approval experiment, Orsay bureau (PrefLib 00026-00000005)."""
    profile = load("00026-00000005.cat").profile.to_approval()
    result = approval_voting(profile)
    scores = result.explanation.scores
    assert result.winners == (max(scores, key=scores.get),)
    assert sum(scores.values()) == int((profile.approvals.sum(axis=1) * profile.counts).sum())


def test_tie_breaking_must_list_everyone() -> None:
    profile = RankedProfile.from_rankings([["a", "b"], ["b", "a"]])
    assert borda(profile).winners == ("a", "b")
    assert borda(profile, tie_breaking=["b", "a"]).winner == "b"
    with pytest.raises(ValueError):
        borda(profile, tie_breaking=["b"])
    with pytest.raises(ValueError):
        borda(profile, tie_breaking="random")


def test_profile_construction_paths_agree() -> None:
    orders = np.array([[2, 0, 1], [1, -1, -1], [2, 0, 1]])
    from_orders = RankedProfile.from_orders(orders)
    from_lists = RankedProfile.from_rankings([[2, 0, 1], [1], [2, 0, 1]], candidates=[0, 1, 2])
    from_ranks = RankedProfile.from_ranks([[1, 2, 0], [-1, 0, -1], [1, 2, 0]])
    assert from_orders == from_lists == from_ranks
    assert from_orders.counts.tolist() == [2, 1]
    assert from_orders.restrict([0, 1]).to_rankings() == [((0,), (1,)), ((1,),)]
    with pytest.raises(ValueError):
        RankedProfile.from_orders([[0, 0, 1]])
    with pytest.raises(ValueError):
        RankedProfile.from_rankings([["a", "a"]])


def test_scores_per_voter_group() -> None:
    """Groups (sectors) give per-group counts in the explanation; totals are their sums."""
    profile = RankedProfile.from_rankings(
        [["a", "b"], ["b", "a"], ["a", "b"]],
        counts=[2, 3, 1],
        groups=[0, 0, 1],
        group_names=["residents", "businesses"],
    )
    result = plurality(profile)
    assert result.explanation.scores == {"a": 3, "b": 3}
    assert result.explanation.by_group == {
        "residents": {"a": 2, "b": 3},
        "businesses": {"a": 1, "b": 0},
    }
    by_group = borda(profile).explanation.by_group
    assert by_group["businesses"] == {"a": 1, "b": -1}
    approvals = ApprovalProfile.from_sets([{"a"}, {"b"}], groups=[1, 0], candidates="ab")
    assert approval_voting(approvals).explanation.by_group == {
        0: {"a": 0, "b": 1},
        1: {"a": 1, "b": 0},
    }
    assert plurality(schulze_example()).explanation.by_group is None

"""Voting rules over ballot profiles.

Single-winner rules over ranked ballots (``ranked``): :func:`plurality`,
:func:`borda`, :func:`instant_runoff`, :func:`schulze`, :func:`ranked_pairs`,
:func:`copeland`. Over approval and score ballots (``cardinal``):
:func:`approval_voting`, :func:`score_voting`. Multi-winner (``stv``):
:func:`single_transferable_vote`. Pairwise comparisons (``pairwise``):
:func:`pairwise_support`, :func:`margin_matrix`, :func:`condorcet_winner`.
Results and tie-breaking: ``results``. Decision rules for motions
(yes/no/abstain/object) live in ``voting.motions``.
"""

from accord.engine.voting.cardinal import approval_voting, score_voting
from accord.engine.voting.pairwise import condorcet_winner, margin_matrix, pairwise_support
from accord.engine.voting.ranked import (
    borda,
    borda_scores,
    copeland,
    copeland_scores,
    instant_runoff,
    plurality,
    plurality_scores,
    ranked_pairs,
    schulze,
)
from accord.engine.voting.results import ElectionResult, tie_breaking_priority
from accord.engine.voting.stv import CommitteeResult, single_transferable_vote

__all__ = [
    "CommitteeResult",
    "ElectionResult",
    "approval_voting",
    "borda",
    "borda_scores",
    "condorcet_winner",
    "copeland",
    "copeland_scores",
    "instant_runoff",
    "margin_matrix",
    "pairwise_support",
    "plurality",
    "plurality_scores",
    "ranked_pairs",
    "schulze",
    "score_voting",
    "single_transferable_vote",
    "tie_breaking_priority",
]

"""Single-winner rules over approval and score ballots.

This module offers :func:`approval_voting` and :func:`score_voting`; both
return an :class:`~accord.engine.voting.results.ElectionResult` whose
explanation holds every candidate's total.
"""

from __future__ import annotations

import numpy as np

from accord.engine.profiles import ApprovalProfile, ScoreProfile
from accord.engine.voting.results import (
    ElectionResult,
    ScoresExplanation,
    TieBreaking,
    make_result,
    scores_by_group,
    scores_by_label,
)


def _weighted_totals(profile: ApprovalProfile | ScoreProfile, matrix: np.ndarray) -> np.ndarray:
    weights = profile.ballot_weights
    if profile.weights is None:
        return weights @ matrix.astype(np.int64)
    return weights.astype(np.float64) @ matrix.astype(np.float64)


def approval_voting(
    profile: ApprovalProfile, tie_breaking: TieBreaking = "lexicographic"
) -> ElectionResult:
    """Approval voting: the candidates approved by the most (weighted) voters win.

    Parameters
    ----------
    profile : ApprovalProfile
        The ballots.
    tie_breaking : "lexicographic" or sequence of labels
        Chooses ``winner`` among ``winners``.

    Returns
    -------
    ElectionResult
        With :class:`ScoresExplanation` (approval counts).

    Examples
    --------
    >>> p = ApprovalProfile.from_sets([{"a", "b"}, {"b"}, {"c"}], counts=[2, 1, 3])
    >>> r = approval_voting(p)
    >>> r.winners, r.winner, r.explanation.scores
    (('b', 'c'), 'b', {'a': 2, 'b': 3, 'c': 3})

    References
    ----------
    S. J. Brams and P. C. Fishburn, "Approval voting", American Political
    Science Review 72(3), 831-847, 1978.
    """
    totals = _weighted_totals(profile, profile.approvals)
    winners = np.nonzero(totals == totals.max())[0]
    return make_result(
        "approval_voting",
        profile.candidates,
        winners,
        tie_breaking,
        ScoresExplanation(
            scores_by_label(profile.candidates, totals),
            scores_by_group(
                profile, "approvals", lambda part: _weighted_totals(part, part.approvals)
            ),
        ),
    )


def score_voting(
    profile: ScoreProfile, tie_breaking: TieBreaking = "lexicographic"
) -> ElectionResult:
    """Score (range) voting: the candidates with the highest total score win.

    Blank scores were stored as ``min_score`` when the profile was built, so
    the total and the mean rank candidates alike.

    Parameters
    ----------
    profile : ScoreProfile
        The ballots.
    tie_breaking : "lexicographic" or sequence of labels
        Chooses ``winner`` among ``winners``.

    Returns
    -------
    ElectionResult
        With :class:`ScoresExplanation` (total scores).

    Examples
    --------
    >>> p = ScoreProfile.from_lists([[5, 0, 3], [0, 5, 3]], counts=[2, 1], max_score=5,
    ...                           candidates=["a", "b", "c"])
    >>> r = score_voting(p)
    >>> r.winner, r.explanation.scores
    ('a', {'a': 10, 'b': 5, 'c': 9})

    References
    ----------
    W. D. Smith, "Range voting", 2000; C. Laslier and R. Sanver (eds.),
    "Handbook on Approval Voting", Springer 2010, chapter 1.
    """
    totals = _weighted_totals(profile, profile.scores)
    winners = np.nonzero(totals == totals.max())[0]
    return make_result(
        "score_voting",
        profile.candidates,
        winners,
        tie_breaking,
        ScoresExplanation(
            scores_by_label(profile.candidates, totals),
            scores_by_group(profile, "scores", lambda part: _weighted_totals(part, part.scores)),
        ),
    )

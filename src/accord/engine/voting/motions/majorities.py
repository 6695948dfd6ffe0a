"""The majority methods, each deciding a motion by :func:`~accord.engine.voting.motions.decide`.

- :func:`simple_majority` -- more yes than no;
- :func:`qualified_majority` -- yes reach a fraction (e.g. 2/3) of yes + no, of all ballots
  cast, or of all eligible voters;
- :func:`weighted_majority` -- majority of weight, optionally with a cap on any voter's share
  of the total weight;
- :func:`concurrent_majority` -- a majority overall *and* inside every group (sector).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from accord.engine.voting.motions.ballots import MotionBallots
from accord.engine.voting.motions.deciding import decide
from accord.engine.voting.motions.decision_rule import Condition, DecisionRule, Quorum
from accord.engine.voting.motions.results import Abstentions, Base, MotionResult, TieBreaking

__all__ = ["concurrent_majority", "qualified_majority", "simple_majority", "weighted_majority"]


def simple_majority(
    ballots: MotionBallots,
    *,
    abstentions: Abstentions = "ignore",
    tie_breaking: TieBreaking = "reject",
    quorum: Quorum | None = None,
) -> MotionResult:
    """Simple majority: accepted when yes votes outnumber no votes.

    Objections count as no. Abstentions are not counted by default (``abstentions="ignore"``,
    as in Robert's Rules: a majority of the votes cast for or against); with
    ``abstentions="count"`` yes must exceed half of all ballots cast, so that an abstention
    weighs like a no.

    Parameters
    ----------
    ballots : MotionBallots
    abstentions : {"ignore", "count"}
    tie_breaking : {"reject", "accept"}
        When yes is exactly half: ``"reject"`` (default) keeps the status quo.
    quorum : Quorum, optional

    Returns
    -------
    MotionResult

    Examples
    --------
    >>> ballots = MotionBallots.from_labels(["yes"] * 4 + ["no"] * 3 + ["abstain"] * 2)
    >>> simple_majority(ballots).outcome
    'accepted'
    >>> simple_majority(ballots, abstentions="count").reason
    'Yes does not have more than half of the ballots cast (4 yes against 3 no, 2 abstaining (counted)).'

    A tie does not carry the motion:

    >>> simple_majority(MotionBallots.from_labels(["yes", "no"])).outcome
    'rejected'

    References
    ----------
    .. [1] H. M. Robert, *Robert's Rules of Order Newly Revised*, 12th ed., 2020, 44:1-44:3.
    """
    options = {"abstentions": abstentions, "tie_breaking": tie_breaking}
    return decide(ballots, DecisionRule(Condition("simple_majority", options), quorum=quorum))


def qualified_majority(
    ballots: MotionBallots,
    threshold: Fraction | str = Fraction(2, 3),
    *,
    base: Base = "yes_no",
    tie_breaking: TieBreaking = "accept",
    quorum: Quorum | None = None,
) -> MotionResult:
    """Qualified majority: accepted when yes reach ``threshold`` of the base.

    The base is the yes and no votes (``"yes_no"``, default), all ballots cast including
    abstentions (``"cast"``), or all eligible voters (``"eligible"``, so that not voting
    weighs like a no). Objections count as no.

    Parameters
    ----------
    ballots : MotionBallots
    threshold : Fraction, default 2/3
        In ``(0, 1]``.
    base : {"yes_no", "cast", "eligible"}
    tie_breaking : {"accept", "reject"}
        When yes equals ``threshold * base`` exactly: ``"accept"`` (default) reads the
        threshold as "at least"; ``"reject"`` as "more than". ``threshold=1/2`` with
        ``tie_breaking="reject"`` is :func:`simple_majority`.
    quorum : Quorum, optional

    Returns
    -------
    MotionResult

    Examples
    --------
    >>> ballots = MotionBallots.from_labels(["yes"] * 6 + ["no"] * 3 + ["absent"])
    >>> qualified_majority(ballots).outcome  # 6 of 9 is exactly two-thirds
    'accepted'
    >>> qualified_majority(ballots, base="eligible").outcome  # 6 of 10 is not
    'rejected'

    References
    ----------
    .. [1] H. M. Robert, *Robert's Rules of Order Newly Revised*, 12th ed., 2020, 44:4-44:9
       (two-thirds vote; majority of the entire membership).
    """
    options = {"threshold": threshold, "base": base, "tie_breaking": tie_breaking}
    return decide(ballots, DecisionRule(Condition("qualified_majority", options), quorum=quorum))


def weighted_majority(
    ballots: MotionBallots,
    *,
    cap: Fraction | str | None = None,
    threshold: Fraction | str = Fraction(1, 2),
    base: Base = "yes_no",
    tie_breaking: TieBreaking = "reject",
    cap_base: Literal["eligible", "cast"] = "eligible",
    if_infeasible: Literal["raise", "equal_shares"] = "raise",
    quorum: Quorum | None = None,
) -> MotionResult:
    """Weighted majority: yes weight above ``threshold`` of the base weight, optionally capped.

    With ``cap``, each voter's weight is first capped at that share of the total weight and
    the excess is redistributed to the others in proportion to their weights
    (:func:`~accord.engine.voting.caps.capped_weights`). The total is that of all eligible
    voters (``cap_base="eligible"``, the partnership's constitution) or of those who voted
    (``cap_base="cast"``). All arithmetic is exact.

    Parameters
    ----------
    ballots : MotionBallots
    cap : Fraction, optional
        Largest share of the total weight any voter may hold, in ``(0, 1]``.
    threshold : Fraction, default 1/2
    base : {"yes_no", "cast", "eligible"}
        As in :func:`qualified_majority`, in weight.
    tie_breaking : {"reject", "accept"}
        When the yes weight equals ``threshold * base`` exactly (default: rejected).
    cap_base : {"eligible", "cast"}
    if_infeasible : {"raise", "equal_shares"}
        See :func:`~accord.engine.voting.caps.capped_weights`.
    quorum : Quorum, optional
        Counted in voters, not weight.

    Returns
    -------
    MotionResult

    Examples
    --------
    The funder's 60 of 100 units outvote everyone, unless its share is capped at 30 %:

    >>> ballots = MotionBallots.from_labels(["yes", "no", "no", "no"], weights=[60, 20, 12, 8])
    >>> weighted_majority(ballots).outcome
    'accepted'
    >>> weighted_majority(ballots, cap="3/10").outcome
    'rejected'

    References
    ----------
    .. [1] D. S. Felsenthal and M. Machover, *The Measurement of Voting Power*, Edward Elgar,
       1998 (weighted voting).
    """
    options = {
        "cap": cap,
        "threshold": threshold,
        "base": base,
        "tie_breaking": tie_breaking,
        "cap_base": cap_base,
        "if_infeasible": if_infeasible,
    }
    return decide(ballots, DecisionRule(Condition("weighted_majority", options), quorum=quorum))


def concurrent_majority(
    ballots: MotionBallots,
    *,
    groups: Literal["voting", "eligible"] = "voting",
    abstentions: Abstentions = "ignore",
    tie_breaking: TieBreaking = "reject",
    weighted: bool = False,
    quorum: Quorum | None = None,
) -> MotionResult:
    """Concurrent majority: a simple majority overall and inside every group.

    Each group (sector) must have more yes than no, so no group can be outvoted by the
    others. ``groups="voting"`` (default) checks every group in which at least one ballot
    counts toward the majority (yes or no, plus abstentions when ``abstentions="count"``);
    ``groups="eligible"`` checks every group with eligible voters, so a group that stays
    away blocks the motion.

    Parameters
    ----------
    ballots : MotionBallots
    groups : {"voting", "eligible"}
    abstentions : {"ignore", "count"}
    tie_breaking : {"reject", "accept"}
        A tie overall or inside a group rejects by default.
    weighted : bool
        Count weights (uncapped) instead of voters.
    quorum : Quorum, optional

    Returns
    -------
    MotionResult

    Examples
    --------
    >>> ballots = MotionBallots.from_labels(
    ...     ["yes", "yes", "yes", "no", "no"],
    ...     groups=["public", "private", "public", "community", "community"],
    ... )
    >>> concurrent_majority(ballots).reason
    "Majority overall (3 yes against 2 no) but not in group 'community' (0 yes against 2 no)."

    References
    ----------
    .. [1] J. C. Calhoun, *A Disquisition on Government*, 1851.
    .. [2] A. Lijphart, *Democracy in Plural Societies*, Yale University Press, 1977
       (mutual veto in consociational democracy).
    """
    options = {
        "groups": groups,
        "abstentions": abstentions,
        "tie_breaking": tie_breaking,
        "weighted": weighted,
    }
    return decide(ballots, DecisionRule(Condition("concurrent_majority", options), quorum=quorum))

"""The consensus methods, each deciding a motion by :func:`~accord.engine.voting.motions.decide`.

- :func:`unanimity` -- consensus: no "no", no objection, at least one yes;
- :func:`consent` -- sociocratic consent: accepted unless a reasoned objection exists;
- :func:`group_consent` -- named groups' majorities must agree (free, prior and informed
  consent).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Literal

from accord.engine.voting.motions.ballots import MotionBallots
from accord.engine.voting.motions.deciding import decide
from accord.engine.voting.motions.decision_rule import Condition, DecisionRule, Quorum
from accord.engine.voting.motions.results import Abstentions, MotionResult, TieBreaking

__all__ = ["consent", "group_consent", "unanimity"]


def unanimity(
    ballots: MotionBallots,
    *,
    abstentions: Literal["allow", "block"] = "allow",
    quorum: Quorum | None = None,
) -> MotionResult:
    """Unanimity (consensus): no "no", no objection, and at least one yes.

    Abstaining is "standing aside" and does not block unless ``abstentions="block"``. To
    require every eligible member's yes, add ``Quorum(overall=Fraction(1))`` and
    ``abstentions="block"``.

    Parameters
    ----------
    ballots : MotionBallots
    abstentions : {"allow", "block"}
    quorum : Quorum, optional

    Returns
    -------
    MotionResult

    Examples
    --------
    >>> unanimity(MotionBallots.from_labels(["yes", "yes", "abstain"])).reason
    'Consensus: 2 yes, nobody against, 1 standing aside.'
    >>> unanimity(MotionBallots.from_labels(["yes", "yes", "object"])).outcome
    'rejected'

    References
    ----------
    .. [1] C. L. Butler and A. Rothstein, *On Conflict and Consensus*, 1987 (standing aside
       and blocking).
    """
    options = {"abstentions": abstentions}
    return decide(ballots, DecisionRule(Condition("unanimity", options), quorum=quorum))


def consent(
    ballots: MotionBallots,
    *,
    count_no_as_objection: bool = False,
    quorum: Quorum | None = None,
) -> MotionResult:
    """Consent (sociocracy): accepted unless someone raises a reasoned objection.

    Yes means consent, abstain means standing aside; silence is consent, so combine consent
    with a quorum. An objection must state its reason (``reasons[i]``): an objection without
    one is invalid input and raises :class:`ValueError`. A plain "no" has no place in a
    consent round and also raises, unless ``count_no_as_objection=True`` (then it needs a
    reason like any objection).

    Parameters
    ----------
    ballots : MotionBallots
    count_no_as_objection : bool
    quorum : Quorum, optional

    Returns
    -------
    MotionResult

    Raises
    ------
    ValueError
        For an objection without a reason, or a "no" ballot.

    Examples
    --------
    >>> ballots = MotionBallots.from_labels(
    ...     ["yes", "abstain", "object"], reasons=[False, False, True]
    ... )
    >>> consent(ballots).reason
    '1 reasoned objection must be resolved first.'

    References
    ----------
    .. [1] G. Endenburg, *Sociocracy: The Organization of Decision-Making*, Eburon, 1998.
    .. [2] J. Buck and S. Villines, *We the People: Consenting to a Deeper Democracy*, 2nd ed.,
       Sociocracy.info, 2017, chapter 4 (paramount, reasoned objections).
    """
    options = {"count_no_as_objection": count_no_as_objection}
    return decide(ballots, DecisionRule(Condition("consent", options), quorum=quorum))


def group_consent(
    ballots: MotionBallots,
    groups: Sequence[str],
    *,
    threshold: Fraction | str = Fraction(1, 2),
    abstentions: Abstentions = "ignore",
    tie_breaking: TieBreaking = "reject",
    quorum: Quorum | None = None,
) -> MotionResult:
    """Group consent (free, prior and informed consent): named groups' majorities must agree.

    Each named group must have more than ``threshold`` yes among its yes and no votes
    (abstentions optionally counted). Silence is not consent: a named group in which nobody
    voted yes or no withholds consent. Usually a safeguard on top of another method
    (``DecisionRule(..., safeguards=(Condition("group_consent", {"groups": (...)}),))``).

    Parameters
    ----------
    ballots : MotionBallots
    groups : sequence of str
        Names of the groups whose consent is required.
    threshold : Fraction, default 1/2
    abstentions : {"ignore", "count"}
    tie_breaking : {"reject", "accept"}
    quorum : Quorum, optional

    Returns
    -------
    MotionResult

    Examples
    --------
    >>> ballots = MotionBallots.from_labels(
    ...     ["yes", "yes", "yes", "absent"], groups=["public", "public", "private", "community"]
    ... )
    >>> group_consent(ballots, ["community"]).outcome
    'rejected'

    References
    ----------
    .. [1] United Nations Declaration on the Rights of Indigenous Peoples, 2007, articles 19
       and 32.
    .. [2] FAO, *Free Prior and Informed Consent: An indigenous peoples' right and a good
       practice for local communities*, 2016.
    """
    options = {
        "groups": tuple(groups) if not isinstance(groups, str) else (groups,),
        "threshold": threshold,
        "abstentions": abstentions,
        "tie_breaking": tie_breaking,
    }
    return decide(ballots, DecisionRule(Condition("group_consent", options), quorum=quorum))

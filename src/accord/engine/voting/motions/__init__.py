"""Deciding a motion: yes / no / abstain / object ballots, with weights, caps, groups, quorums.

A partnership decides a proposal ("motion") by one *method*, a *quorum* and any number of
*safeguards*. Offered here, each returning a :class:`MotionResult` that carries its
explanation:

- :func:`simple_majority` -- more yes than no;
- :func:`qualified_majority` -- yes reach a fraction (e.g. 2/3) of yes + no, of all ballots
  cast, or of all eligible voters;
- :func:`unanimity` -- consensus: no "no", no objection, at least one yes;
- :func:`consent` -- sociocratic consent: accepted unless a reasoned objection exists;
- :func:`weighted_majority` -- majority of weight, optionally with a cap on any voter's share
  of the total weight (:func:`accord.engine.voting.caps.capped_weights`);
- :func:`concurrent_majority` -- a majority overall *and* inside every group (sector);
- :func:`group_consent` -- named groups' majorities must agree (free, prior and informed
  consent);
- :func:`quorum_check` -- participation overall and per group;
- :func:`decide` -- a :class:`DecisionRule` = method + quorum + safeguards, evaluated in a
  fixed, documented order.

Inputs are a :class:`MotionBallots` (numpy arrays, one entry per eligible voter) and plain
parameters; outcomes are ``"accepted"``, ``"rejected"`` or ``"no_quorum"``.

Conventions shared by every rule
--------------------------------
- Ballot codes are :class:`Choice`: ``ABSENT`` (did not vote), ``YES``, ``NO``, ``ABSTAIN``,
  ``OBJECT``. Under the majority rules an objection is counted as a "no" (an objection is at
  least a vote against); under :func:`unanimity` it blocks; under :func:`consent` it blocks
  when it carries a reason and is invalid input without one.
- A voter has *voted* (for quorum) when they cast any ballot other than ``ABSENT``,
  abstentions included: an abstaining member is present.
- Ties: when the yes side lands exactly on the threshold, ``tie_breaking`` decides.
  ``"reject"`` keeps the status quo and is the default for the "more than half" rules
  (a 4-4 vote fails); ``"accept"`` is the default for :func:`qualified_majority`, whose
  threshold is read as "at least two-thirds".
- A rule never accepts a motion when nobody voted for it, except :func:`consent`, where
  silence is consent (combine it with a quorum).

Order of evaluation in :func:`decide`: every condition is evaluated (so invalid input always
raises, whatever the votes), then the outcome is the first of

1. ``"no_quorum"`` if the quorum (overall, then per group) is not met;
2. ``"rejected"`` if the method fails;
3. ``"rejected"`` if a safeguard fails, the first failing one in the order given;
4. ``"accepted"`` otherwise.

:attr:`MotionResult.decided_by` names that condition, and :attr:`MotionResult.reason` says
it in one plain English sentence. For people, render the reason from data instead: every
result (the motion, each condition, the quorum) carries a ``code`` (:class:`ReasonCode`) and
JSON-ready ``params`` that determine that sentence (docs/engine/explanations.md).

Modules
-------
- ``ballots`` -- :class:`Choice`, :class:`MotionBallots` and its tally;
- ``results`` -- :class:`MotionResult` and the totals, comparisons and verdicts it holds;
- ``explanations`` -- :class:`ReasonCode`, and :func:`english`, which builds the sentences;
- ``decision_rule`` -- :class:`DecisionRule`, :class:`Condition`, :class:`Quorum` and their
  storage as JSON;
- ``verdicts`` -- the comparisons and each method's verdict;
- ``deciding`` -- :func:`decide` and :func:`quorum_check`;
- ``majorities``, ``consents`` -- the public rules.

References
----------
.. [1] H. M. Robert, *Robert's Rules of Order Newly Revised*, 12th ed., 2020, section 44
   (majority, two-thirds vote, ties, quorum).
.. [2] J. C. Calhoun, *A Disquisition on Government*, 1851 (the concurrent majority).
.. [3] G. Endenburg, *Sociocracy: The Organization of Decision-Making*, Eburon, 1998; and
   J. Buck and S. Villines, *We the People*, 2nd ed., 2017 (consent: no reasoned objection).
.. [4] United Nations Declaration on the Rights of Indigenous Peoples, 2007, articles 19 and
   32 (free, prior and informed consent).
"""

from accord.engine.voting.caps import capped_weights
from accord.engine.voting.motions.ballots import Choice, MotionBallots
from accord.engine.voting.motions.consents import consent, group_consent, unanimity
from accord.engine.voting.motions.deciding import decide, quorum_check
from accord.engine.voting.motions.decision_rule import Condition, DecisionRule, Quorum
from accord.engine.voting.motions.explanations import ReasonCode, english
from accord.engine.voting.motions.majorities import (
    concurrent_majority,
    qualified_majority,
    simple_majority,
    weighted_majority,
)
from accord.engine.voting.motions.results import (
    Abstentions,
    Base,
    ChoiceTotals,
    Comparison,
    ConditionResult,
    GroupTotals,
    MotionResult,
    Number,
    Outcome,
    QuorumCheck,
    QuorumCount,
    TieBreaking,
)

__all__ = [
    "Abstentions",
    "Base",
    "Choice",
    "ChoiceTotals",
    "Comparison",
    "Condition",
    "ConditionResult",
    "DecisionRule",
    "GroupTotals",
    "MotionBallots",
    "MotionResult",
    "Number",
    "Outcome",
    "Quorum",
    "QuorumCheck",
    "QuorumCount",
    "ReasonCode",
    "TieBreaking",
    "capped_weights",
    "concurrent_majority",
    "consent",
    "decide",
    "english",
    "group_consent",
    "qualified_majority",
    "quorum_check",
    "simple_majority",
    "unanimity",
    "weighted_majority",
]

"""Deciding a motion: :func:`decide` applies a
:class:`~accord.engine.voting.motions.decision_rule.DecisionRule` (method + quorum +
safeguards) in a fixed order, and :func:`quorum_check` checks participation.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Literal

import numpy as np

from accord.engine.voting.motions.ballots import Choice, MotionBallots
from accord.engine.voting.motions.decision_rule import Condition, DecisionRule, Quorum
from accord.engine.voting.motions.explanations import ReasonCode, english
from accord.engine.voting.motions.results import (
    ChoiceTotals,
    ConditionResult,
    GroupTotals,
    MotionResult,
    Outcome,
    QuorumCheck,
    QuorumCount,
    _native,
)
from accord.engine.voting.motions.verdicts import CONDITIONS

__all__ = ["decide", "quorum_check"]


def decide(ballots: MotionBallots, rule: DecisionRule) -> MotionResult:
    """Decide a motion under a rule: method + quorum + safeguards.

    Every condition is evaluated (so that invalid input raises whatever the votes), and the
    outcome is the first of: ``"no_quorum"`` if the quorum is not met; ``"rejected"`` if the
    method fails; ``"rejected"`` if a safeguard fails (the first failing one in the order
    given); ``"accepted"`` otherwise.

    Parameters
    ----------
    ballots : MotionBallots
    rule : DecisionRule

    Returns
    -------
    MotionResult

    Examples
    --------
    >>> ballots = MotionBallots.from_labels(["yes", "yes", "no", "absent", "absent"])
    >>> rule = DecisionRule(Condition("simple_majority"), quorum=Quorum(overall=Fraction(2, 3)))
    >>> result = decide(ballots, rule)
    >>> result.outcome, result.reason
    ('no_quorum', '3 of 5 eligible voters voted; the quorum is 4.')

    References
    ----------
    .. [1] H. M. Robert, *Robert's Rules of Order Newly Revised*, 12th ed., 2020, sections 40
       (quorum) and 44 (bases for determining a voting result).
    """
    if not isinstance(ballots, MotionBallots):
        raise ValueError("ballots must be a MotionBallots (see MotionBallots.from_labels)")
    quorum = None if rule.quorum is None else quorum_check(ballots, rule.quorum)
    conditions = [_evaluate(ballots, rule.method, "method")]
    conditions += [_evaluate(ballots, s, "safeguard") for s in rule.safeguards]

    method = conditions[0]
    failed_safeguard = next((c for c in conditions[1:] if not c.passed), None)
    outcome: Outcome
    deciding: ConditionResult | QuorumCheck
    if quorum is not None and not quorum.met:
        outcome, decided_by, code, deciding = "no_quorum", "quorum", ReasonCode.NO_QUORUM, quorum
    elif not method.passed:
        outcome, decided_by, code, deciding = (
            "rejected",
            method.condition,
            ReasonCode.METHOD_FAILED,
            method,
        )
    elif failed_safeguard is not None:
        outcome, decided_by, code = (
            "rejected",
            failed_safeguard.condition,
            ReasonCode.SAFEGUARD_FAILED,
        )
        deciding = failed_safeguard
    else:
        outcome, decided_by, code, deciding = (
            "accepted",
            method.condition,
            ReasonCode.ACCEPTED,
            method,
        )
    params: dict[str, Any] = {
        "condition": decided_by,
        "method": method.condition,
        "safeguards": len(rule.safeguards),
        "reason_code": str(deciding.code),
        "reason_params": dict(deciding.params),
    }
    totals, weight_totals, by_group = _totals(ballots)
    return MotionResult(
        outcome=outcome,
        reason=english(code, params),
        decided_by=decided_by,
        rule=rule,
        totals=totals,
        weight_totals=weight_totals,
        by_group=by_group,
        quorum=quorum,
        conditions=tuple(conditions),
        code=code,
        params=params,
    )


def _evaluate(
    ballots: MotionBallots, condition: Condition, role: Literal["method", "safeguard"]
) -> ConditionResult:
    passed, code, params, comparisons = CONDITIONS[condition.rule](ballots, **condition.options)
    reason = english(code, params)
    return ConditionResult(
        condition.rule, role, passed, reason, tuple(comparisons), code=code, params=params
    )


def _choice_totals(row: np.ndarray, unit: Fraction = Fraction(1)) -> ChoiceTotals:
    values = [_native(int(v) * unit) for v in row.tolist()]
    return ChoiceTotals(
        yes=values[Choice.YES],
        no=values[Choice.NO],
        abstain=values[Choice.ABSTAIN],
        object=values[Choice.OBJECT],
        absent=values[Choice.ABSENT],
    )


def _totals(ballots: MotionBallots) -> tuple[ChoiceTotals, ChoiceTotals, tuple[GroupTotals, ...]]:
    tally = ballots.tally
    counts = tally.counts.copy()
    # With eligible_groups, eligible voters who are not listed did not vote.
    counts[:, Choice.ABSENT] = tally.eligible - tally.counts[:, 1:].sum(axis=1)
    by_group = tuple(
        GroupTotals(
            group=name,
            eligible=int(tally.eligible[g]),
            counts=_choice_totals(counts[g]),
            weights=_choice_totals(tally.weights[g], ballots.weight_unit),
        )
        for g, name in enumerate(ballots.group_names)
    )
    overall_weights = np.array(
        [sum(int(v) for v in col) for col in tally.weights.T.tolist()], dtype=object
    )
    return (
        _choice_totals(counts.sum(axis=0)),
        _choice_totals(overall_weights, ballots.weight_unit),
        by_group,
    )


def quorum_check(ballots: MotionBallots, quorum: Quorum) -> QuorumCheck:
    """Check participation against a quorum, overall and in every group with eligible voters.

    Parameters
    ----------
    ballots : MotionBallots
    quorum : Quorum
        ``int`` = number of voters; ``Fraction`` = share of the eligible voters, rounded up.

    Returns
    -------
    QuorumCheck
        ``met`` is true when the overall quorum and every group's quorum are met.

    Examples
    --------
    >>> ballots = MotionBallots.from_labels(
    ...     ["yes", "abstain", "absent", "absent"], groups=["a", "a", "b", "b"]
    ... )
    >>> check = quorum_check(ballots, Quorum(overall=Fraction(1, 2), per_group=1))
    >>> check.met, check.reason
    (False, "Group 'b': 0 of 2 eligible voters voted; the quorum is 1.")

    References
    ----------
    .. [1] H. M. Robert, *Robert's Rules of Order Newly Revised*, 12th ed., 2020, section 40.
    """
    tally = ballots.tally
    voted = tally.counts[:, 1:].sum(axis=1)
    overall = None
    if quorum.overall is not None:
        eligible, cast = int(tally.eligible.sum()), int(voted.sum())
        required = quorum.required(quorum.overall, eligible)
        overall = QuorumCount("overall", cast, eligible, required, cast >= required)
    per_group: list[QuorumCount] = []
    if quorum.per_group is not None:
        for g, name in enumerate(ballots.group_names):
            eligible = int(tally.eligible[g])
            if eligible == 0:
                continue
            required = quorum.required(quorum.per_group, eligible)
            count = QuorumCount(name, int(voted[g]), eligible, required, int(voted[g]) >= required)
            per_group.append(count)
    met = (overall is None or overall.met) and all(count.met for count in per_group)
    if not met:
        code = ReasonCode.QUORUM_NOT_MET
    elif overall is None and not per_group:
        code = ReasonCode.NO_QUORUM_REQUIRED
    else:
        code = ReasonCode.QUORUM_MET
    params = {
        "overall": None if overall is None else _quorum_count(overall),
        "groups": [{"group": count.scope} | _quorum_count(count) for count in per_group],
    }
    return QuorumCheck(
        met, overall, tuple(per_group), english(code, params), code=code, params=params
    )


def _quorum_count(count: QuorumCount) -> dict[str, Any]:
    return {
        "voted": count.voted,
        "eligible": count.eligible,
        "required": count.required,
        "met": count.met,
    }

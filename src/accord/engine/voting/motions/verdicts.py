"""The verdict of each method on a tally: counted comparisons and a reason as data.

One private function per rule (``_simple_majority`` ... ``_group_consent``) validates its
options and returns ``(passed, code, params, comparisons)``: the
:class:`~accord.engine.voting.motions.explanations.ReasonCode` and params of its reason
(docs/engine/explanations.md), and the :class:`~accord.engine.voting.motions.results.Comparison`
rows it counted. :data:`CONDITIONS` maps each rule's name to its function and
:data:`OPTIONS` to its option names, which :class:`~accord.engine.voting.motions.Condition`
checks. The public functions of the same names are in ``majorities`` and ``consents``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any, Literal

import numpy as np

from accord.engine.voting.caps import as_fraction, capped_weights
from accord.engine.voting.motions.ballots import _N_CHOICES, Choice, MotionBallots
from accord.engine.voting.motions.explanations import ReasonCode, plain_number
from accord.engine.voting.motions.results import (
    Abstentions,
    Base,
    Comparison,
    Number,
    TieBreaking,
    _native,
)

Params = dict[str, Any]
Verdict = tuple[bool, ReasonCode, Params, list[Comparison]]


def _check_choice(value: object, allowed: tuple[str, ...], name: str) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")


def _threshold(value: object) -> Fraction:
    threshold = as_fraction(value, "threshold")
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must lie in (0, 1], e.g. Fraction(2, 3); got {threshold}")
    return threshold


def _compare(
    scope: str,
    yes: Number,
    against: Number,
    abstain: Number,
    eligible: Number,
    threshold: Fraction,
    base: Base,
    tie_breaking: TieBreaking,
) -> Comparison:
    base_value = {
        "yes_no": yes + against,
        "cast": yes + against + abstain,
        "eligible": eligible,
    }[base]
    required = _native(threshold * base_value)
    tie = base_value > 0 and yes == required
    if base_value == 0:
        passed = False
    elif tie:
        passed = tie_breaking == "accept"
    else:
        passed = yes > required
    return Comparison(
        scope=scope,
        yes=_native(yes),
        against=_native(against),
        abstain=_native(abstain),
        base=_native(base_value),
        threshold=threshold,
        required=required,
        tie=tie,
        passed=passed,
    )


def _group_row(ballots: MotionBallots, g: int | None, weighted: bool) -> tuple[Number, ...]:
    """(yes, against, abstain, eligible) overall (g=None) or in group g."""
    tally = ballots.tally
    if weighted:
        table = tally.weights
        rows = table if g is None else table[g : g + 1]
        unit = ballots.weight_unit
        sums = [_native(sum(int(v) for v in col) * unit) for col in rows.T.tolist()]
        eligible = sum(sums)
    else:
        rows = tally.counts if g is None else tally.counts[g : g + 1]
        sums = [int(v) for v in rows.sum(axis=0).tolist()]
        eligible = int(tally.eligible.sum() if g is None else tally.eligible[g])
    return (
        sums[Choice.YES],
        sums[Choice.NO] + sums[Choice.OBJECT],
        sums[Choice.ABSTAIN],
        eligible,
    )


# ---- reasons as data ------------------------------------------------------------------------


def _counts(c: Comparison) -> Params:
    return {
        "yes": plain_number(c.yes),
        "against": plain_number(c.against),
        "abstain": plain_number(c.abstain),
    }


def _majority_params(
    c: Comparison, base: Base, tie_breaking: TieBreaking, weighted: bool
) -> Params:
    return {
        "threshold": plain_number(c.threshold),
        "base": base,
        "tie_breaking": tie_breaking,
        **_counts(c),
        "weighted": weighted,
    }


def _majority_code(c: Comparison) -> ReasonCode:
    if c.base == 0:
        return ReasonCode.NO_VOTES
    if c.tie:
        return ReasonCode.MAJORITY_TIE
    return ReasonCode.MAJORITY_PASSED if c.passed else ReasonCode.MAJORITY_FAILED


def _checked(comparisons: Sequence[Comparison]) -> list[Params]:
    return [{"group": c.scope, **_counts(c), "passed": c.passed} for c in comparisons]


# ---- the methods ----------------------------------------------------------------------------


def _simple_majority(
    ballots: MotionBallots,
    *,
    abstentions: Abstentions = "ignore",
    tie_breaking: TieBreaking = "reject",
) -> Verdict:
    _check_choice(abstentions, ("ignore", "count"), "abstentions")
    _check_choice(tie_breaking, ("reject", "accept"), "tie_breaking")
    base: Base = "yes_no" if abstentions == "ignore" else "cast"
    c = _compare("overall", *_group_row(ballots, None, False), Fraction(1, 2), base, tie_breaking)
    return c.passed, _majority_code(c), _majority_params(c, base, tie_breaking, False), [c]


def _qualified_majority(
    ballots: MotionBallots,
    *,
    threshold: Fraction | str = Fraction(2, 3),
    base: Base = "yes_no",
    tie_breaking: TieBreaking = "accept",
) -> Verdict:
    _check_choice(base, ("yes_no", "cast", "eligible"), "base")
    _check_choice(tie_breaking, ("reject", "accept"), "tie_breaking")
    t = _threshold(threshold)
    c = _compare("overall", *_group_row(ballots, None, False), t, base, tie_breaking)
    return c.passed, _majority_code(c), _majority_params(c, base, tie_breaking, False), [c]


def _unanimity(
    ballots: MotionBallots, *, abstentions: Literal["allow", "block"] = "allow"
) -> Verdict:
    _check_choice(abstentions, ("allow", "block"), "abstentions")
    counts = ballots.tally.counts.sum(axis=0)
    yes, no, abstain, objections = (
        int(counts[c]) for c in (Choice.YES, Choice.NO, Choice.ABSTAIN, Choice.OBJECT)
    )
    params = {
        "yes": yes,
        "no": no,
        "objections": objections,
        "abstain": abstain,
        "abstentions": abstentions,
    }
    if no or objections or (abstentions == "block" and abstain):
        return False, ReasonCode.CONSENSUS_BLOCKED, params, []
    if yes == 0:
        return False, ReasonCode.CONSENSUS_NO_YES, params, []
    return True, ReasonCode.CONSENSUS_REACHED, params, []


def _voter_list(positions: np.ndarray) -> str:
    shown = ", ".join(str(int(p)) for p in positions[:5])
    return shown + (f" and {positions.size - 5} more" if positions.size > 5 else "")


def _consent(ballots: MotionBallots, *, count_no_as_objection: bool = False) -> Verdict:
    if not isinstance(count_no_as_objection, bool):
        raise ValueError("count_no_as_objection must be True or False")
    choices, reasons = ballots.choices, ballots.reasons
    assert reasons is not None
    no_votes = np.flatnonzero(choices == Choice.NO)
    if no_votes.size and not count_no_as_objection:
        raise ValueError(
            f"consent takes yes (consent), abstain (stand aside) and object ballots, but voters "
            f"{_voter_list(no_votes)} voted 'no': record them as objections with their reason, or "
            "pass count_no_as_objection=True to treat a 'no' as an objection"
        )
    objecting = (choices == Choice.OBJECT) | (count_no_as_objection & (choices == Choice.NO))
    unreasoned = np.flatnonzero(objecting & ~reasons)
    if unreasoned.size:
        raise ValueError(
            f"under consent an objection must state its reason, but the objections of voters "
            f"{_voter_list(unreasoned)} have none: ask for the reason (set reasons[i] = True once "
            "it is recorded) or record those ballots as 'no' under another rule"
        )
    objectors = np.flatnonzero(objecting).tolist()
    counts = ballots.tally.counts.sum(axis=0)
    params = {
        "yes": int(counts[Choice.YES]),
        "abstain": int(counts[Choice.ABSTAIN]),
        "objections": len(objectors),
        "objectors": objectors,
        "count_no_as_objection": count_no_as_objection,
    }
    if objectors:
        return False, ReasonCode.CONSENT_OBJECTED, params, []
    return True, ReasonCode.CONSENT_GIVEN, params, []


def _weighted_majority(
    ballots: MotionBallots,
    *,
    cap: Fraction | str | None = None,
    threshold: Fraction | str = Fraction(1, 2),
    base: Base = "yes_no",
    tie_breaking: TieBreaking = "reject",
    cap_base: Literal["eligible", "cast"] = "eligible",
    if_infeasible: Literal["raise", "equal_shares"] = "raise",
) -> Verdict:
    _check_choice(base, ("yes_no", "cast", "eligible"), "base")
    _check_choice(tie_breaking, ("reject", "accept"), "tie_breaking")
    _check_choice(cap_base, ("eligible", "cast"), "cap_base")
    t = _threshold(threshold)
    unit = ballots.weight_unit
    cap_params: Params = {
        "cap": None,
        "cap_base": cap_base,
        "capped_voters": 0,
        "cap_clamped": False,
    }
    if cap is None:
        yes, against, abstain, eligible = _group_row(ballots, None, True)
    else:
        assert ballots.weights is not None
        if cap_base == "eligible":
            weights, inside = ballots.weights, ballots.choices
        else:
            members = ballots.choices != Choice.ABSENT
            weights, inside = ballots.weights[members], ballots.choices[members]
        if not bool(np.any(weights > 0)):
            cap_params["cap"] = plain_number(as_fraction(cap, "cap"))
            return False, ReasonCode.NO_WEIGHT, cap_params, []
        capped = capped_weights(weights, cap, if_infeasible=if_infeasible)
        by_choice = capped.sum_by_label(inside, _N_CHOICES)
        yes, abstain = by_choice[Choice.YES], by_choice[Choice.ABSTAIN]
        against = by_choice[Choice.NO] + by_choice[Choice.OBJECT]
        eligible = Fraction(capped.total)
        yes, against, abstain, eligible = (x * unit for x in (yes, against, abstain, eligible))
        cap_params["cap"] = plain_number(capped.cap)
        cap_params["capped_voters"] = int(np.count_nonzero(capped.capped))
        cap_params["cap_clamped"] = bool(capped.clamped)
    c = _compare("overall", yes, against, abstain, eligible, t, base, tie_breaking)
    params = _majority_params(c, base, tie_breaking, True) | cap_params
    return c.passed, _majority_code(c), params, [c]


def _concurrent_majority(
    ballots: MotionBallots,
    *,
    groups: Literal["voting", "eligible"] = "voting",
    abstentions: Abstentions = "ignore",
    tie_breaking: TieBreaking = "reject",
    weighted: bool = False,
) -> Verdict:
    _check_choice(groups, ("voting", "eligible"), "groups")
    _check_choice(abstentions, ("ignore", "count"), "abstentions")
    _check_choice(tie_breaking, ("reject", "accept"), "tie_breaking")
    if not isinstance(weighted, bool):
        raise ValueError("weighted must be True or False")
    base: Base = "yes_no" if abstentions == "ignore" else "cast"
    half = Fraction(1, 2)
    overall = _compare("overall", *_group_row(ballots, None, weighted), half, base, tie_breaking)
    comparisons = [overall]
    for g, name in enumerate(ballots.group_names):
        c = _compare(name, *_group_row(ballots, g, weighted), half, base, tie_breaking)
        considered = c.base > 0 if groups == "voting" else int(ballots.tally.eligible[g]) > 0
        if considered:
            comparisons.append(c)
    params = _majority_params(overall, base, tie_breaking, weighted)
    params |= {"groups": groups, "checked": _checked(comparisons[1:])}
    if not overall.passed:
        params["overall_code"] = str(_majority_code(overall))
        return False, ReasonCode.CONCURRENT_MAJORITY_FAILED_OVERALL, params, comparisons
    if any(not c.passed for c in comparisons[1:]):
        return False, ReasonCode.CONCURRENT_MAJORITY_FAILED_IN_GROUPS, params, comparisons
    return True, ReasonCode.CONCURRENT_MAJORITY_PASSED, params, comparisons


def _group_consent(
    ballots: MotionBallots,
    *,
    groups: Sequence[str] = (),
    threshold: Fraction | str = Fraction(1, 2),
    abstentions: Abstentions = "ignore",
    tie_breaking: TieBreaking = "reject",
) -> Verdict:
    if isinstance(groups, str):
        groups = (groups,)
    groups = tuple(groups)
    if not groups:
        raise ValueError("group_consent needs the names of the groups whose consent is required")
    unknown = [g for g in groups if g not in ballots.group_names]
    if unknown:
        raise ValueError(
            f"group_consent names unknown group(s) {unknown}; the ballots have groups "
            f"{list(ballots.group_names)}"
        )
    _check_choice(abstentions, ("ignore", "count"), "abstentions")
    _check_choice(tie_breaking, ("reject", "accept"), "tie_breaking")
    t = _threshold(threshold)
    base: Base = "yes_no" if abstentions == "ignore" else "cast"
    comparisons = [
        _compare(
            name,
            *_group_row(ballots, ballots.group_names.index(name), False),
            t,
            base,
            tie_breaking,
        )
        for name in groups
    ]
    params: Params = {
        "groups": list(groups),
        "threshold": plain_number(t),
        "base": base,
        "tie_breaking": tie_breaking,
        "checked": _checked(comparisons),
    }
    failing = [c for c in comparisons if not c.passed]
    if failing:
        c = failing[0]
        params |= {"group": c.scope, **_counts(c), "failing_groups": [f.scope for f in failing]}
        code = ReasonCode.GROUP_CONSENT_SILENT if c.base == 0 else ReasonCode.GROUP_CONSENT_REFUSED
        return False, code, params, comparisons
    return True, ReasonCode.GROUP_CONSENT_GIVEN, params, comparisons


CONDITIONS: dict[str, Callable[..., Verdict]] = {
    "simple_majority": _simple_majority,
    "qualified_majority": _qualified_majority,
    "unanimity": _unanimity,
    "consent": _consent,
    "weighted_majority": _weighted_majority,
    "concurrent_majority": _concurrent_majority,
    "group_consent": _group_consent,
}
"""Each rule's name → its verdict function."""

OPTIONS = {
    name: {p for p in inspect.signature(fn).parameters if p != "ballots"}
    for name, fn in CONDITIONS.items()
}
"""Each rule's name → the names of its options."""

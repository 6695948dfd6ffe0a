"""Why a motion passed or failed, as data: a :class:`ReasonCode` and its params.

Every :class:`~accord.engine.voting.motions.results.ConditionResult`,
:class:`~accord.engine.voting.motions.results.QuorumCheck` and
:class:`~accord.engine.voting.motions.results.MotionResult` carries a ``code`` (a
:class:`ReasonCode`, which is a ``str``) and ``params`` (a ``dict`` of JSON-ready values).
Together they determine the English ``reason`` sentence, which :func:`english` builds; an
app renders its own, translated sentence from the same code and params. docs/engine/
explanations.md lists every code with its params and the English sentence.

Numbers in params are exact: an ``int`` when integral, otherwise the fraction as a string
``"n/d"`` (``str(Fraction)``, e.g. ``"2/3"``; weights may be fractional). Counts of voters
are always ints; ``threshold`` and ``cap`` follow the same rule (``"1/2"``, ``1``).

Examples
--------
>>> english("consent_objected", {"objections": 2, "objectors": [3, 5]})
'2 reasoned objections must be resolved first.'
>>> english("majority_passed", {"threshold": "1/2", "base": "yes_no", "tie_breaking": "reject",
...     "yes": 5, "against": 4, "abstain": 0, "weighted": False})
'Yes has more than half of the yes and no votes (5 yes against 4 no).'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from fractions import Fraction
from functools import partial
from typing import Any

__all__ = ["ReasonCode", "english"]

Params = dict[str, Any]


class ReasonCode(StrEnum):
    """The reasons an engine result can give; docs/engine/explanations.md has their params.

    A member is a ``str`` equal to its value, so ``result.code == "majority_passed"`` holds
    and ``json.dumps`` writes the value.
    """

    # Majority methods (simple_majority, qualified_majority, weighted_majority)
    #: Yes passed the threshold of the base.
    MAJORITY_PASSED = "majority_passed"
    #: Yes did not pass the threshold of the base.
    MAJORITY_FAILED = "majority_failed"
    #: Yes lands exactly on the threshold; ``tie_breaking`` decided.
    MAJORITY_TIE = "majority_tie"
    #: The base is empty (no yes or no, or no ballot cast, or nobody eligible): rejected.
    NO_VOTES = "no_votes"
    #: weighted_majority with a cap: no voter in the capped base has a positive weight.
    NO_WEIGHT = "no_weight"
    # unanimity
    #: Nobody against, at least one yes.
    CONSENSUS_REACHED = "consensus_reached"
    #: Some no votes, objections or (with ``abstentions="block"``) abstentions.
    CONSENSUS_BLOCKED = "consensus_blocked"
    #: Nobody against, but nobody voted yes either.
    CONSENSUS_NO_YES = "consensus_no_yes"
    # consent
    #: No reasoned objection.
    CONSENT_GIVEN = "consent_given"
    #: Reasoned objections must be resolved first.
    CONSENT_OBJECTED = "consent_objected"
    # concurrent_majority
    #: A majority overall and in every checked group.
    CONCURRENT_MAJORITY_PASSED = "concurrent_majority_passed"
    #: No majority overall (``overall_code`` says how).
    CONCURRENT_MAJORITY_FAILED_OVERALL = "concurrent_majority_failed_overall"
    #: A majority overall, but not in some groups.
    CONCURRENT_MAJORITY_FAILED_IN_GROUPS = "concurrent_majority_failed_in_groups"
    # group_consent
    #: Every named group consents.
    GROUP_CONSENT_GIVEN = "group_consent_given"
    #: A named group voted, but without the required majority.
    GROUP_CONSENT_REFUSED = "group_consent_refused"
    #: Nobody in a named group voted yes or no: silence is not consent.
    GROUP_CONSENT_SILENT = "group_consent_silent"
    # Quorum (QuorumCheck)
    #: Every quorum required is met.
    QUORUM_MET = "quorum_met"
    #: The overall quorum or a group's quorum is not met.
    QUORUM_NOT_MET = "quorum_not_met"
    #: The quorum asks nothing (no overall quorum, no group with eligible voters).
    NO_QUORUM_REQUIRED = "no_quorum_required"
    # The motion (MotionResult): which condition decided, wrapping its reason
    #: Outcome "no_quorum": the quorum check's reason.
    NO_QUORUM = "no_quorum"
    #: Outcome "rejected" by the method: the method's reason.
    METHOD_FAILED = "method_failed"
    #: Outcome "rejected" by the first failing safeguard; the method held.
    SAFEGUARD_FAILED = "safeguard_failed"
    #: Outcome "accepted": the method's reason (and every safeguard held).
    ACCEPTED = "accepted"


# ---- numbers --------------------------------------------------------------------------------


def plain_number(value: int | Fraction) -> int | str:
    """An exact number as a JSON-ready value: ``int`` when integral, else ``"n/d"``."""
    fraction = Fraction(value)
    return int(fraction) if fraction.denominator == 1 else str(fraction)


def _fraction(value: int | str | Fraction) -> Fraction:
    return Fraction(value)


def fmt(value: int | str | Fraction) -> str:
    """How the English sentences print a number: integers in full, fractions to 4 digits."""
    fraction = _fraction(value)
    if fraction.denominator != 1:
        return f"{float(fraction):.4g}"
    return str(int(fraction))


# ---- the English sentences ------------------------------------------------------------------

_BASE_WORDS = {
    "yes_no": "of the yes and no votes",
    "cast": "of the ballots cast",
    "eligible": "of the eligible voters",
}


def describe_counts(p: Mapping[str, Any], base: str, weighted: bool = False) -> str:
    """'5 yes against 4 no' (or 'yes weight 5 against no weight 4'), with the abstentions
    when they are counted or when there are some."""
    if weighted:
        text = f"yes weight {fmt(p['yes'])} against no weight {fmt(p['against'])}"
    else:
        text = f"{fmt(p['yes'])} yes against {fmt(p['against'])} no"
    if base != "yes_no" or _fraction(p["abstain"]):
        counted = "counted" if base != "yes_no" else "not counted"
        if weighted:
            text += f", abstaining weight {fmt(p['abstain'])} ({counted})"
        else:
            text += f", {fmt(p['abstain'])} abstaining ({counted})"
    return text


def _majority(code: str, p: Mapping[str, Any]) -> str:
    base, tie_breaking = p["base"], p["tie_breaking"]
    counts = describe_counts(p, base, p["weighted"])
    threshold = _fraction(p["threshold"])
    share = "half" if threshold == Fraction(1, 2) else str(threshold)
    where = _BASE_WORDS[base]
    word = "more than" if tie_breaking == "reject" else "at least"
    if code == ReasonCode.NO_VOTES:
        text = f"No votes to count ({counts})."
    elif code == ReasonCode.MAJORITY_TIE:
        verdict = "passes" if tie_breaking == "accept" else "does not pass"
        text = (
            f"Yes is exactly {share} {where} ({counts}), which {verdict} "
            f"under tie_breaking='{tie_breaking}'."
        )
    elif code == ReasonCode.MAJORITY_PASSED:
        text = f"Yes has {word} {share} {where} ({counts})."
    else:
        text = f"Yes does not have {word} {share} {where} ({counts})."
    if p.get("cap") is not None:  # weighted_majority with a cap
        n = p["capped_voters"]
        text = (
            f"{text[:-1]}; {n} voter{'s' if n != 1 else ''} held at the cap of "
            f"{_fraction(p['cap'])} of the total weight"
            + (" (clamped: the cap was infeasible)" if p["cap_clamped"] else "")
            + "."
        )
    return text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def _consensus_blocked(p: Mapping[str, Any]) -> str:
    blockers = [f"{p['no']} no"] if p["no"] else []
    if p["objections"]:
        blockers.append(_plural(p["objections"], "objection"))
    if p["abstentions"] == "block" and p["abstain"]:
        blockers.append(_plural(p["abstain"], "abstention"))
    return f"No consensus: {' and '.join(blockers)} against {p['yes']} yes."


def _consensus_reached(p: Mapping[str, Any]) -> str:
    aside = f", {p['abstain']} standing aside" if p["abstain"] else ""
    return f"Consensus: {p['yes']} yes, nobody against{aside}."


def _concurrent_passed(p: Mapping[str, Any]) -> str:
    overall = describe_counts(p, p["base"], p["weighted"])
    return (
        f"Majority overall ({overall}) and in each of the {len(p['checked'])} {p['groups']} groups."
    )


def _concurrent_failed_in_groups(p: Mapping[str, Any]) -> str:
    base, weighted = p["base"], p["weighted"]
    failing = [g for g in p["checked"] if not g["passed"]]
    listed = "; ".join(f"'{g['group']}' ({describe_counts(g, base, weighted)})" for g in failing)
    which = "group" if len(failing) == 1 else "groups"
    return f"Majority overall ({describe_counts(p, base, weighted)}) but not in {which} {listed}."


def _quorum_not_met(p: Mapping[str, Any]) -> str:
    failures = []
    overall = p["overall"]
    if overall is not None and not overall["met"]:
        failures.append(
            f"{overall['voted']} of {overall['eligible']} eligible voters voted; "
            f"the quorum is {overall['required']}."
        )
    failures += [
        f"Group '{g['group']}': {g['voted']} of {g['eligible']} eligible voters voted; "
        f"the quorum is {g['required']}."
        for g in p["groups"]
        if not g["met"]
    ]
    return " ".join(failures)


def _quorum_met(p: Mapping[str, Any]) -> str:
    parts = []
    overall = p["overall"]
    if overall is not None:
        parts.append(
            f"{overall['voted']} of {overall['eligible']} voted (quorum {overall['required']})"
        )
    if p["groups"]:
        parts.append("every group reached its quorum")
    return "Quorum met: " + ", ".join(parts) + "."


def _motion(code: str, p: Mapping[str, Any]) -> str:
    text = english(p["reason_code"], p["reason_params"])
    if code == ReasonCode.SAFEGUARD_FAILED:
        return f"{text} (safeguard; the {p['method']} held)"
    if code == ReasonCode.ACCEPTED and p["safeguards"]:
        return text[:-1] + ", and every safeguard held."
    return text


_SENTENCES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    **{
        code: partial(_majority, code)
        for code in (
            ReasonCode.MAJORITY_PASSED,
            ReasonCode.MAJORITY_FAILED,
            ReasonCode.MAJORITY_TIE,
            ReasonCode.NO_VOTES,
        )
    },
    ReasonCode.NO_WEIGHT: lambda p: "No weight to count: no voter with positive weight.",
    ReasonCode.CONSENSUS_REACHED: _consensus_reached,
    ReasonCode.CONSENSUS_BLOCKED: _consensus_blocked,
    ReasonCode.CONSENSUS_NO_YES: lambda p: "No consensus: nobody voted yes.",
    ReasonCode.CONSENT_GIVEN: lambda p: (
        f"No reasoned objection ({p['yes']} consent, {p['abstain']} standing aside)."
    ),
    ReasonCode.CONSENT_OBJECTED: lambda p: (
        f"{_plural(p['objections'], 'reasoned objection')} must be resolved first."
    ),
    ReasonCode.CONCURRENT_MAJORITY_PASSED: _concurrent_passed,
    ReasonCode.CONCURRENT_MAJORITY_FAILED_OVERALL: lambda p: (
        "No majority overall: " + _majority(p["overall_code"], p)
    ),
    ReasonCode.CONCURRENT_MAJORITY_FAILED_IN_GROUPS: _concurrent_failed_in_groups,
    ReasonCode.GROUP_CONSENT_GIVEN: lambda p: (
        "Consent given by " + ", ".join(f"'{g}'" for g in p["groups"]) + "."
    ),
    ReasonCode.GROUP_CONSENT_REFUSED: lambda p: (
        f"Group '{p['group']}' does not consent ({describe_counts(p, p['base'])})."
    ),
    ReasonCode.GROUP_CONSENT_SILENT: lambda p: (
        f"Group '{p['group']}' has not given its consent: none of its members voted yes "
        "or no, and silence is not consent."
    ),
    ReasonCode.QUORUM_MET: _quorum_met,
    ReasonCode.QUORUM_NOT_MET: _quorum_not_met,
    ReasonCode.NO_QUORUM_REQUIRED: lambda p: "No quorum required.",
    **{
        code: partial(_motion, code)
        for code in (
            ReasonCode.NO_QUORUM,
            ReasonCode.METHOD_FAILED,
            ReasonCode.SAFEGUARD_FAILED,
            ReasonCode.ACCEPTED,
        )
    },
}


def english(code: str, params: Mapping[str, Any]) -> str:
    """The English sentence of a reason: what ``reason`` holds on every result.

    Parameters
    ----------
    code : str
        A :class:`ReasonCode` value.
    params : mapping
        Its params, as listed in docs/engine/explanations.md.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        For an unknown code.
    """
    try:
        sentence = _SENTENCES[code]
    except KeyError:
        raise ValueError(f"unknown reason code {code!r}") from None
    return sentence(params)

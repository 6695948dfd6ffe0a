"""Proposals with alternatives: ranked (Schulze, instant runoff), approval and score ballots.

A yes/no proposal is decided by :mod:`accord.engine.voting.motions`. A proposal decided by
one of the rules here chooses one of its :class:`~accord.decisions.models.Alternative` rows
instead. This module holds everything such a proposal needs, so that ``services`` reaches it
through one small branch in each of ``rule_create``, ``proposal_advance``, ``ballot_cast``
and ``proposal_close``:

- :data:`PRESETS`, :func:`preset_choices`, :func:`rule_spec` -- the rule picker's presets
  and the validation of a custom rule;
- :func:`is_alternatives_rule`, :func:`ballot_rule` -- what a rule snapshot asks of ballots;
- :func:`alternatives_set` -- the service that sets a draft's alternatives;
- :func:`snapshot_with_alternatives` -- freezes them into the rule snapshot when voting opens;
- :func:`ballot_preferences` -- validates a ranking, approval set or scores for ``ballot_cast``;
- :func:`tally` -- the engine's count for ``proposal_close``, with its explanation;
- :func:`preflib_export` -- the current ballots as a PrefLib file, for re-checking a result;
- selectors for the pages: :func:`alternative_list`, :func:`describe`, :func:`ballot_rows`,
  :func:`my_current_ballots`.

Alternatives are numbered by ``position`` (1, 2, ...): that number is the candidate label
given to the engine, the alternative's number in a PrefLib export, and the tie-breaking
order (a tie is broken in favour of the alternative listed first).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from django.db import transaction

from accord.decisions.models import Alternative, Ballot, BallotChoice, Proposal, ProposalStatus
from accord.engine.io.preflib import PrefLibFile, format_preflib
from accord.engine.profiles import ApprovalProfile, CategoricalProfile, RankedProfile, ScoreProfile
from accord.engine.voting import approval_voting, instant_runoff, schulze, score_voting
from accord.engine.voting.results import native
from accord.errors import Conflict, Invalid
from accord.errors import require_permission as _require

MIN_ALTERNATIVES = 2
MAX_ALTERNATIVES = 20
MAX_SCORE_RANGE = 100

#: The engine method → the kind of ballot it reads.
BALLOT_KINDS = {
    "schulze": "ranked",
    "instant_runoff": "ranked",
    "approval": "approval",
    "score": "score",
}
METHOD_LABELS = {
    "schulze": "ranked choice (Schulze)",
    "instant_runoff": "ranked choice (instant runoff)",
    "approval": "approval vote",
    "score": "score vote",
}
_OPTIONS: dict[str, dict[str, Any]] = {
    "schulze": {"ties": True, "truncation": True, "strength": "margin"},
    "instant_runoff": {"truncation": True},
    "approval": {},
    "score": {"min_score": 0, "max_score": 5},
}
TIE_BREAKING = "listed_order"


def _invalid(field: str, message: str) -> Invalid:
    return Invalid(f"{field}: {message}", field_errors={field: [message]})


# --- presets and rule specs ------------------------------------------------------------------


@dataclass(frozen=True)
class ChoicePreset:
    """A named rule for choosing among alternatives, with its plain-language explanation.

    ``spec`` is stored in ``DecisionRule.spec`` like a motion rule's ``to_dict()``: a
    ``method`` (engine rule and options), no quorum and no safeguards.
    """

    key: str
    name: str
    explanation: str
    spec: Mapping[str, Any]


def _spec(method: str, **options: Any) -> dict[str, Any]:
    return {
        "method": {"rule": method, "options": {**_OPTIONS[method], **options}},
        "quorum": None,
        "safeguards": [],
    }


PRESETS: tuple[ChoicePreset, ...] = (
    ChoicePreset(
        key="ranked_schulze",
        name="Ranked choice (Schulze)",
        explanation=(
            "Members rank the alternatives, best first; they may rank two alternatives "
            "equal and leave some out (those count below every ranked one). The alternative "
            "that beats every other one head to head, directly or through a chain of stronger "
            "majorities, is chosen. A tie is broken in favour of the alternative listed first."
        ),
        spec=_spec("schulze"),
    ),
    ChoicePreset(
        key="ranked_instant_runoff",
        name="Ranked choice (instant runoff)",
        explanation=(
            "Members rank the alternatives in a strict order, best first, and may stop early. "
            "Each round every ballot counts for its highest-ranked alternative still in the "
            "count, and the alternatives with the fewest votes are eliminated, until one "
            "remains. A tie in the last round is broken in favour of the alternative listed first."
        ),
        spec=_spec("instant_runoff"),
    ),
    ChoicePreset(
        key="approval_vote",
        name="Approval vote",
        explanation=(
            "Members tick every alternative they can accept. The alternative approved by the "
            "most members is chosen; a tie is broken in favour of the alternative listed first."
        ),
        spec=_spec("approval"),
    ),
    ChoicePreset(
        key="score_vote_0_5",
        name="Score vote (0–5)",
        explanation=(
            "Members give every alternative a score from 0 (worst) to 5 (best). The "
            "alternative with the highest total is chosen; a tie is broken in favour of the "
            "alternative listed first."
        ),
        spec=_spec("score", min_score=0, max_score=5),
    ),
)
_BY_KEY = {preset.key: preset for preset in PRESETS}


def preset_choices() -> list[tuple[str, str]]:
    return [(preset.key, preset.name) for preset in PRESETS]


def _method(spec: Mapping[str, Any] | None) -> str:
    method = (spec or {}).get("method") if isinstance(spec, Mapping) else None
    return method.get("rule", "") if isinstance(method, Mapping) else ""


def is_alternatives_rule(snapshot_or_spec: Mapping[str, Any] | None) -> bool:
    """Whether a rule snapshot (or a bare spec) chooses among alternatives."""
    if not snapshot_or_spec:
        return False
    spec = snapshot_or_spec.get("rule", snapshot_or_spec)
    return _method(spec) in BALLOT_KINDS


def is_alternatives_proposal(proposal: Proposal) -> bool:
    return is_alternatives_rule(proposal.rule_snapshot)


def rule_spec(*, preset: str = "", spec: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
    """The stored spec of a ranked, approval or score rule; None for a yes/no rule.

    Raises ``Invalid`` for a custom spec naming one of these methods with bad options.
    """
    if preset:
        return dict(_BY_KEY[preset].spec) if preset in _BY_KEY else None
    if not spec or _method(spec) not in BALLOT_KINDS:
        return None
    method = _method(spec)
    unknown = sorted(set(spec) - {"method", "quorum", "safeguards"})
    if unknown:
        raise _invalid("spec", f"A rule has no field {', '.join(unknown)}.")
    if spec.get("quorum") or spec.get("safeguards"):
        raise _invalid("spec", "Ranked, approval and score rules take no quorum or safeguards.")
    given = spec["method"].get("options") or {}
    if not isinstance(given, Mapping):
        raise _invalid("spec", "The method's options must be an object.")
    allowed = {*_OPTIONS[method], "tie_breaking"}
    extra = sorted(set(given) - allowed)
    if extra:
        raise _invalid("spec", f"{method} takes no option {', '.join(extra)}.")
    options = {**_OPTIONS[method], **given}
    if options.pop("tie_breaking", TIE_BREAKING) != TIE_BREAKING:
        raise _invalid("spec", f"The only tie-breaking offered is {TIE_BREAKING!r}.")
    for flag in ("ties", "truncation"):
        if flag in options and not isinstance(options[flag], bool):
            raise _invalid("spec", f"{flag} must be true or false.")
    if method == "schulze" and options["strength"] not in ("margin", "winning_votes"):
        raise _invalid("spec", "strength must be 'margin' or 'winning_votes'.")
    if method == "score":
        low, high = options["min_score"], options["max_score"]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)):
            raise _invalid("spec", "min_score and max_score must be whole numbers.")
        if not 0 < high - low <= MAX_SCORE_RANGE:
            raise _invalid("spec", f"max_score must exceed min_score by 1 to {MAX_SCORE_RANGE}.")
    return {"method": {"rule": method, "options": options}, "quorum": None, "safeguards": []}


@dataclass(frozen=True)
class BallotRule:
    """What a ballot under a snapshot must look like."""

    method: str
    kind: str  # ranked, approval or score
    ties: bool = False
    truncation: bool = False
    min_score: int = 0
    max_score: int = 0

    @property
    def label(self) -> str:
        return METHOD_LABELS[self.method]


def ballot_rule(snapshot: Mapping[str, Any]) -> BallotRule:
    method = snapshot["rule"]["method"]
    options = method.get("options", {})
    return BallotRule(
        method=method["rule"],
        kind=BALLOT_KINDS[method["rule"]],
        ties=bool(options.get("ties", False)),
        truncation=bool(options.get("truncation", False)),
        min_score=int(options.get("min_score", 0)),
        max_score=int(options.get("max_score", 0)),
    )


# --- alternatives -------------------------------------------------------------------------------


def alternative_list(*, proposal: Proposal) -> list[Alternative]:
    return list(Alternative.objects.filter(proposal=proposal).order_by("position"))


def _frozen(proposal: Proposal) -> list[dict[str, Any]] | None:
    """The alternatives frozen into the snapshot when voting opened, if it did."""
    snapshot = proposal.rule_snapshot or {}
    return snapshot.get("alternatives") if is_alternatives_rule(snapshot) else None


def _clean_names(names: Sequence[str]) -> list[str]:
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise _invalid("alternatives", "Give a list of names.")
    cleaned: list[str] = []
    seen: set[str] = set()
    for raw in names:
        name = " ".join(str(raw or "").split())
        if not name:
            raise _invalid("alternatives", "Every alternative needs a name.")
        if len(name) > 200:
            raise _invalid("alternatives", "A name has at most 200 characters.")
        if name.casefold() in seen:
            raise _invalid("alternatives", f"“{name}” is listed twice.")
        seen.add(name.casefold())
        cleaned.append(name)
    if len(cleaned) > MAX_ALTERNATIVES:
        raise _invalid("alternatives", f"At most {MAX_ALTERNATIVES} alternatives.")
    return cleaned


def may_edit_alternatives(actor: Any, proposal: Proposal) -> bool:
    """The author (while they may still propose) or a coordinator, before voting opens."""
    if proposal.status not in (ProposalStatus.DRAFT, ProposalStatus.DELIBERATION):
        return False
    if proposal.membership_id or proposal.charter_version_id or proposal.adopted_rule_id:
        return False  # a foundation step is a yes/no question (see subjects.py)
    if actor is None or not actor.is_authenticated:
        return False
    partnership = proposal.partnership
    if proposal.author_id == actor.pk and actor.has_perm("decisions.add_proposal", partnership):
        return True
    return bool(actor.has_perm("decisions.advance_proposal", partnership))


@transaction.atomic
def alternatives_set(*, actor: Any, proposal: Proposal, names: Sequence[str]) -> list[Alternative]:
    """Replace a draft's alternatives by ``names``, in that order (at most 20).

    Fewer than two are allowed while drafting; opening the vote needs at least two.
    Frozen once voting opens (``Conflict``).
    """
    from accord.decisions.services._common import _record
    from accord.decisions.services.proposals import _locked

    is_author = (
        actor is not None
        and actor.is_authenticated
        and proposal.author_id == actor.pk
        and actor.has_perm("decisions.add_proposal", proposal.partnership)
    )
    if not is_author:
        _require(actor, "decisions.advance_proposal", proposal.partnership)
    locked = _locked(proposal)
    if locked.status not in (ProposalStatus.DRAFT, ProposalStatus.DELIBERATION):
        raise Conflict("The alternatives are frozen once voting opens.")
    cleaned = _clean_names(names)
    Alternative.objects.filter(proposal=locked).delete()
    Alternative.objects.bulk_create(
        Alternative(proposal=locked, position=i, name=name) for i, name in enumerate(cleaned, 1)
    )
    _record(
        actor,
        "decisions.alternatives_set",
        locked,
        locked.partnership,
        f"Alternatives of “{locked.title}”: {', '.join(cleaned) or 'none'}",
        alternatives=cleaned,
    )
    return alternative_list(proposal=locked)


def snapshot_with_alternatives(*, proposal: Proposal, snapshot: dict[str, Any]) -> dict[str, Any]:
    """Freeze the alternatives into the rule snapshot when voting opens (call under lock).

    A ranked, approval or score rule needs 2 to 20 alternatives and no sector consent; a
    yes/no rule needs none (``Invalid`` otherwise, so nothing is silently dropped).
    """
    alternatives = alternative_list(proposal=proposal)
    if not is_alternatives_rule(snapshot):
        if alternatives:
            raise _invalid(
                "alternatives",
                f"This kind of decision is decided by “{snapshot['name']}”, a yes/no rule: "
                "remove the alternatives, or assign a ranked, approval or score rule.",
            )
        return snapshot
    if len(alternatives) < MIN_ALTERNATIVES:
        raise _invalid(
            "alternatives",
            f"“{snapshot['name']}” chooses among alternatives: add at least {MIN_ALTERNATIVES}.",
        )
    if proposal.affected_groups:
        raise _invalid(
            "affected_groups",
            "Sector consent is a safeguard of yes/no rules; it cannot apply to a choice "
            "among alternatives.",
        )
    return {
        **snapshot,
        "alternatives": [
            {"id": a.pk, "position": a.position, "name": a.name} for a in alternatives
        ],
    }


# --- ballots -------------------------------------------------------------------------------------


def _alternative_id(value: Any, known: Mapping[int, Any]) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _invalid("ballot", f"{value!r} is not an alternative.")
    try:
        alternative_id = int(value)
    except ValueError as exc:
        raise _invalid("ballot", f"{value!r} is not an alternative.") from exc
    if alternative_id not in known:
        raise _invalid("ballot", f"There is no alternative {alternative_id} on this proposal.")
    return alternative_id


def ballot_preferences(
    *,
    proposal: Proposal,
    ranking: Sequence[Any] | None = None,
    approvals: Sequence[Any] | None = None,
    scores: Mapping[Any, Any] | None = None,
) -> dict[str, Any] | None:
    """The validated preferences of a ballot, or None for a yes/no proposal.

    ``ranking`` lists alternative ids best first, a list of ids for a tie; ``approvals`` is
    the ids approved; ``scores`` maps every alternative id to a whole number in the rule's
    range. Raises ``Invalid`` for an unknown alternative, a repeated one, a tie or a
    truncation the rule does not allow, a score out of range, or an empty ballot.
    """
    frozen = _frozen(proposal)
    if frozen is None:
        if ranking is not None or approvals is not None or scores is not None:
            raise _invalid("ballot", "This proposal takes yes, no, abstain or object ballots.")
        return None
    rule = ballot_rule(proposal.rule_snapshot or {})
    known = {a["id"]: a for a in frozen}
    given = {"ranked": ranking, "approval": approvals, "score": scores}
    for kind, value in given.items():
        if kind != rule.kind and value is not None:
            raise _invalid("ballot", f"Under {rule.label} a ballot is not a set of {kind} choices.")
    if rule.kind == "ranked":
        return {"ranking": _ranking(ranking, known, rule)}
    if rule.kind == "approval":
        ids = [_alternative_id(v, known) for v in (approvals or [])]
        if not ids:
            raise _invalid("ballot", "Approve at least one alternative.")
        if len(set(ids)) != len(ids):
            raise _invalid("ballot", "An alternative is approved twice.")
        return {"approved": sorted(ids, key=lambda i: known[i]["position"])}
    return {"scores": _scores(scores, known, rule)}


def _ranking(ranking: Any, known: Mapping[int, Any], rule: BallotRule) -> list[list[int]]:
    if not ranking:
        raise _invalid("ballot", "Rank at least one alternative.")
    if isinstance(ranking, str | Mapping) or not isinstance(ranking, Sequence):
        raise _invalid("ballot", "Give the ranking as a list, best first.")
    groups: list[list[int]] = []
    seen: set[int] = set()
    for entry in ranking:
        members = entry if isinstance(entry, list | tuple) else [entry]
        if not members:
            raise _invalid("ballot", "A rank lists at least one alternative.")
        group = [_alternative_id(v, known) for v in members]
        if seen.intersection(group) or len(set(group)) != len(group):
            raise _invalid("ballot", "An alternative is ranked twice.")
        if len(group) > 1 and not rule.ties:
            raise _invalid("ballot", f"Under {rule.label} two alternatives cannot share a rank.")
        seen.update(group)
        groups.append(sorted(group, key=lambda i: known[i]["position"]))
    if not rule.truncation and len(seen) != len(known):
        raise _invalid("ballot", f"Under {rule.label} rank every alternative.")
    return groups


def _scores(scores: Any, known: Mapping[int, Any], rule: BallotRule) -> dict[str, int]:
    if not scores:
        raise _invalid("ballot", "Give every alternative a score.")
    if not isinstance(scores, Mapping):
        raise _invalid("ballot", "Give the scores as alternative → score.")
    cleaned: dict[int, int] = {}
    for key, value in scores.items():
        alternative_id = _alternative_id(key, known)
        if alternative_id in cleaned:
            raise _invalid("ballot", "An alternative is scored twice.")
        if isinstance(value, bool) or not isinstance(value, int):
            raise _invalid("ballot", "Scores are whole numbers.")
        if not rule.min_score <= value <= rule.max_score:
            raise _invalid(
                "ballot", f"Scores go from {rule.min_score} to {rule.max_score}, not {value}."
            )
        cleaned[alternative_id] = value
    if set(cleaned) != set(known):
        raise _invalid("ballot", "Give every alternative a score.")
    return {str(i): cleaned[i] for i in sorted(cleaned, key=lambda i: known[i]["position"])}


def describe(
    preferences: Mapping[str, Any] | None, alternatives: Sequence[Mapping[str, Any]]
) -> str:
    """A ballot's preferences in words: "1. A, 2. B = C", "A, C" or "A: 5, B: 2"."""
    if not preferences:
        return ""
    names = {a["id"]: a["name"] for a in alternatives}
    if "ranking" in preferences:
        return ", ".join(
            f"{rank}. " + " = ".join(names.get(i, "?") for i in group)
            for rank, group in enumerate(preferences["ranking"], 1)
        )
    if "approved" in preferences:
        return "approves " + ", ".join(names.get(i, "?") for i in preferences["approved"])
    scores = preferences["scores"]  # in alternatives' order (JSONB does not keep key order)
    return ", ".join(
        f"{a['name']}: {scores[str(a['id'])]}" for a in alternatives if str(a["id"]) in scores
    )


@dataclass(frozen=True)
class BallotRow:
    organization: Any
    preferences: str


def ballot_rows(*, proposal: Proposal, ballots: Sequence[Ballot]) -> list[BallotRow]:
    """Open ballots (``selectors.open_ballot_list``) with their preferences in words."""
    frozen = _frozen(proposal) or []
    return [BallotRow(b.voter, describe(b.preferences, frozen)) for b in ballots]


def my_current_ballots(*, proposal: Proposal, organizations: Sequence[Any]) -> list[Any]:
    """(organization, its current ballot in words or None), like ``selectors.my_current_ballots``."""
    from accord.decisions import selectors
    from accord.decisions.services import ballot_pseudonym

    current = selectors.current_ballots(proposal=proposal)
    frozen = _frozen(proposal) or []
    secret = proposal.secrecy != "open"
    rows = []
    for org in organizations:
        key = (
            ballot_pseudonym(proposal_id=proposal.pk, organization_id=org.pk) if secret else org.pk
        )
        ballot = current.get(key)
        rows.append((org, describe(ballot.preferences, frozen) if ballot else None))
    return rows


# --- counting ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountedBallots:
    """The current ballots of the eligible voters, in the engine's terms."""

    alternatives: list[dict[str, Any]]
    preferences: list[dict[str, Any]]
    weights: list[Fraction]
    sectors: list[str]
    ballot_ids: list[int]
    eligible_by_sector: dict[str, int]
    weighted: bool


def counted_ballots(*, proposal: Proposal, snapshot: Mapping[str, Any]) -> CountedBallots:
    """One entry per eligible voter who cast a ballot, as the tally counts them.

    The voters are the member organizations, or the eligible individuals when the rule lets
    individuals vote (a choice among alternatives is never voted in two chambers).
    """
    from accord.decisions import selectors

    (chamber,) = selectors.chambers_of(dict(snapshot))
    table = selectors.chamber_table(
        partnership=proposal.partnership, snapshot=dict(snapshot), chamber=chamber
    )
    current = selectors.current_ballots(proposal=proposal)
    secret = snapshot.get("secrecy", "open") != "open"
    preferences, weights, sectors, ids = [], [], [], []
    eligible: dict[str, int] = {}
    for voter, sector, weight in zip(table.voters, table.groups, table.weights, strict=True):
        eligible[sector] = eligible.get(sector, 0) + 1
        key = selectors.voter_key(
            proposal=proposal, chamber=chamber, voter_id=voter.pk, secret=secret
        )
        ballot = current.get(key)
        if ballot is None or not ballot.preferences:
            continue
        preferences.append(ballot.preferences)
        weights.append(Fraction(weight))
        sectors.append(sector)
        ids.append(ballot.pk)
    return CountedBallots(
        alternatives=list(snapshot.get("alternatives", [])),
        preferences=preferences,
        weights=weights,
        sectors=sectors,
        ballot_ids=sorted(ids),
        eligible_by_sector=eligible,
        weighted=table.weighted,
    )


def _profile(counted: CountedBallots, rule: BallotRule, *, with_voters: bool = True) -> Any:
    """The engine profile: candidates labelled by position, names, weights and sectors."""
    from accord.decisions.selectors import GROUP_NAMES

    position = {a["id"]: a["position"] for a in counted.alternatives}
    labels = [a["position"] for a in counted.alternatives]
    extra: dict[str, Any] = {
        "candidates": labels,
        "names": [a["name"] for a in counted.alternatives],
    }
    if with_voters:
        extra["groups"] = [GROUP_NAMES.index(s) for s in counted.sectors]
        extra["group_names"] = GROUP_NAMES
        if counted.weighted:
            extra["weights"] = [float(w) for w in counted.weights]
    if rule.kind == "ranked":
        rankings = [[[position[i] for i in g] for g in p["ranking"]] for p in counted.preferences]
        return RankedProfile.from_rankings(rankings, **extra)
    if rule.kind == "approval":
        sets = [[position[i] for i in p["approved"]] for p in counted.preferences]
        return ApprovalProfile.from_sets(sets, **extra)
    rows = [[p["scores"][str(a["id"])] for a in counted.alternatives] for p in counted.preferences]
    return ScoreProfile.from_matrix(
        rows or np.zeros((0, len(labels)), dtype=np.int64),
        min_score=rule.min_score,
        max_score=rule.max_score,
        **extra,
    )


def _number(value: Any) -> Any:
    value = native(value)
    return round(value, 4) if isinstance(value, float) else value


@dataclass(frozen=True)
class AlternativesResult:
    """What ``proposal_close`` stores in the Decision for a choice among alternatives.

    Mirrors the attributes of ``motions.MotionResult`` that the close reads (``outcome``,
    ``reason``, ``decided_by``, ``explain()``), plus the JSON ``counts`` stored as is.
    """

    outcome: str
    reason: str
    decided_by: str
    counts: dict[str, Any]
    text: str

    def explain(self) -> str:
        return self.text


def tally(*, proposal: Proposal, snapshot: Mapping[str, Any]) -> AlternativesResult:
    """Count the ballots with the engine; "accepted" names the chosen alternative.

    Nobody voting gives "no_quorum" (nothing is chosen). Ties are broken in favour of the
    alternative listed first (the engine's lexicographic order on positions).
    """
    rule = ballot_rule(snapshot)
    counted = counted_ballots(proposal=proposal, snapshot=snapshot)
    alternatives = counted.alternatives
    by_position = {a["position"]: a for a in alternatives}
    voted = len(counted.preferences)
    eligible = sum(counted.eligible_by_sector.values())
    counts: dict[str, Any] = {
        "method": rule.method,
        "ballot": rule.kind,
        "voters": voted,
        "eligible": eligible,
        "weighted": counted.weighted,
        "tie_breaking": TIE_BREAKING,
        "alternatives": alternatives,
        "ballot_ids": counted.ballot_ids,
        "winner": None,
        "tied": [],
    }
    if not voted:
        counts["by_group"] = _by_group(counted, rule, None)
        reason = "Nobody voted, so no alternative is chosen."
        return AlternativesResult("no_quorum", reason, rule.method, counts, reason)
    profile = _profile(counted, rule)
    if rule.method == "schulze":
        options = snapshot["rule"]["method"].get("options", {})
        result = schulze(profile, "lexicographic", strength=options.get("strength", "margin"))
    elif rule.method == "instant_runoff":
        result = instant_runoff(profile, "lexicographic")
    elif rule.method == "approval":
        result = approval_voting(profile, "lexicographic")
    else:
        result = score_voting(profile, "lexicographic")
    winner = by_position[result.winner]
    counts["winner"] = winner
    counts["tied"] = (
        [by_position[p]["name"] for p in result.winners] if len(result.winners) > 1 else []
    )
    who = "people" if snapshot.get("voters") == "individuals" else "members"
    lines = [f"{rule.label[0].upper()}{rule.label[1:]}: {voted} of {eligible} {who} voted."]
    if rule.method == "schulze":
        explanation = result.explanation
        names = [by_position[p]["name"] for p in explanation.candidates]
        counts["pairwise"] = [
            {
                "name": names[i],
                "margins": [None if i == j else _number(v) for j, v in enumerate(row)],
                "paths": [
                    None if i == j else _number(v)
                    for j, v in enumerate(explanation.strongest_paths[i])
                ],
            }
            for i, row in enumerate(explanation.margins)
        ]
        counts["names"] = names
        lines.append("Margins (row over column):")
        lines += [
            f"  {r['name']}: " + ", ".join("—" if m is None else str(m) for m in r["margins"])
            for r in counts["pairwise"]
        ]
        lines.append("Strongest paths (row to column):")
        lines += [
            f"  {r['name']}: " + ", ".join("—" if m is None else str(m) for m in r["paths"])
            for r in counts["pairwise"]
        ]
        how = "no other alternative beats it by a stronger chain of majorities"
    elif rule.method == "instant_runoff":
        rounds = result.explanation.rounds
        counts["rounds"] = [
            {
                "number": k,
                "eliminated": [by_position[p]["name"] for p in r.eliminated],
                "exhausted": _number(r.exhausted),
            }
            for k, r in enumerate(rounds, 1)
        ]
        counts["rounds_table"] = [
            {
                "name": a["name"],
                "votes": [
                    _number(r.tallies[a["position"]]) if a["position"] in r.tallies else None
                    for r in rounds
                ],
            }
            for a in alternatives
        ]
        for k, r in enumerate(rounds, 1):
            tallies = ", ".join(
                f"{by_position[p]['name']} {_number(v)}" for p, v in r.tallies.items()
            )
            out = ", ".join(by_position[p]["name"] for p in r.eliminated)
            lines.append(
                f"Round {k}: {tallies}; exhausted {_number(r.exhausted)}"
                + (f"; eliminated {out}." if out else ".")
            )
        how = f"it remains after {len(rounds)} round{'s' if len(rounds) != 1 else ''}"
    else:
        scores = result.explanation.scores
        counts["alternative_totals"] = [
            {"name": a["name"], "total": _number(scores[a["position"]])} for a in alternatives
        ]
        lines.append(
            "Totals: "
            + ", ".join(f"{t['name']} {t['total']}" for t in counts["alternative_totals"])
        )
        what = "approvals" if rule.method == "approval" else "total score"
        how = f"it has the most {what} ({_number(scores[result.winner])})"
    counts["by_group"] = _by_group(counted, rule, profile)
    tie = ""
    if counts["tied"]:
        tie = f" It tied with {', '.join(n for n in counts['tied'] if n != winner['name'])}; the tie is broken in favour of the alternative listed first."
    weighted = " Ballots are weighted by the rule's weights." if counted.weighted else ""
    reason = f"“{winner['name']}” is chosen by {rule.label}: {how}.{tie}{weighted}"
    lines.append(reason)
    return AlternativesResult("accepted", reason, rule.method, counts, "\n".join(lines))


def _by_group(counted: CountedBallots, rule: BallotRule, profile: Any) -> list[dict[str, Any]]:
    """Per sector: eligible members, ballots, and first preferences / approvals / scores."""
    from accord.engine.voting.ranked import plurality_scores

    per_sector: dict[str, list[Any]] = {}
    if profile is not None:
        if rule.kind == "ranked":
            for sector in dict.fromkeys(counted.sectors):
                mask = [s == sector for s in counted.sectors]
                part = _profile(_subset(counted, mask), rule, with_voters=False)
                per_sector[sector] = [_number(v) for v in plurality_scores(part).tolist()]
        else:
            explained = (
                approval_voting(profile) if rule.kind == "approval" else score_voting(profile)
            ).explanation.by_group or {}
            for sector, scores in explained.items():
                per_sector[str(sector)] = [
                    _number(scores[a["position"]]) for a in counted.alternatives
                ]
    return [
        {
            "group": sector,
            "eligible": n,
            "voted": counted.sectors.count(sector),
            "totals": per_sector.get(sector, [0] * len(counted.alternatives)),
        }
        for sector, n in counted.eligible_by_sector.items()
    ]


def _subset(counted: CountedBallots, mask: Sequence[bool]) -> CountedBallots:
    pick = [i for i, keep in enumerate(mask) if keep]
    return CountedBallots(
        alternatives=counted.alternatives,
        preferences=[counted.preferences[i] for i in pick],
        weights=[counted.weights[i] for i in pick],
        sectors=[counted.sectors[i] for i in pick],
        ballot_ids=[],
        eligible_by_sector={},
        weighted=False,
    )


# --- PrefLib export ------------------------------------------------------------------------------

_MOTION_CATEGORIES = (
    BallotChoice.YES,
    BallotChoice.NO,
    BallotChoice.ABSTAIN,
    BallotChoice.OBJECT,
)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def preflib_export(*, proposal: Proposal) -> tuple[str, str]:
    """(file name, text): the proposal's current ballots as a PrefLib file.

    Ranked ballots give ``.soi`` (strict) or ``.toi`` (with ties); approval ballots a
    ``.cat`` with the categories Approved / Not approved; score ballots a ``.cat`` with one
    category per score, highest first; yes/no ballots a ``.cat`` with one alternative (the
    proposal) and the categories Yes / No / Abstain / Object. A decided choice exports
    exactly the ballots it counted, others the current ballots of the eligible voters. Rows
    carry no voter and are sorted by content, so their order reveals nobody; weights are not
    part of the format (the description says so when the rule weighs members).
    """
    from accord.decisions import selectors

    snapshot = proposal.rule_snapshot or selectors.default_snapshot()
    title = _one_line(proposal.title)
    description = (
        f"Ballots on proposal {proposal.pk} of {_one_line(proposal.partnership.name)} "
        f"under the rule {_one_line(snapshot.get('name', ''))}"
    )
    if snapshot.get("weights_mode", "equal") != "equal" or snapshot.get("cap"):
        description += "; each ballot counts once here, while the rule weighs members"
    if is_alternatives_rule(snapshot) and "alternatives" in snapshot:
        file = _alternatives_file(proposal, snapshot, title, description)
    else:
        file = _motion_file(proposal, snapshot, title, description)
    name = f"{proposal.partnership.slug}-proposal-{proposal.pk}.{file.data_type}"
    return name, format_preflib(file)


def _alternatives_file(
    proposal: Proposal, snapshot: Mapping[str, Any], title: str, description: str
) -> PrefLibFile:
    from accord.decisions import selectors

    rule = ballot_rule(snapshot)
    decision = selectors.decision_for(proposal=proposal)
    if decision is not None and "ballot_ids" in decision.counts:
        rows = Ballot.objects.filter(proposal=proposal, pk__in=decision.counts["ballot_ids"])
        preferences = [b.preferences for b in rows]
    else:
        preferences = counted_ballots(proposal=proposal, snapshot=snapshot).preferences
    position = {a["id"]: a["position"] for a in snapshot["alternatives"]}

    def by_content(p: Mapping[str, Any]) -> list[Any]:
        if "ranking" in p:
            return [[position[i] for i in group] for group in p["ranking"]]
        if "approved" in p:
            return [position[i] for i in p["approved"]]
        return [p["scores"][str(a["id"])] for a in snapshot["alternatives"]]

    ordered = sorted(preferences, key=by_content)
    counted = CountedBallots(list(snapshot["alternatives"]), ordered, [], [], [], {}, False)
    profile = _profile(counted, rule, with_voters=False)
    if rule.kind == "ranked":
        strict = all(len(g) == 1 for p in ordered for g in p["ranking"])
        data_type = "soi" if strict else "toi"
        return PrefLibFile(data_type, profile, _header(title, description, data_type, profile))
    if rule.kind == "approval":
        matrix = np.where(profile.approvals, 0, 1)
        names = ["Approved", "Not approved"]
    else:
        matrix = rule.max_score - profile.scores
        names = [f"Score {s}" for s in range(rule.max_score, rule.min_score - 1, -1)]
    categorical = CategoricalProfile.from_matrix(
        matrix,
        profile.counts,
        category_names=names,
        candidates=profile.candidates,
        names=profile.names,
    )
    return PrefLibFile("cat", categorical, _header(title, description, "cat", categorical))


def _motion_file(
    proposal: Proposal, snapshot: Mapping[str, Any], title: str, description: str
) -> PrefLibFile:
    from accord.decisions import selectors

    current = selectors.current_ballots(proposal=proposal)
    secret = snapshot.get("secrecy", "open") != "open"
    codes = []
    chambers = selectors.chambers_of(dict(snapshot))
    if len(chambers) > 1:
        description += "; the organizations' and the individuals' ballots are listed together"
    for chamber in chambers:
        table = selectors.chamber_table(
            partnership=proposal.partnership, snapshot=dict(snapshot), chamber=chamber
        )
        for voter in table.voters:
            key = selectors.voter_key(
                proposal=proposal, chamber=chamber, voter_id=voter.pk, secret=secret
            )
            ballot = current.get(key)
            if ballot is not None and ballot.choice:
                codes.append(_MOTION_CATEGORIES.index(BallotChoice(ballot.choice)))
    profile = CategoricalProfile.from_matrix(
        np.array(sorted(codes), dtype=np.int8).reshape(-1, 1),
        category_names=[c.label.split(" (")[0] for c in _MOTION_CATEGORIES],
        candidates=[1],
        names=[title],
    )
    return PrefLibFile("cat", profile, _header(title, description, "cat", profile))


def _header(
    title: str, description: str, data_type: str, profile: Any
) -> tuple[tuple[str, str], ...]:
    keys: list[tuple[str, str]] = [
        ("TITLE", f" {title}"),
        ("DESCRIPTION", f" {description}"),
        ("DATA TYPE", ""),
        ("NUMBER ALTERNATIVES", ""),
        ("NUMBER VOTERS", ""),
    ]
    if data_type == "cat":
        keys += [("NUMBER UNIQUE PREFERENCES", ""), ("NUMBER CATEGORIES", "")]
        keys += [(f"CATEGORY NAME {k + 1}", "") for k in range(len(profile.category_names))]
    else:
        keys.append(("NUMBER UNIQUE ORDERS", ""))
    keys += [(f"ALTERNATIVE NAME {i + 1}", "") for i in range(profile.n_candidates)]
    return tuple(keys)


def power_note(snapshot: Mapping[str, Any]) -> str:
    return (
        f"Power indices are computed for yes/no rules. “{snapshot.get('name', '')}” chooses "
        f"among alternatives ({METHOD_LABELS[_method(snapshot['rule'])]}), so it is skipped."
    )

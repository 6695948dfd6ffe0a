"""Rules that choose among alternatives: ranked (Schulze, instant runoff), approval, score.

A yes/no proposal is decided by :mod:`accord.engine.voting.motions`; a proposal under one
of these rules chooses one of its :class:`~accord.decisions.models.Alternative` rows. This
module is the definition of those rules, with no database access, so every layer of the
app may read it:

- :data:`PRESETS`, :func:`preset_choices`, :func:`rule_spec` -- the rule picker's presets
  and the validation of a custom rule;
- :func:`is_alternatives_rule`, :func:`ballot_rule` -- what a rule snapshot asks of ballots.

The rest lives by layer: ``services.alternatives`` (setting a draft's alternatives,
freezing them, validating ballots), ``selectors.alternatives`` (pages), ``selectors.tally``
(the engine's count) and ``selectors.preflib`` (the export).

Alternatives are numbered by ``position`` (1, 2, ...): that number is the candidate label
given to the engine, the alternative's number in a PrefLib export, and the tie-breaking
order (a tie is broken in favour of the alternative listed first).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from accord.decisions.models import Proposal
from accord.errors import Invalid

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
#: Marked for translation, kept in English: translate with ``gettext`` where shown.
METHOD_LABELS = {
    "schulze": gettext_noop("ranked choice (Schulze)"),
    "instant_runoff": gettext_noop("ranked choice (instant runoff)"),
    "approval": gettext_noop("approval vote"),
    "score": gettext_noop("score vote"),
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
        name=gettext_lazy("Ranked choice (Schulze)"),
        explanation=gettext_lazy(
            "Members rank the alternatives, best first; they may rank two alternatives "
            "equal and leave some out (those count below every ranked one). The alternative "
            "that beats every other one head to head, directly or through a chain of stronger "
            "majorities, is chosen. A tie is broken in favour of the alternative listed first."
        ),
        spec=_spec("schulze"),
    ),
    ChoicePreset(
        key="ranked_instant_runoff",
        name=gettext_lazy("Ranked choice (instant runoff)"),
        explanation=gettext_lazy(
            "Members rank the alternatives in a strict order, best first, and may stop early. "
            "Each round every ballot counts for its highest-ranked alternative still in the "
            "count, and the alternatives with the fewest votes are eliminated, until one "
            "remains. A tie in the last round is broken in favour of the alternative listed first."
        ),
        spec=_spec("instant_runoff"),
    ),
    ChoicePreset(
        key="approval_vote",
        name=gettext_lazy("Approval vote"),
        explanation=gettext_lazy(
            "Members tick every alternative they can accept. The alternative approved by the "
            "most members is chosen; a tie is broken in favour of the alternative listed first."
        ),
        spec=_spec("approval"),
    ),
    ChoicePreset(
        key="score_vote_0_5",
        name=gettext_lazy("Score vote (0–5)"),
        explanation=gettext_lazy(
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
        raise _invalid(
            "spec", _("A rule has no field %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    if spec.get("quorum") or spec.get("safeguards"):
        raise _invalid("spec", _("Ranked, approval and score rules take no quorum or safeguards."))
    given = spec["method"].get("options") or {}
    if not isinstance(given, Mapping):
        raise _invalid("spec", _("The method's options must be an object."))
    allowed = {*_OPTIONS[method], "tie_breaking"}
    extra = sorted(set(given) - allowed)
    if extra:
        raise _invalid(
            "spec",
            _("%(method)s takes no option %(options)s.")
            % {"method": method, "options": ", ".join(extra)},
        )
    options = {**_OPTIONS[method], **given}
    if options.pop("tie_breaking", TIE_BREAKING) != TIE_BREAKING:
        raise _invalid(
            "spec",
            _("The only tie-breaking offered is %(tie_breaking)s.")
            % {"tie_breaking": repr(TIE_BREAKING)},
        )
    for flag in ("ties", "truncation"):
        if flag in options and not isinstance(options[flag], bool):
            raise _invalid("spec", _("%(option)s must be true or false.") % {"option": flag})
    if method == "schulze" and options["strength"] not in ("margin", "winning_votes"):
        raise _invalid("spec", _("strength must be 'margin' or 'winning_votes'."))
    if method == "score":
        low, high = options["min_score"], options["max_score"]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)):
            raise _invalid("spec", _("min_score and max_score must be whole numbers."))
        if not 0 < high - low <= MAX_SCORE_RANGE:
            raise _invalid(
                "spec",
                _("max_score must exceed min_score by 1 to %(range)s.")
                % {"range": MAX_SCORE_RANGE},
            )
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


def power_note(snapshot: Mapping[str, Any]) -> str:
    return _(
        "Power indices are computed for yes/no rules. “%(name)s” chooses among alternatives "
        "(%(method)s), so it is skipped."
    ) % {"name": snapshot.get("name", ""), "method": _(METHOD_LABELS[_method(snapshot["rule"])])}


def describe(
    preferences: Mapping[str, Any] | None, alternatives: Sequence[Mapping[str, Any]]
) -> str:
    """A ballot's preferences in words: "1. A, 2. B = C", "A, C" or "A: 5, B: 2", and
    "(withholds consent)" after a ballot that withholds the voter's group consent."""
    if not preferences:
        return ""
    if preferences.get("withhold_consent"):
        plain = {k: v for k, v in preferences.items() if k != "withhold_consent"}
        return _("%(ballot)s (withholds consent)") % {"ballot": describe(plain, alternatives)}
    names = {a["id"]: a["name"] for a in alternatives}
    if "ranking" in preferences:
        return ", ".join(
            f"{rank}. " + " = ".join(names.get(i, "?") for i in group)
            for rank, group in enumerate(preferences["ranking"], 1)
        )
    if "approved" in preferences:
        return _("approves %(alternatives)s") % {
            "alternatives": ", ".join(names.get(i, "?") for i in preferences["approved"])
        }
    scores = preferences["scores"]  # in alternatives' order (JSONB does not keep key order)
    return ", ".join(
        f"{a['name']}: {scores[str(a['id'])]}" for a in alternatives if str(a["id"]) in scores
    )

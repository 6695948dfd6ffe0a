"""Writes for proposals that choose among alternatives: set a draft's alternatives, freeze
them into the rule snapshot when voting opens, and validate a ballot's preferences."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.decisions.choice_rules import (
    MAX_ALTERNATIVES,
    MIN_ALTERNATIVES,
    BallotRule,
    ballot_rule,
    is_alternatives_rule,
)
from accord.decisions.models import Alternative, Proposal, ProposalStatus
from accord.decisions.selectors.alternatives import alternative_list, frozen_alternatives
from accord.decisions.services._common import _invalid, locked_proposal
from accord.errors import Conflict
from accord.errors import require_permission as _require

#: What a ballot given as the wrong kind of choices is told, by the kind given.
_NOT_A_SET_OF = {
    "ranked": lambda: _("Under %(rule)s a ballot is not a set of ranked choices."),
    "approval": lambda: _("Under %(rule)s a ballot is not a set of approval choices."),
    "score": lambda: _("Under %(rule)s a ballot is not a set of score choices."),
}


def _clean_names(names: Sequence[str]) -> list[str]:
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise _invalid("alternatives", _("Give a list of names."))
    cleaned: list[str] = []
    seen: set[str] = set()
    for raw in names:
        name = " ".join(str(raw or "").split())
        if not name:
            raise _invalid("alternatives", _("Every alternative needs a name."))
        if len(name) > 200:
            raise _invalid("alternatives", _("A name has at most 200 characters."))
        if name.casefold() in seen:
            raise _invalid("alternatives", _("“%(name)s” is listed twice.") % {"name": name})
        seen.add(name.casefold())
        cleaned.append(name)
    if len(cleaned) > MAX_ALTERNATIVES:
        raise _invalid(
            "alternatives",
            _("At most %(count)s alternatives.") % {"count": MAX_ALTERNATIVES},
        )
    return cleaned


@transaction.atomic
def alternatives_set(*, actor: Any, proposal: Proposal, names: Sequence[str]) -> list[Alternative]:
    """Replace a draft's alternatives by ``names``, in that order (at most 20).

    Fewer than two are allowed while drafting; opening the vote needs at least two.
    Frozen once voting opens (``Conflict``).
    """
    is_author = (
        actor is not None
        and actor.is_authenticated
        and proposal.author_id == actor.pk
        and actor.has_perm("decisions.add_proposal", proposal.partnership)
    )
    if not is_author:
        _require(actor, "decisions.advance_proposal", proposal.partnership)
    locked = locked_proposal(proposal)
    if locked.status not in (ProposalStatus.DRAFT, ProposalStatus.DELIBERATION):
        raise Conflict(_("The alternatives are frozen once voting opens."))
    cleaned = _clean_names(names)
    Alternative.objects.filter(proposal=locked).delete()
    Alternative.objects.bulk_create(
        Alternative(proposal=locked, position=i, name=name) for i, name in enumerate(cleaned, 1)
    )
    partnership_event_record(
        actor,
        "decisions.alternatives_set",
        locked,
        locked.partnership,
        summary(
            gettext_noop("Alternatives of “%(title)s”: %(names)s"),
            title=locked.title,
            names=", ".join(cleaned),
        )
        if cleaned
        else summary(gettext_noop("Alternatives of “%(title)s”: none"), title=locked.title),
        alternatives=cleaned,
    )
    return alternative_list(proposal=locked)


def snapshot_with_alternatives(*, proposal: Proposal, snapshot: dict[str, Any]) -> dict[str, Any]:
    """Freeze the alternatives into the rule snapshot when voting opens (call under lock).

    A ranked, approval or score rule needs 2 to 20 alternatives (the groups whose consent it
    needs are frozen beside them, ``services.consent``); a yes/no rule needs none (``Invalid`` otherwise, so nothing is silently dropped).
    """
    alternatives = alternative_list(proposal=proposal)
    if not is_alternatives_rule(snapshot):
        if alternatives:
            raise _invalid(
                "alternatives",
                _(
                    "This kind of decision is decided by “%(rule)s”, a yes/no rule: "
                    "remove the alternatives, or assign a ranked, approval or score rule."
                )
                % {"rule": snapshot["name"]},
            )
        return snapshot
    if len(alternatives) < MIN_ALTERNATIVES:
        raise _invalid(
            "alternatives",
            _("“%(rule)s” chooses among alternatives: add at least %(count)s.")
            % {"rule": snapshot["name"], "count": MIN_ALTERNATIVES},
        )
    return {
        **snapshot,
        "alternatives": [
            {"id": a.pk, "position": a.position, "name": a.name} for a in alternatives
        ],
    }


def _alternative_id(value: Any, known: Mapping[int, Any]) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _invalid("ballot", _("%(value)s is not an alternative.") % {"value": repr(value)})
    try:
        alternative_id = int(value)
    except ValueError as exc:
        raise _invalid(
            "ballot", _("%(value)s is not an alternative.") % {"value": repr(value)}
        ) from exc
    if alternative_id not in known:
        raise _invalid(
            "ballot",
            _("There is no alternative %(id)s on this proposal.") % {"id": alternative_id},
        )
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
    frozen = frozen_alternatives(proposal)
    if frozen is None:
        if ranking is not None or approvals is not None or scores is not None:
            raise _invalid("ballot", _("This proposal takes yes, no, abstain or object ballots."))
        return None
    rule = ballot_rule(proposal.rule_snapshot or {})
    known = {a["id"]: a for a in frozen}
    given = {"ranked": ranking, "approval": approvals, "score": scores}
    for kind, value in given.items():
        if kind != rule.kind and value is not None:
            raise _invalid("ballot", _NOT_A_SET_OF[kind]() % {"rule": rule.label})
    if rule.kind == "ranked":
        return {"ranking": _ranking(ranking, known, rule)}
    if rule.kind == "approval":
        ids = [_alternative_id(v, known) for v in (approvals or [])]
        if not ids:
            raise _invalid("ballot", _("Approve at least one alternative."))
        if len(set(ids)) != len(ids):
            raise _invalid("ballot", _("An alternative is approved twice."))
        return {"approved": sorted(ids, key=lambda i: known[i]["position"])}
    return {"scores": _scores(scores, known, rule)}


def _ranking(ranking: Any, known: Mapping[int, Any], rule: BallotRule) -> list[list[int]]:
    if not ranking:
        raise _invalid("ballot", _("Rank at least one alternative."))
    if isinstance(ranking, str | Mapping) or not isinstance(ranking, Sequence):
        raise _invalid("ballot", _("Give the ranking as a list, best first."))
    groups: list[list[int]] = []
    seen: set[int] = set()
    for entry in ranking:
        members = entry if isinstance(entry, list | tuple) else [entry]
        if not members:
            raise _invalid("ballot", _("A rank lists at least one alternative."))
        group = [_alternative_id(v, known) for v in members]
        if seen.intersection(group) or len(set(group)) != len(group):
            raise _invalid("ballot", _("An alternative is ranked twice."))
        if len(group) > 1 and not rule.ties:
            raise _invalid(
                "ballot",
                _("Under %(rule)s two alternatives cannot share a rank.") % {"rule": rule.label},
            )
        seen.update(group)
        groups.append(sorted(group, key=lambda i: known[i]["position"]))
    if not rule.truncation and len(seen) != len(known):
        raise _invalid("ballot", _("Under %(rule)s rank every alternative.") % {"rule": rule.label})
    return groups


def _scores(scores: Any, known: Mapping[int, Any], rule: BallotRule) -> dict[str, int]:
    if not scores:
        raise _invalid("ballot", _("Give every alternative a score."))
    if not isinstance(scores, Mapping):
        raise _invalid("ballot", _("Give the scores as alternative → score."))
    cleaned: dict[int, int] = {}
    for key, value in scores.items():
        alternative_id = _alternative_id(key, known)
        if alternative_id in cleaned:
            raise _invalid("ballot", _("An alternative is scored twice."))
        if isinstance(value, bool) or not isinstance(value, int):
            raise _invalid("ballot", _("Scores are whole numbers."))
        if not rule.min_score <= value <= rule.max_score:
            raise _invalid(
                "ballot",
                _("Scores go from %(low)s to %(high)s, not %(value)s.")
                % {"low": rule.min_score, "high": rule.max_score, "value": value},
            )
        cleaned[alternative_id] = value
    if set(cleaned) != set(known):
        raise _invalid("ballot", _("Give every alternative a score."))
    return {str(i): cleaned[i] for i in sorted(cleaned, key=lambda i: known[i]["position"])}

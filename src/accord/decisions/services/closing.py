"""Closing a vote: the tally by the engine, the stored decision and its effect."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import Summary, summary
from accord.decisions import choice_rules, explanations, selectors
from accord.decisions.models import (
    BallotChoice,
    Chamber,
    Decision,
    Proposal,
    ProposalStatus,
    Secrecy,
)
from accord.decisions.selectors.consent import consent_groups, consent_verdicts, group_membership
from accord.decisions.selectors.tally import AlternativesResult, tally
from accord.decisions.services import notices
from accord.decisions.services._common import _invalid, locked_proposal, proposal_sync
from accord.decisions.services.effects import subject_effect_apply
from accord.engine.voting import motions
from accord.errors import Conflict, Invalid
from accord.errors import require_permission as _require
from accord.notifications.services import notifications_resolve
from accord.partnerships.models import Partnership

logger = logging.getLogger(__name__)

_CHOICE_CODES = {
    BallotChoice.YES: motions.Choice.YES,
    BallotChoice.NO: motions.Choice.NO,
    BallotChoice.ABSTAIN: motions.Choice.ABSTAIN,
    BallotChoice.OBJECT: motions.Choice.OBJECT,
}

#: The event of a decision, by its outcome.
_DECIDED = {
    ProposalStatus.ACCEPTED: gettext_noop("“%(title)s”: accepted"),
    ProposalStatus.REJECTED: gettext_noop("“%(title)s”: rejected"),
    ProposalStatus.NO_QUORUM: gettext_noop("“%(title)s”: no quorum"),
}


def _plain(value: Any) -> Any:
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else str(value)
    return value


def _totals(totals: motions.ChoiceTotals) -> dict[str, Any]:
    return {
        name: _plain(getattr(totals, name)) for name in ("yes", "no", "abstain", "object", "absent")
    }


def motion_ballots(
    *, proposal: Proposal, snapshot: dict[str, Any], chamber: str = Chamber.ORGANIZATIONS
) -> tuple[motions.MotionBallots, list[Any]]:
    """The engine's ballots in one chamber: one entry per eligible voter (an admitted member
    with its weight, or a person with one vote), its group and its current choice."""
    table = selectors.chamber_table(
        partnership=proposal.partnership, snapshot=snapshot, chamber=chamber
    )
    ballots = selectors.current_ballots(proposal=proposal)
    secret = snapshot.get("secrecy", Secrecy.OPEN) != Secrecy.OPEN
    choices, reasons = [], []
    for voter in table.voters:
        key = selectors.voter_key(
            proposal=proposal, chamber=chamber, voter_id=voter.pk, secret=secret
        )
        ballot = ballots.get(key)
        choices.append(int(_CHOICE_CODES[ballot.choice]) if ballot else int(motions.Choice.ABSENT))
        reasons.append(bool(ballot and ballot.reason))
    group_names = selectors.GROUP_NAMES
    motion = motions.MotionBallots(
        choices=_array(choices),
        weights=table.weights if table.weighted and table.organizations else None,
        groups=_array([group_names.index(g) for g in table.groups]),
        group_names=group_names,
        reasons=_array(reasons, bool),
    )
    return motion, table.organizations


def _array(values: list[Any], dtype: Any = None) -> Any:
    return np.array(values, dtype=dtype or np.int64)


def _why(result: Any) -> dict[str, Any]:
    """The stored reason of an engine result (a motion, a condition, a quorum check)."""
    return explanations.why(result.code, result.params)


@dataclass(frozen=True)
class ChambersResult:
    """The outcome of a proposal voted in two chambers: it passes only if it passes in both.

    Mirrors what ``proposal_close`` reads of ``motions.MotionResult`` (``outcome``,
    ``reason``, ``decided_by``, ``explain()``), plus ``why``, the reason as data (an app
    code of :mod:`accord.decisions.explanations`, with each chamber's outcome and ``why``).
    No quorum in a chamber gives "no_quorum"; otherwise a chamber that rejects rejects the
    proposal. ``reason`` is ``why`` rendered in the active language.
    """

    outcome: str
    reason: str
    decided_by: str
    by_chamber: dict[str, motions.MotionResult]
    why: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def combine(cls, by_chamber: dict[str, motions.MotionResult]) -> ChambersResult:
        outcomes = {chamber: r.outcome for chamber, r in by_chamber.items()}
        if all(o == "accepted" for o in outcomes.values()):
            outcome, code = "accepted", explanations.AppReasonCode.CHAMBERS_PASSED
        elif "no_quorum" in outcomes.values():
            outcome, code = "no_quorum", explanations.AppReasonCode.CHAMBERS_NO_QUORUM
        else:
            outcome, code = "rejected", explanations.AppReasonCode.CHAMBERS_FAILED
        why = explanations.why(
            code,
            {
                "chambers": [
                    {"chamber": chamber, "outcome": r.outcome, "why": _why(r)}
                    for chamber, r in by_chamber.items()
                ]
            },
        )
        failed = [chamber for chamber, o in outcomes.items() if o != "accepted"]
        decided_by = "both chambers" if not failed else f"{failed[0]} chamber"
        reason = explanations.explanation_text(why)
        return cls(outcome, reason, decided_by, dict(by_chamber), why)

    def explain(self) -> str:
        """The full technical count: the reason, then each chamber's engine account."""
        lines = [f"{self.outcome.replace('_', ' ').capitalize()}: {self.reason}"]
        for chamber, r in self.by_chamber.items():
            lines.append(f"— {Chamber(chamber).label.capitalize()} —")
            lines.append(r.explain())
        return "\n".join(lines)


def _decision_counts(result: Any) -> dict[str, Any]:
    if isinstance(result, AlternativesResult):
        return result.counts
    if isinstance(result, ChambersResult):
        return {
            "why": result.why,
            "chambers": [
                {
                    "chamber": chamber,
                    "label": str(Chamber(chamber).label),
                    "outcome": r.outcome,
                    "reason": explanations.explanation_text(_why(r)),
                    **_decision_counts(r),
                }
                for chamber, r in result.by_chamber.items()
            ],
        }
    return {
        "why": _why(result),
        "totals": _totals(result.totals),
        "weights": _totals(result.weight_totals),
        "by_group": [
            {
                "group": g.group,
                "eligible": g.eligible,
                "counts": _totals(g.counts),
                "weights": _totals(g.weights),
            }
            for g in result.by_group
            if g.eligible
        ],
        "conditions": [
            {
                "condition": c.condition,
                "role": c.role,
                "passed": c.passed,
                "reason": c.reason,
                "why": _why(c),
            }
            for c in result.conditions
        ],
        "quorum": None
        if result.quorum is None
        else {"met": result.quorum.met, "reason": result.quorum.reason, "why": _why(result.quorum)},
    }


def _decision_reason(result: Any, counts: dict[str, Any]) -> str:
    """What people read of the decision, as plain text in the active language."""
    if isinstance(result, (AlternativesResult, ChambersResult)):
        return result.reason
    return explanations.explanation_text(counts["why"])


def _motion_group_consent(*, proposal: Proposal, snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """The verdicts of the partnership's own groups on a yes/no motion: a member withholds
    consent by voting no or objecting; abstaining is not taking part. In two chambers, the
    ballots of both count."""
    groups = consent_groups(snapshot)
    rows: list[list[bool]] = []
    voted: list[bool] = []
    withheld: list[bool] = []
    person_organization = {
        i.person.pk: (i.organization.pk if i.organization is not None else None)
        for i in selectors.eligible_individuals(partnership=proposal.partnership)
    }
    for chamber in selectors.chambers_of(snapshot):
        motion, voters = motion_ballots(proposal=proposal, snapshot=snapshot, chamber=chamber)
        assert motion.groups is not None
        rows += group_membership(
            groups,
            voter_ids=[v.pk for v in voters],
            sectors=[motion.group_names[g] for g in motion.groups],
            chamber=chamber,
            person_organization=person_organization,
        )
        for code in motion.choices.tolist():
            against = code in (int(motions.Choice.NO), int(motions.Choice.OBJECT))
            voted.append(against or code == int(motions.Choice.YES))
            withheld.append(against)
    return consent_verdicts(
        groups, membership=rows, voted=voted, withheld=withheld, reasons=[""] * len(voted)
    )


@transaction.atomic
def proposal_close(
    *,
    actor: Any,
    proposal: Proposal,
    rationale: str = "",
    now: datetime | None = None,
) -> Decision:
    """Tally with the engine and store the decision. Idempotent.

    Before the deadline only a coordinator may close, and only once every member has
    voted. At or after the deadline anyone's request (or the background task, with
    ``actor=None``) closes it. Locks the proposal row, so two closes never both decide.
    """
    now = now or timezone.now()
    locked = locked_proposal(proposal)
    existing = Decision.objects.filter(proposal=locked).first()
    if existing is not None:
        proposal_sync(proposal, locked)
        return existing
    if locked.status != ProposalStatus.VOTING:
        raise Conflict(_("Only a proposal in voting can be closed."))
    assert locked.voting_closes_at is not None
    if now < locked.voting_closes_at:
        _require(actor, "decisions.close_proposal", locked.partnership)
        if not selectors.has_everyone_voted(proposal=locked):
            raise Conflict(
                _(
                    "Voting can close early only once every eligible voter has voted in "
                    "every chamber."
                )
                if len(locked.chambers) > 1
                else _("Voting can close early only once every eligible voter has voted.")
            )
    snapshot = locked.rule_snapshot or selectors.default_snapshot()
    if choice_rules.is_alternatives_rule(snapshot):
        result: Any = tally(proposal=locked, snapshot=snapshot)
    else:
        by_chamber = {}
        for chamber in selectors.chambers_of(snapshot):
            motion, _voters = motion_ballots(proposal=locked, snapshot=snapshot, chamber=chamber)
            try:
                by_chamber[chamber] = motions.decide(motion, selectors.engine_rule(snapshot))
            except ValueError as exc:
                raise Invalid(
                    _("The rule cannot be applied to these ballots: %(error)s") % {"error": exc}
                ) from exc
        result = (
            ChambersResult.combine(by_chamber)
            if len(by_chamber) > 1
            else next(iter(by_chamber.values()))
        )
    counts = _decision_counts(result)
    outcome, decided_by, reason = result.outcome, result.decided_by, None
    if not choice_rules.is_alternatives_rule(snapshot) and consent_groups(snapshot):
        counts["group_consent"] = _motion_group_consent(proposal=locked, snapshot=snapshot)
        refused = [g for g in counts["group_consent"] if not g["consented"]]
        if refused and outcome == "accepted":
            counts["why"] = explanations.why(
                explanations.AppReasonCode.GROUP_CONSENT_WITHHELD,
                {"groups": refused, "passed": counts["why"]},
            )
            outcome, decided_by = ProposalStatus.REJECTED, "group_consent"
            reason = explanations.explanation_text(counts["why"])
    effect = subject_effect_apply(proposal=locked, outcome=outcome, actor=actor)
    if isinstance(effect, Summary):
        # stored in English, and as a message for each reader (``Decision.effect_text``)
        counts["effect"] = effect.as_data()
        effect = effect.english()
    decision = Decision.objects.create(
        proposal=locked,
        outcome=outcome,
        reason=reason or _decision_reason(result, counts),
        decided_by=decided_by,
        explanation=result.explain(),
        counts=counts,
        rule=snapshot,
        rationale=(rationale or "").strip(),
        effect=effect,
        closed_by=actor if actor is not None and actor.is_authenticated else None,
        decided_at=now,
    )
    locked.status = outcome
    locked.save(update_fields=["status"])
    proposal_sync(proposal, locked)
    partnership_event_record(
        actor,
        "decisions.proposal_decided",
        decision,
        locked.partnership,
        summary(_DECIDED[outcome], title=locked.title),
        proposal_id=locked.pk,
        outcome=outcome,
    )
    notifications_resolve(key=notices.vote_key(locked.pk))  # nobody can vote any more
    notices.proposal_decided_notify(proposal=locked, decision=decision, actor=actor)
    return decision


@transaction.atomic
def decision_rationale_add(*, actor: Any, decision: Decision, rationale: str) -> Decision:
    """Write the rationale of a decision closed without one (e.g. at the deadline).

    The decision itself never changes: only an empty rationale can be filled, once.
    """
    proposal = decision.proposal
    _require(actor, "decisions.close_proposal", proposal.partnership)
    rationale = (rationale or "").strip()
    if not rationale:
        raise _invalid("rationale", _("Write the rationale."))
    if not Decision.objects.filter(pk=decision.pk, rationale="").update(rationale=rationale):
        raise Conflict(_("This decision already has its rationale."))
    decision.rationale = rationale
    partnership_event_record(
        actor,
        "decisions.rationale_added",
        decision,
        proposal.partnership,
        summary(gettext_noop("Rationale written for “%(title)s”"), title=proposal.title),
        proposal_id=proposal.pk,
    )
    return decision


def proposal_close_if_due(*, proposal: Proposal, now: datetime | None = None) -> Decision | None:
    """Close the proposal if its deadline has passed (the deadline task, or the sweep command)."""
    now = now or timezone.now()
    if (
        proposal.status != ProposalStatus.VOTING
        or proposal.voting_closes_at is None
        or now < proposal.voting_closes_at
    ):
        return None
    try:
        return proposal_close(actor=None, proposal=proposal, now=now)
    except Invalid:
        # A rule that cannot be applied must not stop the worker or the sweep; the
        # proposal stays in voting (no more ballots: the deadline passed) and is logged.
        logger.exception("Proposal %s could not be closed", proposal.pk)
        return None


def proposals_close_due(*, partnership: Partnership, now: datetime | None = None) -> int:
    """Close every proposal of the partnership whose deadline has passed; how many closed
    (``accord decisions_sweep``, for operators who run no worker)."""
    now = now or timezone.now()
    closed = 0
    for proposal in selectors.proposals_due(partnership=partnership, now=now):
        if proposal_close_if_due(proposal=proposal, now=now) is not None:
            closed += 1
    return closed

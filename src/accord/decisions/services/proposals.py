"""Proposals and their deliberation: drafting, advancing, withdrawing, comments."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.decisions import selectors
from accord.decisions.models import (
    Comment,
    DecisionKind,
    Proposal,
    ProposalStatus,
    Stance,
)
from accord.decisions.services import consent, deadlines, notices
from accord.decisions.services._common import _invalid, locked_proposal, proposal_sync
from accord.decisions.services.alternatives import snapshot_with_alternatives
from accord.errors import Conflict
from accord.errors import require_permission as _require
from accord.notifications.services import notifications_resolve
from accord.partnerships.models import Partnership, VoiceKind
from accord.partnerships.services import voice

_SUBJECT_FIELDS = ("membership", "charter_version", "adopted_rule")


@transaction.atomic
def proposal_create(
    *,
    actor: Any,
    partnership: Partnership,
    title: str,
    body: str = "",
    kind: str = DecisionKind.GENERAL,
    affected_groups: Iterable[str] = (),
    subject: Mapping[str, Any] | None = None,
) -> Proposal:
    """A draft proposal. ``subject`` (``membership``, ``charter_version`` or ``adopted_rule``)
    is set only by :mod:`accord.decisions.services.subjects`, which authorizes it."""
    _require(actor, "decisions.add_proposal", partnership)
    title = (title or "").strip()
    if not title:
        raise _invalid("title", _("Give the proposal a title."))
    if len(title) > 200:
        raise _invalid("title", _("At most 200 characters."))
    if kind not in DecisionKind.values:
        raise _invalid("kind", _("Unknown kind of decision."))
    groups = consent.group_codes_check(
        partnership=partnership, codes=affected_groups, field="affected_groups"
    )
    proposal = Proposal.objects.create(
        partnership=partnership,
        kind=kind,
        title=title,
        body=body or "",
        author=actor,
        affected_groups=groups,
        **{k: v for k, v in (subject or {}).items() if k in _SUBJECT_FIELDS},
    )
    voice.voice_record(partnership, actor, VoiceKind.PROPOSAL, proposal.created_at)
    partnership_event_record(
        actor,
        "decisions.proposal_created",
        proposal,
        partnership,
        summary(gettext_noop("Proposal “%(title)s”"), title=title),
    )
    return proposal


def _snapshot_for(proposal: Proposal) -> dict[str, Any]:
    rule = selectors.rule_for_kind(partnership=proposal.partnership, kind=proposal.kind)
    snapshot = selectors.rule_snapshot(rule) if rule is not None else selectors.default_snapshot()
    return consent.snapshot_with_group_consent(proposal=proposal, snapshot=snapshot)


@transaction.atomic
def proposal_advance(
    *, actor: Any, proposal: Proposal, closes_at: datetime | None = None
) -> Proposal:
    """draft → deliberation → voting. Opening the vote needs ``closes_at`` in the future and
    freezes the rule in force for this kind of decision (plus group consent for the affected
    sectors) into the proposal."""
    _require(actor, "decisions.advance_proposal", proposal.partnership)
    locked = locked_proposal(proposal)
    now = timezone.now()
    if locked.status == ProposalStatus.DRAFT:
        locked.status = ProposalStatus.DELIBERATION
        locked.save(update_fields=["status"])
        verb = "decisions.deliberation_opened"
        event = summary(gettext_noop("Deliberation opened on “%(title)s”"), title=locked.title)
    elif locked.status == ProposalStatus.DELIBERATION:
        if closes_at is None:
            raise _invalid("closes_at", _("Say when voting closes."))
        if timezone.is_naive(closes_at):
            raise _invalid("closes_at", _("Give a date and time with its time zone."))
        if closes_at <= now:
            raise _invalid("closes_at", _("Voting must close in the future."))
        locked.rule_snapshot = snapshot_with_alternatives(
            proposal=locked, snapshot=_snapshot_for(locked)
        )
        # who may vote is fixed now: later joiners vote on later proposals (issue 15)
        locked.rule_snapshot["electorate"] = selectors.electorate_of(partnership=locked.partnership)
        locked.voting_opens_at = now
        locked.voting_closes_at = closes_at
        locked.status = ProposalStatus.VOTING
        locked.save(
            update_fields=["rule_snapshot", "voting_opens_at", "voting_closes_at", "status"]
        )
        verb = "decisions.voting_opened"
        event = summary(gettext_noop("Voting opened on “%(title)s”"), title=locked.title)
        deadlines.deadlines_schedule(locked)
    else:
        raise Conflict(
            _("A proposal that is %(status)s cannot advance.")
            % {"status": locked.get_status_display().lower()}
        )
    partnership_event_record(actor, verb, locked, locked.partnership, event, status=locked.status)
    notices.proposal_advanced_notify(proposal=locked, actor=actor)
    proposal_sync(proposal, locked)
    return locked


@transaction.atomic
def proposal_withdraw(*, actor: Any, proposal: Proposal) -> Proposal:
    """The author or a coordinator withdraws a proposal that is not decided yet."""
    is_author = actor is not None and actor.is_authenticated and proposal.author_id == actor.pk
    if not is_author:
        _require(actor, "decisions.withdraw_proposal", proposal.partnership)
    locked = locked_proposal(proposal)
    if locked.status not in (
        ProposalStatus.DRAFT,
        ProposalStatus.DELIBERATION,
        ProposalStatus.VOTING,
    ):
        raise Conflict(_("Only a proposal that is not decided yet can be withdrawn."))
    locked.status = ProposalStatus.WITHDRAWN
    locked.save(update_fields=["status"])
    proposal_sync(proposal, locked)
    notifications_resolve(key=notices.vote_key(locked.pk))  # nothing left to vote on
    partnership_event_record(
        actor,
        "decisions.proposal_withdrawn",
        locked,
        locked.partnership,
        summary(gettext_noop("“%(title)s” withdrawn"), title=locked.title),
    )
    return locked


@transaction.atomic
def proposal_mark_implemented(*, actor: Any, proposal: Proposal) -> Proposal:
    _require(actor, "decisions.close_proposal", proposal.partnership)
    locked = locked_proposal(proposal)
    if locked.status != ProposalStatus.ACCEPTED:
        raise Conflict(_("Only an accepted proposal can be marked implemented."))
    locked.status = ProposalStatus.IMPLEMENTED
    locked.save(update_fields=["status"])
    proposal_sync(proposal, locked)
    partnership_event_record(
        actor,
        "decisions.proposal_implemented",
        locked,
        locked.partnership,
        summary(gettext_noop("“%(title)s” implemented"), title=locked.title),
    )
    return locked


# --- comments ---------------------------------------------------------------------------------


#: The event of a comment, by its stance.
_COMMENTED = {
    Stance.SUPPORT: gettext_noop("Support on “%(title)s”"),
    Stance.CONCERN: gettext_noop("Concern on “%(title)s”"),
    Stance.QUESTION: gettext_noop("Question on “%(title)s”"),
    Stance.OBJECTION: gettext_noop("Objection on “%(title)s”"),
}


@transaction.atomic
def comment_add(
    *,
    actor: Any,
    proposal: Proposal,
    body: str,
    stance: str = Stance.QUESTION,
    parent: Comment | None = None,
) -> Comment:
    _require(actor, "decisions.comment_proposal", proposal.partnership)
    if proposal.status not in (
        ProposalStatus.DRAFT,
        ProposalStatus.DELIBERATION,
        ProposalStatus.VOTING,
    ):
        raise Conflict(_("The discussion is closed."))
    body = (body or "").strip()
    if not body:
        raise _invalid("body", _("Write something."))
    if stance not in Stance.values:
        raise _invalid("stance", _("Choose support, concern, question or objection."))
    if parent is not None and parent.proposal_id != proposal.pk:
        raise _invalid("parent", _("The comment replied to is on another proposal."))
    comment = Comment.objects.create(
        proposal=proposal, parent=parent, stance=stance, body=body, author=actor
    )
    voice.voice_record(proposal.partnership, actor, VoiceKind.COMMENT, comment.created_at)
    partnership_event_record(
        actor,
        "decisions.comment_added",
        comment,
        proposal.partnership,
        summary(_COMMENTED[stance], title=proposal.title),
        proposal_id=proposal.pk,
    )
    return comment

"""Issue naming: submitting issues, supporting them (approval or dots), moderating them
(hide with a reason, merge duplicates), and turning one into a proposal, a workplan
activity or a budget project."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.core.persistence import unique_or_conflict
from accord.decisions import services as decision_services
from accord.errors import Conflict, NotFound
from accord.errors import require_permission as _require
from accord.participation.models import (
    Issue,
    IssueSupport,
    ParticipationRound,
    Phase,
    RoundKind,
    RoundParticipant,
    SupportMode,
)
from accord.participation.photos import photo_content_type
from accord.participation.services._common import (
    invalid,
    locked_participant,
    participant_ensure,
    require_phase,
    version_bump,
)
from accord.partners.models import Organization
from accord.partnerships.models import VoiceKind
from accord.partnerships.services import voice
from accord.reference.models import SdgTarget
from accord.resources import services as resource_services


def _require_kind(round_: ParticipationRound, kind: str) -> None:
    if round_.kind != kind:
        raise NotFound(_("No such round."))


def _text(value: str, field: str, limit: int, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise invalid(field, message)
    if len(value) > limit:
        raise invalid(field, _("At most %(n)s characters.") % {"n": limit})
    return value


@transaction.atomic
def issue_submit(
    *,
    actor: Any,
    round_: ParticipationRound,
    title: str,
    text: str,
    place: str = "",
    sdg_target: SdgTarget | None = None,
    photo: Any = None,
    public: RoundParticipant | None = None,
) -> Issue:
    """Name a local issue while the round collects them."""
    _require_kind(round_, RoundKind.ISSUES)
    participant = participant_ensure(actor=actor, round_=round_, public=public)
    require_phase(round_, Phase.COLLECT, doing=_("Naming an issue"))
    issue = Issue(
        round=round_,
        author=participant,
        title=_text(title, "title", 200, _("Give the issue a short title.")),
        text=_text(text, "text", 5000, _("Say what the issue is.")),
        place=(place or "").strip()[:200],
        sdg_target=sdg_target,
    )
    if photo:
        issue.photo_type = photo_content_type(photo, partnership_id=round_.partnership_id)
        issue.photo = photo
    issue.save()
    voice.voice_record(round_.partnership, participant.user, VoiceKind.ISSUE, issue.created_at)
    version_bump(round_)
    partnership_event_record(
        actor,
        "participation.issue_submitted",
        issue,
        round_.partnership,
        summary(
            gettext_noop("Issue “%(title)s” named in “%(round)s”"),
            title=issue.title,
            round=round_.title,
        ),
    )
    return issue


def _open_issue(round_: ParticipationRound, issue: Issue) -> Issue:
    """The issue as stored now, if it can still be supported."""
    if issue.round_id != round_.pk:
        raise NotFound(_("No such issue."))
    issue = Issue.objects.get(pk=issue.pk)
    if issue.is_hidden:
        raise Conflict(_("This issue was hidden by the moderator."))
    if issue.is_merged:
        raise Conflict(_("This issue was merged into another; support that one."))
    return issue


@transaction.atomic
def issue_support(
    *,
    actor: Any,
    round_: ParticipationRound,
    issue: Issue,
    dots: int = 1,
    public: RoundParticipant | None = None,
) -> IssueSupport:
    """Support an issue while the round votes: once (approval), or with ``dots`` of the
    round's dots (replacing what the participant gave it before)."""
    _require_kind(round_, RoundKind.ISSUES)
    participant = participant_ensure(actor=actor, round_=round_, public=public)
    require_phase(round_, Phase.VOTE, doing=_("Supporting an issue"))
    issue = _open_issue(round_, issue)
    participant = locked_participant(participant)  # one support change at a time per person
    if round_.support_mode == SupportMode.APPROVAL:
        if dots != 1:
            raise invalid(
                "dots", _("In this round you support an issue or not; there are no dots.")
            )
    else:
        if dots < 1:
            raise invalid("dots", _("Give at least one dot, or withdraw your support."))
        others = sum(
            IssueSupport.objects.filter(participant=participant)
            .exclude(issue=issue)
            .values_list("dots", flat=True)
        )
        if others + dots > round_.dots:
            raise invalid(
                "dots",
                _("You have %(total)s dots in this round and %(left)s left to give.")
                % {"total": round_.dots, "left": round_.dots - others},
            )
    support = IssueSupport.objects.filter(issue=issue, participant=participant).first()
    if support is None:
        with unique_or_conflict(_("You support this issue already.")):
            support = IssueSupport.objects.create(issue=issue, participant=participant, dots=dots)
    elif support.dots != dots:
        support.dots = dots
        support.save(update_fields=["dots"])
    version_bump(round_)
    return support


@transaction.atomic
def issue_unsupport(
    *,
    actor: Any,
    round_: ParticipationRound,
    issue: Issue,
    public: RoundParticipant | None = None,
) -> None:
    """Withdraw one's support while the round votes."""
    _require_kind(round_, RoundKind.ISSUES)
    participant = participant_ensure(actor=actor, round_=round_, public=public)
    require_phase(round_, Phase.VOTE, doing=_("Withdrawing support"))
    if issue.round_id != round_.pk:
        raise NotFound(_("No such issue."))
    IssueSupport.objects.filter(issue=issue, participant=participant).delete()
    version_bump(round_)


def _moderate(actor: Any, round_: ParticipationRound) -> None:
    _require(actor, "participation.moderate_round", round_)
    if round_.phase == Phase.DRAFT:
        raise Conflict(_("The round is not open yet."))


@transaction.atomic
def issue_hide(*, actor: Any, issue: Issue, reason: str) -> Issue:
    """Hide an issue; the reason stays visible (“hidden by the moderator: …”)."""
    round_ = issue.round
    _moderate(actor, round_)
    reason = _text(reason, "reason", 1000, _("Say why the issue is hidden; everyone will see it."))
    locked = Issue.objects.select_for_update().get(pk=issue.pk)
    if locked.is_hidden:
        raise Conflict(_("This issue is hidden already."))
    locked.hidden_reason, locked.hidden_by, locked.hidden_at = reason, actor, timezone.now()
    locked.save(update_fields=["hidden_reason", "hidden_by", "hidden_at"])
    version_bump(round_)
    partnership_event_record(
        actor,
        "participation.issue_hidden",
        locked,
        round_.partnership,
        summary(
            gettext_noop("An issue of “%(round)s” was hidden by the moderator: %(reason)s"),
            round=round_.title,
            reason=reason,
        ),
    )
    return locked


@transaction.atomic
def issue_merge(*, actor: Any, duplicate: Issue, into: Issue) -> Issue:
    """Merge a duplicate into another issue of the round. Its supports carry over, and
    nobody is counted twice: a participant who supported both keeps one support (under
    dots, with the dots of both)."""
    round_ = duplicate.round
    _moderate(actor, round_)
    if into.round_id != round_.pk:
        raise invalid("into", _("Merge into an issue of the same round."))
    if into.pk == duplicate.pk:
        raise invalid("into", _("An issue cannot be merged into itself."))
    locked = {
        i.pk: i for i in Issue.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk])
    }
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    for issue in (duplicate, into):
        if issue.is_hidden or issue.is_merged:
            raise Conflict(_("Only issues that are neither hidden nor merged can be merged."))
    kept = {s.participant_id: s for s in IssueSupport.objects.filter(issue=into)}
    for support in IssueSupport.objects.filter(issue=duplicate).select_for_update():
        existing = kept.get(support.participant_id)
        if existing is None:
            support.issue = into
            support.save(update_fields=["issue"])
        else:
            if round_.support_mode == SupportMode.DOTS:
                existing.dots += support.dots
                existing.save(update_fields=["dots"])
            support.delete()
    duplicate.merged_into = into
    duplicate.save(update_fields=["merged_into"])
    version_bump(round_)
    partnership_event_record(
        actor,
        "participation.issue_merged",
        duplicate,
        round_.partnership,
        summary(
            gettext_noop("“%(duplicate)s” merged into “%(into)s”"),
            duplicate=duplicate.title,
            into=into.title,
        ),
        into=into.pk,
    )
    return into


def _convertible(actor: Any, issue: Issue) -> ParticipationRound:
    round_ = issue.round
    _require(actor, "participation.manage_round", round_)
    if issue.is_hidden or issue.is_merged:
        raise Conflict(_("A hidden or merged issue cannot be taken further."))
    return round_


@transaction.atomic
def issue_to_proposal(*, actor: Any, issue: Issue) -> Any:
    """Put the issue to the partnership as a draft proposal, keeping the link."""
    round_ = _convertible(actor, issue)
    locked = Issue.objects.select_for_update().get(pk=issue.pk)
    if locked.proposal_id:
        raise Conflict(_("This issue is a proposal already."))
    body = _("Named in the participation round “%(round)s”.") % {"round": round_.title}
    proposal = decision_services.proposal_create(
        actor=actor,
        partnership=round_.partnership,
        title=locked.title,
        body=f"{locked.text}\n\n{body}",
    )
    locked.proposal = proposal
    locked.save(update_fields=["proposal"])
    issue.proposal = proposal
    version_bump(round_)
    return proposal


@transaction.atomic
def issue_to_activity(*, actor: Any, issue: Issue, lead_organization: Organization | None) -> Any:
    """Add the issue to the workplan as an activity led by a member, keeping the link."""
    round_ = _convertible(actor, issue)
    if lead_organization is None:
        raise invalid("lead_organization", _("Say which member leads the activity."))
    locked = Issue.objects.select_for_update().get(pk=issue.pk)
    if locked.activity_id:
        raise Conflict(_("This issue is in the workplan already."))
    activity = resource_services.activity_create(
        actor=actor,
        partnership=round_.partnership,
        title=locked.title,
        lead_organization=lead_organization,
        description=locked.text,
    )
    locked.activity = activity
    locked.save(update_fields=["activity"])
    issue.activity = activity
    version_bump(round_)
    return activity

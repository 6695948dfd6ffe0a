"""What happened in a meeting: attendance, minutes, decisions, action items, and travel
support asked of the support fund. Decisions, action items and support requests are
made by their own apps' services; the meeting only links them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.decisions.models import Decision, Proposal, ProposalStatus
from accord.decisions.services import decision_rationale_add, proposal_close
from accord.errors import Conflict
from accord.errors import require_permission as _require
from accord.meetings.models import (
    ATTENDED,
    Attendance,
    Invitation,
    Meeting,
    MeetingActionItem,
    MeetingDecision,
    MeetingSupportRequest,
)
from accord.meetings.services._common import invalid, same_partnership
from accord.partnerships.models import VoiceKind
from accord.partnerships.services.voice import voice_record
from accord.resources.models import SupportKind, SupportRequest
from accord.resources.services import support_request_create
from accord.results.models import ActionItem
from accord.results.services import action_item_create


@transaction.atomic
def attendance_record(
    *,
    actor: Any,
    meeting: Meeting,
    organizations: dict[int, str] | None = None,
    people: dict[int, str] | None = None,
) -> list[Invitation]:
    """Record who came: ``organizations`` and ``people`` map an invited organization's or
    person's id to present, remote, excused or absent. Anyone not invited is a 400 and
    nothing is recorded. Each organization or person newly counted as attending adds one
    act of voice (kind "attendance") to the partnership's tallies."""
    partnership = meeting.partnership
    _require(actor, "meetings.manage_meetings", partnership)
    organizations = organizations or {}
    people = people or {}
    for field, entries in (("organizations", organizations), ("people", people)):
        for value in entries.values():
            if value not in Attendance.values:
                raise invalid(field, _("Choose present, remote, excused or absent."))
    invitations = list(Invitation.objects.select_for_update().filter(meeting=meeting))
    by_org = {i.organization_id: i for i in invitations if i.organization_id}
    by_person = {i.person_id: i for i in invitations if i.person_id}
    if set(organizations) - set(by_org):
        raise invalid("organizations", _("Record attendance only for those invited."))
    if set(people) - set(by_person):
        raise invalid("people", _("Record attendance only for those invited."))
    changed = []
    for index, entries in ((by_org, organizations), (by_person, people)):
        for pk, value in entries.items():
            invitation = index[pk]
            if invitation.attendance == value:
                continue
            newly_attended = value in ATTENDED and invitation.attendance not in ATTENDED
            invitation.attendance = value
            changed.append(invitation)
            if newly_attended:
                if invitation.person_id:
                    voice_record(
                        partnership, invitation.person, VoiceKind.ATTENDANCE, meeting.starts_at
                    )
                else:
                    voice_record(
                        partnership,
                        None,
                        VoiceKind.ATTENDANCE,
                        meeting.starts_at,
                        organization=invitation.organization,
                    )
    Invitation.objects.bulk_update(changed, ["attendance"])
    if changed:
        partnership_event_record(
            actor,
            "meetings.attendance_recorded",
            meeting,
            partnership,
            summary(gettext_noop("Attendance recorded for “%(title)s”"), title=meeting.title),
            changed=len(changed),
        )
    return invitations


@transaction.atomic
def minutes_save(*, actor: Any, meeting: Meeting, minutes: str) -> Meeting:
    """Store the minutes as typed (Markdown); pages render them through nh3."""
    _require(actor, "meetings.manage_meetings", meeting.partnership)
    minutes = (minutes or "").strip()
    if len(minutes) > 100_000:
        raise invalid("minutes", _("The minutes are too long (100,000 characters at most)."))
    meeting.minutes = minutes
    meeting.minutes_updated_at = timezone.now()
    meeting.save(update_fields=["minutes", "minutes_updated_at"])
    partnership_event_record(
        actor,
        "meetings.minutes_saved",
        meeting,
        meeting.partnership,
        summary(gettext_noop("Minutes of “%(title)s” written"), title=meeting.title),
    )
    return meeting


def _meeting_note(meeting: Meeting) -> str:
    day = timezone.localtime(meeting.starts_at, meeting_zone(meeting)).date()
    return _("Decided at the meeting “%(title)s” of %(day)s.") % {
        "title": meeting.title,
        "day": day.isoformat(),
    }


def meeting_zone(meeting: Meeting) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(meeting.time_zone)


@transaction.atomic
def decision_record(
    *, actor: Any, meeting: Meeting, proposal: Proposal, rationale: str = ""
) -> MeetingDecision:
    """Record that the meeting decided a proposal, under the partnership's rule.

    A proposal in voting is closed by ``decisions.proposal_close`` (the rule, its early
    closing condition and the tally are decisions'), with the meeting named in the
    rationale, so the decision log shows it. A proposal already decided without a
    rationale gets the meeting as its rationale. A proposal of another partnership is
    a 400; one not yet put to the vote is a 409.
    """
    partnership = meeting.partnership
    _require(actor, "meetings.manage_meetings", partnership)
    if proposal is None:
        raise invalid("proposal", _("Choose the proposal decided."))
    same_partnership(proposal, partnership, "proposal", _("Choose a proposal of this partnership."))
    if MeetingDecision.objects.filter(proposal=proposal).exists():
        raise Conflict(_("This decision is already recorded in a meeting."))
    note = _meeting_note(meeting)
    extra = (rationale or "").strip()
    text = f"{note} {extra}".strip()
    if proposal.status == ProposalStatus.VOTING:
        proposal_close(actor=actor, proposal=proposal, rationale=text)
    else:
        decision = Decision.objects.filter(proposal=proposal).first()
        if decision is None:
            raise Conflict(_("Only a proposal put to the vote can be decided in a meeting."))
        if not decision.rationale:
            decision_rationale_add(actor=actor, decision=decision, rationale=text)
    link = MeetingDecision.objects.create(meeting=meeting, proposal=proposal, recorded_by=actor)
    partnership_event_record(
        actor,
        "meetings.decision_recorded",
        meeting,
        partnership,
        summary(
            gettext_noop("“%(proposal)s” decided at “%(title)s”"),
            proposal=proposal.title,
            title=meeting.title,
        ),
        proposal_id=proposal.pk,
    )
    return link


@transaction.atomic
def action_item_from_minutes(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    owner: Any,
    due_on: date,
    owner_organization: Any = None,
    description: str = "",
    proposal: Proposal | None = None,
) -> ActionItem:
    """An action item agreed in the meeting (``results.action_item_create``), linked to it."""
    _require(actor, "meetings.manage_meetings", meeting.partnership)
    same_partnership(
        proposal, meeting.partnership, "proposal", _("Choose a proposal of this partnership.")
    )
    item = action_item_create(
        actor=actor,
        partnership=meeting.partnership,
        title=title,
        owner=owner,
        due_on=due_on,
        owner_organization=owner_organization,
        description=description or _("From the meeting “%(title)s”.") % {"title": meeting.title},
        proposal=proposal,
    )
    MeetingActionItem.objects.create(meeting=meeting, action_item=item)
    return item


@transaction.atomic
def travel_support_request(
    *,
    actor: Any,
    meeting: Meeting,
    organization: Any,
    amount: Any,
    currency_code: str,
    description: str = "",
) -> SupportRequest:
    """Ask the support fund for the travel costs of an invited organization to attend
    (``resources.support_request_create``; its representative asks, a coordinator
    decides on the resources page)."""
    if organization is None or not meeting.invitations.filter(organization=organization).exists():
        raise invalid("organization", _("Ask for an organization invited to this meeting."))
    when = timezone.localtime(meeting.starts_at, meeting_zone(meeting)).date().isoformat()
    request = support_request_create(
        actor=actor,
        partnership=meeting.partnership,
        organization=organization,
        kind=SupportKind.TRAVEL,
        description=(
            _("Travel to the meeting “%(title)s” of %(day)s.")
            % {"title": meeting.title, "day": when}
            + (f" {description.strip()}" if description and description.strip() else "")
        ),
        amount=amount,
        currency_code=currency_code,
    )
    MeetingSupportRequest.objects.create(meeting=meeting, support_request=request)
    return request

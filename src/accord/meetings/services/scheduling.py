"""Scheduling a meeting: when (entered in a named time zone, stored in UTC), where,
who is invited, and the agenda."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.errors import require_permission as _require
from accord.meetings import selectors
from accord.meetings.models import AgendaItem, Invitation, Meeting
from accord.meetings.services._common import invalid, same_partnership
from accord.partnerships.models import Partnership


def zone_of(name: str) -> ZoneInfo:
    """The named IANA time zone, or a 400 on ``time_zone``."""
    name = (name or "").strip()
    if name not in available_timezones():
        raise invalid("time_zone", _("Choose a time zone from the list, e.g. Africa/Kampala."))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:  # pragma: no cover - listed above
        raise invalid("time_zone", _("Unknown time zone.")) from exc


def _when(
    starts_local: datetime, ends_local: datetime, zone: ZoneInfo
) -> tuple[datetime, datetime]:
    if starts_local is None:
        raise invalid("starts_at", _("Give the date and time the meeting starts."))
    if ends_local is None:
        raise invalid("ends_at", _("Give the time the meeting ends."))
    starts = starts_local.replace(tzinfo=zone) if starts_local.tzinfo is None else starts_local
    ends = ends_local.replace(tzinfo=zone) if ends_local.tzinfo is None else ends_local
    if ends <= starts:
        raise invalid("ends_at", _("The meeting must end after it starts."))
    return starts, ends


def _where(place: str, online_link: str) -> tuple[str, str]:
    place = (place or "").strip()[:200]
    online_link = (online_link or "").strip()
    if online_link:
        try:
            URLValidator(schemes=["http", "https"])(online_link)
        except ValidationError as exc:
            raise invalid("online_link", _("Give a web address starting with https://.")) from exc
    if not place and not online_link:
        raise invalid("place", _("Say where the meeting is held, or give its online link."))
    return place, online_link[:500]


def _invitees(
    partnership: Partnership, organizations: Iterable[Any], people: Iterable[Any]
) -> tuple[set[int], set[int]]:
    organization_ids = {o.pk for o in organizations}
    person_ids = {p.pk for p in people}
    allowed_orgs = set(
        selectors.invitable_organizations(partnership=partnership)
        .filter(pk__in=organization_ids)
        .values_list("pk", flat=True)
    )
    if organization_ids - allowed_orgs:
        raise invalid("organizations", _("Invite only the partnership's member organizations."))
    allowed_people = set(
        selectors.invitable_people(partnership=partnership)
        .filter(pk__in=person_ids)
        .values_list("pk", flat=True)
    )
    if person_ids - allowed_people:
        raise invalid("people", _("Invite only people who take part in the partnership."))
    return organization_ids, person_ids


def _invitations_set(meeting: Meeting, organization_ids: set[int], person_ids: set[int]) -> None:
    """Keep the invitations still wanted (with their attendance), add the new ones."""
    existing = list(meeting.invitations.all())
    keep_orgs = {i.organization_id for i in existing if i.organization_id in organization_ids}
    keep_people = {i.person_id for i in existing if i.person_id in person_ids}
    meeting.invitations.exclude(organization_id__in=keep_orgs).exclude(
        person_id__in=keep_people
    ).delete()
    Invitation.objects.bulk_create(
        [Invitation(meeting=meeting, organization_id=pk) for pk in organization_ids - keep_orgs]
        + [Invitation(meeting=meeting, person_id=pk) for pk in person_ids - keep_people]
    )


def _title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise invalid("title", _("Give the meeting a title."))
    return title[:200]


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
    partnership: Partnership,
    title: str,
    starts_local: datetime,
    ends_local: datetime,
    time_zone: str,
    place: str = "",
    online_link: str = "",
    organizations: Iterable[Any] = (),
    people: Iterable[Any] = (),
    agenda: Iterable[str] = (),
) -> Meeting:
    """Schedule a meeting. ``starts_local`` and ``ends_local`` are wall-clock times in
    ``time_zone``; ``agenda`` is a list of item titles (links are added one by one)."""
    _require(actor, "meetings.manage_meetings", partnership)
    title = _title(title)
    zone = zone_of(time_zone)
    starts, ends = _when(starts_local, ends_local, zone)
    place, online_link = _where(place, online_link)
    organization_ids, person_ids = _invitees(partnership, organizations, people)
    meeting = Meeting.objects.create(
        partnership=partnership,
        title=title,
        starts_at=starts,
        ends_at=ends,
        time_zone=zone.key,
        place=place,
        online_link=online_link,
        created_by=actor,
    )
    _invitations_set(meeting, organization_ids, person_ids)
    lines = [line.strip()[:200] for line in agenda if line and line.strip()]
    AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=meeting, position=n, title=line) for n, line in enumerate(lines, 1)]
    )
    partnership_event_record(
        actor,
        "meetings.meeting_scheduled",
        meeting,
        partnership,
        summary(gettext_noop("Meeting “%(title)s” scheduled"), title=title),
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    starts_local: datetime,
    ends_local: datetime,
    time_zone: str,
    place: str = "",
    online_link: str = "",
    organizations: Iterable[Any] = (),
    people: Iterable[Any] = (),
) -> Meeting:
    """Change when, where and who; attendance already recorded for someone still
    invited is kept."""
    partnership = meeting.partnership
    _require(actor, "meetings.manage_meetings", partnership)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.title = _title(title)
    zone = zone_of(time_zone)
    meeting.starts_at, meeting.ends_at = _when(starts_local, ends_local, zone)
    meeting.time_zone = zone.key
    meeting.place, meeting.online_link = _where(place, online_link)
    organization_ids, person_ids = _invitees(partnership, organizations, people)
    meeting.save()
    _invitations_set(meeting, organization_ids, person_ids)
    partnership_event_record(
        actor,
        "meetings.meeting_changed",
        meeting,
        partnership,
        summary(gettext_noop("Meeting “%(title)s” changed"), title=meeting.title),
    )
    return meeting


@transaction.atomic
def agenda_item_add(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    proposal: Any = None,
    activity: Any = None,
    indicator: Any = None,
) -> AgendaItem:
    """An agenda item, optionally about a proposal, an activity or an indicator of the
    same partnership."""
    partnership = meeting.partnership
    _require(actor, "meetings.manage_meetings", partnership)
    title = (title or "").strip()[:200] or str(proposal or activity or indicator or "")[:200]
    if not title:
        raise invalid("title", _("Give the agenda item a title."))
    message = _("Link only to something of this partnership.")
    same_partnership(proposal, partnership, "proposal", message)
    same_partnership(activity, partnership, "activity", message)
    same_partnership(indicator, partnership, "indicator", message)
    position = meeting.agenda_items.count() + 1
    return AgendaItem.objects.create(
        meeting=meeting,
        position=position,
        title=title,
        proposal=proposal,
        activity=activity,
        indicator=indicator,
    )

"""RFC 5545 calendars (through the icalendar library) of meetings and voting deadlines.

Every event is written in UTC with a stable UID, so a calendar application that
subscribes to a feed updates the same events when a meeting moves.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from accord.decisions.models import Proposal
from accord.meetings.models import Meeting

PRODUCT_ID = "-//Accord//Meetings//EN"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _meeting_event(meeting: Meeting, base_url: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@accord")
    event.add("dtstamp", now)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", f"{meeting.title} · {meeting.partnership.name}")
    location = meeting.place or meeting.online_link
    if location:
        event.add("location", location)
    url = f"{base_url}/p/{meeting.partnership.slug}/meetings/{meeting.pk}/"
    event.add("url", url)
    description = [url]
    if meeting.online_link:
        description.insert(0, _("Online: %(link)s") % {"link": meeting.online_link})
    event.add("description", "\n".join(description))
    return event


def _deadline_event(proposal: Proposal, base_url: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", f"proposal-{proposal.pk}-deadline@accord")
    event.add("dtstamp", now)
    event.add("dtstart", proposal.voting_closes_at)
    event.add("dtend", proposal.voting_closes_at)
    event.add(
        "summary",
        _("Voting closes: %(title)s · %(partnership)s")
        % {"title": proposal.title, "partnership": proposal.partnership.name},
    )
    event.add("url", f"{base_url}/p/{proposal.partnership.slug}/decisions/{proposal.pk}/")
    event.add("transp", "TRANSPARENT")
    return event


def calendar_bytes(
    *,
    name: str,
    meetings: Iterable[Meeting],
    deadlines: Iterable[Proposal] = (),
    base_url: str = "",
) -> bytes:
    """The calendar as the bytes of an ``.ics`` file."""
    now = timezone.now()
    calendar = _calendar(name)
    for meeting in meetings:
        calendar.add_component(_meeting_event(meeting, base_url, now))
    for proposal in deadlines:
        calendar.add_component(_deadline_event(proposal, base_url, now))
    return calendar.to_ical()

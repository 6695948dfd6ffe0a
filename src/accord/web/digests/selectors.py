"""What a person's digest holds, as they may see it today."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from accord.audit.models import Event
from accord.meetings.models import Meeting
from accord.notifications.models import DigestFrequency, DigestPreference
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships.models import Partnership
from accord.web import selectors as web_selectors

#: At most this many events per partnership in one digest (the rest are counted).
EVENTS_PER_PARTNERSHIP = 10
PERIODS = {DigestFrequency.DAILY: timedelta(days=1), DigestFrequency.WEEKLY: timedelta(days=7)}


def preference_of(user: Any) -> DigestPreference:
    """The person's preference, or the defaults (unsaved) when they never chose."""
    found = DigestPreference.objects.filter(user=user).first()
    return found if found is not None else DigestPreference(user=user)


@dataclass
class PartnershipDigest:
    partnership: Partnership
    events: list[Event] = field(default_factory=list)
    more_events: int = 0
    meetings: list[Meeting] = field(default_factory=list)
    waiting: list[Any] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.events or self.meetings or self.waiting)


@dataclass
class Digest:
    user: Any
    since: datetime
    until: datetime
    preference: DigestPreference
    partnerships: list[PartnershipDigest]

    @property
    def is_empty(self) -> bool:
        return all(p.is_empty for p in self.partnerships)


def digest_for(*, user: Any, now: datetime) -> Digest:
    """The digest of ``user`` for the period ending ``now``: the events since the last one
    (at most one period back), the meetings of the coming week, what waits for them."""
    preference = preference_of(user)
    period = PERIODS[DigestFrequency(preference.frequency)]
    since = max(preference.last_sent_at or now - period, now - period)
    partnerships = [
        p
        for p in partnership_selectors.partnership_list_mine(actor=user)
        if user.has_perm("partnerships.view_feed", p)
    ]
    by_id = {p.pk: PartnershipDigest(partnership=p) for p in partnerships}
    if preference.activity and by_id:
        events = (
            Event.objects.filter(
                partnership_id__in=list(by_id), created_at__gt=since, created_at__lte=now
            )
            .exclude(actor_id=user.pk)
            .order_by("-created_at", "-id")
        )
        for event in events.iterator():
            row = by_id[event.partnership_id]
            if len(row.events) < EVENTS_PER_PARTNERSHIP:
                row.events.append(event)
            else:
                row.more_events += 1
    if preference.waiting and by_id:
        meeting_ids = [p.pk for p in partnerships if user.has_perm("meetings.view_meetings", p)]
        for meeting in Meeting.objects.filter(
            partnership_id__in=meeting_ids,
            starts_at__gt=now,
            starts_at__lte=now + timedelta(days=7),
        ).order_by("starts_at", "id"):
            by_id[meeting.partnership_id].meetings.append(meeting)
        for row in web_selectors.waiting_for_you(actor=user, partnerships=partnerships):
            by_id[row.partnership.pk].waiting = list(row.items)
    return Digest(
        user=user,
        since=since,
        until=now,
        preference=preference,
        partnerships=[row for row in by_id.values() if not row.is_empty],
    )


def is_due(preference: DigestPreference, now: datetime) -> bool:
    """A digest is due a period after the last one (an hour early is on time: the queue
    runs hourly); a person who never had one gets their first at once."""
    if not (preference.activity or preference.waiting):
        return False
    if preference.last_sent_at is None:
        return True
    period = PERIODS[DigestFrequency(preference.frequency)]
    return now - preference.last_sent_at >= period - timedelta(hours=1)

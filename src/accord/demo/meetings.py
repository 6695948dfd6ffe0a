"""The demo's meetings (data/meetings.json): a year of Lake Kivuli's monthly board
meetings with attendance, minutes and action items.

Meetings held at the lake are attended by every member (the water authority joins
remotely); the three held far from it (twice in the county town, once in Nairobi) are
missed by the fisherfolk cooperative, which the minutes record. Written through the meetings services; idempotent: nothing is loaded
when the partnership has a meeting.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from accord.demo import accounts, story
from accord.meetings import services
from accord.meetings.models import Meeting
from accord.partners.models import Organization
from accord.partnerships.models import Membership, MembershipStatus, Partnership


def load(slug: str) -> bool:
    if Meeting.objects.filter(partnership__slug=slug).exists():
        return False
    chapter = story.data("meetings").get(slug)
    if chapter is None:
        return False
    partnership = Partnership.objects.get(slug=slug)
    coordinator = accounts.person(chapter["coordinator"])
    members = list(
        Organization.objects.filter(
            memberships__partnership=partnership,
            memberships__status=MembershipStatus.ADMITTED,
        ).order_by("name")
    )
    if not Membership.objects.filter(partnership=partnership).exists():
        return False
    remote = set(chapter["remote"])
    zone = ZoneInfo(chapter["time_zone"])
    for data in chapter["meetings"]:
        day = datetime(chapter["year"], data["month"], 14, 10, 0, tzinfo=zone)
        meeting = services.meeting_create(
            actor=coordinator,
            partnership=partnership,
            title=data["title"],
            starts_local=day,
            ends_local=day + timedelta(hours=3),
            time_zone=chapter["time_zone"],
            place=data["place"],
            organizations=members,
            agenda=data["agenda"],
        )
        attendance = {}
        for organization in members:
            if organization.name == chapter["fisherfolk"] and data["far"]:
                attendance[organization.pk] = "absent"
            elif organization.name in remote:
                attendance[organization.pk] = "remote"
            else:
                attendance[organization.pk] = "present"
        services.attendance_record(actor=coordinator, meeting=meeting, organizations=attendance)
        services.minutes_save(actor=coordinator, meeting=meeting, minutes=data["minutes"])
        for action in data["actions"]:
            services.action_item_from_minutes(
                actor=coordinator,
                meeting=meeting,
                title=action["title"],
                owner=accounts.person(action["owner"]),
                due_on=(day + timedelta(days=action["days"])).date(),
            )
    return True

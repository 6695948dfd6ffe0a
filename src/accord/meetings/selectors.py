"""Every read of meetings: lists, the meeting page, choices for forms, attendance per
organization (for the balance pages), the voice rows of attendance, calendar feeds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from accord.decisions.models import OPEN_STATUSES, Proposal, ProposalStatus
from accord.errors import NotFound
from accord.meetings.models import (
    ATTENDED,
    CalendarFeed,
    Invitation,
    Meeting,
    MeetingDecision,
)
from accord.partners.models import Organization
from accord.partnerships.models import (
    Membership,
    MembershipStatus,
    Participant,
    Partnership,
    VoiceKind,
)
from accord.partnerships.selectors import partnership_list_mine
from accord.partnerships.services.voice import VoiceRow, voice_organization_ids

__all__ = [
    "AttendanceSummary",
    "MeetingPage",
    "attendance_by_organization",
    "attendance_summary",
    "attendance_voice_rows",
    "attended_together",
    "feed_get",
    "feed_items",
    "meeting_get",
    "meeting_list",
    "meeting_page",
]


def meeting_list(*, partnership: Partnership) -> QuerySet[Meeting]:
    return Meeting.objects.filter(partnership=partnership).annotate(
        invited_count=Count("invitations", distinct=True),
        attended_count=Count(
            "invitations", filter=Q(invitations__attendance__in=ATTENDED), distinct=True
        ),
    )


def meeting_get(*, partnership: Partnership, meeting_id: int) -> Meeting:
    meeting = (
        Meeting.objects.filter(partnership=partnership, pk=meeting_id)
        .select_related("partnership")
        .first()
    )
    if meeting is None:
        raise NotFound(_("No such meeting."))
    return meeting


@dataclass(frozen=True)
class MeetingPage:
    meeting: Meeting
    agenda: list[Any]
    invitations: list[Invitation]
    decisions: list[MeetingDecision]
    action_items: list[Any]
    support_requests: list[Any]


def meeting_page(*, meeting: Meeting) -> MeetingPage:
    """Everything the meeting page shows, in a fixed number of queries."""
    return MeetingPage(
        meeting=meeting,
        agenda=list(meeting.agenda_items.select_related("proposal", "activity", "indicator")),
        invitations=sorted(
            meeting.invitations.select_related("organization", "person"),
            key=lambda i: (i.organization_id is None, str(i.invitee).casefold()),
        ),
        decisions=list(
            meeting.decisions.select_related("proposal", "proposal__decision").order_by(
                "recorded_at", "id"
            )
        ),
        action_items=[
            link.action_item
            for link in meeting.action_items.select_related(
                "action_item", "action_item__owner", "action_item__owner_organization"
            ).order_by("action_item__due_on", "id")
        ],
        support_requests=[
            link.support_request
            for link in meeting.support_requests.select_related(
                "support_request", "support_request__organization"
            ).order_by("id")
        ],
    )


def invitable_organizations(*, partnership: Partnership) -> QuerySet[Organization]:
    """Admitted and invited member organizations."""
    return Organization.objects.filter(
        memberships__partnership=partnership,
        memberships__status__in=[
            MembershipStatus.ADMITTED,
            MembershipStatus.INVITED,
            MembershipStatus.ACCEPTED,
        ],
    ).order_by("name")


def invitable_people(*, partnership: Partnership) -> QuerySet[Any]:
    """The people of the partnership: those who work for a member organization, and its
    participants (coordinators, community participants, observers)."""
    members = Membership.objects.filter(
        partnership=partnership,
        status__in=[MembershipStatus.ADMITTED, MembershipStatus.INVITED, MembershipStatus.ACCEPTED],
    ).values("organization_id")
    participants = Participant.objects.filter(partnership=partnership, left_at__isnull=True).values(
        "user_id"
    )
    return (
        get_user_model()
        .objects.filter(
            Q(affiliations__organization_id__in=members) | Q(pk__in=participants),
            is_active=True,
        )
        .distinct()
        .order_by("name")
    )


def proposal_choices(*, partnership: Partnership) -> QuerySet[Proposal]:
    return Proposal.objects.filter(partnership=partnership).order_by("-created_at", "-id")


def decidable_proposal_choices(*, partnership: Partnership) -> QuerySet[Proposal]:
    """Proposals a meeting may record as decided: in voting, or decided and not yet
    recorded by another meeting."""
    recorded = MeetingDecision.objects.values("proposal_id")
    return (
        Proposal.objects.filter(partnership=partnership)
        .filter(Q(status=ProposalStatus.VOTING) | Q(decision__isnull=False))
        .exclude(pk__in=recorded)
        .order_by("-created_at", "-id")
    )


def attendance_by_organization(
    partnership_id: int, *, since: datetime | None = None, until: datetime | None = None
) -> dict[int, tuple[int, int]]:
    """For each organization invited to the partnership's meetings starting in
    [since, until): (meetings attended, present or remote; meetings invited to)."""
    invitations = Invitation.objects.filter(
        meeting__partnership_id=partnership_id, organization__isnull=False
    )
    if since is not None:
        invitations = invitations.filter(meeting__starts_at__gte=since)
    if until is not None:
        invitations = invitations.filter(meeting__starts_at__lt=until)
    rows = invitations.values("organization_id").annotate(
        invited=Count("id"), attended=Count("id", filter=Q(attendance__in=ATTENDED))
    )
    return {row["organization_id"]: (row["attended"], row["invited"]) for row in rows}


@dataclass(frozen=True)
class AttendanceSummary:
    """Who came to a partnership's meetings, counted per *holder*: a member organization
    (its own invitation and its people's count once per meeting), another organization
    invited as such, or None for the people who speak for no member organization (each
    person and meeting once).

    Only invitations whose attendance is recorded count: a meeting not held yet, or held
    without a record, is neither attended nor missed.
    """

    #: holder -> meetings attended (present or remote)
    attended: dict[int | None, int]
    #: holder -> meetings with a recorded attendance (attended, excused or absent)
    recorded: dict[int | None, int]


def _recorded_invitations(partnership_id: int) -> QuerySet[Invitation]:
    return Invitation.objects.filter(meeting__partnership_id=partnership_id).exclude(attendance="")


def _people_units(
    partnership_id: int,
) -> tuple[dict[tuple[int, str, int], bool], set[int]]:
    """The recorded invitations of people: per unit ``(meeting, "organization", org)`` for
    a person who speaks for a member organization, else ``(meeting, "person", person)``,
    whether the unit attended; and the meetings of the units on an organization."""
    rows = list(
        _recorded_invitations(partnership_id)
        .filter(person__isnull=False)
        .values_list("meeting_id", "person_id", "attendance")
        .order_by()
    )
    speaks_for = voice_organization_ids(partnership_id, {person for _m, person, _a in rows})
    units: dict[tuple[int, str, int], bool] = {}
    meetings: set[int] = set()
    for meeting_id, person_id, attendance in rows:
        organization_id = speaks_for.get(person_id)
        if organization_id is not None:
            unit = (meeting_id, "organization", organization_id)
            meetings.add(meeting_id)
        else:
            unit = (meeting_id, "person", person_id)
        units[unit] = units.get(unit, False) or attendance in ATTENDED
    return units, meetings


def attendance_summary(partnership_id: int) -> AttendanceSummary:
    """Attendance per holder (see :class:`AttendanceSummary`). The organizations' own
    invitations are counted in SQL (one per meeting and organization, a constraint); the
    people's invitations are read one by one and placed with the rule voice uses
    (``partnerships.services.voice.voice_organization_ids``), with one more query for the
    organizations' invitations to the meetings a member's person was recorded at, so that
    a meeting counts once per organization. At most five queries."""
    attended: dict[int | None, int] = {}
    recorded: dict[int | None, int] = {}
    for row in (
        _recorded_invitations(partnership_id)
        .filter(organization__isnull=False)
        .values("organization_id")
        .annotate(recorded=Count("id"), attended=Count("id", filter=Q(attendance__in=ATTENDED)))
        .order_by()
    ):
        recorded[row["organization_id"]] = row["recorded"]
        attended[row["organization_id"]] = row["attended"]
    units, meetings = _people_units(partnership_id)
    own: dict[tuple[int, str, int], bool] = {}
    if meetings:
        own = {
            (meeting_id, "organization", organization_id): attendance in ATTENDED
            for meeting_id, organization_id, attendance in _recorded_invitations(partnership_id)
            .filter(organization__isnull=False, meeting_id__in=meetings)
            .values_list("meeting_id", "organization_id", "attendance")
        }
    for (_meeting, kind, pk), came in units.items():
        holder = pk if kind == "organization" else None
        counted = own.get((_meeting, kind, pk))
        if counted is None:  # no invitation of its own: the person's is the unit
            recorded[holder] = recorded.get(holder, 0) + 1
            attended[holder] = attended.get(holder, 0) + int(came)
        elif came and not counted:  # absent as an organization, present through its person
            attended[holder] = attended.get(holder, 0) + 1
    return AttendanceSummary(
        {k: v for k, v in attended.items() if v}, {k: v for k, v in recorded.items() if v}
    )


def attended_together(partnership_id: int) -> dict[int, set[int]]:
    """Meeting id -> the organizations that attended it, themselves (present or remote)
    or through one of their people (the rule of :func:`attendance_summary`). At most four
    queries; read by the network page's records view."""
    by_meeting: dict[int, set[int]] = {}
    for meeting_id, organization_id in (
        _recorded_invitations(partnership_id)
        .filter(organization__isnull=False, attendance__in=ATTENDED)
        .values_list("meeting_id", "organization_id")
    ):
        by_meeting.setdefault(meeting_id, set()).add(organization_id)
    units, _meetings = _people_units(partnership_id)
    for (meeting_id, kind, pk), came in units.items():
        if came and kind == "organization":
            by_meeting.setdefault(meeting_id, set()).add(pk)
    return by_meeting


def attendance_voice_rows(partnership_id: int | None) -> Iterator[VoiceRow]:
    """Each attended meeting, a person's or an organization's, as a raw act of voice (for
    the tallies' rebuild; ``services.attendance_record`` counts the same acts live)."""
    invitations = Invitation.objects.filter(attendance__in=ATTENDED)
    if partnership_id is not None:
        invitations = invitations.filter(meeting__partnership_id=partnership_id)
    for pk, person_id, organization_id, at in invitations.values_list(
        "meeting__partnership_id", "person_id", "organization_id", "meeting__starts_at"
    ).iterator():
        yield VoiceRow(
            partnership_id=pk,
            author_id=person_id,
            kind=VoiceKind.ATTENDANCE,
            at=at,
            organization_id=organization_id,
        )


def feed_list(*, owner: Any) -> QuerySet[CalendarFeed]:
    return CalendarFeed.objects.filter(owner=owner, revoked_at__isnull=True).select_related(
        "partnership"
    )


def feed_get(*, token: str) -> CalendarFeed:
    """The live feed of this token; a revoked, unknown or malformed token is NotFound."""
    if not token or len(token) > 64:
        raise NotFound(_("No such calendar."))
    feed = (
        CalendarFeed.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("owner", "partnership")
        .first()
    )
    if feed is None or not feed.owner.is_active:
        raise NotFound(_("No such calendar."))
    return feed


def _visible_partnerships(owner: Any, partnership: Partnership | None) -> list[Partnership]:
    if partnership is not None:
        candidates = [partnership]
    else:
        candidates = list(partnership_list_mine(actor=owner))
    return [p for p in candidates if owner.has_perm("meetings.view_meetings", p)]


def feed_items(
    *, owner: Any, partnership: Partnership | None = None
) -> tuple[list[Meeting], list[Proposal]]:
    """What a feed shows, as its owner may see it today: the meetings, and the voting
    deadlines of open proposals, of the partnership (or of every partnership of the
    owner). A feed for a partnership its owner no longer sees is NotFound."""
    partnerships = _visible_partnerships(owner, partnership)
    if partnership is not None and not partnerships:
        raise NotFound(_("No such calendar."))
    ids = [p.pk for p in partnerships]
    meetings = list(
        Meeting.objects.filter(partnership_id__in=ids)
        .select_related("partnership")
        .order_by("starts_at", "id")
    )
    deciders = [p.pk for p in partnerships if owner.has_perm("decisions.view_decisions", p)]
    deadlines = list(
        Proposal.objects.filter(
            partnership_id__in=deciders,
            status__in=OPEN_STATUSES,
            voting_closes_at__isnull=False,
        )
        .select_related("partnership")
        .order_by("voting_closes_at", "id")
    )
    return meetings, deadlines

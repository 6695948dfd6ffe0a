"""The meetings API: the same services and selectors as the pages (core.api)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from accord.core.api import Id, actor, optional, read_auth
from accord.decisions.models import Proposal
from accord.errors import Invalid
from accord.meetings import selectors, services
from accord.meetings.calendars import calendar_bytes
from accord.meetings.markdown import minutes_html
from accord.meetings.models import Meeting
from accord.partners.models import Organization
from accord.partnerships import selectors as partnership_selectors
from accord.resources.models import Activity
from accord.results.models import Indicator

router = Router(tags=["meetings"])


def _partnership(request: HttpRequest, slug: str) -> Any:
    return partnership_selectors.partnership_get_for(
        actor=actor(request), slug=slug, perm="meetings.view_meetings"
    )


def _meeting(request: HttpRequest, slug: str, meeting_id: int) -> Meeting:
    partnership = _partnership(request, slug)
    return selectors.meeting_get(partnership=partnership, meeting_id=meeting_id)


def _of_partnership(model: Any, partnership: Any, pk: int | None, what: str) -> Any:
    """An optional id of a linked object: it must belong to this partnership (a 400)."""
    return optional(
        lambda i: model.objects.filter(partnership=partnership, pk=i).first(),
        pk,
        _("No %(what)s of this partnership has the id %(id)s.") % {"what": what, "id": pk},
        error=Invalid,
    )


def _many(model: Any, ids: list[int], message: str) -> list[Any]:
    found = list(model.objects.filter(pk__in=set(ids)))
    if len(found) != len(set(ids)):
        raise Invalid(message)
    return found


class MeetingIn(Schema):
    title: str
    starts_at: datetime = Field(description="Wall-clock time in time_zone, e.g. 2026-03-02T10:00")
    ends_at: datetime
    time_zone: str = Field(description="An IANA zone, e.g. Africa/Kampala")
    place: str = ""
    online_link: str = ""
    organization_ids: list[Id] = []
    person_ids: list[Id] = []
    agenda: list[str] = []


class AgendaItemIn(Schema):
    title: str = ""
    proposal_id: Id | None = None
    activity_id: Id | None = None
    indicator_id: Id | None = None


class AttendanceEntry(Schema):
    organization_id: Id | None = None
    person_id: Id | None = None
    attendance: str = Field(description="present, remote, excused or absent")


class AttendanceIn(Schema):
    entries: list[AttendanceEntry]


class MinutesIn(Schema):
    minutes: str


class DecisionIn(Schema):
    proposal_id: Id
    rationale: str = ""


class MeetingActionItemIn(Schema):
    title: str
    owner_id: Id
    owner_organization_id: Id | None = None
    due_on: date
    description: str = ""
    proposal_id: Id | None = None


class TravelSupportIn(Schema):
    organization_id: Id
    amount: Decimal
    currency_code: str
    description: str = ""


class FeedOut(Schema):
    url: str
    partnership: str | None


def _meeting_out(meeting: Meeting) -> dict[str, Any]:
    page = selectors.meeting_page(meeting=meeting)
    zone = ZoneInfo(meeting.time_zone)
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "time_zone": meeting.time_zone,
        "starts_local": meeting.starts_at.astimezone(zone).isoformat(),
        "ends_local": meeting.ends_at.astimezone(zone).isoformat(),
        "place": meeting.place,
        "online_link": meeting.online_link,
        "minutes": meeting.minutes,
        "minutes_html": minutes_html(meeting.minutes),
        "agenda": [
            {
                "title": a.title,
                "proposal_id": a.proposal_id,
                "activity_id": a.activity_id,
                "indicator_id": a.indicator_id,
            }
            for a in page.agenda
        ],
        "invitations": [
            {
                "organization_id": i.organization_id,
                "person_id": i.person_id,
                "name": str(i.invitee),
                "attendance": i.attendance or None,
            }
            for i in page.invitations
        ],
        "decisions": [
            {"proposal_id": d.proposal_id, "title": d.proposal.title, "status": d.proposal.status}
            for d in page.decisions
        ],
        "action_item_ids": [a.pk for a in page.action_items],
        "support_request_ids": [s.pk for s in page.support_requests],
    }


def _fields(partnership: Any, payload: MeetingIn) -> dict[str, Any]:
    return {
        "title": payload.title,
        "starts_local": payload.starts_at,
        "ends_local": payload.ends_at,
        "time_zone": payload.time_zone,
        "place": payload.place,
        "online_link": payload.online_link,
        "organizations": _many(
            Organization, payload.organization_ids, _("Some organization ids are unknown.")
        ),
        "people": _many(get_user_model(), payload.person_ids, _("Some person ids are unknown.")),
    }


@router.get("/partnerships/{slug}/meetings", auth=read_auth)
def meeting_list(request: HttpRequest, slug: str) -> Any:
    partnership = _partnership(request, slug)
    return [
        {
            "id": m.pk,
            "title": m.title,
            "starts_at": m.starts_at,
            "ends_at": m.ends_at,
            "time_zone": m.time_zone,
            "place": m.place,
            "online_link": m.online_link,
            "invited": m.invited_count,
            "attended": m.attended_count,
        }
        for m in selectors.meeting_list(partnership=partnership)
    ]


@router.post("/partnerships/{slug}/meetings", response={201: dict})
def meeting_create(request: HttpRequest, slug: str, payload: MeetingIn) -> Any:
    partnership = _partnership(request, slug)
    meeting = services.meeting_create(
        actor=actor(request),
        partnership=partnership,
        agenda=payload.agenda,
        **_fields(partnership, payload),
    )
    return 201, _meeting_out(meeting)


@router.get("/partnerships/{slug}/meetings/{meeting_id}", auth=read_auth)
def meeting_detail(request: HttpRequest, slug: str, meeting_id: int) -> Any:
    return _meeting_out(_meeting(request, slug, meeting_id))


@router.put("/partnerships/{slug}/meetings/{meeting_id}")
def meeting_update(request: HttpRequest, slug: str, meeting_id: int, payload: MeetingIn) -> Any:
    meeting = _meeting(request, slug, meeting_id)
    meeting = services.meeting_update(
        actor=actor(request), meeting=meeting, **_fields(meeting.partnership, payload)
    )
    return _meeting_out(meeting)


@router.post("/partnerships/{slug}/meetings/{meeting_id}/agenda", response={201: dict})
def agenda_item_add(request: HttpRequest, slug: str, meeting_id: int, payload: AgendaItemIn) -> Any:
    meeting = _meeting(request, slug, meeting_id)
    p = meeting.partnership
    item = services.agenda_item_add(
        actor=actor(request),
        meeting=meeting,
        title=payload.title,
        proposal=_of_partnership(Proposal, p, payload.proposal_id, _("proposal")),
        activity=_of_partnership(Activity, p, payload.activity_id, _("activity")),
        indicator=_of_partnership(Indicator, p, payload.indicator_id, _("indicator")),
    )
    return 201, {"id": item.pk, "position": item.position, "title": item.title}


@router.put("/partnerships/{slug}/meetings/{meeting_id}/attendance")
def attendance_record(
    request: HttpRequest, slug: str, meeting_id: int, payload: AttendanceIn
) -> Any:
    meeting = _meeting(request, slug, meeting_id)
    organizations: dict[int, str] = {}
    people: dict[int, str] = {}
    for entry in payload.entries:
        if (entry.organization_id is None) == (entry.person_id is None):
            raise Invalid(_("Give each entry an organization_id or a person_id, not both."))
        if entry.organization_id is not None:
            organizations[entry.organization_id] = entry.attendance
        else:
            people[entry.person_id] = entry.attendance  # type: ignore[index]
    services.attendance_record(
        actor=actor(request), meeting=meeting, organizations=organizations, people=people
    )
    return _meeting_out(meeting)


@router.put("/partnerships/{slug}/meetings/{meeting_id}/minutes")
def minutes_save(request: HttpRequest, slug: str, meeting_id: int, payload: MinutesIn) -> Any:
    meeting = _meeting(request, slug, meeting_id)
    services.minutes_save(actor=actor(request), meeting=meeting, minutes=payload.minutes)
    return _meeting_out(meeting)


@router.post("/partnerships/{slug}/meetings/{meeting_id}/decisions", response={201: dict})
def decision_record(request: HttpRequest, slug: str, meeting_id: int, payload: DecisionIn) -> Any:
    meeting = _meeting(request, slug, meeting_id)
    proposal = _of_partnership(Proposal, meeting.partnership, payload.proposal_id, _("proposal"))
    services.decision_record(
        actor=actor(request), meeting=meeting, proposal=proposal, rationale=payload.rationale
    )
    proposal.refresh_from_db()
    return 201, {"proposal_id": proposal.pk, "status": proposal.status}


@router.post("/partnerships/{slug}/meetings/{meeting_id}/action-items", response={201: dict})
def action_item_add(
    request: HttpRequest, slug: str, meeting_id: int, payload: MeetingActionItemIn
) -> Any:
    meeting = _meeting(request, slug, meeting_id)
    owner = get_user_model().objects.filter(pk=payload.owner_id).first()
    if owner is None:
        raise Invalid(_("No such person."))
    item = services.action_item_from_minutes(
        actor=actor(request),
        meeting=meeting,
        title=payload.title,
        owner=owner,
        owner_organization=optional(
            lambda i: Organization.objects.filter(pk=i).first(),
            payload.owner_organization_id,
            _("No such organization."),
            error=Invalid,
        ),
        due_on=payload.due_on,
        description=payload.description,
        proposal=_of_partnership(Proposal, meeting.partnership, payload.proposal_id, _("proposal")),
    )
    return 201, {"id": item.pk, "title": item.title, "due_on": item.due_on}


@router.post("/partnerships/{slug}/meetings/{meeting_id}/travel-support", response={201: dict})
def travel_support(
    request: HttpRequest, slug: str, meeting_id: int, payload: TravelSupportIn
) -> Any:
    meeting = _meeting(request, slug, meeting_id)
    organization = Organization.objects.filter(pk=payload.organization_id).first()
    support = services.travel_support_request(
        actor=actor(request),
        meeting=meeting,
        organization=organization,
        amount=payload.amount,
        currency_code=payload.currency_code,
        description=payload.description,
    )
    return 201, {"id": support.pk, "status": support.status, "amount": str(support.amount)}


@router.get("/partnerships/{slug}/meetings/{meeting_id}/ics", auth=read_auth)
def meeting_ics(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, slug, meeting_id)
    content = calendar_bytes(
        name=meeting.title, meetings=[meeting], base_url=request.build_absolute_uri("/")[:-1]
    )
    return HttpResponse(content, content_type="text/calendar; charset=utf-8")


def _feed_out(request: HttpRequest, feed: Any) -> dict[str, Any]:
    url = request.build_absolute_uri(reverse("meetings:calendar_feed", args=[feed.token]))
    return {"url": url, "partnership": feed.partnership.slug if feed.partnership else None}


def _scope(request: HttpRequest, slug: str | None) -> Any:
    return _partnership(request, slug) if slug else None


@router.post("/partnerships/{slug}/calendar-feed", response=FeedOut)
def partnership_feed_issue(request: HttpRequest, slug: str) -> Any:
    return _feed_out(
        request, services.feed_issue(actor=actor(request), partnership=_scope(request, slug))
    )


@router.post("/partnerships/{slug}/calendar-feed/regenerate", response=FeedOut)
def partnership_feed_regenerate(request: HttpRequest, slug: str) -> Any:
    feed = services.feed_regenerate(actor=actor(request), partnership=_scope(request, slug))
    return _feed_out(request, feed)


@router.delete("/partnerships/{slug}/calendar-feed", response={204: None})
def partnership_feed_revoke(request: HttpRequest, slug: str) -> Any:
    services.feed_revoke(actor=actor(request), partnership=_scope(request, slug))
    return 204, None


@router.post("/calendar-feed", response=FeedOut)
def personal_feed_issue(request: HttpRequest) -> Any:
    return _feed_out(request, services.feed_issue(actor=actor(request)))


@router.post("/calendar-feed/regenerate", response=FeedOut)
def personal_feed_regenerate(request: HttpRequest) -> Any:
    return _feed_out(request, services.feed_regenerate(actor=actor(request)))


@router.delete("/calendar-feed", response={204: None})
def personal_feed_revoke(request: HttpRequest) -> Any:
    services.feed_revoke(actor=actor(request))
    return 204, None

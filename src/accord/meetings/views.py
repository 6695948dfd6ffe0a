"""Meeting pages: list, detail (agenda, attendance, minutes, decisions, action items,
travel support), create and edit, the attendance and minutes forms, the ``.ics`` file
and the calendar feeds."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.http import download, form_submit, handles_domain_errors
from accord.errors import Forbidden, NotFound
from accord.meetings import forms, selectors, services
from accord.meetings.calendars import calendar_bytes
from accord.meetings.forms import attendance_field_name
from accord.meetings.markdown import minutes_html
from accord.partnerships import selectors as partnership_selectors
from accord.resources import selectors as resource_selectors
from accord.results import selectors as result_selectors


def _partnership(request: HttpRequest, slug: str) -> Any:
    return partnership_selectors.partnership_get_for(
        actor=request.user,
        slug=slug,
        perm="meetings.view_meetings",
        message=_("Meetings are visible to the partnership's members."),
    )


def _manageable(request: HttpRequest, slug: str) -> Any:
    partnership = _partnership(request, slug)
    if not request.user.has_perm("meetings.manage_meetings", partnership):
        raise Forbidden(_("Only the partnership's coordinators schedule and record meetings."))
    return partnership


def _context(request: HttpRequest, partnership: Any, **extra: Any) -> dict[str, Any]:
    return {
        "partnership": partnership,
        "tab": "meetings",
        "roles": partnership_selectors.actor_roles(actor=request.user, partnership=partnership),
        "is_insider": True,
        "can_manage": request.user.has_perm("meetings.manage_meetings", partnership),
        **extra,
    }


def _local(meeting: Any) -> Any:
    zone = ZoneInfo(meeting.time_zone)
    meeting.starts_local = meeting.starts_at.astimezone(zone)
    meeting.ends_local = meeting.ends_at.astimezone(zone)
    return meeting


def _feed_url(request: HttpRequest, feed: Any) -> str | None:
    if feed is None:
        return None
    return request.build_absolute_uri(reverse("meetings:calendar_feed", args=[feed.token]))


@handles_domain_errors
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    meetings = [_local(m) for m in selectors.meeting_list(partnership=partnership)]
    feeds = {f.partnership_id: f for f in selectors.feed_list(owner=request.user)}
    context = _context(
        request,
        partnership,
        meetings=meetings,
        partnership_feed_url=_feed_url(request, feeds.get(partnership.pk)),
        personal_feed_url=_feed_url(request, feeds.get(None)),
    )
    return TemplateResponse(request, "meetings/meeting_list.html", context)


def _meeting_form(request: HttpRequest, partnership: Any, cls: Any, initial: Any = None) -> Any:
    return cls(
        request.POST or None,
        initial=initial,
        organizations=selectors.invitable_organizations(partnership=partnership),
        people=selectors.invitable_people(partnership=partnership),
    )


@handles_domain_errors
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _manageable(request, slug)
    form = _meeting_form(
        request, partnership, forms.MeetingCreateForm, initial={"time_zone": "UTC"}
    )
    done = form_submit(
        request,
        form,
        lambda data: services.meeting_create(
            actor=request.user,
            partnership=partnership,
            agenda=(data.get("agenda") or "").splitlines(),
            **form.service_data(),
        ),
        success=_("Meeting scheduled."),
        then=lambda m: reverse("meetings:meeting_detail", args=[slug, m.pk]),
    )
    if done:
        return done
    return TemplateResponse(
        request,
        "meetings/meeting_form.html",
        _context(request, partnership, form=form, meeting=None),
    )


@handles_domain_errors
def meeting_edit(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    partnership = _manageable(request, slug)
    meeting = _local(selectors.meeting_get(partnership=partnership, meeting_id=meeting_id))
    invitations = list(meeting.invitations.all())
    initial = {
        "title": meeting.title,
        "date": meeting.starts_local.date(),
        "starts": meeting.starts_local.time(),
        "ends": meeting.ends_local.time(),
        "time_zone": meeting.time_zone,
        "place": meeting.place,
        "online_link": meeting.online_link,
        "organizations": [i.organization_id for i in invitations if i.organization_id],
        "people": [i.person_id for i in invitations if i.person_id],
    }
    form = _meeting_form(request, partnership, forms.MeetingForm, initial=initial)
    done = form_submit(
        request,
        form,
        lambda data: services.meeting_update(
            actor=request.user, meeting=meeting, **form.service_data()
        ),
        success=_("Meeting changed."),
        then=reverse("meetings:meeting_detail", args=[slug, meeting.pk]),
    )
    if done:
        return done
    return TemplateResponse(
        request,
        "meetings/meeting_form.html",
        _context(request, partnership, form=form, meeting=meeting),
    )


def _detail_forms(request: HttpRequest, partnership: Any, meeting: Any, bound: str) -> dict:
    """The forms of the meeting page; the one named ``bound`` takes the POST. Each has a
    prefix, so that the page's field ids stay unique."""
    if not request.user.has_perm("meetings.manage_meetings", partnership):
        return {}
    data = request.POST if request.method == "POST" else None

    def pick(name: str) -> Any:
        return data if bound == name else None

    return {
        "agenda_form": forms.AgendaItemForm(
            pick("agenda"),
            prefix="agenda",
            proposals=selectors.proposal_choices(partnership=partnership),
            activities=resource_selectors.activity_choices(partnership=partnership),
            indicators=result_selectors.indicator_choices(partnership=partnership),
        ),
        "decision_form": forms.DecisionForm(
            pick("decision"),
            prefix="decision",
            proposals=selectors.decidable_proposal_choices(partnership=partnership),
        ),
        "action_form": forms.ActionItemForm(
            pick("action"),
            prefix="action",
            owners=result_selectors.action_item_owner_choices(partnership=partnership),
        ),
    }


def _support_form(request: HttpRequest, meeting: Any, bound: bool) -> Any:
    """Travel support: for the representatives of an invited organization."""
    partnership = meeting.partnership
    if not request.user.has_perm("resources.request_support", partnership):
        return None
    represented = partnership_selectors.member_organizations(partnership=partnership).filter(
        affiliations__user_id=request.user.pk,
        affiliations__is_representative=True,
        pk__in=meeting.invitations.filter(organization__isnull=False).values("organization_id"),
    )
    return forms.TravelSupportForm(
        request.POST if bound else None, prefix="support", organizations=represented.distinct()
    )


def _detail(
    request: HttpRequest, slug: str, meeting_id: int, bound: str = "", action: Any = None
) -> HttpResponse:
    partnership = _partnership(request, slug)
    meeting = _local(selectors.meeting_get(partnership=partnership, meeting_id=meeting_id))
    page_forms = _detail_forms(request, partnership, meeting, bound)
    support_form = _support_form(request, meeting, bound == "support")
    form = support_form if bound == "support" else page_forms.get(f"{bound}_form")
    if request.method == "POST":
        done = form_submit(
            request,
            form,
            lambda data: action(meeting, data),
            success=_("Saved."),
            then=reverse("meetings:meeting_detail", args=[slug, meeting.pk]),
        )
        if done:
            return done
    page = selectors.meeting_page(meeting=meeting)
    context = _context(
        request,
        partnership,
        meeting=meeting,
        page=page,
        minutes=minutes_html(meeting.minutes),
        support_form=support_form,
        **page_forms,
    )
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "meetings/meeting_detail.html", context, status=status)


@handles_domain_errors
def meeting_detail(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    if request.method == "POST":
        raise Forbidden()
    return _detail(request, slug, meeting_id)


@require_POST
@handles_domain_errors
def meeting_agenda_add(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    return _detail(
        request,
        slug,
        meeting_id,
        "agenda",
        lambda meeting, data: services.agenda_item_add(actor=request.user, meeting=meeting, **data),
    )


@require_POST
@handles_domain_errors
def meeting_decision(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    return _detail(
        request,
        slug,
        meeting_id,
        "decision",
        lambda meeting, data: services.decision_record(actor=request.user, meeting=meeting, **data),
    )


@require_POST
@handles_domain_errors
def meeting_action_item(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    def action(meeting: Any, data: dict[str, Any]) -> Any:
        affiliation = data["owner"]
        return services.action_item_from_minutes(
            actor=request.user,
            meeting=meeting,
            title=data["title"],
            owner=affiliation.user,
            owner_organization=affiliation.organization,
            due_on=data["due_on"],
        )

    return _detail(request, slug, meeting_id, "action", action)


@require_POST
@handles_domain_errors
def meeting_travel_support(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    return _detail(
        request,
        slug,
        meeting_id,
        "support",
        lambda meeting, data: services.travel_support_request(
            actor=request.user, meeting=meeting, **data
        ),
    )


@handles_domain_errors
def meeting_attendance(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    partnership = _manageable(request, slug)
    meeting = _local(selectors.meeting_get(partnership=partnership, meeting_id=meeting_id))
    invitations = selectors.meeting_page(meeting=meeting).invitations
    form = forms.AttendanceForm(request.POST or None, invitations=invitations)
    done = form_submit(
        request,
        form,
        lambda data: services.attendance_record(
            actor=request.user, meeting=meeting, **form.service_data()
        ),
        success=_("Attendance recorded."),
        then=reverse("meetings:meeting_detail", args=[slug, meeting.pk]),
    )
    if done:
        return done
    rows = [(i, form[attendance_field_name(i)]) for i in invitations]
    return TemplateResponse(
        request,
        "meetings/meeting_attendance.html",
        _context(request, partnership, meeting=meeting, form=form, rows=rows),
    )


@handles_domain_errors
def meeting_minutes(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    partnership = _manageable(request, slug)
    meeting = _local(selectors.meeting_get(partnership=partnership, meeting_id=meeting_id))
    form = forms.MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    done = form_submit(
        request,
        form,
        lambda data: services.minutes_save(actor=request.user, meeting=meeting, **data),
        success=_("Minutes saved."),
        then=reverse("meetings:meeting_detail", args=[slug, meeting.pk]),
    )
    if done:
        return done
    return TemplateResponse(
        request,
        "meetings/meeting_minutes.html",
        _context(request, partnership, meeting=meeting, form=form),
    )


@handles_domain_errors
def meeting_ics(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    partnership = _partnership(request, slug)
    meeting = selectors.meeting_get(partnership=partnership, meeting_id=meeting_id)
    content = calendar_bytes(
        name=meeting.title, meetings=[meeting], base_url=request.build_absolute_uri("/")[:-1]
    )
    return download(content, filename=f"meeting-{meeting.pk}.ics", content_type="text/calendar")


@require_POST
@handles_domain_errors
def calendar_feed_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """Issue, regenerate or revoke the actor's feed of this partnership (``scope=mine``:
    their personal feed of every partnership)."""
    partnership = _partnership(request, slug)
    scope = None if request.POST.get("scope") == "mine" else partnership
    action = request.POST.get("action")
    if action == "revoke":
        services.feed_revoke(actor=request.user, partnership=scope)
        messages.success(request, _("The calendar address is revoked; it no longer works."))
    elif action == "regenerate":
        services.feed_regenerate(actor=request.user, partnership=scope)
        messages.success(request, _("A new calendar address is made; the old one no longer works."))
    else:
        services.feed_issue(actor=request.user, partnership=scope)
        messages.success(request, _("Your calendar address is ready."))
    return redirect("meetings:meeting_list", slug)


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A calendar feed by its secret token: no login; 404 for a revoked or unknown token."""
    try:
        feed = selectors.feed_get(token=token)
        meetings, deadlines = selectors.feed_items(owner=feed.owner, partnership=feed.partnership)
    except NotFound as exc:
        return TemplateResponse(request, "404.html", {"message": exc.message}, status=404)
    name = feed.partnership.name if feed.partnership else _("My meetings and votes")
    content = calendar_bytes(
        name=str(name),
        meetings=meetings,
        deadlines=deadlines,
        base_url=request.build_absolute_uri("/")[:-1],
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response

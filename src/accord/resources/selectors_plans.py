"""Reads for plans that change: the workplan's timeline, a pledge's amendments, and the
links an activity's edit page removes.

The timeline is drawn as SVG by ``resources/_timeline.html`` from the geometry computed
here (no JavaScript; the template only places what arrives).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.errors import NotFound
from accord.partnerships.models import Partnership
from accord.resources.models import (
    Activity,
    ActivityOrganization,
    Pledge,
    PledgeAmendment,
    Responsibility,
)

#: The timeline's drawing units: the SVG scales to its box, which scrolls below 24rem.
WIDTH = 480
MARGIN = 8
ROW_HEIGHT = 38
AXIS_HEIGHT = 28
TITLE_CHARS = 64


@dataclass(frozen=True)
class TimelineBar:
    activity: Activity
    label: str  # the title, cut to fit
    y: int  # the label's baseline
    bar_y: int
    x: float
    width: float
    progress_width: float
    is_closed: bool


@dataclass(frozen=True)
class TimelineTick:
    day: date
    x: float


@dataclass(frozen=True)
class Timeline:
    bars: list[TimelineBar]
    ticks: list[TimelineTick]
    undated: list[Activity]
    width: int
    height: int
    today_x: float | None
    first: date | None
    last: date | None


def _months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


def _month_starts(first: date, last: date, step: int) -> list[date]:
    days = []
    year, month = first.year, first.month
    if first.day != 1:
        month += 1
    while True:
        if month > 12:
            year, month = year + 1, month - 12
        day = date(year, month, 1)
        if day > last:
            return days
        days.append(day)
        month += step


def workplan_timeline(*, activities: Sequence[Activity], today: date | None = None) -> Timeline:
    """Each dated activity as a bar from its start to its end, filled to its progress.

    An activity with only one of its dates is drawn on that day; one with neither is
    listed apart (``undated``). No query: ``activities`` come from ``activity_list``.
    """
    today = today or timezone.localdate()
    dated = [a for a in activities if a.start_on or a.end_on]
    undated = [a for a in activities if not (a.start_on or a.end_on)]
    if not dated:
        return Timeline([], [], undated, WIDTH, 0, None, None, None)
    spans = [(a, a.start_on or a.end_on, a.end_on or a.start_on) for a in dated]
    first = min(start for _, start, _ in spans)
    last = max(end for _, _, end in spans)
    span_days = max((last - first).days, 1)
    inner = WIDTH - 2 * MARGIN

    def x_of(day: date) -> float:
        return round(MARGIN + inner * (day - first).days / span_days, 1)

    bars = []
    for row, (activity, start, end) in enumerate(sorted(spans, key=lambda s: (s[1], s[2]))):
        top = AXIS_HEIGHT + row * ROW_HEIGHT
        x = x_of(start)
        width = max(round(x_of(end) - x, 1), 3.0)
        title = activity.title
        label = title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"
        bars.append(
            TimelineBar(
                activity=activity,
                label=label,
                y=top + 14,
                bar_y=top + 19,
                x=x,
                width=width,
                progress_width=round(width * activity.progress_percent / 100, 1),
                is_closed=activity.is_closed,
            )
        )
    months = _months_between(first, last)
    step = next(s for s in (1, 2, 3, 6, 12, 24, 60, 120, 10**6) if months / s <= 5)
    ticks = [TimelineTick(day, x_of(day)) for day in _month_starts(first, last, step)]
    today_x = x_of(today) if first <= today <= last else None
    height = AXIS_HEIGHT + len(bars) * ROW_HEIGHT + MARGIN
    return Timeline(bars, ticks, undated, WIDTH, height, today_x, first, last)


def activity_link_get(
    *, partnership: Partnership, activity: Activity, link_id: int
) -> ActivityOrganization:
    link = (
        ActivityOrganization.objects.filter(
            pk=link_id, activity=activity, activity__partnership=partnership
        )
        .select_related("organization", "activity")
        .first()
    )
    if link is None:
        raise NotFound(_("No such link in the chain."))
    return link


def responsibility_get(
    *, partnership: Partnership, activity: Activity, responsibility_id: int
) -> Responsibility:
    responsibility = (
        Responsibility.objects.filter(
            pk=responsibility_id, activity=activity, activity__partnership=partnership
        )
        .select_related("organization", "person", "activity")
        .first()
    )
    if responsibility is None:
        raise NotFound(_("No such responsibility."))
    return responsibility


def activity_detail(*, partnership: Partnership, activity_id: int) -> Activity:
    """An activity with its chain and responsibilities, for its edit page."""
    activity = (
        Activity.objects.filter(partnership=partnership, pk=activity_id)
        .select_related("partnership", "lead_organization")
        .prefetch_related(
            "chain__organization", "responsibilities__organization", "responsibilities__person"
        )
        .first()
    )
    if activity is None:
        raise NotFound(_("No such activity."))
    return activity


def pledge_detail(*, partnership: Partnership, pledge_id: int) -> Pledge:
    """A pledge with its current schedule and organization, for its amendment page."""
    pledge = (
        Pledge.objects.filter(partnership=partnership, pk=pledge_id)
        .select_related("partnership", "organization", "recipient", "activity")
        .prefetch_related("installments")
        .first()
    )
    if pledge is None:
        raise NotFound(_("No such pledge."))
    return pledge


def pledge_amendment_list(*, pledge: Pledge) -> QuerySet[PledgeAmendment]:
    return (
        PledgeAmendment.objects.filter(pledge=pledge)
        .select_related("amended_by")
        .order_by("amended_at", "id")
    )


def pledge_amendments_for(*, partnership: Partnership) -> QuerySet[PledgeAmendment]:
    """Every amendment of the partnership's pledges (for the API and the pledge list)."""
    return (
        PledgeAmendment.objects.filter(partnership=partnership)
        .select_related("amended_by", "pledge")
        .order_by("pledge_id", "amended_at", "id")
    )

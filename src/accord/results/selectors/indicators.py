"""Indicators with their progress against targets, period by period.

``indicator_progress_list`` issues four queries whatever the number of indicators,
periods and cells: the indicators, their dimensions, their targets and their
measurements; which value is current in a period (the original or its latest locked
correction) is worked out in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.errors import NotFound
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import is_insider
from accord.results.charts import ChartPeriod, progress_chart_svg
from accord.results.models import (
    Direction,
    Indicator,
    IndicatorDimension,
    IndicatorTarget,
    Measurement,
    MeasurementStatus,
)
from accord.results.periods import Period, reporting_periods

VERIFIED = (MeasurementStatus.APPROVED, MeasurementStatus.LOCKED)
#: Statuses that count as "reported" for lateness: the report reached the verifiers.
REPORTED = (MeasurementStatus.SUBMITTED, *VERIFIED)


def visible_statuses(*, actor: Any, partnership: Partnership) -> tuple[str, ...]:
    """Insiders see every step of the workflow; the public sees verified values only."""
    if is_insider(actor=actor, partnership=partnership):
        return tuple(MeasurementStatus.values)
    return VERIFIED


def indicator_queryset(
    *, partnership: Partnership, statuses: tuple[str, ...]
) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(partnership=partnership)
        .select_related(
            "partnership",
            "responsible_organization",
            "verifying_organization",
            "activity",
            "sdg_target",
        )
        .prefetch_related(
            Prefetch("dimensions", queryset=IndicatorDimension.objects.order_by("dimension")),
            Prefetch("targets", queryset=IndicatorTarget.objects.order_by("period_start")),
            Prefetch(
                "measurements",
                queryset=Measurement.objects.filter(status__in=statuses).order_by(
                    "period_start", "id"
                ),
            ),
        )
        .order_by("result_type", "name")
    )


def indicator_choices(*, partnership: Partnership) -> QuerySet[Indicator]:
    """The partnership's indicators for a form's choice field (no related rows fetched)."""
    return Indicator.objects.filter(partnership=partnership).order_by("name")


def indicator_find(*, partnership: Partnership, indicator_id: int) -> Indicator | None:
    """An indicator of the partnership by id (an optional id in a payload), or None."""
    return Indicator.objects.filter(partnership=partnership, pk=indicator_id).first()


def indicator_get(*, actor: Any, partnership: Partnership, indicator_id: int) -> Indicator:
    """One indicator with its dimensions, targets and the measurements the actor may see."""
    indicator = (
        indicator_queryset(
            partnership=partnership,
            statuses=visible_statuses(actor=actor, partnership=partnership),
        )
        .filter(pk=indicator_id)
        .first()
    )
    if indicator is None:
        raise NotFound(_("No such indicator."))
    return indicator


@dataclass
class PeriodRow:
    period: Period
    due_on: date
    target: IndicatorTarget | None = None
    #: The verified value that stands for the period (after any locked correction).
    measurement: Measurement | None = None
    #: Every visible measurement of the period, originals and corrections, oldest first.
    measurements: list[Measurement] = field(default_factory=list)
    submitted_on: date | None = None
    is_overdue: bool = False
    submitted_late: bool = False

    @property
    def actual(self) -> Decimal | None:
        return self.measurement.value if self.measurement is not None else None

    @property
    def latest(self) -> Measurement | None:
        return self.measurements[-1] if self.measurements else None

    def meets_target(self, direction: str) -> bool | None:
        """Whether the actual is within the band, or at or beyond the target value in the
        good direction; None without both an actual and a target."""
        if self.actual is None or self.target is None:
            return None
        target = self.target
        if target.low is not None and target.high is not None:
            return target.low <= self.actual <= target.high
        if direction == Direction.DOWN:
            return self.actual <= target.value
        return self.actual >= target.value


@dataclass
class IndicatorProgress:
    indicator: Indicator
    rows: list[PeriodRow]
    latest: PeriodRow | None  # the last period with a verified value
    overdue: list[PeriodRow]
    latest_meets_target: bool | None
    progress_percent: int | None  # from baseline to the latest period's target

    @property
    def next_target(self) -> IndicatorTarget | None:
        today = timezone.localdate()
        return next((r.target for r in self.rows if r.target and r.period.end >= today), None)


def _current(measurements: list[Measurement]) -> Measurement | None:
    """The verified value that stands: locked ones not replaced by a locked correction
    first, else an approved original."""
    replaced = {
        m.corrects_id
        for m in measurements
        if m.corrects_id is not None and m.status == MeasurementStatus.LOCKED
    }
    standing = [m for m in measurements if m.status in VERIFIED and m.pk not in replaced]
    locked = [m for m in standing if m.status == MeasurementStatus.LOCKED]
    if locked:
        return locked[-1]
    originals = [m for m in standing if m.corrects_id is None]
    return originals[-1] if originals else None


def _progress_percent(indicator: Indicator, latest: PeriodRow | None) -> int | None:
    if latest is None or latest.target is None or indicator.baseline_value is None:
        return None
    goal = latest.target.value
    if goal is None and latest.target.low is not None and latest.target.high is not None:
        goal = latest.target.low if indicator.direction == Direction.UP else latest.target.high
    if goal is None or goal == indicator.baseline_value or latest.actual is None:
        return None
    share = (latest.actual - indicator.baseline_value) / (goal - indicator.baseline_value)
    return round(float(share) * 100)


def indicator_progress(
    indicator: Indicator, *, internal: bool, today: date | None = None
) -> IndicatorProgress:
    """Progress period by period, from an indicator fetched by ``indicator_queryset``.

    ``internal`` when every status was fetched (an insider's view): only then can a period
    be called overdue, since the public does not see submitted reports."""
    today = today or timezone.localdate()
    targets = {t.period_start: t for t in indicator.targets.all()}
    by_period: dict[date, list[Measurement]] = {}
    for measurement in indicator.measurements.all():
        by_period.setdefault(measurement.period_start, []).append(measurement)
    rows = []
    for period in reporting_periods(
        indicator.reporting_start, indicator.reporting_end, indicator.frequency
    ):
        measurements = by_period.get(period.start, [])
        due_on = period.end + timedelta(days=indicator.grace_days)
        original = next(
            (m for m in measurements if m.corrects_id is None and m.submitted_at is not None),
            None,
        )
        submitted_on = timezone.localdate(original.submitted_at) if original is not None else None
        reported = any(m.status in REPORTED for m in measurements)
        rows.append(
            PeriodRow(
                period=period,
                due_on=due_on,
                target=targets.get(period.start),
                measurement=_current(measurements),
                measurements=measurements,
                submitted_on=submitted_on,
                is_overdue=internal and due_on < today and not reported,
                submitted_late=submitted_on is not None and submitted_on > due_on,
            )
        )
    latest = next((r for r in reversed(rows) if r.measurement is not None), None)
    return IndicatorProgress(
        indicator=indicator,
        rows=rows,
        latest=latest,
        overdue=[r for r in rows if r.is_overdue],
        latest_meets_target=latest.meets_target(indicator.direction) if latest else None,
        progress_percent=_progress_percent(indicator, latest),
    )


def indicator_progress_list(*, actor: Any, partnership: Partnership) -> list[IndicatorProgress]:
    """Every indicator of the partnership with its progress; four queries in all."""
    statuses = visible_statuses(actor=actor, partnership=partnership)
    return _progress_list(partnership=partnership, statuses=statuses)


def _progress_list(
    *, partnership: Partnership, statuses: tuple[str, ...]
) -> list[IndicatorProgress]:
    today = timezone.localdate()
    internal = len(statuses) == len(MeasurementStatus.values)
    return [
        indicator_progress(indicator, internal=internal, today=today)
        for indicator in indicator_queryset(partnership=partnership, statuses=statuses)
    ]


def late_reports(*, partnership: Partnership) -> list[tuple[Indicator, PeriodRow]]:
    """Periods whose report is overdue (nothing submitted by the due date), for insiders'
    pages such as the partnership home; four queries whatever the size."""
    return [
        (progress.indicator, row)
        for progress in _progress_list(
            partnership=partnership, statuses=tuple(MeasurementStatus.values)
        )
        for row in progress.overdue
    ]


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def indicator_chart_svg(progress: IndicatorProgress) -> str:
    """The progress chart: actuals, the target (value and band) per period, the baseline."""
    indicator = progress.indicator
    return progress_chart_svg(
        [
            ChartPeriod(
                label=row.period.label,
                actual=_float(row.actual),
                target=_float(row.target.value) if row.target else None,
                low=_float(row.target.low) if row.target else None,
                high=_float(row.target.high) if row.target else None,
            )
            for row in progress.rows
        ],
        baseline=_float(indicator.baseline_value),
        title=indicator.name,
        unit=indicator.unit,
        chart_id=f"indicator-{indicator.pk}",
    )

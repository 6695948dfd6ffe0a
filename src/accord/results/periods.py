"""Reporting periods: calendar months, quarters, half-years or years, clipped to an
indicator's reporting span. No database; the services and selectors share it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str  # "2025-Q1", "2025-03", "2025-H2", "2025"


def _label(year: int, first_month: int, months: int) -> str:
    if months == 1:
        return f"{year}-{first_month:02d}"
    if months == 3:
        return f"{year}-Q{(first_month - 1) // 3 + 1}"
    if months == 6:
        return f"{year}-H{(first_month - 1) // 6 + 1}"
    return str(year)


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def reporting_periods(start: date, end: date, frequency: str) -> list[Period]:
    """The calendar periods of ``frequency`` that meet [start, end], each clipped to it.

    >>> [p.label for p in reporting_periods(date(2025, 2, 10), date(2025, 7, 1), "quarterly")]
    ['2025-Q1', '2025-Q2', '2025-Q3']
    >>> reporting_periods(date(2025, 2, 10), date(2025, 7, 1), "quarterly")[0].start
    datetime.date(2025, 2, 10)
    """
    months = MONTHS_PER_PERIOD[frequency]
    year, month = start.year, ((start.month - 1) // months) * months + 1
    periods = []
    while date(year, month, 1) <= end:
        next_year, next_month = _add_months(year, month, months)
        period_end = date(next_year, next_month, 1) - timedelta(days=1)
        periods.append(
            Period(
                start=max(date(year, month, 1), start),
                end=min(period_end, end),
                label=_label(year, month, months),
            )
        )
        year, month = next_year, next_month
    return periods


def period_starting(start: date, end: date, frequency: str, period_start: date) -> Period | None:
    """The reporting period that begins on ``period_start``, or None."""
    return next(
        (p for p in reporting_periods(start, end, frequency) if p.start == period_start), None
    )


def period_containing(start: date, end: date, frequency: str, day: date) -> Period | None:
    """The reporting period that holds ``day``, or None when it is outside the span."""
    return next(
        (p for p in reporting_periods(start, end, frequency) if p.start <= day <= p.end), None
    )

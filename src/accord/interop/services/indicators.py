"""Indicators read from an IATI file, written through ``accord.results.services``.

Imported actual values enter the verification workflow as *submitted*: a verifier of
another member still approves them before the export publishes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.errors import AccordError
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.resources.models import Activity
from accord.results import services as results_services
from accord.results.dimensions import Dimension, category_codes
from accord.results.models import Frequency, Indicator


@dataclass
class ImportedPeriod:
    start: date
    end: date
    target: Decimal | None = None
    actual: Decimal | None = None
    actual_text: str = ""
    cells: list[tuple[str, str, Decimal]] = field(
        default_factory=list
    )  # (dimension, category, value)


@dataclass
class ImportedIndicator:
    name: str
    description: str
    result_type: str
    measure: str
    ascending: bool
    sdg_indicator: str
    sdg_target: str
    baseline_value: Decimal | None
    baseline_date: date | None
    baseline_note: str
    periods: list[ImportedPeriod]


def _frequency(periods: list[ImportedPeriod]) -> str:
    if not periods:
        return Frequency.YEARLY
    days = sorted((p.end - p.start).days + 1 for p in periods)[len(periods) // 2]
    if days <= 31:
        return Frequency.MONTHLY
    if days <= 92:
        return Frequency.QUARTERLY
    if days <= 184:
        return Frequency.HALF_YEARLY
    return Frequency.YEARLY


def _places(values: list[Decimal]) -> int:
    places = [max(0, -int(v.normalize().as_tuple().exponent)) for v in values]
    return min(4, max(places, default=0))


def indicator_import(
    *,
    actor: Any,
    partnership: Partnership,
    activity: Activity | None,
    responsible: Organization,
    data: ImportedIndicator,
    note: str,
) -> tuple[Indicator, int, list[str]]:
    """Create the indicator through ``accord.results.services``, or complete the one of
    that name: its targets, then a submitted measurement for each period it has no value
    for. Returns it, the measurements added and why some values were left out.

    The results services check everything (periods on the indicator's calendar, cells that
    add up, who may report); a value they refuse is left out with its reason.
    """
    numbers = [
        v
        for p in data.periods
        for v in (p.target, p.actual, *(c[2] for c in p.cells))
        if v is not None
    ]
    if data.baseline_value is not None:
        numbers.append(data.baseline_value)
    starts = [p.start for p in data.periods] or [data.baseline_date or timezone.localdate()]
    ends = [p.end for p in data.periods] or starts
    indicator = Indicator.objects.filter(partnership=partnership, name=data.name).first()
    if indicator is None:
        indicator = results_services.indicator_create(
            actor=actor,
            partnership=partnership,
            activity=activity,
            name=data.name,
            description=data.description,
            measure=data.measure,
            decimal_places=_places(numbers),
            direction="up" if data.ascending else "down",
            result_type=data.result_type,
            baseline_value=data.baseline_value if data.baseline_date else None,
            baseline_date=data.baseline_date if data.baseline_value is not None else None,
            baseline_note=data.baseline_note[:300],
            responsible_organization=responsible,
            sdg_target_code=data.sdg_target,
            sdg_indicator=data.sdg_indicator,
            reporting_start=min(starts),
            reporting_end=max(ends),
            frequency=_frequency(data.periods),
            dimensions=[
                (dimension, False)
                for dimension in sorted({d for p in data.periods for d, _c, _v in p.cells})
            ],
        )
    problems: list[str] = []
    known = {t.period_start: t for t in indicator.targets.all()}
    new_targets = [p for p in data.periods if p.target is not None and p.start not in known]
    if new_targets and indicator.is_numeric:
        targets = [
            {"period_start": t.period_start, "value": t.value, "low": t.low, "high": t.high}
            for t in known.values()
        ] + [{"period_start": p.start, "value": p.target} for p in new_targets]
        try:
            with transaction.atomic():
                results_services.indicator_targets_set(
                    actor=actor, indicator=indicator, targets=targets
                )
        except AccordError as exc:
            problems.append(exc.message)
    reported = set(
        indicator.measurements.filter(corrects__isnull=True).values_list("period_start", flat=True)
    )
    added = 0
    for period in data.periods:
        if period.start in reported or (period.actual is None and not period.actual_text):
            continue
        try:
            with transaction.atomic():
                results_services.measurement_create(
                    actor=actor,
                    indicator=indicator,
                    period_start=period.start,
                    value=period.actual,
                    value_text=period.actual_text if period.actual is None else "",
                    cells=period.cells or None,
                    evidence_note=note,
                    submit=True,
                )
        except AccordError as exc:
            problems.append(f"{period.start}: {exc.message}")
            continue
        added += 1
    return indicator, added, problems


def is_known_category(dimension: str, category: str) -> bool:
    return dimension in Dimension.values and category in category_codes(dimension)

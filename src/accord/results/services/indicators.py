"""Indicators: creating one (from scratch or from the library), changing it, and its targets."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.core.formats import format_day
from accord.core.persistence import unique_or_conflict
from accord.errors import Conflict, Invalid, full_clean_or_invalid
from accord.errors import require_permission as _require
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.reference.models import SdgTarget
from accord.resources.models import Activity
from accord.results.dimensions import Dimension
from accord.results.library import library_entry
from accord.results.models import (
    NUMERIC_MEASURES,
    Direction,
    Frequency,
    Indicator,
    IndicatorDimension,
    IndicatorTarget,
    Measure,
    ResultType,
)
from accord.results.periods import period_starting
from accord.results.sdg_indicators import sdg_indicator_target, sdg_indicator_titles
from accord.results.services._common import indicator_number, invalid, require_member

NAME_TAKEN = gettext_noop("An indicator of this partnership already has that name.")
#: Fields ``indicator_update`` may change.
CHANGEABLE = {
    "name",
    "description",
    "unit",
    "measure",
    "decimal_places",
    "direction",
    "result_type",
    "baseline_value",
    "baseline_date",
    "baseline_note",
    "responsible_organization",
    "verifying_organization",
    "activity",
    "sdg_target_code",
    "sdg_indicator",
    "reporting_start",
    "reporting_end",
    "frequency",
    "grace_days",
    "dimensions",
}
#: Fields that shape the reported values: fixed once a value has been reported.
SHAPING = {"measure", "decimal_places", "frequency", "reporting_start", "dimensions"}


def _choice(value: Any, choices: Any, field: str) -> str:
    value = str(getattr(value, "value", value) or "")
    if value not in choices.values:
        raise invalid(
            field,
            _("Choose one of: %(choices)s.")
            % {"choices": ", ".join(str(label) for label in choices.labels)},
        )
    return value


def _dimensions(raw: Iterable[Any], measure: str) -> list[tuple[str, bool]]:
    """``[(dimension, exhaustive)]`` from pairs or mappings, each dimension once."""
    parsed: list[tuple[str, bool]] = []
    for item in raw or ():
        if isinstance(item, Mapping):
            dimension, exhaustive = item.get("dimension"), item.get("exhaustive", True)
        elif isinstance(item, str):
            dimension, exhaustive = item, True
        else:
            dimension, exhaustive = item
        code = _choice(dimension, Dimension, "dimensions")
        if any(code == seen for seen, _e in parsed):
            raise invalid("dimensions", _("Each dimension may be chosen once."))
        parsed.append((code, bool(exhaustive)))
    if parsed and measure not in NUMERIC_MEASURES:
        raise invalid("dimensions", _("Only indicators reported as numbers can be disaggregated."))
    return parsed


def _sdg(target_code: str, indicator_code: str) -> tuple[SdgTarget | None, str]:
    target_code, indicator_code = (target_code or "").strip(), (indicator_code or "").strip()
    if indicator_code:
        if indicator_code not in sdg_indicator_titles():
            raise invalid(
                "sdg_indicator",
                _("“%(code)s” is not an SDG indicator (for example 6.5.1).")
                % {"code": indicator_code},
            )
        target_code = target_code or sdg_indicator_target(indicator_code)
        if sdg_indicator_target(indicator_code) != target_code:
            raise invalid(
                "sdg_indicator",
                _("Indicator %(indicator)s does not belong to target %(target)s.")
                % {"indicator": indicator_code, "target": target_code},
            )
    if not target_code:
        return None, ""
    target = SdgTarget.objects.filter(code=target_code).first()
    if target is None:
        raise invalid(
            "sdg_target_code",
            _("“%(code)s” is not an SDG target (for example 6.5).") % {"code": target_code},
        )
    return target, indicator_code


def _check(indicator: Indicator, partnership: Partnership) -> None:
    """Everything about an indicator's fields that needs more than one field."""
    if not indicator.name.strip():
        raise invalid("name", _("Give the indicator a name."))
    require_member(partnership, indicator.responsible_organization, "responsible_organization")
    require_member(partnership, indicator.verifying_organization, "verifying_organization")
    if indicator.verifying_organization_id == indicator.responsible_organization_id:
        raise invalid(
            "verifying_organization",
            _("The verifying organization must be another member than the reporting one."),
        )
    if indicator.activity is not None and indicator.activity.partnership_id != partnership.pk:
        raise invalid("activity", _("That activity belongs to another partnership."))
    if indicator.reporting_end < indicator.reporting_start:
        raise invalid("reporting_end", _("Reporting ends before it starts."))
    if (indicator.reporting_end - indicator.reporting_start).days > 366 * 30:
        raise invalid("reporting_end", _("A reporting span may last at most 30 years."))
    if not 0 <= int(indicator.decimal_places) <= 4:
        raise invalid("decimal_places", _("Between 0 and 4 decimal places."))
    if (indicator.baseline_value is None) != (indicator.baseline_date is None):
        raise invalid("baseline_date", _("Give the baseline's value and its date together."))
    if indicator.baseline_value is not None:
        indicator.baseline_value = indicator_number(
            indicator, indicator.baseline_value, "baseline_value"
        )
    if int(indicator.grace_days) > 366:
        raise invalid("grace_days", _("At most 366 days."))


def _dimensions_save(indicator: Indicator, dimensions: list[tuple[str, bool]]) -> None:
    IndicatorDimension.objects.filter(indicator=indicator).delete()
    IndicatorDimension.objects.bulk_create(
        IndicatorDimension(indicator=indicator, dimension=d, exhaustive=e) for d, e in dimensions
    )


@transaction.atomic
def indicator_create(
    *,
    actor: Any,
    partnership: Partnership,
    name: str,
    responsible_organization: Organization,
    reporting_start: date,
    reporting_end: date,
    description: str = "",
    unit: str = "",
    measure: str = Measure.UNIT,
    decimal_places: int = 0,
    direction: str = Direction.UP,
    result_type: str = ResultType.OUTPUT,
    baseline_value: Any = None,
    baseline_date: date | None = None,
    baseline_note: str = "",
    verifying_organization: Organization | None = None,
    activity: Activity | None = None,
    sdg_target_code: str = "",
    sdg_indicator: str = "",
    frequency: str = Frequency.QUARTERLY,
    grace_days: int = 30,
    dimensions: Iterable[Any] = (),
    library_key: str = "",
) -> Indicator:
    """Define an indicator. Coordinators only; the reporting organization (and the verifying
    one, if named) must be admitted members."""
    _require(actor, "results.manage_indicators", partnership)
    measure = _choice(measure, Measure, "measure")
    sdg_target, sdg_indicator = _sdg(sdg_target_code, sdg_indicator)
    indicator = Indicator(
        partnership=partnership,
        activity=activity,
        name=(name or "").strip()[:200],
        description=description or "",
        unit=(unit or "").strip()[:60],
        measure=measure,
        decimal_places=decimal_places if decimal_places is not None else 0,
        direction=_choice(direction, Direction, "direction"),
        result_type=_choice(result_type, ResultType, "result_type"),
        baseline_value=baseline_value if baseline_value not in ("", None) else None,
        baseline_date=baseline_date,
        baseline_note=(baseline_note or "")[:300],
        responsible_organization=responsible_organization,
        verifying_organization=verifying_organization,
        sdg_target=sdg_target,
        sdg_indicator=sdg_indicator,
        reporting_start=reporting_start,
        reporting_end=reporting_end,
        frequency=_choice(frequency, Frequency, "frequency"),
        grace_days=grace_days if grace_days is not None else 30,
        library_key=library_key,
        created_by=actor,
    )
    parsed_dimensions = _dimensions(dimensions, measure)
    _check(indicator, partnership)
    full_clean_or_invalid(indicator, exclude=["partnership", "created_by"])
    with unique_or_conflict(_(NAME_TAKEN)):
        indicator.save()
    _dimensions_save(indicator, parsed_dimensions)
    partnership_event_record(
        actor,
        "indicator.created",
        indicator,
        partnership,
        summary(gettext_noop("Indicator “%(name)s” defined"), name=indicator.name),
    )
    return indicator


@transaction.atomic
def indicator_create_from_library(
    *,
    actor: Any,
    partnership: Partnership,
    key: str,
    responsible_organization: Organization,
    reporting_start: date,
    reporting_end: date,
    **overrides: Any,
) -> Indicator:
    """Start from a library entry: its definition, with the partnership's own reporter and span."""
    entry = library_entry(key)
    if entry is None:
        raise invalid("key", _("There is no such indicator in the library."))
    fields = {**entry.indicator_fields(), **overrides}
    return indicator_create(
        actor=actor,
        partnership=partnership,
        responsible_organization=responsible_organization,
        reporting_start=reporting_start,
        reporting_end=reporting_end,
        library_key=entry.key,
        **fields,
    )


@transaction.atomic
def indicator_update(*, actor: Any, indicator: Indicator, **changes: Any) -> Indicator:
    """Change an indicator. What shapes the reported values (measure, decimal places,
    frequency, start, dimensions) is fixed once a value is reported; the end may move as
    long as every reported value and target stays inside."""
    indicator = (
        Indicator.objects.select_for_update().select_related("partnership").get(pk=indicator.pk)
    )
    partnership = indicator.partnership
    _require(actor, "results.manage_indicators", partnership)
    unknown = set(changes) - CHANGEABLE
    if unknown:
        raise Invalid(
            _("These fields cannot be changed: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    current_dimensions = list(indicator.dimensions.values_list("dimension", "exhaustive"))
    measure = _choice(changes.get("measure", indicator.measure), Measure, "measure")
    dimensions = (
        _dimensions(changes["dimensions"], measure)
        if "dimensions" in changes
        else current_dimensions
    )
    reported = indicator.measurements.exists()
    if reported:
        shaped = {
            "measure": measure != indicator.measure,
            "decimal_places": "decimal_places" in changes
            and int(changes["decimal_places"]) < indicator.decimal_places,
            "frequency": "frequency" in changes and changes["frequency"] != indicator.frequency,
            "reporting_start": "reporting_start" in changes
            and changes["reporting_start"] != indicator.reporting_start,
            "dimensions": sorted(dimensions) != sorted(current_dimensions),
        }
        fixed = [field for field, changed in shaped.items() if changed]
        if fixed:
            raise Conflict(
                _(
                    "Values have been reported for this indicator, so these can no longer "
                    "change: %(fields)s. Define a new indicator instead."
                )
                % {"fields": ", ".join(fixed)},
                field_errors={field: [_("Fixed once values are reported.")] for field in fixed},
            )
    for field in ("name", "description", "unit", "baseline_note"):
        if field in changes:
            setattr(
                indicator,
                field,
                (changes[field] or "").strip() if field != "description" else changes[field] or "",
            )
    for field, choices in (
        ("direction", Direction),
        ("result_type", ResultType),
        ("frequency", Frequency),
    ):
        if field in changes:
            setattr(indicator, field, _choice(changes[field], choices, field))
    indicator.measure = measure
    for field in (
        "decimal_places",
        "baseline_date",
        "responsible_organization",
        "verifying_organization",
        "activity",
        "reporting_start",
        "reporting_end",
        "grace_days",
    ):
        if field in changes:
            setattr(indicator, field, changes[field])
    if "baseline_value" in changes:
        indicator.baseline_value = (
            changes["baseline_value"] if changes["baseline_value"] not in ("", None) else None
        )
    if "sdg_target_code" in changes or "sdg_indicator" in changes:
        indicator.sdg_target, indicator.sdg_indicator = _sdg(
            changes.get(
                "sdg_target_code", indicator.sdg_target.code if indicator.sdg_target else ""
            ),
            changes.get("sdg_indicator", indicator.sdg_indicator),
        )
    _check(indicator, partnership)
    full_clean_or_invalid(indicator, exclude=["partnership", "created_by"])
    outside = (
        indicator.measurements.exclude(
            period_start__gte=indicator.reporting_start, period_end__lte=indicator.reporting_end
        ).exists()
        or indicator.targets.exclude(
            period_start__gte=indicator.reporting_start, period_end__lte=indicator.reporting_end
        ).exists()
    )
    if outside:
        raise Conflict(
            _("Some reported values or targets would fall outside the new reporting span."),
            field_errors={"reporting_end": [_("Values or targets fall outside.")]},
        )
    with unique_or_conflict(_(NAME_TAKEN)):
        indicator.save()
    if "dimensions" in changes and not reported:
        _dimensions_save(indicator, dimensions)
    partnership_event_record(
        actor,
        "indicator.changed",
        indicator,
        partnership,
        summary(gettext_noop("Indicator “%(name)s” changed"), name=indicator.name),
    )
    return indicator


@transaction.atomic
def indicator_targets_set(
    *, actor: Any, indicator: Indicator, targets: Iterable[Mapping[str, Any]]
) -> list[IndicatorTarget]:
    """Replace the indicator's targets: one per reporting period at most, each a value, a
    band (low–high) or both, of the indicator's type."""
    indicator = (
        Indicator.objects.select_for_update().select_related("partnership").get(pk=indicator.pk)
    )
    _require(actor, "results.manage_indicators", indicator.partnership)
    if not indicator.is_numeric:
        raise invalid("targets", _("Targets are numbers; this indicator is reported as text."))
    rows: list[IndicatorTarget] = []
    seen: set[date] = set()
    for position, target in enumerate(targets):
        field = f"targets.{position}"
        start = target.get("period_start")
        if not isinstance(start, date):
            raise invalid(field, _("Give the period's first day."))
        period = period_starting(
            indicator.reporting_start, indicator.reporting_end, indicator.frequency, start
        )
        if period is None:
            raise invalid(
                field,
                _(
                    "%(day)s does not start a reporting period of this indicator (%(first)s to %(last)s)."
                )
                % {
                    "day": format_day(start),
                    "first": format_day(indicator.reporting_start),
                    "last": format_day(indicator.reporting_end),
                },
            )
        if period.start in seen:
            raise invalid(field, _("One target per period."))
        seen.add(period.start)
        value, low, high = (
            indicator_number(indicator, target[key], f"{field}.{key}")
            if target.get(key) not in (None, "")
            else None
            for key in ("value", "low", "high")
        )
        if value is None and (low is None or high is None):
            raise invalid(field, _("Give a target value, or a band from low to high."))
        if (low is None) != (high is None):
            raise invalid(field, _("Give both ends of the band."))
        if low is not None and high is not None and low > high:
            raise invalid(field, _("The band's low end is above its high end."))
        if value is not None and low is not None and not low <= value <= high:
            raise invalid(field, _("The target value lies outside its band."))
        rows.append(
            IndicatorTarget(
                indicator=indicator,
                period_start=period.start,
                period_end=period.end,
                value=value,
                low=low,
                high=high,
                note=str(target.get("note") or "")[:300],
            )
        )
    IndicatorTarget.objects.filter(indicator=indicator).delete()
    created = IndicatorTarget.objects.bulk_create(rows)
    partnership_event_record(
        actor,
        "indicator.targets_set",
        indicator,
        indicator.partnership,
        summary(
            # one message per number: a summary is translated without ngettext
            gettext_noop("Targets of “%(name)s” set for %(count)s period")
            if len(rows) == 1
            else gettext_noop("Targets of “%(name)s” set for %(count)s periods"),
            name=indicator.name,
            count=len(rows),
        ),
    )
    return created

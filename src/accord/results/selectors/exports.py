"""The results as tables to download (CSV or XLSX, through ``accord.core.spreadsheets``):
indicators, measurements, commitments, action items and benefits.

Indicators and measurements are read by whoever reads the partnership's results, the
public of a public partnership included, who gets verified values only and none of the
workflow's comments and evidence. Commitments, action items and benefits are for the
partnership's insiders, as their pages are. Each table takes a fixed number of queries
whatever its length.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from accord.core.spreadsheets import Sheet
from accord.errors import Forbidden, NotFound
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import is_insider
from accord.results.dimensions import CATEGORIES, Dimension
from accord.results.models import MeasurementCell, MeasurementStatus
from accord.results.periods import period_starting
from accord.results.selectors.accountability import action_item_list, commitment_list
from accord.results.selectors.benefits import benefit_list
from accord.results.selectors.indicators import (
    VERIFIED,
    _current,
    indicator_progress,
    indicator_queryset,
)
from accord.results.selectors.measurements import measurement_queryset

EXPORT_TABLES = ("indicators", "measurements", "commitments", "action_items", "benefits")
#: Tables only the partnership's insiders may download.
INTERNAL_TABLES = ("commitments", "action_items", "benefits")


def export_table_titles() -> dict[str, str]:
    """Each table's name as people read it (the XLSX sheet's title)."""
    return {
        "indicators": _("Indicators"),
        "measurements": _("Measurements"),
        "commitments": _("Commitments"),
        "action_items": _("Action items"),
        "benefits": _("Benefits"),
    }


def export_table(*, actor: Any, partnership: Partnership, table: str) -> Sheet:
    """One table of the partnership's results as the actor may read it.

    ``NotFound`` for an unknown table; ``Forbidden`` for an insiders' table asked for by
    someone else. The caller checks ``results.view_results`` on the partnership."""
    if table not in EXPORT_TABLES:
        raise NotFound(
            _("No such table; choose one of: %(tables)s.") % {"tables": ", ".join(EXPORT_TABLES)}
        )
    insider = is_insider(actor=actor, partnership=partnership)
    if table in INTERNAL_TABLES and not insider:
        raise Forbidden(
            _("Commitments, action items and benefits are visible to the partnership's members.")
        )
    build = {
        "indicators": _indicators,
        "measurements": _measurements,
        "commitments": _commitments,
        "action_items": _action_items,
        "benefits": _benefits,
    }[table]
    header, rows = build(partnership, insider)
    return Sheet(title=export_table_titles()[table], header=header, rows=rows)


def _statuses(insider: bool) -> tuple[str, ...]:
    return tuple(MeasurementStatus.values) if insider else VERIFIED


INDICATOR_COLUMNS = [
    "id",
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
    "sdg_target",
    "sdg_indicator",
    "reporting_start",
    "reporting_end",
    "frequency",
    "days_to_report",
    "dimensions",
    "latest_period",
    "latest_value",
    "latest_target",
    "latest_on_target",
    "progress_percent",
    "overdue_reports",
]


def _indicators(partnership: Partnership, insider: bool) -> tuple[list[str], list[list[Any]]]:
    rows = []
    for indicator in indicator_queryset(partnership=partnership, statuses=_statuses(insider)):
        progress = indicator_progress(indicator, internal=insider)
        latest = progress.latest
        target = latest.target if latest else None
        rows.append(
            [
                indicator.pk,
                indicator.name,
                indicator.description,
                indicator.unit,
                indicator.get_measure_display(),
                indicator.decimal_places,
                indicator.direction,
                indicator.result_type,
                indicator.baseline_value,
                indicator.baseline_date,
                indicator.baseline_note,
                indicator.responsible_organization.name,
                indicator.verifying_organization.name if indicator.verifying_organization else "",
                indicator.activity.title if indicator.activity else "",
                indicator.sdg_target.code if indicator.sdg_target else "",
                indicator.sdg_indicator,
                indicator.reporting_start,
                indicator.reporting_end,
                indicator.frequency,
                indicator.grace_days,
                "; ".join(
                    f"{d.dimension} ({'all' if d.exhaustive else 'some'})"
                    for d in indicator.dimensions.all()
                ),
                latest.period.label if latest else "",
                latest.actual if latest else None,
                target.value if target else None,
                progress.latest_meets_target,
                progress.progress_percent,
                len(progress.overdue),
            ]
        )
    return INDICATOR_COLUMNS, rows


MEASUREMENT_COLUMNS = [
    "id",
    "indicator_id",
    "indicator",
    "period",
    "period_start",
    "period_end",
    "value",
    "value_text",
    "status",
    "counts",  # the value that stands for its period (after any locked correction)
    "reporter_organization",
    "submitted_at",
    "approved_at",
    "locked_at",
    "corrects_id",
    "correction_reason",
]
INTERNAL_MEASUREMENT_COLUMNS = ["evidence_note", "evidence_link", "return_comment"]


def _measurements(partnership: Partnership, insider: bool) -> tuple[list[str], list[list[Any]]]:
    measurements = list(
        measurement_queryset(statuses=_statuses(insider))
        .filter(indicator__partnership=partnership)
        .select_related(None)
        .select_related("indicator", "reporter_organization")
        .prefetch_related(None)
        .prefetch_related(
            Prefetch("cells", queryset=MeasurementCell.objects.order_by("dimension", "id"))
        )
        .order_by("indicator__name", "period_start", "id")
    )
    by_period: dict[tuple[int, Any], list[Any]] = {}
    for m in measurements:
        by_period.setdefault((m.indicator_id, m.period_start), []).append(m)
    standing = {
        current.pk for group in by_period.values() if (current := _current(group)) is not None
    }
    used = {(c.dimension, c.category) for m in measurements for c in m.cells.all()}
    cell_columns = [
        (dimension, code)
        for dimension in Dimension.values
        for code, _label in CATEGORIES[dimension]
        if (dimension, code) in used
    ]
    header = [
        *MEASUREMENT_COLUMNS,
        *(INTERNAL_MEASUREMENT_COLUMNS if insider else []),
        *(f"{dimension}:{code}" for dimension, code in cell_columns),
    ]
    rows = []
    for m in measurements:
        cells = {(c.dimension, c.category): c.value for c in m.cells.all()}
        period = _period_label(m)
        rows.append(
            [
                m.pk,
                m.indicator_id,
                m.indicator.name,
                period,
                m.period_start,
                m.period_end,
                m.value,
                m.value_text,
                m.status,
                m.pk in standing,
                m.reporter_organization.name,
                m.submitted_at,
                m.approved_at,
                m.locked_at,
                m.corrects_id,
                m.correction_reason,
                *([m.evidence_note, m.evidence_link, m.return_comment] if insider else []),
                *(cells.get(column) for column in cell_columns),
            ]
        )
    return header, rows


def _period_label(measurement: Any) -> str:
    indicator = measurement.indicator
    period = period_starting(
        indicator.reporting_start,
        indicator.reporting_end,
        indicator.frequency,
        measurement.period_start,
    )
    return period.label if period else ""


COMMITMENT_COLUMNS = [
    "id",
    "organization",
    "commitment",
    "source",
    "due_on",
    "activity",
    "indicator",
    "status",
    "reason",
    "done_on",
    "status_set_at",
    "confirmed",
    "confirmed_at",
    "overdue",
]


def _commitments(partnership: Partnership, insider: bool) -> tuple[list[str], list[list[Any]]]:
    return COMMITMENT_COLUMNS, [
        [
            c.pk,
            c.organization.name,
            c.text,
            c.source,
            c.due_on,
            c.activity.title if c.activity else "",
            c.indicator.name if c.indicator else "",
            c.status,
            c.status_reason,
            c.done_on,
            c.status_set_at,
            c.confirmed_at is not None,
            c.confirmed_at,
            bool(c.is_overdue),
        ]
        for c in commitment_list(partnership=partnership)
    ]


ACTION_ITEM_COLUMNS = [
    "id",
    "title",
    "description",
    "owner",
    "owner_organization",
    "due_on",
    "status",
    "overdue",
    "decision",
    "activity",
    "indicator",
    "done_at",
    "done_note",
    "reassignments",
]


def _action_items(partnership: Partnership, insider: bool) -> tuple[list[str], list[list[Any]]]:
    return ACTION_ITEM_COLUMNS, [
        [
            item.pk,
            item.title,
            item.description,
            str(item.owner),
            item.owner_organization.name,
            item.due_on,
            item.status,
            bool(item.is_overdue),
            item.proposal.title if item.proposal else "",
            item.activity.title if item.activity else "",
            item.indicator.name if item.indicator else "",
            item.done_at,
            item.done_note,
            item.reassignment_count,
        ]
        for item in action_item_list(partnership=partnership)
    ]


BENEFIT_COLUMNS = [
    "id",
    "received_on",
    "recipient",
    "recipient_is_organization",
    "level",
    "kind",
    "description",
    "value",
    "currency",
    "expected_by_charter",
    "evidence_note",
    "evidence_link",
    "reverses_id",
    "reversed_by_id",
    "recorded_at",
]


def _benefits(partnership: Partnership, insider: bool) -> tuple[list[str], list[list[Any]]]:
    rows = []
    for b in benefit_list(partnership=partnership):
        reversed_by = getattr(b, "reversed_by", None)
        rows.append(
            [
                b.pk,
                b.received_on,
                str(b.recipient_organization or b.recipient_user),
                b.recipient_organization_id is not None,
                b.level,
                b.kind,
                b.description,
                b.value,
                b.currency,
                b.expected_by_charter,
                b.evidence_note,
                b.evidence_link,
                b.reverses_id,
                reversed_by.pk if reversed_by is not None else None,
                b.recorded_at,
            ]
        )
    return BENEFIT_COLUMNS, rows

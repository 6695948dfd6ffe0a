"""Measurements and their verification: draft → submitted → approved → locked, with
"return with comment" back to the reporter, and corrections of locked values.

The reporting organization's people report (``results.report_indicator``); the
coordinator or a representative of another member organization verifies
(``results.verify_measurement``). Every step is kept (``MeasurementTransition``) and
recorded in the partnership's feed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.core.formats import format_day
from accord.core.persistence import unique_or_conflict
from accord.errors import Conflict, Forbidden, full_clean_or_invalid
from accord.errors import require_permission as _require
from accord.results.dimensions import Dimension, category_codes, category_label
from accord.results.evidence import evidence_file_check
from accord.results.models import (
    Indicator,
    Measure,
    Measurement,
    MeasurementCell,
    MeasurementStatus,
    MeasurementTransition,
)
from accord.results.periods import Period, period_starting
from accord.results.rules import member_seats
from accord.results.services._common import figure_text, indicator_number, invalid

EDITABLE = (MeasurementStatus.DRAFT, MeasurementStatus.RETURNED)

#: The event summary of a measurement entering a status (stored untranslated, read in each
#: reader's language).
_STATUS_SUMMARIES = {
    MeasurementStatus.DRAFT: gettext_noop("“%(name)s” %(start)s–%(end)s: draft"),
    MeasurementStatus.SUBMITTED: gettext_noop("“%(name)s” %(start)s–%(end)s: submitted"),
    MeasurementStatus.RETURNED: gettext_noop("“%(name)s” %(start)s–%(end)s: returned with comment"),
    MeasurementStatus.APPROVED: gettext_noop("“%(name)s” %(start)s–%(end)s: approved"),
    MeasurementStatus.LOCKED: gettext_noop("“%(name)s” %(start)s–%(end)s: locked"),
}
ALREADY_REPORTED = gettext_noop(
    "A value is already reported for this period: edit that one, or correct it once locked."
)


def _period(indicator: Indicator, period_start: Any) -> Period:
    if not isinstance(period_start, date):
        raise invalid("period_start", _("Give the first day of the period."))
    period = period_starting(
        indicator.reporting_start, indicator.reporting_end, indicator.frequency, period_start
    )
    span = {
        "first": format_day(indicator.reporting_start),
        "last": format_day(indicator.reporting_end),
    }
    if period is None:
        if not indicator.reporting_start <= period_start <= indicator.reporting_end:
            raise invalid(
                "period_start",
                _("This period is outside the indicator's reporting span (%(first)s to %(last)s).")
                % span,
            )
        raise invalid(
            "period_start",
            _("%(day)s does not start one of the indicator's %(frequency)s periods.")
            % {
                "day": format_day(period_start),
                "frequency": indicator.get_frequency_display().lower(),
            },
        )
    if period.start > timezone.localdate():
        raise invalid("period_start", _("This period has not begun yet."))
    return period


def _cells(raw: Any) -> list[tuple[str, str, Any]]:
    """``[(dimension, category, value)]`` from mappings or a ``{(dimension, category): value}``."""
    if raw is None:
        return []
    if isinstance(raw, Mapping):
        return [(d, c, v) for (d, c), v in raw.items()]
    cells = []
    for item in raw:
        if isinstance(item, Mapping):
            cells.append((item.get("dimension"), item.get("category"), item.get("value")))
        else:
            cells.append(tuple(item))
    return cells


def _values(
    indicator: Indicator, value: Any, value_text: str, cells: Any
) -> tuple[Decimal | None, str, list[MeasurementCell]]:
    """Check the value and the cells against the indicator; nothing is written."""
    text = (value_text or "").strip()
    if not indicator.is_numeric:
        if value not in (None, ""):
            raise invalid("value", _("This indicator is reported as text: use the text field."))
        if not text:
            raise invalid("value_text", _("Describe the result."))
        if _cells(cells):
            raise invalid("cells", _("This indicator has no disaggregation."))
        return None, text, []
    if text:
        raise invalid("value_text", _("This indicator is reported as a number."))
    total = indicator_number(indicator, value, "value")
    dimensions = {d.dimension: d.exhaustive for d in indicator.dimensions.all()}
    given: dict[str, dict[str, Decimal]] = {}
    for dimension, category, cell_value in _cells(cells):
        if dimension not in dimensions:
            raise invalid(
                "cells",
                _("This indicator is not disaggregated by “%(dimension)s”.")
                % {"dimension": dimension},
            )
        if category not in category_codes(dimension):
            raise invalid(
                "cells",
                _("“%(category)s” is not a category of %(dimension)s.")
                % {"category": category, "dimension": Dimension(dimension).label},
            )
        if category in given.setdefault(dimension, {}):
            raise invalid("cells", _("Each category is given once."))
        given[dimension][category] = indicator_number(
            indicator,
            cell_value,
            f"cells.{dimension}.{category}",
            non_negative=indicator.measure == Measure.UNIT,
        )
    rows: list[MeasurementCell] = []
    for dimension, exhaustive in dimensions.items():
        values = given.get(dimension, {})
        label = Dimension(dimension).label
        missing = [c for c in category_codes(dimension) if c not in values]
        if exhaustive and missing:
            raise invalid(
                "cells",
                _(
                    "Give a value for every category of %(dimension)s (0 where there is none); "
                    "missing: %(missing)s."
                )
                % {
                    "dimension": label,
                    "missing": ", ".join(category_label(dimension, c) for c in missing),
                },
            )
        if indicator.measure == Measure.UNIT:
            cell_sum = sum(values.values(), Decimal(0))
            if exhaustive and cell_sum != total:
                raise invalid(
                    "cells",
                    _("The %(dimension)s cells add up to %(sum)s, not to the total %(total)s.")
                    % {
                        "dimension": label,
                        "sum": figure_text(cell_sum),
                        "total": figure_text(total),
                    },
                )
            if not exhaustive and cell_sum > total:
                raise invalid(
                    "cells",
                    _("The %(dimension)s cells add up to %(sum)s, more than the total %(total)s.")
                    % {
                        "dimension": label,
                        "sum": figure_text(cell_sum),
                        "total": figure_text(total),
                    },
                )
        rows.extend(
            MeasurementCell(dimension=dimension, category=category, value=cell_value)
            for category, cell_value in values.items()
        )
    return total, "", rows


def _evidence(measurement: Measurement, note: Any, file: Any, link: Any) -> None:
    if note is not None:
        measurement.evidence_note = str(note)[:5000]
    if link is not None:
        measurement.evidence_link = str(link).strip()
    if file:
        evidence_file_check(file, partnership_id=measurement.indicator.partnership_id)
        measurement.evidence_file = file


def _transition(measurement: Measurement, actor: Any, from_status: str, comment: str = "") -> None:
    MeasurementTransition.objects.create(
        measurement=measurement,
        from_status=from_status,
        to_status=measurement.status,
        actor=actor,
        comment=comment,
    )
    indicator = measurement.indicator
    partnership_event_record(
        actor,
        f"measurement.{measurement.status}",
        measurement,
        indicator.partnership,
        summary(
            _STATUS_SUMMARIES[measurement.status],
            name=indicator.name,
            start=str(measurement.period_start),
            end=str(measurement.period_end),
        ),
        from_status=from_status,
    )


def _locked(measurement_id: int) -> Measurement:
    """The measurement, its row locked for this transaction, with what the rules read."""
    return (
        Measurement.objects.select_for_update(of=("self",))
        .select_related("indicator__partnership")
        .get(pk=measurement_id)
    )


def _fresh_indicator(indicator: Indicator) -> Indicator:
    return Indicator.objects.select_related("partnership").get(pk=indicator.pk)


def _save_new(measurement: Measurement, cells: list[MeasurementCell]) -> None:
    full_clean_or_invalid(
        measurement,
        exclude=["indicator", "reporter_organization", "created_by", "corrects", "evidence_file"],
    )
    with unique_or_conflict(_(ALREADY_REPORTED)):
        measurement.save()
    for cell in cells:
        cell.measurement = measurement
    MeasurementCell.objects.bulk_create(cells)


@transaction.atomic
def measurement_create(
    *,
    actor: Any,
    indicator: Indicator,
    period_start: date,
    value: Any = None,
    value_text: str = "",
    cells: Any = None,
    evidence_note: str = "",
    evidence_file: Any = None,
    evidence_link: str = "",
    submit: bool = False,
) -> Measurement:
    """Report a value for one period, as a draft (or submitted at once with ``submit``).

    Refuses a period outside the reporting span or not starting a reporting period, a value
    of the wrong type, and cells that do not add up; nothing is written then."""
    indicator = _fresh_indicator(indicator)
    _require(actor, "results.report_indicator", indicator)
    period = _period(indicator, period_start)
    if Measurement.objects.filter(
        indicator=indicator, period_start=period.start, corrects__isnull=True
    ).exists():
        raise Conflict(_(ALREADY_REPORTED))
    total, text, cell_rows = _values(indicator, value, value_text, cells)
    measurement = Measurement(
        indicator=indicator,
        period_start=period.start,
        period_end=period.end,
        value=total,
        value_text=text,
        reporter_organization_id=indicator.responsible_organization_id,
        created_by=actor,
    )
    _evidence(measurement, evidence_note, evidence_file, evidence_link)
    _save_new(measurement, cell_rows)
    _transition(measurement, actor, "")
    if submit:
        return measurement_submit(actor=actor, measurement=measurement)
    return measurement


def _require_editable(measurement: Measurement) -> None:
    if measurement.status == MeasurementStatus.LOCKED:
        raise Conflict(_("This measurement is locked: it changes only through a correction."))
    if measurement.status not in EDITABLE:
        raise Conflict(
            _("This measurement is %(status)s: it can be edited only as a draft or once returned.")
            % {"status": measurement.get_status_display().lower()}
        )


@transaction.atomic
def measurement_update(
    *,
    actor: Any,
    measurement: Measurement,
    value: Any = None,
    value_text: str = "",
    cells: Any = None,
    evidence_note: str | None = None,
    evidence_file: Any = None,
    evidence_link: str | None = None,
) -> Measurement:
    """Change a draft or a returned measurement: its value and cells (given in full) and
    its evidence. A submitted, approved or locked one is refused (409)."""
    measurement = _locked(measurement.pk)
    _require(actor, "results.report_indicator", measurement.indicator)
    _require_editable(measurement)
    total, text, cell_rows = _values(measurement.indicator, value, value_text, cells)
    measurement.value, measurement.value_text = total, text
    _evidence(measurement, evidence_note, evidence_file, evidence_link)
    full_clean_or_invalid(
        measurement,
        exclude=["indicator", "reporter_organization", "created_by", "corrects", "evidence_file"],
    )
    measurement.save()
    measurement.cells.all().delete()
    for cell in cell_rows:
        cell.measurement = measurement
    MeasurementCell.objects.bulk_create(cell_rows)
    partnership_event_record(
        actor,
        "measurement.edited",
        measurement,
        measurement.indicator.partnership,
        summary(
            gettext_noop("“%(name)s” %(start)s: value edited"),
            name=measurement.indicator.name,
            start=str(measurement.period_start),
        ),
    )
    return measurement


@transaction.atomic
def measurement_evidence_attach(
    *,
    actor: Any,
    measurement: Measurement,
    evidence_note: str | None = None,
    evidence_file: Any = None,
    evidence_link: str | None = None,
) -> Measurement:
    """Add or replace the evidence of a draft or returned measurement (the value stays)."""
    measurement = _locked(measurement.pk)
    _require(actor, "results.report_indicator", measurement.indicator)
    _require_editable(measurement)
    _evidence(measurement, evidence_note, evidence_file, evidence_link)
    full_clean_or_invalid(
        measurement,
        exclude=["indicator", "reporter_organization", "created_by", "corrects", "evidence_file"],
    )
    measurement.save(update_fields=["evidence_note", "evidence_file", "evidence_link"])
    partnership_event_record(
        actor,
        "measurement.evidence",
        measurement,
        measurement.indicator.partnership,
        summary(
            gettext_noop("“%(name)s” %(start)s: evidence added"),
            name=measurement.indicator.name,
            start=str(measurement.period_start),
        ),
    )
    return measurement


@transaction.atomic
def measurement_submit(*, actor: Any, measurement: Measurement) -> Measurement:
    """Send a draft (or a returned measurement) for verification; it needs evidence."""
    measurement = _locked(measurement.pk)
    _require(actor, "results.report_indicator", measurement.indicator)
    if measurement.status not in EDITABLE:
        raise Conflict(
            _("This measurement is already %(status)s.")
            % {"status": measurement.get_status_display().lower()}
        )
    if not (
        measurement.evidence_note.strip() or measurement.evidence_file or measurement.evidence_link
    ):
        raise invalid(
            "evidence_note", _("Add evidence before submitting: a note, a file or a link.")
        )
    previous = measurement.status
    measurement.status = MeasurementStatus.SUBMITTED
    measurement.submitted_by, measurement.submitted_at = actor, timezone.now()
    measurement.return_comment = ""
    measurement.save(update_fields=["status", "submitted_by", "submitted_at", "return_comment"])
    _transition(measurement, actor, previous)
    return measurement


def _may_verify(actor: Any, measurement: Measurement) -> None:
    """Say why, when the reporting organization or the submitter tries to verify."""
    seats = member_seats(actor, measurement.indicator.partnership_id)
    if measurement.reporter_organization_id in seats:
        raise Forbidden(
            _(
                "The reporting organization cannot verify its own report: the coordinator or "
                "another member organization does."
            )
        )
    if measurement.submitted_by_id == actor.pk:
        raise Forbidden(_("You submitted this measurement: someone else verifies it."))
    _require(actor, "results.verify_measurement", measurement)


def _require_submitted(measurement: Measurement) -> None:
    if measurement.status in (MeasurementStatus.APPROVED, MeasurementStatus.LOCKED):
        raise Conflict(_("This measurement is already approved."))
    if measurement.status != MeasurementStatus.SUBMITTED:
        raise Conflict(_("Only a submitted measurement can be approved or returned."))


@transaction.atomic
def measurement_return(*, actor: Any, measurement: Measurement, comment: str) -> Measurement:
    """Send a submitted measurement back to its reporter, saying what to change."""
    measurement = _locked(measurement.pk)
    _may_verify(actor, measurement)
    _require_submitted(measurement)
    comment = (comment or "").strip()
    if not comment:
        raise invalid("comment", _("Say what should change."))
    measurement.status, measurement.return_comment = MeasurementStatus.RETURNED, comment[:5000]
    measurement.save(update_fields=["status", "return_comment"])
    _transition(measurement, actor, MeasurementStatus.SUBMITTED, comment)
    return measurement


@transaction.atomic
def measurement_approve(
    *, actor: Any, measurement: Measurement, comment: str = "", lock: bool = False
) -> Measurement:
    """Approve a submitted measurement (once: a second approval is refused, 409); with
    ``lock``, lock it in the same step."""
    measurement = _locked(measurement.pk)
    _may_verify(actor, measurement)
    _require_submitted(measurement)
    measurement.status = MeasurementStatus.APPROVED
    measurement.verifier, measurement.approved_at = actor, timezone.now()
    measurement.save(update_fields=["status", "verifier", "approved_at"])
    _transition(measurement, actor, MeasurementStatus.SUBMITTED, (comment or "").strip())
    if lock:
        return measurement_lock(actor=actor, measurement=measurement)
    return measurement


@transaction.atomic
def measurement_lock(*, actor: Any, measurement: Measurement) -> Measurement:
    """Lock an approved measurement: from now on the database refuses to change it."""
    measurement = _locked(measurement.pk)
    if measurement.status == MeasurementStatus.LOCKED:
        raise Conflict(_("This measurement is already locked."))
    _may_verify_or_approver(actor, measurement)
    if measurement.status != MeasurementStatus.APPROVED:
        raise Conflict(_("Only an approved measurement can be locked."))
    measurement.status, measurement.locked_at = MeasurementStatus.LOCKED, timezone.now()
    measurement.save(update_fields=["status", "locked_at"])
    _transition(measurement, actor, MeasurementStatus.APPROVED)
    return measurement


def _may_verify_or_approver(actor: Any, measurement: Measurement) -> None:
    """The person who approved may lock; otherwise anyone who may verify."""
    if measurement.verifier_id is not None and measurement.verifier_id == actor.pk:
        return
    _may_verify(actor, measurement)


@transaction.atomic
def measurement_correct(
    *,
    actor: Any,
    measurement: Measurement,
    reason: str,
    value: Any = None,
    value_text: str = "",
    cells: Any = None,
    evidence_note: str = "",
    evidence_file: Any = None,
    evidence_link: str = "",
    submit: bool = False,
) -> Measurement:
    """Correct a locked measurement: a new draft for the same period, linked to it, that
    goes through the same workflow; the locked value stays as it was, in the history."""
    original = _locked(measurement.pk)
    _require(actor, "results.correct_measurement", original)
    if original.status != MeasurementStatus.LOCKED:
        raise Conflict(
            _("Only a locked measurement is corrected; this one can still be edited or returned.")
        )
    if Measurement.objects.filter(corrects=original).exists():
        raise Conflict(_("This measurement already has a correction: correct the latest one."))
    reason = (reason or "").strip()
    if not reason:
        raise invalid("reason", _("Say why the value is corrected."))
    indicator = original.indicator
    total, text, cell_rows = _values(indicator, value, value_text, cells)
    correction = Measurement(
        indicator=indicator,
        period_start=original.period_start,
        period_end=original.period_end,
        value=total,
        value_text=text,
        reporter_organization_id=indicator.responsible_organization_id,
        corrects=original,
        correction_reason=reason[:5000],
        created_by=actor,
    )
    _evidence(correction, evidence_note, evidence_file, evidence_link)
    with unique_or_conflict(_("This measurement already has a correction.")):
        _save_new(correction, cell_rows)
    _transition(correction, actor, "", reason)
    if submit:
        return measurement_submit(actor=actor, measurement=correction)
    return correction


@transaction.atomic
def measurement_discard(*, actor: Any, measurement: Measurement) -> None:
    """Delete a draft that was never submitted."""
    measurement = _locked(measurement.pk)
    _require(actor, "results.report_indicator", measurement.indicator)
    if measurement.status != MeasurementStatus.DRAFT or measurement.submitted_at is not None:
        raise Conflict(_("Only a draft that was never submitted can be discarded."))
    partnership_event_record(
        actor,
        "measurement.discarded",
        measurement,
        measurement.indicator.partnership,
        summary(
            gettext_noop("“%(name)s” %(start)s: draft discarded"),
            name=measurement.indicator.name,
            start=str(measurement.period_start),
        ),
    )
    measurement.delete()

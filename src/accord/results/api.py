"""The results API: indicators with progress, targets, the library, measurements and
every step of their verification. Same services and selectors as the pages."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import FileResponse, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from accord.core.api import actor, optional, read_auth
from accord.core.http import download
from accord.core.pagination import BoundedPagination
from accord.core.spreadsheets import FORMATS, spreadsheet
from accord.errors import Forbidden, Invalid, NotFound
from accord.partners import selectors as partner_selectors
from accord.partnerships import selectors as partnership_selectors
from accord.resources import selectors as resource_selectors
from accord.results import selectors, services
from accord.results.dimensions import Dimension
from accord.results.library import library_for
from accord.results.models import (
    ActionItemStatus,
    BenefitKind,
    BenefitLevel,
    CommitmentSource,
    CommitmentStatus,
    Direction,
    Frequency,
    Measure,
    ResultType,
)
from accord.results.report_pdf import report_pdf_filename, report_pdf_or_queue

router = Router(tags=["results"])

#: A number as JSON number or string; the services check it against the indicator's type.
Number = Decimal | str | None


def _partnership(request: HttpRequest, slug: str) -> Any:
    return partnership_selectors.partnership_get_for(
        actor=actor(request), slug=slug, perm="results.view_results"
    )


def _org(request: HttpRequest, organization_id: int | None) -> Any:
    return optional(
        lambda pk: partner_selectors.organization_find(actor=actor(request), organization_id=pk),
        organization_id,
        _("No such organization."),
    )


def _indicator(request: HttpRequest, slug: str, indicator_id: int) -> Any:
    partnership = _partnership(request, slug)
    return selectors.indicator_get(
        actor=actor(request), partnership=partnership, indicator_id=indicator_id
    )


def _measurement(request: HttpRequest, slug: str, measurement_id: int) -> Any:
    partnership = _partnership(request, slug)
    return selectors.measurement_get(
        actor=actor(request), partnership=partnership, measurement_id=measurement_id
    )


# --- schemas ----------------------------------------------------------------------------------


class DimensionSchema(Schema):
    dimension: Dimension
    exhaustive: bool = True


class TargetOut(Schema):
    period_start: date
    period_end: date
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    note: str


class PeriodOut(Schema):
    label: str
    period_start: date
    period_end: date
    due_on: date
    target: Decimal | None
    target_low: Decimal | None
    target_high: Decimal | None
    actual: Decimal | None
    measurement_id: int | None
    latest_status: str | None
    is_overdue: bool
    submitted_late: bool


class IndicatorOut(Schema):
    id: int
    name: str
    description: str
    unit: str
    measure: str
    decimal_places: int
    direction: str
    result_type: str
    baseline_value: Decimal | None
    baseline_date: date | None
    baseline_note: str
    responsible_organization_id: int
    responsible_organization: str
    verifying_organization_id: int | None
    activity_id: int | None
    sdg_target: str | None
    sdg_indicator: str
    reporting_start: date
    reporting_end: date
    frequency: str
    grace_days: int
    library_key: str
    dimensions: list[DimensionSchema]
    targets: list[TargetOut]
    periods: list[PeriodOut]
    latest_meets_target: bool | None
    progress_percent: int | None


def _indicator_out(progress: selectors.IndicatorProgress) -> dict[str, Any]:
    i = progress.indicator
    return {
        **{
            field: getattr(i, field)
            for field in (
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
                "responsible_organization_id",
                "verifying_organization_id",
                "activity_id",
                "sdg_indicator",
                "reporting_start",
                "reporting_end",
                "frequency",
                "grace_days",
                "library_key",
            )
        },
        "responsible_organization": i.responsible_organization.name,
        "sdg_target": i.sdg_target.code if i.sdg_target else None,
        "dimensions": [
            {"dimension": d.dimension, "exhaustive": d.exhaustive} for d in i.dimensions.all()
        ],
        "targets": list(i.targets.all()),
        "periods": [
            {
                "label": row.period.label,
                "period_start": row.period.start,
                "period_end": row.period.end,
                "due_on": row.due_on,
                "target": row.target.value if row.target else None,
                "target_low": row.target.low if row.target else None,
                "target_high": row.target.high if row.target else None,
                "actual": row.actual,
                "measurement_id": row.measurement.pk if row.measurement else None,
                "latest_status": row.latest.status if row.latest else None,
                "is_overdue": row.is_overdue,
                "submitted_late": row.submitted_late,
            }
            for row in progress.rows
        ],
        "latest_meets_target": progress.latest_meets_target,
        "progress_percent": progress.progress_percent,
    }


class IndicatorIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    responsible_organization_id: int
    reporting_start: date
    reporting_end: date
    description: str = ""
    unit: str = Field("", max_length=60)
    measure: Measure = Measure.UNIT
    decimal_places: int = Field(0, ge=0, le=4)
    direction: Direction = Direction.UP
    result_type: ResultType = ResultType.OUTPUT
    baseline_value: Number = None
    baseline_date: date | None = None
    baseline_note: str = Field("", max_length=300)
    verifying_organization_id: int | None = None
    activity_id: int | None = None
    sdg_target: str = ""
    sdg_indicator: str = ""
    frequency: Frequency = Frequency.QUARTERLY
    grace_days: int = Field(30, ge=0, le=366)
    dimensions: list[DimensionSchema] = []


class IndicatorPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    responsible_organization_id: int | None = None
    reporting_start: date | None = None
    reporting_end: date | None = None
    description: str | None = None
    unit: str | None = Field(None, max_length=60)
    measure: Measure | None = None
    decimal_places: int | None = Field(None, ge=0, le=4)
    direction: Direction | None = None
    result_type: ResultType | None = None
    baseline_value: Number = None
    baseline_date: date | None = None
    baseline_note: str | None = Field(None, max_length=300)
    verifying_organization_id: int | None = None
    activity_id: int | None = None
    sdg_target: str | None = None
    sdg_indicator: str | None = None
    frequency: Frequency | None = None
    grace_days: int | None = Field(None, ge=0, le=366)
    dimensions: list[DimensionSchema] | None = None


def _indicator_fields(
    request: HttpRequest, partnership: Any, data: dict[str, Any]
) -> dict[str, Any]:
    """A payload's fields as the services take them (ids to objects, enums to values)."""
    fields: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("responsible_organization_id", "verifying_organization_id"):
            fields[key.removesuffix("_id")] = _org(request, value)
        elif key == "activity_id":
            fields["activity"] = optional(
                lambda pk: resource_selectors.activity_find(
                    partnership=partnership, activity_id=pk
                ),
                value,
                _("No such activity."),
            )
        elif key == "sdg_target":
            fields["sdg_target_code"] = value or ""
        elif key == "dimensions":
            fields["dimensions"] = [(d["dimension"], d["exhaustive"]) for d in value]
        else:
            fields[key] = getattr(value, "value", value)
    return fields


def _progress_of(request: HttpRequest, indicator: Any) -> dict[str, Any]:
    fresh = selectors.indicator_get(
        actor=actor(request), partnership=indicator.partnership, indicator_id=indicator.pk
    )
    is_insider = partnership_selectors.is_insider(
        actor=actor(request), partnership=indicator.partnership
    )
    return _indicator_out(selectors.indicator_progress(fresh, internal=is_insider))


# --- indicators -------------------------------------------------------------------------------


@router.get("/partnerships/{slug}/indicators", response=list[IndicatorOut], auth=read_auth)
def indicator_list(request: HttpRequest, slug: str) -> Any:
    """Every indicator with its targets and progress period by period."""
    partnership = _partnership(request, slug)
    return [
        _indicator_out(p)
        for p in selectors.indicator_progress_list(actor=actor(request), partnership=partnership)
    ]


@router.post("/partnerships/{slug}/indicators", response={201: IndicatorOut})
def indicator_create(request: HttpRequest, slug: str, payload: IndicatorIn) -> Any:
    partnership = _partnership(request, slug)
    indicator = services.indicator_create(
        actor=actor(request),
        partnership=partnership,
        **_indicator_fields(request, partnership, payload.dict()),
    )
    return 201, _progress_of(request, indicator)


@router.get("/partnerships/{slug}/indicators/{indicator_id}", response=IndicatorOut, auth=read_auth)
def indicator_detail(request: HttpRequest, slug: str, indicator_id: int) -> Any:
    return _progress_of(request, _indicator(request, slug, indicator_id))


@router.patch("/partnerships/{slug}/indicators/{indicator_id}", response=IndicatorOut)
def indicator_update(
    request: HttpRequest, slug: str, indicator_id: int, payload: IndicatorPatch
) -> Any:
    indicator = _indicator(request, slug, indicator_id)
    services.indicator_update(
        actor=actor(request),
        indicator=indicator,
        **_indicator_fields(request, indicator.partnership, payload.dict(exclude_unset=True)),
    )
    return _progress_of(request, indicator)


class TargetIn(Schema):
    period_start: date
    value: Number = None
    low: Number = None
    high: Number = None
    note: str = Field("", max_length=300)


@router.put("/partnerships/{slug}/indicators/{indicator_id}/targets", response=list[TargetOut])
def indicator_targets_set(
    request: HttpRequest, slug: str, indicator_id: int, payload: list[TargetIn]
) -> Any:
    """Replace the indicator's targets (one per reporting period at most)."""
    indicator = _indicator(request, slug, indicator_id)
    return services.indicator_targets_set(
        actor=actor(request), indicator=indicator, targets=[t.dict() for t in payload]
    )


class LibraryOut(Schema):
    key: str
    partnership_type: str
    name: str
    description: str
    unit: str
    measure: str
    result_type: str
    sdg_target: str
    sdg_indicator: str
    frequency: str
    dimensions: list[DimensionSchema]


@router.get("/partnerships/{slug}/indicator-library", response=list[LibraryOut], auth=read_auth)
def indicator_library(request: HttpRequest, slug: str) -> Any:
    """Common indicators to start from, the partnership type's first."""
    partnership = _partnership(request, slug)
    return [
        {
            "key": e.key,
            "partnership_type": e.partnership_type,
            "name": e.translated_name,
            "description": e.translated_description,
            "unit": e.unit,
            "measure": e.measure,
            "result_type": e.result_type,
            "sdg_target": e.sdg_target,
            "sdg_indicator": e.sdg_indicator,
            "frequency": e.frequency,
            "dimensions": [{"dimension": d, "exhaustive": x} for d, x in e.dimensions],
        }
        for e in library_for(partnership.type)
    ]


class LibraryStartIn(Schema):
    responsible_organization_id: int
    reporting_start: date
    reporting_end: date


@router.post("/partnerships/{slug}/indicator-library/{key}", response={201: IndicatorOut})
def indicator_create_from_library(
    request: HttpRequest, slug: str, key: str, payload: LibraryStartIn
) -> Any:
    """Start an indicator from a library entry."""
    partnership = _partnership(request, slug)
    indicator = services.indicator_create_from_library(
        actor=actor(request),
        partnership=partnership,
        key=key,
        responsible_organization=_org(request, payload.responsible_organization_id),
        reporting_start=payload.reporting_start,
        reporting_end=payload.reporting_end,
    )
    return 201, _progress_of(request, indicator)


# --- measurements ------------------------------------------------------------------------------


class CellSchema(Schema):
    dimension: str
    category: str
    value: Decimal | str


class StepOut(Schema):
    from_status: str
    to_status: str
    actor: str
    comment: str
    at: datetime


class MeasurementOut(Schema):
    id: int
    indicator_id: int
    period_start: date
    period_end: date
    value: Decimal | None
    value_text: str
    status: str
    reporter_organization_id: int
    return_comment: str
    evidence_note: str | None
    evidence_link: str | None
    has_evidence_file: bool
    corrects_id: int | None
    correction_reason: str
    submitted_at: datetime | None
    approved_at: datetime | None
    locked_at: datetime | None
    verifier_id: int | None
    cells: list[CellSchema]
    history: list[StepOut]


def _measurement_out(request: HttpRequest, m: Any) -> dict[str, Any]:
    internal = actor(request).has_perm("results.view_internal", m.indicator.partnership)
    return {
        **{
            field: getattr(m, field)
            for field in (
                "id",
                "indicator_id",
                "period_start",
                "period_end",
                "value",
                "value_text",
                "status",
                "reporter_organization_id",
                "corrects_id",
                "correction_reason",
                "submitted_at",
                "approved_at",
                "locked_at",
                "verifier_id",
            )
        },
        "return_comment": m.return_comment if internal else "",
        "evidence_note": m.evidence_note if internal else None,
        "evidence_link": m.evidence_link if internal else None,
        "has_evidence_file": bool(m.evidence_file),
        "cells": [
            {"dimension": c.dimension, "category": c.category, "value": c.value}
            for c in m.cells.all()
        ],
        "history": [
            {
                "from_status": t.from_status,
                "to_status": t.to_status,
                "actor": str(t.actor),
                "comment": t.comment if internal else "",
                "at": t.at,
            }
            for t in m.transitions.all()
        ],
    }


def _fresh(request: HttpRequest, measurement: Any) -> dict[str, Any]:
    partnership = measurement.indicator.partnership
    return _measurement_out(
        request,
        selectors.measurement_get(
            actor=actor(request), partnership=partnership, measurement_id=measurement.pk
        ),
    )


class MeasurementIn(Schema):
    period_start: date
    value: Number = None
    value_text: str = ""
    cells: list[CellSchema] = []
    evidence_note: str = ""
    evidence_link: str = Field("", max_length=500)
    submit: bool = False


class MeasurementPatch(Schema):
    value: Number = None
    value_text: str = ""
    cells: list[CellSchema] = []
    evidence_note: str | None = None
    evidence_link: str | None = Field(None, max_length=500)


class MeasurementCommentIn(Schema):
    comment: str = Field(..., min_length=1, max_length=5000)


class ApproveIn(Schema):
    comment: str = Field("", max_length=5000)
    lock: bool = False


class CorrectionIn(Schema):
    reason: str = Field(..., min_length=1, max_length=5000)
    value: Number = None
    value_text: str = ""
    cells: list[CellSchema] = []
    evidence_note: str = ""
    evidence_link: str = Field("", max_length=500)
    submit: bool = False


def _cells(cells: list[CellSchema]) -> list[dict[str, Any]]:
    return [c.dict() for c in cells]


@router.get(
    "/partnerships/{slug}/indicators/{indicator_id}/measurements",
    response=list[MeasurementOut],
    auth=read_auth,
)
def measurement_list(request: HttpRequest, slug: str, indicator_id: int) -> Any:
    """The indicator's measurements (the public sees verified ones), newest period first."""
    indicator = _indicator(request, slug, indicator_id)
    return [
        _measurement_out(request, m)
        for m in selectors.measurement_list(actor=actor(request), indicator=indicator)
    ]


@router.post(
    "/partnerships/{slug}/indicators/{indicator_id}/measurements", response={201: MeasurementOut}
)
def measurement_create(
    request: HttpRequest, slug: str, indicator_id: int, payload: MeasurementIn
) -> Any:
    """Report a value for a period (a draft, or submitted at once with ``submit``). Attach
    an evidence file with ``POST …/measurements/{id}/evidence``."""
    indicator = _indicator(request, slug, indicator_id)
    measurement = services.measurement_create(
        actor=actor(request),
        indicator=indicator,
        period_start=payload.period_start,
        value=payload.value,
        value_text=payload.value_text,
        cells=_cells(payload.cells),
        evidence_note=payload.evidence_note,
        evidence_link=payload.evidence_link,
        submit=payload.submit,
    )
    return 201, _fresh(request, measurement)


@router.get(
    "/partnerships/{slug}/measurements/{measurement_id}", response=MeasurementOut, auth=read_auth
)
def measurement_detail(request: HttpRequest, slug: str, measurement_id: int) -> Any:
    return _measurement_out(request, _measurement(request, slug, measurement_id))


@router.patch("/partnerships/{slug}/measurements/{measurement_id}", response=MeasurementOut)
def measurement_update(
    request: HttpRequest, slug: str, measurement_id: int, payload: MeasurementPatch
) -> Any:
    """Change a draft or returned measurement: the value and cells are given in full."""
    measurement = _measurement(request, slug, measurement_id)
    services.measurement_update(
        actor=actor(request),
        measurement=measurement,
        value=payload.value,
        value_text=payload.value_text,
        cells=_cells(payload.cells),
        evidence_note=payload.evidence_note,
        evidence_link=payload.evidence_link,
    )
    return _fresh(request, measurement)


@router.delete("/partnerships/{slug}/measurements/{measurement_id}", response={204: None})
def measurement_discard(request: HttpRequest, slug: str, measurement_id: int) -> Any:
    """Discard a draft that was never submitted."""
    services.measurement_discard(
        actor=actor(request), measurement=_measurement(request, slug, measurement_id)
    )
    return 204, None


@router.post("/partnerships/{slug}/measurements/{measurement_id}/evidence", response=MeasurementOut)
def measurement_evidence_attach(
    request: HttpRequest, slug: str, measurement_id: int, file: File[UploadedFile]
) -> Any:
    """Attach an evidence file (multipart, field ``file``): PDF, PNG, JPEG, CSV, XLSX or
    text, at most 10 MB, recognised by its content."""
    measurement = _measurement(request, slug, measurement_id)
    services.measurement_evidence_attach(
        actor=actor(request), measurement=measurement, evidence_file=file
    )
    return _fresh(request, measurement)


@router.get("/partnerships/{slug}/measurements/{measurement_id}/evidence")
def measurement_evidence(request: HttpRequest, slug: str, measurement_id: int) -> Any:
    """The evidence file, for the partnership's insiders."""
    measurement = _measurement(request, slug, measurement_id)
    if not actor(request).has_perm("results.view_internal", measurement.indicator.partnership):
        raise Forbidden(_("Evidence files are for the partnership's members."))
    if not measurement.evidence_file:
        raise NotFound(_("This measurement has no evidence file."))
    return FileResponse(
        measurement.evidence_file.open("rb"),
        as_attachment=True,
        filename=measurement.evidence_file.name.rsplit("/", 1)[-1],
    )


@router.post("/partnerships/{slug}/measurements/{measurement_id}/submit", response=MeasurementOut)
def measurement_submit(request: HttpRequest, slug: str, measurement_id: int) -> Any:
    measurement = _measurement(request, slug, measurement_id)
    services.measurement_submit(actor=actor(request), measurement=measurement)
    return _fresh(request, measurement)


@router.post("/partnerships/{slug}/measurements/{measurement_id}/return", response=MeasurementOut)
def measurement_return(
    request: HttpRequest, slug: str, measurement_id: int, payload: MeasurementCommentIn
) -> Any:
    """Send a submitted measurement back to its reporter with a comment."""
    measurement = _measurement(request, slug, measurement_id)
    services.measurement_return(
        actor=actor(request), measurement=measurement, comment=payload.comment
    )
    return _fresh(request, measurement)


@router.post("/partnerships/{slug}/measurements/{measurement_id}/approve", response=MeasurementOut)
def measurement_approve(
    request: HttpRequest, slug: str, measurement_id: int, payload: ApproveIn
) -> Any:
    """Approve (the coordinator or another member organization; once), and lock with ``lock``."""
    measurement = _measurement(request, slug, measurement_id)
    services.measurement_approve(
        actor=actor(request), measurement=measurement, comment=payload.comment, lock=payload.lock
    )
    return _fresh(request, measurement)


@router.post("/partnerships/{slug}/measurements/{measurement_id}/lock", response=MeasurementOut)
def measurement_lock(request: HttpRequest, slug: str, measurement_id: int) -> Any:
    measurement = _measurement(request, slug, measurement_id)
    services.measurement_lock(actor=actor(request), measurement=measurement)
    return _fresh(request, measurement)


@router.post(
    "/partnerships/{slug}/measurements/{measurement_id}/correct",
    response={201: MeasurementOut},
)
def measurement_correct(
    request: HttpRequest, slug: str, measurement_id: int, payload: CorrectionIn
) -> Any:
    """Correct a locked measurement: a new measurement through the same workflow."""
    measurement = _measurement(request, slug, measurement_id)
    correction = services.measurement_correct(
        actor=actor(request),
        measurement=measurement,
        reason=payload.reason,
        value=payload.value,
        value_text=payload.value_text,
        cells=_cells(payload.cells),
        evidence_note=payload.evidence_note,
        evidence_link=payload.evidence_link,
        submit=payload.submit,
    )
    return 201, _fresh(request, correction)


# --- Commitments, action items and benefits -----------------------------------------------


def _internal(request: HttpRequest, slug: str) -> Any:
    """The partnership if the actor is an insider: 404 outside, 403 for the public."""
    return partnership_selectors.partnership_get_for(
        actor=actor(request),
        slug=slug,
        perm="results.view_internal",
        message=_(
            "Commitments, action items and benefits are visible to the partnership's members."
        ),
    )


def _links(partnership: Any, payload: Any) -> dict[str, Any]:
    """The activity, indicator and (for action items) decision a payload links to."""
    links = {
        "activity": optional(
            lambda pk: resource_selectors.activity_find(partnership=partnership, activity_id=pk),
            payload.activity_id,
            _("No such activity."),
        ),
        "indicator": optional(
            lambda pk: selectors.indicator_find(partnership=partnership, indicator_id=pk),
            payload.indicator_id,
            _("No such indicator."),
        ),
    }
    if hasattr(payload, "proposal_id"):
        links["proposal"] = optional(
            lambda pk: selectors.decided_proposal_find(partnership=partnership, proposal_id=pk),
            payload.proposal_id,
            _("No such decision."),
        )
    return links


class CommitmentOut(Schema):
    id: int
    organization_id: int
    organization: str = Field(..., alias="organization.name")
    text: str
    source: CommitmentSource
    due_on: date | None
    activity_id: int | None
    indicator_id: int | None
    status: CommitmentStatus
    status_reason: str
    done_on: date | None
    status_set_by_id: int | None
    status_set_at: datetime | None
    confirmed: bool
    confirmed_by_id: int | None
    confirmed_at: datetime | None

    @staticmethod
    def resolve_confirmed(obj: Any) -> bool:
        return obj.confirmed_at is not None


class CommitmentIn(Schema):
    organization_id: int
    text: str = Field(..., min_length=1, max_length=5000)
    source: CommitmentSource = CommitmentSource.OTHER
    due_on: date | None = None
    activity_id: int | None = None
    indicator_id: int | None = None


class CommitmentStatusIn(Schema):
    status: CommitmentStatus
    reason: str = Field("", max_length=5000)
    done_on: date | None = None


@router.get("/partnerships/{slug}/commitments", response=list[CommitmentOut], auth=read_auth)
def commitment_list(request: HttpRequest, slug: str, organization_id: int | None = None) -> Any:
    partnership = _internal(request, slug)
    organization = optional(
        lambda pk: partnership_selectors.member_organization_find(
            partnership=partnership, organization_id=pk
        ),
        organization_id,
        _("No such member organization."),
    )
    return selectors.commitment_list(partnership=partnership, organization=organization)


@router.post("/partnerships/{slug}/commitments", response={201: CommitmentOut})
def commitment_create(request: HttpRequest, slug: str, payload: CommitmentIn) -> Any:
    partnership = _internal(request, slug)
    return 201, services.commitment_create(
        actor=actor(request),
        partnership=partnership,
        organization=_org(request, payload.organization_id),
        text=payload.text,
        source=payload.source.value,
        due_on=payload.due_on,
        **_links(partnership, payload),
    )


@router.post("/partnerships/{slug}/commitments/{commitment_id}/status", response=CommitmentOut)
def commitment_status_set(
    request: HttpRequest, slug: str, commitment_id: int, payload: CommitmentStatusIn
) -> Any:
    commitment = selectors.commitment_get(
        partnership=_internal(request, slug), commitment_id=commitment_id
    )
    return services.commitment_status_set(
        actor=actor(request),
        commitment=commitment,
        status=payload.status.value,
        reason=payload.reason,
        done_on=payload.done_on,
    )


@router.post("/partnerships/{slug}/commitments/{commitment_id}/confirm", response=CommitmentOut)
def commitment_confirm(request: HttpRequest, slug: str, commitment_id: int) -> Any:
    commitment = selectors.commitment_get(
        partnership=_internal(request, slug), commitment_id=commitment_id
    )
    return services.commitment_confirm(actor=actor(request), commitment=commitment)


class CommitmentFiguresOut(Schema):
    total: int
    kept: int
    done_unconfirmed: int
    on_track: int
    late: int
    dropped: int


class PledgeFiguresOut(Schema):
    due: Decimal
    delivered_on_time: Decimal
    delivered_late: Decimal
    outstanding: Decimal
    reliability: float | None


class ReportFiguresOut(Schema):
    due: int
    on_time: int
    late: int
    missing: int


class ActionFiguresOut(Schema):
    total: int
    done: int
    done_on_time: int
    open: int
    overdue: int


class AccountabilityOut(Schema):
    organization_id: int = Field(..., alias="organization.pk")
    organization: str = Field(..., alias="organization.name")
    commitments: CommitmentFiguresOut
    pledges: PledgeFiguresOut | None = Field(
        None, description="Money pledged, in the reporting currency; null when none fell due."
    )
    reports: ReportFiguresOut
    actions: ActionFiguresOut

    @staticmethod
    def resolve_pledges(obj: Any) -> Any:
        return obj.pledges if obj.pledges is not None and obj.pledges.due else None


@router.get("/partnerships/{slug}/accountability", response=list[AccountabilityOut], auth=read_auth)
def accountability(request: HttpRequest, slug: str) -> Any:
    return selectors.accountability_overview(
        actor=actor(request), partnership=_internal(request, slug)
    )


@router.get(
    "/partnerships/{slug}/accountability/{organization_id}",
    response=AccountabilityOut,
    auth=read_auth,
)
def organization_accountability(request: HttpRequest, slug: str, organization_id: int) -> Any:
    return selectors.organization_accountability(
        actor=actor(request), partnership=_internal(request, slug), organization_id=organization_id
    ).figures


class ActionItemOut(Schema):
    id: int
    title: str
    description: str
    owner_id: int
    owner: str = Field(..., alias="owner.name")
    owner_organization_id: int
    owner_organization: str = Field(..., alias="owner_organization.name")
    due_on: date
    proposal_id: int | None
    activity_id: int | None
    indicator_id: int | None
    status: ActionItemStatus
    is_overdue: bool
    done_note: str
    done_at: datetime | None
    done_by_id: int | None


class ReassignmentOut(Schema):
    id: int
    from_owner_id: int
    from_organization_id: int
    to_owner_id: int
    to_organization_id: int
    reason: str
    reassigned_by_id: int
    reassigned_at: datetime


class ActionItemDetailOut(ActionItemOut):
    reassignments: list[ReassignmentOut]

    @staticmethod
    def resolve_reassignments(obj: Any) -> list[Any]:
        return list(obj.reassignments.all())


class ActionItemIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    owner_id: int
    owner_organization_id: int | None = Field(
        None, description="Needed only when the owner works for several members."
    )
    due_on: date
    description: str = Field("", max_length=5000)
    proposal_id: int | None = None
    activity_id: int | None = None
    indicator_id: int | None = None


class ActionItemDoneIn(Schema):
    note: str = Field(..., min_length=1, max_length=5000)


class ReassignIn(Schema):
    owner_id: int
    owner_organization_id: int | None = None
    reason: str = Field("", max_length=5000)


def _owner(partnership: Any, owner_id: int, organization_id: int | None) -> tuple[Any, Any]:
    """The person of a member organization a payload names (400 for anyone else: nobody
    outside the members is reachable) and the organization, when named."""
    person = selectors.member_person_get(partnership=partnership, user_id=owner_id)
    if person is None:
        message = _("The owner must work for a member organization of this partnership.")
        raise Invalid(message, field_errors={"owner_id": [message]})
    organization = optional(
        lambda pk: partnership_selectors.member_organization_find(
            partnership=partnership, organization_id=pk
        ),
        organization_id,
        _("No such member organization."),
        error=Invalid,
    )
    return person, organization


@router.get("/partnerships/{slug}/action-items", response=list[ActionItemOut], auth=read_auth)
def action_item_list(
    request: HttpRequest, slug: str, mine: bool = False, status: ActionItemStatus | None = None
) -> Any:
    return selectors.action_item_list(
        partnership=_internal(request, slug),
        owner=actor(request) if mine else None,
        status=status.value if status else None,
    )


@router.post("/partnerships/{slug}/action-items", response={201: ActionItemDetailOut})
def action_item_create(request: HttpRequest, slug: str, payload: ActionItemIn) -> Any:
    partnership = _internal(request, slug)
    owner, organization = _owner(partnership, payload.owner_id, payload.owner_organization_id)
    item = services.action_item_create(
        actor=actor(request),
        partnership=partnership,
        title=payload.title,
        owner=owner,
        owner_organization=organization,
        due_on=payload.due_on,
        description=payload.description,
        **_links(partnership, payload),
    )
    return 201, selectors.action_item_get(partnership=partnership, item_id=item.pk)


@router.get(
    "/partnerships/{slug}/action-items/{item_id}", response=ActionItemDetailOut, auth=read_auth
)
def action_item_get(request: HttpRequest, slug: str, item_id: int) -> Any:
    return selectors.action_item_get(partnership=_internal(request, slug), item_id=item_id)


@router.post("/partnerships/{slug}/action-items/{item_id}/done", response=ActionItemDetailOut)
def action_item_complete(
    request: HttpRequest, slug: str, item_id: int, payload: ActionItemDoneIn
) -> Any:
    partnership = _internal(request, slug)
    item = selectors.action_item_get(partnership=partnership, item_id=item_id)
    services.action_item_complete(actor=actor(request), item=item, note=payload.note)
    return selectors.action_item_get(partnership=partnership, item_id=item_id)


@router.post(
    "/partnerships/{slug}/action-items/{item_id}/reassign", response={201: ReassignmentOut}
)
def action_item_reassign(request: HttpRequest, slug: str, item_id: int, payload: ReassignIn) -> Any:
    partnership = _internal(request, slug)
    item = selectors.action_item_get(partnership=partnership, item_id=item_id)
    owner, organization = _owner(partnership, payload.owner_id, payload.owner_organization_id)
    return 201, services.action_item_reassign(
        actor=actor(request),
        item=item,
        owner=owner,
        owner_organization=organization,
        reason=payload.reason,
    )


class BenefitOut(Schema):
    id: int
    recipient_organization_id: int | None
    recipient_user_id: int | None
    recipient: str
    level: BenefitLevel
    kind: BenefitKind
    description: str
    received_on: date
    value: Decimal | None
    currency: str
    evidence_note: str
    evidence_link: str
    has_evidence_file: bool
    expected_by_charter: bool
    reverses_id: int | None
    reversed_by_id: int | None
    recorded_by_id: int
    recorded_at: datetime

    @staticmethod
    def resolve_recipient(obj: Any) -> str:
        return str(obj.recipient_organization or obj.recipient_user)

    @staticmethod
    def resolve_has_evidence_file(obj: Any) -> bool:
        return bool(obj.evidence_file)

    @staticmethod
    def resolve_reversed_by_id(obj: Any) -> int | None:
        reversal = getattr(obj, "reversed_by", None)
        return reversal.pk if reversal is not None else None


class BenefitIn(Schema):
    recipient_organization_id: int | None = Field(None, description="A member organization…")
    recipient_user_id: int | None = Field(None, description="…or a community participant.")
    level: BenefitLevel
    kind: BenefitKind
    description: str = Field(..., min_length=1, max_length=5000)
    received_on: date
    value: Decimal | None = None
    currency: str = Field("", max_length=3)
    evidence_note: str = Field("", max_length=5000)
    evidence_link: str = Field("", max_length=500)
    expected_by_charter: bool = False


def _benefit_record(request: HttpRequest, slug: str, payload: BenefitIn, file: Any = None) -> Any:
    partnership = _internal(request, slug)
    person = optional(
        lambda pk: selectors.community_participant_find(partnership=partnership, user_id=pk),
        payload.recipient_user_id,
        _("That person is not a community participant of this partnership."),
        error=Invalid,
    )
    return services.benefit_record(
        actor=actor(request),
        partnership=partnership,
        recipient_organization=_org(request, payload.recipient_organization_id),
        recipient_user=person,
        level=payload.level.value,
        kind=payload.kind.value,
        description=payload.description,
        received_on=payload.received_on,
        value=payload.value,
        currency_code=payload.currency,
        evidence_note=payload.evidence_note,
        evidence_link=payload.evidence_link,
        evidence_file=file,
        expected_by_charter=payload.expected_by_charter,
    )


@router.get("/partnerships/{slug}/benefits", response=list[BenefitOut], auth=read_auth)
@paginate(BoundedPagination)
def benefit_list(request: HttpRequest, slug: str) -> Any:
    return selectors.benefit_list(partnership=_internal(request, slug))


@router.post("/partnerships/{slug}/benefits", response={201: BenefitOut})
def benefit_record(request: HttpRequest, slug: str, payload: BenefitIn) -> Any:
    """Record a benefit (JSON). To attach an evidence file, post the same fields as a
    multipart form to ``/benefits/with-evidence``."""
    return 201, _benefit_record(request, slug, payload)


@router.post("/partnerships/{slug}/benefits/with-evidence", response={201: BenefitOut})
def benefit_record_with_evidence(
    request: HttpRequest,
    slug: str,
    payload: Form[BenefitIn],
    evidence_file: File[UploadedFile],
) -> Any:
    """Record a benefit with its evidence file (at most 10 MB: PDF, PNG, JPEG, CSV, XLSX
    or text), as a multipart form."""
    return 201, _benefit_record(request, slug, payload, evidence_file)


@router.get("/partnerships/{slug}/benefits/{int:benefit_id}", response=BenefitOut, auth=read_auth)
def benefit_get(request: HttpRequest, slug: str, benefit_id: int) -> Any:
    """One benefit. Benefits are never edited or deleted: correct one by reversing it."""
    return selectors.benefit_get(partnership=_internal(request, slug), benefit_id=benefit_id)


class BenefitReverseIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


@router.post("/partnerships/{slug}/benefits/{benefit_id}/reverse", response={201: BenefitOut})
def benefit_reverse(
    request: HttpRequest, slug: str, benefit_id: int, payload: BenefitReverseIn
) -> Any:
    benefit = selectors.benefit_get(partnership=_internal(request, slug), benefit_id=benefit_id)
    return 201, services.benefit_reverse(
        actor=actor(request), benefit=benefit, reason=payload.reason
    )


class LevelShareOut(Schema):
    level: str
    count: int
    share: float | None


class RecipientBenefitsOut(Schema):
    key: str
    label: str
    organization_id: int | None
    sector: str
    contributed: Decimal
    contributed_share: float | None
    benefits: int
    received_share: float | None
    valued: Decimal
    valued_share: float | None
    expected: int
    by_level: dict[str, int]
    individual_share: float | None
    beyond_individual_share: float | None
    balance: str

    @staticmethod
    def resolve_organization_id(obj: Any) -> int | None:
        return obj.organization.pk if obj.organization is not None else None


class BenefitSummaryOut(Schema):
    reporting_currency: str
    partners: list[RecipientBenefitsOut]
    sectors: list[RecipientBenefitsOut]
    total: RecipientBenefitsOut
    levels: list[LevelShareOut]
    missing_rates: list[str]

    @staticmethod
    def resolve_levels(obj: Any) -> list[dict[str, Any]]:
        return [
            {"level": code, "count": count, "share": share}
            for code, _label, count, share in obj.levels
        ]


@router.get("/partnerships/{slug}/benefits/summary", response=BenefitSummaryOut, auth=read_auth)
def benefit_summary(request: HttpRequest, slug: str) -> Any:
    """Per partner and per sector: resources contributed (reporting currency) beside benefits
    received, and how far the benefits reached (individual, organizational, institutional,
    system)."""
    return selectors.benefit_summary(partnership=_internal(request, slug))


# --- The period report and the exports ------------------------------------------------------


def _report_bundle(request: HttpRequest, slug: str, period: str | None) -> Any:
    partnership = _partnership(request, slug)
    chosen = selectors.report_period(period) if period else selectors.default_report_period()
    return selectors.period_report(actor=actor(request), partnership=partnership, period=chosen)


@router.get("/partnerships/{slug}/report", response=selectors.PeriodReport, auth=read_auth)
def period_report(request: HttpRequest, slug: str, period: str | None = None) -> Any:
    """The partnership report for a period: a year (`2026`), a half-year (`2026-H1`) or a
    quarter (`2026-Q3`); by default the last quarter that has ended. Insiders get every
    section; the public of a public partnership gets membership, charter and verified
    values, the other sections being `null`. The SVG charts are on the HTML report and the
    indicators' `chart.svg`. Cached per partnership version."""
    return _report_bundle(request, slug, period).report


@router.get(
    "/partnerships/{slug}/report.pdf",
    auth=read_auth,
    summary="The partnership report for a period, as PDF",
    openapi_extra={
        "responses": {
            200: {
                "description": "The report as PDF (same content and readers as the JSON)",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            },
            202: {"description": "A long report's PDF is being made: ask again shortly"},
        }
    },
)
def period_report_pdf(request: HttpRequest, slug: str, period: str | None = None) -> Any:
    bundle = _report_bundle(request, slug, period)
    pdf = report_pdf_or_queue(bundle)
    if pdf is None:
        response = JsonResponse(
            {"detail": _("The PDF is being prepared; ask again in a minute.")}, status=202
        )
        response["Retry-After"] = "30"
        return response
    return download(pdf, filename=report_pdf_filename(bundle), content_type="application/pdf")


@router.get(
    "/partnerships/{slug}/exports/{table}",
    auth=read_auth,
    summary="A results table as CSV or XLSX",
    description=(
        "`table`: indicators, measurements (the public: verified values only), commitments, "
        "action_items or benefits (insiders only); `format`: csv (default) or xlsx. Text "
        "that a spreadsheet could read as a formula starts with an apostrophe."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "The table",
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                        "schema": {"type": "string", "format": "binary"}
                    },
                },
            }
        }
    },
)
def export(request: HttpRequest, slug: str, table: str, format: str = "csv") -> Any:
    partnership = _partnership(request, slug)
    if format not in FORMATS:
        raise Invalid(_("format: use csv or xlsx."), field_errors={"format": [_("csv or xlsx")]})
    sheet = selectors.export_table(actor=actor(request), partnership=partnership, table=table)
    content, content_type = spreadsheet(sheet, format=format)
    return download(
        content,
        filename=f"{partnership.slug}-{table.replace('_', '-')}.{format}",
        content_type=content_type,
    )

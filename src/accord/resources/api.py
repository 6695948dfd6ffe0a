from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from accord.core.api import Id, actor, optional, read_auth
from accord.core.http import download
from accord.core.pagination import BoundedPagination
from accord.core.spreadsheets import FORMATS, spreadsheet
from accord.errors import Invalid, NotFound
from accord.partners import selectors as partner_selectors
from accord.partnerships import selectors as partnership_selectors
from accord.resources import imports, selectors, services
from accord.resources.models import (
    ActivityStatus,
    ImplementationRole,
    Raci,
    ResourceKind,
    SupportKind,
    TransactionType,
)

router = Router(tags=["resources"])


def _partnership(request: HttpRequest, slug: str) -> Any:
    return partnership_selectors.partnership_get_for(
        actor=actor(request),
        slug=slug,
        perm="resources.view_resources",
        message=_("Resources are visible to the partnership's members."),
    )


def _org(request: HttpRequest, organization_id: int | None) -> Any:
    """The organization a payload names, None when it names none."""
    return optional(
        lambda pk: partner_selectors.organization_find(actor=actor(request), organization_id=pk),
        organization_id,
        _("No such organization."),
    )


def _activity(partnership: Any, activity_id: int | None) -> Any:
    return optional(
        lambda pk: selectors.activity_find(partnership=partnership, activity_id=pk),
        activity_id,
        _("No such activity."),
    )


# --- workplan --------------------------------------------------------------------------------


class ChainOut(Schema):
    organization_id: int
    organization: str = Field(..., alias="organization.name")
    role: str


class ResponsibilityOut(Schema):
    organization_id: int
    organization: str = Field(..., alias="organization.name")
    person_id: int | None
    raci: str


class ActivityOut(Schema):
    id: int
    title: str
    description: str
    parent_id: int | None
    lead_organization_id: int
    lead_organization: str = Field(..., alias="lead_organization.name")
    start_on: date | None
    end_on: date | None
    status: str
    chain: list[ChainOut]
    responsibilities: list[ResponsibilityOut]

    @staticmethod
    def resolve_chain(obj: Any) -> list[Any]:
        return list(obj.chain.all())

    @staticmethod
    def resolve_responsibilities(obj: Any) -> list[Any]:
        return list(obj.responsibilities.all())


class ActivityIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    lead_organization_id: Id
    description: str = ""
    start_on: date | None = None
    end_on: date | None = None
    status: ActivityStatus = ActivityStatus.PIPELINE
    parent_id: Id | None = None


class ChainIn(Schema):
    organization_id: Id
    role: ImplementationRole


class ResponsibilityIn(Schema):
    organization_id: Id
    raci: Raci
    person_email: str | None = None


@router.get("/partnerships/{slug}/activities", response=list[ActivityOut], auth=read_auth)
def activity_list(request: HttpRequest, slug: str) -> Any:
    return selectors.activity_list(partnership=_partnership(request, slug))


@router.post("/partnerships/{slug}/activities", response={201: ActivityOut})
def activity_create(request: HttpRequest, slug: str, payload: ActivityIn) -> Any:
    partnership = _partnership(request, slug)
    parent = _activity(partnership, payload.parent_id)
    activity = services.activity_create(
        actor=actor(request),
        partnership=partnership,
        title=payload.title,
        lead_organization=_org(request, payload.lead_organization_id),
        description=payload.description,
        start_on=payload.start_on,
        end_on=payload.end_on,
        status=payload.status.value,
        parent=parent,
    )
    return 201, selectors.activity_list(partnership=partnership).get(pk=activity.pk)


@router.post("/partnerships/{slug}/activities/{activity_id}/chain", response={201: ChainOut})
def activity_chain_add(request: HttpRequest, slug: str, activity_id: int, payload: ChainIn) -> Any:
    activity = selectors.activity_get(
        partnership=_partnership(request, slug), activity_id=activity_id
    )
    return 201, services.activity_chain_add(
        actor=actor(request),
        activity=activity,
        organization=_org(request, payload.organization_id),
        role=payload.role.value,
    )


@router.post(
    "/partnerships/{slug}/activities/{activity_id}/responsibilities",
    response={201: ResponsibilityOut},
)
def responsibility_add(
    request: HttpRequest, slug: str, activity_id: int, payload: ResponsibilityIn
) -> Any:
    activity = selectors.activity_get(
        partnership=_partnership(request, slug), activity_id=activity_id
    )
    person = None
    if payload.person_email:
        person = partnership_selectors.member_person_find(
            partnership=activity.partnership, email=payload.person_email
        )
        if person is None:
            raise Invalid(
                _("No one with the email %(email)s works for a member organization.")
                % {"email": payload.person_email}
            )
    return 201, services.responsibility_add(
        actor=actor(request),
        activity=activity,
        organization=_org(request, payload.organization_id),
        raci=payload.raci.value,
        person=person,
    )


# --- pledges ----------------------------------------------------------------------------------


class InstallmentSchema(Schema):
    due_on: date
    amount: Decimal


class PledgeOut(Schema):
    id: int
    organization_id: int
    organization: str = Field(..., alias="organization.name")
    kind: str
    description: str
    currency: str
    amount: Decimal | None
    hours: Decimal | None
    hourly_rate: Decimal | None
    role: str
    skills: str
    starts_on: date
    ends_on: date
    recipient_id: int | None
    activity_id: int | None
    installments: list[InstallmentSchema]

    @staticmethod
    def resolve_installments(obj: Any) -> list[Any]:
        return list(obj.installments.all())


class PledgeIn(Schema):
    organization_id: Id
    kind: ResourceKind
    description: str = Field(..., min_length=1, max_length=300)
    currency: str = Field(..., min_length=3, max_length=3)
    starts_on: date
    ends_on: date
    amount: Decimal | None = None
    hours: Decimal | None = None
    hourly_rate: Decimal | None = None
    role: str = ""
    skills: str = ""
    recipient_id: Id | None = None
    activity_id: Id | None = None
    installments: list[InstallmentSchema] = []


@router.get("/partnerships/{slug}/pledges", response=list[PledgeOut], auth=read_auth)
@paginate(BoundedPagination)
def pledge_list(request: HttpRequest, slug: str) -> Any:
    return selectors.pledge_list(partnership=_partnership(request, slug))


@router.post("/partnerships/{slug}/pledges", response={201: PledgeOut})
def pledge_create(request: HttpRequest, slug: str, payload: PledgeIn) -> Any:
    partnership = _partnership(request, slug)
    activity = _activity(partnership, payload.activity_id)
    pledge = services.pledge_create(
        actor=actor(request),
        partnership=partnership,
        organization=_org(request, payload.organization_id),
        kind=payload.kind.value,
        description=payload.description,
        currency_code=payload.currency,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        amount=payload.amount,
        hours=payload.hours,
        hourly_rate=payload.hourly_rate,
        role=payload.role,
        skills=payload.skills,
        activity=activity,
        recipient=_org(request, payload.recipient_id),
        installments=[(i.due_on, i.amount) for i in payload.installments],
    )
    return 201, selectors.pledge_list(partnership=partnership).get(pk=pledge.pk)


# --- ledger -------------------------------------------------------------------------------------


class LedgerEntryOut(Schema):
    id: int
    type: str
    value: Decimal
    currency: str
    value_date: date
    provider_id: int
    provider: str = Field(..., alias="provider.name")
    receiver_id: int | None
    activity_id: int | None
    pledge_id: int | None
    note: str
    reverses_id: int | None
    posted_at: datetime
    #: Whether an evidence file is kept (download it from ``/ledger/{id}/evidence``).
    has_evidence: bool = False

    @staticmethod
    def resolve_has_evidence(obj: Any) -> bool:
        return bool(obj.evidence)


class LedgerEntryIn(Schema):
    type: TransactionType
    value: Decimal
    currency: str = Field(..., min_length=3, max_length=3)
    value_date: date
    provider_id: Id
    receiver_id: Id | None = None
    activity_id: Id | None = None
    pledge_id: Id | None = None
    note: str = Field("", max_length=5000)


class ReverseIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


@router.get("/partnerships/{slug}/ledger", response=list[LedgerEntryOut], auth=read_auth)
@paginate(BoundedPagination)
def ledger_list(request: HttpRequest, slug: str) -> Any:
    return selectors.ledger_list(partnership=_partnership(request, slug))


def _ledger_entry_post(
    request: HttpRequest, slug: str, payload: LedgerEntryIn, evidence: Any = None
) -> Any:
    partnership = _partnership(request, slug)
    activity = _activity(partnership, payload.activity_id)
    pledge = optional(
        lambda pk: selectors.pledge_find(partnership=partnership, pledge_id=pk),
        payload.pledge_id,
        _("No such pledge."),
    )
    return services.ledger_entry_post(
        actor=actor(request),
        partnership=partnership,
        type=payload.type.value,
        value=payload.value,
        currency_code=payload.currency,
        value_date=payload.value_date,
        provider=_org(request, payload.provider_id),
        receiver=_org(request, payload.receiver_id),
        activity=activity,
        pledge=pledge,
        note=payload.note,
        evidence=evidence,
    )


@router.post("/partnerships/{slug}/ledger", response={201: LedgerEntryOut})
def ledger_entry_post(request: HttpRequest, slug: str, payload: LedgerEntryIn) -> Any:
    """Post a flow (JSON). To keep an evidence file with it, post the same fields as a
    multipart form to ``/ledger/with-evidence``."""
    return 201, _ledger_entry_post(request, slug, payload)


@router.post("/partnerships/{slug}/ledger/with-evidence", response={201: LedgerEntryOut})
def ledger_entry_post_with_evidence(
    request: HttpRequest, slug: str, payload: Form[LedgerEntryIn], evidence: File[UploadedFile]
) -> Any:
    """Post a flow with its evidence file (multipart; at most 10 MB of PDF, PNG, JPEG, CSV,
    XLSX or text, recognised by its content, within the partnership's storage quota). The
    ledger is append-only: evidence goes with the entry when it is posted."""
    return 201, _ledger_entry_post(request, slug, payload, evidence)


@router.get("/partnerships/{slug}/ledger/{entry_id}/evidence", auth=read_auth)
def ledger_entry_evidence(request: HttpRequest, slug: str, entry_id: int) -> Any:
    """The entry's evidence file, for the partnership's insiders."""
    entry = selectors.ledger_entry_get(partnership=_partnership(request, slug), entry_id=entry_id)
    if not entry.evidence:
        raise NotFound(_("This entry has no evidence file."))
    return FileResponse(
        entry.evidence.open("rb"),
        as_attachment=True,
        filename=entry.evidence.name.rsplit("/", 1)[-1],
    )


@router.post("/partnerships/{slug}/ledger/{entry_id}/reverse", response={201: LedgerEntryOut})
def ledger_entry_reverse(request: HttpRequest, slug: str, entry_id: int, payload: ReverseIn) -> Any:
    entry = selectors.ledger_entry_get(partnership=_partnership(request, slug), entry_id=entry_id)
    return 201, services.ledger_entry_reverse(
        actor=actor(request), entry=entry, reason=payload.reason
    )


class ImportOut(Schema):
    imported: int
    #: How the file was read ("Windows-1252 text separated by semicolons").
    read_as: str


class ImportPreviewOut(Schema):
    #: The rows that would be posted, in the words of the pages (nothing is posted).
    would_import: int
    read_as: str
    rows: list[dict[str, Any]]


@router.post("/partnerships/{slug}/imports", response={201: ImportOut})
def import_file(request: HttpRequest, slug: str, kind: Form[str], file: File[UploadedFile]) -> Any:
    """Post every row of a CSV or XLSX file, or none: a 400 lists every bad cell
    (``errors``: line, column, message)."""
    partnership = _partnership(request, slug)
    result = imports.import_file(
        actor=actor(request),
        partnership=partnership,
        kind=kind,
        content=file.read(),
        filename=file.name or "",
    )
    return 201, {"imported": result.count, "read_as": result.read_as}


@router.post("/partnerships/{slug}/imports/preview", response=ImportPreviewOut)
def import_preview(
    request: HttpRequest, slug: str, kind: Form[str], file: File[UploadedFile]
) -> Any:
    """What importing the file would post, checked in full; nothing is posted."""
    partnership = _partnership(request, slug)
    result = imports.import_file(
        actor=actor(request),
        partnership=partnership,
        kind=kind,
        content=file.read(),
        filename=file.name or "",
        preview=True,
    )
    rows = [
        {k: (str(v) if isinstance(v, (Decimal, date)) else v) for k, v in row.items()}
        for row in result.rows
    ]
    return {"would_import": result.count, "read_as": result.read_as, "rows": rows}


@router.get("/partnerships/{slug}/imports/template-{kind}.{fmt}", auth=read_auth)
def import_template(request: HttpRequest, slug: str, kind: str, fmt: str) -> Any:
    """An import file to fill in: the columns and one example row (CSV or XLSX)."""
    partnership = _partnership(request, slug)
    if kind not in imports.COLUMNS or fmt not in FORMATS:
        raise NotFound(_("No such template."))
    content, content_type = spreadsheet(imports.template_sheet(kind), format=fmt)
    return download(
        content, filename=f"{partnership.slug}-{kind}-import.{fmt}", content_type=content_type
    )


# --- rates ---------------------------------------------------------------------------------------


class RateOut(Schema):
    currency: str
    valid_on: date
    to_reporting: Decimal


class RateIn(Schema):
    currency: str = Field(..., min_length=3, max_length=3)
    valid_on: date
    to_reporting: Decimal


@router.get("/partnerships/{slug}/rates", response=list[RateOut], auth=read_auth)
def rate_list(request: HttpRequest, slug: str) -> Any:
    return selectors.rate_list(partnership=_partnership(request, slug))


@router.post("/partnerships/{slug}/rates", response={201: RateOut})
def rate_add(request: HttpRequest, slug: str, payload: RateIn) -> Any:
    return 201, services.exchange_rate_add(
        actor=actor(request),
        partnership=_partnership(request, slug),
        currency_code=payload.currency,
        valid_on=payload.valid_on,
        to_reporting=payload.to_reporting,
    )


# --- support requests --------------------------------------------------------------------------------


class SupportOut(Schema):
    id: int
    organization_id: int
    kind: str
    description: str
    amount: Decimal
    currency: str
    status: str
    delivery_id: int | None


class SupportIn(Schema):
    organization_id: Id
    kind: SupportKind
    description: str = Field(..., min_length=1)
    amount: Decimal
    currency: str = Field(..., min_length=3, max_length=3)


class SupportDecisionIn(Schema):
    decision: str = Field(..., pattern="^(approve|decline|deliver)$")
    provider_id: Id | None = None
    value_date: date | None = None


@router.get("/partnerships/{slug}/support-requests", response=list[SupportOut], auth=read_auth)
def support_list(request: HttpRequest, slug: str) -> Any:
    return selectors.support_request_list(partnership=_partnership(request, slug))


@router.post("/partnerships/{slug}/support-requests", response={201: SupportOut})
def support_create(request: HttpRequest, slug: str, payload: SupportIn) -> Any:
    return 201, services.support_request_create(
        actor=actor(request),
        partnership=_partnership(request, slug),
        organization=_org(request, payload.organization_id),
        kind=payload.kind.value,
        description=payload.description,
        amount=payload.amount,
        currency_code=payload.currency,
    )


@router.post("/partnerships/{slug}/support-requests/{request_id}/decision", response=SupportOut)
def support_decide(
    request: HttpRequest, slug: str, request_id: int, payload: SupportDecisionIn
) -> Any:
    partnership = _partnership(request, slug)
    support = selectors.support_request_get(partnership=partnership, request_id=request_id)
    if payload.decision == "deliver":
        if payload.provider_id is None or payload.value_date is None:
            raise Invalid(_("Delivery needs provider_id and value_date."))
        return services.support_request_deliver(
            actor=actor(request),
            request=support,
            provider=_org(request, payload.provider_id),
            value_date=payload.value_date,
        )
    return services.support_request_decide(
        actor=actor(request), request=support, approve=payload.decision == "approve"
    )


# --- the summary ----------------------------------------------------------------------------------------


class PartnerFiguresOut(Schema):
    organization_id: int
    organization: str
    sector: str
    pledged: Decimal
    delivered: Decimal
    due: Decimal | None
    delivered_on_time: Decimal | None
    delivered_late: Decimal | None
    outstanding: Decimal | None
    reliability: float | None
    mean_delay_days: float | None
    contribution_relative_to_capacity: float | None


class SummaryOut(Schema):
    reporting_currency: str
    as_of: date
    partners: list[PartnerFiguresOut]
    leverage: float | None
    reciprocity: float | None
    missing_rates: list[str]


@router.get("/partnerships/{slug}/resources", response=SummaryOut, auth=read_auth)
def resource_summary(request: HttpRequest, slug: str) -> Any:
    partnership = _partnership(request, slug)
    summary = selectors.resource_summary(partnership=partnership)
    partners = []
    for row in summary.partners:
        rel = row.reliability
        partners.append(
            {
                "organization_id": row.organization.pk,
                "organization": row.organization.name,
                "sector": row.organization.sector,
                "pledged": row.pledged_total,
                "delivered": row.delivered_total,
                "due": rel.due if rel else None,
                "delivered_on_time": rel.delivered_on_time if rel else None,
                "delivered_late": rel.delivered_late if rel else None,
                "outstanding": rel.outstanding if rel else None,
                "reliability": rel.reliability if rel else None,
                "mean_delay_days": rel.mean_delay_days if rel else None,
                "contribution_relative_to_capacity": row.capacity_ratio,
            }
        )
    return {
        "reporting_currency": partnership.reporting_currency,
        "as_of": summary.as_of,
        "partners": partners,
        "leverage": summary.leverage,
        "reciprocity": summary.reciprocity_overall,
        "missing_rates": [
            _("%(code)s from %(day)s") % {"code": code, "day": on}
            for code, on in summary.missing_rates
        ],
    }


@router.get(
    "/partnerships/{slug}/resources/export",
    auth=read_auth,
    description=(
        "The summary's table (one row per member, as the resources page) as `format` csv "
        "(default) or xlsx. Text that a spreadsheet could read as a formula starts with an "
        "apostrophe."
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
def resource_export(request: HttpRequest, slug: str, format: str = "csv") -> Any:
    partnership = _partnership(request, slug)
    if format not in FORMATS:
        raise Invalid(_("format: use csv or xlsx."), field_errors={"format": [_("csv or xlsx")]})
    summary = selectors.resource_summary(partnership=partnership)
    content, content_type = spreadsheet(selectors.resource_summary_sheet(summary), format=format)
    return download(
        content,
        filename=f"{partnership.slug}-resources-{summary.as_of}.{format}",
        content_type=content_type,
    )


class FlowEdgeOut(Schema):
    provider_id: int
    provider: str
    receiver_id: int
    receiver: str
    amount: Decimal


class PairReciprocityOut(Schema):
    first_id: int
    first: str
    second_id: int
    second: str
    first_to_second: Decimal
    second_to_first: Decimal
    reciprocity: float


class FlowNetworkOut(Schema):
    reporting_currency: str
    as_of: date
    reciprocity: float | None
    edges: list[FlowEdgeOut]
    pairs: list[PairReciprocityOut]
    missing_rates: list[str]


@router.get("/partnerships/{slug}/resources/flows", response=FlowNetworkOut, auth=read_auth)
def flow_network(request: HttpRequest, slug: str) -> Any:
    """The flow network the resources page draws: what each member gave each other member
    (net of reversals, in the reporting currency; flows into an activity count for its lead
    organization), and each pair's reciprocity — ``2 min(a→b, b→a) / (a→b + b→a)``."""
    partnership = _partnership(request, slug)
    summary = selectors.resource_summary(partnership=partnership)
    return {
        "reporting_currency": partnership.reporting_currency,
        "as_of": summary.as_of,
        "reciprocity": summary.reciprocity_overall,
        "edges": [
            {
                "provider_id": e.provider.pk,
                "provider": e.provider.name,
                "receiver_id": e.receiver.pk,
                "receiver": e.receiver.name,
                "amount": e.amount,
            }
            for e in summary.flow_edges
        ],
        "pairs": [
            {
                "first_id": p.first.pk,
                "first": p.first.name,
                "second_id": p.second.pk,
                "second": p.second.name,
                "first_to_second": p.first_to_second,
                "second_to_first": p.second_to_first,
                "reciprocity": p.reciprocity,
            }
            for p in summary.pair_reciprocity
        ],
        "missing_rates": [
            _("%(code)s from %(day)s") % {"code": code, "day": on}
            for code, on in summary.missing_rates
        ],
    }

"""The partnership report for a period: membership and charter, resources, the decisions
taken, indicators against their targets, commitments, action items and benefits.

``period_report`` computes it once into plain dataclasses (numbers, dates and text, no
model instances) and keeps it in the cache per *partnership version* (the id of the
partnership's latest audit event, ``audit.selectors.partnership_version``), as the
resources summary does: any write records an event, so any change gives a new key and a
stale report is never served; a second view of the same report reads the cache.

The key also holds the audience, the language and the day:

- **internal** (the partnership's insiders) sees every section and every step of the
  measurements' workflow (late reports, values waiting for verification);
- **public** (anyone, for a public partnership) sees membership, charter and the verified
  values of the indicators only; resources, decisions, commitments, action items and
  benefits are for members (``None`` in the report);
- the text is translated when computed, and "overdue" depends on the day.

The queries are bounded whatever the number of indicators, periods, cells, decisions
and ledger entries: the indicators take four (``selectors.indicators``), the cells of the
period's values one, each other section one to three; the resources summary is itself
cached per partnership version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accord.audit.selectors import partnership_version
from accord.decisions import explanations as decision_explanations
from accord.decisions import selectors as decision_selectors
from accord.decisions.models import DecisionKind
from accord.errors import Invalid
from accord.partners.models import Sector
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships.models import MembershipStatus, Partnership
from accord.resources import selectors as resource_selectors
from accord.results.dimensions import CATEGORIES, Dimension, category_label
from accord.results.models import (
    ActionItemStatus,
    Benefit,
    CommitmentStatus,
    MeasurementCell,
    MeasurementStatus,
)
from accord.results.periods import reporting_periods
from accord.results.selectors.accountability import (
    OPEN_COMMITMENT,
    action_item_list,
    commitment_list,
)
from accord.results.selectors.benefits import benefit_summary
from accord.results.selectors.indicators import (
    VERIFIED,
    IndicatorProgress,
    PeriodRow,
    indicator_chart_svg,
    indicator_progress,
    indicator_queryset,
)

INTERNAL, PUBLIC = "internal", "public"
REPORT_CACHE_SECONDS = 3600
_PERIOD_CODE = re.compile(r"^(\d{4})(?:-([QH])([1-4]))?$")
_MONTHS = {"Q": 3, "H": 6, "": 12}
_FIRST_YEAR = 2000


# --- the period ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportPeriod:
    code: str  # "2026-Q3", "2026-H1" or "2026"
    label: str
    start: date
    end: date


def _period_label(year: int, kind: str, number: int) -> str:
    if kind == "Q":
        return _("Quarter %(number)s of %(year)s") % {"number": number, "year": year}
    if kind == "H":
        return _("Half-year %(number)s of %(year)s") % {"number": number, "year": year}
    return _("The year %(year)s") % {"year": year}


def _period(year: int, kind: str, number: int) -> ReportPeriod:
    months = _MONTHS[kind]
    first_month = (number - 1) * months + 1
    after = first_month + months
    end = (date(year + 1, 1, 1) if after > 12 else date(year, after, 1)) - timedelta(days=1)
    code = f"{year}-{kind}{number}" if kind else str(year)
    return ReportPeriod(code, _period_label(year, kind, number), date(year, first_month, 1), end)


def report_period(code: str, *, today: date | None = None) -> ReportPeriod:
    """The period of a code: a year ("2026"), a half-year ("2026-H1") or a quarter
    ("2026-Q3"). ``Invalid`` for anything else, or a period that has not begun."""
    today = today or timezone.localdate()
    match = _PERIOD_CODE.match((code or "").strip().upper())
    if match is None or (match.group(2) == "H" and match.group(3) not in ("1", "2")):
        raise Invalid(
            _("Give a period as a year (2026), a half-year (2026-H1) or a quarter (2026-Q3)."),
            field_errors={"period": [_("Not a period.")]},
        )
    year, kind, number = int(match.group(1)), match.group(2) or "", int(match.group(3) or 1)
    if year < _FIRST_YEAR:
        raise Invalid(_("No report before %(year)s.") % {"year": _FIRST_YEAR})
    period = _period(year, kind, number)
    if period.start > today:
        raise Invalid(
            _("This period has not begun yet."),
            field_errors={"period": [_("This period has not begun yet.")]},
        )
    return period


def default_report_period(*, today: date | None = None) -> ReportPeriod:
    """The latest quarter that has ended: what a quarterly report is usually about."""
    today = today or timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    year, quarter = (today.year - 1, 4) if quarter == 1 else (today.year, quarter - 1)
    return _period(year, "Q", quarter)


def report_period_choices(
    *, partnership: Partnership, today: date | None = None
) -> list[ReportPeriod]:
    """The periods a report can be asked for, newest first: every quarter, half-year and
    year from the partnership's first day (or its first indicator's, if earlier) to now,
    and always the last quarter ended (the page's default)."""
    today = today or timezone.localdate()
    first = partnership.created_at.date()
    earliest = partnership.indicators.aggregate(first=Min("reporting_start"))["first"]
    if earliest is not None:
        first = min(first, earliest)
    default = default_report_period(today=today)
    periods = []
    for year in range(max(min(first.year, default.start.year), _FIRST_YEAR), today.year + 1):
        periods.append(_period(year, "", 1))
        periods += [_period(year, "H", n) for n in (1, 2)]
        periods += [_period(year, "Q", n) for n in (1, 2, 3, 4)]
    return sorted(
        (p for p in periods if p.start <= today and (p.end >= first or p == default)),
        key=lambda p: (-p.end.toordinal(), p.end - p.start),
    )


# --- the report ---------------------------------------------------------------------------


@dataclass
class ReportPartnership:
    slug: str
    name: str
    purpose: str
    type_label: str
    modality_label: str
    status: str
    status_label: str
    is_public: bool
    places: str
    reporting_currency: str
    sdg_targets: list[str]


@dataclass
class ReportMember:
    organization_id: int
    name: str
    sector: str
    sector_label: str
    admitted_on: date | None
    signed_charter: bool | None  # None when no charter is published


@dataclass
class ReportMembership:
    members: list[ReportMember]
    admitted_in_period: list[str]
    withdrawn_in_period: list[str]
    open_invitations: int
    community_participants: int


@dataclass
class ReportCharter:
    version: int | None  # the charter in force, if one is published
    published_on: date | None
    signed: int
    unsigned: list[str]  # member organizations that have not signed it
    draft_version: int | None
    draft_change: str


@dataclass
class ReportPartnerResources:
    organization_id: int
    name: str
    pledged_total: Decimal
    delivered_total: Decimal
    pledged_in_period: Decimal  # installments falling due in the period
    delivered_in_period: Decimal
    on_time_share: float | None  # of what fell due, delivered on time (to date)
    outstanding: Decimal


@dataclass
class ReportResources:
    currency: str
    as_of: date
    partners: list[ReportPartnerResources]
    pledged_total: Decimal
    delivered_total: Decimal
    pledged_in_period: Decimal
    delivered_in_period: Decimal
    leverage: float | None
    reciprocity: float | None
    missing_rates: list[str]


@dataclass
class ReportDecision:
    proposal_id: int
    title: str
    kind: str
    kind_label: str
    outcome: str
    outcome_label: str
    decided_on: date
    rule: str
    explanation: str


@dataclass
class ReportCell:
    dimension: str
    dimension_label: str
    category: str
    category_label: str
    value: Decimal


@dataclass
class ReportIndicatorPeriod:
    label: str
    start: date
    end: date
    due_on: date
    target: Decimal | None
    target_low: Decimal | None
    target_high: Decimal | None
    actual: Decimal | None  # the verified value that stands for the period
    actual_text: str  # for text indicators
    meets_target: bool | None
    corrected: bool  # the value that stands is a locked correction
    status: str  # the latest visible measurement's status ("" when none)
    status_label: str
    overdue: bool
    submitted_late: bool
    cells: list[ReportCell]


@dataclass
class ReportIndicator:
    id: int
    name: str
    unit: str
    result_type: str
    result_type_label: str
    direction: str
    direction_label: str
    responsible_organization: str
    sdg_target: str
    sdg_indicator: str
    baseline_value: Decimal | None
    baseline_date: date | None
    periods: list[ReportIndicatorPeriod]  # its reporting periods that meet the report's
    latest_label: str  # the last period up to the report's end with a verified value
    latest_actual: Decimal | None
    latest_meets_target: bool | None
    overdue_to_date: int  # reports due by the period's end and never submitted


@dataclass
class ReportIndicatorSummary:
    total: int = 0
    on_target: int = 0
    below_target: int = 0
    without_value: int = 0
    overdue: int = 0


@dataclass
class ReportCommitment:
    id: int
    organization: str
    text: str
    source_label: str
    due_on: date | None
    status: str
    status_label: str
    reason: str
    done_on: date | None
    confirmed: bool
    overdue: bool
    due_in_period: bool


@dataclass
class ReportCommitments:
    total: int
    kept: int  # done and confirmed
    done_unconfirmed: int
    open: int
    late: int  # reported late, or open past the due date
    dropped: int
    items: list[ReportCommitment]


@dataclass
class ReportActionItem:
    id: int
    title: str
    owner: str
    organization: str
    due_on: date
    status: str
    status_label: str
    done_on: date | None
    overdue: bool
    follows_from: str  # the decision, activity or indicator it follows from


@dataclass
class ReportActionItems:
    open: int
    overdue: int
    due_in_period: int
    done_in_period: int
    done_on_time_in_period: int
    items: list[ReportActionItem]  # due in the period, overdue, or done in the period


@dataclass
class ReportLevelCount:
    level: str
    label: str
    in_period: int
    to_date: int


@dataclass
class ReportBenefit:
    id: int
    received_on: date
    recipient: str
    to_organization: bool
    level: str
    level_label: str
    kind: str
    kind_label: str
    description: str
    value: Decimal | None
    currency: str
    expected_by_charter: bool


@dataclass
class ReportBenefitPartner:
    label: str
    contributed_share: float | None
    received_share: float | None
    benefits: int
    beyond_individual: int
    balance: str


@dataclass
class ReportBenefits:
    levels: list[ReportLevelCount]
    in_period: list[ReportBenefit]  # standing benefits received in the period
    partners: list[ReportBenefitPartner]  # to date: is the benefit mutual?
    individual_share_to_date: float | None


@dataclass
class PeriodReport:
    """The report as data: what the page, the PDF and the API show."""

    partnership: ReportPartnership
    period: ReportPeriod
    audience: str  # "internal" or "public"
    version: int
    generated_at: datetime
    membership: ReportMembership
    charter: ReportCharter
    indicator_summary: ReportIndicatorSummary
    indicators: list[ReportIndicator]
    resources: ReportResources | None = None
    decisions: list[ReportDecision] | None = None
    commitments: ReportCommitments | None = None
    action_items: ReportActionItems | None = None
    benefits: ReportBenefits | None = None


@dataclass
class ReportCharts:
    """The report's SVG charts, apart from its data (the API leaves them out)."""

    indicators: list[str] = field(default_factory=list)  # in the order of the indicators
    flow: str = ""
    mutual: str = ""
    levels: str = ""


@dataclass
class ReportBundle:
    report: PeriodReport
    charts: ReportCharts
    cache_key: str

    @property
    def indicator_rows(self) -> list[tuple[ReportIndicator, str]]:
        return list(zip(self.report.indicators, self.charts.indicators, strict=True))


def report_audience(*, actor: Any, partnership: Partnership) -> str:
    return (
        INTERNAL
        if partnership_selectors.is_insider(actor=actor, partnership=partnership)
        else PUBLIC
    )


def report_cache_key(
    *, partnership: Partnership, period: ReportPeriod, audience: str, today: date
) -> str:
    version = partnership_version(partnership_id=partnership.pk)
    return (
        f"results:report:{partnership.pk}:{version}:{period.code}:{audience}:"
        f"{get_language() or ''}:{today.isoformat()}"
    )


def period_report(*, actor: Any, partnership: Partnership, period: ReportPeriod) -> ReportBundle:
    """The report of ``period`` as ``actor`` may read it (insiders everything, the public
    the verified values of a public partnership), cached per partnership version.

    The caller checks that the actor may read the partnership's results at all
    (``results.view_results``)."""
    audience = report_audience(actor=actor, partnership=partnership)
    return period_report_for_audience(partnership=partnership, period=period, audience=audience)


def period_report_for_audience(
    *, partnership: Partnership, period: ReportPeriod, audience: str
) -> ReportBundle:
    """The report as ``audience`` ("internal" or "public") reads it, from the cache when
    it was computed for this partnership version (the PDF task asks by audience)."""
    today = timezone.localdate()
    key = report_cache_key(partnership=partnership, period=period, audience=audience, today=today)
    bundle = cache.get(key)
    if bundle is None:
        bundle = _compute(partnership=partnership, period=period, audience=audience, today=today)
        bundle.cache_key = key
        cache.set(key, bundle, REPORT_CACHE_SECONDS)
    return bundle


def _compute(
    *, partnership: Partnership, period: ReportPeriod, audience: str, today: date
) -> ReportBundle:
    internal = audience == INTERNAL
    charts = ReportCharts()
    indicators, summary, charts.indicators = _indicators(partnership, period, internal, today)
    report = PeriodReport(
        partnership=_partnership(partnership),
        period=period,
        audience=audience,
        version=partnership_version(partnership_id=partnership.pk),
        generated_at=timezone.now(),
        membership=_membership(partnership, period),
        charter=_charter(partnership),
        indicator_summary=summary,
        indicators=indicators,
    )
    if internal:
        report.resources, charts.flow = _resources(partnership, period)
        report.decisions = _decisions(partnership, period)
        report.commitments = _commitments(partnership, period)
        report.action_items = _action_items(partnership, period, today)
        report.benefits, charts.mutual, charts.levels = _benefits(partnership, period)
    return ReportBundle(report=report, charts=charts, cache_key="")


def _in(day: date | None, period: ReportPeriod) -> bool:
    return day is not None and period.start <= day <= period.end


def _local_day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def _partnership(partnership: Partnership) -> ReportPartnership:
    return ReportPartnership(
        slug=partnership.slug,
        name=partnership.name,
        purpose=partnership.purpose,
        type_label=str(partnership.get_type_display()),
        modality_label=str(partnership.get_modality_display()),
        status=partnership.status,
        status_label=str(partnership.get_status_display()),
        is_public=partnership.is_public,
        places=partnership.places,
        reporting_currency=partnership.reporting_currency,
        sdg_targets=[t.code for t in partnership.sdg_targets.order_by("code")],
    )


def _membership(partnership: Partnership, period: ReportPeriod) -> ReportMembership:
    rows = list(partnership_selectors.membership_list(partnership=partnership))
    charter = partnership_selectors.current_charter(partnership=partnership)
    signed = set(charter.signatures.values_list("organization_id", flat=True)) if charter else set()
    members = sorted(
        (
            ReportMember(
                organization_id=m.organization_id,
                name=m.organization.name,
                sector=m.organization.sector,
                sector_label=str(Sector(m.organization.sector).label),
                admitted_on=_local_day(m.decided_at),
                signed_charter=(m.organization_id in signed) if charter else None,
            )
            for m in rows
            if m.status == MembershipStatus.ADMITTED
        ),
        key=lambda m: m.name,
    )
    return ReportMembership(
        members=members,
        admitted_in_period=[
            m.organization.name
            for m in rows
            if m.status == MembershipStatus.ADMITTED and _in(_local_day(m.decided_at), period)
        ],
        withdrawn_in_period=[
            m.organization.name
            for m in rows
            if m.status == MembershipStatus.WITHDRAWN and _in(_local_day(m.withdrawn_at), period)
        ],
        open_invitations=sum(
            1 for m in rows if m.status in (MembershipStatus.INVITED, MembershipStatus.ACCEPTED)
        ),
        community_participants=partnership_selectors.community_participant_count(
            partnership=partnership
        ),
    )


def _charter(partnership: Partnership) -> ReportCharter:
    versions = partnership_selectors.charter_overview(partnership=partnership)
    current = next((v for v in versions if v.is_current), None)
    draft = next((v for v in versions if not v.version.is_published), None)
    return ReportCharter(
        version=current.version.number if current else None,
        published_on=_local_day(current.version.published_at) if current else None,
        signed=current.signed_count if current else 0,
        unsigned=[r.organization.name for r in current.rows if r.signature is None]
        if current
        else [],
        draft_version=draft.version.number if draft else None,
        draft_change=draft.version.change_summary if draft else "",
    )


def _resources(partnership: Partnership, period: ReportPeriod) -> tuple[ReportResources, str]:
    summary = resource_selectors.resource_summary(partnership=partnership)
    quarters = {
        p.label for p in reporting_periods(period.start, period.end, "quarterly")
    }  # "2026-Q3": the summary's keys
    zero = Decimal("0.00")
    partners = []
    for row in summary.partners:
        reliability = row.reliability
        partners.append(
            ReportPartnerResources(
                organization_id=row.organization.pk,
                name=row.organization.name,
                pledged_total=row.pledged_total,
                delivered_total=row.delivered_total,
                pledged_in_period=sum(
                    (v for q, v in row.pledged_by_period.items() if q in quarters), zero
                ),
                delivered_in_period=sum(
                    (v for q, v in row.delivered_by_period.items() if q in quarters), zero
                ),
                on_time_share=reliability.reliability if reliability else None,
                outstanding=reliability.outstanding if reliability else zero,
            )
        )
    return (
        ReportResources(
            currency=partnership.reporting_currency,
            as_of=summary.as_of,
            partners=partners,
            pledged_total=sum((p.pledged_total for p in partners), zero),
            delivered_total=summary.total_delivered,
            pledged_in_period=sum((p.pledged_in_period for p in partners), zero),
            delivered_in_period=sum((p.delivered_in_period for p in partners), zero),
            leverage=summary.leverage,
            reciprocity=summary.reciprocity_overall,
            missing_rates=[currency for currency, _since in summary.missing_rates],
        ),
        summary.flow_svg,
    )


def _outcome_label(outcome: str) -> str:
    labels = {
        "accepted": _("Accepted"),
        "rejected": _("Rejected"),
        "no_quorum": _("No quorum"),
        "chosen": _("Chosen"),
    }
    return str(labels.get(outcome, outcome.replace("_", " ")))


def _explanation(decision: Any) -> str:
    why = (decision.counts or {}).get("why") if isinstance(decision.counts, dict) else None
    if why:
        try:
            return decision_explanations.explanation_text(why)
        except (ValueError, KeyError, TypeError):
            pass
    return decision.reason


def _decisions(partnership: Partnership, period: ReportPeriod) -> list[ReportDecision]:
    decisions = decision_selectors.decision_log(partnership=partnership).filter(
        decided_at__date__gte=period.start, decided_at__date__lte=period.end
    )
    return [
        ReportDecision(
            proposal_id=d.proposal_id,
            title=d.proposal.title,
            kind=d.proposal.kind,
            kind_label=str(DecisionKind(d.proposal.kind).label)
            if d.proposal.kind in DecisionKind.values
            else d.proposal.kind,
            outcome=d.outcome,
            outcome_label=_outcome_label(d.outcome),
            decided_on=timezone.localdate(d.decided_at),
            rule=str((d.rule or {}).get("name", "")) if isinstance(d.rule, dict) else "",
            explanation=_explanation(d),
        )
        for d in reversed(list(decisions))  # oldest first, as the period unfolded
    ]


def _status_label(status: str) -> str:
    return str(MeasurementStatus(status).label) if status in MeasurementStatus.values else ""


def _indicator_period(row: PeriodRow, direction: str, cells: list[ReportCell]) -> Any:
    latest = row.latest
    target = row.target
    measurement = row.measurement
    return ReportIndicatorPeriod(
        label=row.period.label,
        start=row.period.start,
        end=row.period.end,
        due_on=row.due_on,
        target=target.value if target else None,
        target_low=target.low if target else None,
        target_high=target.high if target else None,
        actual=row.actual,
        actual_text=measurement.value_text if measurement is not None else "",
        meets_target=row.meets_target(direction),
        corrected=measurement is not None and measurement.corrects_id is not None,
        status=latest.status if latest else "",
        status_label=_status_label(latest.status) if latest else "",
        overdue=row.is_overdue,
        submitted_late=row.submitted_late,
        cells=cells,
    )


def _cells_of(measurement_ids: list[int]) -> dict[int, list[ReportCell]]:
    """The breakdown of each measurement, in the dimensions' list order (one query)."""
    cells: dict[int, list[ReportCell]] = {}
    if not measurement_ids:
        return cells
    rows = MeasurementCell.objects.filter(measurement_id__in=measurement_ids).values_list(
        "measurement_id", "dimension", "category", "value"
    )
    for measurement_id, dimension, category, value in rows:
        cells.setdefault(measurement_id, []).append(
            ReportCell(
                dimension=dimension,
                dimension_label=str(Dimension(dimension).label),
                category=category,
                category_label=category_label(dimension, category),
                value=value,
            )
        )
    order = {
        (dimension, code): (position, index)
        for position, dimension in enumerate(Dimension.values)
        for index, (code, _label) in enumerate(CATEGORIES[dimension])
    }
    for row in cells.values():
        row.sort(key=lambda c: order.get((c.dimension, c.category), (99, 99)))
    return cells


def _indicators(
    partnership: Partnership, period: ReportPeriod, internal: bool, today: date
) -> tuple[list[ReportIndicator], ReportIndicatorSummary, list[str]]:
    statuses = tuple(MeasurementStatus.values) if internal else VERIFIED
    progress: list[IndicatorProgress] = [
        indicator_progress(indicator, internal=internal, today=today)
        for indicator in indicator_queryset(partnership=partnership, statuses=statuses)
    ]
    in_period: list[tuple[IndicatorProgress, list[PeriodRow]]] = [
        (p, [r for r in p.rows if r.period.start <= period.end and r.period.end >= period.start])
        for p in progress
    ]
    cells = _cells_of(
        [r.measurement.pk for _p, rows in in_period for r in rows if r.measurement is not None]
    )
    indicators, charts = [], []
    summary = ReportIndicatorSummary()
    for p, rows in in_period:
        indicator = p.indicator
        to_date = [r for r in p.rows if r.period.start <= period.end]
        latest = next((r for r in reversed(to_date) if r.measurement is not None), None)
        meets = latest.meets_target(indicator.direction) if latest else None
        overdue = sum(1 for r in to_date if r.is_overdue)
        indicators.append(
            ReportIndicator(
                id=indicator.pk,
                name=indicator.name,
                unit=indicator.unit,
                result_type=indicator.result_type,
                result_type_label=str(indicator.get_result_type_display()),
                direction=indicator.direction,
                direction_label=str(indicator.get_direction_display()),
                responsible_organization=indicator.responsible_organization.name,
                sdg_target=indicator.sdg_target.code if indicator.sdg_target else "",
                sdg_indicator=indicator.sdg_indicator,
                baseline_value=indicator.baseline_value,
                baseline_date=indicator.baseline_date,
                periods=[
                    _indicator_period(
                        r,
                        indicator.direction,
                        cells.get(r.measurement.pk, []) if r.measurement is not None else [],
                    )
                    for r in rows
                ],
                latest_label=latest.period.label if latest else "",
                latest_actual=latest.actual if latest else None,
                latest_meets_target=meets,
                overdue_to_date=overdue,
            )
        )
        charts.append(
            indicator_chart_svg(
                IndicatorProgress(
                    indicator=indicator,
                    rows=to_date,
                    latest=latest,
                    overdue=[],
                    latest_meets_target=meets,
                    progress_percent=None,
                )
            )
        )
        summary.total += 1
        summary.overdue += overdue
        if latest is None:
            summary.without_value += 1
        elif meets is True:
            summary.on_target += 1
        elif meets is False:
            summary.below_target += 1
    return indicators, summary, charts


def _commitments(partnership: Partnership, period: ReportPeriod) -> ReportCommitments:
    items = [
        ReportCommitment(
            id=c.pk,
            organization=c.organization.name,
            text=c.text,
            source_label=str(c.get_source_display()),
            due_on=c.due_on,
            status=c.status,
            status_label=str(c.get_status_display()),
            reason=c.status_reason,
            done_on=c.done_on,
            confirmed=c.confirmed_at is not None,
            overdue=bool(c.is_overdue),
            due_in_period=_in(c.due_on, period),
        )
        for c in commitment_list(partnership=partnership)
    ]
    return ReportCommitments(
        total=len(items),
        kept=sum(1 for c in items if c.status == CommitmentStatus.DONE and c.confirmed),
        done_unconfirmed=sum(
            1 for c in items if c.status == CommitmentStatus.DONE and not c.confirmed
        ),
        open=sum(1 for c in items if c.status in OPEN_COMMITMENT),
        late=sum(1 for c in items if c.status == CommitmentStatus.LATE or c.overdue),
        dropped=sum(1 for c in items if c.status == CommitmentStatus.DROPPED),
        items=items,
    )


def _follows_from(item: Any) -> str:
    if item.proposal_id:
        return _("Decision: %(title)s") % {"title": item.proposal.title}
    if item.activity_id:
        return _("Activity: %(title)s") % {"title": item.activity.title}
    if item.indicator_id:
        return _("Indicator: %(name)s") % {"name": item.indicator.name}
    return ""


def _action_items(partnership: Partnership, period: ReportPeriod, today: date) -> Any:
    rows = []
    counts = {"open": 0, "overdue": 0, "due": 0, "done": 0, "on_time": 0}
    for item in action_item_list(partnership=partnership):
        done_on = _local_day(item.done_at)
        is_open = item.status == ActionItemStatus.OPEN
        counts["open"] += is_open
        counts["overdue"] += bool(item.is_overdue)
        counts["due"] += _in(item.due_on, period)
        counts["done"] += _in(done_on, period)
        counts["on_time"] += _in(done_on, period) and done_on is not None and done_on <= item.due_on
        if not (_in(item.due_on, period) or _in(done_on, period) or item.is_overdue):
            continue
        rows.append(
            ReportActionItem(
                id=item.pk,
                title=item.title,
                owner=str(item.owner),
                organization=item.owner_organization.name,
                due_on=item.due_on,
                status=item.status,
                status_label=str(item.get_status_display()),
                done_on=done_on,
                overdue=bool(item.is_overdue),
                follows_from=_follows_from(item),
            )
        )
    return ReportActionItems(
        open=counts["open"],
        overdue=counts["overdue"],
        due_in_period=counts["due"],
        done_in_period=counts["done"],
        done_on_time_in_period=counts["on_time"],
        items=rows,
    )


def _benefits(partnership: Partnership, period: ReportPeriod) -> tuple[ReportBenefits, str, str]:
    summary = benefit_summary(partnership=partnership)
    standing = (
        Benefit.objects.filter(
            partnership=partnership,
            reverses__isnull=True,
            reversed_by__isnull=True,
        )
        .filter(Q(received_on__gte=period.start) & Q(received_on__lte=period.end))
        .select_related("recipient_organization", "recipient_user")
        .order_by("received_on", "id")
    )
    in_period = [
        ReportBenefit(
            id=b.pk,
            received_on=b.received_on,
            recipient=str(b.recipient_organization or b.recipient_user),
            to_organization=b.recipient_organization_id is not None,
            level=b.level,
            level_label=str(b.get_level_display()),
            kind=b.kind,
            kind_label=str(b.get_kind_display()),
            description=b.description,
            value=b.value,
            currency=b.currency,
            expected_by_charter=b.expected_by_charter,
        )
        for b in standing
    ]
    levels = [
        ReportLevelCount(
            level=code,
            label=str(label),
            in_period=sum(1 for b in in_period if b.level == code),
            to_date=count,
        )
        for code, label, count, _share in summary.levels
    ]
    partners = [
        ReportBenefitPartner(
            label=row.label,
            contributed_share=row.contributed_share,
            received_share=row.received_share,
            benefits=row.benefits,
            beyond_individual=row.beyond_individual,
            balance=row.balance,
        )
        for row in summary.partners
    ]
    benefits = ReportBenefits(
        levels=levels,
        in_period=in_period,
        partners=partners,
        individual_share_to_date=summary.total.individual_share,
    )
    return benefits, summary.mutual_svg, summary.levels_svg


__all__ = [
    "INTERNAL",
    "PUBLIC",
    "PeriodReport",
    "ReportBundle",
    "ReportCharts",
    "ReportPeriod",
    "default_report_period",
    "period_report",
    "period_report_for_audience",
    "report_audience",
    "report_period",
    "report_period_choices",
]

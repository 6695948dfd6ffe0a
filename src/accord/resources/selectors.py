"""Reads about the workplan and resources; the figures come from the engine.

``resource_summary`` issues a fixed number of queries whatever the number of ledger
entries: the ledger is summed in SQL per (provider, receiver, pledge, currency,
value date), converted with the rate of each value date, and handed to the engine.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accord.audit.selectors import partnership_version
from accord.core.spreadsheets import Sheet
from accord.engine.equity.flows import reciprocity
from accord.engine.networks.svg import flow_network_svg
from accord.engine.resources import measures, money, reliability
from accord.errors import NotFound
from accord.partners.models import Organization, Sector
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import member_organizations
from accord.resources import selectors_rollups
from accord.resources.models import (
    Activity,
    ActivityOrganization,
    ExchangeRate,
    LedgerEntry,
    Pledge,
    PledgeInstallment,
    ResourceKind,
    Responsibility,
    SupportRequest,
)
from accord.resources.selectors_rollups import (  # for the balance dashboard
    delivered_by_provider,
    delivered_by_provider_and_quarter,
    flows_by_pair,
)

ZERO = Decimal("0.00")

__all__ = [  # noqa: RUF022 (the reads of this module, then those it passes on)
    "ConvertedEntry",
    "FlowEdge",
    "PairReciprocity",
    "PartnerFigures",
    "PeriodCell",
    "ResourceSummary",
    "activity_choices",
    "activity_find",
    "activity_get",
    "activity_list",
    "ledger_entry_get",
    "ledger_list",
    "ledger_page_converted",
    "overdue_alerts",
    "period_rows",
    "pledge_find",
    "pledge_get",
    "pledge_list",
    "rate_list",
    "resource_summary",
    "resource_summary_sheet",
    "support_request_get",
    "support_request_list",
    "delivered_by_provider",
    "delivered_by_provider_and_quarter",
    "flows_by_pair",
]


def activity_list(*, partnership: Partnership) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(partnership=partnership)
        .select_related("lead_organization", "parent")
        .prefetch_related(
            Prefetch("chain", queryset=ActivityOrganization.objects.select_related("organization")),
            Prefetch(
                "responsibilities",
                queryset=Responsibility.objects.select_related("organization", "person"),
            ),
        )
        .order_by("start_on", "title")
    )


def activity_choices(*, partnership: Partnership) -> QuerySet[Activity]:
    """The partnership's activities for a form's choice field (no related rows fetched)."""
    return Activity.objects.filter(partnership=partnership)


def activity_get(*, partnership: Partnership, activity_id: int) -> Activity:
    activity = (
        Activity.objects.filter(partnership=partnership, pk=activity_id)
        .select_related("partnership")
        .first()
    )
    if activity is None:
        raise NotFound(_("No such activity."))
    return activity


def activity_find(*, partnership: Partnership, activity_id: int) -> Activity | None:
    """An activity of the partnership by id (an optional id in a payload), or None."""
    return Activity.objects.filter(partnership=partnership, pk=activity_id).first()


def pledge_list(*, partnership: Partnership) -> QuerySet[Pledge]:
    return (
        Pledge.objects.filter(partnership=partnership)
        .select_related("organization", "recipient", "activity")
        .prefetch_related("installments")
        .order_by("organization__name", "starts_on")
    )


def pledge_get(*, partnership: Partnership, pledge_id: int) -> Pledge:
    pledge = Pledge.objects.filter(partnership=partnership, pk=pledge_id).first()
    if pledge is None:
        raise NotFound(_("No such pledge."))
    return pledge


def pledge_find(*, partnership: Partnership, pledge_id: int) -> Pledge | None:
    """A pledge of the partnership by id (an optional id in a payload), or None."""
    return Pledge.objects.filter(partnership=partnership, pk=pledge_id).first()


def ledger_list(*, partnership: Partnership) -> QuerySet[LedgerEntry]:
    return (
        LedgerEntry.objects.filter(partnership=partnership)
        .select_related("provider", "receiver", "activity", "pledge", "posted_by", "reversed_by")
        .order_by("-value_date", "-id")
    )


def ledger_entry_get(*, partnership: Partnership, entry_id: int) -> LedgerEntry:
    entry = LedgerEntry.objects.filter(partnership=partnership, pk=entry_id).first()
    if entry is None:
        raise NotFound(_("No such ledger entry."))
    return entry


def rate_list(*, partnership: Partnership) -> QuerySet[ExchangeRate]:
    return ExchangeRate.objects.filter(partnership=partnership).order_by("currency", "-valid_on")


def support_request_list(*, partnership: Partnership) -> QuerySet[SupportRequest]:
    return SupportRequest.objects.filter(partnership=partnership).select_related(
        "organization", "requested_by", "delivery"
    )


def support_request_get(*, partnership: Partnership, request_id: int) -> SupportRequest:
    request = SupportRequest.objects.filter(partnership=partnership, pk=request_id).first()
    if request is None:
        raise NotFound(_("No such support request."))
    return request


# --- the summary --------------------------------------------------------------------------


@dataclass
class PartnerFigures:
    organization: Organization
    pledged: dict[str, Decimal] = field(default_factory=dict)  # per kind, reporting currency
    delivered: dict[str, Decimal] = field(default_factory=dict)
    pledged_by_period: dict[str, Decimal] = field(default_factory=dict)  # "2026-Q1" -> amount
    delivered_by_period: dict[str, Decimal] = field(default_factory=dict)
    pledged_total: Decimal = ZERO
    delivered_total: Decimal = ZERO
    reliability: reliability.PartnerReliability | None = None
    capacity_ratio: float | None = None

    @property
    def delivered_share_of_pledged(self) -> float | None:
        return float(self.delivered_total / self.pledged_total) if self.pledged_total else None


@dataclass
class ResourceSummary:
    partnership: Partnership
    as_of: date
    partners: list[PartnerFigures]
    periods: list[str]  # quarters with anything pledged or delivered, in order
    leverage: float | None
    reciprocity_overall: float | None
    reciprocity_pairs: list[tuple[str, str, float]]
    flow_svg: str
    missing_rates: list[tuple[str, date]]
    overdue: list[PartnerFigures]
    total_delivered: Decimal
    kinds: list[tuple[str, str]]
    #: The flow network between members (reporting currency, reversals netted, pairs
    #: with nothing left omitted), and each pair's reciprocity, for the API.
    flow_edges: list[FlowEdge] = field(default_factory=list)
    pair_reciprocity: list[PairReciprocity] = field(default_factory=list)


@dataclass(frozen=True)
class FlowEdge:
    """What one member gave another, net, in the reporting currency."""

    provider: Organization
    receiver: Organization
    amount: Decimal


@dataclass(frozen=True)
class PairReciprocity:
    """A pair with some flow between them: each direction and the share reciprocated,
    ``2 min(a→b, b→a) / (a→b + b→a)`` (engine.equity.flows.reciprocity)."""

    first: Organization
    second: Organization
    first_to_second: Decimal
    second_to_first: Decimal
    reciprocity: float


def _quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class PeriodCell:
    period: str
    pledged: Decimal
    delivered: Decimal


def period_rows(summary: ResourceSummary) -> list[tuple[PartnerFigures, list[PeriodCell]]]:
    """Pledged (falling due) vs delivered per partner and quarter, for the page's table."""
    return [
        (
            row,
            [
                PeriodCell(
                    q, row.pledged_by_period.get(q, ZERO), row.delivered_by_period.get(q, ZERO)
                )
                for q in summary.periods
            ],
        )
        for row in summary.partners
    ]


_Rates = selectors_rollups.RateTable


def resource_summary(*, partnership: Partnership, as_of: date | None = None) -> ResourceSummary:
    """The summary, cached per partnership version (see ``audit.selectors.partnership_version``),
    per generation of the ledger's rollups (a rebuild starts a new one) and per state of
    what it shows that lives outside the partnership (``_shown_fingerprint``)."""
    as_of = as_of or timezone.localdate()
    version = partnership_version(partnership_id=partnership.pk)
    generation = selectors_rollups.rollup_generation(partnership.pk)
    shown = _shown_fingerprint(partnership)
    # the flow network's title is in the reader's language
    language = translation.get_language() or ""
    key = (
        f"resources:summary:v2:{language}:{partnership.pk}:{version}:{generation}:{shown}:"
        f"{as_of.isoformat()}"
    )
    summary = cache.get(key)
    if summary is None:
        summary = _compute_resource_summary(partnership=partnership, as_of=as_of)
        cache.set(key, summary, SUMMARY_CACHE_SECONDS)
    return summary


SUMMARY_CACHE_SECONDS = 3600


def _shown_fingerprint(partnership: Partnership) -> str:
    """A digest of what the summary shows but the partnership's version does not follow:
    its member organizations' names, sectors and capacities (an organization is edited
    outside the partnership, so a rename records no partnership event), and the
    partnership's own name and currency. One query."""
    members = member_organizations(partnership=partnership).order_by("pk")
    shown = [partnership.name, partnership.reporting_currency]
    shown += [list(row) for row in members.values_list("pk", "name", "sector", "capacity")]
    return hashlib.sha256(json.dumps(shown).encode()).hexdigest()[:16]


def _compute_resource_summary(*, partnership: Partnership, as_of: date) -> ResourceSummary:
    members = list(member_organizations(partnership=partnership))
    index = {org.pk: i for i, org in enumerate(members)}
    figures = [PartnerFigures(org) for org in members]
    rates = _Rates(partnership)

    pledges = {
        p.pk: p
        for p in Pledge.objects.filter(partnership=partnership).only(
            "pk", "organization_id", "kind", "currency", "amount"
        )
    }
    installments = []
    for inst in PledgeInstallment.objects.filter(pledge__partnership=partnership).values(
        "pledge_id", "due_on", "amount"
    ):
        pledge = pledges[inst["pledge_id"]]
        if pledge.organization_id not in index:
            continue
        value = rates.convert(inst["amount"], pledge.currency, inst["due_on"])
        if value is None:
            continue
        row = figures[index[pledge.organization_id]]
        quarter = _quarter(inst["due_on"])
        row.pledged_by_period[quarter] = row.pledged_by_period.get(quarter, ZERO) + value
        row.pledged[pledge.kind] = row.pledged.get(pledge.kind, ZERO) + value
        row.pledged_total += value
        installments.append(
            reliability.Installment(pledge.pk, index[pledge.organization_id], inst["due_on"], value)
        )

    # Totals and flows: one row per (provider, destination, kind, currency, rate period),
    # read from the ledger's rollups (see selectors_rollups). Within a rate period every
    # value date converts with the same rate, so summing first and converting once is the
    # same as converting each entry (up to one rounding).
    grouped = selectors_rollups.delivery_groups(partnership, rates)
    kind_of_pledge = {pk: p.kind for pk, p in pledges.items()}
    lead_of_activity = dict(
        Activity.objects.filter(partnership=partnership).values_list("pk", "lead_organization_id")
    )
    flows: list[tuple[int, int, Decimal]] = []
    for g in grouped:
        if g["provider_id"] not in index:
            continue
        value = rates.convert_keyed(g["total"], g["currency"], g["rate_key"], g["first_date"])
        if value is None:
            continue
        partner = index[g["provider_id"]]
        kind = kind_of_pledge.get(g["pledge_id"], ResourceKind.MONEY)
        row = figures[partner]
        row.delivered[kind] = row.delivered.get(kind, ZERO) + value
        row.delivered_total += value
        quarter = _quarter(g["quarter"])
        row.delivered_by_period[quarter] = row.delivered_by_period.get(quarter, ZERO) + value
        receiver = g["receiver_id"] or lead_of_activity.get(g["activity_id"])
        if receiver in index and receiver != g["provider_id"]:
            flows.append((partner, index[receiver], value))
    # Reliability needs the dates: one row per (pledge, value date, currency, rate period).
    deliveries = []
    for g in selectors_rollups.pledge_delivery_groups(partnership, rates):
        provider_id = pledges[g["pledge_id"]].organization_id
        if provider_id not in index:
            continue
        value = rates.convert_keyed(g["total"], g["currency"], g["rate_key"], g["value_date"])
        if value is not None:
            deliveries.append(
                reliability.Delivery(g["pledge_id"], index[provider_id], g["value_date"], value)
            )

    for result in reliability.funding_reliability(installments, deliveries, as_of=as_of):
        figures[result.partner].reliability = result
    delivered = {i: f.delivered_total for i, f in enumerate(figures)}
    ratios = measures.contribution_relative_to_capacity(
        delivered, {i: f.organization.capacity for i, f in enumerate(figures)}
    )
    for i, ratio in ratios.items():
        figures[i].capacity_ratio = ratio
    public = [i for i, f in enumerate(figures) if f.organization.sector == Sector.PUBLIC]
    matrix = measures.flow_matrix(flows, len(members))
    recip = reciprocity(matrix) if len(members) else None
    labels = [org.name for org in members]
    pairs = sorted(
        (
            (labels[i], labels[j], share)
            for (i, j), share in (recip.per_pair.items() if recip else [])
        ),
        key=lambda t: t[2],
    )
    overall = recip.overall if recip and recip.total_flow > 0 else None
    svg = flow_network_svg(
        labels,
        matrix,
        title=_("Resource flows in %(name)s") % {"name": partnership.name},
        unit=partnership.reporting_currency,
    )
    overdue = [f for f in figures if f.reliability and f.reliability.outstanding > 0]
    edges, pair_shares = _flow_network(members, flows, recip.per_pair if recip else {})
    return ResourceSummary(
        partnership=partnership,
        as_of=as_of,
        partners=figures,
        periods=sorted(
            {q for f in figures for q in (*f.pledged_by_period, *f.delivered_by_period)}
        ),
        leverage=measures.leverage(delivered, public),
        reciprocity_overall=overall,
        reciprocity_pairs=pairs,
        flow_svg=svg,
        missing_rates=sorted(rates.missing.items()),
        overdue=overdue,
        total_delivered=sum(delivered.values(), ZERO),
        kinds=list(ResourceKind.choices),
        flow_edges=edges,
        pair_reciprocity=pair_shares,
    )


def _flow_network(
    members: list[Organization],
    flows: list[tuple[int, int, Decimal]],
    per_pair: dict[tuple[int, int], float],
) -> tuple[list[FlowEdge], list[PairReciprocity]]:
    """The edges (summed exactly in Decimal, a net below zero clipped as in
    ``measures.flow_matrix``) and the pairs' reciprocity, largest flow first."""
    net: dict[tuple[int, int], Decimal] = {}
    for i, j, amount in flows:
        net[(i, j)] = net.get((i, j), ZERO) + amount
    positive = {pair: amount for pair, amount in net.items() if amount > 0}
    edges = [
        FlowEdge(members[i], members[j], amount)
        for (i, j), amount in sorted(positive.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    pairs = [
        PairReciprocity(
            members[i],
            members[j],
            positive.get((i, j), ZERO),
            positive.get((j, i), ZERO),
            share,
        )
        for (i, j), share in per_pair.items()
    ]
    pairs.sort(key=lambda p: (-(p.first_to_second + p.second_to_first), p.first.pk, p.second.pk))
    return edges, pairs


#: The columns of the summary's export (CSV or XLSX), as the page's table.
SUMMARY_COLUMNS = [
    "organization",
    "sector",
    "capacity",
    "pledged",
    "delivered",
    "due",
    "delivered_on_time",
    "delivered_late",
    "outstanding",
    "reliability",
    "mean_delay_days",
    "contribution_relative_to_capacity",
]


def resource_summary_sheet(summary: ResourceSummary) -> Sheet:
    """The summary as one table for ``core.spreadsheets.spreadsheet`` (page and API)."""
    rows = []
    for row in summary.partners:
        rel = row.reliability
        rows.append(
            [
                row.organization.name,
                row.organization.sector,
                row.organization.capacity,
                row.pledged_total,
                row.delivered_total,
                rel.due if rel else "",
                rel.delivered_on_time if rel else "",
                rel.delivered_late if rel else "",
                rel.outstanding if rel else "",
                "" if not rel or rel.reliability is None else round(rel.reliability, 4),
                "" if not rel or rel.mean_delay_days is None else round(rel.mean_delay_days, 1),
                "" if row.capacity_ratio is None else round(row.capacity_ratio, 4),
            ]
        )
    return Sheet(title="Resources", header=SUMMARY_COLUMNS, rows=rows)


def overdue_alerts(*, partnership: Partnership) -> list[Any]:
    """Partners with pledged amounts that fell due and were not delivered (for the home page)."""
    return resource_summary(partnership=partnership).overdue


@dataclass(frozen=True)
class ConvertedEntry:
    entry: LedgerEntry
    converted: Decimal | None  # in the reporting currency; None when no rate applies
    rate: Decimal | None
    rate_from: date | None


def ledger_page_converted(
    *, partnership: Partnership, entries: list[LedgerEntry]
) -> list[ConvertedEntry]:
    """Each entry with its value in the reporting currency and the rate used (one query)."""
    table = [
        money.Rate(r.currency, r.valid_on, r.to_reporting)
        for r in rate_list(partnership=partnership)
    ]
    rows = []
    for entry in entries:
        rate = money.rate_on(
            table, entry.currency, entry.value_date, partnership.reporting_currency
        )
        if rate is None:
            rows.append(ConvertedEntry(entry, None, None, None))
        else:
            converted = money.convert(entry.value, rate.to_reporting)
            rows.append(ConvertedEntry(entry, converted, rate.to_reporting, rate.valid_on))
    return rows

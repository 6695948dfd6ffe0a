"""Reads about the workplan and resources; the figures come from the engine.

``resource_summary`` issues a fixed number of queries whatever the number of ledger
entries: the ledger is summed in SQL per (provider, receiver, pledge, currency,
value date), converted with the rate of each value date, and handed to the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone

from accord.engine.equity.flows import reciprocity
from accord.engine.networks.svg import flow_network_svg
from accord.engine.resources import measures, money, reliability
from accord.errors import NotFound
from accord.partners.models import Organization, Sector
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import member_organizations
from accord.resources.models import (
    DELIVERY_TYPES,
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

ZERO = Decimal("0.00")


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


def activity_get(*, partnership: Partnership, activity_id: int) -> Activity:
    activity = (
        Activity.objects.filter(partnership=partnership, pk=activity_id)
        .select_related("partnership")
        .first()
    )
    if activity is None:
        raise NotFound("No such activity.")
    return activity


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
        raise NotFound("No such pledge.")
    return pledge


def ledger_list(*, partnership: Partnership) -> QuerySet[LedgerEntry]:
    return (
        LedgerEntry.objects.filter(partnership=partnership)
        .select_related("provider", "receiver", "activity", "pledge", "posted_by", "reversed_by")
        .order_by("-value_date", "-id")
    )


def ledger_entry_get(*, partnership: Partnership, entry_id: int) -> LedgerEntry:
    entry = LedgerEntry.objects.filter(partnership=partnership, pk=entry_id).first()
    if entry is None:
        raise NotFound("No such ledger entry.")
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
        raise NotFound("No such support request.")
    return request


# --- the summary --------------------------------------------------------------------------


@dataclass
class PartnerFigures:
    organization: Organization
    pledged: dict[str, Decimal] = field(default_factory=dict)  # per kind, reporting currency
    delivered: dict[str, Decimal] = field(default_factory=dict)
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
    leverage: float | None
    reciprocity_overall: float | None
    reciprocity_pairs: list[tuple[str, str, float]]
    flow_svg: str
    missing_rates: list[tuple[str, date]]
    overdue: list[PartnerFigures]
    total_delivered: Decimal
    kinds: list[tuple[str, str]]


class _Rates:
    """Rate lookups, remembering which (currency, date) had none."""

    def __init__(self, partnership: Partnership) -> None:
        self.reporting = partnership.reporting_currency
        self.table = [
            money.Rate(r.currency, r.valid_on, r.to_reporting)
            for r in rate_list(partnership=partnership)
        ]
        self.missing: dict[str, date] = {}

    def convert(self, amount: Decimal, currency: str, on: date) -> Decimal | None:
        rate = money.rate_on(self.table, currency, on, self.reporting)
        if rate is None:
            earliest = self.missing.get(currency)
            self.missing[currency] = min(earliest, on) if earliest else on
            return None
        return money.convert(amount, rate.to_reporting)


def resource_summary(*, partnership: Partnership, as_of: date | None = None) -> ResourceSummary:
    as_of = as_of or timezone.localdate()
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
        row.pledged[pledge.kind] = row.pledged.get(pledge.kind, ZERO) + value
        row.pledged_total += value
        installments.append(
            reliability.Installment(pledge.pk, index[pledge.organization_id], inst["due_on"], value)
        )

    grouped = (
        LedgerEntry.objects.filter(partnership=partnership, type__in=DELIVERY_TYPES)
        .values(
            "provider_id",
            "receiver_id",
            "activity__lead_organization_id",
            "pledge_id",
            "pledge__kind",
            "currency",
            "value_date",
        )
        .annotate(total=Sum("value"))
        .order_by()
    )
    deliveries = []
    flows: list[tuple[int, int, Decimal]] = []
    for g in grouped:
        if g["provider_id"] not in index:
            continue
        value = rates.convert(g["total"], g["currency"], g["value_date"])
        if value is None:
            continue
        partner = index[g["provider_id"]]
        kind = g["pledge__kind"] or ResourceKind.MONEY
        row = figures[partner]
        row.delivered[kind] = row.delivered.get(kind, ZERO) + value
        row.delivered_total += value
        if g["pledge_id"]:
            deliveries.append(reliability.Delivery(g["pledge_id"], partner, g["value_date"], value))
        receiver = g["receiver_id"] or g["activity__lead_organization_id"]
        if receiver in index and receiver != g["provider_id"]:
            flows.append((partner, index[receiver], value))

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
        title=f"Resource flows in {partnership.name}",
        unit=partnership.reporting_currency,
    )
    overdue = [f for f in figures if f.reliability and f.reliability.outstanding > 0]
    return ResourceSummary(
        partnership=partnership,
        as_of=as_of,
        partners=figures,
        leverage=measures.leverage(delivered, public),
        reciprocity_overall=overall,
        reciprocity_pairs=pairs,
        flow_svg=svg,
        missing_rates=sorted(rates.missing.items()),
        overdue=overdue,
        total_delivered=sum(delivered.values(), ZERO),
        kinds=list(ResourceKind.choices),
    )


def overdue_alerts(*, partnership: Partnership) -> list[Any]:
    """Partners with pledged amounts that fell due and were not delivered (for the home page)."""
    return resource_summary(partnership=partnership).overdue

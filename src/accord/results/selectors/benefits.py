"""The benefits ledger and what it shows: who gained, at what level, and whether the
benefit is mutual (benefits received next to resources contributed).

``benefit_summary`` issues a fixed number of queries whatever the number of benefits:
the benefits are counted in SQL per (recipient, level), their values summed per
(recipient, currency, day received) and converted to the reporting currency with the
partnership's exchange rates; the resources contributed come from the resources summary
(``accord.resources.selectors.resource_summary``, cached per partnership version).

A benefit that was reversed, and its reversal, count for nothing here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from accord.engine.resources import money
from accord.errors import NotFound
from accord.partners.models import Organization, Sector
from accord.partnerships.models import ParticipantRole, Partnership
from accord.partnerships.selectors import member_organizations
from accord.resources import selectors as resource_selectors
from accord.results.benefit_charts import (
    LevelBar,
    MutualBar,
    benefit_levels_svg,
    mutual_benefit_svg,
)
from accord.results.models import Benefit, BenefitLevel

ZERO = Decimal("0.00")
#: Levels beyond the individual: the benefit reached an organization, an institution or
#: the wider system.
BEYOND_INDIVIDUAL = (BenefitLevel.ORGANIZATIONAL, BenefitLevel.INSTITUTIONAL, BenefitLevel.SYSTEM)
INDIVIDUALS = "individuals"


def benefit_list(*, partnership: Partnership) -> QuerySet[Benefit]:
    """The ledger, newest first, reversals included."""
    return (
        Benefit.objects.filter(partnership=partnership)
        .select_related("recipient_organization", "recipient_user", "recorded_by", "reversed_by")
        .order_by("-received_on", "-id")
    )


def benefit_get(*, partnership: Partnership, benefit_id: int) -> Benefit:
    benefit = Benefit.objects.filter(partnership=partnership, pk=benefit_id).first()
    if benefit is None:
        raise NotFound(_("No such benefit."))
    return benefit


def community_participants(*, partnership: Partnership) -> QuerySet[Any]:
    """The partnership's current community participants (who may receive a benefit in
    person)."""
    return (
        get_user_model()
        .objects.filter(
            participations__partnership=partnership,
            participations__role=ParticipantRole.COMMUNITY,
            participations__left_at__isnull=True,
        )
        .distinct()
        .order_by("name", "pk")
    )


def community_participant_find(*, partnership: Partnership, user_id: int) -> Any:
    """A current community participant by id, or None."""
    return community_participants(partnership=partnership).filter(pk=user_id).first()


# --- the summary ------------------------------------------------------------------------


def _share(part: Decimal | int, whole: Decimal | int) -> float | None:
    return float(part / whole) if whole else None


@dataclass
class RecipientBenefits:
    """One partner (or all individual participants together, or a sector): what it
    contributed and what it received."""

    key: str  # organization id, sector code, or "individuals"
    label: str
    organization: Organization | None = None
    sector: str = ""
    contributed: Decimal = ZERO  # reporting currency
    contributed_share: float | None = None
    benefits: int = 0
    received_share: float | None = None
    by_level: dict[str, int] = field(default_factory=dict)
    expected: int = 0  # benefits the charter expected
    valued: Decimal = ZERO  # reporting currency, benefits with a value and a rate
    valued_share: float | None = None

    @property
    def beyond_individual(self) -> int:
        return sum(self.by_level.get(level, 0) for level in BEYOND_INDIVIDUAL)

    @property
    def individual_share(self) -> float | None:
        return _share(self.by_level.get(BenefitLevel.INDIVIDUAL, 0), self.benefits)

    @property
    def beyond_individual_share(self) -> float | None:
        return _share(self.beyond_individual, self.benefits)

    @property
    def level_counts(self) -> list[tuple[str, str, int]]:
        return [(code, label, self.by_level.get(code, 0)) for code, label in BenefitLevel.choices]

    @property
    def balance(self) -> str:
        """ "mutual" (gave and gained), "gives_only", "gains_only" or "none"."""
        gave, gained = self.contributed > 0, self.benefits > 0
        if gave and gained:
            return "mutual"
        if gave:
            return "gives_only"
        return "gains_only" if gained else "none"

    def add(self, other: RecipientBenefits) -> None:
        self.contributed += other.contributed
        self.benefits += other.benefits
        self.expected += other.expected
        self.valued += other.valued
        for level, count in other.by_level.items():
            self.by_level[level] = self.by_level.get(level, 0) + count


@dataclass
class BenefitSummary:
    partnership: Partnership
    reporting_currency: str
    partners: list[RecipientBenefits]  # member organizations by name, then individuals
    sectors: list[RecipientBenefits]  # by sector, then individuals
    total: RecipientBenefits
    missing_rates: list[str]  # currencies of valued benefits without a rate
    mutual_svg: str
    levels_svg: str

    @property
    def levels(self) -> list[tuple[str, str, int, float | None]]:
        """Every level with its count and share of all benefits."""
        return [
            (code, label, count, _share(count, self.total.benefits))
            for code, label, count in self.total.level_counts
        ]


def _shares(rows: list[RecipientBenefits], total: RecipientBenefits) -> None:
    for row in rows:
        row.contributed_share = _share(row.contributed, total.contributed)
        row.received_share = _share(row.benefits, total.benefits)
        row.valued_share = _share(row.valued, total.valued)


def benefit_summary(*, partnership: Partnership) -> BenefitSummary:
    """Per partner and per sector: resources contributed, benefits received, their levels."""
    members = list(member_organizations(partnership=partnership))
    rows: dict[int | None, RecipientBenefits] = {
        org.pk: RecipientBenefits(
            key=str(org.pk), label=org.name, organization=org, sector=org.sector
        )
        for org in members
    }
    rows[None] = RecipientBenefits(key=INDIVIDUALS, label=_("Individual participants"))
    standing = Benefit.objects.filter(
        partnership=partnership, reverses__isnull=True, reversed_by__isnull=True
    )
    for group in (
        standing.values("recipient_organization_id", "level")
        .annotate(count=Count("pk"), expected=Count("pk", filter=Q(expected_by_charter=True)))
        .order_by()
    ):
        row = rows.get(group["recipient_organization_id"])
        if row is None:
            continue  # an organization that has left the partnership
        row.benefits += group["count"]
        row.expected += group["expected"]
        row.by_level[group["level"]] = row.by_level.get(group["level"], 0) + group["count"]

    reporting = partnership.reporting_currency
    table = [
        money.Rate(r.currency, r.valid_on, r.to_reporting)
        for r in resource_selectors.rate_list(partnership=partnership)
    ]
    missing: set[str] = set()
    for group in (
        standing.filter(value__isnull=False)
        .values("recipient_organization_id", "currency", "received_on")
        .annotate(total=Sum("value"))
        .order_by()
    ):
        row = rows.get(group["recipient_organization_id"])
        if row is None:
            continue
        rate = money.rate_on(table, group["currency"], group["received_on"], reporting)
        if rate is None:
            missing.add(group["currency"])
            continue
        row.valued += money.convert(group["total"], rate.to_reporting)

    for figures in resource_selectors.resource_summary(partnership=partnership).partners:
        if figures.organization.pk in rows:
            rows[figures.organization.pk].contributed = figures.delivered_total

    partners = [rows[org.pk] for org in members] + [rows[None]]
    total = RecipientBenefits(key="all", label=_("All"))
    for row in partners:
        total.add(row)
    _shares(partners, total)

    by_sector: dict[str, RecipientBenefits] = {}
    for row in partners[:-1]:
        sector = by_sector.setdefault(
            row.sector,
            RecipientBenefits(
                key=row.sector, label=str(Sector(row.sector).label), sector=row.sector
            ),
        )
        sector.add(row)
    sectors = [by_sector[code] for code in Sector.values if code in by_sector]
    individuals = RecipientBenefits(key=INDIVIDUALS, label=_("Individual participants"))
    individuals.add(rows[None])
    sectors.append(individuals)
    _shares(sectors, total)

    mutual_svg = mutual_benefit_svg(
        [MutualBar(row.label, row.contributed_share, row.received_share) for row in partners],
        title=_("Resources contributed and benefits received, per partner"),
        chart_id="mutual-benefit",
    )
    levels_svg = benefit_levels_svg(
        [
            LevelBar(
                row.label,
                row.benefits,
                [
                    (code, label, count / row.benefits)
                    for code, label, count in row.level_counts
                    if row.benefits
                ],
            )
            for row in sectors
            if row.benefits
        ],
        levels=[(code, str(label)) for code, label in BenefitLevel.choices],
        title=_("How far the benefits reached, per sector"),
        chart_id="benefit-levels",
    )
    return BenefitSummary(
        partnership=partnership,
        reporting_currency=reporting,
        partners=partners,
        sectors=sectors,
        total=total,
        missing_rates=sorted(missing),
        mutual_svg=mutual_svg,
        levels_svg=levels_svg,
    )

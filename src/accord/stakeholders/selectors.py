"""Every read of the stakeholder map. Fixed number of queries whatever its size."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, QuerySet
from django.utils.translation import gettext as _

from accord.errors import NotFound
from accord.partners.models import Organization
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships.models import (
    OPEN_MEMBERSHIP_STATUSES,
    Membership,
    MembershipStatus,
    Partnership,
)
from accord.partnerships.roles import represented_organization_ids
from accord.stakeholders import placement
from accord.stakeholders.models import RATING_FIELDS, Stakeholder, StakeholderRating
from accord.stakeholders.rules import may


def partnership_for_map(*, actor: Any, slug: str) -> Partnership:
    """The partnership if the actor may read its map; 404 for anyone else, whether or
    not the partnership is public (the map holds the members' judgements of others)."""
    partnership = partnership_selectors.partnership_get(actor=actor, slug=slug)
    if not may(actor, "stakeholders.view_map", partnership):
        raise NotFound(_("No such partnership."))
    return partnership


def stakeholder_get(*, partnership: Partnership, stakeholder_id: int) -> Stakeholder:
    stakeholder = (
        Stakeholder.objects.filter(partnership=partnership, pk=stakeholder_id)
        .select_related("organization", "partnership")
        .first()
    )
    if stakeholder is None:
        raise NotFound(_("No such stakeholder."))
    return stakeholder


def stakeholder_choices(*, partnership: Partnership) -> QuerySet[Stakeholder]:
    return (
        Stakeholder.objects.filter(partnership=partnership)
        .select_related("organization")
        .order_by("added_at", "id")
    )


def ratings_by(*, partnership: Partnership, organizations: Any) -> dict[int, StakeholderRating]:
    """The ratings the given member organizations gave, by stakeholder id (the first
    organization's when the actor represents several)."""
    ratings: dict[int, StakeholderRating] = {}
    for rating in StakeholderRating.objects.filter(
        partnership=partnership, rater_organization__in=organizations
    ).order_by("-rater_organization_id"):
        ratings[rating.stakeholder_id] = rating
    return ratings


def rating_list(*, stakeholder: Stakeholder) -> QuerySet[StakeholderRating]:
    return StakeholderRating.objects.filter(stakeholder=stakeholder).select_related(
        "rater_organization", "rated_by"
    )


def rating_find(
    *, stakeholder: Stakeholder, organization: Organization
) -> StakeholderRating | None:
    return StakeholderRating.objects.filter(
        stakeholder=stakeholder, rater_organization=organization
    ).first()


def rater_organizations(*, actor: Any, partnership: Partnership) -> QuerySet[Organization]:
    """The admitted member organizations the actor represents: those they rate for."""
    represented = represented_organization_ids(actor)
    return partnership_selectors.member_organizations(partnership=partnership).filter(
        pk__in=represented
    )


def organization_choices(*, partnership: Partnership) -> QuerySet[Organization]:
    """Organizations on the instance not yet on the partnership's map."""
    return Organization.objects.exclude(stakeholder_entries__partnership=partnership).order_by(
        "name"
    )


@dataclass
class StakeholderPlace:
    """One stakeholder with the mean of the members' ratings and where that puts it."""

    number: int  # its label on the grid
    stakeholder: Stakeholder
    membership_status: str | None  # its organization's open membership, if any
    ratings: int = 0
    means: dict[str, float | None] = field(default_factory=dict)
    quadrant: placement.Quadrant | None = None
    salience: placement.Salience | None = None

    @property
    def is_member(self) -> bool:
        return self.membership_status == MembershipStatus.ADMITTED

    @property
    def is_invited(self) -> bool:
        return self.membership_status in (MembershipStatus.INVITED, MembershipStatus.ACCEPTED)

    @property
    def may_be_invited(self) -> bool:
        """An organization on the instance with no seat nor open invitation."""
        return self.stakeholder.organization_id is not None and self.membership_status is None

    @property
    def is_missing(self) -> bool:
        """High power or high interest, and not a member: whom the partnership is missing."""
        return not self.is_member and (
            placement.is_high(self.means.get("power"))
            or placement.is_high(self.means.get("interest"))
        )


@dataclass
class StakeholderMap:
    partnership: Partnership
    places: list[StakeholderPlace]
    member_count: int

    @property
    def missing(self) -> list[StakeholderPlace]:
        return [p for p in self.places if p.is_missing]

    @property
    def rated(self) -> list[StakeholderPlace]:
        return [p for p in self.places if p.ratings]


def stakeholder_map(*, partnership: Partnership) -> StakeholderMap:
    """Every stakeholder of the map with its mean ratings, quadrant and salience class.

    Four queries: stakeholders, mean ratings per stakeholder, the open memberships of
    the stakeholder organizations, and the number of members.
    """
    stakeholders = list(
        Stakeholder.objects.filter(partnership=partnership)
        .select_related("organization")
        .order_by("added_at", "id")
    )
    means = {
        row["stakeholder_id"]: row
        for row in StakeholderRating.objects.filter(partnership=partnership)
        .values("stakeholder_id")
        .annotate(count=Count("pk"), **{name: Avg(name) for name in RATING_FIELDS})
        .order_by()
    }
    statuses = dict(
        Membership.objects.filter(
            partnership=partnership,
            status__in=OPEN_MEMBERSHIP_STATUSES,
            organization_id__in=[s.organization_id for s in stakeholders if s.organization_id],
        ).values_list("organization_id", "status")
    )
    places = []
    for number, stakeholder in enumerate(stakeholders, start=1):
        row = means.get(stakeholder.pk, {})
        mean = {name: _float(row.get(name)) for name in RATING_FIELDS}
        places.append(
            StakeholderPlace(
                number=number,
                stakeholder=stakeholder,
                membership_status=statuses.get(stakeholder.organization_id),
                ratings=row.get("count", 0),
                means=mean,
                quadrant=placement.quadrant(mean["power"], mean["interest"]),
                salience=placement.salience(
                    mean["salience_power"], mean["legitimacy"], mean["urgency"]
                ),
            )
        )
    member_count = partnership_selectors.member_organizations(partnership=partnership).count()
    return StakeholderMap(partnership=partnership, places=places, member_count=member_count)


def _float(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


@dataclass(frozen=True)
class CoverageFigures:
    """What the GAO page reads: the high-power-or-interest stakeholders and the sectors
    on the map, against the members."""

    stakeholders_rated: int
    relevant: int  # high power or high interest
    relevant_members: int
    sectors_on_map: tuple[str, ...]
    sectors_with_member: tuple[str, ...]


def stakeholder_coverage(*, partnership: Partnership) -> CoverageFigures:
    """For "include relevant participants": of the stakeholders the members rate high in
    power or interest, how many are members; of the sectors on the map, how many have
    a member (members' sectors read from the partnership's member list)."""
    figures = stakeholder_map(partnership=partnership)
    rated = figures.rated
    relevant = [
        p
        for p in rated
        if placement.is_high(p.means["power"]) or placement.is_high(p.means["interest"])
    ]
    sectors_on_map = {p.stakeholder.display_sector for p in rated if p.stakeholder.display_sector}
    member_sectors = set(
        partnership_selectors.member_organizations(partnership=partnership).values_list(
            "sector", flat=True
        )
    )
    return CoverageFigures(
        stakeholders_rated=len(rated),
        relevant=len(relevant),
        relevant_members=sum(1 for p in relevant if p.is_member),
        sectors_on_map=tuple(sorted(sectors_on_map)),
        sectors_with_member=tuple(sorted(sectors_on_map & member_sectors)),
    )

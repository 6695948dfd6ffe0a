"""Reads of the expertise map: what members bring, what the partnership lacks, and which
organizations outside it offer that.

``expertise_map`` issues a fixed number of queries (five) whatever the number of members,
activities and organizations on the instance: the candidates are ranked per area in SQL and
cut at ``CANDIDATES_PER_AREA``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from accord.errors import Forbidden, NotFound
from accord.expertise.models import ActivityExpertiseNeed, Area, Direction, OrganizationExpertise
from accord.expertise.rules import may
from accord.partners.models import Organization
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships.models import OPEN_MEMBERSHIP_STATUSES, Membership, Partnership
from accord.resources.models import Activity

#: How many organizations outside the partnership the map names per missing area.
CANDIDATES_PER_AREA = 10


def partnership_for_map(*, actor: Any, slug: str) -> Partnership:
    """The partnership if the actor may read its expertise map: 404 where the partnership
    is hidden from them, 403 for people outside a public one."""
    partnership = partnership_selectors.partnership_get(actor=actor, slug=slug)
    if not may(actor, "expertise.view_map", partnership):
        raise Forbidden(_("The expertise map is for the partnership's members."))
    return partnership


def organization_expertise_list(*, organization: Organization) -> QuerySet[OrganizationExpertise]:
    return OrganizationExpertise.objects.filter(organization=organization).order_by(
        "direction", "area"
    )


def organization_expertise_get(
    *, organization: Organization, item_id: int
) -> OrganizationExpertise:
    item = OrganizationExpertise.objects.filter(organization=organization, pk=item_id).first()
    if item is None:
        raise NotFound(_("No such area of expertise."))
    return item


def activity_need_get(*, partnership: Partnership, need_id: int) -> ActivityExpertiseNeed:
    need = (
        ActivityExpertiseNeed.objects.filter(activity__partnership=partnership, pk=need_id)
        .select_related("activity")
        .first()
    )
    if need is None:
        raise NotFound(_("No such need."))
    return need


def activity_choices(*, partnership: Partnership) -> QuerySet[Activity]:
    return Activity.objects.filter(partnership=partnership).order_by("title")


@dataclass
class Candidate:
    """An organization outside the partnership that offers a missing area."""

    organization: Organization
    detail: str
    #: Its live membership row in this partnership (an open invitation), if any.
    membership: Membership | None = None


@dataclass
class AreaRow:
    area: str
    label: str
    offered_by: list[OrganizationExpertise] = field(default_factory=list)
    needed_by_members: list[OrganizationExpertise] = field(default_factory=list)
    needed_by_activities: list[ActivityExpertiseNeed] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def is_needed(self) -> bool:
        return bool(self.needed_by_members or self.needed_by_activities)

    @property
    def is_gap(self) -> bool:
        """Needed by an activity or a member, and offered by no member."""
        return self.is_needed and not self.offered_by


@dataclass
class ExpertiseMap:
    partnership: Partnership
    members: list[Organization]
    rows: list[AreaRow]  # every area somebody offers or needs, gaps first

    @property
    def gaps(self) -> list[AreaRow]:
        return [row for row in self.rows if row.is_gap]

    @property
    def members_without_areas(self) -> list[Organization]:
        stated = {
            item.organization_id
            for row in self.rows
            for item in (*row.offered_by, *row.needed_by_members)
        }
        return [m for m in self.members if m.pk not in stated]


def expertise_map(*, partnership: Partnership) -> ExpertiseMap:
    members = list(partnership_selectors.member_organizations(partnership=partnership))
    member_ids = [m.pk for m in members]
    labels = dict(Area.choices)
    rows: dict[str, AreaRow] = {}

    def row_for(area: str) -> AreaRow:
        if area not in rows:
            rows[area] = AreaRow(area=area, label=str(labels.get(area, area)))
        return rows[area]

    for item in (
        OrganizationExpertise.objects.filter(organization_id__in=member_ids)
        .select_related("organization")
        .order_by("organization__name", "pk")
    ):
        row = row_for(item.area)
        if item.direction == Direction.OFFERED:
            row.offered_by.append(item)
        else:
            row.needed_by_members.append(item)
    for need in (
        ActivityExpertiseNeed.objects.filter(activity__partnership=partnership)
        .select_related("activity")
        .order_by("activity__title", "pk")
    ):
        row_for(need.area).needed_by_activities.append(need)

    gap_areas = [area for area, row in rows.items() if row.is_gap]
    if gap_areas:
        offers = (
            OrganizationExpertise.objects.filter(direction=Direction.OFFERED, area__in=gap_areas)
            .exclude(organization_id__in=member_ids)
            .select_related("organization")
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("area")],
                    order_by=[F("organization__name").asc(), F("organization_id").asc()],
                )
            )
            .filter(rank__lte=CANDIDATES_PER_AREA)
            .order_by("area", "rank")
        )
        candidates = [Candidate(o.organization, o.detail) for o in offers]
        open_rows = {
            m.organization_id: m
            for m in Membership.objects.filter(
                partnership=partnership,
                organization_id__in={c.organization.pk for c in candidates},
                status__in=OPEN_MEMBERSHIP_STATUSES,
            )
        }
        for offer, candidate in zip(offers, candidates, strict=True):
            candidate.membership = open_rows.get(candidate.organization.pk)
            rows[offer.area].candidates.append(candidate)

    order = {area: i for i, area in enumerate(Area.values)}
    ordered = sorted(rows.values(), key=lambda r: (not r.is_gap, not r.is_needed, order[r.area]))
    return ExpertiseMap(partnership=partnership, members=members, rows=ordered)

"""Reads about organizations and affiliations."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from accord.errors import NotFound
from accord.partners.models import Affiliation, Organization

#: ``accord.partnerships.models.MembershipStatus.ADMITTED``, by value: the directory counts
#: each organization's partnerships, and this app sits below partnerships (a test checks
#: that the two agree).
ADMITTED = "admitted"


def organization_list(*, actor: Any, search: str = "") -> QuerySet[Organization]:
    """The directory of organizations (public information), with member counts."""
    qs = Organization.objects.annotate(
        partnership_count=Count(
            "memberships", filter=Q(memberships__status=ADMITTED), distinct=True
        )
    )
    if search:
        qs = qs.filter(name__icontains=search)
    return qs.order_by("name")


def organization_get(*, actor: Any, organization_id: int) -> Organization:
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise NotFound("No such organization.")
    return organization


def organization_find(*, actor: Any, organization_id: int) -> Organization | None:
    """An organization of the (public) directory by id, or None."""
    return Organization.objects.filter(pk=organization_id).first()


def affiliation_list(*, organization: Organization) -> QuerySet[Affiliation]:
    return (
        Affiliation.objects.filter(organization=organization)
        .select_related("user")
        .order_by("-is_representative", "user__name")
    )


def represented_organizations(*, actor: Any) -> QuerySet[Organization]:
    if not actor.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(
        affiliations__user_id=actor.pk, affiliations__is_representative=True
    ).order_by("name")


def affiliated_organizations(*, actor: Any) -> QuerySet[Affiliation]:
    if not actor.is_authenticated:
        return Affiliation.objects.none()
    return Affiliation.objects.filter(user_id=actor.pk).select_related("organization")

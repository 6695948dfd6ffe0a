"""Reads about organizations and affiliations."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from accord.errors import NotFound
from accord.partners.models import Affiliation, AffiliationRequest, Organization

#: ``accord.partnerships.models.MembershipStatus.ADMITTED``, by value: the directory counts
#: each organization's partnerships, and this app sits below partnerships (a test checks
#: that the two agree).
ADMITTED = "admitted"


def organization_list(*, actor: Any, search: str = "", sector: str = "") -> QuerySet[Organization]:
    """The directory of organizations (public information), with member counts; ``search``
    in the name and ``sector`` narrow it when given."""
    qs = Organization.objects.annotate(
        partnership_count=Count(
            "memberships", filter=Q(memberships__status=ADMITTED), distinct=True
        )
    )
    if search:
        qs = qs.filter(name__icontains=search)
    if sector:
        qs = qs.filter(sector=sector)
    return qs.order_by("name")


def organization_get(*, actor: Any, organization_id: int) -> Organization:
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise NotFound(_("No such organization."))
    return organization


def organization_find(*, actor: Any, organization_id: int) -> Organization | None:
    """An organization of the (public) directory by id, or None."""
    return Organization.objects.filter(pk=organization_id).first()


def affiliation_list(*, organization: Organization) -> QuerySet[Affiliation]:
    """The organization's people whose accounts are active (a new person's account waits
    for its owner: :func:`affiliation_pending`)."""
    return (
        Affiliation.objects.filter(organization=organization, user__is_active=True)
        .select_related("user")
        .order_by("-is_representative", "user__name")
    )


def affiliation_pending(*, organization: Organization) -> list[dict[str, Any]]:
    """Who was asked to join and has not answered yet, by email only, oldest first: new
    people who have not set their password, and people with an account who have not
    accepted. The two look alike, so the page does not tell who has an account."""
    waiting = [
        {"email": a.user.email, "is_representative": a.is_representative, "since": a.created_at}
        for a in Affiliation.objects.filter(
            organization=organization, user__is_active=False, user__last_login__isnull=True
        ).select_related("user")
    ] + [
        {"email": r.user.email, "is_representative": r.is_representative, "since": r.created_at}
        for r in AffiliationRequest.objects.filter(
            organization=organization, answered_at__isnull=True
        ).select_related("user")
    ]
    return sorted(waiting, key=lambda row: (row["since"], row["email"]))


def affiliation_request_get(*, actor: Any, request_id: int) -> AffiliationRequest:
    """A request addressed to ``actor`` (``NotFound`` for anyone else)."""
    request = (
        AffiliationRequest.objects.select_related("organization", "invited_by")
        .filter(pk=request_id, user_id=getattr(actor, "pk", None))
        .first()
    )
    if request is None:
        raise NotFound(_("No such request."))
    return request


def affiliation_requests_open(*, actor: Any) -> QuerySet[AffiliationRequest]:
    """The requests waiting for ``actor``'s answer."""
    return AffiliationRequest.objects.filter(
        user_id=getattr(actor, "pk", None), answered_at__isnull=True
    ).select_related("organization", "invited_by")


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

"""The header's facts about the signed-in person, in one query per page: the unread
notifications, and which links of the navigation they can use (a link is shown only to
people who can use it: a community participant sees no "New partnership" or "API
tokens")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accord.accounts.models import AccessToken
from accord.notifications.models import Notification
from accord.partners.models import Affiliation
from accord.partnerships.models import Participant, ParticipantRole


@dataclass(frozen=True)
class Navigation:
    unread_notifications: int = 0
    #: Founding a partnership needs an organization to lead it, or a partnership already run.
    can_found_partnership: bool = False
    #: The API serves people who work for an organization or coordinate (integrations,
    #: reports); anyone who holds a live token keeps the page to revoke it.
    can_use_api: bool = False


def navigation_for(user: Any) -> Navigation:
    """One query: the unread count and the facts behind the links."""
    if user is None or not user.is_authenticated:
        return Navigation()
    mine = OuterRef("pk")
    unread = (
        Notification.objects.filter(user=mine, read_at__isnull=True, resolved_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
            represents=Exists(Affiliation.objects.filter(user=mine, is_representative=True)),
            affiliated=Exists(Affiliation.objects.filter(user=mine)),
            coordinates=Exists(
                Participant.objects.filter(
                    user=mine, role=ParticipantRole.COORDINATOR, left_at__isnull=True
                )
            ),
            holds_token=Exists(AccessToken.objects.filter(user=mine, revoked_at__isnull=True)),
        )
        .values("unread", "represents", "affiliated", "coordinates", "holds_token")
        .first()
    )
    if row is None:
        return Navigation()
    staff = bool(user.is_superuser or user.is_staff)
    return Navigation(
        unread_notifications=row["unread"],
        can_found_partnership=staff or row["represents"] or row["coordinates"],
        can_use_api=staff or row["affiliated"] or row["coordinates"] or row["holds_token"],
    )


def navigation(request: HttpRequest) -> dict[str, Any]:
    """``nav`` for base.html, computed once per request when a template first reads it."""
    user = getattr(request, "user", None)
    return {"nav": SimpleLazyObject(lambda: navigation_for(user))}

"""Checks shared by the commitments, action items and benefits services: links to the
partnership's own activities, indicators and decisions, the people who may own an action
item, who is told."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from accord.decisions.models import Decision, Proposal
from accord.partners.models import Affiliation, Organization
from accord.partnerships.models import MembershipStatus, ParticipantRole, Partnership
from accord.resources.models import Activity
from accord.results.models import Indicator
from accord.results.services._common import invalid


def text_required(value: Any, field: str, message: str, limit: int = 5000) -> str:
    text = str(value or "").strip()
    if not text:
        raise invalid(field, message)
    return text[:limit]


def link_check(
    partnership: Partnership,
    *,
    activity: Activity | None = None,
    indicator: Indicator | None = None,
    proposal: Proposal | None = None,
) -> None:
    """At most one link, and only to this partnership's activity, indicator or decision."""
    given = [
        name
        for name, obj in (("activity", activity), ("indicator", indicator), ("proposal", proposal))
        if obj is not None
    ]
    if len(given) > 1:
        message = _("Link to one thing at most: a decision, an activity or an indicator.")
        raise invalid(given[-1], message)
    for field, obj in (("activity", activity), ("indicator", indicator), ("proposal", proposal)):
        if obj is not None and obj.partnership_id != partnership.pk:
            raise invalid(field, _("That belongs to another partnership."))
    if proposal is not None and not Decision.objects.filter(proposal=proposal).exists():
        raise invalid(
            "proposal", _("Link an action item to a decision: this proposal is not decided yet.")
        )


def member_affiliation(
    partnership: Partnership, person: Any, organization: Organization | None
) -> Affiliation:
    """The person's affiliation with an admitted member organization (``organization`` when
    given, else their only one); ``Invalid`` on ``owner`` when they work for none."""
    affiliations = list(
        Affiliation.objects.filter(
            user=person,
            user__is_active=True,
            organization__memberships__partnership=partnership,
            organization__memberships__status=MembershipStatus.ADMITTED,
        ).select_related("organization")
    )
    if organization is not None:
        affiliations = [a for a in affiliations if a.organization_id == organization.pk]
    if not affiliations:
        raise invalid(
            "owner",
            _("%(person)s does not work for a member organization of this partnership.")
            % {"person": person}
            if organization is None
            else _("%(person)s does not work for %(organization)s, or it is not a member.")
            % {"person": person, "organization": organization},
        )
    if len(affiliations) > 1:
        raise invalid(
            "owner_organization", _("This person works for several members: say for which.")
        )
    return affiliations[0]


def coordinators(partnership: Partnership) -> QuerySet[Any]:
    return (
        get_user_model()
        .objects.filter(
            participations__partnership=partnership,
            participations__role=ParticipantRole.COORDINATOR,
            participations__left_at__isnull=True,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def page_url(name: str, partnership: Partnership, *args: Any) -> str:
    return reverse(name, args=[partnership.slug, *args])

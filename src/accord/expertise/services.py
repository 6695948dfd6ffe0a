"""Writes about expertise: an organization's areas, an activity's needs, and the invitation
of an organization that offers what the partnership lacks."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import event_record, partnership_event_record
from accord.audit.summaries import summary
from accord.core.persistence import unique_or_conflict
from accord.errors import Conflict, Invalid
from accord.expertise.models import (
    DETAIL_MAX_CHARS,
    ActivityExpertiseNeed,
    Area,
    Direction,
    OrganizationExpertise,
)
from accord.expertise.rules import require
from accord.partners.models import Organization
from accord.partnerships import services as partnership_services
from accord.partnerships.models import Membership, MembershipStatus, Partnership
from accord.resources.models import Activity


def _area(area: str) -> str:
    if area not in Area.values:
        message = _("Choose an area from the list.")
        raise Invalid(message, field_errors={"area": [message]})
    return area


def _detail(area: str, detail: str) -> str:
    detail = " ".join((detail or "").split())
    if len(detail) > DETAIL_MAX_CHARS:
        message = _("Say it in at most %(n)s characters.") % {"n": DETAIL_MAX_CHARS}
        raise Invalid(message, field_errors={"detail": [message]})
    if area == Area.OTHER and not detail:
        message = _("Say in words which expertise you mean.")
        raise Invalid(message, field_errors={"detail": [message]})
    return detail


@transaction.atomic
def organization_expertise_add(
    *, actor: Any, organization: Organization, area: str, direction: str, detail: str = ""
) -> OrganizationExpertise:
    """State that the organization offers (or needs) an area; 409 if it already says so."""
    require(actor, "expertise.change_organization_expertise", organization)
    area = _area(area)
    if direction not in Direction.values:
        message = _("Say whether the organization offers or needs it.")
        raise Invalid(message, field_errors={"direction": [message]})
    detail = _detail(area, detail)
    label = Area(area).label
    with unique_or_conflict(
        _("%(organization)s already lists %(area)s.")
        % {"organization": organization, "area": label}
    ):
        item = OrganizationExpertise.objects.create(
            organization=organization, area=area, direction=direction, detail=detail, added_by=actor
        )
    event_record(
        actor=actor,
        verb=f"expertise.{direction}",
        target=item,
        summary=summary(
            gettext_noop("%(organization)s offers %(area)s")
            if direction == Direction.OFFERED
            else gettext_noop("%(organization)s needs %(area)s"),
            organization=organization,
            area=Area(area).label,
        ),
    )
    return item


@transaction.atomic
def organization_expertise_remove(*, actor: Any, item: OrganizationExpertise) -> None:
    require(actor, "expertise.change_organization_expertise", item.organization)
    event_record(
        actor=actor,
        verb="expertise.removed",
        target=item.organization,
        summary=summary(
            gettext_noop("%(organization)s no longer offers %(area)s")
            if item.direction == Direction.OFFERED
            else gettext_noop("%(organization)s no longer needs %(area)s"),
            organization=item.organization,
            area=Area(item.area).label,
        ),
    )
    item.delete()


@transaction.atomic
def activity_need_add(
    *, actor: Any, activity: Activity, area: str, detail: str = ""
) -> ActivityExpertiseNeed:
    """Say that an activity of the workplan needs an area of expertise (coordinators)."""
    require(actor, "expertise.change_activity_needs", activity.partnership)
    area = _area(area)
    detail = _detail(area, detail)
    with unique_or_conflict(
        _("“%(activity)s” already needs %(area)s.")
        % {"activity": activity.title, "area": Area(area).label}
    ):
        need = ActivityExpertiseNeed.objects.create(
            activity=activity, area=area, detail=detail, added_by=actor
        )
    partnership_event_record(
        actor,
        "expertise.activity_need_added",
        need,
        activity.partnership,
        summary(
            gettext_noop("“%(title)s” needs %(area)s"),
            title=activity.title,
            area=Area(area).label,
        ),
        area=area,
    )
    return need


@transaction.atomic
def activity_need_remove(*, actor: Any, need: ActivityExpertiseNeed) -> None:
    partnership = need.activity.partnership
    require(actor, "expertise.change_activity_needs", partnership)
    partnership_event_record(
        actor,
        "expertise.activity_need_removed",
        need.activity,
        partnership,
        summary(
            gettext_noop("“%(title)s” no longer needs %(area)s"),
            title=need.activity.title,
            area=Area(need.area).label,
        ),
        area=need.area,
    )
    need.delete()


@transaction.atomic
def expertise_invite(
    *, actor: Any, partnership: Partnership, organization: Organization
) -> Membership:
    """Invite an organization outside the partnership, saying which of the missing areas
    it offers, through the partnerships app's own invitation (which checks the coordinator's
    permission, refuses a second open invitation and records the event)."""
    require(actor, "expertise.invite_organization", partnership)
    if Membership.objects.filter(
        partnership=partnership, organization=organization, status=MembershipStatus.ADMITTED
    ).exists():
        raise Conflict(_("%(organization)s is already a member.") % {"organization": organization})
    offered = [
        str(Area(area).label)
        for area in OrganizationExpertise.objects.filter(
            organization=organization, direction=Direction.OFFERED
        ).values_list("area", flat=True)
    ]
    message = (
        _("We are inviting you for your expertise: %(areas)s.") % {"areas": ", ".join(offered)}
        if offered
        else ""
    )
    return partnership_services.membership_invite(
        actor=actor, partnership=partnership, organization=organization, message=message
    )

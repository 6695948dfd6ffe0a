"""Every write of the stakeholder map. Each service checks the actor's permission,
validates, runs in one transaction and records the event in the partnership's feed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.core.persistence import unique_or_conflict
from accord.errors import Conflict, Forbidden, Invalid
from accord.partners.models import Organization, Sector
from accord.partnerships import services as partnership_services
from accord.partnerships.models import Membership, Partnership
from accord.stakeholders import selectors
from accord.stakeholders.models import (
    RATING_FIELDS,
    RATING_MAX,
    RATING_MIN,
    Stakeholder,
    StakeholderRating,
)
from accord.stakeholders.rules import require as _require


@transaction.atomic
def stakeholder_add(
    *,
    actor: Any,
    partnership: Partnership,
    organization: Organization | None = None,
    name: str = "",
    sector: str = "",
    description: str = "",
) -> Stakeholder:
    """Put an organization on the instance, or a named group without an account, on the map."""
    _require(actor, "stakeholders.add_stakeholder", partnership)
    name = (name or "").strip()
    if (organization is None) == (not name):
        raise Invalid(
            _("Name either an organization on Accord or a group without an account, not both."),
            field_errors={"name": [_("Choose an organization or write a group's name.")]},
        )
    if len(name) > 200:
        raise Invalid(
            _("A group's name has at most 200 characters."),
            field_errors={"name": [_("At most 200 characters.")]},
        )
    if sector and sector not in Sector.values:
        raise Invalid(
            _("Unknown sector."), field_errors={"sector": [_("Choose a sector from the list.")]}
        )
    if organization is not None:
        sector = ""  # an organization's sector is its own
        if Stakeholder.objects.filter(partnership=partnership, organization=organization).exists():
            raise Conflict(_("%(name)s is already on the map.") % {"name": organization.name})
    elif Stakeholder.objects.filter(partnership=partnership, name__iexact=name).exists():
        raise Conflict(_("%(name)s is already on the map.") % {"name": name})
    with unique_or_conflict(_("This stakeholder is already on the map.")):
        stakeholder = Stakeholder.objects.create(
            partnership=partnership,
            organization=organization,
            name=name,
            sector=sector,
            description=(description or "").strip()[:500],
            added_by=actor,
        )
    partnership_event_record(
        actor,
        "stakeholder.added",
        stakeholder,
        partnership,
        summary(
            gettext_noop("%(actor)s put %(name)s on the stakeholder map"),
            actor=actor,
            name=stakeholder.display_name,
        ),
    )
    return stakeholder


@transaction.atomic
def stakeholder_remove(*, actor: Any, stakeholder: Stakeholder) -> None:
    """A coordinator takes a stakeholder off the map, with the members' ratings of it."""
    partnership = stakeholder.partnership
    _require(actor, "stakeholders.remove_stakeholder", partnership)
    partnership_event_record(
        actor,
        "stakeholder.removed",
        stakeholder,
        partnership,
        summary(
            gettext_noop("%(actor)s took %(name)s off the stakeholder map"),
            actor=actor,
            name=stakeholder.display_name,
        ),
    )
    stakeholder.delete()


def _rater(actor: Any, partnership: Partnership, organization: Organization | None) -> Organization:
    """The member organization the actor rates for: the one named, or their only one."""
    _require(actor, "stakeholders.rate_stakeholder", partnership)
    mine = list(selectors.rater_organizations(actor=actor, partnership=partnership))
    if not mine:
        raise Forbidden(_("Only a representative of a member organization places stakeholders."))
    if organization is None:
        if len(mine) == 1:
            return mine[0]
        raise Invalid(
            _("You represent several member organizations: say which one rates."),
            field_errors={"organization": [_("Choose the organization you rate for.")]},
        )
    if organization.pk not in {org.pk for org in mine}:
        raise Forbidden(
            _(
                "Only a representative of a member organization rates for it: %(name)s is not one you represent as a member."
            )
            % {"name": organization.name}
        )
    return organization


def _checked(values: dict[str, Any]) -> dict[str, int]:
    errors: dict[str, list[str]] = {}
    checked: dict[str, int] = {}
    for name in RATING_FIELDS:
        value = values.get(name)
        if isinstance(value, bool) or not isinstance(value, int):
            errors[name] = [_("A whole number from 1 to 5.")]
        elif not RATING_MIN <= value <= RATING_MAX:
            errors[name] = [_("%(value)s is outside the scale: from 1 to 5.") % {"value": value}]
        else:
            checked[name] = value
    if errors:
        raise Invalid(_("Every rating is a whole number from 1 to 5."), field_errors=errors)
    return checked


@transaction.atomic
def stakeholder_rate(
    *,
    actor: Any,
    stakeholder: Stakeholder,
    organization: Organization | None = None,
    replace: bool = False,
    **ratings: Any,
) -> StakeholderRating:
    """A member's representative places a stakeholder: power, interest, and the three
    salience attributes, each 1–5. Once per member organization and stakeholder: a
    second rating is a Conflict unless ``replace`` (the member changes its mind)."""
    partnership = stakeholder.partnership
    rater = _rater(actor, partnership, organization)
    values = _checked(ratings)
    existing = (
        StakeholderRating.objects.select_for_update()
        .filter(stakeholder=stakeholder, rater_organization=rater)
        .first()
    )
    if existing is not None and not replace:
        raise Conflict(
            _("%(member)s has already rated %(name)s: change that rating instead.")
            % {"member": rater.name, "name": stakeholder.display_name}
        )
    if existing is not None:
        for name, value in values.items():
            setattr(existing, name, value)
        existing.rated_by = actor
        existing.rated_at = timezone.now()
        existing.save(update_fields=[*RATING_FIELDS, "rated_by", "rated_at"])
        rating = existing
        verb = "stakeholder.rating_changed"
    else:
        with unique_or_conflict(
            _("%(member)s has already rated %(name)s.")
            % {"member": rater.name, "name": stakeholder.display_name}
        ):
            rating = StakeholderRating.objects.create(
                partnership=partnership,
                stakeholder=stakeholder,
                rater_organization=rater,
                rated_by=actor,
                **values,
            )
        verb = "stakeholder.rated"
    partnership_event_record(
        actor,
        verb,
        rating,
        partnership,
        summary(
            gettext_noop("%(rater)s placed %(name)s on the stakeholder map"),
            rater=rater,
            name=stakeholder.display_name,
        ),
        **values,
    )
    return rating


def stakeholder_invite(*, actor: Any, stakeholder: Stakeholder, message: str = "") -> Membership:
    """Invite a stakeholder organization to join, through the partnerships app's own
    invitation (which checks the coordinator's permission and records the event)."""
    _require(actor, "stakeholders.invite_stakeholder", stakeholder.partnership)
    if stakeholder.organization is None:
        raise Invalid(
            _("%(name)s has no account on Accord: it cannot be invited from here.")
            % {"name": stakeholder.name}
        )
    return partnership_services.membership_invite(
        actor=actor,
        partnership=stakeholder.partnership,
        organization=stakeholder.organization,
        message=message,
    )

"""The workplan: activities, the organizations that carry them out, and who is
responsible for what (RACI)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import choice_label, summary
from accord.core.persistence import unique_or_conflict
from accord.errors import Conflict, Invalid
from accord.errors import full_clean_or_invalid as _validate
from accord.errors import require_permission as _require
from accord.partners.models import Affiliation, Organization
from accord.partnerships.models import Partnership
from accord.resources.models import Activity, ActivityOrganization, Responsibility
from accord.resources.services._common import _require_member


@transaction.atomic
def activity_create(
    *,
    actor: Any,
    partnership: Partnership,
    title: str,
    lead_organization: Organization,
    description: str = "",
    start_on: date | None = None,
    end_on: date | None = None,
    status: str = "1",
    parent: Activity | None = None,
) -> Activity:
    _require(actor, "resources.change_workplan", partnership)
    _require_member(partnership, lead_organization, "lead_organization")
    if parent is not None and parent.partnership_id != partnership.pk:
        raise Invalid(_("The parent activity belongs to another partnership."))
    activity = Activity(
        partnership=partnership,
        title=title,
        lead_organization=lead_organization,
        description=description,
        start_on=start_on,
        end_on=end_on,
        status=status,
        parent=parent,
        created_by=actor,
    )
    _validate(activity)
    activity.save()
    partnership_event_record(
        actor,
        "activity.created",
        activity,
        partnership,
        summary(
            gettext_noop("%(actor)s added the activity “%(title)s” led by %(organization)s"),
            actor=actor,
            title=title,
            organization=lead_organization,
        ),
    )
    return activity


@transaction.atomic
def activity_chain_add(
    *, actor: Any, activity: Activity, organization: Organization, role: str
) -> ActivityOrganization:
    partnership = activity.partnership
    _require(actor, "resources.change_workplan", partnership)
    _require_member(partnership, organization, "organization")
    if ActivityOrganization.objects.filter(
        activity=activity, organization=organization, role=role
    ).exists():
        raise Conflict(
            _("%(organization)s already has that role in “%(activity)s”.")
            % {"organization": organization, "activity": activity}
        )
    link = ActivityOrganization(activity=activity, organization=organization, role=role)
    _validate(link)
    with unique_or_conflict(
        _("%(organization)s already has that role in “%(activity)s”.")
        % {"organization": organization, "activity": activity}
    ):
        link.save()
    partnership_event_record(
        actor,
        "activity.chain_added",
        link,
        partnership,
        summary(
            gettext_noop("%(organization)s is %(role)s for “%(activity)s”"),
            organization=organization,
            role=choice_label(link, "role"),
            activity=activity,
        ),
    )
    return link


@transaction.atomic
def responsibility_add(
    *, actor: Any, activity: Activity, organization: Organization, raci: str, person: Any = None
) -> Responsibility:
    partnership = activity.partnership
    _require(actor, "resources.change_workplan", partnership)
    _require_member(partnership, organization, "organization")
    if (
        person is not None
        and not Affiliation.objects.filter(organization=organization, user=person).exists()
    ):
        raise Invalid(
            _("%(person)s does not work for %(organization)s.")
            % {"person": person, "organization": organization},
            field_errors={"person": [_("Not affiliated.")]},
        )
    if Responsibility.objects.filter(
        activity=activity, organization=organization, person=person, raci=raci
    ).exists():
        raise Conflict(_("That responsibility is already recorded."))
    responsibility = Responsibility(
        activity=activity, organization=organization, person=person, raci=raci
    )
    _validate(responsibility)
    with unique_or_conflict(_("That responsibility is already recorded.")):
        responsibility.save()
    raci_label = choice_label(responsibility, "raci")
    if person:
        said = summary(
            gettext_noop("%(person)s (%(organization)s) is %(raci)s for “%(activity)s”"),
            person=person,
            organization=organization,
            raci=raci_label,
            activity=activity,
        )
    else:
        said = summary(
            gettext_noop("%(organization)s is %(raci)s for “%(activity)s”"),
            organization=organization,
            raci=raci_label,
            activity=activity,
        )
    partnership_event_record(
        actor, "activity.responsibility_added", responsibility, partnership, said
    )
    return responsibility

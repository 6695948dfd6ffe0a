"""A partnership's IATI settings: how many IATI activities, who reports, the identifier."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.core.persistence import unique_or_conflict
from accord.errors import Invalid
from accord.interop import rules as interop_rules
from accord.interop.models import IatiPublication, Scope
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.resources.services import member_ids


@transaction.atomic
def iati_publication_update(
    *,
    actor: Any,
    partnership: Partnership,
    scope: str,
    reporting_organization: Organization | None = None,
    identifier: str = "",
) -> IatiPublication:
    """A coordinator chooses one IATI activity for the partnership or one per workplan
    activity, the reporting organization (a member) and, optionally, the identifier."""
    interop_rules.require(actor, "interop.change_iati_settings", partnership)
    if scope not in Scope.values:
        raise Invalid(
            _("Choose one of: %(options)s.") % {"options": ", ".join(Scope.values)},
            field_errors={"scope": [_("Unknown choice.")]},
        )
    if reporting_organization is not None and reporting_organization.pk not in member_ids(
        partnership
    ):
        raise Invalid(
            _("The reporting organization must be a member of the partnership."),
            field_errors={"reporting_organization": [_("Not a member.")]},
        )
    identifier = " ".join((identifier or "").split())
    publication, _created = IatiPublication.objects.select_for_update().get_or_create(
        partnership=partnership
    )
    publication.scope = scope
    publication.reporting_organization = reporting_organization
    publication.identifier = identifier[:150]
    publication.updated_by = actor
    publication.updated_at = timezone.now()
    with unique_or_conflict(_("Another partnership publishes under this IATI identifier.")):
        publication.save()
    partnership_event_record(
        actor,
        "iati.settings_changed",
        publication,
        partnership,
        summary(
            gettext_noop(
                "%(actor)s changed how the partnership publishes to IATI "
                "(one IATI activity for the whole partnership)"
            )
            if scope == Scope.PARTNERSHIP
            else gettext_noop(
                "%(actor)s changed how the partnership publishes to IATI "
                "(one IATI activity per workplan activity)"
            ),
            actor=actor,
        ),
        scope=scope,
    )
    return publication

"""Creating a partnership from a template, through each app's own services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.decisions import services as decision_services
from accord.decisions.models import DecisionKind
from accord.errors import Invalid
from accord.partners.models import Organization
from accord.partnerships import services as partnership_services
from accord.partnerships.models import CharterVersion, Partnership
from accord.results import services as results_services
from accord.web.partnership_templates import registry

#: The partnership's fields a template presets; the person creating it may change each.
PRESET_FIELDS = ("type", "modality", "visibility", "allows_individuals")


@dataclass(frozen=True)
class TemplateApplied:
    partnership: Partnership
    template: registry.PartnershipTemplate
    rules_created: int
    indicators_created: int
    #: The template's indicators not created, for want of a member organization to report them.
    indicators_waiting: int


def template_get_or_invalid(key: str) -> registry.PartnershipTemplate:
    template = registry.template_get(key)
    if template is None:
        raise Invalid(
            _("There is no such partnership template."),
            field_errors={"template": [_("Choose one of the templates.")]},
        )
    return template


@transaction.atomic
def partnership_create_from_template(
    *,
    actor: Any,
    template_key: str,
    sdg_targets: list[str] | None = None,
    lead_organization: Organization | None = None,
    **fields: Any,
) -> TemplateApplied:
    """Create a partnership and apply the template: the charter's first draft (with the
    roles in its roles section), the decision rules assigned to their kinds of decision and
    the indicators, all in one transaction, each through its app's service (which checks
    the permission and records the event). Texts are written in the active language.

    ``fields`` are ``partnership_create``'s; the template's type, modality, visibility and
    community participation apply where the caller gives none. The indicators are reported
    by ``lead_organization``, so without one they are left for later (``indicators_waiting``).
    Everything stays editable afterwards through the usual pages.
    """
    template = template_get_or_invalid(template_key)
    for field in PRESET_FIELDS:
        if fields.get(field) in (None, ""):
            fields[field] = getattr(template, field)
    partnership = partnership_services.partnership_create(
        actor=actor, sdg_targets=sdg_targets, lead_organization=lead_organization, **fields
    )
    return partnership_template_apply(
        actor=actor,
        partnership=partnership,
        template_key=template.key,
        reporting_organization=lead_organization,
    )


@transaction.atomic
def partnership_template_apply(
    *,
    actor: Any,
    partnership: Partnership,
    template_key: str,
    reporting_organization: Organization | None = None,
) -> TemplateApplied:
    """Apply a template to a partnership that has no decision rule yet (its founding).

    The charter's first draft is written only when the partnership has no charter yet; a
    kind of decision that already has a rule keeps it (``rule_assign`` refuses, 409).
    ``reporting_organization`` (an admitted member) reports the indicators.
    """
    template = template_get_or_invalid(template_key)
    lead_organization = reporting_organization
    language = get_language()
    sections = template.charter_sections(language)
    has_charter = CharterVersion.objects.filter(partnership=partnership).exists()
    if sections.get("common_outcome") and not has_charter:
        partnership_services.charter_draft_save(actor=actor, partnership=partnership, **sections)
    assignments = []
    for preset in template.rules:
        rule = decision_services.rule_create(
            actor=actor,
            partnership=partnership,
            name=preset.name.get(language),
            preset=preset.preset,
            weights_mode=preset.weights_mode,
            secrecy=preset.secrecy,
            voters=preset.voters,
        )
        assignments += [(kind, rule) for kind in preset.kinds]
    # The general rule governs every kind without its own, so it is assigned last.
    for kind, rule in sorted(assignments, key=lambda pair: pair[0] == DecisionKind.GENERAL):
        decision_services.rule_assign(actor=actor, partnership=partnership, kind=kind, rule=rule)
    created = 0
    if lead_organization is not None:
        start = timezone.localdate()
        end = start + timedelta(days=round(365.25 * template.reporting_years) - 1)
        for indicator in template.indicators:
            results_services.indicator_create(
                actor=actor,
                partnership=partnership,
                name=indicator.name.get(language),
                description=indicator.description.get(language),
                unit=indicator.unit.get(language),
                measure=indicator.measure,
                direction=indicator.direction,
                result_type=indicator.result_type,
                frequency=indicator.frequency,
                responsible_organization=lead_organization,
                reporting_start=start,
                reporting_end=end,
            )
            created += 1
    partnership_event_record(
        actor,
        "partnership.template_applied",
        partnership,
        partnership,
        summary(
            gettext_noop("Started from the template “%(template)s”"),
            template=template.name.get("en"),
        ),
        template=template.key,
    )
    return TemplateApplied(
        partnership=partnership,
        template=template,
        rules_created=len(template.rules),
        indicators_created=created,
        indicators_waiting=len(template.indicators) - created,
    )

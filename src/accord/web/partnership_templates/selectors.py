"""The templates as a person reads them: every code turned into its label, in the active
language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from accord.decisions.models import DecisionKind, Secrecy, Voters, WeightsMode
from accord.partnerships.models import CHARTER_SECTIONS, Modality, PartnershipType, Visibility
from accord.results.models import Direction, Frequency, Measure, ResultType
from accord.web.partnership_templates import registry

SECTION_LABELS = dict(CHARTER_SECTIONS)


@dataclass(frozen=True)
class TemplateDescription:
    key: str
    name: str
    summary: str
    type: str
    modality: str
    visibility: str
    allows_individuals: bool
    reporting_years: int
    charter: list[tuple[str, str]]
    roles: list[tuple[str, str]]
    rules: list[dict[str, Any]]
    indicators: list[dict[str, Any]]


def template_description(template: registry.PartnershipTemplate) -> TemplateDescription:
    sections = template.charter_sections()
    return TemplateDescription(
        key=template.key,
        name=str(template.name),
        summary=str(template.summary),
        type=gettext(PartnershipType(template.type).label),
        modality=gettext(Modality(template.modality).label),
        visibility=gettext(Visibility(template.visibility).label),
        allows_individuals=template.allows_individuals,
        reporting_years=template.reporting_years,
        charter=[
            (gettext(SECTION_LABELS[field]), sections[field])
            for field, _label in CHARTER_SECTIONS
            if field in sections
        ],
        roles=[(str(role.name), str(role.responsibilities)) for role in template.roles],
        rules=[
            {
                "name": str(rule.name),
                "preset": rule.preset_name,
                "explanation": rule.preset_explanation,
                "kinds": [gettext(DecisionKind(kind).label) for kind in rule.kinds],
                "voters": gettext(Voters(rule.voters).label),
                "secrecy": gettext(Secrecy(rule.secrecy).label),
                "weights": gettext(WeightsMode(rule.weights_mode).label),
            }
            for rule in template.rules
        ],
        indicators=[
            {
                "name": str(indicator.name),
                "description": str(indicator.description),
                "unit": str(indicator.unit),
                "measure": gettext(Measure(indicator.measure).label),
                "direction": gettext(Direction(indicator.direction).label),
                "result_type": gettext(ResultType(indicator.result_type).label),
                "frequency": gettext(Frequency(indicator.frequency).label),
            }
            for indicator in template.indicators
        ],
    )


def template_descriptions() -> list[TemplateDescription]:
    return [template_description(template) for template in registry.template_list()]

"""The API of partnership templates: list them with what they preset, and create a
partnership from one."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from accord.core.api import Id, actor, optional, read_auth
from accord.partners import selectors as partner_selectors
from accord.partnerships.api import PartnershipDetailOut
from accord.partnerships.models import Modality, PartnershipType, Visibility
from accord.web.partnership_templates import selectors, services

router = Router(tags=["partnership templates"])


class TemplateRuleOut(Schema):
    name: str
    preset: str
    explanation: str
    kinds: list[str]
    voters: str
    secrecy: str
    weights: str


class TemplateIndicatorOut(Schema):
    name: str
    description: str
    unit: str
    measure: str
    direction: str
    result_type: str
    frequency: str


class TemplateSectionOut(Schema):
    section: str
    text: str


class TemplateRoleOut(Schema):
    name: str
    responsibilities: str


class PartnershipTemplateOut(Schema):
    """A template in words (labels in the request's language, not codes)."""

    key: str
    name: str
    summary: str
    type: str
    modality: str
    visibility: str
    allows_individuals: bool
    reporting_years: int
    charter: list[TemplateSectionOut]
    roles: list[TemplateRoleOut]
    rules: list[TemplateRuleOut]
    indicators: list[TemplateIndicatorOut]

    @staticmethod
    def resolve_charter(obj: Any) -> list[dict[str, str]]:
        return [{"section": label, "text": text} for label, text in obj.charter]

    @staticmethod
    def resolve_roles(obj: Any) -> list[dict[str, str]]:
        return [{"name": name, "responsibilities": text} for name, text in obj.roles]


@router.get("/partnership-templates", response=list[PartnershipTemplateOut], auth=read_auth)
def partnership_template_list(request: HttpRequest) -> Any:
    return selectors.template_descriptions()


class PartnershipFromTemplateIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    purpose: str = Field(..., min_length=1)
    #: Each of these four defaults to the template's.
    type: PartnershipType | None = None
    modality: Modality | None = None
    visibility: Visibility | None = None
    allows_individuals: bool | None = None
    places: str = ""
    reporting_currency: str = Field("USD", min_length=3, max_length=3)
    sdg_targets: list[str] = []
    lead_organization_id: Id | None = None


class PartnershipFromTemplateOut(Schema):
    partnership: PartnershipDetailOut
    template: str
    rules_created: int
    indicators_created: int
    indicators_waiting: int

    @staticmethod
    def resolve_template(obj: Any) -> str:
        return str(obj.template.key)


@router.post(
    "/partnership-templates/{key}/partnerships", response={201: PartnershipFromTemplateOut}
)
def partnership_create_from_template(
    request: HttpRequest, key: str, payload: PartnershipFromTemplateIn
) -> Any:
    data = {k: getattr(v, "value", v) for k, v in payload.dict().items()}
    lead = optional(
        lambda pk: partner_selectors.organization_find(actor=actor(request), organization_id=pk),
        data.pop("lead_organization_id"),
        _("No such organization."),
    )
    return 201, services.partnership_create_from_template(
        actor=actor(request), template_key=key, lead_organization=lead, **data
    )

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from accord.core.api import actor, read_auth
from accord.core.pagination import BoundedPagination
from accord.errors import Forbidden, Invalid
from accord.partners import selectors, services
from accord.partners.models import CapacityBand, Sector

router = Router(tags=["organizations"])


class OrganizationOut(Schema):
    id: int
    name: str
    sector: str
    iati_type: str
    capacity: str
    country: str
    places: str
    description: str
    expertise_offered: list[str] = Field(..., alias="expertise_offered_list")
    expertise_needed: list[str] = Field(..., alias="expertise_needed_list")


class OrganizationIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    sector: Sector
    capacity: CapacityBand
    iati_type: str = ""
    country: str = ""
    places: str = ""
    description: str = ""
    expertise_offered: list[str] = []
    expertise_needed: list[str] = []


class OrganizationPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    sector: Sector | None = None
    capacity: CapacityBand | None = None
    iati_type: str | None = None
    country: str | None = None
    places: str | None = None
    description: str | None = None
    expertise_offered: list[str] | None = None
    expertise_needed: list[str] | None = None


def _fields(payload: Schema, *, partial: bool) -> dict[str, Any]:
    data = payload.dict(exclude_unset=partial)
    for key in ("expertise_offered", "expertise_needed"):
        if data.get(key) is not None:
            data[key] = "\n".join(item.strip() for item in data[key] if item.strip())
    for key in ("sector", "capacity"):
        if data.get(key) is not None:
            data[key] = str(data[key].value if hasattr(data[key], "value") else data[key])
    return {k: v for k, v in data.items() if v is not None}


@router.get("/organizations", response=list[OrganizationOut], auth=read_auth)
@paginate(BoundedPagination)
def organization_list(request: HttpRequest, q: str = "", sector: str = "") -> Any:
    if sector and sector not in Sector.values:
        raise Invalid(_("sector: one of %(sectors)s.") % {"sectors": ", ".join(Sector.values)})
    return selectors.organization_list(actor=actor(request), search=q[:100], sector=sector)


@router.post("/organizations", response={201: OrganizationOut})
def organization_create(request: HttpRequest, payload: OrganizationIn) -> Any:
    return 201, services.organization_create(
        actor=actor(request), **_fields(payload, partial=False)
    )


@router.get("/organizations/{organization_id}", response=OrganizationOut, auth=read_auth)
def organization_detail(request: HttpRequest, organization_id: int) -> Any:
    return selectors.organization_get(actor=actor(request), organization_id=organization_id)


@router.patch("/organizations/{organization_id}", response=OrganizationOut)
def organization_update(
    request: HttpRequest, organization_id: int, payload: OrganizationPatch
) -> Any:
    organization = selectors.organization_get(actor=actor(request), organization_id=organization_id)
    return services.organization_update(
        actor=actor(request), organization=organization, **_fields(payload, partial=True)
    )


class AffiliationOut(Schema):
    id: int
    user_id: int
    name: str = Field(..., alias="user.name")
    title: str
    is_representative: bool


class AffiliationIn(Schema):
    email: str = Field(..., max_length=254)
    name: str = ""
    title: str = ""
    is_representative: bool = False


@router.get(
    "/organizations/{organization_id}/people", response=list[AffiliationOut], auth=read_auth
)
def affiliation_list(request: HttpRequest, organization_id: int) -> Any:
    organization = selectors.organization_get(actor=actor(request), organization_id=organization_id)
    return selectors.affiliation_list(organization=organization)


class AffiliationAsked(Schema):
    email: str
    detail: str


@router.post("/organizations/{organization_id}/people", response={202: AffiliationAsked})
def affiliation_add(request: HttpRequest, organization_id: int, payload: AffiliationIn) -> Any:
    """Ask a person to join the organization: a new person gets an inactive account until
    they set a password from the emailed link; a person with an account is asked and joins
    when they accept. The answer is the same either way (it does not tell who has an
    account)."""
    organization = selectors.organization_get(actor=actor(request), organization_id=organization_id)
    if not actor(request).has_perm("partners.add_affiliation", organization):
        raise Forbidden(_("Only the organization's representatives can add people."))
    email = services.affiliation_invite(
        actor=actor(request), organization=organization, **payload.dict()
    )
    return 202, {"email": email, "detail": _("Asked to join; waiting for their confirmation.")}


class AffiliationRequestOut(Schema):
    id: int
    organization_id: int
    organization: str = Field(..., alias="organization.name")
    is_representative: bool
    title: str
    created_at: datetime
    answered_at: datetime | None
    accepted: bool | None


class AffiliationAnswerIn(Schema):
    accept: bool


@router.get("/me/affiliation-requests", response=list[AffiliationRequestOut], auth=read_auth)
def affiliation_requests_open(request: HttpRequest) -> Any:
    """The organizations asking the signed-in person to join them."""
    return list(selectors.affiliation_requests_open(actor=actor(request)))


@router.post("/affiliation-requests/{request_id}/answer", response=AffiliationRequestOut)
def affiliation_request_answer(
    request: HttpRequest, request_id: int, payload: AffiliationAnswerIn
) -> Any:
    """Accept (join the organization) or decline; only the invited person can."""
    return services.affiliation_request_answer(
        actor=actor(request), request_id=request_id, accept=payload.accept
    )

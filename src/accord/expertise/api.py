"""The expertise API: an organization's areas, an activity's needs, the partnership's map
and the invitation of an organization that offers what it lacks. Same services and
selectors as the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from accord.core.api import Id, actor, read_auth
from accord.errors import NotFound
from accord.expertise import selectors, services
from accord.expertise.models import DETAIL_MAX_CHARS, Area, Direction
from accord.partners import selectors as partner_selectors

router = Router(tags=["expertise"])


class OrganizationExpertiseOut(Schema):
    id: int
    organization_id: int
    area: str
    area_label: str = Field(..., alias="get_area_display")
    direction: str
    detail: str
    added_at: datetime


class OrganizationExpertiseIn(Schema):
    area: Area
    direction: Direction
    detail: str = Field("", max_length=DETAIL_MAX_CHARS)


@router.get(
    "/organizations/{organization_id}/expertise",
    response=list[OrganizationExpertiseOut],
    auth=read_auth,
)
def organization_expertise_list(request: HttpRequest, organization_id: int) -> Any:
    """An organization's areas, offered and needed (public, as the directory)."""
    organization = partner_selectors.organization_get(
        actor=actor(request), organization_id=organization_id
    )
    return selectors.organization_expertise_list(organization=organization)


@router.post("/organizations/{organization_id}/expertise", response={201: OrganizationExpertiseOut})
def organization_expertise_add(
    request: HttpRequest, organization_id: int, payload: OrganizationExpertiseIn
) -> Any:
    """List an area the organization offers or needs (its representatives); 409 if it is
    listed already. ``other`` needs ``detail``."""
    organization = partner_selectors.organization_get(
        actor=actor(request), organization_id=organization_id
    )
    return 201, services.organization_expertise_add(
        actor=actor(request),
        organization=organization,
        area=payload.area.value,
        direction=payload.direction.value,
        detail=payload.detail,
    )


@router.delete("/organizations/{organization_id}/expertise/{item_id}", response={204: None})
def organization_expertise_remove(request: HttpRequest, organization_id: int, item_id: int) -> Any:
    organization = partner_selectors.organization_get(
        actor=actor(request), organization_id=organization_id
    )
    item = selectors.organization_expertise_get(organization=organization, item_id=item_id)
    services.organization_expertise_remove(actor=actor(request), item=item)
    return 204, None


# --- a partnership's map -------------------------------------------------------------------


class ExpertiseOfferOut(Schema):
    organization_id: int
    organization: str
    detail: str


class ActivityNeedOut(Schema):
    id: int
    activity_id: int
    activity: str
    area: str
    detail: str


class CandidateOut(Schema):
    organization_id: int
    organization: str
    detail: str
    #: The status of its open invitation in this partnership ("invited", "accepted"), or null.
    membership_status: str | None


class AreaRowOut(Schema):
    area: str
    label: str
    is_gap: bool
    offered_by: list[ExpertiseOfferOut]
    needed_by_members: list[ExpertiseOfferOut]
    needed_by_activities: list[ActivityNeedOut]
    candidates: list[CandidateOut]


class ExpertiseMapOut(Schema):
    areas: list[AreaRowOut]
    gaps: list[str]


def _offer(item: Any) -> dict[str, Any]:
    return {
        "organization_id": item.organization_id,
        "organization": item.organization.name,
        "detail": item.detail,
    }


def _need(need: Any) -> dict[str, Any]:
    return {
        "id": need.pk,
        "activity_id": need.activity_id,
        "activity": need.activity.title,
        "area": need.area,
        "detail": need.detail,
    }


@router.get("/partnerships/{slug}/expertise", response=ExpertiseMapOut, auth=read_auth)
def expertise_map(request: HttpRequest, slug: str) -> Any:
    """What the members offer and need, what the activities need, the gaps (needed, offered
    by no member) first, and for each gap up to 10 organizations outside the partnership
    that offer it."""
    partnership = selectors.partnership_for_map(actor=actor(request), slug=slug)
    figures = selectors.expertise_map(partnership=partnership)
    return {
        "areas": [
            {
                "area": row.area,
                "label": row.label,
                "is_gap": row.is_gap,
                "offered_by": [_offer(i) for i in row.offered_by],
                "needed_by_members": [_offer(i) for i in row.needed_by_members],
                "needed_by_activities": [_need(n) for n in row.needed_by_activities],
                "candidates": [
                    {
                        "organization_id": c.organization.pk,
                        "organization": c.organization.name,
                        "detail": c.detail,
                        "membership_status": c.membership.status if c.membership else None,
                    }
                    for c in row.candidates
                ],
            }
            for row in figures.rows
        ],
        "gaps": [row.area for row in figures.gaps],
    }


class ActivityNeedIn(Schema):
    area: Area
    detail: str = Field("", max_length=DETAIL_MAX_CHARS)


@router.post(
    "/partnerships/{slug}/activities/{activity_id}/expertise-needs",
    response={201: ActivityNeedOut},
)
def activity_need_add(
    request: HttpRequest, slug: str, activity_id: int, payload: ActivityNeedIn
) -> Any:
    """Say that an activity needs an area of expertise (coordinators)."""
    partnership = selectors.partnership_for_map(actor=actor(request), slug=slug)
    activity = selectors.activity_choices(partnership=partnership).filter(pk=activity_id).first()
    if activity is None:
        raise NotFound(_("No such activity."))
    need = services.activity_need_add(
        actor=actor(request), activity=activity, area=payload.area.value, detail=payload.detail
    )
    return 201, _need(need)


@router.delete("/partnerships/{slug}/expertise-needs/{need_id}", response={204: None})
def activity_need_remove(request: HttpRequest, slug: str, need_id: int) -> Any:
    partnership = selectors.partnership_for_map(actor=actor(request), slug=slug)
    need = selectors.activity_need_get(partnership=partnership, need_id=need_id)
    services.activity_need_remove(actor=actor(request), need=need)
    return 204, None


class ExpertiseInvitationIn(Schema):
    organization_id: Id


class ExpertiseInvitationOut(Schema):
    membership_id: int = Field(..., alias="pk")
    organization_id: int
    status: str
    message: str


@router.post("/partnerships/{slug}/expertise/invitations", response={201: ExpertiseInvitationOut})
def expertise_invite(request: HttpRequest, slug: str, payload: ExpertiseInvitationIn) -> Any:
    """Invite an organization outside the partnership (coordinators); the invitation
    names the areas it offers. 409 if it is a member or already invited."""
    partnership = selectors.partnership_for_map(actor=actor(request), slug=slug)
    organization = partner_selectors.organization_find(
        actor=actor(request), organization_id=payload.organization_id
    )
    if organization is None:
        raise NotFound(_("No such organization."))
    return 201, services.expertise_invite(
        actor=actor(request), partnership=partnership, organization=organization
    )

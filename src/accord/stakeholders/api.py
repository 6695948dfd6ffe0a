"""The stakeholders API (same services and selectors as the pages): the map with every
figure, adding and removing stakeholders, the members' ratings, and invitations."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from accord.core.api import actor, optional, read_auth
from accord.partners import selectors as partner_selectors
from accord.stakeholders import selectors, services
from accord.stakeholders.labels import QUADRANT_LABELS, SALIENCE_LABELS

router = Router(tags=["stakeholders"])


def _partnership(request: HttpRequest, slug: str) -> Any:
    return selectors.partnership_for_map(actor=actor(request), slug=slug)


def _stakeholder(request: HttpRequest, slug: str, stakeholder_id: int) -> Any:
    partnership = _partnership(request, slug)
    return selectors.stakeholder_get(partnership=partnership, stakeholder_id=stakeholder_id)


def _organization(request: HttpRequest, organization_id: int | None) -> Any:
    return optional(
        lambda pk: partner_selectors.organization_find(actor=actor(request), organization_id=pk),
        organization_id,
        _("No such organization."),
    )


class StakeholderMeansOut(Schema):
    power: float | None
    interest: float | None
    salience_power: float | None
    legitimacy: float | None
    urgency: float | None


class StakeholderPlaceOut(Schema):
    id: int
    number: int
    name: str
    organization_id: int | None
    sector: str
    description: str
    is_member: bool
    membership_status: str | None
    ratings: int
    means: StakeholderMeansOut
    quadrant: str | None
    quadrant_label: str | None
    salience: str | None
    salience_label: str | None
    is_missing: bool
    may_be_invited: bool


class StakeholderMapOut(Schema):
    member_count: int
    stakeholders: list[StakeholderPlaceOut]
    missing: list[int]


def _place_out(place: selectors.StakeholderPlace) -> dict[str, Any]:
    stakeholder = place.stakeholder
    return {
        "id": stakeholder.pk,
        "number": place.number,
        "name": stakeholder.display_name,
        "organization_id": stakeholder.organization_id,
        "sector": stakeholder.display_sector,
        "description": stakeholder.description,
        "is_member": place.is_member,
        "membership_status": place.membership_status,
        "ratings": place.ratings,
        "means": place.means,
        "quadrant": place.quadrant,
        "quadrant_label": str(QUADRANT_LABELS[place.quadrant]) if place.quadrant else None,
        "salience": place.salience,
        "salience_label": str(SALIENCE_LABELS[place.salience]) if place.salience else None,
        "is_missing": place.is_missing,
        "may_be_invited": place.may_be_invited,
    }


@router.get("/partnerships/{slug}/stakeholders", response=StakeholderMapOut, auth=read_auth)
def stakeholder_map(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Every stakeholder with the mean of the members' ratings, its quadrant of the
    power–interest grid and its salience class; ``missing`` lists the ids of those rated
    high in power or interest that are not members."""
    figures = selectors.stakeholder_map(partnership=_partnership(request, slug))
    return {
        "member_count": figures.member_count,
        "stakeholders": [_place_out(place) for place in figures.places],
        "missing": [place.stakeholder.pk for place in figures.missing],
    }


class StakeholderIn(Schema):
    organization_id: int | None = None
    name: str = ""
    sector: str = ""
    description: str = ""


class StakeholderOut(Schema):
    id: int
    name: str
    organization_id: int | None
    sector: str
    description: str


def _stakeholder_out(stakeholder: Any) -> dict[str, Any]:
    return {
        "id": stakeholder.pk,
        "name": stakeholder.display_name,
        "organization_id": stakeholder.organization_id,
        "sector": stakeholder.display_sector,
        "description": stakeholder.description,
    }


@router.post("/partnerships/{slug}/stakeholders", response={201: StakeholderOut})
def stakeholder_add(request: HttpRequest, slug: str, payload: StakeholderIn) -> Any:
    partnership = _partnership(request, slug)
    stakeholder = services.stakeholder_add(
        actor=actor(request),
        partnership=partnership,
        organization=_organization(request, payload.organization_id),
        name=payload.name,
        sector=payload.sector,
        description=payload.description,
    )
    return 201, _stakeholder_out(stakeholder)


@router.delete("/partnerships/{slug}/stakeholders/{stakeholder_id}", response={204: None})
def stakeholder_remove(request: HttpRequest, slug: str, stakeholder_id: int) -> Any:
    services.stakeholder_remove(
        actor=actor(request), stakeholder=_stakeholder(request, slug, stakeholder_id)
    )
    return 204, None


class StakeholderRatingIn(Schema):
    organization_id: int | None = None
    power: int
    interest: int
    salience_power: int
    legitimacy: int
    urgency: int


class StakeholderRatingOut(Schema):
    stakeholder_id: int
    organization_id: int
    organization: str
    power: int
    interest: int
    salience_power: int
    legitimacy: int
    urgency: int


def _rating_out(rating: Any) -> dict[str, Any]:
    return {
        "stakeholder_id": rating.stakeholder_id,
        "organization_id": rating.rater_organization_id,
        "organization": rating.rater_organization.name,
        "power": rating.power,
        "interest": rating.interest,
        "salience_power": rating.salience_power,
        "legitimacy": rating.legitimacy,
        "urgency": rating.urgency,
    }


@router.get(
    "/partnerships/{slug}/stakeholders/{stakeholder_id}/ratings",
    response=list[StakeholderRatingOut],
    auth=read_auth,
)
def stakeholder_ratings(request: HttpRequest, slug: str, stakeholder_id: int) -> list[Any]:
    """Each member organization's rating of the stakeholder."""
    stakeholder = _stakeholder(request, slug, stakeholder_id)
    return [_rating_out(r) for r in selectors.rating_list(stakeholder=stakeholder)]


def _rate(
    request: HttpRequest,
    slug: str,
    stakeholder_id: int,
    payload: StakeholderRatingIn,
    replace: bool,
) -> Any:
    stakeholder = _stakeholder(request, slug, stakeholder_id)
    values = payload.dict(exclude={"organization_id"})
    rating = services.stakeholder_rate(
        actor=actor(request),
        stakeholder=stakeholder,
        organization=_organization(request, payload.organization_id),
        replace=replace,
        **values,
    )
    return _rating_out(rating)


@router.post(
    "/partnerships/{slug}/stakeholders/{stakeholder_id}/ratings",
    response={201: StakeholderRatingOut},
)
def stakeholder_rate(
    request: HttpRequest, slug: str, stakeholder_id: int, payload: StakeholderRatingIn
) -> Any:
    """Place the stakeholder for a member organization you represent: 409 if it already
    did (PUT changes a rating)."""
    return 201, _rate(request, slug, stakeholder_id, payload, replace=False)


@router.put(
    "/partnerships/{slug}/stakeholders/{stakeholder_id}/ratings",
    response=StakeholderRatingOut,
)
def stakeholder_rerate(
    request: HttpRequest, slug: str, stakeholder_id: int, payload: StakeholderRatingIn
) -> Any:
    """Place the stakeholder, or change the member organization's earlier placing."""
    return _rate(request, slug, stakeholder_id, payload, replace=True)


class StakeholderInvitationIn(Schema):
    message: str = ""


class StakeholderInvitationOut(Schema):
    membership_id: int
    organization_id: int
    status: str


@router.post(
    "/partnerships/{slug}/stakeholders/{stakeholder_id}/invitation",
    response={201: StakeholderInvitationOut},
)
def stakeholder_invite(
    request: HttpRequest, slug: str, stakeholder_id: int, payload: StakeholderInvitationIn
) -> Any:
    """Invite the stakeholder organization to join (coordinators)."""
    membership = services.stakeholder_invite(
        actor=actor(request),
        stakeholder=_stakeholder(request, slug, stakeholder_id),
        message=payload.message,
    )
    return 201, {
        "membership_id": membership.pk,
        "organization_id": membership.organization_id,
        "status": membership.status,
    }

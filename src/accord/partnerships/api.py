from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from accord.audit import selectors as audit_selectors
from accord.core.api import Id, actor, optional, read_auth
from accord.core.pagination import BoundedPagination
from accord.errors import Forbidden, NotFound
from accord.partners import selectors as partner_selectors
from accord.partnerships import selectors, services
from accord.partnerships.models import (
    CHARTER_SECTIONS,
    Modality,
    ParticipantRole,
    PartnershipType,
    Status,
    Visibility,
)

router = Router(tags=["partnerships"])


# --- reference data ---------------------------------------------------------------------


class SdgGoalOut(Schema):
    number: int
    short: str
    title: str
    #: The names in the language of the request (Accept-Language; English by default).
    local_short: str
    local_title: str


class SdgTargetOut(Schema):
    code: str
    goal: int = Field(..., alias="goal.number")
    title: str
    #: The title in the language of the request (Accept-Language; English by default).
    local_title: str


@router.get("/sdg/goals", response=list[SdgGoalOut], auth=read_auth, tags=["reference"])
def sdg_goal_list(request: HttpRequest) -> Any:
    return selectors.sdg_goal_list()


@router.get("/sdg/targets", response=list[SdgTargetOut], auth=read_auth, tags=["reference"])
def sdg_target_list(request: HttpRequest, goal: int | None = None) -> Any:
    return selectors.sdg_target_list(goal_number=goal)


# --- partnerships -------------------------------------------------------------------------


class PartnershipOut(Schema):
    id: int
    slug: str
    name: str
    purpose: str
    type: str
    modality: str
    places: str
    visibility: str
    status: str
    allows_individuals: bool
    reporting_currency: str
    #: An IANA zone name; "" follows the site's zone.
    time_zone: str
    #: When the partnership began working together (no flow is dated before it).
    began_on: date | None = None
    member_count: int | None = None
    created_at: datetime


class PartnershipDetailOut(PartnershipOut):
    sdg_targets: list[str]
    allowed_transitions: list[str]

    @staticmethod
    def resolve_sdg_targets(obj: Any) -> list[str]:
        return [t.code for t in obj.sdg_targets.all()]


class PartnershipIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    purpose: str = Field(..., min_length=1)
    type: PartnershipType
    modality: Modality
    places: str = ""
    visibility: Visibility = Visibility.MEMBERS
    allows_individuals: bool = False
    reporting_currency: str = Field("USD", min_length=3, max_length=3)
    time_zone: str = Field("", max_length=64)
    began_on: date | None = None
    sdg_targets: list[str] = []
    lead_organization_id: Id | None = None


class PartnershipPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    purpose: str | None = None
    type: PartnershipType | None = None
    modality: Modality | None = None
    places: str | None = None
    visibility: Visibility | None = None
    allows_individuals: bool | None = None
    reporting_currency: str | None = Field(None, min_length=3, max_length=3)
    time_zone: str | None = Field(None, max_length=64)
    began_on: date | None = None
    sdg_targets: list[str] | None = None


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.value if hasattr(v, "value") else v) for k, v in data.items()}


@router.get("/partnerships", response=list[PartnershipOut], auth=read_auth)
@paginate(BoundedPagination)
def partnership_list(request: HttpRequest, mine: bool = False) -> Any:
    if mine:
        return selectors.partnership_list_mine(actor=actor(request)).order_by("name")
    return selectors.partnership_list_visible(actor=actor(request)).order_by("name")


@router.post("/partnerships", response={201: PartnershipDetailOut})
def partnership_create(request: HttpRequest, payload: PartnershipIn) -> Any:
    data = _plain(payload.dict())
    lead = optional(
        lambda pk: partner_selectors.organization_find(actor=actor(request), organization_id=pk),
        data.pop("lead_organization_id"),
        _("No such organization."),
    )
    return 201, services.partnership_create(actor=actor(request), lead_organization=lead, **data)


@router.get("/partnerships/{slug}", response=PartnershipDetailOut, auth=read_auth)
def partnership_detail(request: HttpRequest, slug: str) -> Any:
    return selectors.partnership_get(actor=actor(request), slug=slug)


@router.patch("/partnerships/{slug}", response=PartnershipDetailOut)
def partnership_update(request: HttpRequest, slug: str, payload: PartnershipPatch) -> Any:
    partnership = selectors.partnership_get(actor=actor(request), slug=slug)
    data = _plain(payload.dict(exclude_unset=True))
    data = {k: v for k, v in data.items() if v is not None or k in ("sdg_targets", "began_on")}
    return services.partnership_update(actor=actor(request), partnership=partnership, **data)


class TransitionIn(Schema):
    status: Status


@router.post("/partnerships/{slug}/status", response=PartnershipDetailOut)
def partnership_transition(request: HttpRequest, slug: str, payload: TransitionIn) -> Any:
    partnership = selectors.partnership_get(actor=actor(request), slug=slug)
    return services.partnership_transition(
        actor=actor(request), partnership=partnership, to_status=payload.status.value
    )


# --- memberships --------------------------------------------------------------------------


class MembershipOut(Schema):
    id: int
    partnership: str = Field(..., alias="partnership.slug")
    organization_id: int
    organization: str = Field(..., alias="organization.name")
    status: str
    invited_at: datetime
    responded_at: datetime | None
    decided_at: datetime | None
    withdrawn_at: datetime | None
    withdrawal_reason: str


class InviteIn(Schema):
    organization_id: Id
    message: str = Field("", max_length=2000)


@router.get("/partnerships/{slug}/memberships", response=list[MembershipOut], auth=read_auth)
@paginate(BoundedPagination)
def membership_list(request: HttpRequest, slug: str) -> Any:
    partnership = selectors.partnership_get(actor=actor(request), slug=slug)
    memberships = selectors.membership_list(partnership=partnership).select_related("partnership")
    if not selectors.is_insider(actor=actor(request), partnership=partnership):
        memberships = memberships.filter(status="admitted")
    return memberships


@router.post("/partnerships/{slug}/memberships", response={201: MembershipOut})
def membership_invite(request: HttpRequest, slug: str, payload: InviteIn) -> Any:
    partnership = selectors.partnership_get(actor=actor(request), slug=slug)
    organization = partner_selectors.organization_get(
        actor=actor(request), organization_id=payload.organization_id
    )
    return 201, services.membership_invite(
        actor=actor(request),
        partnership=partnership,
        organization=organization,
        message=payload.message,
    )


@router.get("/invitations", response=list[MembershipOut])
def invitation_list(request: HttpRequest) -> Any:
    return selectors.invitation_list(actor=actor(request))


class RespondIn(Schema):
    accept: bool


class DecideIn(Schema):
    admit: bool


class WithdrawIn(Schema):
    reason: str = Field("", max_length=2000)


@router.post("/memberships/{membership_id}/respond", response=MembershipOut)
def membership_respond(request: HttpRequest, membership_id: int, payload: RespondIn) -> Any:
    membership = selectors.membership_get(actor=actor(request), membership_id=membership_id)
    return services.membership_respond(
        actor=actor(request), membership=membership, accept=payload.accept
    )


@router.post("/memberships/{membership_id}/decide", response=MembershipOut)
def membership_decide(request: HttpRequest, membership_id: int, payload: DecideIn) -> Any:
    membership = selectors.membership_get(actor=actor(request), membership_id=membership_id)
    return services.membership_decide(
        actor=actor(request), membership=membership, admit=payload.admit
    )


@router.post("/memberships/{membership_id}/cancel", response=MembershipOut)
def membership_cancel(request: HttpRequest, membership_id: int) -> Any:
    membership = selectors.membership_get(actor=actor(request), membership_id=membership_id)
    return services.membership_cancel(actor=actor(request), membership=membership)


@router.post("/memberships/{membership_id}/withdraw", response=MembershipOut)
def membership_withdraw(request: HttpRequest, membership_id: int, payload: WithdrawIn) -> Any:
    membership = selectors.membership_get(actor=actor(request), membership_id=membership_id)
    return services.membership_withdraw(
        actor=actor(request), membership=membership, reason=payload.reason
    )


# --- participants ---------------------------------------------------------------------------


class ParticipantOut(Schema):
    id: int
    user_id: int
    name: str = Field(..., alias="user.name")
    role: str
    joined_at: datetime


class ParticipantIn(Schema):
    email: str = Field(..., max_length=254)
    role: ParticipantRole


def _insider_only(request: HttpRequest, partnership: Any) -> None:
    if not selectors.is_insider(actor=actor(request), partnership=partnership):
        raise Forbidden(_("Only the partnership's members can see this."))


@router.get("/partnerships/{slug}/participants", response=list[ParticipantOut], auth=read_auth)
def participant_list(request: HttpRequest, slug: str) -> Any:
    partnership = selectors.partnership_get(actor=actor(request), slug=slug)
    _insider_only(request, partnership)
    return selectors.participant_list(partnership=partnership)


@router.post("/partnerships/{slug}/participants", response={201: ParticipantOut})
def participant_add(request: HttpRequest, slug: str, payload: ParticipantIn) -> Any:
    partnership = selectors.partnership_get(actor=actor(request), slug=slug)
    return 201, services.participant_add(
        actor=actor(request), partnership=partnership, email=payload.email, role=payload.role.value
    )


@router.post("/partnerships/{slug}/join", response={201: ParticipantOut})
def participant_join(request: HttpRequest, slug: str) -> Any:
    partnership = selectors.partnership_get(actor=actor(request), slug=slug)
    return 201, services.participant_join(actor=actor(request), partnership=partnership)


@router.post("/partnerships/{slug}/leave", response=ParticipantOut)
def participant_leave(request: HttpRequest, slug: str) -> Any:
    partnership = selectors.partnership_get(actor=actor(request), slug=slug)
    return services.participant_leave(actor=actor(request), partnership=partnership)


# --- charter ---------------------------------------------------------------------------------


class SignatureOut(Schema):
    organization_id: int
    organization: str
    signed: bool
    signed_at: datetime | None = None
    signed_by: str | None = None


class CharterVersionOut(Schema):
    number: int
    status: str
    in_force: bool
    published_at: datetime | None
    change_summary: str
    sections: dict[str, str]
    signatures: list[SignatureOut]


class CharterDraftIn(Schema):
    common_outcome: str | None = None
    shared_values: str | None = None
    joint_strategies: str | None = None
    roles_and_responsibilities: str | None = None
    policy_data_sharing: str | None = None
    policy_intellectual_property: str | None = None
    policy_conflict_resolution: str | None = None
    policy_exit: str | None = None
    change_summary: str | None = Field(None, max_length=300)


class SignIn(Schema):
    organization_id: Id | None = None


def _version_out(view: Any) -> dict[str, Any]:
    version = view.version
    return {
        "number": version.number,
        "status": "published" if version.is_published else "draft",
        "in_force": view.is_current,
        "published_at": version.published_at,
        "change_summary": version.change_summary,
        "sections": {field: getattr(version, field) for field, _ in CHARTER_SECTIONS},
        "signatures": [
            {
                "organization_id": row.organization.pk,
                "organization": row.organization.name,
                "signed": row.signature is not None,
                "signed_at": row.signature.signed_at if row.signature else None,
                "signed_by": str(row.signature.signed_by) if row.signature else None,
            }
            for row in view.rows
        ]
        if version.is_published
        else [],
    }


@router.get("/partnerships/{slug}/charter", response=list[CharterVersionOut], auth=read_auth)
def charter_detail(request: HttpRequest, slug: str) -> Any:
    partnership = selectors.partnership_get(actor=actor(request), slug=slug)
    can_edit = actor(request).has_perm("partnerships.edit_charter", partnership)
    views = selectors.charter_overview(partnership=partnership)
    return [_version_out(v) for v in views if can_edit or v.version.is_published]


@router.put("/partnerships/{slug}/charter/draft", response=CharterVersionOut)
def charter_draft_save(request: HttpRequest, slug: str, payload: CharterDraftIn) -> Any:
    partnership = selectors.partnership_get(actor=actor(request), slug=slug)
    fields = {k: v for k, v in payload.dict().items() if v is not None}
    version = services.charter_draft_save(actor=actor(request), partnership=partnership, **fields)
    view = next(
        v for v in selectors.charter_overview(partnership=partnership) if v.version.pk == version.pk
    )
    return _version_out(view)


@router.post("/partnerships/{slug}/charter/draft/publish", response=CharterVersionOut)
def charter_publish(request: HttpRequest, slug: str) -> Any:
    partnership = selectors.partnership_get(actor=actor(request), slug=slug)
    if not actor(request).has_perm("partnerships.edit_charter", partnership):
        raise Forbidden(_("Only coordinators publish the charter."))
    draft = selectors.charter_draft(partnership=partnership)
    if draft is None:
        raise NotFound(_("There is no draft to publish; save one first."))
    version = services.charter_publish(actor=actor(request), version=draft)
    view = next(
        v for v in selectors.charter_overview(partnership=partnership) if v.version.pk == version.pk
    )
    return _version_out(view)


@router.post("/partnerships/{slug}/charter/{number}/signatures", response={201: SignatureOut})
def charter_sign(request: HttpRequest, slug: str, number: int, payload: SignIn) -> Any:
    partnership = selectors.partnership_get(actor=actor(request), slug=slug)
    version = selectors.charter_version_get(
        actor=actor(request), partnership=partnership, number=number
    )
    organization = optional(
        lambda pk: partner_selectors.organization_find(actor=actor(request), organization_id=pk),
        payload.organization_id,
        _("No such organization."),
    )
    signature = services.charter_sign(
        actor=actor(request), version=version, organization=organization
    )
    return 201, {
        "organization_id": signature.organization_id,
        "organization": signature.organization.name,
        "signed": True,
        "signed_at": signature.signed_at,
        "signed_by": str(signature.signed_by),
    }


# --- activity ----------------------------------------------------------------------------------


class EventOut(Schema):
    id: int
    verb: str
    summary: str
    actor: str | None
    object_type: str
    object_id: int | None
    created_at: datetime

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return str(obj.actor) if obj.actor else None

    @staticmethod
    def resolve_summary(obj: Any) -> str:
        """In the request's language (``Event.text``)."""
        return obj.text


@router.get("/partnerships/{slug}/events", response=list[EventOut], auth=read_auth)
@paginate(BoundedPagination)
def event_list(request: HttpRequest, slug: str) -> Any:
    partnership = selectors.partnership_get_for(
        actor=actor(request),
        slug=slug,
        perm="partnerships.view_feed",
        message=_("The activity feed is for the partnership's members."),
    )
    return audit_selectors.event_list(partnership_id=partnership.pk)


# --- the partnership's own groups --------------------------------------------------------------


class GroupMemberOut(Schema):
    organization_id: int | None
    person_id: int | None
    name: str


class GroupOut(Schema):
    id: int
    code: str
    name: str
    description: str
    members: list[GroupMemberOut]


class GroupIn(Schema):
    name: str = Field(..., max_length=120)
    description: str = ""
    organizations: list[Id] = Field(default_factory=list, max_length=1000)
    people: list[Id] = Field(default_factory=list, max_length=1000)


def _group_out(group: Any) -> dict[str, Any]:
    return {
        "id": group.pk,
        "code": group.code,
        "name": group.name,
        "description": group.description,
        "members": [
            {
                "organization_id": m.organization_id,
                "person_id": m.person_id,
                "name": m.organization.name if m.organization_id else m.person.name,
            }
            for m in group.members.all()
        ],
    }


def _groups_partnership(request: HttpRequest, slug: str) -> Any:
    partnership = selectors.partnership_get(actor=actor(request), slug=slug)
    if not actor(request).has_perm("partnerships.view_groups", partnership):
        raise Forbidden(_("The partnership's groups are for its members."))
    return partnership


@router.get("/partnerships/{slug}/groups", response=list[GroupOut], auth=read_auth)
def group_list(request: HttpRequest, slug: str) -> Any:
    partnership = _groups_partnership(request, slug)
    return [_group_out(g) for g in selectors.group_list(partnership=partnership)]


@router.post("/partnerships/{slug}/groups", response={201: GroupOut})
def group_create(request: HttpRequest, slug: str, payload: GroupIn) -> Any:
    partnership = selectors.partnership_get(actor=actor(request), slug=slug)
    group = services.group_create(actor=actor(request), partnership=partnership, **payload.dict())
    return 201, _group_out(selectors.group_get(partnership=partnership, group_id=group.pk))


@router.put("/partnerships/{slug}/groups/{group_id}", response=GroupOut)
def group_update(request: HttpRequest, slug: str, group_id: Id, payload: GroupIn) -> Any:
    partnership = _groups_partnership(request, slug)
    group = selectors.group_get(partnership=partnership, group_id=group_id)
    services.group_update(actor=actor(request), group=group, **payload.dict())
    return _group_out(selectors.group_get(partnership=partnership, group_id=group_id))

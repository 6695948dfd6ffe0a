"""The API of plans that change: an activity's status, dates and progress, its links
removed; a pledge's amendments and cancellation. The same services as the pages
(``views_plans``)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from accord.core.api import actor, read_auth
from accord.partnerships import selectors as partnership_selectors
from accord.resources import selectors as resource_selectors
from accord.resources import selectors_plans, services
from accord.resources.models import ActivityStatus

router = Router(tags=["resources"])


def _partnership(request: HttpRequest, slug: str) -> Any:
    return partnership_selectors.partnership_get_for(
        actor=actor(request),
        slug=slug,
        perm="resources.view_resources",
        message=_("Resources are visible to the partnership's members."),
    )


# --- activities -------------------------------------------------------------------------------


class ActivityStateOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    start_on: date | None
    end_on: date | None
    progress_percent: int
    is_closed: bool

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())


class ActivityChangeIn(Schema):
    """Only the fields sent change; ``null`` clears a date."""

    status: ActivityStatus | None = None
    start_on: date | None = None
    end_on: date | None = None
    progress_percent: int | None = Field(None, ge=0, le=100)
    reason: str = Field(..., min_length=1, max_length=2000)


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)


@router.get(
    "/partnerships/{slug}/activities/{activity_id}", response=ActivityStateOut, auth=read_auth
)
def activity_detail(request: HttpRequest, slug: str, activity_id: int) -> Any:
    partnership = _partnership(request, slug)
    return selectors_plans.activity_detail(partnership=partnership, activity_id=activity_id)


@router.patch("/partnerships/{slug}/activities/{activity_id}", response=ActivityStateOut)
def activity_update(
    request: HttpRequest, slug: str, activity_id: int, payload: ActivityChangeIn
) -> Any:
    partnership = _partnership(request, slug)
    activity = selectors_plans.activity_detail(partnership=partnership, activity_id=activity_id)
    sent = payload.model_fields_set
    return services.activity_update(
        actor=actor(request),
        activity=activity,
        status=payload.status.value if payload.status is not None else activity.status,
        start_on=payload.start_on if "start_on" in sent else activity.start_on,
        end_on=payload.end_on if "end_on" in sent else activity.end_on,
        progress_percent=(
            payload.progress_percent
            if payload.progress_percent is not None
            else activity.progress_percent
        ),
        reason=payload.reason,
    )


@router.post(
    "/partnerships/{slug}/activities/{activity_id}/chain/{link_id}/remove", response={204: None}
)
def activity_chain_remove(
    request: HttpRequest, slug: str, activity_id: int, link_id: int, payload: ReasonIn
) -> Any:
    partnership = _partnership(request, slug)
    activity = selectors_plans.activity_detail(partnership=partnership, activity_id=activity_id)
    link = selectors_plans.activity_link_get(
        partnership=partnership, activity=activity, link_id=link_id
    )
    services.activity_chain_remove(actor=actor(request), link=link, reason=payload.reason)
    return 204, None


@router.post(
    "/partnerships/{slug}/activities/{activity_id}/responsibilities/{responsibility_id}/remove",
    response={204: None},
)
def responsibility_remove(
    request: HttpRequest, slug: str, activity_id: int, responsibility_id: int, payload: ReasonIn
) -> Any:
    partnership = _partnership(request, slug)
    activity = selectors_plans.activity_detail(partnership=partnership, activity_id=activity_id)
    responsibility = selectors_plans.responsibility_get(
        partnership=partnership, activity=activity, responsibility_id=responsibility_id
    )
    services.responsibility_remove(
        actor=actor(request), responsibility=responsibility, reason=payload.reason
    )
    return 204, None


# --- pledges ------------------------------------------------------------------------------------


class ScheduledOut(Schema):
    due_on: date
    amount: Decimal
    rescheduled_to: date | None = None


class AmendmentOut(Schema):
    id: int
    pledge_id: int
    kind: str
    agreed_on: date
    reason: str
    previous_amount: Decimal | None
    amount: Decimal | None
    previous_hours: Decimal | None
    hours: Decimal | None
    previous_ends_on: date
    ends_on: date
    previous_schedule: list[ScheduledOut]
    schedule: list[ScheduledOut]
    amended_by: str = Field(..., alias="amended_by.name")
    amended_at: datetime


class InstallmentIn(Schema):
    due_on: date
    amount: Decimal


class PledgeAmendIn(Schema):
    """What is not sent stays; without ``installments`` the schedule stays if the amount
    does, and otherwise the whole amount falls due at the end."""

    reason: str = Field(..., min_length=1, max_length=2000)
    amount: Decimal | None = None
    hours: Decimal | None = None
    ends_on: date | None = None
    installments: list[InstallmentIn] | None = Field(None, max_length=120)


@router.get(
    "/partnerships/{slug}/pledges/{pledge_id}/amendments",
    response=list[AmendmentOut],
    auth=read_auth,
)
def pledge_amendment_list(request: HttpRequest, slug: str, pledge_id: int) -> Any:
    partnership = _partnership(request, slug)
    pledge = selectors_plans.pledge_detail(partnership=partnership, pledge_id=pledge_id)
    return list(selectors_plans.pledge_amendment_list(pledge=pledge))


@router.post("/partnerships/{slug}/pledges/{pledge_id}/amendments", response={201: AmendmentOut})
def pledge_amend(request: HttpRequest, slug: str, pledge_id: int, payload: PledgeAmendIn) -> Any:
    partnership = _partnership(request, slug)
    pledge = selectors_plans.pledge_detail(partnership=partnership, pledge_id=pledge_id)
    amendment = services.pledge_amend(
        actor=actor(request),
        pledge=pledge,
        reason=payload.reason,
        amount=payload.amount,
        hours=payload.hours,
        ends_on=payload.ends_on,
        installments=(
            None
            if payload.installments is None
            else [(i.due_on, i.amount) for i in payload.installments]
        ),
    )
    return 201, amendment


@router.post("/partnerships/{slug}/pledges/{pledge_id}/cancel", response={201: AmendmentOut})
def pledge_cancel(request: HttpRequest, slug: str, pledge_id: int, payload: ReasonIn) -> Any:
    partnership = _partnership(request, slug)
    pledge = selectors_plans.pledge_detail(partnership=partnership, pledge_id=pledge_id)
    return 201, services.pledge_cancel(actor=actor(request), pledge=pledge, reason=payload.reason)


# --- support from the pooled money, by the partnership's rule ----------------------------------


class SupportVoteOut(Schema):
    support_request_id: int
    proposal_id: int
    title: str
    status: str


@router.post(
    "/partnerships/{slug}/support-requests/{request_id}/vote", response={201: SupportVoteOut}
)
def support_request_propose(request: HttpRequest, slug: str, request_id: int) -> Any:
    """Put a support request to the vote under the partnership's rule for pooled money
    (409 while coordinators decide directly: no rule yet)."""
    partnership = _partnership(request, slug)
    support = resource_selectors.support_request_get(partnership=partnership, request_id=request_id)
    proposal = services.support_request_propose(actor=actor(request), request=support)
    return 201, {
        "support_request_id": support.pk,
        "proposal_id": proposal.pk,
        "title": proposal.title,
        "status": proposal.status,
    }

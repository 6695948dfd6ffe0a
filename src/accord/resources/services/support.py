"""Support for marginal stakeholders: a member asks, a coordinator decides, and the
delivery is a disbursement posted to the ledger."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.audit.services import partnership_event_record
from accord.errors import Conflict, Forbidden
from accord.errors import full_clean_or_invalid as _validate
from accord.errors import require_permission as _require
from accord.notifications.services import notifications_resolve, notify
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.partnerships.roles import represented_organization_ids
from accord.partnerships.services import coordinators_of
from accord.resources.models import SupportRequest, SupportStatus, TransactionType
from accord.resources.services._common import _require_member, currency, money
from accord.resources.services.ledger import ledger_entry_post


@transaction.atomic
def support_request_create(
    *,
    actor: Any,
    partnership: Partnership,
    organization: Organization,
    kind: str,
    description: str,
    amount: Any,
    currency_code: str,
) -> SupportRequest:
    _require(actor, "resources.request_support", partnership)
    if organization.pk not in represented_organization_ids(actor):
        raise Forbidden(f"Only {organization}'s representatives ask for support for it.")
    _require_member(partnership, organization, "organization")
    request = SupportRequest(
        partnership=partnership,
        organization=organization,
        kind=kind,
        description=description,
        amount=money(amount),
        currency=currency(currency_code),
        requested_by=actor,
    )
    _validate(request)
    request.save()
    notify(
        users=coordinators_of(partnership),
        verb="support.requested",
        partnership=partnership,
        text=f"{organization} asks for {request.get_kind_display().lower()} support ({request.amount:,} {request.currency}).",
        url=f"/p/{partnership.slug}/resources/support/",
        key=f"resources.support_decide:{request.pk}",
    )
    partnership_event_record(
        actor,
        "support.requested",
        request,
        partnership,
        f"{organization} asked for {request.get_kind_display().lower()} support: {request.amount:,} {request.currency}",
    )
    return request


@transaction.atomic
def support_request_decide(*, actor: Any, request: SupportRequest, approve: bool) -> SupportRequest:
    """Approve or decline. For now a coordinator decides; the decisions capability will
    route this through the partnership's rule for allocating pooled money."""
    request = (
        SupportRequest.objects.select_for_update()
        .select_related("partnership", "organization")
        .get(pk=request.pk)
    )
    _require(actor, "resources.decide_support", request.partnership)
    if request.status != SupportStatus.REQUESTED:
        raise Conflict(f"This request is already {request.get_status_display().lower()}.")
    request.status = SupportStatus.APPROVED if approve else SupportStatus.DECLINED
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    notifications_resolve(key=f"resources.support_decide:{request.pk}")
    partnership_event_record(
        actor,
        "support.decided",
        request,
        request.partnership,
        f"{actor} {'approved' if approve else 'declined'} {request.organization}'s request for {request.get_kind_display().lower()}",
    )
    return request


@transaction.atomic
def support_request_deliver(
    *, actor: Any, request: SupportRequest, provider: Organization, value_date: date, note: str = ""
) -> SupportRequest:
    """Deliver an approved request: a disbursement from ``provider`` to the requester."""
    request = (
        SupportRequest.objects.select_for_update()
        .select_related("partnership", "organization")
        .get(pk=request.pk)
    )
    _require(actor, "resources.decide_support", request.partnership)
    if request.status != SupportStatus.APPROVED:
        raise Conflict("Only an approved request can be delivered.")
    entry = ledger_entry_post(
        actor=actor,
        partnership=request.partnership,
        type=TransactionType.DISBURSEMENT,
        value=request.amount,
        currency_code=request.currency,
        value_date=value_date,
        provider=provider,
        receiver=request.organization,
        note=note or f"Support: {request.get_kind_display()} — {request.description}",
    )
    request.status, request.delivery = SupportStatus.DELIVERED, entry
    request.save(update_fields=["status", "delivery"])
    partnership_event_record(
        actor,
        "support.delivered",
        request,
        request.partnership,
        f"{request.organization}'s {request.get_kind_display().lower()} support was delivered",
    )
    return request

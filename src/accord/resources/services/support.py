"""Support for marginal stakeholders: a member asks, a coordinator decides (or, once the
partnership has a rule for allocating pooled money, a vote under it), and the delivery is a
disbursement posted to the ledger."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import choice_label, summary
from accord.core.formats import format_amount
from accord.errors import Conflict, Forbidden
from accord.errors import full_clean_or_invalid as _validate
from accord.errors import require_permission as _require
from accord.notifications.services import notifications_resolve, notify
from accord.partners.models import Organization
from accord.partnerships import deliberation
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
        raise Forbidden(
            _("Only %(organization)s's representatives ask for support for it.")
            % {"organization": organization}
        )
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
        text=lambda: (  # in each coordinator's language
            _("%(organization)s asks for %(kind)s support (%(amount)s %(currency)s).")
            % {
                "organization": organization,
                "kind": request.get_kind_display().lower(),
                "amount": format_amount(request.amount),
                "currency": request.currency,
            }
        ),
        url=f"/p/{partnership.slug}/resources/support/",
        key=f"resources.support_decide:{request.pk}",
    )
    partnership_event_record(
        actor,
        "support.requested",
        request,
        partnership,
        summary(
            gettext_noop("%(organization)s asked for %(kind)s support: %(amount)s %(currency)s"),
            organization=organization,
            kind=choice_label(request, "kind"),
            amount=request.amount,
            currency=request.currency,
        ),
    )
    return request


def _already(request: SupportRequest) -> str:
    """That the request was already decided, in the reader's words."""
    if request.status == SupportStatus.APPROVED:
        return _("This request is already approved.")
    if request.status == SupportStatus.DECLINED:
        return _("This request is already declined.")
    return _("This request is already delivered.")


#: The kind of decision (``decisions.DecisionKind``, by value) that allocates pooled money.
ALLOCATION = "allocation"


def _locked_request(request: SupportRequest) -> SupportRequest:
    return (
        SupportRequest.objects.select_for_update()
        .select_related("partnership", "organization")
        .get(pk=request.pk)
    )


def support_rule(*, partnership: Partnership) -> Any | None:
    """The decision rule that approves support requests, or None while coordinators do.

    Asked through the partnerships app's port: once the partnership has a rule for
    allocating pooled money (or a general one) and a member to vote, a vote decides.
    """
    return deliberation.deliberation().governing_rule(partnership=partnership, kind=ALLOCATION)


@transaction.atomic
def support_request_decide(
    *, actor: Any, request: SupportRequest, approve: bool, by_proposal: Any = None
) -> SupportRequest:
    """Approve or decline a request.

    A coordinator decides until the partnership has a rule for allocating pooled money;
    from then on a coordinator's direct call is refused (put it to the vote with
    :func:`support_request_propose`), and ``accord.decisions`` calls this with
    ``by_proposal`` when the proposal closes.
    """
    request = _locked_request(request)
    if by_proposal is None:
        _require(actor, "resources.decide_support", request.partnership)
        rule = support_rule(partnership=request.partnership)
        if rule is not None:
            raise Conflict(
                _(
                    "Support from the pooled money is decided by a vote under “%(rule)s”: "
                    "put the request to the vote instead."
                )
                % {"rule": rule.name}
            )
    if request.status != SupportStatus.REQUESTED:
        raise Conflict(_already(request))
    request.status = SupportStatus.APPROVED if approve else SupportStatus.DECLINED
    request.decided_by = actor if actor is not None and actor.is_authenticated else None
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    notifications_resolve(key=f"resources.support_decide:{request.pk}")
    values = {
        "organization": request.organization,
        "kind": choice_label(request, "kind"),
    }
    if by_proposal is not None:
        message = (
            gettext_noop(
                "“%(proposal)s” (decided by vote) approved %(organization)s's request for %(kind)s"
            )
            if approve
            else gettext_noop(
                "“%(proposal)s” (decided by vote) declined %(organization)s's request for %(kind)s"
            )
        )
        values["proposal"] = by_proposal.title
    else:
        message = (
            gettext_noop("%(actor)s approved %(organization)s's request for %(kind)s")
            if approve
            else gettext_noop("%(actor)s declined %(organization)s's request for %(kind)s")
        )
        values["actor"] = actor
    partnership_event_record(
        actor,
        "support.decided",
        request,
        request.partnership,
        summary(message, **values),
        **({"proposal_id": by_proposal.pk} if by_proposal is not None else {}),
    )
    return request


@transaction.atomic
def support_request_propose(*, actor: Any, request: SupportRequest) -> Any:
    """Put a request to the vote under the partnership's rule for pooled money; returns the
    proposal (the decisions app opens it, through the port, and links it back with
    :func:`support_request_link_proposal`)."""
    request = _locked_request(request)
    _require(actor, "resources.decide_support", request.partnership)
    if request.status != SupportStatus.REQUESTED:
        raise Conflict(_already(request))
    if support_rule(partnership=request.partnership) is None:
        raise Conflict(
            _("The partnership has no rule for allocating pooled money: a coordinator decides.")
        )
    return deliberation.deliberation().support_request_propose(actor=actor, request=request)


def support_request_link_proposal(*, actor: Any, request: SupportRequest, proposal: Any) -> None:
    """Record which proposal decides the request (called by the decisions app inside the
    transaction that opens it; it checks that no other open proposal decides it)."""
    request = _locked_request(request)
    request.proposal_id = proposal.pk
    request.save(update_fields=["proposal_id"])
    partnership_event_record(
        actor,
        "support.proposed",
        request,
        request.partnership,
        summary(
            gettext_noop(
                "%(actor)s put %(organization)s's request for %(kind)s to the vote: “%(proposal)s”"
            ),
            actor=actor,
            organization=request.organization,
            kind=choice_label(request, "kind"),
            proposal=proposal.title,
        ),
        proposal_id=proposal.pk,
    )


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
        raise Conflict(_("Only an approved request can be delivered."))
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
        summary(
            gettext_noop("%(organization)s's %(kind)s support was delivered"),
            organization=request.organization,
            kind=choice_label(request, "kind"),
        ),
    )
    return request

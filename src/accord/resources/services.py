"""Every write about the workplan and resources. Each checks permission, validates,
runs in one transaction and records an event."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accord.audit.services import partnership_event_record
from accord.errors import Conflict, Forbidden, Invalid
from accord.errors import full_clean_or_invalid as _validate
from accord.errors import require_permission as _require
from accord.notifications.services import notify
from accord.partners.models import Affiliation, Organization
from accord.partnerships.models import Membership, MembershipStatus, Partnership
from accord.partnerships.roles import represented_organization_ids
from accord.reference.codelists import currency_codes
from accord.resources.models import (
    Activity,
    ActivityOrganization,
    ExchangeRate,
    LedgerEntry,
    Pledge,
    PledgeInstallment,
    ResourceKind,
    Responsibility,
    SupportRequest,
    SupportStatus,
    TransactionType,
)

CENT = Decimal("0.01")


def money(value: Any, field: str = "amount", *, allow_negative: bool = False) -> Decimal:
    """Parse an amount: a number with at most two decimal places, positive unless allowed."""
    try:
        amount = (
            Decimal(str(value).strip().replace(",", ""))
            if not isinstance(value, Decimal)
            else value
        )
    except (InvalidOperation, ValueError) as exc:
        raise Invalid(
            f"{field}: “{value}” is not a number.", field_errors={field: ["Not a number."]}
        ) from exc
    if not amount.is_finite():
        raise Invalid(f"{field}: must be a finite number.", field_errors={field: ["Not a number."]})
    if amount != amount.quantize(CENT):
        raise Invalid(
            f"{field}: at most two decimal places.",
            field_errors={field: ["At most two decimal places."]},
        )
    if amount <= 0 and not allow_negative:
        raise Invalid(
            f"{field}: must be greater than zero (to correct an entry, reverse it).",
            field_errors={field: ["Must be greater than zero."]},
        )
    if abs(amount) >= Decimal("1e16"):
        raise Invalid(f"{field}: too large.", field_errors={field: ["Too large."]})
    return amount.quantize(CENT)


def currency(code: Any, field: str = "currency") -> str:
    code = str(code or "").strip().upper()
    if code not in currency_codes():
        raise Invalid(
            f"{field}: unknown currency “{code}”; use an ISO 4217 code such as KES, EUR or USD.",
            field_errors={field: ["Unknown currency."]},
        )
    return code


def member_ids(partnership: Partnership) -> set[int]:
    return set(
        Membership.objects.filter(
            partnership=partnership, status=MembershipStatus.ADMITTED
        ).values_list("organization_id", flat=True)
    )


def _require_member(
    partnership: Partnership, organization: Organization | None, field: str
) -> None:
    if organization is not None and organization.pk not in member_ids(partnership):
        raise Invalid(
            f"{field}: {organization} is not a member of this partnership.",
            field_errors={field: ["Not a member."]},
        )


# --- workplan ------------------------------------------------------------------------------


@transaction.atomic
def activity_create(
    *,
    actor: Any,
    partnership: Partnership,
    title: str,
    lead_organization: Organization,
    description: str = "",
    start_on: date | None = None,
    end_on: date | None = None,
    status: str = "1",
    parent: Activity | None = None,
) -> Activity:
    _require(actor, "resources.change_workplan", partnership)
    _require_member(partnership, lead_organization, "lead_organization")
    if parent is not None and parent.partnership_id != partnership.pk:
        raise Invalid("The parent activity belongs to another partnership.")
    activity = Activity(
        partnership=partnership,
        title=title,
        lead_organization=lead_organization,
        description=description,
        start_on=start_on,
        end_on=end_on,
        status=status,
        parent=parent,
        created_by=actor,
    )
    _validate(activity)
    activity.save()
    partnership_event_record(
        actor,
        "activity.created",
        activity,
        partnership,
        f"{actor} added the activity “{title}” led by {lead_organization}",
    )
    return activity


@transaction.atomic
def activity_chain_add(
    *, actor: Any, activity: Activity, organization: Organization, role: str
) -> ActivityOrganization:
    partnership = activity.partnership
    _require(actor, "resources.change_workplan", partnership)
    _require_member(partnership, organization, "organization")
    if ActivityOrganization.objects.filter(
        activity=activity, organization=organization, role=role
    ).exists():
        raise Conflict(f"{organization} already has that role in “{activity}”.")
    link = ActivityOrganization(activity=activity, organization=organization, role=role)
    _validate(link)
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError as exc:
        raise Conflict(f"{organization} already has that role in “{activity}”.") from exc
    partnership_event_record(
        actor,
        "activity.chain_added",
        link,
        partnership,
        f"{organization} is {link.get_role_display().lower()} for “{activity}”",
    )
    return link


@transaction.atomic
def responsibility_add(
    *, actor: Any, activity: Activity, organization: Organization, raci: str, person: Any = None
) -> Responsibility:
    partnership = activity.partnership
    _require(actor, "resources.change_workplan", partnership)
    _require_member(partnership, organization, "organization")
    if (
        person is not None
        and not Affiliation.objects.filter(organization=organization, user=person).exists()
    ):
        raise Invalid(
            f"{person} does not work for {organization}.",
            field_errors={"person": ["Not affiliated."]},
        )
    if Responsibility.objects.filter(
        activity=activity, organization=organization, person=person, raci=raci
    ).exists():
        raise Conflict("That responsibility is already recorded.")
    responsibility = Responsibility(
        activity=activity, organization=organization, person=person, raci=raci
    )
    _validate(responsibility)
    try:
        with transaction.atomic():
            responsibility.save()
    except IntegrityError as exc:
        raise Conflict("That responsibility is already recorded.") from exc
    who = f"{person} ({organization})" if person else str(organization)
    partnership_event_record(
        actor,
        "activity.responsibility_added",
        responsibility,
        partnership,
        f"{who} is {responsibility.get_raci_display().lower()} for “{activity}”",
    )
    return responsibility


# --- pledges --------------------------------------------------------------------------------


@transaction.atomic
def pledge_create(
    *,
    actor: Any,
    partnership: Partnership,
    organization: Organization,
    kind: str,
    description: str,
    currency_code: str,
    starts_on: date,
    ends_on: date,
    amount: Any = None,
    hours: Any = None,
    hourly_rate: Any = None,
    role: str = "",
    skills: str = "",
    activity: Activity | None = None,
    recipient: Organization | None = None,
    installments: Sequence[tuple[date, Any]] = (),
) -> Pledge:
    """A member pledges resources; the installments say when which part falls due.

    Without installments, the whole value falls due at the end of the period. For
    people, a value is hours × hourly rate unless given.
    """
    _require(actor, "resources.add_pledge", partnership)
    is_coordinator = actor.has_perm("partnerships.change_partnership", partnership)
    if not is_coordinator and organization.pk not in represented_organization_ids(actor):
        raise Forbidden(f"Only {organization}'s representatives pledge for it.")
    _require_member(partnership, organization, "organization")
    _require_member(partnership, recipient, "recipient")
    if recipient is not None and recipient.pk == organization.pk:
        raise Invalid(
            "A member cannot pledge to itself.",
            field_errors={"recipient": ["Same as the pledger."]},
        )
    if activity is not None and activity.partnership_id != partnership.pk:
        raise Invalid("That activity belongs to another partnership.")
    if kind not in ResourceKind.values:
        raise Invalid(
            f"kind: use one of {', '.join(ResourceKind.values)}.",
            field_errors={"kind": ["Unknown kind."]},
        )
    code = currency(currency_code)
    hours_value = money(hours, "hours") if hours not in (None, "") else None
    rate_value = money(hourly_rate, "hourly_rate") if hourly_rate not in (None, "") else None
    amount_value = money(amount) if amount not in (None, "") else None
    if amount_value is None and hours_value is not None and rate_value is not None:
        amount_value = (hours_value * rate_value).quantize(CENT)
    if kind == ResourceKind.MONEY and amount_value is None:
        raise Invalid("A money pledge needs an amount.", field_errors={"amount": ["Required."]})
    if kind == ResourceKind.PEOPLE and hours_value is None:
        raise Invalid(
            "A pledge of people's time needs hours.", field_errors={"hours": ["Required."]}
        )
    if ends_on < starts_on:
        raise Invalid(
            "The period ends before it starts.", field_errors={"ends_on": ["Before the start."]}
        )
    pledge = Pledge(
        partnership=partnership,
        organization=organization,
        kind=kind,
        description=description,
        currency=code,
        amount=amount_value,
        hours=hours_value,
        hourly_rate=rate_value,
        role=role,
        skills=skills,
        activity=activity,
        recipient=recipient,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    _validate(pledge)
    pledge.save()
    schedule = [(due, money(value, "installment")) for due, value in installments]
    if not schedule and amount_value is not None:
        schedule = [(ends_on, amount_value)]
    for due_on, _value in schedule:
        if not starts_on <= due_on <= ends_on:
            raise Invalid(
                f"An installment due on {due_on} falls outside the pledge's period {starts_on} – {ends_on}.",
                field_errors={"installments": ["Outside the period."]},
            )
    if schedule and amount_value is not None and sum(v for _, v in schedule) != amount_value:
        raise Invalid(
            f"The installments add up to {sum(v for _, v in schedule)}, not the pledged {amount_value}.",
            field_errors={"installments": ["Do not add up."]},
        )
    PledgeInstallment.objects.bulk_create(
        PledgeInstallment(pledge=pledge, due_on=d, amount=v) for d, v in schedule
    )
    value = (
        f"{amount_value:,} {code}"
        if amount_value is not None
        else f"{hours_value} hours"
        if hours_value
        else "in kind"
    )
    partnership_event_record(
        actor,
        "pledge.created",
        pledge,
        partnership,
        f"{organization} pledged {value}: {description}",
        kind=kind,
    )
    return pledge


# --- exchange rates -------------------------------------------------------------------------------


@transaction.atomic
def exchange_rate_add(
    *, actor: Any, partnership: Partnership, currency_code: str, valid_on: date, to_reporting: Any
) -> ExchangeRate:
    _require(actor, "resources.add_rate", partnership)
    code = currency(currency_code)
    if code == partnership.reporting_currency:
        raise Invalid(
            f"{code} is the reporting currency; it needs no rate.",
            field_errors={"currency": ["Reporting currency."]},
        )
    try:
        rate = Decimal(str(to_reporting))
    except (InvalidOperation, ValueError) as exc:
        raise Invalid(
            "The rate must be a number.", field_errors={"to_reporting": ["Not a number."]}
        ) from exc
    if not rate.is_finite() or rate <= 0:
        raise Invalid(
            "The rate must be greater than zero.", field_errors={"to_reporting": ["Must be > 0."]}
        )
    if ExchangeRate.objects.filter(
        partnership=partnership, currency=code, valid_on=valid_on
    ).exists():
        raise Conflict(
            f"A {code} rate for {valid_on} is already recorded; rates are not overwritten."
        )
    entry = ExchangeRate.objects.create(
        partnership=partnership,
        currency=code,
        valid_on=valid_on,
        to_reporting=rate,
        entered_by=actor,
    )
    partnership_event_record(
        actor,
        "rate.added",
        entry,
        partnership,
        f"{actor} set 1 {code} = {rate} {partnership.reporting_currency} from {valid_on}",
    )
    return entry


# --- the ledger ------------------------------------------------------------------------------------


def _may_post(
    actor: Any, partnership: Partnership, provider: Organization, receiver: Organization | None
) -> None:
    _require(actor, "resources.post_ledger", partnership)
    if actor.has_perm("partnerships.change_partnership", partnership):
        return  # coordinators post for any member
    mine = represented_organization_ids(actor)
    if provider.pk not in mine and (receiver is None or receiver.pk not in mine):
        raise Forbidden("You can post only flows your own organization gave or received.")


@transaction.atomic
def ledger_entry_post(
    *,
    actor: Any,
    partnership: Partnership,
    type: str,
    value: Any,
    currency_code: str,
    value_date: date,
    provider: Organization,
    receiver: Organization | None = None,
    activity: Activity | None = None,
    pledge: Pledge | None = None,
    note: str = "",
    evidence: Any = None,
) -> LedgerEntry:
    """Post an actual flow. Refuses negative amounts, unknown currencies, non-members,
    future dates and dates before the pledge's period; nothing is written then."""
    _may_post(actor, partnership, provider, receiver)
    if type not in TransactionType.values:
        raise Invalid(
            f"type: use one of {', '.join(TransactionType.values)}.",
            field_errors={"type": ["Unknown type."]},
        )
    amount = money(value, "value")
    code = currency(currency_code)
    _require_member(partnership, provider, "provider")
    _require_member(partnership, receiver, "receiver")
    if receiver is None and activity is None:
        raise Invalid(
            "Say who received it: a member organization or an activity.",
            field_errors={"receiver": ["Required."]},
        )
    if receiver is not None and receiver.pk == provider.pk:
        raise Invalid(
            "Provider and receiver are the same organization.",
            field_errors={"receiver": ["Same as provider."]},
        )
    if activity is not None and activity.partnership_id != partnership.pk:
        raise Invalid(
            "That activity belongs to another partnership.",
            field_errors={"activity": ["Other partnership."]},
        )
    if value_date > timezone.localdate():
        raise Invalid(
            f"The value date {value_date} is in the future; post flows once they happen.",
            field_errors={"value_date": ["In the future."]},
        )
    if pledge is not None:
        if pledge.partnership_id != partnership.pk:
            raise Invalid(
                "That pledge belongs to another partnership.",
                field_errors={"pledge": ["Other partnership."]},
            )
        if pledge.organization_id != provider.pk:
            raise Invalid(
                f"That pledge was made by {pledge.organization}, not {provider}.",
                field_errors={"pledge": ["Other provider."]},
            )
        if value_date < pledge.starts_on:
            raise Invalid(
                f"The value date {value_date} is before the pledge's period starts ({pledge.starts_on}).",
                field_errors={"value_date": ["Before the pledge's period."]},
            )
    entry = LedgerEntry(
        partnership=partnership,
        type=type,
        value=amount,
        currency=code,
        value_date=value_date,
        provider=provider,
        receiver=receiver,
        activity=activity,
        pledge=pledge,
        note=note[:5000],
        posted_by=actor,
    )
    if evidence:
        entry.evidence = evidence
    entry.save()
    destination = receiver or f"the activity “{activity}”"
    partnership_event_record(
        actor,
        "ledger.posted",
        entry,
        partnership,
        f"{provider} → {destination}: {amount:,} {code} ({entry.get_type_display().lower()})",
    )
    return entry


@transaction.atomic
def ledger_entry_reverse(*, actor: Any, entry: LedgerEntry, reason: str) -> LedgerEntry:
    """Correct a mistake: post the negated entry, linked to the original. Once only."""
    entry = LedgerEntry.objects.select_related("partnership", "provider", "receiver").get(
        pk=entry.pk
    )
    partnership = entry.partnership
    _may_post(actor, partnership, entry.provider, entry.receiver)
    if not (reason or "").strip():
        raise Invalid("Say why the entry is reversed.", field_errors={"reason": ["Required."]})
    if entry.is_reversal:
        raise Invalid("A reversal cannot itself be reversed; post a new entry instead.")
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise Conflict("This entry has already been reversed.")
    reversal = LedgerEntry(
        partnership=partnership,
        type=entry.type,
        value=-entry.value,
        currency=entry.currency,
        value_date=entry.value_date,
        provider=entry.provider,
        receiver=entry.receiver,
        activity=entry.activity,
        pledge=entry.pledge,
        note=f"Reversal of entry #{entry.pk}: {reason.strip()}"[:5000],
        reverses=entry,
        posted_by=actor,
    )
    try:
        with transaction.atomic():
            reversal.save()
    except IntegrityError as exc:
        raise Conflict("This entry has already been reversed.") from exc
    partnership_event_record(
        actor,
        "ledger.reversed",
        reversal,
        partnership,
        f"{actor} reversed entry #{entry.pk} ({entry.value:,} {entry.currency}): {reason.strip()}",
    )
    return reversal


# --- support for marginal stakeholders ----------------------------------------------------------------


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
    from accord.partnerships.services import coordinators_of

    notify(
        users=coordinators_of(partnership),
        verb="support.requested",
        partnership=partnership,
        text=f"{organization} asks for {request.get_kind_display().lower()} support ({request.amount:,} {request.currency}).",
        url=f"/p/{partnership.slug}/resources/support/",
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

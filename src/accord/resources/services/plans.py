"""Plans change: editing an activity, removing its links, amending or cancelling a pledge.

Who may do what (docs/permissions.md):

- an activity's status, dates and progress, and its chain of implementation and RACI
  links: the partnership's coordinators (``resources.change_workplan``), while the
  activity is not closed or cancelled (those are final: a change is a 409);
- a pledge's amendment or cancellation: a coordinator, or a representative of the
  organization that pledged (``resources.amend_pledge``, then the organization checked).

Every change says why, and lands in the partnership's feed with who and why. A pledge's
amendment is an append-only :class:`~accord.resources.models.PledgeAmendment` with the
schedule before and after; the current schedule follows the rule of
:mod:`accord.engine.resources.amendments` (an amendment agreed before a due date moves
it; one agreed after does not excuse the delay). The ledger is not touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import choice_label, summary
from accord.core.formats import format_amount, format_day
from accord.engine.resources.amendments import BackdatedInstallment, Scheduled, amended_schedule
from accord.errors import Conflict, Forbidden, Invalid
from accord.errors import full_clean_or_invalid as _validate
from accord.errors import require_permission as _require
from accord.partnerships.roles import represented_organization_ids
from accord.resources.models import (
    DELIVERY_TYPES,
    Activity,
    ActivityOrganization,
    ActivityStatus,
    AmendmentKind,
    LedgerEntry,
    Pledge,
    PledgeAmendment,
    PledgeInstallment,
    Responsibility,
)
from accord.resources.services._common import CENT, english_label, money

ZERO = Decimal("0.00")


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Say why."), field_errors={"reason": [_("Say why.")]})
    return reason


def _require_open_activity(activity: Activity) -> None:
    if activity.status == ActivityStatus.CANCELLED:
        raise Conflict(
            _("“%(activity)s” is cancelled: it changes no more.") % {"activity": activity}
        )
    if activity.is_closed:
        raise Conflict(_("“%(activity)s” is closed: it changes no more.") % {"activity": activity})


def _locked_activity(activity: Activity) -> Activity:
    return Activity.objects.select_for_update().select_related("partnership").get(pk=activity.pk)


@transaction.atomic
def activity_update(
    *,
    actor: Any,
    activity: Activity,
    status: str,
    start_on: date | None,
    end_on: date | None,
    progress_percent: int,
    reason: str,
) -> Activity:
    """Change an activity's status, dates and progress, saying why. Locks the activity."""
    activity = _locked_activity(activity)
    partnership = activity.partnership
    _require(actor, "resources.change_workplan", partnership)
    _require_open_activity(activity)
    reason = _reason(reason)
    if status not in ActivityStatus.values:
        raise Invalid(_("Unknown status."), field_errors={"status": [_("Unknown status.")]})
    if isinstance(progress_percent, bool) or not 0 <= int(progress_percent) <= 100:
        raise Invalid(
            _("Progress is a percentage from 0 to 100."),
            field_errors={"progress_percent": [_("From 0 to 100.")]},
        )
    if start_on is not None and end_on is not None and end_on < start_on:
        raise Invalid(
            _("The activity ends before it starts."),
            field_errors={"end_on": [_("Before the start.")]},
        )
    before = {
        "status": english_label(activity, "status"),
        "start_on": activity.start_on,
        "end_on": activity.end_on,
        "progress_percent": activity.progress_percent,
    }
    activity.status, activity.start_on, activity.end_on = status, start_on, end_on
    activity.progress_percent = int(progress_percent)
    after = {
        "status": english_label(activity, "status"),
        "start_on": activity.start_on,
        "end_on": activity.end_on,
        "progress_percent": activity.progress_percent,
    }
    changes = {
        k: [str(before[k] or "—"), str(after[k] or "—")] for k in after if before[k] != after[k]
    }
    if not changes:
        raise Invalid(_("Nothing was changed."))
    _validate(activity)
    activity.save(update_fields=["status", "start_on", "end_on", "progress_percent"])
    words = {
        "status": "status",
        "start_on": "start",
        "end_on": "end",
        "progress_percent": "progress (%)",
    }
    said = "; ".join(f"{words[k]} {old} → {new}" for k, (old, new) in changes.items())
    partnership_event_record(
        actor,
        "activity.changed",
        activity,
        partnership,
        summary(
            gettext_noop("%(actor)s changed “%(activity)s”: %(changes)s. Why: %(reason)s"),
            actor=actor,
            activity=activity,
            changes=said,
            reason=reason,
        ),
        changes=changes,
        reason=reason,
    )
    return activity


@transaction.atomic
def activity_chain_remove(*, actor: Any, link: ActivityOrganization, reason: str) -> None:
    """Remove an organization's role from an activity's chain of implementation."""
    activity = _locked_activity(link.activity)
    partnership = activity.partnership
    _require(actor, "resources.change_workplan", partnership)
    _require_open_activity(activity)
    reason = _reason(reason)
    partnership_event_record(
        actor,
        "activity.chain_removed",
        activity,
        partnership,
        summary(
            gettext_noop(
                "%(actor)s removed %(organization)s as %(role)s for “%(activity)s”. Why: %(reason)s"
            ),
            actor=actor,
            organization=link.organization,
            role=choice_label(link, "role"),
            activity=activity,
            reason=reason,
        ),
        organization_id=link.organization_id,
        role=link.role,
        reason=reason,
    )
    link.delete()


@transaction.atomic
def responsibility_remove(*, actor: Any, responsibility: Responsibility, reason: str) -> None:
    """Remove a RACI responsibility from an activity."""
    activity = _locked_activity(responsibility.activity)
    partnership = activity.partnership
    _require(actor, "resources.change_workplan", partnership)
    _require_open_activity(activity)
    reason = _reason(reason)
    values = {
        "actor": actor,
        "organization": responsibility.organization,
        "role": choice_label(responsibility, "raci"),
        "activity": activity,
        "reason": reason,
    }
    if responsibility.person_id:
        said = summary(
            gettext_noop(
                "%(actor)s removed %(person)s (%(organization)s) as %(role)s "
                "for “%(activity)s”. Why: %(reason)s"
            ),
            person=responsibility.person,
            **values,
        )
    else:
        said = summary(
            gettext_noop(
                "%(actor)s removed %(organization)s as %(role)s for “%(activity)s”. Why: %(reason)s"
            ),
            **values,
        )
    partnership_event_record(
        actor,
        "activity.responsibility_removed",
        activity,
        partnership,
        said,
        organization_id=responsibility.organization_id,
        raci=responsibility.raci,
        reason=reason,
    )
    responsibility.delete()


# --- pledges ---------------------------------------------------------------------------------


def pledge_delivered(pledge: Pledge) -> Decimal:
    """What was delivered against the pledge in its own currency, reversals netted."""
    total = LedgerEntry.objects.filter(
        pledge=pledge, type__in=DELIVERY_TYPES, currency=pledge.currency
    ).aggregate(total=Sum("value"))["total"]
    return (total or ZERO).quantize(CENT)


def _current_schedule(pledge: Pledge) -> list[Scheduled]:
    return [
        Scheduled(i.due_on, i.amount, i.rescheduled_to)
        for i in PledgeInstallment.objects.filter(pledge=pledge).order_by("due_on", "id")
    ]


def _as_json(schedule: Sequence[Scheduled]) -> list[dict[str, Any]]:
    return [
        {
            "due_on": part.due_on.isoformat(),
            "amount": str(part.amount),
            "rescheduled_to": part.rescheduled_to.isoformat() if part.rescheduled_to else None,
        }
        for part in schedule
    ]


def _locked_pledge(actor: Any, pledge: Pledge) -> Pledge:
    pledge = (
        Pledge.objects.select_for_update()
        .select_related("partnership", "organization")
        .get(pk=pledge.pk)
    )
    partnership = pledge.partnership
    _require(actor, "resources.amend_pledge", partnership)
    is_coordinator = actor.has_perm("partnerships.change_partnership", partnership)
    if not is_coordinator and pledge.organization_id not in represented_organization_ids(actor):
        raise Forbidden(
            _("Only %(organization)s's representatives or a coordinator change its pledge.")
            % {"organization": pledge.organization}
        )
    if pledge.cancelled_at is not None:
        raise Conflict(_("This pledge was cancelled: it changes no more."))
    return pledge


def _replace_schedule(pledge: Pledge, schedule: Sequence[Scheduled]) -> None:
    """The current schedule is derived data; its history is in the amendments."""
    PledgeInstallment.objects.filter(pledge=pledge).delete()
    PledgeInstallment.objects.bulk_create(
        PledgeInstallment(
            pledge=pledge,
            due_on=part.due_on,
            amount=part.amount,
            rescheduled_to=part.rescheduled_to,
        )
        for part in schedule
    )


@transaction.atomic
def pledge_amend(
    *,
    actor: Any,
    pledge: Pledge,
    reason: str,
    amount: Any = None,
    hours: Any = None,
    ends_on: date | None = None,
    installments: Sequence[tuple[date, Any]] | None = None,
    agreed_on: date | None = None,
) -> PledgeAmendment:
    """Amend a pledge's value, hours, end or schedule, saying why. Locks the pledge.

    What is not given stays. Without ``installments``, the schedule stays if the amount
    does, and otherwise the whole new amount falls due at the (new) end. The amount may
    not go below what was delivered against the pledge (in its currency). The schedule
    reliability counts from follows ``engine.resources.amendments``.

    ``agreed_on`` is the day of the agreement, today unless given: only code that loads
    recorded history (the demo) gives it; the pages and the API never do, so an
    amendment cannot be backdated to excuse a delay.
    """
    pledge = _locked_pledge(actor, pledge)
    reason = _reason(reason)
    today = agreed_on or timezone.localdate()
    new_amount = money(amount) if amount not in (None, "") else pledge.amount
    new_hours = money(hours, "hours") if hours not in (None, "") else pledge.hours
    new_ends_on = ends_on or pledge.ends_on
    if (
        amount in (None, "")
        and hours not in (None, "")
        and pledge.hourly_rate is not None
        and new_hours is not None
    ):
        new_amount = (new_hours * pledge.hourly_rate).quantize(CENT)
    if new_ends_on < pledge.starts_on:
        raise Invalid(
            _("The period would end before it starts."),
            field_errors={"ends_on": [_("Before the start.")]},
        )
    delivered = pledge_delivered(pledge)
    if new_amount is not None and new_amount < delivered:
        raise Invalid(
            _(
                "%(delivered)s %(currency)s was already delivered against this pledge; "
                "it cannot be lowered to %(amount)s."
            )
            % {
                "delivered": format_amount(delivered),
                "currency": pledge.currency,
                "amount": format_amount(new_amount),
            },
            field_errors={"amount": [_("Below what was delivered.")]},
        )
    current = _current_schedule(pledge)
    if installments is not None and len(installments) > 0:
        wanted = [(due, money(value, "installments")) for due, value in installments]
    elif new_amount is None:
        wanted = []
    elif new_amount == pledge.amount and current:
        wanted = [(part.agreed_on, part.amount) for part in current]
    else:
        wanted = [(new_ends_on, new_amount)]
    if wanted and new_amount is None:
        raise Invalid(
            _("A pledge without a value has no installments."),
            field_errors={"installments": [_("The pledge has no value.")]},
        )
    for due_on, _value in wanted:
        if not pledge.starts_on <= due_on <= new_ends_on:
            raise Invalid(
                _(
                    "An installment due on %(day)s falls outside the pledge's period "
                    "%(start)s – %(end)s."
                )
                % {
                    "day": format_day(due_on),
                    "start": format_day(pledge.starts_on),
                    "end": format_day(new_ends_on),
                },
                field_errors={"installments": [_("Outside the period.")]},
            )
    if new_amount is not None and sum((v for _, v in wanted), ZERO) != new_amount:
        totals = {
            "sum": format_amount(sum((v for _, v in wanted), ZERO)),
            "amount": format_amount(new_amount),
        }
        raise Invalid(
            _("The installments add up to %(sum)s, not the pledged %(amount)s.") % totals,
            field_errors={
                "installments": [
                    _("Do not add up: %(sum)s in the rows, %(amount)s pledged.") % totals
                ]
            },
        )
    try:
        schedule = amended_schedule(current, wanted, agreed_on=today)
    except BackdatedInstallment as exc:
        raise Invalid(
            _("A new installment cannot fall due on %(day)s, before today (%(today)s).")
            % {"day": format_day(exc.due_on), "today": format_day(today)},
            field_errors={"installments": [_("Before today.")]},
        ) from exc
    changed = (
        new_amount != pledge.amount
        or new_hours != pledge.hours
        or new_ends_on != pledge.ends_on
        or _as_json(schedule) != _as_json(current)
    )
    if not changed:
        raise Invalid(_("Nothing was changed."))
    amendment = PledgeAmendment(
        pledge=pledge,
        partnership=pledge.partnership,
        kind=AmendmentKind.AMENDED,
        agreed_on=today,
        reason=reason,
        previous_amount=pledge.amount,
        amount=new_amount,
        previous_hours=pledge.hours,
        hours=new_hours,
        previous_ends_on=pledge.ends_on,
        ends_on=new_ends_on,
        previous_schedule=_as_json(current),
        schedule=_as_json(schedule),
        amended_by=actor,
    )
    _validate(amendment)
    amendment.save()
    pledge.amount, pledge.hours, pledge.ends_on = new_amount, new_hours, new_ends_on
    _validate(pledge)
    pledge.save(update_fields=["amount", "hours", "ends_on"])
    _replace_schedule(pledge, schedule)
    said = []
    if amendment.previous_amount != new_amount:
        said.append(
            f"value {amendment.previous_amount or 0:,} → {new_amount or 0:,} {pledge.currency}"
        )
    if amendment.previous_hours != new_hours:
        said.append(f"hours {amendment.previous_hours or 0} → {new_hours or 0}")
    if amendment.previous_ends_on != new_ends_on:
        said.append(f"ends {amendment.previous_ends_on} → {new_ends_on}")
    if amendment.previous_schedule != amendment.schedule:
        said.append("falls due " + ", ".join(f"{d} {v:,}" for d, v in sorted(wanted)))
    partnership_event_record(
        actor,
        "pledge.amended",
        pledge,
        pledge.partnership,
        summary(
            gettext_noop(
                "%(actor)s amended %(organization)s's pledge “%(description)s”: "
                "%(changes)s. Why: %(reason)s"
            ),
            actor=actor,
            organization=pledge.organization,
            description=pledge.description,
            changes="; ".join(said),
            reason=reason,
        ),
        amendment_id=amendment.pk,
        reason=reason,
    )
    return amendment


@transaction.atomic
def pledge_cancel(*, actor: Any, pledge: Pledge, reason: str) -> PledgeAmendment:
    """Cancel a pledge, saying why. What was delivered stays pledged (the schedule is cut
    down to it, earliest first); what had fallen due keeps its due dates (the amendment
    rule), so a cancellation does not turn a late delivery into an on-time one."""
    pledge = _locked_pledge(actor, pledge)
    reason = _reason(reason)
    today = timezone.localdate()
    delivered = pledge_delivered(pledge)
    current = _current_schedule(pledge)
    wanted: list[tuple[date, Decimal]] = []
    room = delivered
    for part in sorted(current, key=lambda p: p.agreed_on):
        if room <= 0:
            break
        taken = min(part.amount, room)
        wanted.append((part.agreed_on, taken))
        room -= taken
    schedule = amended_schedule(current, wanted, agreed_on=today)
    amendment = PledgeAmendment(
        pledge=pledge,
        partnership=pledge.partnership,
        kind=AmendmentKind.CANCELLED,
        agreed_on=today,
        reason=reason,
        previous_amount=pledge.amount,
        amount=delivered if pledge.amount is not None and delivered > 0 else None,
        previous_hours=pledge.hours,
        hours=pledge.hours,
        previous_ends_on=pledge.ends_on,
        ends_on=pledge.ends_on,
        previous_schedule=_as_json(current),
        schedule=_as_json(schedule),
        amended_by=actor,
    )
    _validate(amendment)
    amendment.save()
    pledge.cancelled_at = timezone.now()
    pledge.save(update_fields=["cancelled_at"])
    _replace_schedule(pledge, schedule)
    partnership_event_record(
        actor,
        "pledge.cancelled",
        pledge,
        pledge.partnership,
        summary(
            gettext_noop(
                "%(actor)s cancelled %(organization)s's pledge “%(description)s” "
                "(%(delivered)s %(currency)s delivered stays). Why: %(reason)s"
            ),
            actor=actor,
            organization=pledge.organization,
            description=pledge.description,
            delivered=delivered,
            currency=pledge.currency,
            reason=reason,
        ),
        amendment_id=amendment.pk,
        reason=reason,
    )
    return amendment

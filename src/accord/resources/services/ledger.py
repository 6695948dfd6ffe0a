"""The ledger of actual flows: posting an entry, and reversing one to correct a mistake."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import choice_label, summary
from accord.core import uploads
from accord.core.formats import format_day
from accord.core.persistence import unique_or_conflict
from accord.errors import Conflict, Forbidden, Invalid
from accord.errors import require_permission as _require
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.partnerships.roles import represented_organization_ids
from accord.resources.models import Activity, LedgerEntry, Pledge, TransactionType
from accord.resources.services._common import _require_member, currency, money
from accord.resources.services.rollups import ledger_rollup_add


def _may_post(
    actor: Any, partnership: Partnership, provider: Organization, receiver: Organization | None
) -> None:
    _require(actor, "resources.post_ledger", partnership)
    if actor.has_perm("partnerships.change_partnership", partnership):
        return  # coordinators post for any member
    mine = represented_organization_ids(actor)
    if provider.pk not in mine and (receiver is None or receiver.pk not in mine):
        raise Forbidden(_("You can post only flows your own organization gave or received."))


#: How far back a value date may go when the partnership does not say when it began.
PLAUSIBLE_YEARS = 20


def value_date_check(partnership: Partnership, value_date: date) -> None:
    """Refuse a value date in the future, before the partnership began (``began_on``) or
    more than ``PLAUSIBLE_YEARS`` years ago (0001-01-01 is a typing slip, not a flow)."""
    today = timezone.localdate()
    if value_date > today:
        raise Invalid(
            _("The value date %(day)s is in the future; post flows once they happen.")
            % {"day": format_day(value_date)},
            field_errors={"value_date": [_("In the future.")]},
        )
    began = partnership.began_on
    if began is not None and value_date < began:
        raise Invalid(
            _("The value date %(day)s is before the partnership began (%(began)s).")
            % {"day": format_day(value_date), "began": format_day(began)},
            field_errors={"value_date": [_("Before the partnership began.")]},
        )
    oldest = today.replace(year=today.year - PLAUSIBLE_YEARS, month=1, day=1)
    if value_date < oldest:
        raise Invalid(
            _("The value date %(day)s is implausibly old: Accord takes flows from %(oldest)s on.")
            % {"day": format_day(value_date), "oldest": format_day(oldest)},
            field_errors={"value_date": [_("Implausibly old.")]},
        )


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
    """Post an actual flow. Refuses negative amounts, unknown currencies, non-members and
    value dates in the future, before the partnership began or implausibly old
    (:func:`value_date_check`); nothing is written then. A delivery before its pledge's
    period is early, and accepted."""
    _may_post(actor, partnership, provider, receiver)
    if type not in TransactionType.values:
        raise Invalid(
            _("Unknown type “%(type)s”: use one of %(types)s.")
            % {"type": type, "types": ", ".join(str(label) for label in TransactionType.labels)},
            field_errors={"type": [_("Unknown type.")]},
        )
    amount = money(value, "value")
    code = currency(currency_code)
    _require_member(partnership, provider, "provider")
    _require_member(partnership, receiver, "receiver")
    if receiver is None and activity is None:
        raise Invalid(
            _("Say who received it: a member organization or an activity."),
            field_errors={"receiver": [_("Required.")]},
        )
    if receiver is not None and receiver.pk == provider.pk:
        raise Invalid(
            _("Provider and receiver are the same organization."),
            field_errors={"receiver": [_("Same as provider.")]},
        )
    if activity is not None and activity.partnership_id != partnership.pk:
        raise Invalid(
            _("That activity belongs to another partnership."),
            field_errors={"activity": [_("Other partnership.")]},
        )
    value_date_check(partnership, value_date)
    if pledge is not None:
        if pledge.partnership_id != partnership.pk:
            raise Invalid(
                _("That pledge belongs to another partnership."),
                field_errors={"pledge": [_("Other partnership.")]},
            )
        if pledge.organization_id != provider.pk:
            raise Invalid(
                _("That pledge was made by %(organization)s, not %(provider)s.")
                % {"organization": pledge.organization, "provider": provider},
                field_errors={"pledge": [_("Other provider.")]},
            )
        # Delivered before the pledge's period: early, accepted, and on time (the
        # reliability counts a delivery before its installment's due date as on time).
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
        # size, type by content and the partnership's quota (core.uploads, issue 15)
        uploads.upload_accept(
            evidence, field="evidence", kinds=uploads.EVIDENCE, partnership_id=partnership.pk
        )
        entry.evidence = evidence
    entry.save()
    ledger_rollup_add([entry])
    kind = choice_label(entry, "type")
    if receiver is not None:
        said = summary(
            gettext_noop("%(provider)s → %(receiver)s: %(amount)s %(currency)s (%(type)s)"),
            provider=provider,
            receiver=receiver,
            amount=amount,
            currency=code,
            type=kind,
        )
    else:
        said = summary(
            gettext_noop(
                "%(provider)s → the activity “%(activity)s”: %(amount)s %(currency)s (%(type)s)"
            ),
            provider=provider,
            activity=activity,
            amount=amount,
            currency=code,
            type=kind,
        )
    partnership_event_record(actor, "ledger.posted", entry, partnership, said)
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
        raise Invalid(
            _("Say why the entry is reversed."), field_errors={"reason": [_("Required.")]}
        )
    if entry.is_reversal:
        raise Invalid(_("A reversal cannot itself be reversed; post a new entry instead."))
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise Conflict(_("This entry has already been reversed."))
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
    with unique_or_conflict(_("This entry has already been reversed.")):
        reversal.save()
    ledger_rollup_add([reversal])
    partnership_event_record(
        actor,
        "ledger.reversed",
        reversal,
        partnership,
        summary(
            gettext_noop("%(actor)s reversed entry #%(id)s (%(amount)s %(currency)s): %(reason)s"),
            actor=actor,
            id=str(entry.pk),
            amount=entry.value,
            currency=entry.currency,
            reason=reason.strip(),
        ),
    )
    return reversal

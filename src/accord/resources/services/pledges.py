"""Pledges: what a member promises to give, and when which part falls due."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.core.formats import format_amount, format_day
from accord.errors import Forbidden, Invalid
from accord.errors import full_clean_or_invalid as _validate
from accord.errors import require_permission as _require
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.partnerships.roles import represented_organization_ids
from accord.resources.models import Activity, Pledge, PledgeInstallment, ResourceKind
from accord.resources.services._common import CENT, _require_member, currency, money


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
        raise Forbidden(
            _("Only %(organization)s's representatives pledge for it.")
            % {"organization": organization}
        )
    _require_member(partnership, organization, "organization")
    _require_member(partnership, recipient, "recipient")
    if recipient is not None and recipient.pk == organization.pk:
        raise Invalid(
            _("A member cannot pledge to itself."),
            field_errors={"recipient": [_("Same as the pledger.")]},
        )
    if activity is not None and activity.partnership_id != partnership.pk:
        raise Invalid(_("That activity belongs to another partnership."))
    if kind not in ResourceKind.values:
        raise Invalid(
            _("kind: use one of %(kinds)s.") % {"kinds": ", ".join(ResourceKind.values)},
            field_errors={"kind": [_("Unknown kind.")]},
        )
    code = currency(currency_code)
    hours_value = money(hours, "hours") if hours not in (None, "") else None
    rate_value = money(hourly_rate, "hourly_rate") if hourly_rate not in (None, "") else None
    amount_value = money(amount) if amount not in (None, "") else None
    if amount_value is None and hours_value is not None and rate_value is not None:
        amount_value = (hours_value * rate_value).quantize(CENT)
    if kind == ResourceKind.MONEY and amount_value is None:
        raise Invalid(
            _("A money pledge needs an amount."), field_errors={"amount": [_("Required.")]}
        )
    if kind == ResourceKind.PEOPLE and hours_value is None:
        raise Invalid(
            _("A pledge of people's time needs hours."), field_errors={"hours": [_("Required.")]}
        )
    if ends_on < starts_on:
        raise Invalid(
            _("The period ends before it starts."),
            field_errors={"ends_on": [_("Before the start.")]},
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
                _(
                    "An installment due on %(day)s falls outside the pledge's period "
                    "%(start)s – %(end)s."
                )
                % {
                    "day": format_day(due_on),
                    "start": format_day(starts_on),
                    "end": format_day(ends_on),
                },
                field_errors={"installments": [_("Outside the period.")]},
            )
    if schedule and amount_value is not None and sum(v for _, v in schedule) != amount_value:
        totals = {
            "sum": format_amount(sum(v for _, v in schedule)),
            "amount": format_amount(amount_value),
        }
        raise Invalid(
            _("The installments add up to %(sum)s, not the pledged %(amount)s.") % totals,
            field_errors={
                "installments": [
                    _("Do not add up: %(sum)s in the rows, %(amount)s pledged.") % totals
                ]
            },
        )
    PledgeInstallment.objects.bulk_create(
        PledgeInstallment(pledge=pledge, due_on=d, amount=v) for d, v in schedule
    )
    if amount_value is not None:
        said = summary(
            gettext_noop("%(organization)s pledged %(amount)s %(currency)s: %(description)s"),
            organization=organization,
            amount=amount_value,
            currency=code,
            description=description,
        )
    elif hours_value:
        said = summary(
            gettext_noop("%(organization)s pledged %(hours)s hours: %(description)s"),
            organization=organization,
            hours=hours_value,
            description=description,
        )
    else:
        said = summary(
            gettext_noop("%(organization)s pledged in kind: %(description)s"),
            organization=organization,
            description=description,
        )
    partnership_event_record(actor, "pledge.created", pledge, partnership, said, kind=kind)
    return pledge

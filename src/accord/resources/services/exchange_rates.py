"""Exchange rates into the partnership's reporting currency; recorded, never overwritten."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.core.formats import format_day
from accord.errors import Conflict, Invalid
from accord.errors import require_permission as _require
from accord.partnerships.models import Partnership
from accord.resources.models import ExchangeRate
from accord.resources.services._common import currency


@transaction.atomic
def exchange_rate_add(
    *, actor: Any, partnership: Partnership, currency_code: str, valid_on: date, to_reporting: Any
) -> ExchangeRate:
    _require(actor, "resources.add_rate", partnership)
    code = currency(currency_code)
    if code == partnership.reporting_currency:
        raise Invalid(
            _("%(code)s is the reporting currency; it needs no rate.") % {"code": code},
            field_errors={"currency": [_("Reporting currency.")]},
        )
    try:
        rate = Decimal(str(to_reporting))
    except (InvalidOperation, ValueError) as exc:
        raise Invalid(
            _("The rate must be a number."), field_errors={"to_reporting": [_("Not a number.")]}
        ) from exc
    if not rate.is_finite() or rate <= 0:
        raise Invalid(
            _("The rate must be greater than zero."),
            field_errors={"to_reporting": [_("Must be > 0.")]},
        )
    if ExchangeRate.objects.filter(
        partnership=partnership, currency=code, valid_on=valid_on
    ).exists():
        raise Conflict(
            _("A %(code)s rate for %(day)s is already recorded; rates are not overwritten.")
            % {"code": code, "day": format_day(valid_on)}
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
        summary(
            gettext_noop("%(actor)s set 1 %(code)s = %(rate)s %(reporting)s from %(day)s"),
            actor=actor,
            code=code,
            rate=rate,
            reporting=partnership.reporting_currency,
            day=valid_on,
        ),
    )
    return entry

"""Display filters, one format each, in every template (``{% load accord_format %}``):
money with thousands separators, shares as percentages, and dates and date-times, each
written as the active language writes it (docs/languages.md).

- ``{{ value|money }}`` an amount with two decimals: ``1,234.50`` (en), ``1 234,50`` (fr),
  ``1.234,50`` (es); ``{{ value|number }}`` a number with the decimals it has.
- ``{{ value|day }}`` a date (``2026-12-20`` in English, unambiguous; ``20/12/2026`` in
  French and Spanish); a date-time is first put in the zone of the request
  (``web.middleware.TimeZoneMiddleware``).
- ``{{ value|moment }}`` a date-time in the zone of the request, the zone named
  (``2026-12-20 17:00 Africa/Nairobi``).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from accord.core.formats import day_format, format_amount, format_day, format_number

register = template.Library()

#: The one time-of-day format (24 hours).
TIME_FORMAT = "H:i"


@register.filter
def money(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return format_amount(Decimal(value))


@register.filter
def number(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return format_number(value)


@register.filter
def percent(value: Any) -> str:
    if value is None:
        return "—"
    return f"{format_number(round(float(value) * 100))} %"


@register.filter
def day(value: Any) -> str:
    """A date, or the day of a date-time in the zone of the request; "" for nothing."""
    return format_day(value)


@register.filter
def moment(value: Any) -> str:
    """A date-time in the zone of the request, with the zone named; "" for nothing."""
    if not isinstance(value, datetime):
        return day(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return _("%(day)s %(time)s %(zone)s") % {
        "day": date_format(value, day_format()),
        "time": date_format(value, TIME_FORMAT),
        "zone": timezone.get_current_timezone_name(),
    }


@register.simple_tag
def current_zone() -> str:
    """The name of the zone the page is shown in (for "times are in …")."""
    return timezone.get_current_timezone_name()

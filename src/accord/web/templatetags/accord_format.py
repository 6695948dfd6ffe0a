"""Display filters, one format each, in every template (``{% load accord_format %}``):
money with thousands separators, shares as percentages, and dates and date-times.

- ``{{ value|day }}`` a date (``2026-12-20``); a date-time is first put in the zone of the
  request (``web.middleware.TimeZoneMiddleware``).
- ``{{ value|moment }}`` a date-time in the zone of the request, the zone named
  (``2026-12-20 17:00 Africa/Nairobi``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

register = template.Library()

#: The one date format of the interface (ISO 8601: unambiguous in every language).
DAY_FORMAT = "Y-m-d"
#: The one time-of-day format (24 hours).
TIME_FORMAT = "H:i"


@register.filter
def money(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):,.2f}"


@register.filter
def percent(value: Any) -> str:
    if value is None:
        return "—"
    return f"{float(value) * 100:.0f} %"


@register.filter
def day(value: Any) -> str:
    """A date, or the day of a date-time in the zone of the request; "" for nothing."""
    if not isinstance(value, date):
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, DAY_FORMAT)


@register.filter
def moment(value: Any) -> str:
    """A date-time in the zone of the request, with the zone named; "" for nothing."""
    if not isinstance(value, datetime):
        return day(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return _("%(day)s %(time)s %(zone)s") % {
        "day": date_format(value, DAY_FORMAT),
        "time": date_format(value, TIME_FORMAT),
        "zone": timezone.get_current_timezone_name(),
    }


@register.simple_tag
def current_zone() -> str:
    """The name of the zone the page is shown in (for "times are in …")."""
    return timezone.get_current_timezone_name()

"""Numbers and amounts written the way the reader's language writes them (CLDR, through
Babel): ``1,234.50`` in English, ``1 234,50`` in French, ``1234,50`` / ``12.345,50`` in
Spanish. For text built in Python (messages, notifications); templates use the
``accord_format`` filters, which call these."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import format_decimal
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

#: The date format of the interface: ISO 8601 in English (unambiguous where month/day and
#: day/month orders both exist), the day first where the language always writes it so.
DAY_FORMAT = "Y-m-d"
DAY_FORMATS = {"fr": "d/m/Y", "es": "d/m/Y"}


def babel_locale(language: str | None = None) -> str:
    """The Babel locale of a Django language code (the active one by default)."""
    return translation.to_locale(language or translation.get_language() or "en")


def format_amount(value: Any, places: int = 2, *, language: str | None = None) -> str:
    """An amount with its grouping and exactly ``places`` decimals, e.g. ``12 500,00``."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    pattern = "#,##0" + ("." + "0" * places if places > 0 else "")
    return format_decimal(number, format=pattern, locale=babel_locale(language))


def format_number(value: Any, *, language: str | None = None) -> str:
    """A number with its grouping and the decimals it has (none for a whole number)."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return format_decimal(number, format="#,##0.###", locale=babel_locale(language))


def day_format(language: str | None = None) -> str:
    """The date format of a language (the active one by default)."""
    code = (language or translation.get_language() or "en").split("-")[0]
    return DAY_FORMATS.get(code, DAY_FORMAT)


def format_day(value: Any, *, language: str | None = None) -> str:
    """A date (or a date-time's day, in the current zone) as the language writes it:
    ``2026-12-20`` in English, ``20/12/2026`` in French and Spanish; "" for nothing."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if not isinstance(value, date):
        return ""
    return date_format(value, day_format(language))

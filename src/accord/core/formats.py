"""Numbers and amounts written the way the reader's language writes them (CLDR, through
Babel): ``1,234.50`` in English, ``1 234,50`` in French, ``1234,50`` / ``12.345,50`` in
Spanish. For text built in Python (messages, notifications); templates use the
``accord_format`` filters, which call these."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import format_decimal
from django.utils import translation

from accord.day_formats import day_format, format_day

__all__ = ["babel_locale", "day_format", "format_amount", "format_day", "format_number"]


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

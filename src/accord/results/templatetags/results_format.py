"""Display of indicator values: as entered, without trailing zeros, with thousands separators,
written as the reader's language writes numbers (``1,234.5``, ``1 234,5``, ``1.234,5``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal
from django import template

from accord.core.formats import babel_locale

register = template.Library()


@register.filter
def figure(value: Any) -> str:
    if value is None or value == "":
        return "—"
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    normalized = number.normalize()
    if normalized == normalized.to_integral():
        normalized = normalized.quantize(Decimal(1))
    exponent = normalized.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(normalized, format=pattern, locale=babel_locale())

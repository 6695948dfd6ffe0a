"""How each language writes a day, in one place for every layer.

ISO 8601 (``2026-12-20``) in English, unambiguous where month/day and day/month orders
both exist; the day first (``20/12/2026``) where the language always writes it so. The
``|day`` filter, ``core.formats`` (text built in Python) and the event summaries
(``audit.summaries``, read per reader) all write days through :func:`format_day`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

DAY_FORMAT = "Y-m-d"
DAY_FORMATS = {"fr": "d/m/Y", "es": "d/m/Y"}


def day_format(language: str | None = None) -> str:
    """The date format of a language (the active one by default)."""
    code = (language or translation.get_language() or "en").split("-")[0]
    return DAY_FORMATS.get(code, DAY_FORMAT)


def format_day(value: Any, *, language: str | None = None) -> str:
    """A date (or a date-time's day, in the current zone) as the language writes it;
    "" for nothing."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if not isinstance(value, date):
        return ""
    return date_format(value, day_format(language))

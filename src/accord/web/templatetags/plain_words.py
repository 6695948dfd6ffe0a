"""Codes in plain words: the label of a stored choice where a page has only its value.

``{{ group|sector }}`` prints "Civil society" for ``civil_society`` (a vote's groups, a
survey's sectors); ``{{ code|words }}`` is the last resort for a code without a label of its
own: "peri_urban" becomes "Peri urban". A page never shows a code (issue 14, item 6;
tests/web/test_plain_words.py scans every page of the demo).
"""

from __future__ import annotations

from typing import Any

from django import template

from accord.partners.models import Sector

register = template.Library()


@register.filter
def words(code: Any) -> str:
    """A code as words: underscores to spaces, first letter capital."""
    text = str(code or "").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@register.filter
def sector(code: Any) -> str:
    """The label of a sector (``Sector``), or the code in words for another grouping."""
    try:
        return str(Sector(code).label)
    except ValueError:
        return words(code)

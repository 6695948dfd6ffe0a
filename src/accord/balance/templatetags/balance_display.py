"""Display of the balance figures: ``{{ value|share }}`` prints a share from 0 to 1 as a
whole percentage ("40 %", "< 1 %" for a sliver, "—" for none); ``{{ value|measure }}``
prints a measure from 0 to 1 with two decimals ("0.25")."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _share_text(value: float | None, pattern: str, sliver: str) -> str:
    if value is None:
        return "—"
    if 0 < value < 0.005:
        return sliver
    return pattern % {"value": round(value * 100)}


@register.filter
def share(value: float | None) -> str:
    return _share_text(value, _("%(value)s %%"), _("< 1 %"))


@register.simple_tag
def share_cells(values: list[float | None]) -> SafeString:
    """One ``<td>`` per share, formatted as :func:`share` (a 500-member table has thousands
    of cells: one tag, and the translated pattern looked up once, keep the page fast). The
    text is made of numbers and the escaped pattern only."""
    pattern = conditional_escape(_("%(value)s %%"))
    sliver = conditional_escape(_("< 1 %"))
    return mark_safe(  # noqa: S308 -- numbers and escaped patterns only
        "".join(f"<td>{_share_text(value, pattern, sliver)}</td>" for value in values)
    )


@register.filter
def measure(value: float | None) -> str:
    if value is None or value != value:  # None or NaN
        return "—"
    return number_format(value, 2)

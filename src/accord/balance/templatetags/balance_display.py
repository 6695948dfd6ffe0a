"""Display of the balance figures: ``{{ value|share }}`` prints a share from 0 to 1 as a
whole percentage ("40 %", "< 1 %" for a sliver, "—" for none); ``{{ value|measure }}``
prints a measure from 0 to 1 with two decimals ("0.25")."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def share(value: float | None) -> str:
    if value is None:
        return "—"
    if 0 < value < 0.005:
        return _("< 1 %")
    return _("%(value)s %%") % {"value": number_format(round(value * 100), 0)}


@register.filter
def measure(value: float | None) -> str:
    if value is None or value != value:  # None or NaN
        return "—"
    return number_format(value, 2)

"""Display of the power analysis: ``{{ share|percent }}`` prints a share from 0 to 1 as a
percentage with one decimal ("12.5%"), "< 0.1%" for a sliver and "—" for none."""

from __future__ import annotations

from django import template

from accord.decisions import power_chart

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    return power_chart.percent(value)

"""The power analysis chart, as SVG drawn on the server: it reads without JavaScript,
prints, and fits a 360 px phone (the drawing scales to the width of its box).

Per member: a bar for its share of the seats, one for its share of the resources
delivered, and one for its power under each rule compared, so that a member whose power is
far from its seats or its contribution stands out. No database: the selectors hand in
names and shares (``selectors.power_comparison``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.formats import number_format
from django.utils.translation import gettext as _

WIDTH = 360
LEFT = 4
BAR_WIDTH = 270
BAR_HEIGHT = 9
BAR_STEP = 12
LINE = 15
GAP = 10
#: Characters of a name or legend line before it wraps (the drawing is 360 units wide).
WRAP = 52

#: Seats and contributions in greys; the rules in the Okabe–Ito palette, which stays
#: distinct for readers with colour-blindness (it repeats past eight rules).
SEATS_COLOUR = "#9a9a9a"
CONTRIBUTIONS_COLOUR = "#5c4300"
RULE_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")


@dataclass(frozen=True)
class ChartSeries:
    label: str
    colour: str


@dataclass(frozen=True)
class ChartMember:
    name: str
    values: tuple[float, ...]  # one per series, as shares from 0 to 1


def percent(value: float | None) -> str:
    """A share as a percentage with one decimal ("12.5%"), "< 0.1%" for a sliver, "—" for none."""
    if value is None:
        return "—"
    if 0 < value < 0.0005:
        return _("< 0.1%")
    return _("%(value)s%%") % {"value": number_format(round(value * 100, 1), 1)}


def _tick(value: float) -> str:
    """An axis label: "25%", "2.5%"."""
    whole = abs(value * 100 - round(value * 100)) < 1e-9
    return _("%(value)s%%") % {"value": number_format(round(value * 100, 1), 0 if whole else 1)}


def series_for(rule_names: Sequence[str], *, contributions: bool) -> list[ChartSeries]:
    """Seats, resources delivered (when any were), then one series per rule."""
    series = [ChartSeries(_("Share of the seats"), SEATS_COLOUR)]
    if contributions:
        series.append(ChartSeries(_("Share of the resources delivered"), CONTRIBUTIONS_COLOUR))
    series += [
        ChartSeries(_("Banzhaf power under %(rule)s") % {"rule": name}, RULE_COLOURS[i % 7])
        for i, name in enumerate(rule_names)
    ]
    return series


def _lines(text: str) -> list[str]:
    return textwrap.wrap(text, WRAP, break_long_words=True) or [""]


def power_chart_svg(
    members: Sequence[ChartMember], series: Sequence[ChartSeries], *, chart_id: str = "power"
) -> str:
    """An accessible SVG (``role="img"`` with a title and a description) of each member's
    seats, contributions and power; names and legend lines wrap, never clip."""
    top = max((v for m in members for v in m.values), default=0.0)
    scale = max(0.1, min(1.0, -(-round(top * 100, 6) // 10) / 10))  # the next 10% up
    body: list[str] = []
    y = 4.0
    for index, item in enumerate(series):
        for n, line in enumerate(_lines(item.label)):
            y += LINE
            if n == 0:
                body.append(
                    f'<rect x="{LEFT}" y="{y - 10:.0f}" width="12" height="10" '
                    f'fill="{item.colour}"/>'
                )
            body.append(f'<text x="{LEFT + 18}" y="{y:.0f}">{escape(line)}</text>')
        if index == len(series) - 1:
            y += GAP / 2
    ticks = [scale * k / 4 for k in range(5)]
    grid_top = y + 4
    y += LINE
    body.append(
        "".join(
            f'<text x="{LEFT + BAR_WIDTH * t / scale:.1f}" y="{y:.0f}" fill="#555" '
            f'text-anchor="{"start" if k == 0 else "middle"}">{escape(_tick(t))}</text>'
            for k, t in enumerate(ticks)
        )
    )
    y += GAP / 2
    described = []
    for member in members:
        y += GAP
        for line in _lines(member.name):
            y += LINE
            body.append(f'<text x="{LEFT}" y="{y:.0f}" font-weight="bold">{escape(line)}</text>')
        y += 4
        for item, value in zip(series, member.values, strict=True):
            width = BAR_WIDTH * min(value, scale) / scale
            label = f"{item.label}: {percent(value)}"
            body.append(
                f'<rect x="{LEFT}" y="{y:.0f}" width="{max(width, 0.5):.1f}" '
                f'height="{BAR_HEIGHT}" fill="{item.colour}"><title>{escape(member.name)} — '
                f"{escape(label)}</title></rect>"
                f'<text x="{LEFT + width + 4:.1f}" y="{y + BAR_HEIGHT - 1:.0f}">'
                f"{escape(percent(value))}</text>"
            )
            y += BAR_STEP
        described.append(
            f"{member.name}: "
            + ", ".join(
                f"{item.label} {percent(value)}"
                for item, value in zip(series, member.values, strict=True)
            )
        )
    height = y + GAP
    grid = "".join(
        f'<line x1="{LEFT + BAR_WIDTH * t / scale:.1f}" x2="{LEFT + BAR_WIDTH * t / scale:.1f}" '
        f'y1="{grid_top:.0f}" y2="{height - GAP / 2:.0f}" stroke="#e3e3e3"/>'
        for t in ticks
    )
    title = _("Power against seats and contributions, per member")
    summary = "; ".join(described) or _("No members.")
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
            f'font-family="system-ui, sans-serif" font-size="11" fill="#222">',
            f'<title id="{chart_id}-title">{escape(title)}</title>',
            f'<desc id="{chart_id}-desc">{escape(summary)}</desc>',
            grid,
            *body,
            "</svg>",
        ]
    )

"""The mutual-benefit charts, as SVG drawn on the server: they read without JavaScript,
print, and go into the report as they are.

- :func:`mutual_benefit_svg` -- per partner, two bars: its share of the resources
  contributed to the partnership and its share of the benefits received. Where the two
  bars differ much, the benefit is not mutual.
- :func:`benefit_levels_svg` -- per group (a sector, or the individual participants), one
  bar split by level: how much stayed with individuals and how much reached organizations,
  institutions and the wider system.

No database: the selectors hand in plain numbers (``accord.results.selectors.benefits``).
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from accord.core.formats import format_number

WIDTH = 480
LABEL_W = 150
RIGHT = 44
TOP = 34
ROW_H = 42
BAR_H = 13
LEGEND_H = 30
CONTRIBUTED = "#1f5fa8"  # 6.4:1 on white
RECEIVED = "#1b7a3a"  # 5.6:1 on white
#: One colour per level, darkening as the benefit reaches further.
LEVEL_COLOURS = {
    "individual": "#f0b44c",
    "organizational": "#6fa8dc",
    "institutional": "#1f5fa8",
    "system": "#0b2d57",
}
_LABEL_CHARS = 20


@dataclass(frozen=True)
class MutualBar:
    label: str
    contributed_share: float | None  # None when nothing was contributed by anyone
    received_share: float | None  # None when nobody received anything


@dataclass(frozen=True)
class LevelBar:
    label: str
    total: int
    shares: list[tuple[str, str, float]]  # (level code, level name, share of ``total``)


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1].rstrip() + "…"


def _percent(share: float | None) -> str:
    """A share as a whole percentage written as the reader's language writes it."""
    if share is None:
        return "—"
    return _("%(value)s%%") % {"value": format_number(round(100 * share))}


def _open(height: int, chart_id: str, title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="system-ui, sans-serif" font-size="13">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]


def mutual_benefit_svg(bars: list[MutualBar], *, title: str, chart_id: str = "mutual") -> str:
    """Each partner's share of resources contributed beside its share of benefits received."""
    plot_w = WIDTH - LABEL_W - RIGHT
    height = TOP + ROW_H * max(len(bars), 1) + LEGEND_H
    parts = _open(height, chart_id, title)
    described = []
    body = []
    if not bars:
        body.append(
            f'<text x="{WIDTH / 2}" y="{TOP + 20}" text-anchor="middle" fill="#333">'
            f"{escape(_('No partners yet.'))}</text>"
        )
    for index, bar in enumerate(bars):
        y = TOP + index * ROW_H
        body.append(
            f'<text x="{LABEL_W - 8}" y="{y + BAR_H + 4}" text-anchor="end" fill="#1b1f24">'
            f"{escape(_short(bar.label))}</text>"
        )
        for offset, share, colour, name in (
            (0, bar.contributed_share, CONTRIBUTED, _("contributed")),
            (BAR_H + 3, bar.received_share, RECEIVED, _("received")),
        ):
            width = max((share or 0.0) * plot_w, 0.0)
            tip = f"{bar.label}: {name} {_percent(share)}"
            body.append(
                f'<rect x="{LABEL_W}" y="{y + offset}" width="{width:.1f}" height="{BAR_H}" '
                f'fill="{colour}"><title>{escape(tip)}</title></rect>'
                f'<text x="{LABEL_W + width + 4:.1f}" y="{y + offset + BAR_H - 2}" '
                f'fill="#333" font-size="11">{escape(_percent(share))}</text>'
            )
        described.append(
            _(
                "%(partner)s: %(contributed)s of the resources contributed, %(received)s of the benefits received"
            )
            % {
                "partner": bar.label,
                "contributed": _percent(bar.contributed_share),
                "received": _percent(bar.received_share),
            }
        )
    legend_y = height - 10
    body.append(
        f'<g fill="#333"><rect x="8" y="{legend_y - 10}" width="14" height="10" '
        f'fill="{CONTRIBUTED}"/><text x="26" y="{legend_y}">'
        f"{escape(_('Share of resources contributed'))}</text>"
        f'<rect x="245" y="{legend_y - 10}" width="14" height="10" fill="{RECEIVED}"/>'
        f'<text x="263" y="{legend_y}">{escape(_("Share of benefits received"))}'
        "</text></g>"
    )
    summary = "; ".join(described) or _("No partners yet.")
    parts.append(f'<desc id="{chart_id}-desc">{escape(summary)}.</desc>')
    parts.extend(body)
    parts.append("</svg>")
    return "".join(parts)


def benefit_levels_svg(
    bars: list[LevelBar], *, levels: list[tuple[str, str]], title: str, chart_id: str = "levels"
) -> str:
    """Per group, one bar split by the level the benefits reached; ``levels`` are the
    (code, name) pairs of the legend."""
    plot_w = WIDTH - LABEL_W - RIGHT
    row_h = 28
    height = TOP + row_h * max(len(bars), 1) + LEGEND_H
    parts = _open(height, chart_id, title)
    described = []
    body = []
    if not bars:
        body.append(
            f'<text x="{WIDTH / 2}" y="{TOP + 20}" text-anchor="middle" fill="#333">'
            f"{escape(_('No benefits recorded yet.'))}</text>"
        )
    for index, bar in enumerate(bars):
        y = TOP + index * row_h
        body.append(
            f'<text x="{LABEL_W - 8}" y="{y + 14}" text-anchor="end" fill="#1b1f24">'
            f"{escape(_short(bar.label))}</text>"
        )
        x = float(LABEL_W)
        for code, name, share in bar.shares:
            width = share * plot_w
            if width <= 0:
                continue
            tip = f"{bar.label}: {name} {_percent(share)}"
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="18" '
                f'fill="{LEVEL_COLOURS.get(code, "#888")}"><title>{escape(tip)}</title></rect>'
            )
            x += width
        body.append(
            f'<text x="{WIDTH - RIGHT + 4}" y="{y + 14}" fill="#333" font-size="11">'
            f"{bar.total}</text>"
        )
        described.append(
            f"{bar.label} ({bar.total}): "
            + ", ".join(f"{name} {_percent(share)}" for _code, name, share in bar.shares)
        )
    legend_y = height - 10
    legend = ['<g fill="#333">']
    x = 8.0
    for code, name in levels:
        colour = LEVEL_COLOURS.get(code, "#888")
        legend.append(
            f'<rect x="{x:.0f}" y="{legend_y - 10}" width="12" height="10" fill="{colour}"/>'
            f'<text x="{x + 15:.0f}" y="{legend_y}">{escape(name)}</text>'
        )
        x += 28 + 7.2 * len(name)
    legend.append("</g>")
    body.append("".join(legend))
    summary = "; ".join(described) or _("No benefits recorded yet.")
    parts.append(f'<desc id="{chart_id}-desc">{escape(summary)}.</desc>')
    parts.extend(body)
    parts.append("</svg>")
    return "".join(parts)

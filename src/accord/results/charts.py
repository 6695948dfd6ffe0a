"""The progress chart of an indicator, as SVG drawn on the server: it reads without
JavaScript, prints, and goes into the PDF report as it is.

Per period: the target band (a shaded bar from low to high), the target value (a short
line), the actual (a dot, joined to the previous one); across all periods, the baseline
(a dashed line). No database: the selectors hand in plain numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from babel.numbers import format_decimal
from django.utils.translation import gettext as _

from accord.core.formats import babel_locale

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 28, 56


@dataclass(frozen=True)
class ChartPeriod:
    label: str
    actual: float | None = None
    target: float | None = None
    low: float | None = None
    high: float | None = None


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _number(value: float) -> str:
    """A value as the reader's language writes it: ten significant digits, three from a
    million on."""
    shown = Decimal(f"{value:.10g}" if abs(value) < 1e6 else f"{value:.3g}")
    return format_decimal(shown, format="#,##0.##########", locale=babel_locale())


def progress_chart_svg(
    periods: list[ChartPeriod],
    *,
    baseline: float | None,
    title: str,
    unit: str = "",
    chart_id: str = "chart",
) -> str:
    """An accessible SVG (``role="img"`` with a title and a description) of the periods;
    ``chart_id`` keeps the ids apart when a page holds several charts."""
    values = [v for p in periods for v in (p.actual, p.target, p.low, p.high) if v is not None]
    if baseline is not None:
        values.append(baseline)
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if low > 0 and low < high * 0.5:
        low = 0.0
    ticks = _nice_ticks(low, high)
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(periods), 1)

    def y(value: float) -> float:
        return TOP + plot_h - (value - low) / (high - low) * plot_h

    def x(index: int) -> float:
        return LEFT + slot * (index + 0.5)

    described = []
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="system-ui, sans-serif" font-size="11">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    body = [
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
        f'stroke="#e3e3e3"/>'
        f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="#555">'
        f"{escape(_number(tick))}</text>"
        for tick in ticks
    ]
    if unit:
        body.append(f'<text x="{LEFT}" y="{TOP - 12}" fill="#555">{escape(unit)}</text>')
    every = max(1, math.ceil(len(periods) / 12))
    for index, period in enumerate(periods):
        if period.low is not None and period.high is not None:
            top, bottom = y(period.high), y(period.low)
            body.append(
                f'<rect x="{x(index) - slot * 0.35:.1f}" y="{top:.1f}" width="{slot * 0.7:.1f}" '
                f'height="{max(bottom - top, 1):.1f}" fill="#cfe3f7" stroke="#8db7e0">'
                f"<title>{escape(period.label)}: "
                f"{escape(_('target band'))} {escape(_number(period.low))}–"
                f"{escape(_number(period.high))}</title></rect>"
            )
        if period.target is not None:
            body.append(
                f'<line x1="{x(index) - slot * 0.4:.1f}" x2="{x(index) + slot * 0.4:.1f}" '
                f'y1="{y(period.target):.1f}" y2="{y(period.target):.1f}" stroke="#1f5fa8" '
                f'stroke-width="3"><title>{escape(period.label)}: {escape(_("target"))} '
                f"{escape(_number(period.target))}</title></line>"
            )
        if index % every == 0:
            body.append(
                f'<text x="{x(index):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                f'fill="#333">{escape(period.label)}</text>'
            )
        described.append(
            f"{period.label}: "
            + (
                f"{_('actual')} {_number(period.actual)}"
                if period.actual is not None
                else _("no value")
            )
            + (f", {_('target')} {_number(period.target)}" if period.target is not None else "")
        )
    if baseline is not None:
        body.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(baseline):.1f}" y2="{y(baseline):.1f}" '
            f'stroke="#7a4b00" stroke-dasharray="6 4" stroke-width="1.5">'
            f"<title>{escape(_('baseline'))} {escape(_number(baseline))}</title></line>"
        )
    points = [(x(i), y(p.actual)) for i, p in enumerate(periods) if p.actual is not None]
    if len(points) > 1:
        body.append(
            '<polyline fill="none" stroke="#1b7a3a" stroke-width="2" points="'
            + " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            + '"/>'
        )
    for index, period in enumerate(periods):
        if period.actual is not None:
            body.append(
                f'<circle cx="{x(index):.1f}" cy="{y(period.actual):.1f}" r="4" fill="#1b7a3a">'
                f"<title>{escape(period.label)}: {escape(_('actual'))} "
                f"{escape(_number(period.actual))}</title></circle>"
            )
    legend_y = HEIGHT - 14
    body.append(
        f'<g fill="#333"><circle cx="{LEFT}" cy="{legend_y - 4}" r="4" fill="#1b7a3a"/>'
        f'<text x="{LEFT + 8}" y="{legend_y}">{escape(_("Actual"))}</text>'
        f'<rect x="{LEFT + 80}" y="{legend_y - 10}" width="14" height="10" fill="#cfe3f7" '
        f'stroke="#8db7e0"/><text x="{LEFT + 98}" y="{legend_y}">{escape(_("Target band"))}</text>'
        f'<line x1="{LEFT + 190}" x2="{LEFT + 206}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
        f'stroke="#1f5fa8" stroke-width="3"/><text x="{LEFT + 210}" y="{legend_y}">'
        f"{escape(_('Target'))}</text>"
        f'<line x1="{LEFT + 270}" x2="{LEFT + 290}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
        f'stroke="#7a4b00" stroke-dasharray="6 4"/><text x="{LEFT + 294}" y="{legend_y}">'
        f"{escape(_('Baseline'))}</text></g>"
    )
    summary = "; ".join(described) or _("No periods.")
    if baseline is not None:
        summary = f"{_('Baseline')} {_number(baseline)}. {summary}"
    parts.append(f'<desc id="{chart_id}-desc">{escape(summary)}</desc>')
    parts.extend(body)
    parts.append("</svg>")
    return "".join(parts)

"""The balance pages' picture, drawn on the server (no JavaScript): one 100 % bar per
column (seats, resources, power under a rule, voice, budget, benefits; or one per quarter),
split by group in the same order and colours in every bar, so that a group whose share of
the seats is large and whose share of the voice is small stands out.

Pure functions from numbers and labels to SVG text; every label is escaped. The figures are
in a table beside the picture on every page that shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _

from accord.core.formats import format_number


@dataclass(frozen=True)
class ChartSegment:
    label: str
    colour: str
    share: float  # 0..1 of the column


@dataclass(frozen=True)
class ChartColumn:
    label: str
    segments: Sequence[ChartSegment]


def _percent(share: float) -> str:
    """A share as a whole percentage written as the reader's language writes it."""
    return _("%(value)s%%") % {"value": format_number(round(100 * share))}


def _lines(text: str, width: int) -> list[str]:
    """``text`` broken into at most two lines of ``width`` characters (the rest cut)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if len(candidate) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], lines[1][: width - 1] + "…"]
    return [entry if len(entry) <= width else entry[: width - 1] + "…" for entry in lines]


def stacked_columns_svg(
    columns: Sequence[ChartColumn],
    *,
    legend: Sequence[tuple[str, str]],
    title: str,
    compact: bool = False,
) -> str:
    """Vertical 100 % bars side by side, the groups stacked bottom-up in legend order,
    with the legend below. ``compact`` draws a lower chart (for trends per quarter).
    The chart scales down to a 360 px phone (``max-width: 100%``)."""
    if not columns:
        return ""
    bar, gap, axis = 40, 18, 34
    plot = 90 if compact else 160
    label_height = 30
    legend_row = 16
    width = max(axis + len(columns) * (bar + gap), 320)
    legend_top = 8 + plot + label_height + 8
    height = legend_top + legend_row * len(legend) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="chart-svg" '
        f'class="balance-chart"><title>{escape(title)}</title>'
    ]
    top = 8
    for tick in (0, 50, 100):
        y = top + plot - plot * tick / 100
        parts.append(
            f'<line x1="{axis - 4}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d5dae1"/>'
            f'<text x="{axis - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end" '
            f'fill="#4a5361">{tick}%</text>'
        )
    for k, column in enumerate(columns):
        x = axis + gap / 2 + k * (bar + gap)
        y = float(top + plot)
        for segment in column.segments:
            length = round(plot * max(segment.share, 0.0), 1)
            if length <= 0:
                continue
            y -= length
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar}" height="{length}" '
                f'fill="{escape(segment.colour)}" stroke="#fff" stroke-width=".5">'
                f"<title>{escape(column.label)} · {escape(segment.label)}: "
                f"{escape(_percent(segment.share))}</title></rect>"
            )
        for line_number, line in enumerate(_lines(column.label, 10)):
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{top + plot + 12 + 11 * line_number}" '
                f'font-size="9.5" text-anchor="middle" fill="#1b1f24">{escape(line)}</text>'
            )
    for k, (label, colour) in enumerate(legend):
        y = legend_top + k * legend_row
        parts.append(
            f'<rect x="{axis}" y="{y}" width="11" height="11" fill="{escape(colour)}"/>'
            f'<text x="{axis + 16}" y="{y + 10}" font-size="11" fill="#1b1f24">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)

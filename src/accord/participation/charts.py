"""Small SVG charts for participation pages, drawn on the server (no JavaScript).

Pure functions from numbers and labels to SVG text; every label is escaped. The colours of
the groups are ``groups.GROUP_COLOURS``, the same on every chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _

from accord.core.formats import format_number


@dataclass(frozen=True)
class Bar:
    label: str
    colour: str
    value: int
    of: int  # the group's voters: the bar shows value / of

    @property
    def share(self) -> float:
        return self.value / self.of if self.of else 0.0


def _percent(share: float) -> str:
    """A share as a whole percentage written as the reader's language writes it."""
    return _("%(value)s%%") % {"value": format_number(round(100 * share))}


def group_bars_svg(bars: Sequence[Bar], *, title: str, width: int = 320) -> str:
    """One horizontal bar per group: the share of the group's voters behind an item, with
    the count written beside it (``3 of 10``). ``title`` names the chart for screen readers.
    The chart scales down to the width of a 360 px phone (``max-width: 100%``)."""
    row = 18
    label_width = 150
    bar_width = width - label_width - 44
    height = row * max(len(bars), 1) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="chart-svg" '
        f'class="group-bars"><title>{escape(title)}</title>'
    ]
    for k, bar in enumerate(bars):
        y = k * row + 2
        length = round(bar_width * bar.share, 1)
        parts.append(
            f'<text x="0" y="{y + 12}" font-size="11" fill="#1b1f24">{escape(bar.label[:26])}</text>'
            f'<rect x="{label_width}" y="{y + 2}" width="{bar_width}" height="12" fill="#f4f6f8" '
            f'stroke="#d5dae1"/>'
            f'<rect x="{label_width}" y="{y + 2}" width="{length}" height="12" '
            f'fill="{escape(bar.colour)}"/>'
            f'<text x="{label_width + bar_width + 4}" y="{y + 12}" font-size="11" '
            f'fill="#1b1f24">{bar.value}/{bar.of}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Share:
    label: str
    colour: str
    share: float  # 0..1


def share_bars_svg(
    rows: Sequence[tuple[str, Sequence[Share]]], *, title: str, width: int = 320
) -> str:
    """Stacked 100 % bars, one per row (e.g. "voters", "budget under MES", "under greedy"),
    each split by group, so that a group's share of the voters and of the money decided
    can be compared at a glance."""
    row = 26
    label_width = 110
    bar_width = width - label_width - 4
    height = row * max(len(rows), 1) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="chart-svg" '
        f'class="share-bars"><title>{escape(title)}</title>'
    ]
    for k, (label, shares) in enumerate(rows):
        y = k * row + 2
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="11" fill="#1b1f24">{escape(label[:20])}</text>'
        )
        x = float(label_width)
        for share in shares:
            length = round(bar_width * max(share.share, 0.0), 1)
            if length <= 0:
                continue
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="{length}" height="16" '
                f'fill="{escape(share.colour)}"><title>{escape(share.label)}: '
                f"{escape(_percent(share.share))}</title></rect>"
            )
            x += length
    parts.append("</svg>")
    return "".join(parts)


def opinion_map_svg(
    coordinates: Sequence[tuple[float, float]],
    labels: Sequence[int],
    groups: Sequence[tuple[str, str, tuple[float, float]]],
    *,
    title: str,
    size: int = 320,
) -> str:
    """The opinion map: one dot per participant on the first two principal components,
    coloured by opinion group (grey: voted too little), each group's name at its centre."""
    points = list(coordinates)
    if not points:
        return ""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    margin = 16
    scale = (size - 2 * margin) / span

    def place(x: float, y: float) -> tuple[float, float]:
        return size / 2 + (x - cx) * scale, size / 2 - (y - cy) * scale

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {size} {size}" '
        f'width="{size}" height="{size}" class="chart-svg" '
        f'class="opinion-map"><title>{escape(title)}</title>'
        f'<rect width="{size}" height="{size}" fill="#fff" stroke="#d5dae1"/>'
    ]
    for (x, y), label in zip(points, labels, strict=True):
        px, py = place(x, y)
        colour = groups[label][1] if 0 <= label < len(groups) else "#8a94a3"
        parts.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{escape(colour)}" opacity=".75"/>'
        )
    for name, colour, (x, y) in groups:
        px, py = place(x, y)
        parts.append(
            f'<text x="{px:.1f}" y="{py:.1f}" font-size="14" font-weight="700" '
            f'fill="{escape(colour)}" stroke="#fff" stroke-width="3" paint-order="stroke" '
            f'text-anchor="middle">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)

"""The power–interest grid as SVG drawn on the server (no JavaScript, prints as it is).

Each stakeholder is a dot at its mean interest (across) and mean power (up), labelled by
its number in the table beside the grid; stakeholders at the same place share one dot and
one label ("2, 5"). Labels are numbers placed inside the drawing, on the side of the dot
facing the centre, so none is ever clipped; names are in the table and in each dot's
tooltip. No database: the selector hands in plain numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

WIDTH, HEIGHT = 460, 420
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 14, 56
LOW, HIGH, MID = 1.0, 5.0, 3.0
MEMBER = "#1f5fa8"  # 6.4:1 on white
OUTSIDER = "#b3261e"  # 6.0:1 on white


@dataclass(frozen=True)
class GridPoint:
    number: int
    name: str
    power: float
    interest: float
    is_member: bool


def _x(interest: float) -> float:
    return LEFT + (interest - LOW) / (HIGH - LOW) * (WIDTH - LEFT - RIGHT)


def _y(power: float) -> float:
    return HEIGHT - BOTTOM - (power - LOW) / (HIGH - LOW) * (HEIGHT - TOP - BOTTOM)


def power_interest_svg(points: list[GridPoint]) -> str:
    """The grid with quadrant names, axes 1–5, and one dot per place."""
    mid_x, mid_y = _x(MID), _y(MID)
    left, right, top, bottom = _x(LOW), _x(HIGH), _y(HIGH), _y(LOW)
    title = _("Power–interest grid of the stakeholders")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'role="img" aria-labelledby="grid-title" class="chart chart-svg" '
        'font-family="sans-serif">',
        f'<title id="grid-title">{escape(title)}</title>',
        f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" '
        'fill="#fafafa" stroke="#555"/>',
        f'<line x1="{mid_x}" y1="{top}" x2="{mid_x}" y2="{bottom}" stroke="#999" '
        'stroke-dasharray="4 3"/>',
        f'<line x1="{left}" y1="{mid_y}" x2="{right}" y2="{mid_y}" stroke="#999" '
        'stroke-dasharray="4 3"/>',
    ]
    quadrants = (
        (left + 6, top + 16, "start", _("Keep satisfied")),
        (right - 6, top + 16, "end", _("Key players")),
        (left + 6, bottom - 8, "start", _("Monitor")),
        (right - 6, bottom - 8, "end", _("Keep informed")),
    )
    for x, y, anchor, text in quadrants:
        parts.append(
            f'<text x="{x}" y="{y}" text-anchor="{anchor}" font-size="15" fill="#333">'
            f"{escape(text)}</text>"
        )
    for value in range(1, 6):
        parts.append(
            f'<text x="{_x(value)}" y="{bottom + 16}" text-anchor="middle" font-size="14">'
            f"{value}</text>"
        )
        parts.append(
            f'<text x="{left - 8}" y="{_y(value) + 4}" text-anchor="end" font-size="14">'
            f"{value}</text>"
        )
    parts.append(
        f'<text x="{(left + right) / 2}" y="{HEIGHT - 12}" text-anchor="middle" '
        f'font-size="16">{escape(_("Interest in the outcome"))} →</text>'
    )
    parts.append(
        f'<text x="16" y="{(top + bottom) / 2}" text-anchor="middle" font-size="14" '
        f'transform="rotate(-90 16 {(top + bottom) / 2})">'
        f"{escape(_('Power over the partnership'))} →</text>"
    )
    places: dict[tuple[float, float], list[GridPoint]] = {}
    for point in points:
        places.setdefault((round(point.interest, 2), round(point.power, 2)), []).append(point)
    for (interest, power), group in sorted(places.items()):
        x, y = _x(interest), _y(power)
        colour = MEMBER if all(p.is_member for p in group) else OUTSIDER
        names = ", ".join(f"{p.number}. {p.name}" for p in group)
        label = ", ".join(str(p.number) for p in group)
        # The label goes toward the centre of the grid, so it stays inside the drawing.
        anchor = "start" if interest <= MID else "end"
        dx = 10 if anchor == "start" else -10
        dy = 17 if power >= MID else -9
        shape = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{colour}"/>'
            if colour == MEMBER
            else f'<rect x="{x - 6.5:.1f}" y="{y - 6.5:.1f}" width="13" height="13" '
            f'fill="{colour}"/>'
        )
        parts.append(
            f"<g><title>{escape(names)}</title>{shape}"
            f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}" '
            f'font-size="17" font-weight="bold">{escape(label)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)

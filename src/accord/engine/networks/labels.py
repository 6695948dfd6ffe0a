"""Where the names go in the network picture: wrapped, never cut, beside their circle
on the side where they cover least."""

from __future__ import annotations

#: Font size of the names, px.
FONT_SIZE = 12
#: A generous width per character (of the font size), so that an estimate never falls
#: short of the real text: wide letters (W, M) are rare in names.
CHAR_EM = 0.66
LINE_CHARS = 18

__all__ = ["CHAR_EM", "FONT_SIZE", "label_lines", "label_sides", "text_width"]


def label_lines(label: str, width: int = LINE_CHARS) -> list[str]:
    """A name broken at spaces into lines of about ``width`` characters, never cut.

    >>> label_lines("Harambee Waters Foundation")
    ['Harambee Waters', 'Foundation']
    >>> label_lines("Supercalifragilisticexpialidocious")
    ['Supercalifragilisticexpialidocious']
    """
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def text_width(line: str) -> float:
    return len(line) * FONT_SIZE * CHAR_EM


def _label_box(
    x: float, y: float, r: float, block: list[str], line_height: float, right: bool
) -> tuple[float, float, float, float]:
    width = max(text_width(line) for line in block)
    height = len(block) * line_height
    left = x + r + 5 if right else x - r - 5 - width
    return left, y - height / 2, left + width, y + height / 2


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    dx = min(a[2], b[2]) - max(a[0], b[0])
    dy = min(a[3], b[3]) - max(a[1], b[1])
    return dx * dy if dx > 0 and dy > 0 else 0.0


def label_sides(
    points: list[tuple[float, float]],
    radii: list[float],
    lines: list[list[str]],
    line_height: float,
) -> list[bool]:
    """For each member, whether its name goes to the right of its circle.

    Each name takes the side where it covers less of the other circles and of the names
    already placed, members taken from left to right; on a tie, the outer side (away from
    the middle of the drawing). Deterministic: no randomness, a fixed order.
    """
    if not points:
        return []
    middle = (min(x for x, _ in points) + max(x for x, _ in points)) / 2
    circles = [(x - r, y - r, x + r, y + r) for (x, y), r in zip(points, radii, strict=True)]
    placed: list[tuple[float, float, float, float]] = []
    sides = [True] * len(points)
    for i in sorted(range(len(points)), key=lambda k: (points[k][0], points[k][1], k)):
        x, y = points[i]
        outer_right = x >= middle
        best: tuple[float, bool] | None = None
        for right in (outer_right, not outer_right):
            box = _label_box(x, y, radii[i], lines[i], line_height, right)
            cost = sum(_overlap(box, c) for k, c in enumerate(circles) if k != i)
            cost += sum(_overlap(box, other) for other in placed)
            if best is None or cost < best[0] - 1e-9:
                best = (cost, right)
        assert best is not None
        sides[i] = best[1]
        placed.append(_label_box(x, y, radii[i], lines[i], line_height, best[1]))
    return sides

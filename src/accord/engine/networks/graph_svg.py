"""The network picture: members as circles, ties as lines, as a self-contained SVG.

:func:`network_svg` draws a network laid out by :func:`~accord.engine.networks.layout.
stress_layout` (or on positions given, e.g. shared by two survey waves). A tie both sides
report is a solid line; a tie only one side reports is a dashed arrow from the one who
named it. Circle size shows a measure per member (by default its number of ties), an
optional fill shade a second one (e.g. the trust others give it); line width shows the
tie's weight. A legend under the drawing says all this in words.

Accessibility and safety: ``role="img"``, a ``<title>`` and a ``<desc>`` listing every
tie in words, a ``<title>`` on every circle and line; no script, no external font, image
or style sheet. Names are never cut: a long name wraps onto several lines and the
drawing widens so that every label fits inside it.

The engine writes no words of its own: every sentence comes from :class:`PictureText`,
whose fields the app fills with translated text (the English defaults serve tests and
the command line).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from accord.engine.networks.labels import CHAR_EM, FONT_SIZE, label_lines, label_sides, text_width
from accord.engine.networks.layout import stress_layout
from accord.engine.networks.metrics import directed_ties

__all__ = ["PictureText", "network_svg"]

_INK = "#0f172a"  # slate 900: 17:1 on white
_MUTED = "#475569"  # slate 600: 7.6:1 on white
_TIE = "#1d4ed8"  # blue 700: 6.7:1 on white
_LIGHT = (0xEF, 0xF6, 0xFF)  # blue 50
_DARK = (0x1E, 0x3A, 0x8A)  # blue 900
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
_MIN_R, _MAX_R = 6.0, 20.0
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class PictureText:
    """Every sentence of the picture, with ``{placeholders}``; the app passes translations."""

    title: str = "The network"
    empty: str = "No ties yet"
    summary: str = "{members} members and {ties} ties."
    #: ``{ab}``: what ``a`` says of the tie, ``{ba}``: what ``b`` says
    both_ways: str = "{a} and {b} name each other ({a}: {ab}; {b}: {ba})."
    one_way: str = "{source} names {target} ({detail})."
    unconnected: str = "Without ties: {names}."
    size_legend: str = "Circle size: {measure}, from {low} to {high}"
    size_measure: str = "number of ties"
    shade_legend: str = "Fill: {measure}, from {low} (light) to {high} (dark)"
    shade_measure: str = "trust received"
    shade_missing: str = "White: not rated"
    both_ways_legend: str = "Solid line: both name each other"
    one_way_legend: str = "Dashed arrow: only one names the other"
    width_legend: str = "Line width: {measure}"
    width_measure: str = "how closely they work together"


def _text(value: str) -> str:
    value = _NOT_XML.sub("", value)
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _number(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 0.005 else f"{value:.1f}"


def _shade(share: float) -> str:
    rgb = [round(lo + (hi - lo) * share) for lo, hi in zip(_LIGHT, _DARK, strict=True)]
    return "#" + "".join(f"{c:02x}" for c in rgb)


def _wrap(sentence: str, chars: int) -> list[str]:
    return label_lines(sentence, max(chars, 10))


def network_svg(
    labels: Sequence[str],
    edges: ArrayLike,
    *,
    text: PictureText | None = None,
    positions: ArrayLike | None = None,
    node_sizes: Sequence[float] | None = None,
    node_shades: Sequence[float | None] | None = None,
    shade_range: tuple[float, float] = (1.0, 4.0),
    tie_details: Mapping[tuple[int, int], str] | None = None,
    width: int = 640,
    id_prefix: str | None = None,
) -> str:
    """Draw a network as an SVG string.

    Parameters
    ----------
    labels : sequence of str
        The members' names; node ``i`` is ``labels[i]``.
    edges : array-like of (source, target[, weight])
        Reported ties (see :func:`~accord.engine.networks.metrics.directed_ties`).
    text : PictureText, optional
        The sentences (translated by the app).
    positions : array-like, shape (n, 2), optional
        Coordinates in the unit square; by default :func:`stress_layout` of ``edges``.
    node_sizes : sequence of float, optional
        The measure the circle's area follows; by default the number of ties.
    node_shades : sequence of float or None, optional
        A second measure for the fill, read on ``shade_range``; ``None`` for a member
        without it (white). Without ``node_shades`` every circle is white.
    shade_range : (float, float), default (1, 4)
        The values drawn lightest and darkest (PARTNER's trust scale by default).
    tie_details : mapping (source, target) -> str, optional
        Words for each reported tie in the description (e.g. "integrated"); by default
        its weight. A tie both sides report shows both details (``{ab}``, ``{ba}``).
    width : int, default 640
        Width of the drawing in pixels; it grows when long names need the room.
    id_prefix : str, optional
        Prefix of the element ids; by default a hash of the input.

    Returns
    -------
    str
        A standalone ``<svg>`` element that parses as XML.

    Examples
    --------
    >>> import xml.etree.ElementTree as ET
    >>> svg = network_svg(["Fisher Coop", "County", "Foundation"], [(0, 1), (1, 0), (2, 1)])
    >>> desc = ET.fromstring(svg).find("{http://www.w3.org/2000/svg}desc").text
    >>> print(desc)
    3 members and 2 ties.
    Fisher Coop and County name each other (Fisher Coop: 1; County: 1).
    Foundation names County (1).
    """
    text = text or PictureText()
    n = len(labels)
    ties = directed_ties(n, edges)
    if positions is None:
        xy = stress_layout(n, edges if ties else np.zeros((0, 2)))
    else:
        xy = np.asarray(positions, dtype=np.float64).reshape(n, 2)
    pairs = sorted({(min(a, b), max(a, b)) for a, b in ties})
    degree = np.zeros(n)
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1
    sizes = np.asarray(node_sizes if node_sizes is not None else degree, dtype=np.float64)
    if sizes.shape != (n,) or not np.all(np.isfinite(sizes)) or np.any(sizes < 0):
        raise ValueError("node_sizes must be one finite, non-negative value per member")
    if node_shades is not None and len(node_shades) != n:
        raise ValueError("node_shades must hold one value (or None) per member")

    if id_prefix is None:
        digest = hashlib.sha256(
            repr((list(labels), sorted(ties.items()), text, width)).encode()
            + xy.tobytes()
            + sizes.tobytes()
            + repr(node_shades).encode()
        ).hexdigest()
        id_prefix = f"network-{digest[:10]}"
    pid = re.sub(r"[^A-Za-z0-9_-]", "-", id_prefix) or "network"

    def detail(source: int, target: int) -> str:
        if tie_details is not None and (source, target) in tie_details:
            return tie_details[source, target]
        return _number(ties[source, target])

    # ---- description in words
    desc = [text.summary.format(members=n, ties=len(pairs))]
    for a, b in pairs:
        if (a, b) in ties and (b, a) in ties:
            desc.append(
                text.both_ways.format(a=labels[a], b=labels[b], ab=detail(a, b), ba=detail(b, a))
            )
        else:
            source, target = (a, b) if (a, b) in ties else (b, a)
            desc.append(
                text.one_way.format(
                    source=labels[source], target=labels[target], detail=detail(source, target)
                )
            )
    alone = [labels[i] for i in range(n) if degree[i] == 0]
    if alone and pairs:
        desc.append(text.unconnected.format(names=", ".join(alone)))

    # ---- geometry: radius per node, label boxes, margins that hold every label
    largest = float(sizes.max()) if n and sizes.max() > 0 else 1.0
    radius = _MIN_R + (_MAX_R - _MIN_R) * np.sqrt(sizes / largest) if n else np.zeros(0)
    lines = [label_lines(label) for label in labels]
    line_height = FONT_SIZE + 3
    label_width = max((text_width(line) for block in lines for line in block), default=0.0)
    side = label_width + _MAX_R + 10
    graph_width = max(float(width) - 2 * side, 220.0)
    width_total = graph_width + 2 * side
    tallest = max((len(block) for block in lines), default=1) * line_height
    top = 44 + max(_MAX_R, tallest / 2)
    # One scale for x and y, so that the layout's distances keep their meaning.
    graph_height = float(xy[:, 1].max()) * graph_width if n > 1 else 0.0
    points = [(side + float(x) * graph_width, top + float(y) * graph_width) for x, y in xy.tolist()]
    sides = label_sides(points, [float(r) for r in radius], lines, line_height)

    legend_chars = int((width_total - 70) / (FONT_SIZE * CHAR_EM))
    legend: list[tuple[str, str]] = []  # (kind of key, sentence)
    if pairs:
        low, high = (float(sizes.min()), float(sizes.max())) if n else (0.0, 0.0)
        measure = text.size_measure
        legend.append(
            ("size", text.size_legend.format(measure=measure, low=_number(low), high=_number(high)))
        )
        if node_shades is not None:
            legend.append(
                (
                    "shade",
                    text.shade_legend.format(
                        measure=text.shade_measure,
                        low=_number(shade_range[0]),
                        high=_number(shade_range[1]),
                    ),
                )
            )
            if any(value is None for value in node_shades):
                legend.append(("missing", text.shade_missing))
        legend.append(("both", text.both_ways_legend))
        legend.append(("one", text.one_way_legend))
        legend.append(("width", text.width_legend.format(measure=text.width_measure)))
    legend_top = top + graph_height + max(_MAX_R, tallest / 2) + 24
    legend_rows = [(kind, _wrap(sentence, legend_chars)) for kind, sentence in legend]
    height_total = legend_top + sum(len(rows) * line_height + 10 for _, rows in legend_rows) + 10
    if not pairs:
        height_total = max(height_total, top + graph_height + 60)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_total:.0f}" '
        f'height="{height_total:.0f}" viewBox="0 0 {width_total:.0f} {height_total:.0f}" '
        f'role="img" aria-labelledby="{pid}-title {pid}-desc" font-family="{_text(_FONT)}">',
        f'<title id="{pid}-title">{_text(text.title)}</title>',
        f'<desc id="{pid}-desc">{_text(chr(10).join(desc))}</desc>',
        "<defs>"
        f'<marker id="{pid}-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{_TIE}"/></marker></defs>',
        f'<rect width="{width_total:.0f}" height="{height_total:.0f}" fill="#ffffff"/>',
        f'<text x="{width_total / 2:.1f}" y="26" text-anchor="middle" font-size="16" '
        f'font-weight="bold" fill="{_INK}">{_text(text.title)}</text>',
    ]
    if not pairs:
        out.append(
            f'<text x="{width_total / 2:.1f}" y="{top + graph_height / 2 + 30:.1f}" '
            f'text-anchor="middle" font-size="14" fill="{_MUTED}">{_text(text.empty)}</text>'
        )

    # ---- ties: weight -> width, mutual solid, one-way dashed with an arrow
    if pairs:
        top_weight = max(ties.values()) or 1.0
        out.append(f'<g fill="none" stroke="{_TIE}" stroke-opacity="0.75">')
        for a, b in pairs:
            mutual = (a, b) in ties and (b, a) in ties
            if mutual:
                weight = (ties[a, b] + ties[b, a]) / 2
                source, target = a, b
                words = text.both_ways.format(
                    a=labels[a], b=labels[b], ab=detail(a, b), ba=detail(b, a)
                )
            else:
                source, target = (a, b) if (a, b) in ties else (b, a)
                weight = ties[source, target]
                words = text.one_way.format(
                    source=labels[source], target=labels[target], detail=detail(source, target)
                )
            (x1, y1), (x2, y2) = points[source], points[target]
            length = math.hypot(x2 - x1, y2 - y1) or 1.0
            ux, uy = (x2 - x1) / length, (y2 - y1) / length
            r1, r2 = float(radius[source]) + 1, float(radius[target]) + 2
            stroke = 1.0 + 4.0 * weight / top_weight
            style = "" if mutual else f' stroke-dasharray="6 4" marker-end="url(#{pid}-arrow)"'
            out.append(
                f'<line x1="{x1 + ux * r1:.1f}" y1="{y1 + uy * r1:.1f}" '
                f'x2="{x2 - ux * r2:.1f}" y2="{y2 - uy * r2:.1f}" stroke-width="{stroke:.2f}"'
                f"{style}><title>{_text(words)}</title></line>"
            )
        out.append("</g>")

    # ---- members: circle, then the name beside it on the outer side
    out.append(f'<g font-size="{FONT_SIZE}" fill="{_INK}">')
    low_shade, high_shade = shade_range
    span = (high_shade - low_shade) or 1.0
    for i, ((x, y), block) in enumerate(zip(points, lines, strict=True)):
        fill = "#ffffff"
        if node_shades is not None and node_shades[i] is not None:
            share = min(1.0, max(0.0, (float(node_shades[i]) - low_shade) / span))  # type: ignore[arg-type]
            fill = _shade(share)
        r = float(radius[i])
        out.append(f"<g><title>{_text(labels[i])}</title>")
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" '
            f'stroke="{_INK}" stroke-width="1.5"/>'
        )
        right = sides[i]
        lx = x + r + 5 if right else x - r - 5
        anchor = "start" if right else "end"
        first = y - (len(block) - 1) * line_height / 2 + 4
        tspans = "".join(
            f'<tspan x="{lx:.1f}" y="{first + k * line_height:.1f}">{_text(line)}</tspan>'
            for k, line in enumerate(block)
        )
        out.append(f'<text text-anchor="{anchor}">{tspans}</text></g>')
    out.append("</g>")

    # ---- legend
    y = legend_top
    out.append(f'<g font-size="{FONT_SIZE}" fill="{_INK}">')
    for kind, rows in legend_rows:
        key_y = y + 4
        if kind == "size":
            out.append(
                f'<circle cx="18" cy="{key_y:.1f}" r="{_MIN_R:.0f}" fill="#ffffff" '
                f'stroke="{_INK}"/><circle cx="44" cy="{key_y:.1f}" r="10" fill="#ffffff" '
                f'stroke="{_INK}"/>'
            )
        elif kind == "shade":
            out.append(
                f'<rect x="10" y="{key_y - 6:.1f}" width="20" height="12" fill="{_shade(0)}" '
                f'stroke="{_INK}"/><rect x="34" y="{key_y - 6:.1f}" width="20" height="12" '
                f'fill="{_shade(1)}" stroke="{_INK}"/>'
            )
        elif kind == "missing":
            out.append(
                f'<circle cx="32" cy="{key_y:.1f}" r="{_MIN_R:.0f}" fill="#ffffff" stroke="{_INK}"/>'
            )
        elif kind == "both":
            out.append(
                f'<line x1="8" y1="{key_y:.1f}" x2="56" y2="{key_y:.1f}" stroke="{_TIE}" '
                'stroke-width="2.5"/>'
            )
        elif kind == "one":
            out.append(
                f'<line x1="8" y1="{key_y:.1f}" x2="54" y2="{key_y:.1f}" stroke="{_TIE}" '
                f'stroke-width="2.5" stroke-dasharray="6 4" marker-end="url(#{pid}-arrow)"/>'
            )
        else:
            out.append(
                f'<line x1="8" y1="{key_y - 3:.1f}" x2="56" y2="{key_y - 3:.1f}" stroke="{_TIE}" '
                f'stroke-width="1"/><line x1="8" y1="{key_y + 4:.1f}" x2="56" '
                f'y2="{key_y + 4:.1f}" stroke="{_TIE}" stroke-width="5"/>'
            )
        for k, row in enumerate(rows):
            out.append(f'<text x="66" y="{y + 8 + k * line_height:.1f}">{_text(row)}</text>')
        y += len(rows) * line_height + 10
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)

"""The power–interest grid: well-formed SVG, every point at its place, and labels that
stay inside the drawing even at the corners (no clipping)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from accord.stakeholders.grid_chart import HEIGHT, WIDTH, GridPoint, _x, _y, power_interest_svg

NS = {"svg": "http://www.w3.org/2000/svg"}
CHAR_WIDTH = 11  # generous, for a bold 17px digit or comma


@pytest.fixture
def corners():
    return [
        GridPoint(1, "Low & low <group>", 1.0, 1.0, False),
        GridPoint(2, "Powerful", 5.0, 1.0, True),
        GridPoint(3, "Key", 5.0, 5.0, False),
        GridPoint(4, "Affected", 1.0, 5.0, True),
        GridPoint(5, "Also key", 5.0, 5.0, True),
    ]


def test_points_labels_and_names(corners):
    root = ET.fromstring(power_interest_svg(corners))  # noqa: S314 (our own output)
    groups = root.findall("svg:g", NS)
    assert len(groups) == 4  # "Key" and "Also key" share a place
    titles = sorted(g.find("svg:title", NS).text for g in groups)
    assert "3. Key, 5. Also key" in titles
    assert "1. Low & low <group>" in titles  # escaped in the markup, intact when read
    # a member-only place is a circle, any outsider makes it a square
    shared = next(g for g in groups if g.find("svg:title", NS).text.startswith("3."))
    assert shared.find("svg:rect", NS) is not None
    member = next(g for g in groups if g.find("svg:title", NS).text.startswith("2."))
    circle = member.find("svg:circle", NS)
    assert (float(circle.get("cx")), float(circle.get("cy"))) == pytest.approx(
        (_x(1.0), _y(5.0)), abs=0.1
    )


def test_labels_stay_inside_the_drawing(corners):
    root = ET.fromstring(power_interest_svg(corners))  # noqa: S314 (our own output)
    for group in root.findall("svg:g", NS):
        text = group.find("svg:text", NS)
        x, y, width = float(text.get("x")), float(text.get("y")), len(text.text) * CHAR_WIDTH
        left = x - width if text.get("text-anchor") == "end" else x
        assert left >= 0 and left + width <= WIDTH, text.text
        assert 17 <= y <= HEIGHT, text.text

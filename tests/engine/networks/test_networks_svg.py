"""The flow-network SVG: valid XML, accessible, self-contained, faithful to the flows."""

from __future__ import annotations

import doctest
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from accord.engine.networks import flow_network_svg, svg
from accord.engine.resources import flow_matrix

NS = {"svg": "http://www.w3.org/2000/svg"}
LABELS = ["Harambee Waters Foundation", "Friends of Kivuli", 'Kivuli <Youth> & "Elders"']
FLOWS = np.array([[0, 1_200_000, 0], [300_000, 0, 50_000], [0, 0, 0]], dtype=float)


def parse(text: str) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314 (our own output, not untrusted input)


def edge_paths(root: ET.Element) -> list[ET.Element]:
    return [p for p in root.iterfind(".//svg:path", NS) if p.get("marker-end")]


def shown_text(element: ET.Element) -> str:
    """A text element as read: its lines (tspans) joined by spaces."""
    spans = list(element.iterfind("svg:tspan", NS))
    if spans:
        return " ".join(span.text or "" for span in spans)
    return element.text or ""


def test_it_parses_and_is_accessible():
    root = parse(flow_network_svg(LABELS, FLOWS, title="Who gives to whom", unit="KES"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
    assert title.text == "Who gives to whom"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "Harambee Waters Foundation → Friends of Kivuli: 1,200,000 KES." in desc.text
    assert "Friends of Kivuli → Harambee Waters Foundation: 300,000 KES." in desc.text
    assert 'Friends of Kivuli → Kivuli <Youth> & "Elders": 50,000 KES.' in desc.text
    assert "40% of the flow runs both ways" in desc.text
    # Largest flow first.
    assert desc.text.index("1,200,000") < desc.text.index("300,000") < desc.text.index("50,000")


def test_labels_are_escaped():
    text = flow_network_svg(LABELS, FLOWS, title='Flows <&> "of" 2026')
    assert "Kivuli &lt;Youth&gt; &amp; &quot;Elders&quot;" in text
    assert "<Youth>" not in text
    root = parse(text)
    shown = [shown_text(t) for t in root.iterfind(".//svg:text", NS)]
    assert 'Kivuli <Youth> & "Elders"' in shown
    assert 'Flows <&> "of" 2026' in shown
    assert root.find("svg:title", NS).text == 'Flows <&> "of" 2026'


def test_characters_xml_cannot_hold_are_dropped():
    root = parse(flow_network_svg(["A\x00\x1b", "B"], [[0, 1], [0, 0]], title="t\x0c"))
    assert root.find("svg:title", NS).text == "t"


def test_self_contained():
    text = flow_network_svg(LABELS, FLOWS, title="Flows")
    assert "<script" not in text
    assert "<image" not in text
    assert "@import" not in text
    assert "<style" not in text
    assert re.findall(r"https?://[^\"]+", text) == ["http://www.w3.org/2000/svg"]
    assert re.findall(r'href="([^"]*)"', text) == []
    # Every url(#...) points to a marker defined in the drawing.
    root = parse(text)
    ids = {m.get("id") for m in root.iterfind(".//svg:marker", NS)}
    used = set(re.findall(r"url\(#([^)]+)\)", text))
    assert used
    assert used <= ids


def test_one_curved_path_per_flow_with_proportional_width():
    root = parse(flow_network_svg(LABELS, FLOWS, title="Flows"))
    paths = edge_paths(root)
    assert len(paths) == 3
    widths = sorted(float(p.get("stroke-width")) for p in paths)
    # 50,000 / 1,200,000 * 12 = 0.5 -> clamped to 1; 300,000 -> 3; 1,200,000 -> 12.
    assert widths == [1.0, 3.0, 12.0]
    assert all(" Q" in p.get("d") for p in paths)


def test_opposite_flows_are_two_distinct_curves():
    root = parse(flow_network_svg(["A", "B"], [[0, 5], [5, 0]], title="Flows"))
    first, second = (p.get("d") for p in edge_paths(root))
    assert first != second

    def control(d):
        return tuple(float(v) for v in re.search(r"Q([-\d.]+),([-\d.]+)", d).groups())

    (x1, y1), (x2, y2) = control(first), control(second)
    assert abs(x1 - x2) + abs(y1 - y2) > 20  # bent to opposite sides


def test_contrast_of_text_and_edges_on_white():
    def luminance(hex_colour):
        channels = [int(hex_colour[k : k + 2], 16) / 255 for k in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in (svg._INK, svg._EDGE_COLOUR):
        assert (1.05) / (luminance(colour) + 0.05) >= 4.5  # WCAG 2.1 AA


@pytest.mark.parametrize(
    ("labels", "flows"),
    [([], np.zeros((0, 0))), (["A", "B"], np.zeros((2, 2))), (["A"], [[7.0]])],
    ids=["nobody", "zeros", "self-loop-only"],
)
def test_no_flows_yet(labels, flows):
    root = parse(flow_network_svg(labels, flows, title="Flows"))
    assert root.get("role") == "img"
    assert root.find("svg:desc", NS).text == "No flows yet."
    assert "No flows yet" in [t.text for t in root.iterfind(".//svg:text", NS)]
    assert edge_paths(root) == []


@pytest.mark.parametrize(
    ("labels", "flows", "size"),
    [
        (["A", "B"], [[0, 1, 0], [0, 0, 0], [0, 0, 0]], (640, 480)),
        (["A", "B"], [[0, -1], [0, 0]], (640, 480)),
        (["A", "B"], [[0, np.nan], [0, 0]], (640, 480)),
        (["A", "B"], [[0, 1], [0, 0]], (0, 480)),
    ],
    ids=["shape", "negative", "nan", "size"],
)
def test_bad_input_is_refused(labels, flows, size):
    with pytest.raises(ValueError):
        flow_network_svg(labels, flows, title="Flows", width=size[0], height=size[1])


def test_deterministic_and_ids_differ_between_drawings():
    a = flow_network_svg(LABELS, FLOWS, title="Flows")
    assert a == flow_network_svg(LABELS, FLOWS, title="Flows")
    b = flow_network_svg(LABELS, FLOWS * 2, title="Flows")
    id_a = parse(a).find("svg:title", NS).get("id")
    id_b = parse(b).find("svg:title", NS).get("id")
    assert id_a != id_b
    c = flow_network_svg(LABELS, FLOWS, title="Flows", id_prefix="resources flows")
    assert parse(c).find("svg:title", NS).get("id") == "resources-flows-title"


def test_from_a_ledger_with_a_reversal():
    from decimal import Decimal

    matrix = flow_matrix(
        [(0, 1, Decimal("1000.50")), (1, 0, Decimal(200)), (1, 0, Decimal(-200))], 2
    )
    root = parse(flow_network_svg(["Funder", "Group"], matrix, title="Flows", unit="EUR"))
    desc = root.find("svg:desc", NS).text
    assert "Funder → Group: 1,000.50 EUR." in desc
    assert "Group → Funder" not in desc
    assert "Overall, 0% of all flow is reciprocated." in desc
    assert len(edge_paths(root)) == 1


def test_doctests():
    result = doctest.testmod(svg)
    assert result.attempted > 0
    assert result.failed == 0


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 9).flatmap(
        lambda n: st.tuples(
            st.lists(st.text(max_size=40), min_size=n, max_size=n),
            arrays(np.float64, (n, n), elements=st.floats(0, 1e9, allow_subnormal=False)),
        )
    )
)
def test_any_input_gives_valid_svg_with_one_path_per_flow(case):
    labels, flows = case
    root = parse(flow_network_svg(labels, flows, title="Flows", unit="EUR"))
    off_diagonal = int(np.count_nonzero(flows - np.diag(np.diag(flows))))
    paths = edge_paths(root)
    assert len(paths) == off_diagonal
    for p in paths:
        assert 1.0 <= float(p.get("stroke-width")) <= 12.0
        assert "nan" not in p.get("d")


# --- issue 14, item 11: amounts on the flows, a legend, names never clipped ------------------


def test_each_flow_carries_its_amount_and_the_legend_explains():
    root = parse(flow_network_svg(LABELS, FLOWS, title="Flows", unit="KES"))
    shown = [shown_text(t) for t in root.iterfind(".//svg:text", NS)]
    assert {"1.2M", "300k", "50k"} <= set(shown)
    assert "50,000 KES" in shown and "1,200,000 KES" in shown  # the legend's thin and thick lines
    assert any(text.startswith("Line width: the amount.") for text in shown)
    widths = sorted(float(line.get("stroke-width")) for line in root.iterfind(".//svg:line", NS))
    assert widths == [svg.MIN_STROKE, svg.MAX_STROKE]


def test_long_names_are_wrapped_whole_and_inside_the_drawing():
    labels = [
        "Kivuli Lakeshore Women Fish Traders and Processors Association",
        "B",
        "Ministry of Water, Sanitation and Irrigation (Lake Basin Development Authority)",
        "Supercalifragilisticexpialidociousandmore Cooperative",
    ]
    flows = np.zeros((4, 4))
    flows[0, 1], flows[1, 2], flows[2, 3], flows[3, 0] = 10, 20, 30, 40
    root = parse(flow_network_svg(labels, flows, title="Flows"))
    left, top, width, height = (float(v) for v in root.get("viewBox").split())
    names = []
    for text in root.iterfind(".//svg:text", NS):
        spans = list(text.iterfind("svg:tspan", NS))
        if not spans:
            continue
        names.append("".join(span.text for span in spans).replace(" ", ""))
        x, y = float(text.get("x")), float(text.get("y"))
        longest = max(len(span.text) for span in spans) * svg._CHAR_WIDTH
        anchor = text.get("text-anchor")
        start = x - (longest if anchor == "end" else longest / 2 if anchor == "middle" else 0)
        assert left <= start and start + longest <= left + width
        assert top <= y - 13 and y + svg._LINE_HEIGHT * (len(spans) - 1) <= top + height
        assert all(len(span.text) <= svg._LINE_CHARS for span in spans)
    assert sorted(names) == sorted(label.replace(" ", "") for label in labels)
    assert "…" not in "".join(names)


def test_no_flows_is_one_line_not_an_empty_box():
    root = parse(flow_network_svg(["A", "B"], np.zeros((2, 2)), title="Flows"))
    assert float(root.get("height")) <= 64

"""Network metrics (accord.engine.networks) against hand-computed cases and networkx.

networkx is the oracle only: it is a dev dependency and never imported by ``src/``.
"""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET

import networkx as nx
import numpy as np
import pytest

from accord.engine.networks import (
    PictureText,
    Rating,
    compare_waves,
    directed_ties,
    freeman_degree_centralization,
    network_metrics,
    network_svg,
    stress_layout,
    trust_value_scores,
)
from accord.engine.networks.labels import CHAR_EM, FONT_SIZE

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(text: str) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314 (our own output, not untrusted input)


# --- hand-computed cases --------------------------------------------------------------------


def test_star_of_five_matches_instruments_check_values() -> None:
    """INSTRUMENTS.md 1.4: a star on 5 nodes has density 0.4 and centralization 1."""
    m = network_metrics(5, [(0, 1), (0, 2), (0, 3), (0, 4)])
    assert m.density == pytest.approx(0.4)
    assert m.degree_centralization == pytest.approx(1.0)
    # the centre lies on all 6 shortest paths between leaves: 6 / (4*3/2) = 1
    assert m.betweenness == pytest.approx((1.0, 0.0, 0.0, 0.0, 0.0))
    assert m.betweenness_centralization == pytest.approx(1.0)  # (4 x 1) / 4
    assert m.degree == (4, 1, 1, 1, 1)
    # the centre names everyone, no one names it back
    assert m.out_degree_centralization == pytest.approx(1.0)  # (4*4)/(4^2)
    # in-degrees 0,1,1,1,1: only the centre falls short of the top, by 1
    assert m.in_degree_centralization == pytest.approx(1 / 16)
    assert m.reciprocity == 0.0
    assert m.directed_density == pytest.approx(4 / 20)


def test_complete_graph_has_density_one_and_no_centralization() -> None:
    edges = [(i, j) for i in range(4) for j in range(4) if i != j]
    m = network_metrics(4, edges)
    assert (m.density, m.directed_density, m.reciprocity) == (1.0, 1.0, 1.0)
    assert m.degree_centralization == 0.0
    assert m.in_degree_centralization == 0.0
    assert m.betweenness == (0.0, 0.0, 0.0, 0.0)
    assert m.betweenness_centralization == 0.0


def test_path_of_four_by_hand() -> None:
    """0-1-2-3: node 1 lies on the paths 0-2 and 0-3: 2 of the 3 pairs without it."""
    m = network_metrics(4, [(0, 1), (1, 2), (2, 3)])
    assert m.density == pytest.approx(3 / 6)
    assert m.betweenness == pytest.approx((0.0, 2 / 3, 2 / 3, 0.0))
    assert m.betweenness_centralization == pytest.approx((2 / 3 + 2 / 3) / 3)
    # degrees 1,2,2,1: (1 + 0 + 0 + 1) / (3 * 2)
    assert m.degree_centralization == pytest.approx(2 / 6)


def test_reciprocity_and_the_and_rule() -> None:
    edges = [(0, 1), (1, 0), (0, 2)]
    assert network_metrics(3, edges).reciprocity == pytest.approx(2 / 3)
    either = network_metrics(3, edges, rule="or")
    both = network_metrics(3, edges, rule="and")
    assert (either.ties, both.ties) == (2, 1)
    assert either.density == pytest.approx(2 / 3)
    assert both.density == pytest.approx(1 / 3)
    assert both.degree == (1, 1, 0)


def test_weights_duplicates_and_self_ties() -> None:
    ties = directed_ties(3, np.array([[0, 1, 2.0], [0, 1, 0.5], [1, 1, 9.0], [2, 0, 1.0]]))
    assert ties == {(0, 1): 2.5, (2, 0): 1.0}
    m = network_metrics(3, [(0, 1, 2.0), (0, 1, 0.5), (1, 1, 9.0), (2, 0, 1.0)])
    assert m.out_strength == (2.5, 0.0, 1.0)
    assert m.in_strength == (1.0, 2.5, 0.0)
    assert m.directed_ties == 2


@pytest.mark.parametrize(
    ("edges", "message"),
    [
        ([(0, 3)], "0 .. 2"),
        ([(-1, 0)], "0 .. 2"),
        ([(0, 1, -2)], "non-negative"),
        ([(0, 1, math.nan)], "finite"),
        ([(0.5, 1)], "whole"),
        ([(0, 1, 2, 3)], "rows"),
    ],
)
def test_bad_edges_are_refused(edges: list[tuple[float, ...]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        network_metrics(3, edges)


def test_small_and_empty_networks_say_undefined() -> None:
    empty = network_metrics(0, [])
    assert (empty.density, empty.degree_centralization, empty.reciprocity) == (None, None, None)
    pair = network_metrics(2, [(0, 1)])
    assert pair.density == 1.0
    assert pair.degree_centralization is None  # (n-1)(n-2) = 0
    assert pair.out_degree_centralization == 1.0
    assert pair.betweenness == (0.0, 0.0)
    alone = network_metrics(3, [])
    assert alone.density == 0.0 and alone.reciprocity is None and alone.betweenness == (0, 0, 0)
    with pytest.raises(ValueError, match="rule"):
        network_metrics(3, [], rule="xor")  # type: ignore[arg-type]


def test_freeman_centralization_of_degree_sequences() -> None:
    assert freeman_degree_centralization([3, 1, 1, 1]) == pytest.approx(1.0)
    assert freeman_degree_centralization([1, 1]) is None
    assert freeman_degree_centralization([0, 1], directed=True) == pytest.approx(1.0)


# --- against networkx on random graphs --------------------------------------------------------


def _nx_centralization(degrees: list[int], directed: bool) -> float:
    n = len(degrees)
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) ** 2 if directed else (n - 1) * (n - 2))


@pytest.mark.parametrize(
    ("seed", "n", "p"), [(0, 8, 0.3), (1, 15, 0.15), (2, 30, 0.08), (3, 40, 0.3)]
)
def test_random_graphs_agree_with_networkx(seed: int, n: int, p: float) -> None:
    digraph = nx.gnp_random_graph(n, p, seed=seed, directed=True)
    edges = [(a, b, 1 + (a * 7 + b) % 3) for a, b in digraph.edges()]
    ours = network_metrics(n, edges)
    undirected = digraph.to_undirected()
    assert ours.density == pytest.approx(nx.density(undirected))
    assert ours.directed_density == pytest.approx(nx.density(digraph))
    assert ours.ties == undirected.number_of_edges()
    assert ours.reciprocity == pytest.approx(nx.reciprocity(digraph))
    betweenness = nx.betweenness_centrality(undirected, normalized=True)
    assert ours.betweenness == pytest.approx([betweenness[i] for i in range(n)], abs=1e-12)
    degrees = [undirected.degree(i) for i in range(n)]
    assert list(ours.degree) == degrees
    assert ours.degree_centralization == pytest.approx(_nx_centralization(degrees, False))
    in_degrees = [digraph.in_degree(i) for i in range(n)]
    out_degrees = [digraph.out_degree(i) for i in range(n)]
    assert ours.in_degree_centralization == pytest.approx(_nx_centralization(in_degrees, True))
    assert ours.out_degree_centralization == pytest.approx(_nx_centralization(out_degrees, True))
    strength = dict(digraph.out_degree(weight=None))
    assert ours.out_degree == tuple(strength[i] for i in range(n))


@pytest.mark.parametrize("seed", [4, 5])
def test_and_rule_agrees_with_networkx_reciprocal_graph(seed: int) -> None:
    digraph = nx.gnp_random_graph(25, 0.25, seed=seed, directed=True)
    ours = network_metrics(25, list(digraph.edges()), rule="and")
    mutual = digraph.to_undirected(reciprocal=True)
    assert ours.ties == mutual.number_of_edges()
    assert ours.density == pytest.approx(nx.density(mutual))
    betweenness = nx.betweenness_centrality(mutual, normalized=True)
    assert ours.betweenness == pytest.approx([betweenness[i] for i in range(25)], abs=1e-12)


def test_numpy_input_equals_list_input() -> None:
    rng = np.random.default_rng(7)
    array = rng.integers(0, 20, (60, 2))
    assert network_metrics(20, array) == network_metrics(20, array.tolist())


# --- trust and value (PARTNER, INSTRUMENTS.md 1.3) ----------------------------------------------


VALUE_HIGH = {"power": 4, "involvement": 4, "resources": 4}
TRUST_MIXED = {"reliability": 4, "mission": 3, "openness": 2}


def test_trust_and_value_by_hand() -> None:
    ratings = [
        Rating(0, 1, VALUE_HIGH, TRUST_MIXED),  # value 4, trust 3
        Rating(2, 1, {"power": 1, "involvement": 2, "resources": 3}, {"reliability": 1}),
        Rating(1, 0, {"power": 2}, {}),  # value only
    ]
    scores = trust_value_scores(3, ratings)
    member = scores.nodes[1]
    assert member.raters == 2
    assert member.value == pytest.approx((4 + 2) / 2)
    assert member.trust == pytest.approx((3 + 1) / 2)
    assert member.trust_dimensions == {"mission": 3, "openness": 2, "reliability": 2.5}
    assert member.value_dimensions["power"] == pytest.approx(2.5)
    assert scores.nodes[0].trust is None and scores.nodes[0].value == 2
    assert scores.nodes[2].raters == 0 and scores.nodes[2].value is None
    # network: pair means over all rated pairs, and PARTNER's percentage (/4)
    assert scores.trust == pytest.approx((3 + 1) / 2)
    assert scores.value == pytest.approx((4 + 2 + 2) / 3)
    assert scores.trust_percent == pytest.approx(100 * 2 / 4)
    assert scores.ratings == 3
    # relative connectivity: member 1 gets (4+3)/2 + (2+1)/2 = 5; member 0 gets 2
    assert member.relative_connectivity == 1.0
    assert scores.nodes[0].relative_connectivity == pytest.approx(2 / 5)


@pytest.mark.parametrize(
    ("rating", "message"),
    [
        (Rating(0, 0, VALUE_HIGH, TRUST_MIXED), "itself"),
        (Rating(0, 5, VALUE_HIGH, TRUST_MIXED), "0 .. 2"),
        (Rating(0, 1, {"power": 5}, {}), "between 1 and 4"),
        (Rating(0, 1, {"power": 0}, {}), "between 1 and 4"),
        (Rating(0, 1, {}, {"openness": math.inf}), "between 1 and 4"),
    ],
)
def test_bad_ratings_are_refused(rating: Rating, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        trust_value_scores(3, [rating])


def test_a_pair_is_rated_once() -> None:
    with pytest.raises(ValueError, match="once"):
        trust_value_scores(2, [Rating(0, 1, VALUE_HIGH, {}), Rating(0, 1, VALUE_HIGH, {})])


def test_no_ratings_no_scores() -> None:
    scores = trust_value_scores(2, [])
    assert (scores.trust, scores.value, scores.trust_percent) == (None, None, None)
    assert [node.relative_connectivity for node in scores.nodes] == [0.0, 0.0]


# --- two waves --------------------------------------------------------------------------------


def test_compare_waves_lists_added_lost_changed_and_metrics() -> None:
    before = [(0, 1, 1), (1, 0, 1), (1, 2, 2), (2, 3, 1)]
    after = [(0, 1, 3), (1, 0, 1), (2, 3, 1), (3, 0, 2)]
    comparison = compare_waves(
        4,
        before,
        after,
        ratings_before=[Rating(0, 1, {}, {"reliability": 2})],
        ratings_after=[Rating(0, 1, {}, {"reliability": 4})],
    )
    assert [(t.source, t.target, t.after) for t in comparison.added] == [(3, 0, 2.0)]
    assert [(t.source, t.target, t.before) for t in comparison.lost] == [(1, 2, 2.0)]
    assert [(t.source, t.target, t.before, t.after) for t in comparison.changed] == [
        (0, 1, 1.0, 3.0)
    ]
    assert comparison.unchanged == 2
    assert comparison.before.density == pytest.approx(3 / 6)
    assert comparison.after.density == pytest.approx(3 / 6)
    assert comparison.before.reciprocity == pytest.approx(2 / 4)
    # after: the path 1-0-3-2; member 0 lies on the paths 1-3 and 1-2 (2 of 3 pairs)
    assert comparison.after.betweenness[0] == pytest.approx(2 / 3)
    assert comparison.trust_before.trust == 2 and comparison.trust_after.trust == 4


# --- layout -------------------------------------------------------------------------------------


def test_layout_is_deterministic_and_ignores_edge_order() -> None:
    digraph = nx.gnp_random_graph(40, 0.1, seed=11, directed=True)
    edges = list(digraph.edges())
    first = stress_layout(40, edges)
    assert np.array_equal(first, stress_layout(40, edges))
    shuffled = [edges[k] for k in np.random.default_rng(3).permutation(len(edges))]
    assert np.array_equal(first, stress_layout(40, shuffled))
    assert first.shape == (40, 2)
    assert np.all(first >= 0) and np.all(first <= 1.25)


def test_layout_follows_graph_distance() -> None:
    """A path lies nearly straight: the ends are about three times as far apart as
    neighbours, and the members without ties wait in a row below."""
    xy = stress_layout(6, [(0, 1), (1, 2), (2, 3)])
    step = np.linalg.norm(xy[1] - xy[0])
    assert np.linalg.norm(xy[3] - xy[0]) == pytest.approx(3 * step, rel=0.05)
    assert xy[4][1] == xy[5][1] > xy[:4, 1].max()


def test_layout_of_tiny_networks() -> None:
    assert stress_layout(0, []).shape == (0, 2)
    assert stress_layout(1, []).tolist() == [[0.5, 0.5]]
    assert np.array_equal(stress_layout(3, []), stress_layout(3, []))


# --- the picture --------------------------------------------------------------------------------


LABELS = [
    "Harambee Waters Foundation",
    "Kivuli County",
    "Fisherfolk Cooperative of the Eastern Shore",
    'Youth <League> & "Elders"',
    "Outside",
]
EDGES = [(0, 1, 3), (1, 0, 2), (2, 1, 1), (3, 2, 2), (2, 3, 2)]


def _labels_in(root: ET.Element) -> dict[str, ET.Element]:
    found = {}
    for text in root.iterfind(".//svg:text", NS):
        spans = text.findall("svg:tspan", NS)
        if spans:
            found[" ".join(span.text or "" for span in spans)] = text
    return found


def test_picture_is_accessible_and_self_contained() -> None:
    svg = network_svg(LABELS, EDGES, node_shades=[3.5, 2.0, None, 1.0, None])
    root = parse(svg)
    assert root.get("role") == "img"
    assert "<script" not in svg and "href=" not in svg.replace("url(#", "") and "@import" not in svg
    desc = root.find("svg:desc", NS).text
    assert desc.splitlines() == [
        "5 members and 3 ties.",
        "Harambee Waters Foundation and Kivuli County name each other "
        "(Harambee Waters Foundation: 3; Kivuli County: 2).",
        "Fisherfolk Cooperative of the Eastern Shore names Kivuli County (1).",
        'Fisherfolk Cooperative of the Eastern Shore and Youth <League> & "Elders" name each other '
        '(Fisherfolk Cooperative of the Eastern Shore: 2; Youth <League> & "Elders": 2).',
        "Without ties: Outside.",
    ]
    lines = root.findall(".//svg:line", NS)
    dashed = [
        line
        for line in lines
        if line.get("stroke-dasharray") and line.find("svg:title", NS) is not None
    ]
    assert len(dashed) == 1 and "names Kivuli County" in dashed[0].find("svg:title", NS).text
    # the legend states the measures in words
    words = " ".join(t.text or "" for t in root.iterfind(".//svg:text", NS))
    assert "Circle size: number of ties, from 0 to 2" in words
    assert "Dashed arrow" in words and "Line width" in words


def test_names_are_whole_and_inside_the_drawing() -> None:
    long = "The Very Long Name of the Lake Kivuli Regional Water Resources Users Association"
    labels = [*LABELS, long]
    root = parse(network_svg(labels, [*EDGES, (5, 0, 1)], width=360))
    width = float(root.get("viewBox").split()[2])
    found = _labels_in(root)
    assert set(found) == set(labels)
    for label, element in found.items():
        spans = element.findall("svg:tspan", NS)
        anchor = element.get("text-anchor")
        for span in spans:
            x = float(span.get("x"))
            extent = len(span.text) * FONT_SIZE * CHAR_EM
            left, right = (x, x + extent) if anchor == "start" else (x - extent, x)
            assert left >= 0 and right <= width, label


def test_picture_sizes_follow_the_measure_given() -> None:
    root = parse(network_svg(["A", "B", "C"], [(0, 1), (0, 2)], node_sizes=[1, 4, 0]))
    radii = [float(c.get("r")) for c in root.iterfind("./svg:g/svg:g/svg:circle", NS)]
    assert radii[1] > radii[0] > radii[2]


def test_picture_without_ties_says_so_and_translates() -> None:
    text = PictureText(title="Le réseau", empty="Pas encore de liens", summary="{members} membres.")
    root = parse(network_svg(["A", "B"], [], text=text))
    assert root.find("svg:title", NS).text == "Le réseau"
    assert root.find("svg:desc", NS).text == "2 membres."
    assert any(t.text == "Pas encore de liens" for t in root.iterfind(".//svg:text", NS))


def test_picture_on_shared_positions_is_deterministic() -> None:
    positions = stress_layout(5, EDGES)
    first = network_svg(LABELS, EDGES, positions=positions)
    assert first == network_svg(LABELS, EDGES, positions=positions)
    assert first == network_svg(LABELS, EDGES)  # the default layout is the same one
    with pytest.raises(ValueError, match="node_sizes"):
        network_svg(LABELS, EDGES, node_sizes=[1, 2])


def test_every_pair_of_a_triangle_is_described() -> None:
    edges = list(itertools.permutations(range(3), 2))
    desc = parse(network_svg(["A", "B", "C"], edges)).find("svg:desc", NS).text
    assert desc.count("name each other") == 3

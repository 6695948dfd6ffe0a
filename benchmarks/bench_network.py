"""Network metrics: ours (accord.engine.networks, rustworkx) against networkx on one graph.

The graph: ``n`` organizations, ``m`` distinct reported (directed) ties drawn uniformly at
random (seeded), a third of them the reverse of another, so that two thirds are
reciprocated (reciprocity 0.67; 5,000 nodes and 50,000 ties make 33,311 pairs). With
``--full`` also the hardest shape of that size: no tie answered, 50,000 pairs. "All metrics" is what the network page shows: density (undirected and
directed), Freeman degree centralization (undirected, in, out), reciprocity and the
normalized betweenness of every node on the undirected graph ("or" rule), exact on both
sides. "identical" means every figure agrees to 1e-9.

networkx's exact betweenness on 5,000 nodes and 50,000 ties takes many minutes, so the
default run compares both libraries on 1,000 nodes and 10,000 ties and times ours alone on
the full size; ``--full`` also runs networkx once on the full size (time-out 1 hour).
networkx's k-sample betweenness is not used: rustworkx has no sampled version, and a
sampled figure would not be comparable.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from common import Row, Timing, timed

from accord.engine.networks import Rating, network_metrics, trust_value_scores

TOLERANCE = 1e-9


@dataclass
class NoteRow(Row):
    """A row whose peer did not run here."""

    note: str = ""

    def cells(self) -> list[str]:
        identical = {True: "yes", False: "NO", None: "n/a"}[self.identical]
        return [self.case, self.size, self.note, self.ours.label(), "-", identical]


def random_ties(n: int, m: int, seed: int = 0, *, answered: float = 1 / 3) -> np.ndarray:
    """``m`` distinct directed ties among ``n`` nodes, a share ``answered`` of them the
    reverse of another (so ``2 * answered`` of the ties are reciprocated)."""
    rng = np.random.default_rng(seed)
    first = round(m * (1 - answered))
    chosen: set[tuple[int, int]] = set()
    while len(chosen) < first:
        for a, b in rng.integers(0, n, (first, 2)).tolist():
            if a != b and len(chosen) < first:
                chosen.add((a, b))
    ordered = sorted(chosen)
    for k in rng.permutation(len(ordered)).tolist():
        if len(chosen) >= m:
            break
        a, b = ordered[k]
        chosen.add((b, a))
    while len(chosen) < m:  # pairs already reciprocated: top up at random
        a, b = rng.integers(0, n, 2).tolist()
        if a != b:
            chosen.add((a, b))
    return np.array(sorted(chosen), dtype=np.int64)


def ours_all(n: int, ties: np.ndarray) -> dict[str, object]:
    m = network_metrics(n, ties)
    return {
        "density": m.density,
        "directed_density": m.directed_density,
        "degree_centralization": m.degree_centralization,
        "in_degree_centralization": m.in_degree_centralization,
        "out_degree_centralization": m.out_degree_centralization,
        "reciprocity": m.reciprocity,
        "betweenness": list(m.betweenness),
    }


def _centralization(degrees: list[int], denominator: int) -> float:
    top = max(degrees)
    return sum(top - d for d in degrees) / denominator


def networkx_all(n: int, ties: np.ndarray) -> dict[str, object]:
    import networkx as nx

    digraph = nx.DiGraph()
    digraph.add_nodes_from(range(n))
    digraph.add_edges_from(ties.tolist())
    graph = digraph.to_undirected()
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    return {
        "density": nx.density(graph),
        "directed_density": nx.density(digraph),
        "degree_centralization": _centralization(
            [d for _, d in sorted(graph.degree())], (n - 1) * (n - 2)
        ),
        "in_degree_centralization": _centralization(
            [d for _, d in sorted(digraph.in_degree())], (n - 1) ** 2
        ),
        "out_degree_centralization": _centralization(
            [d for _, d in sorted(digraph.out_degree())], (n - 1) ** 2
        ),
        "reciprocity": nx.reciprocity(digraph),
        "betweenness": [betweenness[i] for i in range(n)],
    }


def same(a: dict[str, object], b: dict[str, object]) -> bool:
    for key, value in a.items():
        other = b[key]
        left = np.atleast_1d(np.asarray(value, dtype=float))
        right = np.atleast_1d(np.asarray(other, dtype=float))
        if left.shape != right.shape or np.max(np.abs(left - right)) > TOLERANCE:
            return False
    return True


def _rows_for(n: int, m: int, peer_timeout: float | None, *, answered: float = 1 / 3) -> list[Row]:
    ties = random_ties(n, m, answered=answered)
    ours = timed(lambda: ours_all(n, ties))
    pairs = len({(min(a, b), max(a, b)) for a, b in ties.tolist()})
    size = f"n={n:,}, m={m:,} ({pairs:,} pairs)"
    case = "all metrics, exact betweenness"
    if peer_timeout is None:
        return [NoteRow(case, size, Timing(None, None), ours, None, note="networkx: --full")]
    peer = timed(lambda: networkx_all(n, ties), peer_timeout)
    identical = None if peer.value is None else same(ours.value, peer.value)
    return [Row(case, size, peer, ours, identical)]


def _trust_row(n: int, m: int) -> Row:
    ties = random_ties(n, m, seed=1)
    rng = np.random.default_rng(2)
    scores = rng.integers(1, 5, (m, 6)).tolist()
    ratings = [
        Rating(
            int(a),
            int(b),
            {"power": s[0], "involvement": s[1], "resources": s[2]},
            {"reliability": s[3], "mission": s[4], "openness": s[5]},
        )
        for (a, b), s in zip(ties.tolist(), scores, strict=True)
    ]
    ours = timed(lambda: trust_value_scores(n, ratings))
    # check: the network trust is the mean of the pair means, computed another way
    expected = float(np.mean(np.asarray(scores)[:, 3:].mean(axis=1)))
    return NoteRow(
        "trust and value per member and overall",
        f"n={n:,}, {m:,} ratings",
        Timing(None, None),
        ours,
        abs(ours.value.trust - expected) < TOLERANCE,
        note="no peer (numpy check)",
    )


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _cpu(timing: Timing) -> str:
    return "-" if timing.cpu is None else f"{timing.cpu:.3f}"


def run(full: bool) -> list[Row]:
    print(f"  load average before: {_loadavg()}", flush=True)
    rows: list[Row] = []
    rows += _rows_for(1_000, 10_000, peer_timeout=600)
    rows += _rows_for(5_000, 50_000, peer_timeout=3600 if full else None)
    if full:  # the hardest shape of that size: no tie answered, 50,000 pairs
        rows += _rows_for(5_000, 50_000, peer_timeout=None, answered=0.0)
    rows.append(_trust_row(5_000, 50_000))
    print(f"  load average after: {_loadavg()}", flush=True)
    print("  CPU seconds of the process (all threads; wall seconds in the table):")
    for row in rows:
        peer = "" if isinstance(row, NoteRow) else f", networkx {_cpu(row.peer)}"
        print(f"  - {row.case}, {row.size}: ours {_cpu(row.ours)}{peer}", flush=True)
    return rows


if __name__ == "__main__":
    from common import format_table

    print(format_table(run(full="--full" in sys.argv)))

"""Opinion groups: ours (accord.engine.opinions) against red-dwarf on the shared Pol.is exports.

Each conversation is read once (latest vote per participant and statement, moderation from
comments.csv) and clustered by both, in this process; the timings cover the clustering
only. "identical" shows instead how well each one's groups match Pol.is' own (the
``group-id`` column of participants-votes.csv): the adjusted Rand index over the
participants both group, ours / red-dwarf's.

red-dwarf (which brings scikit-learn) is in the ``dev`` extra, a baseline only, never
imported by ``src/``: where it cannot be imported, its columns say so. The synthetic case (100,000
participants x 1,000 statements, 5 % of cells voted, three camps) runs in a child process
so that its peak memory can be reported; red-dwarf is not run on it (it builds a dense
table and a quadratic silhouette over every participant).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from common import DATA, Row, Timing, timed

from accord.engine.io.polis import PolisExport, read_polis_export
from accord.engine.opinions import adjusted_rand_index, opinion_groups

POLIS = DATA / "polis"
CONVERSATIONS = [
    "15-per-hour-seattle",
    "brexit-consensus",
    "scoop-hivemind.biodiversity",
    "vtaiwan.uberx",  # the largest: 1,921 participants, 197 statements, 49,997 votes
]


@dataclass
class AriRow(Row):
    """A row whose last column gives each side's adjusted Rand index against Pol.is, and
    whose peer column says why there is no peer timing when there is none."""

    note: str = ""
    peer_note: str = ""

    def cells(self) -> list[str]:
        if self.peer.seconds is None:
            return [self.case, self.size, self.peer_note, self.ours.label(), "-", self.note]
        cells = super().cells()
        cells[-1] = self.note
        return cells


def _ari(labels: list[int], polis: tuple[int, ...]) -> float:
    ours, theirs = np.array(labels), np.array(polis)
    both = (ours >= 0) & (theirs >= 0)
    return adjusted_rand_index(ours[both], theirs[both])


def _red_dwarf(export: PolisExport) -> list[int]:
    from reddwarf.implementations.polis import run_pipeline

    votes = [
        {"participant_id": int(r), "statement_id": int(c), "vote": int(v), "modified": 0}
        for r, c, v in zip(export.votes.row, export.votes.col, export.votes.data, strict=True)
    ]
    result = run_pipeline(
        votes=votes, mod_out_statement_ids=list(export.moderated_out), random_state=0
    )
    clusters = result.participants_df["cluster_id"].reindex(range(len(export.participant_ids)))
    return [int(x) for x in clusters.fillna(-1).astype(int).tolist()]


def _conversation_row(name: str) -> Row:
    export = read_polis_export(POLIS / name)
    ours = timed(lambda: opinion_groups(export.votes, moderated_out=export.moderated_out).labels)
    size = f"{len(export.participant_ids)} x {len(export.statement_ids)}, {export.votes.nnz} votes"
    try:  # imported before timing: the import of scikit-learn is not red-dwarf's cost
        import reddwarf.implementations.polis  # noqa: F401
    except ImportError:
        note = f"ARI {_ari(ours.value, export.polis_groups):.3f} / -"
        return AriRow(
            name, size, Timing(None, None), ours, None, note=note, peer_note="not installed"
        )
    peer = timed(lambda: _red_dwarf(export))
    note = (
        f"ARI {_ari(ours.value, export.polis_groups):.3f} / "
        f"{_ari(peer.value, export.polis_groups):.3f}"
    )
    return AriRow(name, size, peer, ours, None, note=note)


SYNTHETIC = """
import resource, sys, time
import numpy as np
sys.path.insert(0, {src!r})
from accord.engine.opinions import adjusted_rand_index, opinion_groups
n, m, density = 100_000, 1_000, 0.05
rng = np.random.default_rng(0)
camps = rng.integers(0, 3, n)
stance = rng.choice([-1, 1], size=(3, m))
rows, cols = [], []
for start in range(0, n, 10_000):
    r, c = np.nonzero(rng.random((min(10_000, n - start), m)) < density)
    rows.append(r + start)
    cols.append(c)
rows, cols = np.concatenate(rows), np.concatenate(cols)
values = stance[camps[rows], cols] * np.where(rng.random(len(rows)) < 0.8, 1, -1)
values[rng.random(len(rows)) < 0.15] = 0
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
result = opinion_groups((rows, cols, values), shape=(n, m))
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
labels = np.array(result.labels)
ari = adjusted_rand_index(labels[labels >= 0], camps[labels >= 0])
print(seconds, peak / 1024, before / 1024, result.n_groups, ari)
"""


def _synthetic_row() -> Row:
    code = SYNTHETIC.format(src=str(Path(__file__).resolve().parents[1] / "src"))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    seconds, peak_mb, before_mb, k, ari = (
        float(out[0]),
        float(out[1]),
        float(out[2]),
        out[3],
        float(out[4]),
    )
    note = f"{k} groups, ARI vs planted camps {ari:.3f}; peak RSS {peak_mb:.0f} MB (data {before_mb:.0f} MB)"
    return AriRow(
        "synthetic, 3 camps",
        "100000 x 1000, 5% voted",
        Timing(None, None),
        Timing(seconds, None),
        None,
        note=note,
        peer_note="not run",
    )


def run(full: bool) -> list[Row]:
    rows = [_conversation_row(name) for name in CONVERSATIONS if (POLIS / name).is_dir()]
    rows.append(_synthetic_row())
    return rows

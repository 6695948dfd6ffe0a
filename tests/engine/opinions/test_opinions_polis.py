"""Our opinion groups against Pol.is' own, on the shared Pol.is exports.

Pol.is' groups are the ``group-id`` column of participants-votes.csv. The adjusted Rand
index is computed over the participants that both Pol.is and we group. Each threshold is
the higher of the issue's floor (0.8 on the two large conversations) and what the
reference Python implementation, red-dwarf 0.4.0, reaches on the same export (measured
with the same latest-vote rule and the same moderation; docs/benchmarks/opinion-groups.md).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.engine.io.polis import read_polis_export
from accord.engine.opinions import adjusted_rand_index, opinion_groups

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "polis"

#: conversation -> (red-dwarf 0.4.0's adjusted Rand index, the floor the issue sets)
REFERENCE = {
    "15-per-hour-seattle": (0.459, 0.46),
    "brexit-consensus": (0.636, 0.64),
    "scoop-hivemind.biodiversity": (0.954, 0.8),
    "vtaiwan.uberx": (0.825, 0.8),
}

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason=f"no Pol.is data at {DATA}")


def _ari_against_polis(name: str, seed: int = 0) -> tuple[float, int]:
    export = read_polis_export(DATA / name)
    result = opinion_groups(export.votes, moderated_out=export.moderated_out, seed=seed)
    ours, theirs = np.array(result.labels), np.array(export.polis_groups)
    both = (ours >= 0) & (theirs >= 0)
    return adjusted_rand_index(ours[both], theirs[both]), int(both.sum())


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_groups_match_polis_at_least_as_well_as_red_dwarf(name):
    red_dwarf, floor = REFERENCE[name]
    ari, n_both = _ari_against_polis(name)
    assert n_both > 100
    assert ari >= max(red_dwarf, floor), f"{name}: ARI {ari:.3f}"


def test_export_counts_agree_with_polis_summary():
    """After keeping each participant's latest vote per statement, each participant's vote
    count is the ``n-votes`` Pol.is reports in participants-votes.csv."""
    import csv

    name = "15-per-hour-seattle"
    export = read_polis_export(DATA / name)
    counts = np.bincount(export.votes.row, minlength=len(export.participant_ids))
    with (DATA / name / "participants-votes.csv").open() as handle:
        n_votes = {int(r["participant"]): int(r["n-votes"]) for r in csv.DictReader(handle)}
    row_of = {pid: i for i, pid in enumerate(export.participant_ids)}
    assert {pid: int(counts[row_of[pid]]) for pid in n_votes} == n_votes
    assert export.duplicate_votes == 123


def test_everyone_polis_clustered_for_their_votes_is_clustered():
    """Pol.is groups everyone with at least 7 votes; so do we (Pol.is also keeps a few
    early participants with fewer votes, from when the conversation was small)."""
    export = read_polis_export(DATA / "vtaiwan.uberx")
    result = opinion_groups(export.votes, moderated_out=export.moderated_out)
    counts = np.bincount(export.votes.row, minlength=len(export.participant_ids))
    ours, theirs = np.array(result.labels), np.array(export.polis_groups)
    assert np.array_equal(ours >= 0, counts >= 7)
    assert np.all(theirs[counts >= 7] >= 0)

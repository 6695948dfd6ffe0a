"""Pol.is export folders: :func:`read_polis_export` into a sparse vote matrix.

A Pol.is conversation export holds ``comments.csv`` (``comment-id``, ``moderated``: -1 for
a statement moderated out), ``votes.csv`` (``timestamp``, ``comment-id``, ``voter-id``,
``vote`` in -1/0/1) and ``participants-votes.csv`` (``participant``, ``group-id``: the
opinion group Pol.is gave the participant, empty for none). ``votes.csv`` may repeat a
participant's vote on a statement when they changed it: the latest (by timestamp, then by
line) is kept.

Participants and statements are numbered by increasing Pol.is id, which is the order in
which they joined the conversation (Pol.is assigns ids in that order).

References
----------
The export format: https://compdemocracy.org/export/ and the Pol.is open data
(https://github.com/compdemocracy/openData), CC BY 4.0.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse

__all__ = ["PolisExport", "PolisFormatError", "read_polis_export"]


class PolisFormatError(ValueError):
    """A Pol.is export file is missing or malformed; the message names the file and line."""


@dataclass(frozen=True, eq=False)
class PolisExport:
    """A Pol.is conversation as a vote matrix.

    ``votes`` is participants x statements (COO, one stored entry per vote; a pass is a
    stored 0). Row ``i`` is Pol.is participant ``participant_ids[i]``, column ``j`` the
    statement ``statement_ids[j]``. ``moderated_out`` lists the columns moderators removed;
    ``polis_groups`` gives Pol.is' own group per row (-1 for none, or when the folder has
    no participants-votes.csv).
    """

    participant_ids: tuple[int, ...]
    statement_ids: tuple[int, ...]
    votes: scipy.sparse.coo_array
    moderated_out: tuple[int, ...]
    polis_groups: tuple[int, ...]
    duplicate_votes: int  # repeated (participant, statement) votes dropped for the latest


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row of a CSV file, after checking its header."""
    if not path.is_file():
        raise PolisFormatError(f"{path}: no such file")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [name for name in required if name not in header]
        if missing:
            raise PolisFormatError(f"{path}:1: missing column(s) {', '.join(missing)}")
        for row in reader:
            yield reader.line_num, row


def _integer(path: Path, line: int, row: dict[str, str], column: str) -> int:
    text = (row.get(column) or "").strip()
    try:
        return int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            number = float("nan")
        if number.is_integer():
            return int(number)
        raise PolisFormatError(
            f"{path}:{line}: {column} must be an integer, got {text!r}"
        ) from None


def read_polis_export(directory: str | Path) -> PolisExport:
    """Read a Pol.is export folder into a :class:`PolisExport`.

    Raises
    ------
    PolisFormatError
        A required file or column is missing, or a value is malformed (the message names
        the file and line).
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise PolisFormatError(f"{folder}: not a directory")

    comments = folder / "comments.csv"
    statement_set: set[int] = set()
    moderated: set[int] = set()
    for line, row in _rows(comments, ("comment-id", "moderated")):
        sid = _integer(comments, line, row, "comment-id")
        statement_set.add(sid)
        if _integer(comments, line, row, "moderated") == -1:
            moderated.add(sid)

    votes_path = folder / "votes.csv"
    latest: dict[tuple[int, int], tuple[int, int, int]] = {}  # -> (timestamp, line, vote)
    n_votes = 0
    for line, row in _rows(votes_path, ("timestamp", "comment-id", "voter-id", "vote")):
        n_votes += 1
        pid = _integer(votes_path, line, row, "voter-id")
        sid = _integer(votes_path, line, row, "comment-id")
        vote = _integer(votes_path, line, row, "vote")
        stamp = _integer(votes_path, line, row, "timestamp")
        if vote not in (-1, 0, 1):
            raise PolisFormatError(f"{votes_path}:{line}: vote must be -1, 0 or 1, got {vote}")
        if pid < 0 or sid < 0:
            raise PolisFormatError(f"{votes_path}:{line}: negative id")
        key = (pid, sid)
        seen = latest.get(key)
        if seen is None or (stamp, line) >= seen[:2]:
            latest[key] = (stamp, line, vote)

    groups_by_participant: dict[int, int] = {}
    participants_path = folder / "participants-votes.csv"
    if participants_path.exists():
        for line, row in _rows(participants_path, ("participant", "group-id")):
            pid = _integer(participants_path, line, row, "participant")
            group = (row.get("group-id") or "").strip()
            groups_by_participant[pid] = (
                -1 if group == "" else _integer(participants_path, line, row, "group-id")
            )

    participant_ids = sorted({pid for pid, _ in latest} | set(groups_by_participant))
    statement_ids = sorted({sid for _, sid in latest} | statement_set)
    row_of = {pid: i for i, pid in enumerate(participant_ids)}
    col_of = {sid: j for j, sid in enumerate(statement_ids)}
    keys = sorted(latest)
    rows = np.fromiter((row_of[p] for p, _ in keys), dtype=np.int64, count=len(keys))
    cols = np.fromiter((col_of[s] for _, s in keys), dtype=np.int64, count=len(keys))
    values = np.fromiter((latest[k][2] for k in keys), dtype=np.float64, count=len(keys))
    matrix = scipy.sparse.coo_array(
        (values, (rows, cols)), shape=(len(participant_ids), len(statement_ids))
    )
    return PolisExport(
        participant_ids=tuple(participant_ids),
        statement_ids=tuple(statement_ids),
        votes=matrix,
        moderated_out=tuple(col_of[s] for s in sorted(moderated)),
        polis_groups=tuple(groups_by_participant.get(pid, -1) for pid in participant_ids),
        duplicate_votes=n_votes - len(latest),
    )

"""engine.io.polis: reading a Pol.is export folder; malformed files name file and line."""

from __future__ import annotations

import pytest

from accord.engine.io.polis import PolisFormatError, read_polis_export

COMMENTS = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
VOTES = "timestamp,datetime,comment-id,voter-id,vote\n"
PARTICIPANTS = "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1\n"


def _write(folder, comments, votes, participants=None):
    (folder / "comments.csv").write_text(COMMENTS + comments)
    (folder / "votes.csv").write_text(VOTES + votes)
    if participants is not None:
        (folder / "participants-votes.csv").write_text(PARTICIPANTS + participants)
    return folder


def test_latest_vote_wins_and_ids_are_sorted(tmp_path):
    folder = _write(
        tmp_path,
        "1,x,10,5,0,0,1,a\n2,x,3,5,0,0,-1,b\n",
        # participant 7 changes their vote on 10 (the later timestamp wins, whatever the
        # line order); participant 2 passes on 3
        "200,x,10,7,1\n100,x,10,7,-1\n150,x,3,2,0\n",
        "2,1,0,1,0,0,,0\n7,,0,1,1,0,1,\n9,0,0,0,0,0,,\n",
    )
    export = read_polis_export(folder)
    assert export.participant_ids == (2, 7, 9)
    assert export.statement_ids == (3, 10)
    assert export.moderated_out == (0,)  # statement 3
    assert export.polis_groups == (1, -1, 0)
    assert export.duplicate_votes == 1
    dense = export.votes.toarray()
    assert dense.tolist() == [[0.0, 0.0], [0.0, 1.0], [0.0, 0.0]]
    # the pass is stored, the missing votes are not
    assert sorted(zip(export.votes.row.tolist(), export.votes.col.tolist(), strict=True)) == [
        (0, 0),
        (1, 1),
    ]


def test_equal_timestamps_keep_the_later_line(tmp_path):
    folder = _write(tmp_path, "1,x,0,5,0,0,1,a\n", "100,x,0,1,1\n100,x,0,1,-1\n")
    assert read_polis_export(folder).votes.toarray().tolist() == [[-1.0]]


def test_participants_votes_file_is_optional(tmp_path):
    export = read_polis_export(_write(tmp_path, "1,x,0,5,0,0,1,a\n", "100,x,0,4,1\n"))
    assert export.participant_ids == (4,)
    assert export.polis_groups == (-1,)


@pytest.mark.parametrize(
    ("votes", "message"),
    [
        ("100,x,0,1,2\n", "votes.csv:2: vote must be -1, 0 or 1, got 2"),
        ("100,x,0,1,1\n100,x,zero,1,1\n", "votes.csv:3: comment-id must be an integer"),
        ("100,x,0,-1,1\n", "votes.csv:2: negative id"),
    ],
)
def test_malformed_votes_name_the_line(tmp_path, votes, message):
    with pytest.raises(PolisFormatError, match=message):
        read_polis_export(_write(tmp_path, "1,x,0,5,0,0,1,a\n", votes))


def test_missing_column_and_file(tmp_path):
    (tmp_path / "comments.csv").write_text("comment-id,text\n1,a\n")
    (tmp_path / "votes.csv").write_text(VOTES)
    with pytest.raises(PolisFormatError, match=r"comments.csv:1: missing column\(s\) moderated"):
        read_polis_export(tmp_path)
    (tmp_path / "comments.csv").unlink()
    with pytest.raises(PolisFormatError, match=r"comments\.csv: no such file"):
        read_polis_export(tmp_path)
    with pytest.raises(PolisFormatError, match="not a directory"):
        read_polis_export(tmp_path / "nowhere")


def test_errors_are_value_errors():
    assert issubclass(PolisFormatError, ValueError)

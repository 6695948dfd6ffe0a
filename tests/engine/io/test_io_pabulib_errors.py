"""The pabulib reader refuses every malformed input of issue 18 with a ReadError naming the
line, the field and what was expected, instead of misreading it."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from accord.engine.io import ComputationLimit, ReadError
from accord.engine.io.pabulib import parse_pabulib, read_pabulib

GOOD = """META
key;value
description;hand-made
num_projects;3
num_votes;3
budget;100
vote_type;cumulative
PROJECTS
project_id;cost;name
a;60;Park
b;50;Bench
c;20;Tree
VOTES
voter_id;vote;points;age
v1;a,b;2,1;30
v2;b;3;41
v3;c,a;1,2;
"""
# line numbers in GOOD: budget 6, vote_type 7, PROJECTS header 9, a 10, b 11, c 12,
# VOTES header 14, v1 15, v2 16, v3 17


def refused(text: str, **kwargs: object) -> ReadError:
    with pytest.raises(ReadError) as caught:
        parse_pabulib(text, **kwargs)  # type: ignore[arg-type]
    return caught.value


def test_the_good_file_reads() -> None:
    election = parse_pabulib(GOOD)
    assert election.budget == 100
    assert [election.ballot(i) for i in range(3)] == [["a", "b"], ["b"], ["c", "a"]]
    assert election.vote_points.tolist() == [2, 1, 3, 1, 2]


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "expected"),
    [
        # issue 18: a ballot then counted for only one of the two projects "b"
        ("c;20;Tree", "b;20;Tree", 12, "project_id", "a project id not used before (line 11)"),
        # issue 18: a truncated file read 59 of 847 voters without complaint
        ("num_votes;3", "num_votes;4", 5, "num_votes", "3, the number of voters"),
        ("num_projects;3", "num_projects;2", 4, "num_projects", "3, the number of projects"),
        # issue 18: "budget;44,753" was read as 44.753
        ("budget;100", "budget;44,753", 6, "budget", "a ',' may be a decimal or a thousands"),
        ("budget;100", "budget;-100", 6, "budget", "a number that is not negative"),
        ("budget;100", "budget;1e3", 6, "budget", "digits with an optional '.'"),
        ("budget;100", "budget;", 6, "budget", "digits with an optional '.'"),
        ("a;60;Park", "a;-60;Park", 10, "cost", "a number that is not negative"),
        ("a;60;Park", "a;6 0;Park", 10, "cost", "digits with an optional '.'"),
        # issue 18: a missing budget raised a bare KeyError
        ("budget;100\n", "", None, "budget", "a 'budget' row in META"),
        # issue 18: a renamed column raised "tuple.index(x)"
        ("project_id;cost;name", "project_id;price;name", 9, "PROJECTS", "a 'cost' column"),
        ("project_id;cost;name", "id;cost;name", 9, "PROJECTS", "to start with 'project_id'"),
        ("voter_id;vote;points;age", "voter_id;votes;points;age", 14, "VOTES", "a 'vote' column"),
        (
            "voter_id;vote;points;age",
            "voter;vote;points;age",
            14,
            "VOTES",
            "to start with 'voter_id'",
        ),
        (
            "project_id;cost;name",
            "project_id;cost;cost",
            9,
            "PROJECTS",
            "distinct, non-empty column names",
        ),
        (
            "voter_id;vote;points;age",
            "voter_id;vote;pts;age",
            14,
            "VOTES",
            "a 'points' column (cumulative",
        ),
        # rows that do not fit their header: nothing is dropped or padded silently
        ("a;60;Park", "a;60;Park;extra", 10, "PROJECTS", "3 fields separated by ';'"),
        ("a;60;Park", "a;60", 10, "PROJECTS", "3 fields separated by ';'"),
        ("v2;b;3;41", "v2;b;3;41;x", 16, "VOTES", "4 fields separated by ';'"),
        ("v2;b;3;41", "v2;b;3", 16, "VOTES", "4 fields separated by ';'"),
        # ballots
        ("v2;b;3;41", "v2;d;3;41", 16, "vote", "project ids of the PROJECTS section"),
        ("v2;b;3;41", "v2;b,b;2,1;41", 16, "vote", "each project at most once"),
        ("v2;b;3;41", "v2;b,;3,0;41", 16, "vote", "project ids of the PROJECTS section"),
        ("v2;b;3;41", "v1;b;3;41", 16, "voter_id", "a voter id not used before (line 15)"),
        ("v2;b;3;41", ";b;3;41", 16, "voter_id", "a voter id"),
        # points misaligned per voter though the totals match (5 points for 5 votes)
        (
            "v1;a,b;2,1;30\nv2;b;3;41",
            "v1;a,b;2;30\nv2;b;3,1;41",
            15,
            "points",
            "2 points, one per project",
        ),
        ("v2;b;3;41", "v2;b;x;41", 16, "points", "digits with an optional '.'"),
        ("v2;b;3;41", "v2;b;-3;41", 16, "points", "not negative (cumulative ballots)"),
        # META
        ("key;value\n", "", 2, "META", "the META header 'key;value'"),
        ("description;hand-made", "budget;7", 6, "budget", "each META key once"),
        ("vote_type;cumulative", "vote_type;ranked", 7, "vote_type", "a vote_type among"),
        ("description;hand-made", 'description;"hand-made', 3, "META", "each quote closed"),
        # sections
        ("VOTES\n", "PROJECTS\n", 13, "PROJECTS", "each section once"),
        ("META\n", "hello\nMETA\n", 1, None, "a section title"),
    ],
)
def test_a_malformed_file_is_refused_with_its_line_and_field(
    old: str, new: str, line: int | None, field: str | None, expected: str
) -> None:
    assert old in GOOD
    error = refused(GOOD.replace(old, new, 1))
    assert (error.line, error.field) == (line, field)
    assert expected in error.expected


def test_a_decimal_comma_is_read_only_when_the_file_says_so() -> None:
    """The pabulib format writes decimals with '.'; "44,753" is refused rather than guessed
    (pabutools reads it as 44.753; in Polish it may be 44,753 zł), and read as 44.753 only
    when the caller states that the file's documentation uses decimal commas."""
    text = GOOD.replace("budget;100", "budget;44,753").replace("c;20;Tree", "c;20,5;Tree")
    election = parse_pabulib(text, decimal_separator=",")
    assert election.budget == Fraction(44753, 1000)
    assert election.costs.tolist() == [60, 50, Fraction(41, 2)]
    error = refused(GOOD.replace("a;60;Park", "a;60.5;Park"), decimal_separator=",")
    assert (error.line, error.field) == (10, "cost")
    assert "decimal comma" in error.expected
    with pytest.raises(ValueError, match="decimal_separator"):
        parse_pabulib(GOOD, decimal_separator=";")


def test_required_sections() -> None:
    assert refused("META\nkey;value\nbudget;1\n").field == "PROJECTS"
    assert refused("PROJECTS\nproject_id;cost\n").field == "META"
    assert refused("").field == "META"


def test_the_file_name_is_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "hand-made.pb"
    path.write_text(GOOD.replace("budget;100", "budget;44,753"), encoding="utf-8")
    with pytest.raises(ReadError, match=r"^hand-made.pb, line 6, budget: expected") as caught:
        read_pabulib(path)
    assert caught.value.source == "hand-made.pb"
    path.write_bytes(b"META\nkey;value\nbudget;\xff\n")
    with pytest.raises(ReadError, match="UTF-8"):
        read_pabulib(path)


def test_a_meta_number_names_its_line() -> None:
    election = parse_pabulib(
        GOOD.replace(
            "vote_type;cumulative", "vote_type;cumulative\nmin_project_score_threshold;1,5"
        )
    )
    with pytest.raises(ReadError) as caught:
        election.meta_number("min_project_score_threshold")
    assert (caught.value.line, caught.value.field) == (8, "min_project_score_threshold")
    assert election.meta_number("absent") is None


def test_dense_matrices_check_their_size_first(monkeypatch: pytest.MonkeyPatch) -> None:
    election = parse_pabulib(GOOD)
    monkeypatch.setattr("accord.engine.io.pabulib._MAX_CELLS", 8)  # 3 voters x 3 projects
    with pytest.raises(ComputationLimit, match="approval_matrix"):
        election.approval_matrix()
    with pytest.raises(ComputationLimit, match="points_matrix"):
        election.points_matrix()

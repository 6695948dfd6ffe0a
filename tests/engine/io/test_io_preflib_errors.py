"""The PrefLib reader refuses every malformed input of issue 18 with a ReadError that names
the line, the field and what was expected, instead of misreading it."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.engine.io import ComputationLimit, ReadError
from accord.engine.io.preflib import parse_preflib, read_preflib

HEADER = """# DATA TYPE: {kind}
# NUMBER ALTERNATIVES: 3
# NUMBER VOTERS: {voters}
# NUMBER UNIQUE ORDERS: {orders}
# ALTERNATIVE NAME 1: Ann
# ALTERNATIVE NAME 2: Bo
# ALTERNATIVE NAME 3: Cy
"""


def ordinal(body: str, kind: str = "toi", voters: int | None = None) -> str:
    lines = [line for line in body.splitlines() if line.strip()]
    if voters is None:
        voters = sum(int(line.partition(":")[0]) for line in lines)
    return HEADER.format(kind=kind, voters=voters, orders=len(lines)) + body


def refused(text: str) -> ReadError:
    with pytest.raises(ReadError) as caught:
        parse_preflib(text)
    return caught.value


@pytest.mark.parametrize(
    ("ballot", "field", "expected", "found"),
    [
        ("2: 1,0,3", "ballot", "a candidate number 1..3", "0"),
        ("2: 1,4", "ballot", "a candidate number 1..3", "4"),
        ("2: 1,99999999999999999999999", "ballot", "a candidate number 1..3", "19 digits"),
        ("-3: 1,2", "count", "a positive integer", "-3"),
        ("2.5: 1,2", "count", "a positive integer", "2.5"),
        ("0: 1,2", "count", "a positive integer", "0"),
        ("2: 1,x,3", "ballot", "a candidate number", "x"),
        ("2: 1,1,2", "ballot", "each candidate at most once", "1"),
        ("2: 1,{2,1}", "ballot", "each candidate at most once", "1"),
        ("2: 1,{2,3", "ballot", "every '{' closed", "1,{2,3"),
        ("2: 1,{}", "ballot", "no empty tie", "1,{}"),
        ("1,2,3", "count", "a line 'count: ballot'", "1,2,3"),
        ("2: 1;2", "ballot", "a candidate number", "1;2"),
        ("2: 1,,2", "ballot", "candidate numbers separated by ','", "1,,2"),
    ],
)
def test_a_malformed_ballot_line_is_refused_with_its_line_and_field(
    ballot: str, field: str, expected: str, found: str
) -> None:
    """Issue 18: candidate 0 wrapped to the last candidate, "-3:" read as 3, "2.5:" as 5 and
    a stray candidate, "1,x,3" dropped the x, "1,1,2" was accepted, an unclosed "{" became
    a tie, a candidate above NUMBER ALTERNATIVES and a line without a count raised a bare
    IndexError."""
    text = HEADER.format(kind="toi", voters=3, orders=2) + "1: 3\n" + ballot + "\n"
    error = refused(text)
    assert error.line == 9
    assert error.field == field
    assert expected in error.expected
    assert found in (error.found or "")
    assert f"line 9, {field}: expected" in str(error)


def test_the_same_lines_well_formed_are_read() -> None:
    """The refusals above are not a reader that refuses everything: the neighbours read."""
    f = parse_preflib(ordinal("1: 3\n2: 1,{2,3}\n"))
    assert f.profile.counts.tolist() == [1, 2]
    assert f.profile.ranks.tolist() == [[32767, 32767, 0], [0, 1, 1]]


@pytest.mark.parametrize(
    ("kind", "ballot", "expected"),
    [
        ("soc", "1: 1,{2,3}", "no tied candidates (soc"),
        ("soc", "1: 1,2", "all 3 candidates ranked (soc"),
        ("soi", "1: {1,2}", "no tied candidates (soi"),
        ("toc", "1: {1,2}", "all 3 candidates ranked (toc"),
    ],
)
def test_a_ballot_that_breaks_its_data_type_is_refused(
    kind: str, ballot: str, expected: str
) -> None:
    error = refused(ordinal(ballot + "\n", kind=kind))
    assert (error.line, error.field) == (8, "ballot")
    assert expected in error.expected


def test_header_counts_must_match_the_ballots() -> None:
    body = "2: 1,2,3\n3: 3,2,1\n"
    voters = refused(ordinal(body, kind="soc", voters=6))
    assert (voters.line, voters.field, voters.found) == (3, "NUMBER VOTERS", "6")
    assert voters.expected.startswith("5,")
    # a truncated file: one line lost, the header still says two orders
    truncated = HEADER.format(kind="soc", voters=2, orders=2) + "2: 1,2,3\n"
    orders = refused(truncated)
    assert (orders.line, orders.field, orders.found) == (4, "NUMBER UNIQUE ORDERS", "2")


@pytest.mark.parametrize(
    ("text", "line", "field", "expected"),
    [
        ("# DATA TYPE: soc\n1: 1\n", None, "NUMBER ALTERNATIVES", "NUMBER ALTERNATIVES: m"),
        (
            "# DATA TYPE: soc\n# NUMBER ALTERNATIVES: two\n1: 1\n",
            2,
            "NUMBER ALTERNATIVES",
            "a non-negative integer",
        ),
        ("# DATA TYPE: soc\n# NUMBER ALTERNATIVES: 0\n", 2, "NUMBER ALTERNATIVES", "at least 1"),
        (
            "# DATA TYPE: soc\n# NUMBER ALTERNATIVES: 1\n# NUMBER ALTERNATIVES: 2\n1: 1\n",
            3,
            "NUMBER ALTERNATIVES",
            "each header key once",
        ),
        ("# DATA TYPE: soc\n# NUMBER ALTERNATIVES 1\n1: 1\n", 2, None, "'# KEY: value'"),
        (
            "# DATA TYPE: soc\n# NUMBER ALTERNATIVES: 1\n# ALTERNATIVE NAME 2: Bo\n1: 1\n",
            3,
            "ALTERNATIVE NAME 2",
            "1..1",
        ),
        (
            "# DATA TYPE: soc\n# NUMBER ALTERNATIVES: 1\n1: 1\n# NUMBER VOTERS: 1\n",
            4,
            None,
            "header lines before the ballots",
        ),
        (
            "# DATA TYPE: soc\n# NUMBER ALTERNATIVES: 1\n# NUMBER VOTERS: -1\n1: 1\n",
            3,
            "NUMBER VOTERS",
            "a non-negative integer",
        ),
    ],
)
def test_a_malformed_header_is_refused(
    text: str, line: int | None, field: str | None, expected: str
) -> None:
    error = refused(text)
    assert (error.line, error.field) == (line, field)
    assert expected in error.expected


CAT = """# DATA TYPE: cat
# NUMBER ALTERNATIVES: 3
# NUMBER VOTERS: {voters}
# NUMBER UNIQUE PREFERENCES: {rows}
# NUMBER CATEGORIES: 2
# CATEGORY NAME 1: Yes
# CATEGORY NAME 2: No
"""


def test_categorical_files_are_checked_too() -> None:
    good = parse_preflib(CAT.format(voters=3, rows=2) + "2: 1,{2,3}\n1: {},{1,2,3}\n")
    assert good.profile.categories.tolist() == [[0, 1, 1], [1, 1, 1]]
    for body, expected in [
        ("2: 1\n", "2 groups, one per category"),
        ("2: 1,2,3\n", "2 groups, one per category"),
        ("2: {1,2},{2,3}\n", "each candidate at most once"),
        ("2: {1,4},2\n", "a candidate number 1..3"),
        ("2: {1,2,3\n", "every '{' closed"),
    ]:
        voters = int(body.partition(":")[0])
        error = refused(CAT.format(voters=voters, rows=1) + body)
        assert (error.line, error.field) == (8, "ballot"), body
        assert expected in error.expected, body
    names = refused(
        CAT.format(voters=2, rows=1).replace("CATEGORY NAME 2", "CATEGORY NAME 3") + "2: 1,{2,3}\n"
    )
    assert names.field == "CATEGORY NAME"


def test_the_file_name_is_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "hand-made.soi"
    path.write_text(ordinal("2: 1,x\n", kind="soi", voters=2))
    with pytest.raises(ReadError, match=r"^hand-made.soi, line 8, ballot: expected") as caught:
        read_preflib(path)
    assert caught.value.source == "hand-made.soi"
    path.write_bytes(b"# DATA TYPE: soi\n\xff\xfe")
    with pytest.raises(ReadError, match="UTF-8"):
        read_preflib(path)


def test_sizes_are_checked_before_allocating() -> None:
    with pytest.raises(ComputationLimit, match="alternatives"):
        parse_preflib("# DATA TYPE: soi\n# NUMBER ALTERNATIVES: 1000000000\n1: 1\n")
    lines = "".join(f"1: {i % 30000 + 1}\n" for i in range(5000))
    with pytest.raises(ComputationLimit, match="cells"):
        parse_preflib("# DATA TYPE: soi\n# NUMBER ALTERNATIVES: 30000\n" + lines)

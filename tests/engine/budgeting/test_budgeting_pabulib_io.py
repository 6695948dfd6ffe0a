"""pabulib ``.pb`` reading and writing (accord.engine.io.pabulib)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from budgeting_data import FILE_STEMS, pabulib_path

from accord.engine.errors import ReadError
from accord.engine.io.pabulib import format_pabulib, parse_pabulib, read_pabulib

SMALL = """META
key;value
description;tiny test
budget;1000
vote_type;cumulative
max_sum_points;3
PROJECTS
project_id;cost;name;category;target
p1;400;Trees;environment,green;children
p2;250.50;"Bench; wooden";public space;none
p3;600.0;Lights;;
VOTES
voter_id;vote;points;age;sex;neighborhood
v1;p1,p2;2,1;34;F;North
v2;p3;3;none;M;South
v3;;;19;;North
"""


def test_sections_fields_and_exact_numbers():
    election = parse_pabulib(SMALL)
    assert election.meta["description"] == "tiny test"
    assert election.budget == 1000
    assert election.vote_type == "cumulative"
    assert election.project_ids == ("p1", "p2", "p3")
    # a decimal cost makes every cost a Fraction; "600.0" is the integer 600
    assert election.costs.tolist() == [400, Fraction(501, 2), 600]
    assert election.project_fields["name"][1] == "Bench; wooden"
    assert election.project_categories() == (
        frozenset({"environment", "green"}),
        frozenset({"public space"}),
        frozenset(),
    )
    assert election.project_categories("target")[0] == frozenset({"children"})
    assert [election.ballot(i) for i in range(3)] == [["p1", "p2"], ["p3"], []]
    assert election.vote_points.tolist() == [2, 1, 3]
    assert election.voter_attribute("age").tolist() == ["34", None, "19"]
    assert election.voter_attribute("sex").tolist() == ["F", "M", None]
    assert election.approval_matrix().astype(int).tolist() == [[1, 1, 0], [0, 0, 1], [0, 0, 0]]
    assert election.points_matrix().tolist() == [[2, 1, 0], [0, 0, 3], [0, 0, 0]]


def test_round_trip_of_the_small_example():
    election = parse_pabulib(SMALL)
    again = parse_pabulib(format_pabulib(election))
    assert again.same_data(election)
    assert again.costs.tolist() == [400, Fraction(501, 2), 600]


def test_ordinal_ballots_keep_their_order():
    text = SMALL.replace("cumulative", "ordinal").replace(";points", "")
    text = text.replace("v1;p1,p2;2,1;", "v1;p2,p1;").replace("v2;p3;3;", "v2;p3;")
    text = text.replace("v3;;;", "v3;;")
    election = parse_pabulib(text)
    assert election.vote_points is None
    assert election.ballot(0) == ["p2", "p1"]
    assert election.points_matrix()[0].tolist() == [1, 2, 0]


def test_unknown_project_in_a_vote_is_an_error():
    with pytest.raises(ReadError, match="project ids of the PROJECTS section") as caught:
        parse_pabulib(SMALL.replace("v2;p3;3", "v2;p9;3"))
    assert (caught.value.field, caught.value.found) == ("vote", "p9")


@pytest.mark.parametrize("stem", FILE_STEMS)
def test_round_trip_on_every_real_file(stem, tmp_path):
    """Writing then reading gives the same data, on every file of shared/data/pabulib."""
    election = read_pabulib(pabulib_path(stem))
    assert election.num_voters == len(election.voter_ids) > 0
    assert election.num_projects == int(election.meta["num_projects"])
    assert election.num_voters == int(election.meta["num_votes"])
    assert election.costs.dtype == np.int64  # every real file has integral costs
    assert isinstance(election.budget, int)
    path = tmp_path / "copy.pb"
    from accord.engine.io.pabulib import write_pabulib

    write_pabulib(election, path)
    assert read_pabulib(path).same_data(election)

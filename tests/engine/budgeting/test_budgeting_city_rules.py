"""Each city's own rule (issue 18): the rule a pabulib file names reproduces the file's
``selected`` column, for every file of shared/data that has one and names a rule; the
greedy variants cities use (without skipping, with a minimum score, with points for
ordinal ballots, with caps per category) on worked examples and properties."""

from __future__ import annotations

from fractions import Fraction
from functools import cache

import pytest
from budgeting_data import FILE_STEMS, pabulib_path
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.budgeting.greedy import greedy_by_score, greedy_utilitarian_welfare
from accord.engine.budgeting.instance import BudgetingInstance
from accord.engine.budgeting.pabulib_rules import RULES, official_outcome, project_scores
from accord.engine.errors import ReadError
from accord.engine.io.pabulib import PabulibElection, parse_pabulib, read_pabulib


@cache
def election_of(stem: str) -> PabulibElection:
    return read_pabulib(pabulib_path(stem))


@pytest.mark.parametrize("stem", FILE_STEMS)
def test_the_rule_a_file_names_reproduces_its_official_outcome(stem: str) -> None:
    election = election_of(stem)
    rule = election.meta["rule"]
    if rule not in RULES:
        with pytest.raises(ReadError) as caught:
            official_outcome(election)
        assert (caught.value.field, caught.value.found) == ("rule", rule)
        assert caught.value.line == election.meta_lines["rule"]
        return
    outcome = official_outcome(election)
    assert outcome.total_cost <= election.budget
    real = election.selected()
    if real is None:  # Toulouse, Amsterdam: the rule runs, nothing to compare with
        return
    assert sorted(outcome.selected) == sorted(real)


@pytest.mark.parametrize(
    ("stem", "why"),
    [
        ("Poland_Gdynia_2020", "greedy-no-skip: greedy that skips buys two more projects"),
        ("Poland_Krakow_2024", "3-2-1 points: votes alone change 7 projects"),
        ("Poland_Warszawa_2026", "the 3,000-vote threshold: without it one project more"),
    ],
)
def test_plain_greedy_by_votes_misses_these_outcomes(stem: str, why: str) -> None:
    election = election_of(stem)
    plain = greedy_utilitarian_welfare(BudgetingInstance.from_pabulib(election))
    assert set(plain.selected) != set(election.selected() or ()), why
    assert set(official_outcome(election).selected) == set(election.selected() or ())


def test_krakow_2024_points_are_the_files_score_column() -> None:
    election = election_of("Poland_Krakow_2024")
    scores = project_scores(election)
    assert scores == [int(s) for s in election.project_fields["score"]]
    assert scores != [int(v) for v in election.project_fields["votes"]]


SMALL = """META
key;value
budget;10
vote_type;approval
rule;{rule}
min_project_score_threshold;2
PROJECTS
project_id;cost
a;7
b;5
c;3
d;1
VOTES
voter_id;vote
1;a
2;a
3;a,b,c
4;a,b,c
5;a,b,c
6;b
7;d
"""


@pytest.mark.parametrize(
    ("rule", "selected"),
    [
        ("greedy", ("a", "c")),  # d has 1 vote: below the threshold of 2
        ("greedy-threshold", ("a", "c")),
        ("greedy-no-skip", ("a",)),
    ],
)
def test_the_rule_field_is_read(rule: str, selected: tuple[str, ...]) -> None:
    assert official_outcome(parse_pabulib(SMALL.format(rule=rule))).selected == selected


def test_unknown_rules_and_missing_thresholds_are_refused() -> None:
    with pytest.raises(ReadError) as caught:
        official_outcome(parse_pabulib(SMALL.format(rule="unknown")))
    assert (caught.value.line, caught.value.field) == (5, "rule")
    no_threshold = SMALL.format(rule="greedy-threshold").replace(
        "min_project_score_threshold;2\n", ""
    )
    with pytest.raises(ReadError, match="min_project_score_threshold"):
        official_outcome(parse_pabulib(no_threshold))


def test_category_caps_can_be_given_for_a_city_that_caps_categories() -> None:
    text = SMALL.format(rule="greedy").replace("project_id;cost\n", "project_id;cost;category\n")
    text = text.replace("a;7\n", "a;7;road\n").replace("b;5\n", "b;5;green\n")
    text = text.replace("c;3\n", "c;3;green\n").replace("d;1\n", "d;1;\n")
    election = parse_pabulib(text)
    assert official_outcome(election).selected == ("a", "c")
    capped = official_outcome(election, category_caps={"road": 6})
    assert capped.selected == ("b", "c")  # a exceeds the road cap; d is below the threshold


INSTANCE = BudgetingInstance.from_lists(
    costs=[7, 5, 3, 1],
    budget=10,
    project_ids=["a", "b", "c", "d"],
    ballots=[["a"]] * 2 + [["a", "b", "c"]] * 3 + [["b"], ["d"]],
)


def test_greedy_without_skipping_stops_at_the_first_misfit() -> None:
    """a (5 votes, 7) is bought; b (4 votes, 5) does not fit the 3 left: greedy skips it and
    buys c (3) with what is left; greedy without skipping stops there."""
    assert greedy_by_score(INSTANCE).selected == ("a", "c")
    outcome = greedy_by_score(INSTANCE, skip=False)
    assert outcome.selected == ("a",)
    assert outcome.rule == "greedy[votes, no-skip]"
    assert [r.value for r in outcome.rounds] == [5]


def test_a_cap_that_a_project_exceeds_closes_its_category_without_skipping() -> None:
    categories = [{"x"}, {"y"}, {"y"}, {"y"}]
    caps = {"y": 4}
    # b (5) exceeds y's cap 4: with skipping c (3) and d (1) still fit y; without, y is closed
    assert greedy_by_score(INSTANCE, categories=categories, category_caps=caps).selected == (
        "a",
        "c",
    )
    assert greedy_by_score(
        INSTANCE, skip=False, categories=categories, category_caps=caps
    ).selected == ("a",)


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError, match="scores for 4 projects"):
        greedy_by_score(INSTANCE, scores=[1, 2])
    with pytest.raises(ValueError, match="needs the categories"):
        greedy_by_score(INSTANCE, category_caps={"x": 1})
    with pytest.raises(ValueError, match="not be negative"):
        greedy_by_score(INSTANCE, categories=[set()] * 4, category_caps={"x": -1})


@st.composite
def instances(draw: st.DrawFn) -> tuple[BudgetingInstance, list[int], list[set[str]], dict]:
    m = draw(st.integers(1, 7))
    n = draw(st.integers(0, 8))
    costs = draw(st.lists(st.integers(0, 20), min_size=m, max_size=m))
    ids = [f"p{j}" for j in range(m)]
    ballots = [draw(st.lists(st.sampled_from(ids), unique=True, max_size=m)) for _ in range(n)]
    instance = BudgetingInstance.from_lists(
        costs=costs, budget=draw(st.integers(0, 60)), ballots=ballots, project_ids=ids
    )
    scores = draw(st.lists(st.integers(0, 9), min_size=m, max_size=m))
    categories = [draw(st.sets(st.sampled_from("xyz"), max_size=2)) for _ in range(m)]
    caps = draw(st.dictionaries(st.sampled_from("xyz"), st.integers(0, 30), max_size=3))
    return instance, scores, categories, caps


@settings(max_examples=100, deadline=None)
@given(instances(), st.booleans(), st.integers(0, 9))
def test_greedy_by_score_respects_the_budget_the_caps_and_the_threshold(
    case: tuple[BudgetingInstance, list[int], list[set[str]], dict], skip: bool, minimum: int
) -> None:
    instance, scores, categories, caps = case
    outcome = greedy_by_score(
        instance,
        scores,
        skip=skip,
        min_score=minimum,
        categories=categories,
        category_caps=caps,
    )
    index = {p: j for j, p in enumerate(instance.project_ids)}
    chosen = [index[p] for p in outcome.selected]
    costs = instance.exact_costs()
    assert outcome.total_cost == sum(costs[j] for j in chosen) <= instance.budget
    for category, cap in caps.items():
        assert sum(costs[j] for j in chosen if category in categories[j]) <= cap
    assert all(scores[j] >= minimum for j in chosen)
    # chosen in decreasing score; the money decided adds up to the cost of supported projects
    assert [scores[j] for j in chosen] == sorted((scores[j] for j in chosen), reverse=True)
    decided = sum(outcome.voter_money_array()) + float(outcome.unattributed_money)
    assert decided == pytest.approx(float(outcome.total_cost))
    if not caps:
        eligible = [
            j
            for j in sorted(range(len(scores)), key=lambda j: (-scores[j], instance.project_ids[j]))
            if scores[j] >= minimum
        ]
        if not skip:  # a prefix of the eligible projects in score order
            assert chosen == eligible[: len(chosen)]


@settings(max_examples=60, deadline=None)
@given(instances())
def test_greedy_by_votes_is_greedy_utilitarian_welfare_with_cost_utilities(
    case: tuple[BudgetingInstance, list[int], list[set[str]], dict],
) -> None:
    """With scores = votes and skipping, the city rule is the utilitarian greedy rule with
    cost satisfaction (cost x supporters per unit of cost = supporters), free projects
    aside (greedy_utilitarian_welfare gives a free project density 0)."""
    instance = case[0]
    if any(c == 0 for c in instance.exact_costs()):
        return
    assert greedy_by_score(instance).selected == greedy_utilitarian_welfare(instance).selected


def test_ordinal_points_by_position() -> None:
    text = SMALL.format(rule="greedy").replace("vote_type;approval", "vote_type;ordinal")
    election = parse_pabulib(text)  # ballots of up to 3 projects: 3-2-1
    assert project_scores(election) == [15, 9, 3, 3]
    assert project_scores(election, ordinal_points=[1]) == [5, 1, 0, 1]
    assert project_scores(election, ordinal_points=[Fraction(1, 2)]) == [
        Fraction(5, 2),
        Fraction(1, 2),
        0,
        Fraction(1, 2),
    ]

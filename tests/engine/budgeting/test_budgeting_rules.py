"""Worked examples and properties of the budgeting rules (accord.engine.budgeting)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from budgeting_reference import naive_add1, naive_mes, naive_phragmen, rank_lexicographic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.engine.budgeting.comparison import popularity_comparison
from accord.engine.budgeting.equal_shares import method_of_equal_shares
from accord.engine.budgeting.greedy import greedy_utilitarian_welfare
from accord.engine.budgeting.instance import BudgetingInstance
from accord.engine.budgeting.phragmen import sequential_phragmen
from accord.engine.budgeting.shares import budget_share_by_voter_group, money_by_voter_group


@pytest.fixture
def three_way_tie() -> BudgetingInstance:
    """Three voters with 10 each (budget 30); a (12) by v1 v2, b (15) by v2 v3, c (9) by v1 v3.

    With cost utilities every project starts at ρ = 1/2 (each supporter would pay half
    its cost), so the first choice is a pure tie.
    """
    return BudgetingInstance.from_lists(
        costs=[12, 15, 9],
        budget=30,
        project_ids=["a", "b", "c"],
        ballots=[["a", "c"], ["a", "b"], ["b", "c"]],
    )


def test_mes_worked_example_by_hand(three_way_tie):
    """Hand computation (Peters, Pierczyński & Skowron 2021, definition of MES).

    Round 1: a, b, c all have ρ = 1/2; the lexicographic tie-breaking takes a, v1 and v2
    pay 6 each (budgets 4, 4, 10).  Round 2: b's supporters hold 4 + 10 < 15, out; c: v1
    pays her last 4, v3 pays 5, so ρ = 5/9.  Nothing else is affordable.
    """
    outcome = method_of_equal_shares(three_way_tie)
    assert outcome.selected == ("a", "c")
    assert [r.value for r in outcome.rounds] == [Fraction(1, 2), Fraction(5, 9)]
    assert outcome.rounds[0].tied == ("b", "c")
    assert outcome.voter_money_array().tolist() == [10, 6, 5]
    assert outcome.per_voter_budget == 10


def test_mes_tie_breaking_is_a_parameter(three_way_tie):
    """Preferring c: v1 and v3 pay 4.5; then a costs its supporters 5.5 and 6.5 (ρ = 13/24)
    against b's 5.5 and 9.5 (ρ = 19/30), so a."""
    outcome = method_of_equal_shares(three_way_tie, tie_breaking=["c", "b", "a"])
    assert outcome.selected == ("c", "a")
    assert outcome.rounds[1].value == Fraction(13, 24)
    assert method_of_equal_shares(three_way_tie, tie_breaking="index").selected == ("a", "c")


def test_other_rules_on_the_worked_example(three_way_tie):
    # approval utilities: ρ is the payment itself, 6, 7.5 and 4.5: c first
    assert method_of_equal_shares(three_way_tie, utility="approval").selected == ("c", "a")
    # greedy by votes: all have 2 votes, a then b (27), c no longer fits
    assert greedy_utilitarian_welfare(three_way_tie).selected == ("a", "b")
    # greedy by votes per unit of cost: c (2/9), a (1/6); b (2/15) does not fit any more
    assert greedy_utilitarian_welfare(three_way_tie, utility="approval").selected == ("c", "a")
    # Phragmén: loads 4.5 (c), then 8.25 (a); b would reach 13.875 but does not fit
    phragmen = sequential_phragmen(three_way_tie)
    assert phragmen.selected == ("c", "a")
    assert [r.value for r in phragmen.rounds] == [Fraction(9, 2), Fraction(33, 4)]
    assert phragmen.voter_money_array().tolist() == [8.25, 8.25, 4.5]
    # the utilitarian completion cannot add b (21 + 15 > 30)
    assert method_of_equal_shares(three_way_tie, completion="utilitarian").selected == ("a", "c")


def test_add_one_search_modes_agree_with_the_definition(three_way_tie):
    expected = naive_add1([12, 15, 9], 30, three_way_tie.approvals, "cost", [0, 1, 2])
    for search in ("certified", "linear", "bisection"):
        outcome = method_of_equal_shares(three_way_tie, completion="add1", increment_search=search)
        assert [three_way_tie.project_ids.index(p) for p in outcome.selected] == expected


def test_shares_of_the_worked_example(three_way_tie):
    outcome = method_of_equal_shares(three_way_tie)
    shares = budget_share_by_voter_group(outcome, ["young", "old", "young"])
    assert shares == {"young": Fraction(15, 21), "old": Fraction(6, 21)}
    greedy = greedy_utilitarian_welfare(three_way_tie)
    # a (12) split v1 v2, b (15) split v2 v3
    assert money_by_voter_group(greedy, ["v1", "v2", "v3"]) == {
        "v1": 6,
        "v2": Fraction(27, 2),
        "v3": Fraction(15, 2),
    }


def test_popularity_comparison_counts_ties_for_both(three_way_tie):
    mes = method_of_equal_shares(three_way_tie)  # a, c
    greedy = greedy_utilitarian_welfare(three_way_tie)  # a, b
    # v1 prefers {a, c} (21 vs 12), v3 prefers {a, b} (15 vs 9), v2 prefers {a, b} (27 vs 12)
    assert popularity_comparison(three_way_tie, [mes, greedy]).selected == ("a", "b")


def test_empty_profile():
    """MES buys nothing nobody supports; Phragmén, like pabutools, treats unsupported
    projects as tied at an infinite load and buys them in tie-breaking order while they fit."""
    instance = BudgetingInstance.from_lists(costs=[1, 2, 1], budget=3, ballots=[])
    assert method_of_equal_shares(instance, completion="add1").selected == ()
    assert sequential_phragmen(instance).selected == ("0", "1")
    no_projects = BudgetingInstance.from_lists(costs=[], budget=3, ballots=[[], []])
    for search in ("certified", "linear", "bisection"):
        outcome = method_of_equal_shares(no_projects, completion="add1", increment_search=search)
        assert (outcome.selected, outcome.increments) == ((), 0)


# ----------------------------------------------------------------------------- properties


@st.composite
def instances(draw, max_voters=10, max_projects=6):
    m = draw(st.integers(1, max_projects))
    n = draw(st.integers(1, max_voters))
    costs = draw(st.lists(st.integers(1, 12), min_size=m, max_size=m))
    budget = draw(st.integers(1, 40))
    rows = draw(st.lists(st.lists(st.booleans(), min_size=m, max_size=m), min_size=n, max_size=n))
    ids = [str(x) for x in draw(st.permutations(list(range(m))))]
    ballots = [[ids[j] for j in range(m) if row[j]] for row in rows]
    return BudgetingInstance.from_lists(
        costs=costs, budget=budget, ballots=ballots, project_ids=ids
    )


def _indices(instance, outcome):
    return [instance.project_ids.index(p) for p in outcome.selected]


FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(instances(), st.sampled_from(["cost", "approval"]))
def test_mes_equals_the_naive_exact_definition(instance, utility):
    """Small integers make exact ties frequent: the float fast path must still decide them
    exactly like one-Fraction-per-voter arithmetic."""
    order = rank_lexicographic(instance.project_ids)
    costs = instance.costs.tolist()
    expected = naive_mes(costs, instance.budget, instance.approvals, utility, order)
    assert _indices(instance, method_of_equal_shares(instance, utility=utility)) == expected


@settings(max_examples=60, deadline=None)
@given(instances(max_voters=6, max_projects=5), st.booleans())
def test_add_one_equals_the_naive_loop(instance, exhaustive_stop):
    order = rank_lexicographic(instance.project_ids)
    costs = instance.costs.tolist()
    expected = naive_add1(
        costs, instance.budget, instance.approvals, "cost", order, exhaustive_stop
    )
    outcome = method_of_equal_shares(instance, completion="add1", exhaustive_stop=exhaustive_stop)
    assert _indices(instance, outcome) == expected


@st.composite
def long_add_one_instances(draw):
    """Elections whose add-one runs through dozens to hundreds of increments: costs far
    above each voter's share, ballots drawn from a few patterns (so groups of voters share
    budgets, and ρ ties and crossings are frequent)."""
    m = draw(st.integers(2, 7))
    patterns = draw(
        st.lists(st.lists(st.booleans(), min_size=m, max_size=m), min_size=1, max_size=6)
    )
    rows = draw(st.lists(st.sampled_from(patterns), min_size=2, max_size=30))
    costs = draw(st.lists(st.integers(20, 400), min_size=m, max_size=m))
    budget = draw(st.integers(sum(costs) * 3 // 10, sum(costs) * 9 // 10))
    ids = [str(x) for x in draw(st.permutations(list(range(m))))]
    ballots = [[ids[j] for j in range(m) if row[j]] for row in rows]
    return BudgetingInstance.from_lists(
        costs=costs, budget=budget, ballots=ballots, project_ids=ids
    )


def _same_add_one(instance, **options):
    linear = method_of_equal_shares(
        instance, completion="add1", increment_search="linear", **options
    )
    certified = method_of_equal_shares(
        instance, completion="add1", increment_search="certified", **options
    )
    assert certified.increments == linear.increments
    assert certified.selected == linear.selected
    assert certified.per_voter_budget == linear.per_voter_budget
    assert certified.rounds == linear.rounds
    assert certified.voter_money == linear.voter_money


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    long_add_one_instances(),
    st.sampled_from(["cost", "approval"]),
    st.booleans(),
    st.sampled_from([1, Fraction(1, 3), 7]),
)
def test_certified_add_one_equals_the_linear_scan(instance, utility, exhaustive_stop, step):
    """The certified search skips ranges of increments where the outcome provably cannot
    change; it must end at the same increment, with the same outcome, as trying them all."""
    _same_add_one(instance, utility=utility, exhaustive_stop=exhaustive_stop, increment=step)


@pytest.mark.slow
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    long_add_one_instances(),
    st.sampled_from(["cost", "approval"]),
    st.booleans(),
    st.sampled_from([1, Fraction(1, 3), 7]),
)
def test_certified_add_one_equals_the_linear_scan_many(instance, utility, exhaustive_stop, step):
    _same_add_one(instance, utility=utility, exhaustive_stop=exhaustive_stop, increment=step)


@settings(max_examples=40, deadline=None)
@given(instances(max_voters=6, max_projects=5))
def test_add_one_bisection_stops_at_a_transition(instance):
    """Bisection need not find the *first* increment where add-one stops (MES is not
    budget-monotone, see Poland_Lodz_2022), but it always stops where the outcome one
    increment earlier would not have stopped, and never returns an outcome over budget."""
    order = rank_lexicographic(instance.project_ids)
    costs = instance.costs.tolist()
    outcome = method_of_equal_shares(instance, completion="add1", increment_search="bisection")
    assert outcome.total_cost <= instance.budget
    base = Fraction(instance.budget, instance.num_voters)
    chosen = _indices(instance, outcome)
    assert chosen == naive_mes(
        costs, instance.budget, instance.approvals, "cost", order, base + outcome.increments
    )


@FAST
@given(instances())
def test_phragmen_equals_the_naive_definition(instance):
    order = rank_lexicographic(instance.project_ids)
    expected = naive_phragmen(instance.costs.tolist(), instance.budget, instance.approvals, order)
    assert _indices(instance, sequential_phragmen(instance)) == expected


@FAST
@given(instances(), st.sampled_from(["cost", "approval"]))
def test_no_rule_exceeds_the_budget(instance, utility):
    outcomes = [
        method_of_equal_shares(instance, utility=utility),
        method_of_equal_shares(instance, utility=utility, completion="utilitarian"),
        method_of_equal_shares(instance, utility=utility, completion="add1"),
        sequential_phragmen(instance),
        greedy_utilitarian_welfare(instance, utility=utility),
    ]
    for outcome in outcomes:
        assert outcome.total_cost <= instance.budget
        assert len(set(outcome.selected)) == len(outcome.selected)


@FAST
@given(instances(), st.sampled_from(["cost", "approval"]))
def test_utilitarian_completion_is_exhaustive(instance, utility):
    for completion in ("utilitarian", "add1_utilitarian"):
        outcome = method_of_equal_shares(instance, utility=utility, completion=completion)
        left = instance.budget - outcome.total_cost
        chosen = outcome.selected_set
        assert all(
            pid in chosen or cost > left
            for pid, cost in zip(instance.project_ids, instance.costs.tolist(), strict=True)
        )


@FAST
@given(instances(), st.randoms(use_true_random=False))
def test_anonymity(instance, rnd):
    """Permuting the voters changes nothing."""
    permutation = list(range(instance.num_voters))
    rnd.shuffle(permutation)
    shuffled = BudgetingInstance(
        costs=instance.costs,
        budget=instance.budget,
        approvals=instance.approvals[permutation],
        project_ids=instance.project_ids,
    )
    for rule in (
        lambda x: method_of_equal_shares(x, completion="add1_utilitarian"),
        sequential_phragmen,
        greedy_utilitarian_welfare,
    ):
        assert rule(shuffled).selected == rule(instance).selected


@FAST
@given(instances(), st.sampled_from(["none", "utilitarian", "add1"]))
def test_voter_money_adds_up_to_the_cost(instance, completion):
    """Payments (MES), loads (Phragmén) and equal splits (greedy) account for every unit."""
    mes = method_of_equal_shares(instance, completion=None if completion == "none" else completion)
    for outcome in (mes, sequential_phragmen(instance), greedy_utilitarian_welfare(instance)):
        money = money_by_voter_group(outcome, ["all"] * instance.num_voters)
        assert sum(money.values()) == outcome.total_cost
        groups = np.arange(instance.num_voters) % 3
        shares = budget_share_by_voter_group(outcome, groups.tolist())
        if outcome.total_cost:
            assert sum(shares.values()) == 1


def _scaled(instance: BudgetingInstance, scale: int, shift: int) -> BudgetingInstance:
    """The same election with costs and budget in a currency ``scale`` times smaller
    (plus ``shift`` on every cost, so that ratios are not round numbers)."""
    ballots = [[instance.project_ids[j] for j in np.flatnonzero(row)] for row in instance.approvals]
    return BudgetingInstance.from_lists(
        costs=[int(c) * scale + shift for c in instance.costs.tolist()],
        budget=int(instance.budget) * scale,
        ballots=ballots,
        project_ids=list(instance.project_ids),
    )


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    long_add_one_instances(),
    st.sampled_from(["cost", "approval"]),
    st.booleans(),
    st.sampled_from([10**3, 10**6, 3 * 10**7]),
    st.integers(0, 999),
)
def test_certified_add_one_equals_the_linear_scan_in_large_currency_units(
    instance, utility, exhaustive_stop, scale, shift
):
    """Costs of millions with the same number of increments (each ``scale`` units): the
    float error bounds of the certificate scale with the amounts."""
    _same_add_one(
        _scaled(instance, scale, shift),
        utility=utility,
        exhaustive_stop=exhaustive_stop,
        increment=scale,
    )

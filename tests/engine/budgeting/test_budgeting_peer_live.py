"""pabutools 1.2.3 run live next to our rules: small real files and random elections.

The large files are compared through the stored fixture (test_budgeting_oracles.py).
"""

from __future__ import annotations

import pytest

pytest.importorskip("pabutools")

from budgeting_data import outcome_of, pabulib_path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pabutools.election import (
    ApprovalBallot,
    ApprovalProfile,
    Cardinality_Sat,
    Cost_Sat,
    Instance,
    Project,
    parse_pabulib,
)
from pabutools.rules import completion_by_rule_combination
from pabutools.rules import greedy_utilitarian_welfare as peer_greedy
from pabutools.rules import method_of_equal_shares as peer_mes
from pabutools.rules import sequential_phragmen as peer_phragmen

from accord.engine.budgeting.equal_shares import method_of_equal_shares
from accord.engine.budgeting.greedy import greedy_utilitarian_welfare
from accord.engine.budgeting.instance import BudgetingInstance
from accord.engine.budgeting.phragmen import sequential_phragmen

SMALL = [
    "Worldwide_Mechanical_Turk_Knapsack_3",
    "Netherlands_Assen_2024",
    "Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals",
    "Switzerland_Zurich_S5",
    "Switzerland_Zurich_D10",
    "US_Stanford_Dataset_PB_Rochester_NY_2019_vote_rankings",
]


def _peer(instance, profile, rule):
    if rule == "mes_cost":
        return peer_mes(instance, profile, sat_class=Cost_Sat)
    if rule == "mes_approval":
        return peer_mes(instance, profile, sat_class=Cardinality_Sat)
    if rule == "mes_cost_utilitarian":
        return completion_by_rule_combination(
            instance,
            profile,
            [peer_mes, peer_greedy],
            [{"sat_class": Cost_Sat}, {"sat_class": Cost_Sat}],
        )
    if rule == "mes_cost_add1":
        return peer_mes(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
    if rule == "phragmen":
        if not isinstance(profile, ApprovalProfile):
            profile = ApprovalProfile([ApprovalBallot(list(b)) for b in profile])
        return peer_phragmen(instance, profile)
    if rule == "greedy_cost":
        return peer_greedy(instance, profile, sat_class=Cost_Sat)
    raise ValueError(rule)


LIVE_RULES = ["mes_cost", "mes_approval", "mes_cost_utilitarian", "phragmen", "greedy_cost"]


@pytest.mark.parametrize("rule", LIVE_RULES)
@pytest.mark.parametrize("stem", SMALL)
def test_live_against_pabutools_on_small_files(stem, rule):
    path = pabulib_path(stem)
    instance, profile = parse_pabulib(str(path))
    expected = sorted(p.name for p in _peer(instance, profile, rule))
    assert sorted(outcome_of(stem, rule).selected) == expected


@pytest.mark.slow
@pytest.mark.parametrize("stem", SMALL)
def test_live_add_one_against_pabutools(stem):
    instance, profile = parse_pabulib(str(pabulib_path(stem)))
    expected = sorted(p.name for p in _peer(instance, profile, "mes_cost_add1"))
    assert sorted(outcome_of(stem, "mes_cost_add1").selected) == expected


@st.composite
def elections(draw):
    m = draw(st.integers(1, 6))
    n = draw(st.integers(1, 9))
    costs = draw(st.lists(st.integers(1, 10), min_size=m, max_size=m))
    budget = draw(st.integers(1, 30))
    rows = draw(st.lists(st.lists(st.booleans(), min_size=m, max_size=m), min_size=n, max_size=n))
    return costs, budget, rows


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(), st.sampled_from([*LIVE_RULES, "greedy_approval"]))
def test_live_against_pabutools_on_random_elections(election, rule):
    costs, budget, rows = election
    ids = [f"p{j}" for j in range(len(costs))]
    peer_instance = Instance(budget_limit=budget)
    projects = [Project(pid, cost) for pid, cost in zip(ids, costs, strict=True)]
    for project in projects:
        peer_instance.add(project)
    peer_profile = ApprovalProfile(
        [ApprovalBallot([projects[j] for j in range(len(ids)) if row[j]]) for row in rows]
    )
    if rule == "greedy_approval":
        expected = peer_greedy(peer_instance, peer_profile, sat_class=Cardinality_Sat)
    else:
        expected = _peer(peer_instance, peer_profile, rule)
    ours_instance = BudgetingInstance.from_lists(
        costs=costs,
        budget=budget,
        project_ids=ids,
        ballots=[[ids[j] for j in range(len(ids)) if row[j]] for row in rows],
    )
    ours = {
        "mes_cost": lambda: method_of_equal_shares(ours_instance),
        "mes_approval": lambda: method_of_equal_shares(ours_instance, utility="approval"),
        "mes_cost_utilitarian": lambda: method_of_equal_shares(
            ours_instance, completion="utilitarian"
        ),
        "phragmen": lambda: sequential_phragmen(ours_instance),
        "greedy_cost": lambda: greedy_utilitarian_welfare(ours_instance),
        "greedy_approval": lambda: greedy_utilitarian_welfare(ours_instance, utility="approval"),
    }[rule]()
    assert sorted(ours.selected) == sorted(p.name for p in expected)

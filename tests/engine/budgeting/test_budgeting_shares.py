"""Budget shares by voter group and by project category on real elections."""

from __future__ import annotations

from fractions import Fraction

from budgeting_data import pabulib_path

from accord.engine.budgeting.equal_shares import method_of_equal_shares
from accord.engine.budgeting.greedy import greedy_utilitarian_welfare
from accord.engine.budgeting.instance import BudgetingInstance
from accord.engine.budgeting.phragmen import sequential_phragmen
from accord.engine.budgeting.shares import (
    budget_share_by_category,
    budget_share_by_voter_group,
    money_by_voter_group,
)
from accord.engine.io.pabulib import read_pabulib


def test_shares_by_sex_and_neighbourhood_in_gdynia_2020():
    """Every rule attributes exactly the outcome's cost, split over the voters' groups
    (missing sex → ``None`` group); under MES with add-one the money of each voter is at
    most her (raised) share of the budget."""
    election = read_pabulib(pabulib_path("Poland_Gdynia_2020"))
    instance = BudgetingInstance.from_pabulib(election)
    sex = election.voter_attribute("sex").tolist()
    neighbourhood = election.voter_attribute("neighborhood").tolist()
    mes = method_of_equal_shares(instance, completion="add1")
    for outcome in (mes, sequential_phragmen(instance), greedy_utilitarian_welfare(instance)):
        for labels in (sex, neighbourhood):
            shares = budget_share_by_voter_group(outcome, labels)
            assert sum(shares.values()) == 1
            assert all(share >= 0 for share in shares.values())
        money = money_by_voter_group(outcome, ["everyone"] * instance.num_voters)
        assert money == {"everyone": outcome.total_cost}
    assert max(mes.voter_money) <= mes.per_voter_budget
    assert {"M", "F"} <= set(budget_share_by_voter_group(mes, sex))


def test_category_shares_in_toulouse_2024():
    election = read_pabulib(pabulib_path("France_Toulouse_2024"))
    instance = BudgetingInstance.from_pabulib(election)
    categories = election.project_categories()
    outcome = method_of_equal_shares(instance, completion="utilitarian")
    shares = budget_share_by_category(outcome, instance, categories)
    assert sum(shares.values()) == 1
    # recompute one category by hand
    name = max(shares, key=lambda c: shares[c])
    index = {p: j for j, p in enumerate(instance.project_ids)}
    spent = sum(
        Fraction(int(instance.costs[index[p]]), len(categories[index[p]]))
        for p in outcome.selected
        if name in categories[index[p]]
    )
    assert shares[name] == spent / outcome.total_cost

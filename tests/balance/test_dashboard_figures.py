"""Every figure of the dashboard against a small case computed by hand (see conftest)."""

from __future__ import annotations

import math

import pytest

from accord.balance.groups import INDIVIDUALS
from accord.balance.selectors.dashboard import balance_dashboard
from accord.balance.selectors.dashboard_measures import NOT_COMPUTED, READY
from accord.balance.selectors.dashboard_sources import rules_in_force
from accord.decisions import services as decision_services
from accord.decisions.models import PowerComputation

pytestmark = pytest.mark.django_db


def _column(board, kind, *, rule=None, index=0):
    columns = [c for c in board.columns if c.kind == kind and (rule is None or c.rule_id == rule)]
    return columns[index]


def _key(world, org):
    return f"o{world.orgs[org].pk}"


def test_seats_are_one_per_member_organization(balanced):
    world = balanced.world
    board = balance_dashboard(partnership=world.partnership)
    seats = _column(board, "seats")
    assert seats.share(_key(world, "foundation")) == pytest.approx(1 / 3)
    assert seats.share(INDIVIDUALS) is None  # community participants hold no seat
    assert seats.group_share("public") == pytest.approx(1 / 3)
    assert seats.concentration.gini == 0.0
    assert seats.concentration.hhi == pytest.approx(1 / 3)


def test_resources_delivered_shares_and_concentration(balanced):
    world = balanced.world
    resources = _column(balance_dashboard(partnership=world.partnership), "resources")
    assert resources.total == pytest.approx(1000)
    assert resources.share(_key(world, "foundation")) == pytest.approx(0.6)
    assert resources.share(_key(world, "county")) == pytest.approx(0.2)
    assert resources.group_share("community") == pytest.approx(0.2)
    # sorted 200, 200, 600: G = 2 (200 + 400 + 1800) / (3 * 1000) - 4/3 = 4/15
    assert resources.concentration.gini == pytest.approx(4 / 15)
    assert resources.concentration.hhi == pytest.approx(0.36 + 0.04 + 0.04)
    assert resources.concentration.largest_share == pytest.approx(0.6)
    assert resources.concentration.largest_name == "Foundation"


def test_power_is_read_from_the_stored_analyses(balanced):
    world = balanced.world
    board = balance_dashboard(partnership=world.partnership)
    banzhaf = _column(board, "power", rule=balanced.rule.pk, index=0)
    shapley = _column(board, "power", rule=balanced.rule.pk, index=1)
    # [5; County 3, Foundation 4, Coop 1]: Foundation swings in 3 of the 5 swings
    assert banzhaf.share(_key(world, "foundation")) == pytest.approx(3 / 5)
    assert banzhaf.share(_key(world, "coop")) == pytest.approx(1 / 5)
    # Foundation is pivotal in 4 of the 6 orders
    assert shapley.share(_key(world, "foundation")) == pytest.approx(4 / 6)
    assert shapley.group_share("public") == pytest.approx(1 / 6)
    allocation = next(r for r in board.power_rules if r.rule_id == balanced.rule.pk)
    assert allocation.state == READY
    assert allocation.vetoes == ["Foundation"]
    default = next(r for r in board.power_rules if r.rule_id is None)
    assert default.vetoes == []  # simple majority of three: nobody blocks alone
    general = _column(board, "power", rule=None, index=0)
    assert general.share(_key(world, "county")) == pytest.approx(1 / 3)


def test_power_not_computed_is_said_and_nothing_is_computed_in_the_request(balanced):
    world = balanced.world
    PowerComputation.objects.filter(partnership=world.partnership).delete()
    board = balance_dashboard(partnership=world.partnership)
    assert {r.state for r in board.power_rules} == {NOT_COMPUTED}
    assert board.can_request
    assert not PowerComputation.objects.filter(partnership=world.partnership).exists()
    power = [c for c in board.columns if c.kind == "power"]
    assert all(c.state == NOT_COMPUTED and c.note for c in power)
    decision_services.power_request(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        snapshots=[r.snapshot for r in rules_in_force(partnership=world.partnership)],
    )
    board = balance_dashboard(partnership=world.partnership)
    assert board.waiting and not board.can_request


def test_benefits_shares_and_levels(balanced):
    world = balanced.world
    board = balance_dashboard(partnership=world.partnership)
    benefits = _column(board, "benefits")
    assert benefits.total == 4
    assert benefits.share(INDIVIDUALS) == pytest.approx(0.5)
    assert benefits.share(_key(world, "foundation")) == 0.0
    assert benefits.group_share("public") == pytest.approx(0.25)
    assert board.benefit_levels == {"institutional": 1, "organizational": 1, "individual": 2}
    # holders County 1, Foundation 0, Coop 1, community participants 2
    assert benefits.concentration.hhi == pytest.approx((1 + 0 + 1 + 4) / 16)
    assert benefits.concentration.gini == pytest.approx(
        sum(abs(a - b) for a in (1, 0, 1, 2) for b in (1, 0, 1, 2)) / (2 * 16 * 1)
    )


def test_budget_decided_per_group_only(balanced):
    world = balanced.world
    budget = _column(balance_dashboard(partnership=world.partnership), "budget")
    assert budget.per_member is False
    assert budget.share(_key(world, "coop")) is None
    assert budget.group_share("community") == pytest.approx(0.75)
    assert budget.group_share(INDIVIDUALS) == pytest.approx(0.25)
    # between two groups, 300 and 100: HHI 0.5625 + 0.0625
    assert budget.concentration.hhi == pytest.approx(0.625)


def test_rows_have_human_labels_and_every_column_adds_up(balanced):
    board = balance_dashboard(partnership=balanced.partnership)
    labels = [row.name for row in board.groups]
    assert "Community participants" in labels and "Public sector" in labels
    assert not any("_" in label for label in labels)
    for index, column in enumerate(board.columns):
        if column.ready and not column.rate:  # a rate (meetings attended) is no share
            total = sum(row.shares[index] or 0 for row in board.groups)
            assert math.isclose(total, 1.0, abs_tol=1e-9), column.key


def test_empty_partnership_says_where_data_comes_from(world):
    board = balance_dashboard(partnership=world.other_partnership)
    empty = {c.kind: c for c in board.columns if not c.ready}
    assert {"resources", "voice", "budget", "benefits"} <= set(empty)
    assert "No participation round" in empty["budget"].note
    assert empty["budget"].source_url.endswith("/participation/")
    assert board.chart_svg  # the seats bar still shows


def test_reciprocity_of_flows(balanced):
    board = balance_dashboard(partnership=balanced.partnership)
    # Foundation <-> County: 600 and 200, 400 matched; Coop -> County: 200, nothing back
    assert board.reciprocity.total == pytest.approx(1000)
    assert board.reciprocity.reciprocated == pytest.approx(400)
    assert board.reciprocity.overall == pytest.approx(0.4)
    largest = board.reciprocity.pairs[0]
    assert {largest.first, largest.second} == {"County", "Foundation"}
    assert largest.reciprocity == pytest.approx(400 / 800)


def test_trends_per_quarter_add_up(balanced):
    board = balance_dashboard(partnership=balanced.partnership)
    trends = {t.kind: t for t in board.trends}
    assert sum(trends["resources"].totals) == pytest.approx(1000)
    assert sum(trends["benefits"].totals) == 4
    last = len(trends["benefits"].quarters) - 1
    shares = {g.group: g.shares[last] for g in trends["benefits"].groups}
    assert shares["individuals"] == pytest.approx(0.5)
    assert "<svg" in trends["resources"].svg

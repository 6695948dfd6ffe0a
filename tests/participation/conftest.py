"""Fixtures for participation: ``world`` (tests/conftest.py) with a pooled fund held by
the County, and rounds of each kind at each phase."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from accord.participation import services
from accord.participation.models import ParticipationRound, Phase
from accord.resources import services as resource_services

POOL = "1000000.00"


def fund_pool(world: Any, amount: str = POOL) -> None:
    """The Foundation hands ``amount`` of the reporting currency to the County's pool."""
    resource_services.ledger_entry_post(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        type="3",
        value=amount,
        currency_code=world.partnership.reporting_currency,
        value_date=date.today() - timedelta(days=3),
        provider=world.orgs["foundation"],
        receiver=world.orgs["county"],
        note="Contribution to the basin fund",
    )


def open_round(world: Any, round_: ParticipationRound, **dates: Any) -> ParticipationRound:
    now = timezone.now()
    return services.round_open(
        actor=world.users["coordinator"],
        round_=round_,
        collect_until=dates.get("collect_until", now + timedelta(days=7)),
        review_until=dates.get("review_until", now + timedelta(days=14)),
        vote_until=dates.get("vote_until", now + timedelta(days=21)),
    )


def advance_to(world: Any, round_: ParticipationRound, phase: str) -> ParticipationRound:
    if round_.phase == Phase.DRAFT:
        open_round(world, round_)
    while round_.phase != phase:
        services.round_phase_advance(actor=world.users["coordinator"], round_=round_)
    return round_


def issues_round(world: Any, **extra: Any) -> ParticipationRound:
    return services.round_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        kind="issues",
        **{"title": "What matters at the lake?", **extra},
    )


def budget_round(world: Any, budget: str = "500000", **extra: Any) -> ParticipationRound:
    return services.round_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        kind="budget",
        budget=budget,
        fund_holder=world.orgs["county"],
        **{"title": "Lake budget", **extra},
    )


def opinions_round(world: Any, **extra: Any) -> ParticipationRound:
    return services.round_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        kind="opinions",
        **{"title": "How should the lake be shared?", **extra},
    )


@pytest.fixture
def pool(world: Any) -> Any:
    fund_pool(world)
    return world


@pytest.fixture
def collecting_issues(world: Any) -> ParticipationRound:
    return advance_to(world, issues_round(world), Phase.COLLECT)


@pytest.fixture
def budget_collecting(pool: Any) -> ParticipationRound:
    return advance_to(pool, budget_round(pool), Phase.COLLECT)

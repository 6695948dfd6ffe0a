"""A small partnership whose balance is computed by hand in the tests.

``world`` (tests/conftest.py) has three admitted members -- County (public), Foundation
(philanthropic), Fisher Coop (community) -- and one community participant. ``balanced``
adds, through the apps' services:

- resources delivered (USD): Foundation 600 (to County), County 200 (to Foundation),
  Coop 200 (to County);
- a rule for allocating pooled money weighted County 3, Foundation 4, Coop 1 (quota 5 of
  8), its power stored by the worker (Banzhaf 1/5, 3/5, 1/5; Shapley–Shubik 1/6, 4/6,
  1/6; Foundation a veto player); general decisions by the default simple majority;
- benefits: County one institutional, Coop one organizational, the community participant
  two individual;
- a budget round with results: community organizations decided 300, community
  participants 100.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from accord.decisions import services as decision_services
from accord.participation.models import ParticipationRound, Phase, RoundKind
from accord.resources import services as resource_services
from accord.results import services as result_services

#: The allocation rule's weights, by organization key of ``world.orgs``.
WEIGHTS = {"county": 3, "foundation": 4, "coop": 1}


@dataclass
class Balanced:
    world: Any
    rule: Any

    @property
    def partnership(self) -> Any:
        return self.world.partnership


def deliver(world: Any, provider: str, receiver: str, amount: int, *, days_ago: int = 10) -> None:
    resource_services.ledger_entry_post(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        type="3",
        value=Decimal(amount),
        currency_code="USD",
        value_date=timezone.localdate() - timedelta(days=days_ago),
        provider=world.orgs[provider],
        receiver=world.orgs[receiver],
    )


def benefit(world: Any, level: str, *, organization: str | None = None, person: bool = False):
    return result_services.benefit_record(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        level=level,
        kind="knowledge",
        description="Learned something.",
        received_on=timezone.localdate() - timedelta(days=5),
        recipient_organization=world.orgs[organization] if organization else None,
        recipient_user=world.users["community"] if person else None,
    )


def budget_round(world: Any, by_group: dict[str, str], *, currency: str = "USD") -> Any:
    """A finished budget round with its stored outcome (as participation's outcome service
    stores it: money decided per group)."""
    total = sum(Decimal(v) for v in by_group.values())
    return ParticipationRound.objects.create(
        partnership=world.partnership,
        kind=RoundKind.BUDGET,
        title="Pooled fund 2026",
        phase=Phase.RESULTS,
        budget=total,
        currency=currency,
        is_imported=True,
        rule="mes",
        outcome={
            "rule": "mes",
            "by_group": [
                {"group": g, "money": v, "share": float(Decimal(v) / total), "voters": 1}
                for g, v in by_group.items()
            ],
        },
    )


def build_balanced(world: Any) -> Balanced:
    coordinator, partnership = world.users["coordinator"], world.partnership
    deliver(world, "foundation", "county", 600)
    deliver(world, "county", "foundation", 200)
    deliver(world, "coop", "county", 200)
    rule = decision_services.rule_create(
        actor=coordinator,
        partnership=partnership,
        name="Weighted by contribution",
        spec={"method": {"rule": "weighted_majority"}},
        weights_mode="custom",
        weights={world.orgs[key].pk: weight for key, weight in WEIGHTS.items()},
    )
    decision_services.rule_assign(
        actor=coordinator, partnership=partnership, kind="allocation", rule=rule
    )
    decision_services.power_queue(partnership=partnership)
    decision_services.power_compute_queued(partnership=partnership)
    benefit(world, "institutional", organization="county")
    benefit(world, "organizational", organization="coop")
    benefit(world, "individual", person=True)
    benefit(world, "individual", person=True)
    budget_round(world, {"community": "300", "individuals": "100"})
    return Balanced(world, rule)


@pytest.fixture
def balanced(world: Any) -> Balanced:
    return build_balanced(world)


def today() -> date:
    return timezone.localdate()

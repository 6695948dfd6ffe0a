from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accord.resources import services


@pytest.fixture
def funded(world):
    """`world` with KES reporting, an EUR rate, a money pledge by the foundation and one delivery."""
    p = world.partnership
    p.reporting_currency = "KES"
    p.save(update_fields=["reporting_currency"])
    coordinator, rep = world.users["coordinator"], world.users["representative"]
    services.exchange_rate_add(
        actor=coordinator,
        partnership=p,
        currency_code="EUR",
        valid_on=date(2025, 1, 1),
        to_reporting=Decimal("140"),
    )
    pledge = services.pledge_create(
        actor=rep,
        partnership=p,
        organization=world.orgs["foundation"],
        kind="money",
        description="Restoration grant",
        currency_code="EUR",
        amount="10000",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
        installments=[(date(2025, 3, 31), "5000"), (date(2025, 9, 30), "5000")],
    )
    entry = services.ledger_entry_post(
        actor=rep,
        partnership=p,
        type="3",
        value="5000",
        currency_code="EUR",
        value_date=date(2025, 3, 20),
        provider=world.orgs["foundation"],
        receiver=world.orgs["coop"],
        pledge=pledge,
        note="First tranche",
    )
    world.pledge, world.entry = pledge, entry
    return world

from __future__ import annotations

import pytest

from accord.partners import services as partner_services
from accord.stakeholders import services
from tests.conftest import make_user

RATING = {"power": 4, "interest": 5, "salience_power": 4, "legitimacy": 5, "urgency": 2}


def rate(world, stakeholder, role, **values):
    return services.stakeholder_rate(
        actor=world.users[role], stakeholder=stakeholder, **{**RATING, **values}
    )


@pytest.fixture
def mapped(world):
    """The world's map: a municipality with an account (not a member), a traders' group
    without one, and the Coop (a member). County (Cora), the Foundation (Rita) and the
    Coop (Sam) rate the municipality; two of them the traders."""
    coordinator = world.users["coordinator"]
    mayor = make_user("mayor@town.test", "Mo Mayor")
    world.orgs["town"] = partner_services.organization_create(
        actor=mayor, name="Downstream Town", sector="public", capacity="medium"
    )
    world.users["mayor"] = mayor
    town = services.stakeholder_add(
        actor=coordinator, partnership=world.partnership, organization=world.orgs["town"]
    )
    traders = services.stakeholder_add(
        actor=world.users["representative"],
        partnership=world.partnership,
        name="Fish traders' association",
        sector="private",
        description="Buy at the landing sites",
    )
    coop = services.stakeholder_add(
        actor=coordinator, partnership=world.partnership, organization=world.orgs["coop"]
    )
    # The town: power 5, 4, 3 -> 4.0; interest 4, 2, 3 -> 3.0 (not high);
    # salience power 4.0, legitimacy 4.0, urgency 2, 2, 2 -> dominant.
    rate(world, town, "coordinator", power=5, interest=4, salience_power=5, legitimacy=4)
    rate(world, town, "representative", power=4, interest=2, salience_power=4, legitimacy=5)
    rate(world, town, "small_representative", power=3, interest=3, salience_power=3, legitimacy=3)
    # The traders: power 2, 1 -> 1.5; interest 5, 4 -> 4.5; power 1.5, legitimacy 4.5,
    # urgency 4.5 -> dependent; keep informed.
    for role, power, interest in (("coordinator", 2, 5), ("representative", 1, 4)):
        rate(
            world,
            traders,
            role,
            power=power,
            interest=interest,
            salience_power=power,
            legitimacy=interest,
            urgency=interest,
        )
    # The Coop (a member): power 2, interest 5: keep informed, but not missing.
    rate(world, coop, "coordinator", power=2, interest=5)
    world.town, world.traders, world.coop_stakeholder = town, traders, coop
    return world

"""Helpers for the commitments, action items and benefits tests (``world`` from
tests/conftest.py: Cora coordinates and represents the County; Rita represents the
Foundation, where Stan works; Sam represents the Fisher Coop; Cleo is a community
participant; Olga represents the School, a member of another partnership)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accord.decisions import services as decision_services
from accord.resources import services as resource_services
from accord.results import services

#: Roles that may read results' internal pages (insiders).
INSIDERS = {
    "coordinator",
    "representative",
    "small_representative",
    "staff",
    "community",
    "observer",
    "invitee",
    "admin",
}
OUTSIDE = {"stranger", "outsider"}


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


def activity_for(world, title="Restore the riparian strip"):
    return resource_services.activity_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        title=title,
        lead_organization=world.orgs["foundation"],
    )


def decided_proposal(world, title="Close the north bay to nets"):
    """A proposal of ``world`` voted and closed: a decision to follow up."""
    coordinator = world.users["coordinator"]
    proposal = decision_services.proposal_create(
        actor=coordinator, partnership=world.partnership, title=title, body="For two seasons."
    )
    decision_services.proposal_advance(actor=coordinator, proposal=proposal)
    closes_at = timezone.now() + timedelta(hours=1)
    decision_services.proposal_advance(actor=coordinator, proposal=proposal, closes_at=closes_at)
    decision_services.ballot_cast(
        actor=world.users["representative"], proposal=proposal, choice="yes"
    )
    decision_services.proposal_close(
        actor=None, proposal=proposal, now=closes_at + timedelta(seconds=1)
    )
    proposal.refresh_from_db()
    return proposal


def commitment_for(world, org="foundation", by="representative", **fields):
    values = {"text": "Fund two rangers for the wetland", "due_on": date(2025, 6, 30)}
    values.update(fields)
    return services.commitment_create(
        actor=world.users[by], partnership=world.partnership, organization=world.orgs[org], **values
    )


def action_item_for(world, owner="staff", by="coordinator", due_in_days=10, **fields):
    values = {"title": "Send the catch data to the county"}
    values.update(fields)
    return services.action_item_create(
        actor=world.users[by],
        partnership=world.partnership,
        owner=world.users[owner],
        due_on=timezone.localdate() + timedelta(days=due_in_days),
        **values,
    )


def benefit_for(world, org="coop", by="small_representative", **fields):
    values = {
        "level": "individual",
        "kind": "skills",
        "description": "Twelve fishers trained in data collection",
        "received_on": date(2025, 3, 1),
    }
    values.update(fields)
    return services.benefit_record(
        actor=world.users[by],
        partnership=world.partnership,
        recipient_organization=world.orgs[org] if org else None,
        **values,
    )


def fund(world):
    """KES reporting, an EUR rate of 140, and 5,000 EUR of a pledge delivered by the
    Foundation to the Fisher Coop: the Foundation contributed 700,000 KES."""
    partnership = world.partnership
    partnership.reporting_currency = "KES"
    partnership.save(update_fields=["reporting_currency"])
    resource_services.exchange_rate_add(
        actor=world.users["coordinator"],
        partnership=partnership,
        currency_code="EUR",
        valid_on=date(2025, 1, 1),
        to_reporting=Decimal("140"),
    )
    pledge = resource_services.pledge_create(
        actor=world.users["representative"],
        partnership=partnership,
        organization=world.orgs["foundation"],
        kind="money",
        description="Restoration grant",
        currency_code="EUR",
        amount="10000",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
        installments=[(date(2025, 3, 31), "5000"), (date(2025, 9, 30), "5000")],
    )
    resource_services.ledger_entry_post(
        actor=world.users["representative"],
        partnership=partnership,
        type="3",
        value="5000",
        currency_code="EUR",
        value_date=date(2025, 3, 20),
        provider=world.orgs["foundation"],
        receiver=world.orgs["coop"],
        pledge=pledge,
        note="First tranche",
    )
    world.pledge = pledge
    return world

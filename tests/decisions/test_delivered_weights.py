"""Weights proportional to the resources each member delivered, frozen when voting opens."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accord.decisions import selectors, services
from accord.resources import services as resource_services
from tests.decisions.conftest import proposal_in_voting, rule
from tests.resources.conftest import funded  # noqa: F401  (the fixture)


def _weighted(world):
    return rule(
        world,
        "Weighted by delivery",
        spec={"method": {"rule": "weighted_majority"}},
        weights_mode="delivered",
    )


def _county_delivers(world, kes: str) -> None:
    resource_services.ledger_entry_post(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        type="3",
        value=kes,
        currency_code="KES",
        value_date=date(2025, 6, 1),
        provider=world.orgs["county"],
        receiver=world.orgs["coop"],
    )


def test_weights_are_the_delivered_value_in_the_reporting_currency(funded):  # noqa: F811
    created = _weighted(funded)
    snapshot = selectors.rule_snapshot(created)
    # 5,000 EUR at 140 KES: the foundation's only delivery; the others delivered nothing.
    assert snapshot["weights"] == {str(funded.orgs["foundation"].pk): "700000"}
    analysis = selectors.power_analysis(partnership=funded.partnership, snapshot=snapshot)
    by_name = {row.organization.name: row for row in analysis.members}
    assert by_name["Foundation"].is_dictator and by_name["Foundation"].weight_share == 1.0
    assert by_name["Fisher Coop"].is_dummy


def test_a_delivery_changes_the_power_analysis_but_not_a_vote_under_way(funded):  # noqa: F811
    created = _weighted(funded)
    proposal = proposal_in_voting(funded)
    _county_delivers(funded, "2100000")  # three times the foundation's 700,000
    proposal.refresh_from_db()
    assert proposal.rule_snapshot["weights"] == {str(funded.orgs["foundation"].pk): "700000"}
    live = selectors.rule_snapshot(created)["weights"]
    assert live[str(funded.orgs["county"].pk)] == "2100000"
    # The vote under way is tallied with the weights frozen at its opening.
    services.ballot_cast(actor=funded.users["representative"], proposal=proposal, choice="yes")
    services.ballot_cast(actor=funded.users["coordinator"], proposal=proposal, choice="no")
    decision = services.proposal_close(
        actor=None, proposal=proposal, now=timezone.now() + timedelta(days=3)
    )
    assert decision.outcome == "accepted"
    # A vote opened now uses today's weights: the county outweighs the foundation.
    later = proposal_in_voting(funded, title="Second question")
    services.ballot_cast(actor=funded.users["representative"], proposal=later, choice="yes")
    services.ballot_cast(actor=funded.users["coordinator"], proposal=later, choice="no")
    decision = services.proposal_close(
        actor=None, proposal=later, now=timezone.now() + timedelta(days=3)
    )
    assert decision.outcome == "rejected"
    assert Decimal(decision.rule["weights"][str(funded.orgs["county"].pk)]) == 2100000


def test_delivered_weights_are_offered_on_the_rules_page(client, funded):  # noqa: F811
    from django.urls import reverse

    client.force_login(funded.users["coordinator"])
    page = client.get(reverse("decisions:rule_list", args=[funded.partnership.slug]))
    assert "Proportional to resources delivered" in page.content.decode()

"""Pictures (issue 14, item 11): the partnership's headline figures, and the flow graph
that says "no flows yet" instead of an empty box."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from accord.decisions import services as decision_services
from accord.resources import services
from tests.decisions.conftest import proposal_in_voting
from tests.resources.conftest import funded  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def home(client, world, role="coordinator"):
    client.force_login(world.users[role])
    return client.get(reverse("web:partnership_home", args=[world.partnership.slug]))


def test_headline_figures_for_insiders(client, funded):  # noqa: F811
    vote = proposal_in_voting(funded, hours=30)
    decision_services.proposal_create(
        actor=funded.users["coordinator"],
        partnership=funded.partnership,
        title="Still a draft",
        body="x",
    )
    today = date.today()
    services.pledge_create(
        actor=funded.users["coordinator"],
        partnership=funded.partnership,
        organization=funded.orgs["coop"],
        kind="money",
        description="Dues",
        currency_code="KES",
        amount="7000",
        starts_on=today,
        ends_on=today + timedelta(days=300),
        installments=[(today + timedelta(days=10), "7000")],
    )
    response = home(client, funded)
    headline = response.context["headline"]
    assert headline.members == len(response.context["members"])
    assert headline.open_decisions == 1  # the draft is not open
    # The fixture: 10,000 EUR pledged at 140 KES, 5,000 delivered; and 7,000 KES pledged.
    assert headline.pledged == 10000 * 140 + 7000
    assert headline.delivered == 5000 * 140
    assert [d.kind for d in headline.deadlines] == ["vote", "installment"]
    html = response.content.decode()
    assert "Delivered against pledged" in html
    assert "700,000.00 of 1,407,000.00 KES" in html
    assert f"the vote on “{vote.title}” closes" in html
    assert "due from Fisher Coop: 7,000.00 KES" in html


@pytest.mark.parametrize("role", ["observer", "community", "staff"])
def test_every_insider_sees_the_figures(client, funded, role):  # noqa: F811
    assert home(client, funded, role).context["headline"] is not None


def test_the_public_sees_no_figures(client, public_world):
    client.force_login(public_world.users["stranger"])
    response = client.get(reverse("web:partnership_home", args=[public_world.partnership.slug]))
    assert response.status_code == 200
    assert response.context["headline"] is None
    assert "Delivered against pledged" not in response.content.decode()


def test_flow_graph_labels_amounts_or_says_no_flows_yet(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("resources:resource_summary", args=[world.partnership.slug])
    html = client.get(url).content.decode()
    assert "No flows between partners yet" in html
    assert "<svg" not in html.split("Who gives to whom", 1)[1].split("</figure>")[0]
    services.ledger_entry_post(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        type="3",
        value="250000",
        currency_code="USD",
        value_date=date(2025, 5, 1),
        provider=world.orgs["foundation"],
        receiver=world.orgs["coop"],
    )
    html = client.get(url).content.decode()
    assert "No flows between partners yet" not in html
    assert ">250k</text>" in html
    assert "Line width: the amount." in html

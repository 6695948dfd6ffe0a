"""The dashboard issues a bounded number of queries whatever the number of members,
deliveries, comments and benefits: the page and the API, with data of two sizes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.decisions import services as decision_services
from accord.partners import services as partner_services
from accord.partnerships import services as partnership_services
from tests.api.conftest import Api
from tests.balance.conftest import benefit, build_balanced, deliver
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PAGE_LIMIT = 30
API_LIMIT = 30


def grow(world, n: int) -> None:
    """n more members, each delivering to County, commenting and receiving a benefit."""
    coordinator, partnership = world.users["coordinator"], world.partnership
    proposal = decision_services.proposal_create(
        actor=coordinator, partnership=partnership, title="Share the water"
    )
    for i in range(n):
        rep = make_user(f"rep{i}@grown{i}.test")
        org = partner_services.organization_create(
            actor=rep, name=f"Grown {i}", sector=("private", "academic")[i % 2], capacity="small"
        )
        membership = partnership_services.membership_invite(
            actor=coordinator, partnership=partnership, organization=org
        )
        partnership_services.membership_respond(actor=rep, membership=membership, accept=True)
        partnership_services.membership_decide(actor=coordinator, membership=membership, admit=True)
        world.orgs[f"grown{i}"] = org
        deliver(world, f"grown{i}", "county", 10 + i)
        decision_services.comment_add(actor=rep, proposal=proposal, body="Agreed.")
        benefit(world, "organizational", organization=f"grown{i}")
    decision_services.power_queue(partnership=partnership)
    decision_services.power_compute_queued(partnership=partnership)


@pytest.mark.parametrize("n", [2, 12])
def test_dashboard_page_and_api_have_bounded_queries(
    client, world, django_assert_max_num_queries, n
):
    build_balanced(world)
    grow(world, n)
    client.force_login(world.users["coordinator"])
    url = reverse("balance:dashboard", args=[world.partnership.slug])
    with django_assert_max_num_queries(PAGE_LIMIT):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("Grown ") >= n
    api = Api(client, world)
    api.headers("coordinator")
    with django_assert_max_num_queries(API_LIMIT):
        response = api.get("coordinator", f"/partnerships/{world.partnership.slug}/balance")
    assert response.status_code == 200
    assert len(response.json()["members"]) >= n + 3

"""The GAO page reads many apps: its queries are bounded whatever the partnership's size.

The same limit holds for a partnership with a few records and one with ten times more
stakeholders, ratings, activities, indicators and commitments.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.partners import services as partner_services
from accord.results import services as result_services
from accord.stakeholders import services as stakeholder_services
from tests.api.conftest import Api
from tests.balance.test_gao_page import charter, workplan
from tests.conftest import make_user
from tests.results.conftest import indicator_for

pytestmark = pytest.mark.django_db

#: Queries for the page, whatever the size (session, roles and the page's reads).
MAX_QUERIES = 60


def grow(world, size):
    """``size`` stakeholders rated by the three members, activities, indicators with a
    target, and commitments."""
    coordinator = world.users["coordinator"]
    workplan(world, count=size)
    for n in range(size):
        person = make_user(f"head{n}@org{n}.test")
        organization = partner_services.organization_create(
            actor=person, name=f"Organization {n}", sector="private", capacity="small"
        )
        stakeholder = stakeholder_services.stakeholder_add(
            actor=coordinator, partnership=world.partnership, organization=organization
        )
        for role in ("coordinator", "representative", "small_representative"):
            stakeholder_services.stakeholder_rate(
                actor=world.users[role],
                stakeholder=stakeholder,
                power=4,
                interest=2 + n % 3,
                salience_power=3,
                legitimacy=4,
                urgency=2,
            )
        indicator = indicator_for(world, name=f"Indicator {n}", dimensions=[])
        result_services.indicator_targets_set(
            actor=coordinator,
            indicator=indicator,
            targets=[{"period_start": date(2025, 1, 1), "value": "10"}],
        )
        result_services.commitment_create(
            actor=coordinator,
            partnership=world.partnership,
            organization=world.orgs["foundation"],
            text=f"Commitment {n}",
            due_on=timezone.localdate() - timedelta(days=n + 1),
        )


@pytest.mark.parametrize("size", [2, 20])
def test_the_page_issues_a_bounded_number_of_queries(
    client, world, size, django_assert_max_num_queries
):
    charter(world)
    grow(world, size)
    client.force_login(world.users["coordinator"])
    url = reverse("balance:gao", args=[world.partnership.slug])
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    rows = {row.code: row for row in response.context["page"].rows}
    assert rows["gao06-6"].components[0].component.fraction == 1.0  # every indicator has a target
    assert rows["gao06-7"].components[1].component.fraction == 0.0  # every commitment overdue


@pytest.mark.parametrize("size", [2, 20])
def test_the_api_issues_a_bounded_number_of_queries(
    client, world, size, django_assert_max_num_queries
):
    charter(world)
    grow(world, size)
    api = Api(client, world)
    api.headers("coordinator")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = api.get("coordinator", f"/partnerships/{world.partnership.slug}/balance/gao")
    assert response.status_code == 200

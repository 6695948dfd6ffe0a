"""The pledge form (issue 14, item 8): the kind is chosen first and the form shows only
that kind's fields; installments are rows of date and amount. No JavaScript needed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accord.resources.models import Pledge

pytestmark = pytest.mark.django_db


def _url(world, kind=None):
    url = reverse("resources:pledge_list", args=[world.partnership.slug])
    return f"{url}?kind={kind}" if kind else url


def _names(response):
    html = response.content.decode()
    return {
        n
        for n in ("hours", "hourly_rate", "role", "skills", "amount", "currency")
        if f'name="{n}"' in html
    }


def test_the_kind_comes_first(client, world):
    client.force_login(world.users["representative"])
    response = client.get(_url(world))
    assert response.status_code == 200
    assert b"?kind=people#pledge-form" in response.content
    assert b'name="description"' not in response.content  # no form before the kind


@pytest.mark.parametrize(
    ("kind", "shown"),
    [
        ("money", {"amount", "currency"}),
        ("people", {"hours", "hourly_rate", "role", "skills", "amount", "currency"}),
        ("knowledge", {"skills", "amount", "currency"}),
        ("facilities", {"amount", "currency"}),
    ],
)
def test_each_kind_shows_only_its_fields(client, world, kind, shown):
    client.force_login(world.users["representative"])
    response = client.get(_url(world, kind))
    assert _names(response) == shown
    assert b'name="due_on_8"' in response.content and b'name="installments"' not in response.content


def test_a_money_pledge_with_installment_rows(client, world):
    client.force_login(world.users["representative"])
    body = {
        "kind": "money",
        "organization": world.orgs["foundation"].pk,
        "description": "Grant",
        "currency": "EUR",
        "amount": "1000",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "due_on_1": "2026-03-31",
        "amount_1": "400",
        "due_on_3": "2026-09-30",  # a row left empty between two is skipped
        "amount_3": "600",
    }
    response = client.post(_url(world), body)
    assert response.status_code == 302
    pledge = Pledge.objects.get(description="Grant")
    assert list(pledge.installments.values_list("due_on", "amount")) == [
        (date(2026, 3, 31), Decimal("400.00")),
        (date(2026, 9, 30), Decimal("600.00")),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"amount_1": ""}, b"Give both the date and the amount"),
        ({"amount_1": "300"}, b"Do not add up"),
        ({"kind": "banana"}, b"Choose the kind of pledge again"),
        ({"amount": ""}, b"This field is required"),
    ],
)
def test_bad_pledges_are_a_400_beside_their_field_and_change_nothing(
    client, world, change, message
):
    client.force_login(world.users["representative"])
    body = {
        "kind": "money",
        "organization": world.orgs["foundation"].pk,
        "description": "Grant",
        "currency": "EUR",
        "amount": "1000",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "due_on_1": "2026-03-31",
        "amount_1": "1000",
        **change,
    }
    response = client.post(_url(world), body)
    assert response.status_code == 400
    assert message in response.content
    assert not Pledge.objects.filter(description="Grant").exists()


def test_people_time_without_money(client, world):
    client.force_login(world.users["small_representative"])
    body = {
        "kind": "people",
        "organization": world.orgs["coop"].pk,
        "description": "Boat crews",
        "role": "Skipper",
        "hours": "120",
        "currency": "KES",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
    }
    assert client.post(_url(world), body).status_code == 302
    pledge = Pledge.objects.get(description="Boat crews")
    assert (pledge.hours, pledge.amount, pledge.role) == (Decimal("120.00"), None, "Skipper")

"""Plans change, page and endpoint, for every role (docs/permissions.md): activities are
changed by coordinators; a pledge by a coordinator or the pledger's representative."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accord.audit.models import Event
from accord.resources import services
from accord.resources.models import Activity, ActivityOrganization, Pledge, PledgeAmendment
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.resources.test_views_and_api import INSIDERS, login

pytestmark = pytest.mark.django_db

COORDINATORS = {"coordinator"}  # a platform admin reads as an insider only
PLEDGERS = COORDINATORS | {"representative"}  # the foundation's representative pledged


@pytest.fixture
def planned(funded):
    activity = services.activity_create(
        actor=funded.users["coordinator"],
        partnership=funded.partnership,
        title="Mangrove nursery",
        lead_organization=funded.orgs["coop"],
        start_on=date(2026, 1, 1),
        end_on=date(2026, 6, 30),
        status="2",
    )
    funded.link = services.activity_chain_add(
        actor=funded.users["coordinator"],
        activity=activity,
        organization=funded.orgs["foundation"],
        role="1",
    )
    funded.activity = activity
    return funded


def _web_expected(role, allowed, *, ok=302):
    if role in allowed:
        return ok
    return {"anonymous": 404, "stranger": 404, "outsider": 404}.get(role, 403)


def _api_expected(role, allowed, ok):
    if role in allowed:
        return ok
    return {"anonymous": 401, "stranger": 404, "outsider": 404}.get(role, 403)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["activity_change", "pledge_detail"])
def test_pages_are_for_insiders(client, planned, role, page):
    args = [
        planned.partnership.slug,
        planned.activity.pk if page == "activity_change" else planned.pledge.pk,
    ]
    response = login(client, planned, role).get(reverse(f"resources:{page}", args=args))
    assert response.status_code == (200 if role in INSIDERS else 404)
    if role in INSIDERS:
        shows_form = b'name="reason"' in response.content
        allowed = COORDINATORS if page == "activity_change" else PLEDGERS
        assert shows_form == (role in allowed)


@pytest.mark.parametrize("role", ROLES)
def test_web_activity_change(client, planned, role):
    url = reverse("resources:activity_change", args=[planned.partnership.slug, planned.activity.pk])
    body = {
        "status": "2",
        "start_on": "2026-02-01",
        "end_on": "2026-09-30",
        "progress_percent": "30",
        "reason": "Rains came late",
    }
    response = login(client, planned, role).post(url, body)
    expected = _web_expected(role, COORDINATORS)
    assert response.status_code == expected, response.content[:300]
    activity = Activity.objects.get(pk=planned.activity.pk)
    assert (activity.end_on == date(2026, 9, 30)) == (expected == 302)


def test_web_activity_change_errors_beside_fields_and_409_when_closed(client, planned):
    client.force_login(planned.users["coordinator"])
    url = reverse("resources:activity_change", args=[planned.partnership.slug, planned.activity.pk])
    bad = {
        "status": "2",
        "start_on": "2026-07-01",
        "end_on": "2026-06-30",
        "progress_percent": "30",
    }
    response = client.post(url, {**bad, "reason": "x"})
    assert response.status_code == 400 and b"Before the start." in response.content
    response = client.post(url, {**bad, "start_on": "2026-01-01"})
    assert response.status_code == 400 and b"This field is required" in response.content
    assert Activity.objects.get(pk=planned.activity.pk).progress_percent == 0
    client.post(
        url,
        {
            "status": "4",
            "start_on": "2026-01-01",
            "end_on": "2026-06-30",
            "progress_percent": "100",
            "reason": "Done",
        },
    )
    page = client.get(url)
    assert b"it changes no more" in page.content and b'name="progress_percent"' not in page.content
    api = Api(client, planned)
    response = api.send(
        "patch",
        "coordinator",
        f"/partnerships/{planned.partnership.slug}/activities/{planned.activity.pk}",
        {"progress_percent": 50, "reason": "Reopen"},
    )
    assert response.status_code == 409 and "changes no more" in response.json()["detail"]


@pytest.mark.parametrize("role", ROLES)
def test_web_chain_remove(client, planned, role):
    url = reverse(
        "resources:activity_chain_remove",
        args=[planned.partnership.slug, planned.activity.pk, planned.link.pk],
    )
    response = login(client, planned, role).post(url, {"reason": "Left the project"})
    expected = _web_expected(role, COORDINATORS)
    if role == "anonymous":
        expected = 302  # to the sign-in page
    assert response.status_code == expected
    removed = not ActivityOrganization.objects.filter(pk=planned.link.pk).exists()
    assert removed == (role in COORDINATORS)


@pytest.mark.parametrize("role", ROLES)
def test_web_pledge_amend(client, planned, role):
    url = reverse("resources:pledge_detail", args=[planned.partnership.slug, planned.pledge.pk])
    body = {
        "amount": "12000",
        "ends_on": "2027-12-31",
        "due_on_1": "2025-03-31",
        "amount_1": "5000",
        "due_on_2": "2027-06-30",
        "amount_2": "7000",
        "reason": "Second phase",
    }
    response = login(client, planned, role).post(url, body)
    expected = _web_expected(role, PLEDGERS)
    assert response.status_code == expected, response.content[:500]
    amended = PledgeAmendment.objects.filter(pledge=planned.pledge).exists()
    assert amended == (expected == 302)
    if amended:
        pledge = Pledge.objects.get(pk=planned.pledge.pk)
        assert pledge.amount == 12000
        assert Event.objects.filter(verb="pledge.amended", actor=planned.user(role)).exists()


def test_web_amendment_below_delivered_is_a_400_beside_its_field(client, planned):
    client.force_login(planned.users["representative"])
    url = reverse("resources:pledge_detail", args=[planned.partnership.slug, planned.pledge.pk])
    response = client.post(
        url,
        {
            "amount": "4000",
            "ends_on": "2025-12-31",
            "due_on_1": "2025-03-31",
            "amount_1": "4000",
            "reason": "Cut",
        },
    )
    assert response.status_code == 400 and b"Below what was delivered." in response.content
    response = client.post(
        url,
        {"amount": "10000", "ends_on": "2025-12-31", "due_on_1": "2025-03-31", "reason": "Half"},
    )
    assert response.status_code == 400 and b"Give both the date and the amount" in response.content
    assert not PledgeAmendment.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_web_pledge_cancel(client, planned, role):
    url = reverse("resources:pledge_cancel", args=[planned.partnership.slug, planned.pledge.pk])
    response = login(client, planned, role).post(url, {"reason": "Fund closed"})
    expected = _web_expected(role, PLEDGERS)
    if role == "anonymous":
        expected = 302
    assert response.status_code == expected
    cancelled = Pledge.objects.get(pk=planned.pledge.pk).cancelled_at is not None
    assert cancelled == (role in PLEDGERS)


@pytest.mark.parametrize("role", ROLES)
def test_api_reads(client, planned, role):
    api = Api(client, planned)
    slug = planned.partnership.slug
    for path in (
        f"/partnerships/{slug}/activities/{planned.activity.pk}",
        f"/partnerships/{slug}/pledges/{planned.pledge.pk}/amendments",
    ):
        assert api.get(role, path).status_code == (200 if role in INSIDERS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_api_activity_update_and_chain_remove(client, planned, role):
    api = Api(client, planned)
    base = f"/partnerships/{planned.partnership.slug}/activities/{planned.activity.pk}"
    response = api.send("patch", role, base, {"end_on": "2026-09-30", "reason": "Rains"})
    assert response.status_code == _api_expected(role, COORDINATORS, 200), response.content
    if response.status_code == 200:
        assert response.json()["end_on"] == "2026-09-30"
        assert response.json()["start_on"] == "2026-01-01"  # not sent: kept
    response = api.post(role, f"{base}/chain/{planned.link.pk}/remove", {"reason": "Left"})
    assert response.status_code == _api_expected(role, COORDINATORS, 204)
    assert ActivityOrganization.objects.filter(pk=planned.link.pk).exists() == (
        role not in COORDINATORS
    )


@pytest.mark.parametrize("role", ROLES)
def test_api_pledge_amend_and_cancel(client, planned, role):
    api = Api(client, planned)
    base = f"/partnerships/{planned.partnership.slug}/pledges/{planned.pledge.pk}"
    body = {
        "amount": "12000",
        "ends_on": "2027-12-31",
        "installments": [
            {"due_on": "2025-03-31", "amount": "5000"},
            {"due_on": "2027-06-30", "amount": "7000"},
        ],
        "reason": "Second phase",
    }
    response = api.post(role, f"{base}/amendments", body)
    assert response.status_code == _api_expected(role, PLEDGERS, 201), response.content
    if response.status_code == 201:
        data = response.json()
        assert data["previous_amount"] == "10000.00" and data["amount"] == "12000.00"
        assert [s["due_on"] for s in data["previous_schedule"]] == ["2025-03-31", "2025-09-30"]
    response = api.post(role, f"{base}/cancel", {"reason": "Closed"})
    assert response.status_code == _api_expected(role, PLEDGERS, 201)


def test_api_errors_are_clear_and_change_nothing(client, planned):
    api = Api(client, planned)
    slug = planned.partnership.slug
    base = f"/partnerships/{slug}/pledges/{planned.pledge.pk}"
    response = api.post("representative", f"{base}/amendments", {"amount": "100", "reason": "Cut"})
    assert response.status_code == 400 and "amount" in response.json()["errors"]
    response = api.post("representative", f"{base}/amendments", {"amount": "100"})
    assert response.status_code == 422
    other = services.pledge_create(
        actor=planned.users["outsider"],
        partnership=planned.other_partnership,
        organization=planned.orgs["school"],
        kind="money",
        description="Books",
        currency_code="KES",
        amount="100",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
    )
    response = api.post(
        "coordinator",
        f"/partnerships/{slug}/pledges/{other.pk}/amendments",
        {"amount": "50", "reason": "x"},
    )
    assert response.status_code == 404
    response = api.send(
        "patch",
        "coordinator",
        f"/partnerships/{slug}/activities/{planned.activity.pk}",
        {"progress_percent": 101, "reason": "x"},
    )
    assert response.status_code == 422
    assert not PledgeAmendment.objects.exists()
    assert Activity.objects.get(pk=planned.activity.pk).progress_percent == 0


@pytest.mark.parametrize("n", [3, 30])
def test_plan_pages_have_bounded_queries(client, planned, django_assert_max_num_queries, n):
    for i in range(n):
        activity = services.activity_create(
            actor=planned.users["coordinator"],
            partnership=planned.partnership,
            title=f"Activity {i}",
            lead_organization=planned.orgs["county"],
            start_on=date(2026, 1, 1 + i % 28),
            end_on=date(2026, 12, 1),
        )
        services.activity_chain_add(
            actor=planned.users["coordinator"],
            activity=activity,
            organization=planned.orgs["coop"],
            role="4",
        )
        services.pledge_amend(
            actor=planned.users["representative"],
            pledge=planned.pledge,
            reason=f"Change {i}",
            ends_on=date(2027, 1, 1 + i % 28),
        )
    client.force_login(planned.users["coordinator"])
    slug = planned.partnership.slug
    for url, limit in [
        (reverse("resources:workplan", args=[slug]), 16),
        (reverse("resources:activity_change", args=[slug, planned.activity.pk]), 13),
        (reverse("resources:pledge_detail", args=[slug, planned.pledge.pk]), 13),
    ]:
        client.get(url)  # the first request of a session reads more (the session, its user)
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200

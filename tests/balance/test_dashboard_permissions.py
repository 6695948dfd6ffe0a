"""Who may read the balance, queue its power analyses and tune its alerts: every role,
on the pages and in the API, including another partnership's coordinator (``outsider``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.balance.models import BalanceSettings
from tests.api.conftest import Api
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

INSIDERS = {
    "admin",
    "coordinator",
    "representative",
    "small_representative",
    "staff",
    "community",
    "observer",
    "invitee",
}
# The platform admin reads as an insider and acts only where a predicate says so.
TUNERS = {"coordinator"}


def _login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("visibility", ["members", "public"])
def test_dashboard_is_for_members_only(client, request, role, visibility):
    chosen = request.getfixturevalue("world" if visibility == "members" else "public_world")
    _login(client, chosen, role)
    response = client.get(reverse("balance:dashboard", args=[chosen.partnership.slug]))
    if role in INSIDERS:
        assert response.status_code == 200
        assert b"The balance of the partnership" in response.content
    else:
        assert response.status_code == 404
        assert b"Foundation" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_queueing_the_power_analyses(client, world, role):
    _login(client, world, role)
    response = client.post(reverse("balance:dashboard", args=[world.partnership.slug]))
    assert response.status_code == (302 if role in INSIDERS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_alert_thresholds_page(client, world, role):
    _login(client, world, role)
    url = reverse("balance:dashboard_settings", args=[world.partnership.slug])
    response = client.get(url)
    assert response.status_code == (200 if role in INSIDERS else 404)
    if role in INSIDERS:
        assert (b"Save the thresholds" in response.content) == (role in TUNERS)
    response = client.post(
        url,
        {
            "voice_gap_percent": 30,
            "benefit_gap_percent": 50,
            "resources_top_percent": 50,
            "power_top_percent": 50,
            "individual_benefits_percent": 75,
            "alert_veto": "on",
            "minimum_records": 5,
        },
    )
    if role in TUNERS:
        assert response.status_code == 302
    else:
        assert response.status_code == (403 if role in INSIDERS else 404)
    saved = BalanceSettings.objects.filter(partnership=world.partnership).first()
    assert (saved is not None and saved.voice_gap_percent == 30) == (role in TUNERS)


@pytest.mark.parametrize("role", ROLES)
def test_api_balance_for_members_only(client, world, role):
    api = Api(client, world)
    response = api.get(role, f"/partnerships/{world.partnership.slug}/balance")
    assert response.status_code == (200 if role in INSIDERS else 404)
    if role not in INSIDERS:
        assert response.json() == {"detail": "No such partnership."}
    response = api.get(role, f"/partnerships/{world.partnership.slug}/balance/settings")
    assert response.status_code == (200 if role in INSIDERS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_api_tuning_and_queueing(client, world, role):
    api = Api(client, world)
    slug = world.partnership.slug
    response = api.send(
        "patch", role, f"/partnerships/{slug}/balance/settings", {"power_top_percent": 40}
    )
    if role == "anonymous":
        assert response.status_code == 401
    elif role in TUNERS:
        assert response.status_code == 200
        assert response.json()["power_top_percent"] == 40
    else:
        assert response.status_code == (403 if role in INSIDERS else 404)
    response = api.post(role, f"/partnerships/{slug}/balance/power")
    if role == "anonymous":
        assert response.status_code == 401
    else:
        assert response.status_code == (202 if role in INSIDERS else 404)

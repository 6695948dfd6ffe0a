"""Time zones (issue 14, item 5): each person and each partnership has one; date-times
are shown and read in the person's (else the partnership's, else the site's), named."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from accord.decisions import services as decision_services
from accord.partnerships.models import Partnership
from tests.api.conftest import Api
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

NAIROBI = "Africa/Nairobi"


def in_deliberation(world):
    proposal = decision_services.proposal_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        title="Open a fish market",
        body="On Saturdays.",
    )
    decision_services.proposal_advance(actor=world.users["coordinator"], proposal=proposal)
    return proposal


def next_year_at(hour: int) -> str:
    return f"{timezone.now().year + 1}-03-10T{hour:02d}:00"


def open_voting(client, world, proposal, closes: str):
    url = reverse("decisions:proposal_detail", args=[world.partnership.slug, proposal.pk])
    return client.post(url, {"action": "advance", "closes_at": closes})


def test_a_kenyan_coordinator_opens_voting_until_17_nairobi_time(client, world):
    coordinator = world.users["coordinator"]
    coordinator.time_zone = NAIROBI
    coordinator.save(update_fields=["time_zone"])
    proposal = in_deliberation(world)
    client.force_login(coordinator)
    assert open_voting(client, world, proposal, next_year_at(17)).status_code == 302
    proposal.refresh_from_db()
    closes = proposal.voting_closes_at.astimezone(UTC)
    assert (closes.hour, closes.minute) == (14, 0)
    url = reverse("decisions:proposal_detail", args=[world.partnership.slug, proposal.pk])
    html = client.get(url).content.decode()
    assert f"voting closes {closes.year}-03-10 17:00 {NAIROBI}" in html
    # Someone in the site's zone (UTC) sees the same instant as 14:00 UTC.
    client.force_login(world.users["representative"])
    html = client.get(url).content.decode()
    assert f"voting closes {closes.year}-03-10 14:00 UTC" in html


def test_without_a_zone_of_their_own_a_person_uses_the_partnership_s(client, world):
    world.partnership.time_zone = NAIROBI
    world.partnership.save(update_fields=["time_zone"])
    proposal = in_deliberation(world)
    client.force_login(world.users["coordinator"])
    assert open_voting(client, world, proposal, next_year_at(17)).status_code == 302
    proposal.refresh_from_db()
    assert proposal.voting_closes_at.astimezone(UTC).hour == 14
    url = reverse("decisions:proposal_detail", args=[world.partnership.slug, proposal.pk])
    assert f"17:00 {NAIROBI}" in client.get(url).content.decode()
    listing = client.get(reverse("decisions:proposal_list", args=[world.partnership.slug]))
    assert f"17:00 {NAIROBI}" in listing.content.decode()


def test_the_person_s_zone_wins_over_the_partnership_s(client, world):
    world.partnership.time_zone = NAIROBI
    world.partnership.save(update_fields=["time_zone"])
    coordinator = world.users["coordinator"]
    coordinator.time_zone = "Europe/Paris"
    coordinator.save(update_fields=["time_zone"])
    proposal = in_deliberation(world)
    client.force_login(coordinator)
    open_voting(client, world, proposal, next_year_at(17))
    proposal.refresh_from_db()
    assert proposal.voting_closes_at.astimezone(UTC).hour == 16  # Paris is UTC+1 in March


@pytest.mark.parametrize(
    ("value", "zone", "expected"),
    [
        (datetime(2026, 12, 20, 14, 0, tzinfo=UTC), NAIROBI, "2026-12-20 17:00 Africa/Nairobi"),
        (datetime(2026, 12, 20, 23, 30, tzinfo=UTC), NAIROBI, "2026-12-21 02:30 Africa/Nairobi"),
        (datetime(2026, 12, 20, 14, 0, tzinfo=UTC), "UTC", "2026-12-20 14:00 UTC"),
        (None, "UTC", ""),
    ],
)
def test_one_format_for_a_moment_the_zone_named(value, zone, expected):
    template = Template("{% load accord_format %}{{ value|moment }}|{{ value|day }}")
    with timezone.override(zone):
        moment, day = template.render(Context({"value": value})).split("|")
    assert moment == expected
    assert day == expected[:10]


def test_no_template_formats_dates_its_own_way():
    """One format for date-times, the zone named: templates use |moment (meetings show
    their own zone, named beside the time)."""
    import re
    from pathlib import Path

    import accord

    root = Path(accord.__file__).parent
    adhoc = re.compile(r"""\|date:["'][^"']*H:i""")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if "meetings" not in path.parts and adhoc.search(path.read_text())
    ]
    assert offenders == []


# The settings page and its API -------------------------------------------------------


def test_settings_page_changes_the_zone_and_refuses_an_unknown_one(client, world):
    user = world.users["community"]
    client.force_login(user)
    url = reverse("accounts:profile")
    page = client.get(url)
    assert page.status_code == 200
    assert 'optgroup label="Africa"' in page.content.decode()
    assert client.post(url, {"time_zone": NAIROBI}).status_code == 302
    user.refresh_from_db()
    assert user.time_zone == NAIROBI
    assert "now shown in Africa/Nairobi" in client.get(url).content.decode()
    bad = client.post(url, {"time_zone": "Mars/Olympus"})
    assert bad.status_code == 400
    assert "Mars/Olympus" in bad.content.decode()
    user.refresh_from_db()
    assert user.time_zone == NAIROBI
    assert client.post(url, {"time_zone": ""}).status_code == 302
    user.refresh_from_db()
    assert user.time_zone == ""


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_every_signed_in_person_sets_their_own_zone(client, world, role):
    client.force_login(world.user(role))
    assert client.post(reverse("accounts:profile"), {"time_zone": NAIROBI}).status_code == 302
    world.user(role).refresh_from_db()
    assert world.user(role).time_zone == NAIROBI


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_api_reads_and_sets_the_zone(client, world):
    api = Api(client, world)
    assert api.get("staff", "/me").json()["time_zone"] == ""
    answer = api.send("put", "staff", "/me/time-zone", {"time_zone": NAIROBI})
    assert answer.status_code == 200
    assert answer.json()["time_zone"] == NAIROBI
    refused = api.send("put", "staff", "/me/time-zone", {"time_zone": "Nairobi"})
    assert refused.status_code == 400
    world.users["staff"].refresh_from_db()
    assert world.users["staff"].time_zone == NAIROBI
    assert api.send("put", "anonymous", "/me/time-zone", {"time_zone": NAIROBI}).status_code == 401


# The partnership's zone ----------------------------------------------------------------


def partnership_form(**extra):
    return {
        "name": "Lake Zone Partnership",
        "purpose": "Fish for all.",
        "type": Partnership._meta.get_field("type").choices[0][0],
        "modality": Partnership._meta.get_field("modality").choices[0][0],
        "visibility": "members",
        "reporting_currency": "KES",
        **extra,
    }


def test_a_new_partnership_starts_in_its_creator_s_browser_zone(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("partnerships:partnership_create")
    page = client.get(url).content.decode()
    assert "data-browser-time-zone" in page and "web/time-zone.js" in page
    response = client.post(url, partnership_form(browser_time_zone=NAIROBI))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Partnership.objects.get(name="Lake Zone Partnership").time_zone == NAIROBI


def test_a_chosen_zone_wins_and_no_zone_means_the_site_s(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("partnerships:partnership_create")
    client.post(url, partnership_form(time_zone="Europe/Paris", browser_time_zone=NAIROBI))
    assert Partnership.objects.get(name="Lake Zone Partnership").time_zone == "Europe/Paris"
    client.post(url, partnership_form(name="Second", browser_time_zone="Not/AZone"))
    assert Partnership.objects.get(name="Second").time_zone == ""


def test_api_partnership_zone(client, world):
    api = Api(client, world)
    slug = world.partnership.slug
    answer = api.send("patch", "coordinator", f"/partnerships/{slug}", {"time_zone": NAIROBI})
    assert answer.status_code == 200 and answer.json()["time_zone"] == NAIROBI
    refused = api.send("patch", "coordinator", f"/partnerships/{slug}", {"time_zone": "Moon"})
    assert refused.status_code == 400
    world.partnership.refresh_from_db()
    assert world.partnership.time_zone == NAIROBI
    outsider = api.send("patch", "outsider", f"/partnerships/{slug}", {"time_zone": "UTC"})
    assert outsider.status_code == 404

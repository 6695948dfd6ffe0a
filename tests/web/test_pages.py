"""Light, self-contained, accessible pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_partnership_home_is_under_100_kb_and_calls_no_other_host(client, public_world):
    client.force_login(public_world.users["coordinator"])
    html = client.get(
        reverse("web:partnership_home", args=[public_world.partnership.slug])
    ).content.decode()
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)
    total = len(html.encode())
    for asset in assets:
        path = finders.find(asset.removeprefix("/static/"))
        assert path, asset
        total += Path(path).stat().st_size
    assert total < 100_000, f"{total} bytes"
    external = re.findall(r'(?:src|href|action)="(https?://[^"]+)"', html)
    assert external == []


@pytest.mark.parametrize(
    "name", ["web:partnership_home", "membership_list", "charter_detail", "event_list"]
)
def test_pages_have_landmarks_labels_and_a_skip_link(client, world, name):
    client.force_login(world.users["coordinator"])
    html = client.get(
        reverse(name if ":" in name else f"partnerships:{name}", args=[world.partnership.slug])
    ).content.decode()
    assert '<html lang="en">' in html
    assert '<main id="main"' in html and "<nav" in html and 'href="#main"' in html
    # every visible form control has a label
    for control_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html):
        assert f'for="{control_id}"' in html, control_id


def test_feed_htmx_request_returns_only_the_partial(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("partnerships:event_list", args=[world.partnership.slug])
    full = client.get(url).content.decode()
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" in full and "<html" not in partial and 'id="feed"' in partial


def test_create_partnership_through_the_form(client, world):
    client.force_login(world.users["small_representative"])
    response = client.post(
        reverse("partnerships:partnership_create"),
        {
            "name": "Coop Pact",
            "purpose": "Fish",
            "type": "network",
            "modality": "business_ngo",
            "visibility": "members",
            "reporting_currency": "KES",
            "sdg_targets": ["14.4"],
            "lead_organization": world.orgs["coop"].pk,
        },
    )
    assert response.status_code == 302, response.content
    page = client.get(response["Location"]).content.decode()
    assert "Coop Pact" in page and "14.4" in page and "Fisher Coop" in page


def test_bad_form_input_is_shown_not_500(client, world):
    client.force_login(world.users["small_representative"])
    response = client.post(
        reverse("partnerships:partnership_create"), {"name": "", "type": "cartel"}
    )
    assert response.status_code == 200
    assert b"errorlist" in response.content


def test_api_docs_load_every_asset_from_this_site_and_have_a_language(client):
    html = client.get("/api/v1/docs").content.decode()
    assert '<html lang="en">' in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/static/") for a in assets), assets
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset

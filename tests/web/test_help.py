"""Help (issue 14, item 14): the guide served by Accord, a "?" on every page pointing to
the section about it, and a new partnership's first-run checklist."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accord.partnerships import services
from accord.web.help import guide
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db


def test_the_guide_is_served_as_pages(client):
    index = client.get(reverse("web:help_index"))
    assert index.status_code == 200
    assert "Getting started" in index.content.decode()
    page = client.get(reverse("web:help_page", args=["getting-started"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="7-resources-pledges-the-ledger-reliability"' in html
    assert "<script>" not in html.split('<article class="guide">')[1]
    assert 'href="/help/permissions/' in html or "permissions" not in html


@pytest.mark.parametrize("name", ["nope", "..", "getting-started.md", "GETTING-STARTED"])
def test_no_other_file_is_served(client, name):
    response = client.get(f"/help/{name}/")
    assert response.status_code == 404


@pytest.mark.parametrize(("key", "section"), sorted(guide.SECTIONS.items()))
def test_every_section_named_exists(key, section):
    name, anchor = section
    page = guide.guide_page(name)
    assert page is not None, name
    if anchor:
        assert f'id="{anchor}"' in page.html, (key, anchor)


def help_link(html: str) -> str:
    return re.search(r'<a class="help" href="([^"]+)"', html).group(1)


def test_every_page_has_a_question_mark_to_its_section(client, world):
    client.force_login(world.users["coordinator"])
    slug = world.partnership.slug
    cases = {
        reverse("web:home"): "/help/getting-started/#9-your-home-page-waiting-for-you",
        reverse("decisions:proposal_list", args=[slug]): "/help/decision-rules/",
        reverse("resources:ledger_list", args=[slug]): (
            "/help/getting-started/#7-resources-pledges-the-ledger-reliability"
        ),
        reverse("partnerships:charter_detail", args=[slug]): (
            "/help/getting-started/#4-agree-the-charter"
        ),
        reverse("web:help_index"): "/help/getting-started/",
    }
    for url, expected in cases.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert help_link(response.content.decode()) == expected, url


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_the_guide(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    assert client.get(reverse("web:help_page", args=["decision-rules"])).status_code == 200


def test_a_new_partnership_shows_its_coordinator_the_first_steps(client, world):
    coordinator = world.users["coordinator"]
    fresh = services.partnership_create(
        actor=coordinator,
        lead_organization=world.orgs["county"],
        name="Fresh start",
        purpose="p",
        type="co_management",
        modality="government_initiated",
    )
    client.force_login(coordinator)
    url = reverse("web:partnership_home", args=[fresh.slug])
    steps = client.get(url).context["first_steps"]
    assert [(s.step, s.done) for s in steps] == [
        ("invite", False),
        ("charter", False),
        ("rule", False),
        ("pledge", False),
    ]
    services.membership_invite(
        actor=coordinator, partnership=fresh, organization=world.orgs["coop"]
    )
    steps = client.get(url).context["first_steps"]
    assert [s.done for s in steps] == [True, False, False, False]
    assert "Choose how decisions are made" in client.get(url).content.decode()
    # Others see no checklist.
    client.force_login(world.users["observer"])
    assert (
        client.get(reverse("web:partnership_home", args=[world.partnership.slug])).context[
            "first_steps"
        ]
        == []
    )

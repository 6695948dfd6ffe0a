"""The coordinator sees what the partnership lacks on its expertise map and invites, in one
click, the organization outside it that offers it; on a 360 px phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from accord.expertise import services
from accord.partners import services as partner_services
from accord.partnerships.models import Membership
from accord.resources import services as resource_services
from tests.conftest import build_world, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_coordinator_sees_the_gap_and_invites_the_laboratory(page: Page, live_server):
    base = live_server.url
    world = build_world()
    coordinator = world.users["coordinator"]
    monitoring = resource_services.activity_create(
        actor=coordinator,
        partnership=world.partnership,
        title="Fish-stock and water monitoring",
        lead_organization=world.orgs["county"],
    )
    services.activity_need_add(
        actor=coordinator,
        activity=monitoring,
        area="water_quality_lab",
        detail="Monthly samples: nutrients and E. coli",
    )
    services.organization_expertise_add(
        actor=world.users["representative"],
        organization=world.orgs["foundation"],
        area="finance",
        direction="offered",
    )
    esther = make_user("esther@riftlab.test", "Esther Chebet")
    lab = partner_services.organization_create(
        actor=esther, name="Rift Valley Water Lab", sector="private", capacity="small"
    )
    services.organization_expertise_add(
        actor=esther,
        organization=lab,
        area="water_quality_lab",
        direction="offered",
        detail="Accredited laboratory",
    )

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(coordinator.email)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/p/{world.partnership.slug}/")
    page.get_by_role("link", name="Expertise", exact=True).click()

    lack = page.get_by_role("region", name="What we lack")
    expect(lack).to_contain_text("Water-quality laboratory analysis")
    expect(lack).to_contain_text("Fish-stock and water monitoring")
    expect(lack).to_contain_text("No member offers it.")
    expect(lack).to_contain_text("Rift Valley Water Lab")
    expect(lack).not_to_contain_text("Finance and accounting")  # offered by a member
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_role("button", name="Invite Rift Valley Water Lab").click()
    expect(page.get_by_role("status")).to_contain_text(
        re.compile("Rift Valley Water Lab is invited")
    )
    expect(lack).to_contain_text("Invited")
    expect(page.get_by_role("button", name="Invite Rift Valley Water Lab")).to_have_count(0)
    membership = Membership.objects.get(partnership=world.partnership, organization=lab)
    assert membership.status == "invited"
    assert "Water-quality laboratory analysis" in membership.message

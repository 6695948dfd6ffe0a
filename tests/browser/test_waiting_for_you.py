"""The coordinator's "waiting for you" empties as they act: they admit the organization
that accepted, sign the charter for their county and cast its vote, each from a link on
their home page, and the notification that asked for the admission is marked done."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from accord.partnerships import services
from tests.conftest import build_world
from tests.decisions.conftest import proposal_in_voting

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def test_waiting_for_you_empties_as_the_coordinator_acts(page: Page, live_server):
    base = live_server.url
    world = build_world()
    coordinator = world.users["coordinator"]
    services.membership_respond(
        actor=world.users["invitee"], membership=world.memberships["youth"], accept=True
    )
    version = services.charter_draft_save(
        actor=coordinator, partnership=world.partnership, common_outcome="A living lake."
    )
    services.charter_publish(actor=coordinator, version=version)
    proposal_in_voting(world, title="Close the north bay to nets")

    sign_in(page, base, coordinator.email)
    waiting = page.get_by_role("region", name="Waiting for you")
    lake = waiting.get_by_role("article", name=re.compile("Lake Partnership"))
    expect(lake.get_by_role("heading")).to_contain_text("3 things")
    expect(lake.get_by_role("listitem")).to_have_count(3)
    # It fits a 360 px phone without sideways scrolling.
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Admit the organization that accepted.
    lake.get_by_role("link", name="1 organization accepted and awaits admission").click()
    page.get_by_role("button", name="Admit", exact=True).click()
    expect(page.get_by_text("Youth Network admitted")).to_be_visible()
    page.get_by_role("link", name="Accord", exact=True).click()
    expect(lake.get_by_role("heading")).to_contain_text("2 things")
    expect(lake).not_to_contain_text("admission")

    # Sign the charter for the county.
    lake.get_by_role("link", name=re.compile("charter in force awaits")).click()
    page.get_by_label("I understand a signature cannot be withdrawn.").check()
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.get_by_text("Signed charter v1 for County")).to_be_visible()
    page.get_by_role("link", name="Accord", exact=True).click()
    expect(lake.get_by_role("heading")).to_contain_text("1 thing")
    expect(lake).not_to_contain_text("charter")

    # Cast the county's vote.
    lake.get_by_role("link", name="1 open vote you have not cast").click()
    expect(page.get_by_role("heading", name="Close the north bay to nets")).to_be_visible()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Cast ballot").click()
    expect(page.get_by_role("status")).to_contain_text("Your ballot is recorded")
    page.get_by_role("link", name="Accord", exact=True).click()
    expect(waiting).to_contain_text("Nothing is waiting for you.")

    # The notifications that asked for these acts are done.
    page.get_by_role("link", name=re.compile(r"^Notifications")).click()
    feed = page.locator(".feed li")
    for asked in ("Youth Network accepted the invitation", "please read and sign it for County"):
        expect(feed.filter(has_text=asked)).to_contain_text("Done")
    expect(page.get_by_role("link", name=re.compile(r"^Notifications"))).not_to_contain_text(
        "unread"
    )

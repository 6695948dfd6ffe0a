"""A Kenyan coordinator (browser in Africa/Nairobi) founds a partnership, which takes her
browser's zone, and opens a vote that closes at 17:00 Nairobi time: Accord stores 14:00
UTC and shows 17:00 with the zone named (issue 14, item 5)."""

from __future__ import annotations

from datetime import UTC

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accord.decisions.models import Proposal
from accord.partners import services as partner_services
from accord.partnerships.models import Partnership
from tests.browser.test_membership_journey import sign_in
from tests.conftest import ensure_reference_data, make_user

pytestmark = pytest.mark.django_db(transaction=True)

NAIROBI = "Africa/Nairobi"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "timezone_id": NAIROBI}


def test_vote_opened_at_17_nairobi_closes_then(page: Page, live_server):
    base = live_server.url
    ensure_reference_data()
    amina = make_user("amina@county.test", "Amina")
    partner_services.organization_create(
        actor=amina, name="Kisumu County", sector="public", capacity="large"
    )

    sign_in(page, base, amina.email)
    page.goto(f"{base}/p/new/")
    page.get_by_label("Name").fill("Lake Victoria Fisheries")
    page.get_by_label("Purpose").fill("Fish for all, for good.")
    page.get_by_label("Type").select_option(index=1)
    page.get_by_label("Modality").select_option(index=1)
    page.get_by_label("Lead organization").select_option(label="Kisumu County")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("status")).to_contain_text("Partnership created")
    lake = Partnership.objects.get(name="Lake Victoria Fisheries")
    assert lake.time_zone == NAIROBI  # the browser's, through web/time-zone.js

    page.goto(f"{base}/p/{lake.slug}/decisions/")
    page.get_by_label("Title:", exact=True).fill("Close the breeding bays")
    page.get_by_label("Body").fill("From March to May.")
    page.get_by_role("button", name="Draft", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Proposal drafted.")
    page.get_by_role("button", name="Open deliberation").click()
    year = timezone.now().year + 1
    page.get_by_label("Voting closes at").fill(f"{year}-03-10T17:00")
    page.get_by_role("button", name="Open voting").click()
    expect(page.get_by_role("status")).to_contain_text("Proposal moved on.")

    proposal = Proposal.objects.get(title="Close the breeding bays")
    closes = proposal.voting_closes_at.astimezone(UTC)
    assert (closes.year, closes.month, closes.day, closes.hour, closes.minute) == (
        year,
        3,
        10,
        14,
        0,
    )
    expect(page.locator("main")).to_contain_text(f"voting closes {year}-03-10 17:00 {NAIROBI}")

    # Her own setting, once chosen, is the zone of every page.
    page.goto(f"{base}/accounts/profile/")
    page.get_by_label("Time zone").select_option(value="Europe/London")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    page.goto(f"{base}/p/{lake.slug}/decisions/{proposal.pk}/")
    expect(page.locator("main")).to_contain_text(f"voting closes {year}-03-10 14:00 Europe/London")

"""Plans change: the coordinator moves an activity's dates and the timeline and the feed
show it; a funder amends a pledge before its due date and its reliability stays 100 %."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accord.partners import services as partner_services
from accord.partnerships import services
from accord.resources import services as resource_services
from tests.browser.test_membership_journey import sign_in, sign_out
from tests.conftest import make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_activity_moved_and_pledge_amended(page: Page, live_server):
    base = live_server.url
    today = timezone.localdate()
    amina, nadia = make_user("amina@county.test", "Amina"), make_user("nadia@fund.test", "Nadia")
    county = partner_services.organization_create(
        actor=amina, name="Kivuli County", sector="public", capacity="large"
    )
    fund = partner_services.organization_create(
        actor=nadia, name="Harambee Fund", sector="philanthropic", capacity="large"
    )
    lake = services.partnership_create(
        actor=amina,
        lead_organization=county,
        name="Lake",
        purpose="Lake",
        type="co_management",
        modality="government_initiated",
        reporting_currency="EUR",
    )
    membership = services.membership_invite(actor=amina, partnership=lake, organization=fund)
    services.membership_respond(actor=nadia, membership=membership, accept=True)
    services.membership_decide(actor=amina, membership=membership, admit=True)
    start, end = today - timedelta(days=30), today + timedelta(days=60)
    resource_services.activity_create(
        actor=amina,
        partnership=lake,
        title="Mangrove nursery",
        lead_organization=county,
        start_on=start,
        end_on=end,
        status="2",
    )
    first_due, second_due = today - timedelta(days=10), today + timedelta(days=20)
    pledge = resource_services.pledge_create(
        actor=nadia,
        partnership=lake,
        organization=fund,
        kind="money",
        description="Nursery grant",
        currency_code="EUR",
        amount="2000",
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=120),
        installments=[(first_due, "1000"), (second_due, "1000")],
    )
    resource_services.ledger_entry_post(
        actor=nadia,
        partnership=lake,
        type="3",
        value="1000",
        currency_code="EUR",
        value_date=today - timedelta(days=15),
        provider=fund,
        receiver=county,
        pledge=pledge,
    )

    # The coordinator moves the nursery's end by a month and records its progress.
    sign_in(page, base, amina.email)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{base}/p/{lake.slug}/workplan/")
    timeline = page.locator("figure.timeline svg")
    expect(timeline).to_contain_text("Mangrove nursery · 0 %")
    page.get_by_role("link", name=re.compile("Change status, dates or progress")).click()
    new_end = end + timedelta(days=30)
    page.get_by_label("Ends on").fill(new_end.isoformat())
    page.get_by_label("Progress (%)").fill("40")
    page.get_by_label("Why").fill("The rains came late")
    page.get_by_role("button", name="Save the change").click()
    expect(page.get_by_text("The activity was changed.")).to_be_visible()
    expect(timeline).to_contain_text("Mangrove nursery · 40 %")
    expect(timeline.locator("title").nth(1)).to_contain_text(
        f"{new_end.day} {new_end:%b} {new_end.year}"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(f"{base}/p/{lake.slug}/activity/")
    expect(page.locator("main")).to_contain_text("The rains came late")
    sign_out(page)

    # The funder moves the second installment before it falls due: still 100 % on time.
    sign_in(page, base, nadia.email)
    page.goto(f"{base}/p/{lake.slug}/resources/pledges/{pledge.pk}/")
    later = second_due + timedelta(days=30)
    page.get_by_label("Due on (row 2)").fill(later.isoformat())
    page.get_by_label("Why").fill("Our board meets later")
    page.get_by_role("button", name="Amend", exact=True).click()
    expect(page.get_by_text("The pledge was amended.")).to_be_visible()
    history = page.locator("table", has_text="Our board meets later")
    expect(history).to_contain_text(second_due.isoformat())  # the original schedule
    expect(history).to_contain_text(later.isoformat())
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(f"{base}/p/{lake.slug}/resources/")
    expect(page.locator("tr", has_text="Harambee Fund").first).to_contain_text("100 % on time")

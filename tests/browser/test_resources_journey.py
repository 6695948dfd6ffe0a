"""A funder pledges money in EUR, a university pledges staff hours, the funder disburses
part, a mistake is reversed; the reliability and the flow network update."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from accord.partners import services as partner_services
from accord.partnerships import services
from accord.resources import services as resource_services
from tests.browser.test_membership_journey import sign_in, sign_out
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_pledge_disburse_reverse(page: Page, live_server):
    base = live_server.url
    amina, nadia, ruth = (
        make_user("amina@county.test", "Amina"),
        make_user("nadia@fund.test", "Nadia"),
        make_user("ruth@uni.test", "Ruth"),
    )
    county = partner_services.organization_create(
        actor=amina, name="Kivuli County", sector="public", capacity="large"
    )
    fund = partner_services.organization_create(
        actor=nadia, name="Harambee Fund", sector="philanthropic", capacity="large"
    )
    uni = partner_services.organization_create(
        actor=ruth, name="Kivuli University", sector="academic", capacity="medium"
    )
    lake = services.partnership_create(
        actor=amina,
        lead_organization=county,
        name="Lake",
        purpose="Lake",
        type="co_management",
        modality="government_initiated",
        reporting_currency="KES",
    )
    for org, rep in ((fund, nadia), (uni, ruth)):
        m = services.membership_invite(actor=amina, partnership=lake, organization=org)
        services.membership_respond(actor=rep, membership=m, accept=True)
        services.membership_decide(actor=amina, membership=m, admit=True)
    resource_services.exchange_rate_add(
        actor=amina,
        partnership=lake,
        currency_code="EUR",
        valid_on=date(2025, 1, 1),
        to_reporting=Decimal("140"),
    )
    resources_url = f"{base}/p/{lake.slug}/resources/"

    # The funder pledges EUR 10,000 in two installments.
    sign_in(page, base, nadia.email)
    page.goto(resources_url + "pledges/")
    page.get_by_role("link", name="Money", exact=True).click()  # the kind first
    expect(page.get_by_label("Hours")).to_have_count(0)  # only the fields of money
    page.get_by_label("Description").fill("Restoration grant")
    page.get_by_label("Currency").fill("EUR")
    page.get_by_label(re.compile(r"^Amount:")).fill("10000")
    page.get_by_label("Starts on").fill("2025-01-01")
    page.get_by_label("Ends on").fill("2025-12-31")
    page.get_by_label("Due on (row 1)").fill("2025-03-31")
    page.get_by_label("Amount (row 1)").fill("5000")
    page.get_by_label("Due on (row 2)").fill("2025-09-30")
    page.get_by_label("Amount (row 2)").fill("5000")
    page.get_by_role("button", name="Pledge", exact=True).click()
    expect(page.get_by_text("Pledge recorded.")).to_be_visible()
    sign_out(page)

    # The university pledges staff hours.
    sign_in(page, base, ruth.email)
    page.goto(resources_url + "pledges/")
    page.get_by_role("link", name="People (time)", exact=True).click()
    page.get_by_label("Description").fill("Research staff")
    page.get_by_label("Currency").fill("KES")
    page.get_by_label(re.compile(r"^Hours:")).fill("100")
    page.get_by_label("Hourly rate").fill("2500")
    page.get_by_label("Starts on").fill("2025-01-01")
    page.get_by_label("Ends on").fill("2025-12-31")
    page.get_by_role("button", name="Pledge", exact=True).click()
    expect(page.locator("table")).to_contain_text("100.00 hours")
    sign_out(page)

    # The funder disburses — first with a typo, then reverses it and posts the right amount.
    sign_in(page, base, nadia.email)
    for value in ("500", "5000"):
        page.goto(resources_url + "ledger/")
        page.get_by_label("Type").select_option("3")
        page.get_by_label(re.compile(r"^Value:")).fill(value)
        page.get_by_label("Currency").fill("EUR")
        page.get_by_label("Value date").fill("2025-03-20")
        page.get_by_label("Provider").select_option(label="Harambee Fund")
        page.get_by_label("Receiver").select_option(label="Kivuli University")
        page.get_by_label(re.compile(r"^Pledge:")).select_option(index=1)
        page.get_by_role("button", name="Post", exact=True).click()
        expect(page.get_by_text("Posted to the ledger.")).to_be_visible()
        if value == "500":
            page.locator("summary", has_text="Reverse").first.click()
            page.get_by_label("Why?").first.fill("Typed 500 instead of 5000")
            page.get_by_role("button", name="Reverse #").first.click()
            expect(page.get_by_text("reversed.")).to_be_visible()
            expect(page.locator("table")).to_contain_text("reversal of #")

    # Reliability and the flow network show the corrected figures.
    page.goto(resources_url)
    row = page.locator("tr", has_text="Harambee Fund").first
    expect(row).to_contain_text("700,000.00")  # delivered: 5,000 EUR at 140
    expect(row).to_contain_text("50 % on time")
    svg = page.locator("figure svg")
    expect(svg).to_be_visible()
    expect(page.locator("figure")).to_contain_text("Harambee Fund")
    expect(page.locator("figcaption")).to_contain_text("0 %")  # all flow is one-way

"""The coordinator reads the balance dashboard: the alerts say in plain language that the
foundation pays most and can block every allocation alone; she follows the alert to its
evidence (the power analysis of that rule), comes back, reads the picture and its table,
tunes a threshold (a value out of range is refused beside its field) and sees the alert
go; the page fits a 360 px phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.balance.conftest import build_balanced
from tests.browser.test_membership_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

VETO = "Under the rule for allocating pooled money, Foundation can block every decision alone."
POWER = "Under the rule for allocating pooled money, Foundation holds 60 % of the voting power."


def test_coordinator_follows_an_alert_to_its_evidence(page: Page, live_server, world):
    base = live_server.url
    build_balanced(world)
    slug = world.partnership.slug
    sign_in(page, base, world.users["coordinator"].email)

    page.goto(f"{base}/p/{slug}/")
    expect(page.locator("#balance-alerts")).to_contain_text(VETO)
    page.get_by_role("link", name="Balance", exact=True).click()
    expect(page.get_by_role("heading", name="The balance of the partnership")).to_be_visible()
    alerts = page.locator("#alerts")
    expect(alerts).to_contain_text(VETO)
    expect(alerts).to_contain_text("Foundation delivered 60 % of all the resources.")

    # The evidence of the veto alert: the power analysis of the allocation rule.
    alerts.get_by_role("listitem").filter(has_text=VETO).get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/decisions/power/\?rules=\d+$"))
    expect(
        page.get_by_text("Under this rule Foundation alone can block any decision.")
    ).to_be_visible()
    page.go_back()

    # The picture and its text equivalent: one row per sector, one column per quantity.
    expect(page.get_by_role("img", name=re.compile("Each sector's share"))).to_be_visible()
    by_sector = page.get_by_role("table", name=re.compile("By sector"))
    philanthropic = by_sector.get_by_role("row").filter(has_text="Philanthropic")
    expect(philanthropic.get_by_role("cell").nth(0)).to_have_text("33 %")  # seats
    expect(philanthropic.get_by_role("cell").nth(1)).to_have_text("60 %")  # resources

    # Tuning: out of range is refused beside its field, then a higher bar silences the alert.
    page.get_by_role("link", name="Tune the alert thresholds").click()
    field = page.get_by_label(re.compile("one voter's share of the power", re.IGNORECASE))
    field.fill("101")
    page.get_by_role("button", name="Save the thresholds").click()
    expect(page.get_by_text("Enter a percentage between 1 and 100.")).to_be_visible()
    field = page.get_by_label(re.compile("one voter's share of the power", re.IGNORECASE))
    field.fill("70")
    page.get_by_role("button", name="Save the thresholds").click()
    expect(page.get_by_text("Alert thresholds saved.")).to_be_visible()
    expect(page.locator("#alerts")).to_contain_text(VETO)
    expect(page.locator("#alerts")).not_to_contain_text(POWER)

    # A phone: the page does not scroll sideways; the wide tables scroll in their own box.
    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

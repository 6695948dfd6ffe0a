"""A coordinator creates a partnership from the co-management template and sees the preset
rules (issue 17, item 3)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accord.partners import services as partner_services
from tests.browser.test_membership_journey import sign_in
from tests.conftest import ensure_reference_data, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_partnership_from_the_co_management_template(page: Page, live_server):
    base = live_server.url
    ensure_reference_data()
    amina = make_user("amina@county.test", "Amina Otieno")
    county = partner_services.organization_create(
        actor=amina, name="Kivuli County", sector="public", capacity="large"
    )
    sign_in(page, base, amina.email)
    page.get_by_role("link", name="New partnership").click()
    page.get_by_role("link", name="See the partnership templates").click()
    expect(page.get_by_role("heading", name="Co-management board", exact=True)).to_be_visible()
    page.get_by_role("link", name="Start a partnership from “Co-management board”").click()
    page.get_by_label("Name").fill("Lake Kivuli Board")
    page.get_by_label("Purpose").fill("Manage the lake together.")
    expect(page.get_by_label("Type")).to_have_value("co_management")
    page.get_by_label("Lead organization").select_option(label=county.name)
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lake Kivuli Board")
    expect(page.get_by_text("created from the template")).to_be_visible()

    page.goto(f"{base}/p/lake-kivuli-board/decisions/rules/")
    expect(page.get_by_text("Majority with community consent").first).to_be_visible()
    expect(page.get_by_text("Two-thirds for the charter and new members").first).to_be_visible()
    page.goto(f"{base}/p/lake-kivuli-board/charter/")
    # the draft (with the roles) is folded under the published text; it is there
    expect(page.get_by_text("Monitoring officer").first).to_be_attached()

"""The search forms of the proposals, notifications and organizations lists fit a 360 px
phone and work without JavaScript (issue 14, item 10)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_waiting_for_you import sign_in
from tests.conftest import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False])
def test_find_forms_fit_a_phone(browser, live_server, javascript):
    base = live_server.url
    world = build_world()
    context = browser.new_context(java_script_enabled=javascript)
    page: Page = context.new_page()
    sign_in(page, base, world.users["coordinator"].email)
    page.set_viewport_size({"width": 360, "height": 800})
    slug = world.partnership.slug
    for path, field, value in (
        (f"/p/{slug}/decisions/", "Status", "draft"),
        ("/notifications/", "Show", "unread"),
        ("/organizations/", "Sector", "public"),
    ):
        page.goto(base + path)
        page.get_by_label(field).select_option(value)
        page.get_by_role("button", name="Find").click()
        assert f"={value}" in page.url
        expect(page.get_by_role("search")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    context.close()

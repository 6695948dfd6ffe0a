"""A coordinator creates a partnership and invites an organization; its representative
accepts; the partnership admits it; both sign the charter; the feed shows it all."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from accord.partners import services as partner_services
from tests.conftest import ensure_reference_data, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def sign_out(page: Page) -> None:
    page.get_by_role("button", name=re.compile("Sign out")).click()


def test_partnership_by_consent_and_signed_charter(page: Page, live_server):
    base = live_server.url
    ensure_reference_data()
    amina = make_user("amina@county.test", "Amina Otieno")
    baraka = make_user("baraka@coop.test", "Baraka Ouma")
    county = partner_services.organization_create(
        actor=amina, name="Kivuli County", sector="public", capacity="large"
    )
    partner_services.organization_create(
        actor=baraka, name="Fisherfolk Coop", sector="community", capacity="small"
    )

    # The coordinator creates the partnership for her county.
    sign_in(page, base, amina.email)
    page.get_by_role("link", name="New partnership").click()
    page.get_by_label("Name").fill("Lake Kivuli Basin")
    page.get_by_label("Purpose").fill("Restore the lake together.")
    page.get_by_label("Type").select_option("co_management")
    page.get_by_label("Modality").select_option("government_initiated")
    page.get_by_label("SDG targets").select_option(["6.5", "14.4"])
    page.get_by_label("Lead organization").select_option(label=county.name)
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lake Kivuli Basin")
    partnership_url = page.url

    # ... invites the fisherfolk cooperative.
    page.get_by_role("link", name="Members", exact=True).click()
    page.get_by_label("Organization").select_option(label="Fisherfolk Coop")
    page.get_by_role("button", name="Invite", exact=True).click()
    expect(page.get_by_text("is invited")).to_be_visible()
    sign_out(page)

    # The cooperative's representative accepts from the home page.
    sign_in(page, base, baraka.email)
    expect(page.get_by_text("Invitations waiting for your answer")).to_be_visible()
    page.get_by_role("button", name="Accept", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Accepted; the partnership will now decide")
    sign_out(page)

    # The partnership admits it, and publishes a charter.
    sign_in(page, base, amina.email)
    page.goto(partnership_url + "members/")
    page.get_by_role("button", name="Admit", exact=True).click()
    expect(page.get_by_text("Fisherfolk Coop admitted")).to_be_visible()
    page.get_by_role("link", name="Charter", exact=True).click()
    page.get_by_role("link", name="Draft the charter").click()
    page.get_by_label("Common outcome").fill("Fish and water for generations.")
    page.get_by_label(re.compile("I understand a published version is frozen")).check()
    page.get_by_role("button", name="Save and publish for signature").click()
    # The other sections are empty: the form names them and asks again, nothing published.
    expect(page.get_by_text(re.compile("These sections are empty: Shared values"))).to_be_visible()
    page.get_by_label("Publish even though these sections are empty.").check()
    page.get_by_role("button", name="Save and publish for signature").click()
    expect(page.get_by_text("is published")).to_be_visible()
    page.get_by_label("I understand a signature cannot be withdrawn.").check()
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.get_by_text("Signed charter v1 for Kivuli County")).to_be_visible()
    sign_out(page)

    # The cooperative signs too; the charter shows both signatures.
    sign_in(page, base, baraka.email)
    page.goto(partnership_url + "charter/")
    page.get_by_label("I understand a signature cannot be withdrawn.").check()
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.get_by_text("Signed charter v1 for Fisherfolk Coop")).to_be_visible()
    expect(page.get_by_text("2 signed, 0 not signed")).to_be_visible()

    # The feed tells the story.
    page.get_by_role("link", name="Activity", exact=True).click()
    feed = page.locator(".feed")
    for text in [
        "invited Fisherfolk Coop",
        "accepted the invitation",
        "admitted Fisherfolk Coop",
        "published charter v1",
        "signed charter v1 for Kivuli County",
        "signed charter v1 for Fisherfolk Coop",
    ]:
        expect(feed).to_contain_text(text)

"""The meeting journey again, in French, with JavaScript off: a coordinator switches the
language with the footer's plain form, then schedules a meeting, records who came, the
minutes and a decision, every page in French and fitting a 360 px phone. The choice is
remembered on her account (another browser, in Spanish, still gets French)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accord.decisions import services as decision_services
from accord.decisions.models import ProposalStatus
from accord.meetings.models import Invitation, Meeting
from tests.browser.test_accountability_journey import _lake
from tests.browser.test_membership_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _no_javascript_page(browser: Browser) -> Page:
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    context.set_default_timeout(15_000)
    return context.new_page()


def test_the_meeting_journey_in_french_without_javascript(browser: Browser, live_server):
    base = live_server.url
    lake, people, orgs = _lake()
    amina = people["amina"]
    proposal = decision_services.proposal_create(
        actor=amina, partnership=lake, title="Close the north bay to nets", body="Two seasons."
    )
    decision_services.proposal_advance(actor=amina, proposal=proposal)
    decision_services.proposal_advance(
        actor=amina, proposal=proposal, closes_at=timezone.now() + timedelta(days=2)
    )
    for person, choice in (("amina", "yes"), ("nadia", "yes"), ("baraka", "no")):
        decision_services.ballot_cast(actor=people[person], proposal=proposal, choice=choice)

    page = _no_javascript_page(browser)
    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, base, amina.email)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The switch: a select and a button in the footer, posted without JavaScript.
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("button", name="Changer de langue")).to_be_visible()
    amina.refresh_from_db()
    assert amina.language == "fr"

    page.goto(f"{base}/p/{lake.slug}/")
    page.get_by_role("link", name="Réunions").first.click()
    _fits_phone(page)
    page.get_by_role("link", name="Programmer une réunion").click()
    page.get_by_label("Titre").fill("Board meeting at the landing")
    page.get_by_label("Date").fill("2026-03-02")
    page.get_by_label("Début").fill("10:00")
    page.get_by_label("Fin").fill("12:00")
    page.get_by_label("Fuseau horaire").select_option("Africa/Nairobi")
    page.get_by_label("Lieu").fill("Kivuli landing hall")
    page.get_by_label("Harambee Fund").check()
    page.get_by_label("Kivuli Fisherfolk").check()
    page.get_by_label("Ordre du jour").fill("Welcome\nClosed season")
    page.get_by_role("button", name="Programmer").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Board meeting at the landing")
    expect(page.locator("#agenda")).to_contain_text("Closed season")
    expect(page.get_by_text("02/03/2026 10:00")).to_be_visible()
    _fits_phone(page)
    meeting = Meeting.objects.get()
    assert meeting.starts_at.hour == 7  # 10:00 in Nairobi, stored in UTC

    page.get_by_role("link", name="Enregistrer les présences").click()
    page.locator("fieldset", has_text="Harambee Fund").get_by_label("Présent").check()
    page.locator("fieldset", has_text="Kivuli Fisherfolk").get_by_label("Absent").check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.locator("#attendance")).to_contain_text("Absent")
    expect(page.locator("#attendance")).to_contain_text("Présent")

    page.get_by_role("link", name="Rédiger le compte rendu").click()
    page.get_by_label("Compte rendu").fill(
        "## Saison de fermeture\n\n**Adopté** avec une objection.\n\n<script>document.title='x'</script>"
    )
    page.get_by_role("button", name="Enregistrer le compte rendu").click()
    expect(page.locator("#minutes strong")).to_have_text("Adopté")
    assert page.title() != "x"

    page.get_by_text("Enregistrer une décision").click()  # a <details>: no JavaScript needed
    page.get_by_label("Proposition décidée").select_option(label="Close the north bay to nets")
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.locator("#decisions")).to_contain_text("Close the north bay to nets")
    _fits_phone(page)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert dict(Invitation.objects.values_list("organization__name", "attendance")) == {
        orgs["fund"].name: "present",
        orgs["coop"].name: "absent",
    }

    page.goto(f"{base}/p/{lake.slug}/decisions/log/")
    expect(page.locator("article").first).to_contain_text(
        "Décidé lors de la réunion « Board meeting at the landing » du 2026-03-02."
    )
    page.context.close()

    # Another browser, asking for Spanish: the account's choice wins once signed in.
    other = browser.new_context(java_script_enabled=False, locale="es-ES")
    second = other.new_page()
    second.goto(f"{base}/accounts/login/")
    expect(second.locator("html")).to_have_attribute("lang", "es")
    second.locator("input[name=username]").fill(amina.email)
    second.locator("input[name=password]").fill("pw")
    second.locator("main form button").click()
    second.goto(f"{base}/p/{lake.slug}/meetings/")
    expect(second.locator("html")).to_have_attribute("lang", "fr")
    expect(second.get_by_role("heading", name="Réunions", exact=True)).to_be_visible()
    other.close()

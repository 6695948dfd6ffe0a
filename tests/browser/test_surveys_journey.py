"""Three members answer a collaboration-factors wave in Chromium, and the factor scores
appear only when the third has answered (the wave's threshold is 3). The coordinator
creates the wave through the form; the answer form and the network survey's long matrix
fit a 360 px phone without sideways scrolling, and work without JavaScript."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accord.surveys.models import Respondent, Wave
from tests.browser.test_accountability_journey import _lake
from tests.browser.test_membership_journey import sign_in, sign_out
from tests.surveys.conftest import open_wave

pytestmark = pytest.mark.django_db(transaction=True)


def _answer_all(page: Page, score: str) -> None:
    """Tick ``score`` for every statement of the form (one radio group per statement)."""
    radios = page.locator(f'form.survey input[type="radio"][value="{score}"]')
    for index in range(radios.count()):
        radios.nth(index).check()
    page.get_by_role("button", name="Send the answers").click()
    expect(page.get_by_text("answers are recorded")).to_be_visible()


def test_three_members_answer_and_the_factor_scores_appear_with_the_third(page: Page, live_server):
    base = live_server.url
    lake, people, _orgs = _lake()
    surveys = f"{base}/p/{lake.slug}/surveys/"

    # The coordinator opens a wave of the collaboration factors, anonymous by default.
    sign_in(page, base, people["amina"].email)
    page.goto(surveys)
    page.get_by_role("link", name="New wave").click()
    page.locator("#id_instrument").select_option("collaboration-factors")
    page.locator("#id_title").fill("How we work together")
    now = timezone.localtime()
    page.locator("#id_opens_at").fill((now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_closes_at").fill((now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_threshold").fill("3")
    page.get_by_role("button", name="Create the wave").click()
    expect(page.get_by_role("heading", name="How we work together")).to_be_visible()
    wave = Wave.objects.get()
    assert wave.anonymous and wave.threshold == 3
    results = f"{surveys}{wave.pk}/results/"

    # Amina answers for the county (she represents it), then Nadia for the fund.
    page.goto(surveys)
    page.get_by_role("link", name="Answer for Kivuli County").click()
    _answer_all(page, "5")
    sign_out(page)
    sign_in(page, base, people["nadia"].email)
    page.goto(surveys)
    page.get_by_role("link", name="Answer for Harambee Fund").click()
    _answer_all(page, "4")

    # Two answers: below the threshold, no score anywhere on the page.
    page.goto(results)
    expect(page.locator("#suppressed")).to_be_visible()
    expect(page.locator("#factor-f01 td").first).to_have_text("—")
    sign_out(page)

    # Baraka answers for the fisherfolk, on a phone.
    sign_in(page, base, people["baraka"].email)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{surveys}{wave.pk}/answer/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width
    _answer_all(page, "3")
    assert Respondent.objects.filter(wave=wave).count() == 3

    # Three answers: the factor scores appear, (5 + 4 + 3) / 3 = 4.0, a strength.
    page.goto(results)
    expect(page.locator("#suppressed")).to_have_count(0)
    expect(page.locator("#factor-f01 td").first).to_have_text("4.0")
    expect(page.locator("#factor-f01")).to_contain_text("Strength")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width


def test_the_network_matrix_fits_a_phone(page: Page, live_server):
    base = live_server.url
    lake, people, _orgs = _lake()

    class _World:  # what ``open_wave`` needs
        partnership = lake
        users = {"coordinator": people["amina"]}

    wave = open_wave(
        _World,
        "partner-network",
        opens_at=timezone.now() - timedelta(hours=1),
        closes_at=timezone.now() + timedelta(days=3),
    )
    sign_in(page, base, people["baraka"].email)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{base}/p/{lake.slug}/surveys/{wave.pk}/answer/")
    expect(page.get_by_role("group", name="Harambee Fund")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width

"""The network picture updates after a second survey wave: the coordinator reads the
network of the spring wave, the fisherfolk cooperative answers the autumn wave in the
browser naming the fund it now works with, and the picture and "what changed" show the
new tie. On a 360 px phone the page does not scroll sideways."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accord.partners import services as partner_services
from accord.partnerships import services
from accord.surveys import services as survey_services
from tests.browser.test_membership_journey import sign_in, sign_out
from tests.conftest import ensure_reference_data, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIMENSIONS = ("power", "involvement", "resources", "reliability", "mission", "openness")
GENERAL = {"net-contributions": ["data"], "net-main": "data", "net-years": 2, "net-success": 4}


def cell(level: int, score: int = 3) -> dict[str, Any]:
    return {"level": str(level)} | ({d: score for d in DIMENSIONS} if level else {})


def network_wave(actor: Any, partnership: Any, title: str, *, days_ago: int, days: int) -> Any:
    opens = timezone.now() - timedelta(days=days_ago)
    return survey_services.wave_create(
        actor=actor,
        partnership=partnership,
        instrument_code="partner-network",
        title=title,
        opens_at=opens,
        closes_at=opens + timedelta(days=days),
    )


def desc_of_picture(page: Page) -> str:
    return page.locator("figure.chart svg > desc").first.text_content() or ""


def test_network_picture_updates_after_a_second_wave(page: Page, live_server):
    base = live_server.url
    ensure_reference_data()
    amina = make_user("amina@county.test", "Amina")
    nadia = make_user("nadia@fund.test", "Nadia")
    baraka = make_user("baraka@coop.test", "Baraka")
    county = partner_services.organization_create(
        actor=amina, name="Kivuli County", sector="public", capacity="large"
    )
    fund = partner_services.organization_create(
        actor=nadia, name="Harambee Fund", sector="philanthropic", capacity="large"
    )
    coop = partner_services.organization_create(
        actor=baraka, name="Fisherfolk Cooperative", sector="community", capacity="small"
    )
    lake = services.partnership_create(
        actor=amina,
        lead_organization=county,
        name="Lake",
        purpose="Lake",
        type="co_management",
        modality="government_initiated",
    )
    for org, rep in ((fund, nadia), (coop, baraka)):
        m = services.membership_invite(actor=amina, partnership=lake, organization=org)
        services.membership_respond(actor=rep, membership=m, accept=True)
        services.membership_decide(actor=amina, membership=m, admit=True)

    # Spring: the county and the fund name each other; the coop works with the county only.
    spring = network_wave(amina, lake, "Spring", days_ago=60, days=20)
    at = timezone.now() - timedelta(days=50)
    for actor, org, ratings in (
        (amina, county, {fund.pk: cell(2, 4), coop.pk: cell(0)}),
        (nadia, fund, {county.pk: cell(3, 3), coop.pk: cell(0)}),
        (baraka, coop, {county.pk: cell(1, 2), fund.pk: cell(0)}),
    ):
        survey_services.answer_submit(
            actor=actor, wave=spring, organization=org, values=GENERAL, ratings=ratings, now=at
        )
    network_url = f"{base}/p/{lake.slug}/balance/network/"

    sign_in(page, base, amina.email)
    page.goto(network_url)
    expect(page.get_by_role("heading", name="The whole network")).to_be_visible()
    before = desc_of_picture(page)
    assert "Fisherfolk Cooperative names Kivuli County (cooperative)." in before
    assert "Harambee Fund" in before and "Fisherfolk Cooperative names Harambee Fund" not in before
    # the figures, in words
    expect(page.locator("dl.figures")).to_contain_text("67 %")  # density: 2 of 3 pairs
    sign_out(page)

    # Autumn: the county and the fund answer as before; the coop answers in the browser.
    autumn = network_wave(amina, lake, "Autumn", days_ago=1, days=20)
    for actor, org, ratings in (
        (amina, county, {fund.pk: cell(2, 4), coop.pk: cell(0)}),
        (nadia, fund, {county.pk: cell(3, 3), coop.pk: cell(1, 3)}),
    ):
        survey_services.answer_submit(
            actor=actor, wave=autumn, organization=org, values=GENERAL, ratings=ratings
        )
    sign_in(page, base, baraka.email)
    page.goto(f"{base}/p/{lake.slug}/surveys/{autumn.pk}/answer/")
    general = page.locator("fieldset#q-net-contributions")
    general.get_by_label("Data").check()
    page.locator("fieldset#q-net-main").get_by_label("Data").check()
    page.locator("fieldset#q-net-years").get_by_role("spinbutton").fill("3")
    page.locator("fieldset#q-net-success").get_by_label("4", exact=True).check()
    county_block = page.locator("fieldset.member", has_text="Kivuli County")
    county_block.get_by_label("Cooperative: we share information").check()
    fund_block = page.locator("fieldset.member", has_text="Harambee Fund")
    fund_block.get_by_label("Integrated: we work from shared goals").check()
    for block in (county_block, fund_block):
        for question in (
            block.locator("div").filter(has=page.locator("input[type=radio][value='4']")).all()
        ):
            question.locator("input[type=radio][value='4']").first.check()
    page.get_by_role("button", name="Send the answers").click()
    expect(page.locator("body")).not_to_contain_text("need another look")
    sign_out(page)

    # The coordinator reads the network again: the new tie is in the picture and listed.
    sign_in(page, base, amina.email)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(network_url)
    after = desc_of_picture(page)
    assert after != before
    assert (
        "Fisherfolk Cooperative and Harambee Fund name each other "
        "(Fisherfolk Cooperative: integrated; Harambee Fund: cooperative)."
    ) in after
    expect(
        page.get_by_role("heading", name="What changed from “Spring” to “Autumn”")
    ).to_be_visible()
    expect(
        page.get_by_text("Fisherfolk Cooperative now names Harambee Fund (integrated)")
    ).to_be_visible()
    expect(
        page.get_by_text("Harambee Fund now names Fisherfolk Cooperative (cooperative)")
    ).to_be_visible()
    # a 360 px phone: the page itself never scrolls sideways (the picture scrolls in its box)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width
    # and the tables per member and of the two waves fit the phone without scrolling
    for name in ("table.network-members", "table.network-comparison"):
        table = page.locator(name).bounding_box()
        assert table is not None and table["x"] + table["width"] <= 360, (name, table)
    # the spring picture stays one click away, members in the same places
    page.get_by_text("The picture of “Spring”").click()
    assert page.locator("figure.chart svg").count() == 2
    assert spring.pk != autumn.pk

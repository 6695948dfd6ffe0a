"""The SDG targets chooser is searchable (issue 14, item 8): typing narrows the grouped
select to the targets whose words, or whose goal's, match; a chosen target stays in view
and is saved. Without JavaScript it is the plain grouped select (tests/web)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accord.partners import services as partner_services
from accord.partnerships.models import Partnership
from tests.browser.test_membership_journey import sign_in
from tests.conftest import ensure_reference_data, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _visible_options(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "select[name=sdg_targets] option:not([hidden])", "els => els.map(e => e.value)"
    )


def test_search_narrows_the_targets_and_keeps_the_chosen(page: Page, live_server):
    base = live_server.url
    ensure_reference_data()
    amina = make_user("amina@county.test", "Amina")
    partner_services.organization_create(
        actor=amina, name="Kisumu County", sector="public", capacity="large"
    )
    sign_in(page, base, amina.email)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{base}/p/new/")
    everything = _visible_options(page)
    assert len(everything) > 150  # all 169 targets before any search

    search = page.get_by_role("searchbox")
    search.fill("6.1")
    assert "6.1" in _visible_options(page)
    page.locator("select[name=sdg_targets]").select_option(["6.1"])

    search.fill("marine pollution")
    shown = _visible_options(page)
    assert "14.1" in shown  # "prevent and significantly reduce marine pollution"
    assert "6.1" in shown  # chosen: never hidden by a search
    assert len(shown) < 10
    expect(page.get_by_role("status").first).to_contain_text(str(len(shown)))

    search.fill("LIFE below WATER")  # case does not matter; the goal's name counts
    shown = _visible_options(page)
    assert "14.1" in shown and "14.a" in shown
    assert {code.split(".")[0] for code in shown} == {"14", "6"}

    search.fill("")
    assert len(_visible_options(page)) == len(everything)
    # the box fits the phone's width
    box = search.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360

    page.get_by_label("Name").fill("Lake Victoria Fisheries")
    page.get_by_label("Purpose").fill("Fish for all, for good.")
    page.get_by_label("Type").select_option(index=1)
    page.get_by_label("Modality").select_option(index=1)
    page.get_by_label("Lead organization").select_option(label="Kisumu County")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("status").first).to_contain_text("Partnership created")
    lake = Partnership.objects.get(name="Lake Victoria Fisheries")
    assert list(lake.sdg_targets.values_list("code", flat=True)) == ["6.1"]

"""A coordinator compares two candidate rules on the power analysis page: under one member,
one vote nobody can block; weighted by contribution, the funder alone can block, and the
page warns about it under that rule only. The analyses are computed by the task worker:
until it has run the page says so and refreshes itself (no JavaScript), then it shows both
rules side by side in one table and one chart, and fits a 360 px phone."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from accord.decisions import services as decisions
from accord.partners import services as partner_services
from accord.partnerships import services
from tests.browser.test_membership_journey import sign_in
from tests.conftest import ensure_reference_data, make_user

pytestmark = pytest.mark.django_db(transaction=True)

#: (person, organization, sector, contribution)
MEMBERS = [
    ("nadia@harambee.test", "Harambee Fund", "philanthropic", 50),
    ("baraka@fisherfolk.test", "Fisherfolk Coop", "community", 15),
    ("ruth@uni.test", "Kivuli University", "academic", 15),
]
VETO_WARNING = "Under this rule Harambee Fund alone can block any decision."


def test_compare_rules_and_see_who_can_block(page: Page, live_server):
    base = live_server.url
    ensure_reference_data()
    amina = make_user("amina@county.test", "Amina")
    county = partner_services.organization_create(
        actor=amina, name="Kivuli County", sector="public", capacity="large"
    )
    lake = services.partnership_create(
        actor=amina,
        lead_organization=county,
        name="Lake Kivuli",
        purpose="Restore the lake together.",
        type="co_management",
        modality="government_initiated",
    )
    weights = {county.pk: 20}
    for email, org_name, sector, contribution in MEMBERS:
        rep = make_user(email, email.split("@")[0].title())
        org = partner_services.organization_create(
            actor=rep, name=org_name, sector=sector, capacity="medium"
        )
        membership = services.membership_invite(actor=amina, partnership=lake, organization=org)
        services.membership_respond(actor=rep, membership=membership, accept=True)
        services.membership_decide(actor=amina, membership=membership, admit=True)
        weights[org.pk] = contribution
    decisions.rule_create(
        actor=amina, partnership=lake, name="One member, one vote", preset="simple_majority"
    )
    decisions.rule_create(
        actor=amina,
        partnership=lake,
        name="Weighted by contribution",
        spec={"method": {"rule": "weighted_majority"}},
        weights_mode="custom",
        weights=weights,
    )

    sign_in(page, base, amina.email)
    page.goto(f"{base}/p/{lake.slug}/")
    page.get_by_role("link", name="Decisions", exact=True).click()
    page.get_by_role("link", name="Power analysis").click()
    expect(page.get_by_role("heading", name="Who holds power under each rule")).to_be_visible()
    page.get_by_label("One member, one vote").check()
    page.get_by_label("Weighted by contribution").check()
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"rules=\d+&rules=\d+"))

    # Creating the rules queued their analyses; no worker has run them yet.
    expect(page.get_by_role("status")).to_contain_text("Being computed.")
    expect(page.locator('meta[http-equiv="refresh"]')).to_have_attribute("content", "3")
    expect(page.get_by_role("table")).to_have_count(0)
    # The task worker `accord serve` runs beside the web server, until the queue is empty.
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)
    # The page refreshes itself and shows both rules side by side.
    table = page.get_by_role("table", name="Power under each rule, side by side")
    expect(table).to_be_visible(timeout=20_000)
    expect(page.get_by_role("status")).to_have_count(0)
    expect(
        page.get_by_role("img", name="Power against seats and contributions, per member")
    ).to_be_visible()

    one_vote = page.get_by_role("region", name="One member, one vote")
    weighted = page.get_by_role("region", name="Weighted by contribution")
    expect(one_vote).to_contain_text("A decision needs a majority of the members.")
    expect(weighted).to_contain_text("A decision needs more than 1/2 of the weight.")
    # The funder holds half the weight: nothing passes without it, under that rule only.
    expect(weighted.get_by_role("listitem").filter(has_text=VETO_WARNING)).to_be_visible()
    expect(one_vote).not_to_contain_text("alone can block")
    expect(one_vote.get_by_role("listitem")).to_have_count(0)
    # One row per member: sector, seats, resources delivered, then each rule's columns
    # (one member, one vote: Banzhaf, Shapley–Shubik; weighted: weight, Banzhaf, S–S).
    funder = table.get_by_role("row").filter(has_text="Harambee Fund")
    cells = funder.get_by_role("cell")
    expect(cells.nth(1)).to_have_text("25.0%")  # one seat of four
    expect(cells.nth(3)).to_have_text("25.0%")  # Banzhaf under one member, one vote
    expect(cells.nth(5)).to_have_text("50.0%")  # its weight
    expect(cells.nth(6)).to_contain_text("can block alone")
    expect(cells.nth(3)).not_to_contain_text("can block alone")

    # A phone: the page does not scroll sideways; the wide table scrolls in its own box.
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

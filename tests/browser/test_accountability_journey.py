"""An action item that follows a decision becomes overdue and reminds its owner, who marks it
done; a benefit is recorded and the mutual-benefit chart changes; the pages fit a 360 px
phone."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accord.decisions import services as decision_services
from accord.partners import services as partner_services
from accord.partnerships import services
from accord.resources import services as resource_services
from accord.results.models import ActionItem
from tests.browser.test_membership_journey import sign_in, sign_out
from tests.conftest import ensure_reference_data, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _lake():
    ensure_reference_data()
    amina = make_user("amina@county.test", "Amina Otieno")
    nadia = make_user("nadia@fund.test", "Nadia Fund")
    baraka = make_user("baraka@coop.test", "Baraka Ouma")
    county = partner_services.organization_create(
        actor=amina, name="Kivuli County", sector="public", capacity="large"
    )
    fund = partner_services.organization_create(
        actor=nadia, name="Harambee Fund", sector="philanthropic", capacity="large"
    )
    coop = partner_services.organization_create(
        actor=baraka, name="Kivuli Fisherfolk", sector="community", capacity="small"
    )
    lake = services.partnership_create(
        actor=amina,
        lead_organization=county,
        name="Lake Kivuli",
        purpose="A living lake",
        type="co_management",
        modality="government_initiated",
        reporting_currency="KES",
    )
    for org, rep in ((fund, nadia), (coop, baraka)):
        m = services.membership_invite(actor=amina, partnership=lake, organization=org)
        services.membership_respond(actor=rep, membership=m, accept=True)
        services.membership_decide(actor=amina, membership=m, admit=True)
    return lake, {"amina": amina, "nadia": nadia, "baraka": baraka}, {"fund": fund, "coop": coop}


def test_an_action_item_from_a_decision_becomes_overdue_and_reminds_its_owner(
    page: Page, live_server
):
    from accord.results.tasks import action_item_remind_overdue

    base = live_server.url
    lake, people, _orgs = _lake()
    amina = people["amina"]
    proposal = decision_services.proposal_create(
        actor=amina, partnership=lake, title="Close the north bay to nets", body="Two seasons."
    )
    decision_services.proposal_advance(actor=amina, proposal=proposal)
    closes_at = timezone.now() + timedelta(hours=1)
    decision_services.proposal_advance(actor=amina, proposal=proposal, closes_at=closes_at)
    decision_services.ballot_cast(actor=people["baraka"], proposal=proposal, choice="yes")
    decision_services.proposal_close(
        actor=None, proposal=proposal, now=closes_at + timedelta(seconds=1)
    )

    # The coordinator gives the follow-up to Baraka, from the decision.
    sign_in(page, base, amina.email)
    page.goto(f"{base}/p/{lake.slug}/results/action-items/")
    page.get_by_label("Title").fill("Mark the closed zone with buoys")
    page.get_by_label("Owner").select_option(label="Baraka Ouma — Kivuli Fisherfolk")
    page.get_by_label("Due").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    page.get_by_label("Follows from the decision").select_option(
        label="Close the north bay to nets"
    )
    page.get_by_role("button", name="Give").click()
    expect(page.get_by_text("Action item given; its owner is told.")).to_be_visible()
    sign_out(page)

    # The due date passes; the worker runs the overdue reminder (once).
    item = ActionItem.objects.get()
    ActionItem.objects.filter(pk=item.pk).update(
        due_on=timezone.localdate() - timedelta(days=2),
        created_at=timezone.now() - timedelta(days=10),
    )
    assert action_item_remind_overdue.call(item.pk) == "reminded"
    assert action_item_remind_overdue.call(item.pk) == "nothing"

    # Baraka reads the reminder and marks the item done.
    sign_in(page, base, people["baraka"].email)
    page.goto(f"{base}/notifications/")
    expect(page.get_by_text("Overdue: “Mark the closed zone with buoys”")).to_have_count(1)
    page.goto(f"{base}/p/{lake.slug}/results/action-items/")
    row = page.get_by_role("row", name="Mark the closed zone with buoys")
    expect(row.get_by_text("overdue")).to_be_visible()
    row.get_by_role("link", name="Mark the closed zone with buoys").click()
    expect(page.get_by_role("link", name="Close the north bay to nets")).to_be_visible()
    page.get_by_label("What was done").fill("Twelve buoys placed on Monday")
    page.get_by_role("button", name="Mark done").click()
    expect(page.get_by_text("Marked done.")).to_be_visible()
    expect(page.get_by_text("Twelve buoys placed on Monday")).to_be_visible()


def test_a_benefit_changes_the_mutual_benefit_chart_and_pages_fit_a_phone(page: Page, live_server):
    base = live_server.url
    lake, people, orgs = _lake()
    resource_services.exchange_rate_add(
        actor=people["amina"],
        partnership=lake,
        currency_code="EUR",
        valid_on=date(2025, 1, 1),
        to_reporting=Decimal("140"),
    )
    resource_services.ledger_entry_post(
        actor=people["nadia"],
        partnership=lake,
        type="3",
        value="5000",
        currency_code="EUR",
        value_date=date(2025, 3, 20),
        provider=orgs["fund"],
        receiver=orgs["coop"],
    )
    summary_url = f"{base}/p/{lake.slug}/results/benefits/summary/"
    chart = "svg[aria-labelledby^='mutual-benefit']"

    sign_in(page, base, people["baraka"].email)
    page.goto(summary_url)
    expect(page.locator(f"{chart} desc")).to_contain_text(
        "Kivuli Fisherfolk: 0% of the resources contributed, — of the benefits received"
    )

    # The fisherfolk record an institutional benefit: a seat on the county's water board.
    page.goto(f"{base}/p/{lake.slug}/results/benefits/")
    page.get_by_label("Who gained").select_option(label="Kivuli Fisherfolk")
    page.get_by_label("Level").select_option("institutional")
    page.get_by_label("Kind").select_option("policy")
    page.get_by_label("What was gained").fill("A seat on the county's water board")
    page.get_by_label("Received on").fill("2025-06-01")
    page.get_by_label("The charter expected it").check()
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_text("Benefit recorded.")).to_be_visible()

    page.goto(summary_url)
    expect(page.locator(f"{chart} desc")).to_contain_text(
        "Kivuli Fisherfolk: 0% of the resources contributed, 100% of the benefits received"
    )

    # On a 360 px phone, wide tables scroll in their box and the page does not.
    page.set_viewport_size({"width": 360, "height": 740})
    for path in (
        "benefits/summary/",
        "benefits/",
        "commitments/",
        "action-items/",
        "accountability/",
    ):
        page.goto(f"{base}/p/{lake.slug}/results/{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (path, width)

"""Participation journeys in Chromium (run with ``pytest -m browser tests/participation``):
community participants name and support issues and the bridging order differs from the
plain count, with the page saying why; a budget round voted with JavaScript off, a paper
ballot entered by a facilitator, and the results by Equal Shares with each group's share."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from accord.participation import services
from accord.participation.models import BudgetBallot, Phase
from tests.browser.conftest import browser_type_launch_args  # noqa: F401 - Debian's Chromium
from tests.browser.test_membership_journey import sign_in, sign_out
from tests.conftest import build_world, make_user
from tests.participation.conftest import advance_to, budget_round, fund_pool, issues_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_issues_named_supported_and_ranked_across_groups(page: Page, live_server):
    world = build_world()
    base = live_server.url
    round_ = advance_to(world, issues_round(world), Phase.COLLECT)
    round_url = f"{base}/p/{world.partnership.slug}/participation/{round_.pk}/"
    sign_in(page, base, "resident@community.test")
    page.goto(round_url)
    page.locator("#id_title").fill("The nursery needs a water tank")
    page.locator("#id_text").fill("Seedlings die in the dry months.")
    page.get_by_role("button", name="Submit the issue").click()
    expect(page.get_by_text("your issue is listed")).to_be_visible()
    services.issue_submit(
        actor=world.users["small_representative"], round_=round_, title="Nets in the bays", text="x"
    )
    advance_to(world, round_, Phase.VOTE)
    # four more community participants back the nets issue; one person per group the tank
    from accord.partnerships import services as partnership_services

    for k in range(4):
        person = make_user(f"fisher{k}@lake.test")
        partnership_services.participant_add(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            email=person.email,
            role="community",
        )
        services.issue_support(
            actor=person, round_=round_, issue=round_.issues.get(title="Nets in the bays")
        )
    for role in ("staff", "small_representative"):
        services.issue_support(
            actor=world.users[role],
            round_=round_,
            issue=round_.issues.get(title="The nursery needs a water tank"),
        )
    page.goto(round_url)
    tank = round_.issues.get(title="The nursery needs a water tank")
    page.locator(f"#issue-{tank.pk}").get_by_role("button", name="Support").click()
    expect(page.get_by_text("Your support is counted.")).to_be_visible()
    expect(page.get_by_text("The two orders differ:")).to_be_visible()
    ranked = page.locator("ol.issues > li h4")
    expect(ranked.first).to_have_text("The nursery needs a water tank")
    plain = page.locator("#plain-h + ol li").first
    expect(plain).to_contain_text("Nets in the bays")
    sign_out(page)


def test_a_budget_round_voted_without_javascript_on_paper_and_decided_by_equal_shares(
    browser: Browser, page: Page, live_server
):
    world = build_world()
    base = live_server.url
    fund_pool(world)
    round_ = advance_to(world, budget_round(world, budget="900"), Phase.COLLECT)
    for title in ("Town lights", "Market road", "Cold storage"):
        project = services.project_propose(
            actor=world.users["coordinator"],
            round_=round_,
            title=title,
            cost="450",
            owner=world.orgs["coop"],
        )
        services.project_review(actor=world.users["coordinator"], project=project, feasible=True)
    advance_to(world, round_, Phase.VOTE)
    services.facilitator_add(
        actor=world.users["coordinator"], round_=round_, user=world.users["observer"]
    )
    round_url = f"{base}/p/{world.partnership.slug}/participation/{round_.pk}/"

    # the same round voted with JavaScript off
    context = browser.new_context(java_script_enabled=False)
    no_js = context.new_page()
    sign_in(no_js, base, "staff@foundation.test")
    no_js.goto(round_url + "ballot/")
    no_js.get_by_label("Town lights — 450.00 USD").check()
    no_js.get_by_label("Market road — 450.00 USD").check()
    no_js.get_by_role("button", name="Cast my ballot").click()
    expect(no_js.get_by_text("Your ballot is recorded. Thank you for voting.")).to_be_visible()
    context.close()

    # a facilitator enters a paper ballot for a fisher with no account
    sign_in(page, base, "observer@press.test")
    page.goto(round_url + "paper/")
    page.locator("#id_name").fill("Mama Achieng")
    page.locator("#id_group").select_option("individuals")
    page.get_by_label("Cold storage — 450.00 USD").check()
    page.get_by_role("button", name="Enter the ballot").click()
    expect(page.get_by_text("Paper ballot entered.")).to_be_visible()
    expect(page.get_by_role("cell", name="Mama Achieng paper")).to_be_visible()
    assert BudgetBallot.objects.filter(channel="paper").count() == 1
    sign_out(page)

    sign_in(page, base, "coord@county.test")
    page.goto(round_url)
    page.get_by_role("button", name="End the “Vote” phase now").click()
    page.goto(round_url + "results/")
    expect(
        page.get_by_role("heading", name="How much of the budget each group's voters decided")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="Community participants")).to_be_visible()
    expect(page.locator("#won-h + div")).to_contain_text("Cold storage")
    expect(page.get_by_text("each of its supporters paid at most").first).to_be_visible()

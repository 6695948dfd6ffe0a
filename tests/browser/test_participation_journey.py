"""Participation journeys in Chromium (``pytest -m browser tests/browser/test_participation_journey.py``):

- community participants name and support issues and the bridging order differs from the
  plain count, with the page saying why;
- a budget round from projects to results by Equal Shares, showing the fisherfolk's share
  of the budget decided (and greedy's none), the winners then funded;
- a facilitator prints the ballot and enters paper ballots (a second for the same person is
  refused), marked as paper in the round and its results;
- the same kinds of round taken part in with JavaScript off: an issue named and supported,
  statements voted one at a time, a budget ballot cast and printed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from accord.participation import services
from accord.participation.models import BudgetBallot, Phase
from tests.browser.conftest import browser_type_launch_args  # noqa: F401 - Debian's Chromium
from tests.browser.test_membership_journey import sign_in, sign_out
from tests.conftest import build_world, make_user
from tests.participation.conftest import (
    advance_to,
    budget_round,
    fund_pool,
    issues_round,
    opinions_round,
)

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


def _budget_in_vote(world, *, facilitator=None):
    """A budget round of 900 from the pool, voting on three projects of 450 each."""
    fund_pool(world)
    round_ = advance_to(world, budget_round(world, budget="900"), Phase.COLLECT)
    for title, owner in (("Town lights", "county"), ("Market road", "county")):
        project = services.project_propose(
            actor=world.users["coordinator"],
            round_=round_,
            title=title,
            cost="450",
            owner=world.orgs[owner],
        )
        services.project_review(actor=world.users["coordinator"], project=project, feasible=True)
    project = services.project_propose(
        actor=world.users["coordinator"],
        round_=round_,
        title="Cold storage",
        cost="450",
        owner=world.orgs["coop"],
    )
    services.project_review(actor=world.users["coordinator"], project=project, feasible=True)
    advance_to(world, round_, Phase.VOTE)
    if facilitator:
        services.facilitator_add(
            actor=world.users["coordinator"], round_=round_, user=world.users[facilitator]
        )
    return round_


def _vote(page: Page, round_url: str, *titles: str) -> None:
    page.goto(round_url + "ballot/")
    for title in titles:
        page.get_by_label(f"{title} — 450.00 USD").check()
    page.get_by_role("button", name="Cast my ballot").click()
    expect(page.get_by_text("Your ballot is recorded. Thank you for voting.")).to_be_visible()


def test_a_budget_round_from_projects_to_results_by_equal_shares(page: Page, live_server):
    """The coordinator proposes and reviews the projects and runs the phases; the town's
    three voters back the lights and the road, the two fisherfolk the cold storage. Greedy
    would spend everything on the town's two projects; Equal Shares buys the cold storage
    with the fisherfolk's shares, and the page shows the fisherfolk decided half."""
    world = build_world()
    base = live_server.url
    fund_pool(world)
    round_ = advance_to(world, budget_round(world, budget="900"), Phase.COLLECT)
    round_url = f"{base}/p/{world.partnership.slug}/participation/{round_.pk}/"

    sign_in(page, base, "coord@county.test")
    page.goto(round_url)
    for title, owner in (
        ("Town lights", "County"),
        ("Market road", "County"),
        ("Cold storage", "Fisher Coop"),
        ("Helipad", "County"),
    ):
        page.locator("#id_title").fill(title)
        page.get_by_label("Cost").fill("450")
        page.get_by_label("Member organization that would carry it out").select_option(label=owner)
        page.get_by_role("button", name="Propose").click()
        expect(page.get_by_role("cell", name=title)).to_be_visible()
    for title in ("Town lights", "Market road", "Cold storage"):
        page.get_by_role("row", name=title).get_by_role(
            "button", name="Feasible", exact=True
        ).click()
        expect(page.get_by_role("row", name=title)).to_contain_text("Feasible: on the ballot")
    helipad = page.get_by_role("row", name="Helipad")
    helipad.get_by_role("textbox").fill("No landing permit near the wetland.")
    helipad.get_by_role("button", name="Not feasible", exact=True).click()
    expect(page.get_by_role("row", name="Helipad")).to_contain_text(
        "No landing permit near the wetland."
    )
    page.get_by_role("button", name="End the “Collect” phase now").click()
    page.get_by_role("button", name="End the “Review” phase now").click()
    expect(page.get_by_role("link", name="Vote", exact=True)).to_be_visible()
    _vote(page, round_url, "Town lights", "Market road")
    sign_out(page)

    for email, titles in (
        ("rep@foundation.test", ("Town lights", "Market road")),
        ("staff@foundation.test", ("Town lights", "Market road")),
        ("rep@coop.test", ("Cold storage",)),
        ("resident@community.test", ("Cold storage",)),
    ):
        sign_in(page, base, email)
        _vote(page, round_url, *titles)
        sign_out(page)

    sign_in(page, base, "coord@county.test")
    page.goto(round_url)
    page.get_by_role("button", name="End the “Vote” phase now").click()
    page.get_by_role("link", name="See the results").click()
    expect(page.get_by_text("Decided by the Method of Equal Shares", exact=False)).to_be_visible()
    won = page.locator("#won-h + div")
    expect(won).to_contain_text("Cold storage")
    expect(won).to_contain_text("Town lights")
    expect(won).to_contain_text("each of its supporters paid at most")
    lost = page.locator("#lost-h + div")
    expect(lost).to_contain_text("Market road")
    expect(lost).to_contain_text("chosen under")
    # the fisherfolk: the Fisher Coop (community organizations) and the community
    # participants, each 1 of 5 voters, each decided a quarter of the budget; greedy none
    for group in ("Community organizations", "Community participants"):
        row = page.get_by_role("row", name=group)
        expect(row).to_contain_text("1 (20 %)")
        expect(row).to_contain_text("225.00 (25 %)")
        expect(row).to_contain_text("0.00 (0 %)")
    page.get_by_role("button", name="Add the winners to the workplan").click()
    expect(
        page.get_by_text("The winning projects are in the workplan, with their pledges")
    ).to_be_visible()
    expect(page.locator("#won-h + div")).to_contain_text("in the workplan")
    sign_out(page)


def test_a_facilitator_prints_the_ballot_and_enters_paper_ballots(page: Page, live_server):
    world = build_world()
    base = live_server.url
    round_ = _budget_in_vote(world)
    round_url = f"{base}/p/{world.partnership.slug}/participation/{round_.pk}/"

    sign_in(page, base, "coord@county.test")
    page.goto(round_url)
    page.get_by_label("Facilitator's email").fill("observer@press.test")
    page.get_by_role("button", name="Add facilitator").click()
    expect(page.get_by_text("Otto Observer")).to_be_visible()
    sign_out(page)

    sign_in(page, base, "observer@press.test")
    page.goto(round_url)
    page.get_by_role("link", name="Enter paper ballots").click()
    # the printable ballot: every project with a box to tick, and the print stylesheet
    page.goto(round_url + "ballot/print/")
    ballot = page.locator("article.paper-ballot")
    for title in ("Town lights", "Market road", "Cold storage"):
        expect(ballot).to_contain_text(title)
    expect(ballot).to_contain_text("Tick the projects you support")
    page.emulate_media(media="print")
    expect(page.locator(".screen-only")).to_be_hidden()
    page.emulate_media(media="screen")

    page.goto(round_url + "paper/")
    page.locator("#id_name").fill("Mama Achieng")
    page.locator("#id_group").select_option("individuals")
    page.get_by_label("Cold storage — 450.00 USD").check()
    page.get_by_role("button", name="Enter the ballot").click()
    expect(page.get_by_text("Paper ballot entered.")).to_be_visible()
    expect(page.get_by_role("cell", name="Mama Achieng paper")).to_be_visible()
    # the same person twice: refused, nothing entered
    page.locator("#id_name").fill("Mama Achieng")
    page.locator("#id_group").select_option("individuals")
    page.get_by_label("Town lights — 450.00 USD").check()
    page.get_by_role("button", name="Enter the ballot").click()
    expect(page.get_by_text("Mama Achieng has voted in this round already.")).to_be_visible()
    assert BudgetBallot.objects.filter(channel="paper").count() == 1
    sign_out(page)

    sign_in(page, base, "coord@county.test")
    page.goto(round_url)
    expect(page.get_by_text("1 ballots, 1 of them on paper.")).to_be_visible()
    page.get_by_role("button", name="End the “Vote” phase now").click()
    page.goto(round_url + "results/")
    expect(page.get_by_text("from 1 ballots (1 on paper)", exact=False)).to_be_visible()
    expect(page.locator("#won-h + div")).to_contain_text("Cold storage")
    sign_out(page)


def test_the_same_rounds_taken_part_in_with_javascript_off(browser: Browser, live_server):
    """Naming and supporting an issue, voting on statements one at a time, casting a
    budget ballot and printing it: every form works with JavaScript off."""
    world = build_world()
    base = live_server.url
    issues = advance_to(world, issues_round(world), Phase.COLLECT)
    opinions = advance_to(world, opinions_round(world), Phase.COLLECT)
    for text in ("Close the bay in May.", "Fund patrols by fishers."):
        services.statement_add(actor=world.users["coordinator"], round_=opinions, text=text)
    budget = _budget_in_vote(world)
    slug = world.partnership.slug
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base, "resident@community.test")

    page.goto(f"{base}/p/{slug}/participation/{issues.pk}/")
    page.locator("#id_title").fill("The landing floods")
    page.locator("#id_text").fill("Boats cannot land in the rains.")
    page.get_by_role("button", name="Submit the issue").click()
    expect(page.get_by_text("your issue is listed")).to_be_visible()
    advance_to(world, issues, Phase.VOTE)
    page.goto(f"{base}/p/{slug}/participation/{issues.pk}/")
    page.get_by_role("button", name="Support").click()
    expect(page.get_by_text("Your support is counted.")).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw my support")).to_be_visible()

    page.goto(f"{base}/p/{slug}/participation/{opinions.pk}/")
    expect(page.get_by_text("Close the bay in May.").first).to_be_visible()
    page.get_by_role("button", name="Agree", exact=True).click()
    expect(page.locator("#vote")).to_contain_text("Fund patrols by fishers.")
    page.get_by_role("button", name="Disagree").click()
    expect(page.get_by_text("You have voted on every statement. Thank you.")).to_be_visible()

    _vote(page, f"{base}/p/{slug}/participation/{budget.pk}/", "Cold storage")
    page.goto(f"{base}/p/{slug}/participation/{budget.pk}/ballot/print/")
    expect(page.locator("article.paper-ballot")).to_contain_text("Cold storage")
    context.close()
    assert BudgetBallot.objects.filter(round=budget, channel="online").count() == 1

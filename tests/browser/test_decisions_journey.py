"""A coordinator drafts a proposal decided by concurrent majority by sector and opens the
debate and the vote; the public, private and community members comment and vote; most
members say yes but the community sector says no, so the proposal fails and its page
says which sector's majority was missing, as the members' notifications do."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accord.decisions import services as decisions
from accord.partners import services as partner_services
from accord.partnerships import services
from tests.browser.test_membership_journey import sign_in, sign_out
from tests.conftest import ensure_reference_data, make_user

pytestmark = pytest.mark.django_db(transaction=True)

#: (person, organization, sector, stance, comment, ballot)
MEMBERS = [
    ("wanjiru@water.test", "Water Authority", "public", "Support", "Good for the water.", "Yes"),
    ("peter@flowers.test", "Flower Farms", "private", "Support", "We can fund patrols.", "Yes"),
    (
        "baraka@fisherfolk.test",
        "Fisherfolk Coop",
        "community",
        "Objection",
        "Three months without income.",
        "No",
    ),
    ("mary@maji.test", "Maji Women's Group", "community", "Concern", "Who pays traders?", "No"),
]


def test_community_sector_blocks_a_majority_proposal(page: Page, live_server):
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
    for email, org_name, sector, *_ in MEMBERS:
        rep = make_user(email, email.split("@")[0].title())
        org = partner_services.organization_create(
            actor=rep, name=org_name, sector=sector, capacity="small"
        )
        membership = services.membership_invite(actor=amina, partnership=lake, organization=org)
        services.membership_respond(actor=rep, membership=membership, accept=True)
        services.membership_decide(actor=amina, membership=membership, admit=True)
    concurrent = decisions.rule_create(
        actor=amina,
        partnership=lake,
        name="Concurrent majority by sector",
        preset="concurrent_majority_by_sector",
    )
    decisions.rule_assign(actor=amina, partnership=lake, kind="general", rule=concurrent)

    # The coordinator drafts the proposal, opens the debate, then the vote.
    sign_in(page, base, amina.email)
    page.goto(f"{base}/p/{lake.slug}/decisions/")
    page.get_by_label("Title:", exact=True).fill("Close the breeding grounds for three months")
    page.get_by_label("Body").fill("No nets in the three breeding bays from March to May.")
    page.get_by_role("button", name="Draft", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Proposal drafted.")
    proposal_url = page.url
    page.get_by_role("button", name="Open deliberation").click()
    expect(page.get_by_role("status")).to_contain_text("Proposal moved on.")
    closes_at = timezone.localtime(timezone.now() + timedelta(days=2))
    page.get_by_label("Voting closes at").fill(closes_at.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Open voting").click()
    expect(page.get_by_role("status")).to_contain_text("Proposal moved on.")
    expect(page.get_by_text("Decided by Concurrent majority by sector")).to_be_visible()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Cast ballot").click()
    expect(page.get_by_role("status")).to_contain_text("Your ballot is recorded")
    sign_out(page)

    # Each member's representative says what they think, then votes.
    for email, _, _, stance, comment, ballot in MEMBERS:
        sign_in(page, base, email)
        page.goto(proposal_url)
        page.get_by_label("Stance").select_option(label=stance)
        page.get_by_label("Comment").fill(comment)
        page.get_by_role("button", name="Comment", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("Comment added.")
        expect(page.locator("article.comment").last).to_contain_text(comment)
        page.get_by_label(ballot, exact=True).check()
        page.get_by_role("button", name="Cast ballot").click()
        expect(page.get_by_role("status")).to_contain_text("Your ballot is recorded")
        sign_out(page)

    # Everyone voted: the coordinator closes early, and the proposal fails.
    sign_in(page, base, amina.email)
    page.goto(proposal_url)
    page.get_by_label("Rationale").fill("The community sector is not on board.")
    page.get_by_label(re.compile("I understand closing the vote decides")).check()
    page.get_by_role("button", name="Close and decide").click()
    expect(page.get_by_role("status")).to_contain_text("Voting closed; the decision is recorded.")
    decision = page.get_by_role("region", name="Decision: Rejected")
    expect(decision).to_contain_text(
        "Majority overall (3 yes against 2 no) but not in group 'Community' (0 yes against 2 no)."
    )
    community = decision.get_by_role("row").filter(has_text="community")
    expect(community.get_by_role("cell")).to_have_text(["Community", "2", "0", "2", "0", "0", "0"])
    expect(decision).to_contain_text("Rationale: The community sector is not on board.")
    sign_out(page)

    # A community member finds the outcome in her notifications and follows it back.
    sign_in(page, base, "mary@maji.test")
    page.get_by_role("link", name=re.compile(r"^Notifications")).click()
    feed = page.locator(".feed")
    expect(feed).to_contain_text("New proposal in Lake Kivuli")
    expect(feed).to_contain_text("Voting is open on")
    outcome = feed.get_by_role(
        "link", name=re.compile(r"^Decision on .Close the breeding grounds.* rejected\. ")
    )
    expect(outcome).to_contain_text("but not in group 'Community'")
    outcome.click()
    expect(page).to_have_url(proposal_url)
    expect(page.get_by_role("heading", name="Decision: Rejected")).to_be_visible()

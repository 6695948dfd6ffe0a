"""The indigenous peoples of the basin block a ranked decision that affects their land
(issue 16, item 3): the coordinator names the group, drafts a ranked choice that affects
it, the group's member ranks and withholds its consent with a reason, and the decision
card says the most supported alternative is blocked, and why; the public reads it in the
partnership's decision log, on a phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accord.decisions import services as decisions
from accord.decisions.models import Proposal
from accord.partners import services as partner_services
from accord.partnerships import services
from tests.browser.test_membership_journey import sign_in, sign_out
from tests.conftest import ensure_reference_data, make_user

pytestmark = pytest.mark.django_db(transaction=True)

MEMBERS = [
    ("wanjiru@water.test", "Water Authority", "public"),
    ("peter@flowers.test", "Flower Farms", "private"),
    ("lemayian@council.test", "Basin Indigenous Council", "community"),
]
DAM = "Dam on the upper river"


def test_indigenous_group_blocks_a_ranked_decision(page: Page, live_server):
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
        visibility="public",
    )
    reps = {}
    for email, org_name, sector in MEMBERS:
        rep = make_user(email, email.split("@")[0].title())
        org = partner_services.organization_create(
            actor=rep, name=org_name, sector=sector, capacity="small"
        )
        membership = services.membership_invite(actor=amina, partnership=lake, organization=org)
        services.membership_respond(actor=rep, membership=membership, accept=True)
        services.membership_decide(actor=amina, membership=membership, admit=True)
        reps[org_name] = (rep, org)
    ranked = decisions.rule_create(
        actor=amina, partnership=lake, name="Ranked choice", preset="ranked_schulze"
    )
    decisions.rule_assign(actor=amina, partnership=lake, kind="general", rule=ranked)

    # The coordinator names the group, on the groups page.
    sign_in(page, base, amina.email)
    page.goto(f"{base}/p/{lake.slug}/groups/")
    page.get_by_label("Name").fill("Indigenous peoples of the basin")
    page.get_by_label("Basin Indigenous Council").check()
    page.get_by_role("button", name="Create the group").click()
    expect(page.get_by_role("status")).to_contain_text("Group created.")

    # She drafts the choice, naming the group it affects, and opens the vote.
    page.goto(f"{base}/p/{lake.slug}/decisions/")
    page.get_by_label("Title:", exact=True).fill("Where the water fund goes")
    page.get_by_label("Indigenous peoples of the basin").check()
    page.get_by_role("button", name="Draft", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Proposal drafted.")
    proposal_url = page.url
    for name in (DAM, "Hatchery", "Mangroves"):
        page.get_by_label("New alternative").fill(name)
        page.get_by_role("button", name="Add alternative").click()
        expect(page.get_by_role("status")).to_contain_text("Alternative added.")
    expect(
        page.get_by_text("Affects, and needs the consent of: Indigenous peoples of the basin.")
    ).to_be_visible()
    page.get_by_role("button", name="Open deliberation").click()
    closes_at = timezone.localtime(timezone.now() + timedelta(days=2))
    page.get_by_label("Voting closes at").fill(closes_at.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Open voting").click()
    expect(page.get_by_role("status")).to_contain_text("Proposal moved on.")
    sign_out(page)

    # The others prefer the dam.
    proposal = Proposal.objects.get(title="Where the water fund goes")
    ids = {a["name"]: a["id"] for a in proposal.rule_snapshot["alternatives"]}
    order = [ids[DAM], ids["Hatchery"], ids["Mangroves"]]
    decisions.ballot_cast(actor=amina, proposal=proposal, organization=county, ranking=order)
    for org_name in ("Water Authority", "Flower Farms"):
        rep, org = reps[org_name]
        decisions.ballot_cast(actor=rep, proposal=proposal, organization=org, ranking=order)

    # The council ranks the dam last and withholds its consent, with its reason.
    sign_in(page, base, "lemayian@council.test")
    page.goto(proposal_url)
    page.get_by_label("Rank of “Mangroves”").select_option("1")
    page.get_by_label("Rank of “Hatchery”").select_option("2")
    page.get_by_label(f"Rank of “{DAM}”").select_option("3")
    page.get_by_label("Withhold my consent").check()
    page.get_by_label("Why you withhold consent").fill("The dam floods our ancestral land.")
    page.get_by_role("button", name="Cast ballot").click()
    expect(page.get_by_role("status")).to_contain_text("Your ballot is recorded")
    sign_out(page)

    # Everyone voted: the coordinator closes, and the decision is blocked.
    sign_in(page, base, amina.email)
    page.goto(proposal_url)
    page.get_by_label(
        "I understand closing the vote decides the proposal; it cannot be undone."
    ).check()
    page.get_by_role("button", name="Close and decide").click()
    expect(page.get_by_role("status")).to_contain_text("Voting closed; the decision is recorded.")
    card = page.get_by_role("region", name="Decision: Rejected")
    expect(card).to_contain_text(
        f"“{DAM}” would be chosen, but the group 'Indigenous peoples of the basin' withholds "
        "its consent (1 of its 1 members who voted withhold it): “The dam floods our ancestral land.”"
    )
    expect(card).to_contain_text("Most supported, but blocked:")
    row = card.get_by_role("row").filter(has_text="Indigenous peoples of the basin")
    expect(row).to_contain_text("withheld: blocks the decision")
    sign_out(page)

    # The public reads the decision in the log, on a phone.
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{base}/p/{lake.slug}/decisions/log/")
    expect(page.get_by_text("Where the water fund goes")).to_be_visible()
    expect(page.locator("main")).to_contain_text("withholds its consent")
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 360

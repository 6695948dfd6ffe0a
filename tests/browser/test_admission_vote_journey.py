"""Once a partnership has a rule, admitting a member is its members' decision: the
coordinator puts the admission to the vote from the members page, the two members vote,
and the organization becomes a member when the proposal is accepted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accord.decisions import services as decisions
from accord.partners import services as partner_services
from accord.partnerships import services
from accord.partnerships.models import Membership
from tests.browser.test_membership_journey import sign_in, sign_out
from tests.conftest import ensure_reference_data, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_admission_decided_by_the_members(page: Page, live_server):
    base = live_server.url
    ensure_reference_data()
    amina = make_user("amina@county.test", "Amina")
    baraka = make_user("baraka@fisherfolk.test", "Baraka")
    kevin = make_user("kevin@youth.test", "Kevin")
    county = partner_services.organization_create(
        actor=amina, name="Kivuli County", sector="public", capacity="large"
    )
    coop = partner_services.organization_create(
        actor=baraka, name="Fisherfolk Coop", sector="community", capacity="small"
    )
    youth = partner_services.organization_create(
        actor=kevin, name="Lakeside Youth Network", sector="community", capacity="micro"
    )
    lake = services.partnership_create(
        actor=amina,
        lead_organization=county,
        name="Lake Kivuli",
        purpose="Restore the lake together.",
        type="co_management",
        modality="government_initiated",
    )
    membership = services.membership_invite(actor=amina, partnership=lake, organization=coop)
    services.membership_respond(actor=baraka, membership=membership, accept=True)
    services.membership_decide(actor=amina, membership=membership, admit=True)
    majority = decisions.rule_create(
        actor=amina, partnership=lake, name="Simple majority", preset="simple_majority"
    )
    decisions.rule_assign(actor=amina, partnership=lake, kind="general", rule=majority)
    candidate = services.membership_invite(actor=amina, partnership=lake, organization=youth)
    services.membership_respond(actor=kevin, membership=candidate, accept=True)

    # The coordinator cannot admit directly any more: she puts it to the vote.
    sign_in(page, base, amina.email)
    page.goto(f"{base}/p/{lake.slug}/members/")
    expect(page.get_by_role("button", name="Admit", exact=True)).to_have_count(0)
    expect(page.get_by_text("decided by vote under “Simple majority”")).to_be_visible()
    page.get_by_role("button", name="Propose admitting Lakeside Youth Network").click()
    expect(page.get_by_role("status")).to_contain_text("is open for deliberation")
    expect(page.get_by_role("heading", level=2)).to_have_text(
        "Admit Lakeside Youth Network as a member"
    )
    expect(page.get_by_text("What this decides")).to_contain_text(
        "Lakeside Youth Network is admitted as a member"
    )
    proposal_url = page.url
    closes_at = timezone.localtime(timezone.now() + timedelta(days=2))
    page.get_by_label("Voting closes at").fill(closes_at.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Open voting").click()
    expect(page.get_by_role("status")).to_contain_text("Proposal moved on.")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Cast ballot").click()
    expect(page.get_by_role("status")).to_contain_text("Your ballot is recorded")
    page.goto(f"{base}/p/{lake.slug}/members/")
    expect(page.get_by_role("link", name="Being decided by vote (voting)")).to_be_visible()
    sign_out(page)

    sign_in(page, base, baraka.email)
    page.goto(proposal_url)
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Cast ballot").click()
    expect(page.get_by_role("status")).to_contain_text("Your ballot is recorded")
    sign_out(page)

    sign_in(page, base, amina.email)
    page.goto(proposal_url)
    page.get_by_label(
        "I understand closing the vote decides the proposal; it cannot be undone."
    ).check()
    page.get_by_role("button", name="Close and decide").click()
    decision = page.get_by_role("region", name="Decision: Accepted")
    expect(decision).to_contain_text("Effect: Lakeside Youth Network is admitted as a member.")
    page.goto(f"{base}/p/{lake.slug}/members/")
    expect(page.get_by_role("table").first).to_contain_text("Lakeside Youth Network")
    assert Membership.objects.get(pk=candidate.pk).status == "admitted"

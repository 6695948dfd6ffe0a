"""A coordinator schedules a meeting with an agenda, records who came and the minutes,
and records a decision taken in it, which the decision log shows with the meeting; the
pages fit a 360 px phone and the minutes' injected script stays inert."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accord.decisions import services as decision_services
from accord.decisions.models import ProposalStatus
from accord.meetings.models import Invitation, Meeting
from tests.browser.test_accountability_journey import _lake
from tests.browser.test_membership_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_meeting_with_agenda_attendance_and_minutes_records_a_decision(page: Page, live_server):
    base = live_server.url
    lake, people, orgs = _lake()
    amina = people["amina"]
    proposal = decision_services.proposal_create(
        actor=amina, partnership=lake, title="Close the north bay to nets", body="Two seasons."
    )
    decision_services.proposal_advance(actor=amina, proposal=proposal)
    decision_services.proposal_advance(
        actor=amina, proposal=proposal, closes_at=timezone.now() + timedelta(days=2)
    )
    for person, choice in (("amina", "yes"), ("nadia", "yes"), ("baraka", "no")):
        decision_services.ballot_cast(actor=people[person], proposal=proposal, choice=choice)

    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, base, amina.email)
    page.goto(f"{base}/p/{lake.slug}/")
    page.get_by_role("link", name="Meetings").first.click()
    _fits_phone(page)
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Title").fill("Board meeting at the landing")
    page.get_by_label("Date").fill("2026-03-02")
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("12:00")
    page.get_by_label("Time zone").select_option("Africa/Nairobi")
    page.get_by_label("Place").fill("Kivuli landing hall")
    page.get_by_label("Harambee Fund").check()
    page.get_by_label("Kivuli Fisherfolk").check()
    page.get_by_label("Agenda").fill("Welcome\nClosed season")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Board meeting at the landing")
    expect(page.locator("#agenda")).to_contain_text("Closed season")
    expect(page.get_by_text("2026-03-02 10:00")).to_be_visible()
    expect(page.get_by_text("(Africa/Nairobi)").first).to_be_visible()
    _fits_phone(page)
    meeting = Meeting.objects.get()
    assert meeting.starts_at.hour == 7  # stored in UTC

    page.get_by_role("link", name="Record attendance").click()
    page.locator("fieldset", has_text="Harambee Fund").get_by_label("Present").check()
    page.locator("fieldset", has_text="Kivuli Fisherfolk").get_by_label("Absent").check()
    page.get_by_role("button", name="Record attendance").click()
    expect(page.locator("#attendance")).to_contain_text("Absent")

    page.get_by_role("link", name="Write the minutes").click()
    page.get_by_label("Minutes").fill(
        "## Closed season\n\n**Agreed** with one objection.\n\n<script>document.title='x'</script>"
    )
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.locator("#minutes strong")).to_have_text("Agreed")
    assert page.title() != "x"

    page.get_by_text("Record a decision").click()
    page.get_by_label("Proposal decided").select_option(label="Close the north bay to nets")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#decisions")).to_contain_text("Close the north bay to nets")
    _fits_phone(page)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert dict(Invitation.objects.values_list("organization__name", "attendance")) == {
        orgs["fund"].name: "present",
        orgs["coop"].name: "absent",
    }

    page.goto(f"{base}/p/{lake.slug}/decisions/log/")
    expect(page.locator("article").first).to_contain_text(
        "Decided at the meeting “Board meeting at the landing” of 2026-03-02."
    )

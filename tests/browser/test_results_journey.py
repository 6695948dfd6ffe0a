"""Results in Chromium: university staff submit a value with an evidence file, the
coordinator returns it, it is resubmitted, a verifier of another member approves and
locks it; an action item becomes overdue and its owner is reminded; a benefit is recorded
and the mutual-benefit chart changes; the period report's PDF downloads."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accord.partners import services as partner_services
from accord.partnerships import services
from accord.resources import services as resource_services
from accord.results import services as result_services
from accord.results.models import Measurement
from accord.results.services.reminders import action_item_remind_overdue
from tests.browser.test_membership_journey import sign_in, sign_out
from tests.conftest import ensure_reference_data, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _lake():
    ensure_reference_data()
    people = {
        key: make_user(email, name)
        for key, email, name in (
            ("amina", "amina@county.test", "Amina Otieno"),
            ("ruth", "ruth@uni.test", "Ruth Wambui"),
            ("joseph", "joseph@nwra.test", "Joseph Kamau"),
            ("nadia", "nadia@fund.test", "Nadia Haddad"),
            ("baraka", "baraka@coop.test", "Baraka Ouma"),
        )
    }
    orgs = {
        key: partner_services.organization_create(
            actor=people[rep], name=name, sector=sector, capacity=capacity
        )
        for key, rep, name, sector, capacity in (
            ("county", "amina", "Kivuli County", "public", "large"),
            ("uni", "ruth", "Kivuli University", "academic", "medium"),
            ("nwra", "joseph", "Water Authority", "public", "large"),
            ("fund", "nadia", "Harambee Fund", "philanthropic", "large"),
            ("coop", "baraka", "Fisherfolk Cooperative", "community", "small"),
        )
    }
    people["samuel"] = make_user("samuel@uni.test", "Samuel Odhiambo")
    partner_services.affiliation_add(
        actor=people["ruth"], organization=orgs["uni"], email="samuel@uni.test"
    )
    lake = services.partnership_create(
        actor=people["amina"],
        lead_organization=orgs["county"],
        name="Lake Kivuli",
        purpose="Restore the lake.",
        type="co_management",
        modality="government_initiated",
        reporting_currency="KES",
        sdg_targets=["14.4"],
    )
    for key, rep in (("uni", "ruth"), ("nwra", "joseph"), ("fund", "nadia"), ("coop", "baraka")):
        m = services.membership_invite(
            actor=people["amina"], partnership=lake, organization=orgs[key]
        )
        services.membership_respond(actor=people[rep], membership=m, accept=True)
        services.membership_decide(actor=people["amina"], membership=m, admit=True)
    resource_services.ledger_entry_post(
        actor=people["nadia"],
        partnership=lake,
        type="3",
        value=Decimal("500000"),
        currency_code="KES",
        value_date=date(2025, 2, 1),
        provider=orgs["fund"],
        receiver=orgs["coop"],
        note="Patrol boats",
    )
    indicator = result_services.indicator_create(
        actor=people["amina"],
        partnership=lake,
        name="Catch per unit of effort",
        unit="kg per fisher-day",
        decimal_places=1,
        responsible_organization=orgs["uni"],
        reporting_start=date(2025, 1, 1),
        reporting_end=date(2026, 12, 31),
        baseline_value="3.2",
        baseline_date=date(2024, 12, 31),
        sdg_indicator="14.4.1",
    )
    result_services.indicator_targets_set(
        actor=people["amina"],
        indicator=indicator,
        targets=[{"period_start": date(2025, 1, 1), "value": "3.4"}],
    )
    return lake, people, orgs, indicator


def test_results_journey(page: Page, live_server, tmp_path):
    base = live_server.url
    lake, people, _orgs, indicator = _lake()
    results = f"{base}/p/{lake.slug}/results"

    # University staff report a value with a file and submit it.
    sign_in(page, base, "samuel@uni.test")
    page.goto(f"{results}/indicators/{indicator.pk}/")
    page.get_by_role("link", name="Report a value").click()
    page.get_by_label("Period").select_option("2025-01-01")
    page.get_by_label(re.compile(r"^Value")).fill("3.1")
    page.get_by_label("Evidence:", exact=True).fill("Landing-site survey, four beaches")
    page.get_by_label("Evidence file").set_input_files(
        {"name": "survey.csv", "mimeType": "text/csv", "buffer": b"beach,kg\nA,3.0\nB,3.2\n"}
    )
    page.get_by_label("Submit for verification now").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Value saved.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Submitted")
    expect(page.get_by_role("link", name="Evidence file")).to_be_visible()
    measurement_url = page.url
    sign_out(page)

    # The coordinator returns it with a comment.
    sign_in(page, base, "amina@county.test")
    page.goto(measurement_url)
    page.locator("summary", has_text="Return with a comment").click()
    page.get_by_label("What should change").fill("Beach B is 3.3 in the survey sheet.")
    page.get_by_role("button", name="Return to the reporter").click()
    expect(page.get_by_text("Returned to the reporter with your comment.")).to_be_visible()
    sign_out(page)

    # The staff member corrects the value and submits it again.
    sign_in(page, base, "samuel@uni.test")
    page.goto(measurement_url)
    expect(page.locator("p[role=status]")).to_contain_text("Beach B is 3.3 in the survey sheet.")
    page.get_by_label(re.compile(r"^Value")).fill("3.2")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Value saved.")).to_be_visible()
    page.get_by_role("button", name="Submit for verification").click()
    expect(page.get_by_text("Submitted for verification.")).to_be_visible()
    sign_out(page)

    # A verifier of another member approves it, then locks it.
    sign_in(page, base, "joseph@nwra.test")
    page.goto(measurement_url)
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Approved.")
    page.get_by_role("button", name="Lock", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Locked.")
    expect(page.locator("ol.feed")).to_contain_text("Returned with comment")
    sign_out(page)
    measurement = Measurement.objects.get(indicator=indicator)
    assert (measurement.status, measurement.value) == ("locked", Decimal("3.2"))
    assert measurement.evidence_file

    # An action item falls overdue; the task reminds its owner.
    item = result_services.action_item_create(
        actor=people["amina"],
        partnership=lake,
        title="Send the catch data to the county",
        owner=people["samuel"],
        due_on=timezone.localdate() - timedelta(days=3),
        indicator=indicator,
    )
    assert action_item_remind_overdue.call(item.pk) == "reminded"
    sign_in(page, base, "samuel@uni.test")
    page.goto(f"{base}/notifications/")
    expect(page.locator("main")).to_contain_text("Overdue: “Send the catch data to the county”")
    page.goto(f"{results}/action-items/")
    expect(page.locator("tr", has_text="Send the catch data")).to_contain_text("overdue")
    sign_out(page)

    # A benefit is recorded; the mutual-benefit chart changes.
    sign_in(page, base, "baraka@coop.test")
    page.goto(f"{results}/benefits/summary/")
    chart = page.locator("figure svg").first
    before = chart.inner_html()
    assert "Fisherfolk Cooperative: 0% of the resources contributed, — of the benefits" in before
    page.goto(f"{results}/benefits/")
    page.get_by_label("Who gained").select_option(label="Fisherfolk Cooperative")
    page.get_by_label("Level").select_option("institutional")
    page.get_by_label("Kind").select_option("policy")
    page.get_by_label("What was gained").fill("A seat on the county's water board")
    page.get_by_label("Received on").fill((timezone.localdate() - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_text("Benefit recorded.")).to_be_visible()
    page.goto(f"{results}/benefits/summary/")
    after = page.locator("figure svg").first.inner_html()
    assert after != before
    assert "Fisherfolk Cooperative: 0% of the resources contributed, 100% of the benefits" in after
    sign_out(page)

    # The coordinator downloads the period report as PDF.
    sign_in(page, base, "amina@county.test")
    page.goto(f"{results}/report/?period=2025-Q1")
    expect(
        page.get_by_role("heading", level=1, name=re.compile("partnership report"))
    ).to_be_visible()
    expect(page.locator(".report-indicator")).to_contain_text("3.2")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"{lake.slug}-report-2025-Q1.pdf"
    target = tmp_path / "report.pdf"
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")

"""The partnership report per period: its sections for insiders and for the public, the
cache per partnership version, bounded queries, the page, the PDF, the API, and the late
reports on the partnership home."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.errors import Invalid
from accord.results import selectors, services
from accord.results.selectors.report import report_period_choices
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.results.accountability import (
    INSIDERS,
    action_item_for,
    benefit_for,
    commitment_for,
    decided_proposal,
    fund,
    login,
)
from tests.results.conftest import Q2, indicator_for, submitted

pytestmark = pytest.mark.django_db


def _this_year() -> str:
    return str(timezone.localdate().year)


@pytest.fixture
def story(world, indicator):
    """Q1 2025 locked (12 against a target of 15), Q2 submitted, 5,000 EUR delivered in
    Q1, a commitment, an action item, a benefit in Q1 and a decision taken today."""
    locked = submitted(world, indicator)
    services.measurement_approve(actor=world.users["coordinator"], measurement=locked, lock=True)
    world.locked = locked
    world.pending = submitted(world, indicator, period_start=Q2)
    fund(world)
    world.commitment = commitment_for(world)
    world.item = action_item_for(world)
    world.benefit = benefit_for(world)
    world.proposal = decided_proposal(world)
    return world


def report_of(world, role="coordinator", code="2025-Q1"):
    return selectors.period_report(
        actor=world.user(role), partnership=world.partnership, period=selectors.report_period(code)
    )


# --- periods ------------------------------------------------------------------------------------


def test_periods_are_years_halves_and_quarters():
    today = date(2026, 12, 6)
    q3 = selectors.report_period("2026-q3", today=today)
    assert (q3.code, q3.start, q3.end) == ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30))
    h2 = selectors.report_period("2025-H2", today=today)
    assert (h2.start, h2.end) == (date(2025, 7, 1), date(2025, 12, 31))
    year = selectors.report_period("2024", today=today)
    assert (year.start, year.end) == (date(2024, 1, 1), date(2024, 12, 31))
    q4 = selectors.report_period("2026-Q4", today=today)  # begun, not ended: allowed
    assert q4.end == date(2026, 12, 31)
    assert selectors.default_report_period(today=today).code == "2026-Q3"
    assert selectors.default_report_period(today=date(2026, 2, 1)).code == "2025-Q4"


@pytest.mark.parametrize("code", ["", "2026-Q5", "2026-H3", "26", "2026-M1", "1999", "2027"])
def test_a_period_that_is_not_one_or_has_not_begun_is_refused(code):
    with pytest.raises(Invalid):
        selectors.report_period(code, today=date(2026, 12, 6))


def test_period_choices_start_with_the_partnership_or_its_first_indicator(world):
    indicator_for(world)  # reports from 1 January 2025
    choices = report_period_choices(partnership=world.partnership)
    codes = [p.code for p in choices]
    assert "2025-Q1" in codes and "2025" in codes and "2024-Q4" not in codes
    assert all(p.start <= timezone.localdate() for p in choices)
    assert choices == sorted(choices, key=lambda p: p.end, reverse=True)
    assert selectors.default_report_period() in choices
    # A partnership begun this quarter still offers the last quarter ended, its default.
    fresh = report_period_choices(partnership=world.other_partnership)
    assert selectors.default_report_period() in fresh


# --- what the report says -----------------------------------------------------------------------


def test_the_insiders_report_has_every_section(story):
    report = report_of(story).report
    assert report.audience == "internal" and report.period.code == "2025-Q1"
    assert [m.name for m in report.membership.members] == ["County", "Fisher Coop", "Foundation"]
    assert report.membership.open_invitations == 1  # the youth network
    (trained,) = report.indicators
    (q1,) = trained.periods
    assert (q1.actual, q1.target, q1.meets_target, q1.status) == (12, 15, False, "locked")
    assert [(c.category_label, c.value) for c in q1.cells][:2] == [("Female", 7), ("Male", 5)]
    assert trained.latest_label == "2025-Q1" and trained.sdg_indicator == "6.5.1"
    assert report.indicator_summary.below_target == 1
    partners = {p.name: p for p in report.resources.partners}
    assert partners["Foundation"].delivered_in_period == 700_000  # 5,000 EUR at 140
    assert report.resources.delivered_in_period == 700_000
    assert report.decisions == []  # the decision was taken today, not in 2025
    assert report.commitments.total == 1 and not report.commitments.items[0].due_in_period
    assert report.action_items.open == 1 and report.action_items.items == []
    assert [b.description for b in report.benefits.in_period] == [
        "Twelve fishers trained in data collection"
    ]
    individual = next(level for level in report.benefits.levels if level.level == "individual")
    assert (individual.in_period, individual.to_date) == (1, 1)
    bundle = report_of(story)
    assert len(bundle.charts.indicators) == 1 and "<svg" in bundle.charts.indicators[0]
    assert "<svg" in bundle.charts.mutual and "<svg" in bundle.charts.flow


def test_a_period_shows_the_workflow_to_insiders_and_the_decisions_taken(story):
    report = report_of(story, code="2025-Q2").report
    (q2,) = report.indicators[0].periods
    assert (q2.actual, q2.status) == (None, "submitted")
    this_year = report_of(story, code=_this_year()).report
    assert [d.title for d in this_year.decisions] == ["Close the north bay to nets"]
    assert this_year.decisions[0].explanation


def test_overdue_reports_are_counted_to_the_period(story):
    report = report_of(story, code="2025").report
    labels = [p.label for p in report.indicators[0].periods]
    assert labels == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    assert [p.overdue for p in report.indicators[0].periods] == [False, False, True, True]
    assert report.indicator_summary.overdue == 2


def test_the_public_report_has_verified_values_only(public_world):
    indicator = indicator_for(public_world)
    locked = submitted(public_world, indicator)
    services.measurement_approve(
        actor=public_world.users["coordinator"], measurement=locked, lock=True
    )
    submitted(public_world, indicator, period_start=Q2)
    bundle = report_of(public_world, role="anonymous", code="2025")
    report = bundle.report
    assert report.audience == "public"
    assert [p.status for p in report.indicators[0].periods] == ["locked", "", "", ""]
    assert not any(p.overdue for p in report.indicators[0].periods)
    assert report.resources is None and report.decisions is None
    assert report.commitments is None and report.action_items is None
    assert report.benefits is None
    assert bundle.charts.flow == "" and bundle.charts.mutual == ""


# --- the cache ------------------------------------------------------------------------------------


def test_a_second_render_reads_the_cache_until_the_partnership_changes(story):
    first = report_of(story)
    with CaptureQueriesContext(connection) as queries:
        again = report_of(story)
    assert len(queries) <= 3  # the partnership's version and the actor's roles
    assert again.report == first.report
    services.benefit_record(
        actor=story.users["small_representative"],
        partnership=story.partnership,
        recipient_organization=story.orgs["coop"],
        level="institutional",
        kind="policy",
        description="A seat on the county water board",
        received_on=date(2025, 2, 1),
    )
    changed = report_of(story)
    assert changed.report.version > first.report.version
    assert len(changed.report.benefits.in_period) == 2
    # Insiders and the public never share a cached report.
    public = report_of(story, role="anonymous")
    assert public.cache_key != changed.cache_key and public.report.audience == "public"


def test_the_computation_takes_a_fixed_number_of_queries(world):
    from django.core.cache import cache

    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            report_of(world, code="2025")
        return len(queries)

    one = indicator_for(world, name="One")
    services.measurement_approve(
        actor=world.users["coordinator"], measurement=submitted(world, one), lock=True
    )
    small = count()
    for n in range(4):
        more = indicator_for(world, name=f"More {n}", frequency="monthly")
        for month in (1, 2, 3):
            services.measurement_approve(
                actor=world.users["coordinator"],
                measurement=submitted(world, more, period_start=date(2025, month, 1)),
            )
    assert count() == small


# --- the page, the PDF and the API ----------------------------------------------------------------


def url(name, world, **query):
    path = reverse(f"results:{name}", args=[world.partnership.slug])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("role", ROLES)
def test_the_report_page_is_for_insiders_of_a_members_only_partnership(client, story, role):
    response = login(client, story, role).get(url("report", story, period="2025-Q1"))
    assert response.status_code == (200 if role in INSIDERS else 404)
    if role in INSIDERS:
        html = response.content.decode()
        for heading in (
            "Membership and charter",
            "Resources",
            "Decisions taken",
            "Indicators against targets",
            "Commitments",
            "Action items",
            "Benefits",
        ):
            assert heading in html
        assert "results/report.css" in html and 'class="table-scroll"' in html
        assert "<svg" in html and "Download as PDF" in html
    else:
        assert b"People trained" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_a_public_partnership_reports_to_everyone(client, public_world, role):
    indicator = indicator_for(public_world)
    services.measurement_approve(
        actor=public_world.users["coordinator"],
        measurement=submitted(public_world, indicator),
        lock=True,
    )
    response = login(client, public_world, role).get(url("report", public_world, period="2025"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "People trained" in html and "Indicators against targets" in html
    inside = role in INSIDERS
    assert ("Decisions taken" in html) is inside
    assert ("table=benefits" in html) is inside  # the download links offered


@pytest.mark.parametrize("period", ["2026-Q9", "nonsense", "2999"])
def test_an_unknown_or_future_period_is_a_404(client, story, period):
    response = login(client, story, "coordinator").get(url("report", story, period=period))
    assert response.status_code == 404


def test_the_report_defaults_to_the_last_quarter_ended(client, story):
    response = login(client, story, "observer").get(url("report", story))
    assert response.status_code == 200
    assert response.context["bundle"].report.period == selectors.default_report_period()


def test_the_pdf_is_made_offline_and_cached(client, story, monkeypatch):
    response = login(client, story, "coordinator").get(url("report_pdf", story, period="2025-Q1"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        'filename="' + story.partnership.slug + '-report-2025-Q1.pdf"'
        in (response["Content-Disposition"])
    )

    def fail(*args, **kwargs):
        raise AssertionError("the second download is made again")

    monkeypatch.setattr("weasyprint.HTML.write_pdf", fail)
    again = client.get(url("report_pdf", story, period="2025-Q1"))
    assert again.content == response.content


def test_a_long_report_s_pdf_is_made_by_the_task_worker(client, story, monkeypatch):
    from django.utils import translation
    from django_tasks_db.models import DBTaskResult

    from accord.results.report_pdf import report_pdf_build

    monkeypatch.setattr("accord.results.report_pdf.SYNC_INDICATORS", 0)
    login(client, story, "coordinator")
    waiting = client.get(url("report_pdf", story, period="2025-Q1"))
    assert waiting.status_code == 202
    html = waiting.content.decode()
    assert "is being prepared" in html and 'http-equiv="refresh"' in html
    assert client.get(url("report_pdf", story, period="2025-Q1")).status_code == 202
    api = Api(client, story)
    slug = story.partnership.slug
    pending = api.get("coordinator", f"/partnerships/{slug}/report.pdf?period=2025-Q1")
    assert pending.status_code == 202 and pending["Retry-After"]
    queued = DBTaskResult.objects.filter(task_path__endswith="report_pdf_build")
    assert queued.count() == 1  # asked three times, queued once
    assert queued.get().args_kwargs["args"][:3] == [slug, "2025-Q1", "internal"]
    assert report_pdf_build.call(slug, "2025-Q1", "internal", translation.get_language()) == (
        "ready"
    )
    ready = client.get(url("report_pdf", story, period="2025-Q1"))
    assert ready.status_code == 200 and ready.content.startswith(b"%PDF")
    assert report_pdf_build.call("gone", "2025-Q1", "internal", "en") == "gone"


@pytest.mark.parametrize("role", ["anonymous", "stranger", "outsider"])
def test_the_pdf_of_a_members_only_partnership_is_for_insiders(client, story, role):
    response = login(client, story, role).get(url("report_pdf", story, period="2025-Q1"))
    assert response.status_code == 404


def test_the_report_refuses_to_fetch_anything(story):
    from weasyprint.urls import URLFetcher

    from accord.results.report_pdf import report_html_document

    bundle = report_of(story)
    assert "http" not in report_html_document(bundle).split("<body", 1)[1].replace(
        "http://www.w3.org/2000/svg", ""
    )
    with pytest.raises(ValueError, match="disallowed"):
        URLFetcher(allowed_protocols=("data",)).fetch("http://example.com/x.png")


@pytest.mark.parametrize("role", ROLES)
def test_the_api_report(client, story, role, monkeypatch):
    api = Api(client, story)
    response = api.get(role, f"/partnerships/{story.partnership.slug}/report?period=2025-Q1")
    assert response.status_code == (200 if role in INSIDERS else 404)
    if response.status_code == 200:
        body = response.json()
        assert body["period"]["code"] == "2025-Q1" and body["audience"] == "internal"
        assert body["indicators"][0]["periods"][0]["actual"] == "12.0000"
        assert body["resources"]["delivered_in_period"] == "700000.00"
        assert body["benefits"]["in_period"][0]["level"] == "individual"
        assert "<svg" not in response.content.decode()
    monkeypatch.setattr("accord.results.api.report_pdf_or_queue", lambda bundle: b"%PDF-x")
    pdf = api.get(role, f"/partnerships/{story.partnership.slug}/report.pdf?period=2025-Q1")
    assert pdf.status_code == (200 if role in INSIDERS else 404)


def test_the_api_report_for_the_public_and_bad_periods(client, public_world):
    indicator_for(public_world)
    api = Api(client, public_world)
    slug = public_world.partnership.slug
    body = api.get("anonymous", f"/partnerships/{slug}/report?period=2025").json()
    assert body["audience"] == "public" and body["resources"] is None
    assert body["commitments"] is None and body["benefits"] is None
    assert len(body["indicators"]) == 1
    bad = api.get("coordinator", f"/partnerships/{slug}/report?period=2025-Q7")
    assert bad.status_code == 400 and "period" in bad.json()["errors"]
    assert api.get("coordinator", f"/partnerships/{slug}/report").status_code == 200


# --- late reports on the partnership home ---------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_late_reports_are_flagged_on_the_partnership_home_for_insiders(client, public_world, role):
    indicator_for(public_world)  # nothing reported for 2025: every quarter is late
    response = login(client, public_world, role).get(
        reverse("web:partnership_home", args=[public_world.partnership.slug])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert ('id="late-reports"' in html) is (role in INSIDERS)
    if role in INSIDERS:
        assert "Late reports (4):" in html and "2025-Q1" in html and 'role="alert"' in html


def test_no_late_report_no_panel(client, story):
    services.measurement_approve(
        actor=story.users["coordinator"], measurement=story.pending, lock=True
    )
    for quarter in (date(2025, 7, 1), date(2025, 10, 1)):
        submitted(story, story.indicator, period_start=quarter)
    response = login(client, story, "coordinator").get(
        reverse("web:partnership_home", args=[story.partnership.slug])
    )
    assert 'id="late-reports"' not in response.content.decode()

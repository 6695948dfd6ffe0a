"""The pieces without a database: periods, the SVG chart, the library, the SDG indicator list."""

from __future__ import annotations

import itertools
import os
import re
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest

from accord.partnerships.models import PartnershipType
from accord.reference.codelists import sdg_data
from accord.results.charts import ChartPeriod, progress_chart_svg
from accord.results.dimensions import Dimension
from accord.results.library import library, library_for
from accord.results.models import Direction, Frequency, Measure, ResultType
from accord.results.periods import period_containing, reporting_periods
from accord.results.sdg_indicators import sdg_indicator_target, sdg_indicator_titles

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "sdg"


@pytest.mark.parametrize(
    ("frequency", "labels"),
    [
        ("monthly", ["2025-11", "2025-12", "2026-01", "2026-02"]),
        ("quarterly", ["2025-Q4", "2026-Q1"]),
        ("half_yearly", ["2025-H2", "2026-H1"]),
        ("yearly", ["2025", "2026"]),
    ],
)
def test_periods_follow_the_calendar_clipped_to_the_span(frequency, labels):
    periods = reporting_periods(date(2025, 11, 15), date(2026, 2, 10), frequency)
    assert [p.label for p in periods] == labels
    assert periods[0].start == date(2025, 11, 15) and periods[-1].end == date(2026, 2, 10)
    for before, after in itertools.pairwise(periods):
        assert (after.start - before.end).days == 1
    assert (
        period_containing(date(2025, 11, 15), date(2026, 2, 10), frequency, date(2026, 3, 1))
        is None
    )


def test_chart_is_valid_accessible_svg_with_every_element():
    svg = progress_chart_svg(
        [
            ChartPeriod("2025-Q1", actual=12, target=15, low=14, high=18),
            ChartPeriod("2025-Q2", actual=16, target=20),
            ChartPeriod("2025-Q3"),
        ],
        baseline=10,
        title="People <trained> & more",
        unit="people",
        chart_id="c1",
    )
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own output
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{ns}title").text == "People <trained> & more"
    description = root.find(f"{ns}desc").text
    assert "Baseline 10" in description and "2025-Q3: no value" in description
    assert len(list(root.iter(f"{ns}circle"))) == 3  # two actuals and the legend
    assert root.find(f"{ns}polyline") is not None
    assert any(line.get("stroke-dasharray") for line in root.iter(f"{ns}line"))
    assert "<script" not in svg


def test_chart_without_values_still_draws():
    root = ElementTree.fromstring(  # noqa: S314 - our own output
        progress_chart_svg([], baseline=None, title="Empty")
    )
    assert root.tag.endswith("svg")


def test_library_has_the_issue_s_indicators_with_valid_codes():
    names = {entry.name for entry in library()}
    assert {
        "Catch per unit of effort",
        "Hectares of riparian land restored",
        "Water quality index",
        "Share of women on the co-management committee",
        "Placements offered",
        "Apprenticeships completed",
        "Graduates employed after six months",
    } <= names
    targets = {t["code"] for t in sdg_data()["targets"]}
    for entry in library():
        assert entry.partnership_type in PartnershipType.values
        assert entry.measure in Measure.values and entry.direction in Direction.values
        assert entry.result_type in ResultType.values and entry.frequency in Frequency.values
        assert entry.sdg_indicator in sdg_indicator_titles()
        assert sdg_indicator_target(entry.sdg_indicator) == entry.sdg_target in targets
        assert all(d in Dimension.values for d, _ in entry.dimensions)
    assert library_for("education_business")[0].partnership_type == "education_business"
    assert len({e.key for e in library()}) == len(library())


def test_bundled_sdg_indicators_match_the_shared_list():
    source = SHARED / "global_indicators.en.yml"
    if not source.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{source} is missing in CI")
        pytest.skip("shared/data not present")
    codes = {
        match.group(1).replace("-", ".")
        for match in re.finditer(
            r"^([0-9a-z]+-[0-9a-z]+-[0-9a-z]+)-title:", source.read_text(), re.M
        )
    }
    assert set(sdg_indicator_titles()) == codes
    assert sdg_indicator_titles()["6.5.1"] == "Degree of integrated water resources management"

"""The demo's expertise gap (issue 16, item 8): water-quality laboratory analysis, needed by
Lake Kivuli's monitoring, offered by no member and by one organization outside it."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from accord.demo.loader import LAKE_SLUG
from accord.expertise import selectors
from accord.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_expertise_gap_that_a_non_member_offers():
    call_command("demo")
    lake = Partnership.objects.get(slug=LAKE_SLUG)
    figures = selectors.expertise_map(partnership=lake)
    gaps = {row.area: row for row in figures.gaps}
    assert list(gaps) == ["water_quality_lab"]
    (candidate,) = gaps["water_quality_lab"].candidates
    assert candidate.organization.name == "Rift Valley Water Testing Laboratory"
    assert candidate.membership is None
    assert [n.activity.title for n in gaps["water_quality_lab"].needed_by_activities] == [
        "Fish-stock and water monitoring"
    ]
    training = next(row for row in figures.rows if row.area == "training")
    assert not training.is_gap  # the fisherfolk's need, met by Friends of Kivuli

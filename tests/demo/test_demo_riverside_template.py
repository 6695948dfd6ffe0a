"""The demo's Riverside partnership is created from the education–business template."""

from __future__ import annotations

import pytest

from accord.audit.models import Event
from accord.decisions.models import RuleAssignment
from accord.demo import accounts, partners, partnerships
from accord.demo.loader import RIVERSIDE_SLUG
from accord.partnerships.models import CharterVersion, Partnership
from accord.results.models import Indicator

pytestmark = pytest.mark.django_db


def test_riverside_starts_from_the_education_business_template():
    accounts.load()
    partners.load(RIVERSIDE_SLUG)
    assert partnerships.load(RIVERSIDE_SLUG)
    riverside = Partnership.objects.get(slug=RIVERSIDE_SLUG)
    assert Event.objects.filter(
        partnership_id=riverside.pk, verb="partnership.template_applied"
    ).exists()
    assigned = dict(
        RuleAssignment.objects.filter(partnership=riverside).values_list("kind", "rule__name")
    )
    assert assigned == {
        "general": "Simple majority",
        "admission": "Simple majority",
        "charter": "Two-thirds majority",
        "allocation": "Two-thirds majority",
    }
    assert set(Indicator.objects.filter(partnership=riverside).values_list("name", flat=True)) == {
        "Workplace placements offered",
        "Leavers in work or training after six months",
    }
    # the story's own charter, written at the founding, is kept
    charter = CharterVersion.objects.get(partnership=riverside)
    assert charter.is_published
    assert charter.common_outcome.startswith("Every school leaver in Riverside")
    assert not partnerships.load(RIVERSIDE_SLUG)  # idempotent

"""The demo's surveys on Lake Kivuli: one wave of each instrument, the threads of the story,
and a second load that changes nothing."""

from __future__ import annotations

import pytest

from accord.demo import accounts, partners, partnerships
from accord.demo import surveys as demo_surveys
from accord.demo.story import LAKE_SLUG
from accord.partnerships.models import Partnership
from accord.surveys.models import Answer, Respondent, Wave
from accord.surveys.selectors import item_scores, network_ratings
from accord.surveys.selectors.results import wave_results

pytestmark = pytest.mark.django_db


def test_the_demo_waves_tell_the_story_and_load_once():
    accounts.load()
    partners.load(LAKE_SLUG)
    partnerships.load(LAKE_SLUG)
    assert demo_surveys.load(LAKE_SLUG) is True
    counts = (Wave.objects.count(), Respondent.objects.count(), Answer.objects.count())
    assert demo_surveys.load(LAKE_SLUG) is False
    assert (Wave.objects.count(), Respondent.objects.count(), Answer.objects.count()) == counts

    lake = Partnership.objects.get(slug=LAKE_SLUG)
    waves = {w.instrument: w for w in Wave.objects.filter(partnership=lake)}
    assert set(waves) == {
        "collaboration-factors",
        "expectations",
        "partner-network",
        "gao-practices",
    }
    answered = {code: Respondent.objects.filter(wave=w).count() for code, w in waves.items()}
    # the factors and the expectations are answered by each person of the members
    # (representatives and staff), the network and the GAO self-assessment once per member
    assert answered == {
        "collaboration-factors": 20,
        "expectations": 18,
        "partner-network": 7,
        "gao-practices": 7,
    }
    assert waves["collaboration-factors"].per_person and waves["expectations"].per_person
    assert not waves["partner-network"].per_person and not waves["gao-practices"].per_person
    factor_wave = waves["collaboration-factors"]
    per_org = Respondent.objects.filter(wave=factor_wave).values("organization").distinct()
    assert per_org.count() == 8
    assert Respondent.objects.filter(wave=factor_wave, person__isnull=True).count() == 0
    assert (
        len(set(Respondent.objects.filter(wave=factor_wave).values_list("person", flat=True))) == 20
    )
    assert not Respondent.objects.filter(
        wave=waves["expectations"], organization__name="Harambee Waters Foundation"
    ).exists()
    assert waves["expectations"].state == "open" and waves["gao-practices"].state == "closed"

    # the collaboration factors: strengths and concerns both show
    factors = {
        f.code: f
        for c in wave_results(wave=waves["collaboration-factors"]).categories
        for f in c.factors
    }
    levels = {f.level for f in factors.values()}
    assert {"strength", "concern"} <= levels
    assert factors["f18"].level == "strength" and factors["f19"].level == "concern"

    # the GAO self-assessment rates accountability well above the rest
    gao = item_scores(lake.pk, "gao-practices")
    assert not gao.suppressed
    accountability = [gao.items[c].mean for c in ("gao06-6", "gao06-7", "gao06-8", "gao23-2")]
    others = [gao.items[c].mean for c in ("gao06-3", "gao06-5", "gao23-3", "gao23-6")]
    assert min(accountability) >= 4.0 and max(others) < 3.5
    assert gao.items["gao06-1"].by_sector["community"] is not None  # two community members
    assert gao.items["gao23-6"].comments

    # the network: the foundation's ties, named
    ratings = network_ratings(lake.pk)
    assert len({r.rater_org_id for r in ratings}) == 7 and len(ratings) >= 25
    assert all(1 <= r.level <= 3 and len(r.trust) == 3 for r in ratings)

    # the expectations: the flower farm and the fisherfolk far apart
    alignment = wave_results(wave=waves["expectations"]).expectations
    assert alignment.emphasis.high - alignment.emphasis.low >= 4
    assert alignment.emphasis.n == 18
    sectors = {v.sector: v for v in alignment.by_sector}
    # six community people (fisherfolk and women's group), well above the flower farm
    assert sectors["community"].n == 6 and sectors["community"].mean > 6
    named = wave_results(wave=waves["expectations"], named_answers=True).expectations
    emphasis = {m.organization: m.emphasis for m in named.members}
    assert len(emphasis) == 7
    assert emphasis["Bluewater Flower Farms Ltd"] < 3 < 6 < emphasis["Maji Women's Group"]

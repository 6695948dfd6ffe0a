"""The figures, against small cases computed by hand (numbers in the comments)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accord.surveys import scoring
from accord.surveys.selectors import (
    NetworkRating,
    item_scores,
    network_ratings,
    survey_waves,
)
from accord.surveys.selectors.results import wave_results
from tests.surveys.conftest import (
    add_member,
    answer,
    expectation_values,
    factor_values,
    gao_values,
    open_wave,
)

pytestmark = pytest.mark.django_db

DIMENSIONS = ("power", "involvement", "resources", "reliability", "mission", "openness")


@pytest.fixture
def five_members(world):
    """County (public), Foundation (philanthropic), and three community organizations."""
    add_member(world, "c2", "community")
    add_member(world, "c3", "community")
    return world


def test_item_scores_means_sectors_and_comments(five_members):
    world = five_members
    wave = open_wave(world, "gao-practices")
    answer(world, wave, "county", gao_values(3, gao06_1=5, gao06_2=3), comments={"gao06-1": "A"})
    answer(world, wave, "foundation", gao_values(4, gao06_1=4, gao06_2=4))
    answer(world, wave, "coop", gao_values(2, gao06_1=1, gao06_2=2), comments={"gao06-1": "B"})
    answer(world, wave, "c2", gao_values(2, gao06_1=2, gao06_2=2))
    answer(world, wave, "c3", gao_values(3, gao06_1=3, gao06_2=3))

    scores = item_scores(world.partnership.pk, "gao-practices")
    assert scores.wave == wave and scores.respondents == 5 and not scores.suppressed
    assert set(scores.items) == {f"gao06-{i}" for i in range(1, 9)} | {
        f"gao23-{i}" for i in range(1, 9)
    }
    first = scores.items["gao06-1"]
    assert first.mean == pytest.approx(3.0)  # (5+4+1+2+3)/5
    assert first.answers == 5
    assert first.label == "Define and articulate a common outcome"
    # community: coop 1, c2 2, c3 3 → 2.0; public and philanthropic have one each → None
    assert first.by_sector == {"community": 2.0, "philanthropic": None, "public": None}
    assert first.comments == ["A", "B"]
    second = scores.items["gao06-2"]
    assert second.mean == pytest.approx(2.8)  # (3+4+2+2+3)/5
    assert second.by_sector["community"] == pytest.approx(7 / 3)
    assert second.comments == []


def test_below_the_threshold_nothing_is_shown(world):
    wave = open_wave(world, "gao-practices")
    answer(world, wave, "county", gao_values(5), comments={"gao06-1": "Only us"})
    answer(world, wave, "coop", gao_values(1))
    scores = item_scores(world.partnership.pk, "gao-practices", wave.pk)
    assert scores.respondents == 2 and scores.suppressed
    item = scores.items["gao06-1"]
    assert (item.mean, item.by_sector, item.comments, item.answers) == (None, {}, [], 2)
    answer(world, wave, "foundation", gao_values(3))
    scores = item_scores(world.partnership.pk, "gao-practices", wave.pk)
    assert not scores.suppressed and scores.items["gao06-1"].mean == pytest.approx(3.0)
    assert scores.items["gao06-1"].comments == ["Only us"]


def test_latest_wave_with_answers_is_read_and_partnerships_do_not_mix(world):
    now = timezone.now()
    old = open_wave(
        world, "gao-practices", opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=1)
    )
    answer(world, old, "county", gao_values(4))
    open_wave(world, "gao-practices", title="Empty", opens_at=now - timedelta(days=2))
    open_wave(
        world,
        "gao-practices",
        title="Future",
        opens_at=now + timedelta(days=2),
        closes_at=now + timedelta(days=9),
    )
    assert item_scores(world.partnership.pk, "gao-practices").wave == old
    other = item_scores(world.other_partnership.pk, "gao-practices")
    assert (other.wave, other.respondents, other.suppressed, other.items) == (None, 0, True, {})
    assert item_scores(world.other_partnership.pk, "gao-practices", old.pk).wave is None
    assert item_scores(world.partnership.pk, "expectations", old.pk).wave is None
    waves = survey_waves(world.partnership.pk, "gao-practices")
    assert [(w.title, w.respondents, w.state) for w in waves] == [
        ("Future", 0, "scheduled"),
        ("Empty", 0, "open"),
        ("Spring wave", 1, "open"),
    ]
    assert survey_waves(world.other_partnership.pk, "gao-practices") == []


def test_factor_scores_and_their_reading(world):
    wave = open_wave(world)  # anonymous, threshold 3
    # f01 = (4 + 5 + 1)/3 = 3.33 borderline; f02 = (4 + 5 + 3)/3 = 4.0 strength;
    # f19 (enough funds) = (2 + 3 + 1.5)/3 = 2.17 concern
    answer(
        world,
        wave,
        "county",
        factor_values(4, **{"cf-01-1": 5, "cf-01-2": 3, "cf-19-1": 2, "cf-19-2": 2}),
    )
    answer(world, wave, "foundation", factor_values(5, **{"cf-19-1": 3, "cf-19-2": 3}))
    answer(
        world,
        wave,
        "coop",
        factor_values(3, **{"cf-01-1": 1, "cf-01-2": 1, "cf-19-1": 1, "cf-19-2": 2}),
    )
    results = wave_results(wave=wave)
    factors = {f.code: f for c in results.categories for f in c.factors}
    assert len(factors) == 20 and len(results.categories) == 6
    assert factors["f01"].spread.mean == pytest.approx(10 / 3)
    assert factors["f01"].level == "borderline"
    assert factors["f02"].spread.mean == 4.0 and factors["f02"].level == "strength"
    assert factors["f02"].spread.sd == pytest.approx((2 / 3) ** 0.5)
    assert (factors["f02"].spread.low, factors["f02"].spread.high) == (3, 5)
    assert factors["f19"].spread.mean == pytest.approx(6.5 / 3)
    assert factors["f19"].level == "concern"
    assert factors["f19"].level_label.startswith("Concern")
    assert factors["f01"].by_sector == []  # anonymous: no sector is kept
    environment = results.categories[0]
    # county: (5+3+4+4+4+4)/6 = 4; foundation 5; coop (1+1+3+3+3+3)/6 = 14/6
    assert environment.spread.mean == pytest.approx((4 + 5 + 14 / 6) / 3)


def test_factor_scores_are_suppressed_below_the_threshold(world):
    wave = open_wave(world)
    answer(world, wave, "county", factor_values(4))
    answer(world, wave, "coop", factor_values(2))
    results = wave_results(wave=wave)
    factor = results.categories[0].factors[0]
    assert results.scores.suppressed
    assert (factor.spread.n, factor.spread.mean, factor.spread.sd, factor.level) == (
        2,
        None,
        None,
        None,
    )


def test_expectation_alignment(five_members):
    world = five_members
    add_member(world, "p2", "public")
    # one answer per organization here (test_per_person.py has the per-person rows)
    wave = open_wave(world, "expectations", threshold=2, per_person=False)
    answer(world, wave, "county", expectation_values(2))
    answer(world, wave, "foundation", expectation_values(1))
    answer(world, wave, "coop", expectation_values(6))
    answer(world, wave, "c2", expectation_values(7))
    answer(world, wave, "c3", expectation_values(5, exp_1=7))
    answer(world, wave, "p2", expectation_values(3))
    alignment = wave_results(wave=wave, named_answers=True).expectations
    # emphasis: 2, 1, 6, 7, 5.25, 3 → mean 24.25/6
    assert alignment.emphasis.mean == pytest.approx(24.25 / 6)
    assert (alignment.emphasis.low, alignment.emphasis.high) == (1, 7)
    sectors = {v.sector: v.mean for v in alignment.by_sector}
    assert sectors["community"] == pytest.approx((6 + 7 + 5.25) / 3)
    assert sectors["public"] == pytest.approx(2.5)
    assert sectors["philanthropic"] is None
    [(first, second, distance)] = alignment.sector_pairs
    assert {first, second} == {"Community", "Public"}
    assert distance == pytest.approx((6 + 7 + 5.25) / 3 - 2.5)
    item = alignment.items[0]
    assert item.code == "exp-1" and item.spread.n == 6
    assert item.spread.mean == pytest.approx((2 + 1 + 6 + 7 + 7 + 3) / 6)
    assert item.spread.range == 6
    assert item.furthest[2] == pytest.approx(20 / 3 - 2.5)
    assert [m.emphasis for m in alignment.members] == sorted([2, 1, 6, 7, 5.25, 3])
    assert wave_results(wave=wave).expectations.members == []  # aggregates-only readers


def _cell(level, **scores):
    cell = {"level": str(level)}
    if level:
        cell |= {d: scores.get(d, scores.get("all", 3)) for d in DIMENSIONS}
    return cell


def test_network_ratings_and_summary(world):
    county, foundation, coop = (world.orgs[k] for k in ("county", "foundation", "coop"))
    wave = open_wave(world, "partner-network", threshold=2)
    values = {"net-contributions": ["data"], "net-main": "data", "net-years": 1, "net-success": 3}
    answer(
        world,
        wave,
        "county",
        values,
        ratings={foundation.pk: _cell(2, all=4, openness=1), coop.pk: _cell(0)},
    )
    answer(
        world,
        wave,
        "foundation",
        values,
        ratings={county.pk: _cell(3, all=3), coop.pk: _cell(1, all=2)},
    )
    answer(
        world,
        wave,
        "coop",
        values,
        ratings={
            county.pk: _cell(1, power=2, involvement=2, resources=2, all=4),
            foundation.pk: _cell(0),
        },
    )
    ratings = network_ratings(world.partnership.pk)
    assert ratings[0] == NetworkRating(
        rater_org_id=county.pk,
        rated_org_id=foundation.pk,
        level=2,
        value={"power": 4.0, "involvement": 4.0, "resources": 4.0},
        trust={"reliability": 4.0, "mission": 4.0, "openness": 1.0},
    )
    assert {(r.rater_org_id, r.rated_org_id, r.level) for r in ratings} == {
        (county.pk, foundation.pk, 2),
        (foundation.pk, county.pk, 3),
        (foundation.pk, coop.pk, 1),
        (coop.pk, county.pk, 1),
    }
    summary = wave_results(wave=wave).network
    assert summary.ties == 4 and summary.ties_by_level == {1: 2, 2: 1, 3: 1}
    assert summary.trust == pytest.approx(3.0)  # (3 + 3 + 2 + 4)/4
    assert summary.trust_percent == pytest.approx(75.0)
    assert summary.value == pytest.approx(2.75)  # (4 + 3 + 2 + 2)/4
    received = {m.organization_id: m for m in summary.received}
    assert received[county.pk].raters == 2
    assert received[county.pk].trust == pytest.approx(3.5)  # (3 + 4)/2
    assert received[county.pk].value == pytest.approx(2.5)  # (3 + 2)/2
    assert (received[foundation.pk].raters, received[foundation.pk].trust) == (1, None)
    assert network_ratings(world.partnership.pk, wave_id=wave.pk) == ratings
    assert network_ratings(world.other_partnership.pk, wave_id=wave.pk) == []


def test_scoring_helpers_on_hand_cases():
    assert scoring.mean([1, 2, 3, 4]) == 2.5
    assert scoring.population_sd([1, 3]) == 1.0
    assert scoring.factor_class(4.0) == "strength"
    assert scoring.factor_class(3.999) == "borderline"
    assert scoring.factor_class(2.999) == "concern"
    assert scoring.furthest_pairs({"a": 1.0, "b": 4.0, "c": 2.0})[0] == ("a", "b", 3.0)
    assert scoring.composite({"x": 1, "y": 4}, ["x", "y", "z"]) == 2.5

"""Named decision rules for the rule picker (accord.engine.voting.presets)."""

from __future__ import annotations

import doctest
import json
from fractions import Fraction

import pytest

from accord.engine.voting import presets
from accord.engine.voting.motions import DecisionRule, MotionBallots, Quorum
from accord.engine.voting.presets import PRESETS, get_preset, preset_choices

SECTORS = ["public", "public", "private", "community", "community", "civil society"]


def ballots_for(preset: presets.Preset, choices: list[str]) -> MotionBallots:
    return MotionBallots.from_labels(
        choices,
        groups=SECTORS,
        weights=[40, 25, 20, 5, 5, 5],
        reasons=[c == "object" for c in choices],
    )


def test_doctests():
    assert doctest.testmod(presets, raise_on_error=False).failed == 0


def test_the_presets_the_picker_offers():
    names = [p.name for p in PRESETS]
    for expected in (
        "Simple majority",
        "Two-thirds majority",
        "Consensus",
        "Consent (sociocratic)",
        "Concurrent majority by sector",
        "Weighted by contribution, capped at 30%",
    ):
        assert expected in names


def test_keys_and_names_are_unique_and_explained():
    assert len({p.key for p in PRESETS}) == len(PRESETS)
    assert len({p.name for p in PRESETS}) == len(PRESETS)
    for preset in PRESETS:
        assert preset.key.isidentifier()
        sentences = [s for s in preset.explanation.split(". ") if s]
        assert 2 <= len(sentences) <= 4, preset.key
        assert preset.explanation.endswith(".")
    assert preset_choices() == [(p.key, p.name) for p in PRESETS]


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.key)
def test_every_preset_decides_and_is_storable(preset):
    everyone_agrees = ballots_for(preset, ["yes"] * 6)
    assert preset.decide(everyone_agrees).outcome == "accepted"
    blocked = ["yes"] + ["object"] * 5
    assert preset.decide(ballots_for(preset, blocked)).outcome == "rejected"
    stored = json.loads(json.dumps(preset.rule.to_dict()))
    assert DecisionRule.from_dict(stored) == preset.rule


def test_demo_story_under_the_presets():
    """Public, private and civil society vote yes, the community votes no."""
    choices = ["yes", "yes", "yes", "no", "no", "yes"]
    ballots = MotionBallots.from_labels(choices, groups=SECTORS)
    assert get_preset("simple_majority").decide(ballots).outcome == "accepted"
    assert get_preset("concurrent_majority_by_sector").decide(ballots).outcome == "rejected"
    fpic = get_preset("majority_with_community_consent").decide(ballots)
    assert (fpic.outcome, fpic.decided_by) == ("rejected", "group_consent")


def test_weighted_cap_preset_keeps_the_funder_from_deciding_alone():
    ballots = MotionBallots.from_labels(["yes", "no", "no", "no", "no"], weights=[70, 10, 10, 5, 5])
    preset = get_preset("weighted_by_contribution_capped_30")
    result = preset.decide(ballots)
    assert result.outcome == "rejected"
    assert result.conditions[0].comparisons[0].yes == 30


def test_consent_preset_needs_reasons_and_a_quorum():
    preset = get_preset("consent")
    assert preset.needs_reasons
    silent = MotionBallots.from_labels(["yes", "absent", "absent"])
    assert preset.decide(silent).outcome == "no_quorum"
    with pytest.raises(ValueError, match="must state its reason"):
        preset.decide(MotionBallots.from_labels(["yes", "object"]))


def test_adapting_a_preset():
    base = get_preset("two_thirds_majority")
    with_quorum = base.with_quorum(Quorum(overall=Fraction(2, 3)))
    assert with_quorum.rule.quorum == Quorum(overall=Fraction(2, 3))
    assert base.rule.quorum is None  # presets are immutable
    guarded = base.with_group_consent(["community"])
    assert guarded.required_groups == ("community",)
    ballots = MotionBallots.from_labels(["yes", "yes", "yes", "no"], groups=["a", "a", "a", "b"])
    with pytest.raises(ValueError, match=r"needs the group\(s\) \['community'\]"):
        guarded.decide(ballots)


def test_unknown_preset_lists_known_keys():
    with pytest.raises(ValueError, match=r"unknown preset 'majority'.*simple_majority"):
        get_preset("majority")

"""The GAO scoring rules against hand-computed cases, one per practice.

The evidence of ``EIGHT_MEMBERS`` and each component's fraction, computed by hand:

- charter version 3 published 4 months ago, signed by 7 of 8 members: common outcome and
  signatures 7/8 = 0.875; recency 1.0; sections written: common outcome, shared values,
  roles, data sharing, conflict resolution (joint strategies empty: 0; policies 2/4 = 0.5);
- 3 of 4 indicators with targets: 0.75; 6 of 10 reports due on time: 0.6;
- commitments by 6 of 8 members: 0.75; 4 of 5 settled kept: 0.8;
- 1 of 4 action items settled done on time: 0.25;
- 4 of 8 members pledged: 0.5; 800 of 1,000 due delivered on time: 0.8;
- 4 of 5 activities joint: 0.8; 2 of 5 with R and A: 0.4;
- 2 rules, 1 of 4 kinds assigned: 0.25; 1 coordinator: named 1.0, shared 0.0;
- 1 of 4 high-power-or-interest stakeholders a member: 0.25; 2 of 3 sectors: 2/3.
"""

from __future__ import annotations

from datetime import date

import pytest

from accord.balance.selectors import gao_scoring
from accord.balance.selectors.gao_components import GaoEvidence

EIGHT_MEMBERS = GaoEvidence(
    today=date(2026, 6, 15),
    member_count=8,
    charter_version=3,
    charter_published_on=date(2026, 2, 10),
    charter_versions=3,
    charter_signed_by_members=7,
    charter_sections=frozenset(
        {
            "common_outcome",
            "shared_values",
            "roles_and_responsibilities",
            "policy_data_sharing",
            "policy_conflict_resolution",
        }
    ),
    indicators=4,
    indicators_with_targets=3,
    reports_due=10,
    reports_on_time=6,
    commitments=12,
    members_with_commitments=6,
    commitments_settled=5,
    commitments_kept=4,
    actions=9,
    actions_settled=4,
    actions_done_on_time=1,
    pledging_members=4,
    pledged_due=1000.0,
    pledged_on_time=800.0,
    activities=5,
    activities_with_raci=2,
    activities_joint=4,
    rules=2,
    rule_kinds_assigned=1,
    coordinators=1,
    stakeholders_rated=6,
    stakeholders_relevant=4,
    stakeholders_relevant_members=1,
    sectors_on_map=("community", "private", "public"),
    sectors_with_member=("community", "public"),
)

#: practice → (component fractions by hand, score by hand)
EXPECTED = {
    "gao06-1": ([0.875, 0.75], 81),  # 81.25
    "gao06-2": ([0.0, 0.8], 40),
    "gao06-3": ([0.5, 0.8], 65),
    "gao06-4": ([1.0, 0.4], 70),
    "gao06-5": ([0.5, 0.25], 38),  # 37.5, halves up
    "gao06-6": ([0.75, 0.6], 68),  # 67.5
    "gao06-7": ([0.75, 0.8], 78),  # 77.5
    "gao06-8": ([0.25], 25),
    "gao23-1": ([0.875, 0.75, 1.0], 88),  # 87.5
    "gao23-2": ([0.6, 0.8, 0.25], 55),
    "gao23-3": ([0.5, 1.0], 75),
    "gao23-4": ([1.0, 0.0], 50),
    "gao23-5": ([1.0, 0.4, 0.25], 55),
    "gao23-6": ([0.25, 2 / 3], 46),  # 45.83
    "gao23-7": ([0.5, 0.8, 1.0], 77),  # 76.67
    "gao23-8": ([0.875, 1.0], 94),  # 93.75
}


def _by_code(evidence):
    return {p.definition.code: p for p in gao_scoring.practice_scores(evidence)}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_practice_against_its_hand_computed_score(code):
    fractions, score = EXPECTED[code]
    practice = _by_code(EIGHT_MEMBERS)[code]
    assert [c.fraction for c in practice.components] == pytest.approx(fractions)
    assert practice.score == score


def test_sixteen_practices_in_the_order_of_the_reports():
    codes = [p.definition.code for p in gao_scoring.practice_scores(EIGHT_MEMBERS)]
    assert codes == [f"gao06-{n}" for n in range(1, 9)] + [f"gao23-{n}" for n in range(1, 9)]


def test_each_component_says_what_it_counted():
    practices = _by_code(EIGHT_MEMBERS)
    common = practices["gao06-1"].components[0]
    assert common.explanation == "The charter (version 3) states one, signed by 7 of 8 members."
    assert common.evidence == "charter"
    policies = practices["gao06-5"].components[0].explanation
    assert "2 of 4 policies (data sharing, conflict resolution)" in policies
    sectors = gao_scoring.practice_scores(EIGHT_MEMBERS, lambda code: code.title())[13]
    assert "Without one: Private." in sectors.components[1].explanation


def test_with_no_records_there_is_no_score_but_the_lead():
    """A bare partnership: every component says "no evidence yet" except the coordinator
    count, which always has an answer; no practice gets a made-up score."""
    practices = _by_code(GaoEvidence(today=date(2026, 6, 15)))
    for code, practice in practices.items():
        if code == "gao23-4":
            assert practice.score == 0
            continue
        assert practice.score is None, code
        assert all(c.fraction is None for c in practice.components)
        assert all(c.explanation.startswith("No evidence yet:") for c in practice.components)


def test_a_practice_is_scored_from_its_components_with_evidence_only():
    evidence = GaoEvidence(today=date(2026, 6, 15), indicators=2, indicators_with_targets=1)
    practice = _by_code(evidence)["gao06-1"]
    assert [c.has_evidence for c in practice.components] == [False, True]
    assert practice.score == 50


@pytest.mark.parametrize(
    ("published", "fraction"),
    [(date(2025, 6, 1), 1.0), (date(2025, 5, 31), 0.5), (date(2024, 5, 1), 0.0)],
)
def test_the_charter_counts_fully_within_a_year_and_half_within_two(published, fraction):
    evidence = GaoEvidence(
        today=date(2026, 6, 15),
        member_count=2,
        charter_version=1,
        charter_published_on=published,
        charter_versions=1,
    )
    assert _by_code(evidence)["gao23-8"].components[1].fraction == fraction


def test_leadership_shared_by_two_coordinators():
    evidence = GaoEvidence(today=date(2026, 6, 15), coordinators=2)
    assert _by_code(evidence)["gao23-4"].score == 100


def test_self_assessment_on_the_live_scale_and_the_gaps():
    assert gao_scoring.scaled_self_assessment(4.0) == 75.0
    assert gao_scoring.scaled_self_assessment(2.5) == 37.5
    assert gao_scoring.sector_spread({"public": 4.5, "community": 2.5}) == 50.0
    assert gao_scoring.sector_spread({"public": 4.5, "community": None}) is None
    assert gao_scoring.gap(25, 75.0) == -50.0
    assert gao_scoring.is_large_gap(-50.0)
    assert not gao_scoring.is_large_gap(24.9)
    assert gao_scoring.gap(None, 75.0) is None

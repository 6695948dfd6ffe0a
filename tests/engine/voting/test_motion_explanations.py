"""Reasons as data (accord.engine.voting.motions.explanations): every ReasonCode, its params,
and the English sentence they determine (docs/engine/explanations.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.voting.motions import (
    Condition,
    DecisionRule,
    MotionBallots,
    Quorum,
    ReasonCode,
    concurrent_majority,
    consent,
    decide,
    english,
    group_consent,
    qualified_majority,
    quorum_check,
    simple_majority,
    unanimity,
    weighted_majority,
)

MAJORITY = {"threshold": "1/2", "base": "yes_no", "tie_breaking": "reject", "weighted": False}
UNCAPPED = {"cap": None, "cap_base": "eligible", "capped_voters": 0, "cap_clamped": False}


def method(result: Any) -> Any:
    return result.conditions[0]


@dataclass(frozen=True)
class Case:
    code: str
    produce: Callable[[], Any]  # a ConditionResult, QuorumCheck or MotionResult
    params: dict[str, Any]
    reason: str


def labels(choices: list[str], **kwargs: Any) -> MotionBallots:
    return MotionBallots.from_labels(choices, **kwargs)


SECTORS = ["public", "public", "community", "community"]
SAFEGUARDED = DecisionRule(
    Condition("simple_majority"),
    safeguards=(Condition("group_consent", {"groups": ("community",)}),),
)
COMMUNITY_NO = {
    "groups": ["community"],
    "threshold": "1/2",
    "base": "yes_no",
    "tie_breaking": "reject",
    "checked": [{"group": "community", "yes": 0, "against": 1, "abstain": 0, "passed": False}],
    "group": "community",
    "yes": 0,
    "against": 1,
    "abstain": 0,
    "failing_groups": ["community"],
}

CASES = [
    Case(
        "majority_passed",
        lambda: method(simple_majority(labels(["yes"] * 5 + ["no"] * 4))),
        MAJORITY | {"yes": 5, "against": 4, "abstain": 0},
        "Yes has more than half of the yes and no votes (5 yes against 4 no).",
    ),
    Case(
        "majority_failed",
        lambda: method(
            simple_majority(labels(["yes"] * 4 + ["no"] * 3 + ["abstain"] * 2), abstentions="count")
        ),
        MAJORITY | {"base": "cast", "yes": 4, "against": 3, "abstain": 2},
        "Yes does not have more than half of the ballots cast "
        "(4 yes against 3 no, 2 abstaining (counted)).",
    ),
    Case(
        "majority_tie",
        lambda: method(qualified_majority(labels(["yes"] * 6 + ["no"] * 3 + ["absent"]))),
        MAJORITY
        | {"threshold": "2/3", "tie_breaking": "accept", "yes": 6, "against": 3}
        | {"abstain": 0},
        "Yes is exactly 2/3 of the yes and no votes (6 yes against 3 no), which passes "
        "under tie_breaking='accept'.",
    ),
    Case(
        "no_votes",
        lambda: method(simple_majority(labels(["absent", "abstain"]))),
        MAJORITY | {"yes": 0, "against": 0, "abstain": 1},
        "No votes to count (0 yes against 0 no, 1 abstaining (not counted)).",
    ),
    Case(  # the funder's 60 of 100 units, capped at 30 %: weights 30, 30, 24, 16
        "majority_failed",
        lambda: method(
            weighted_majority(
                labels(["yes", "no", "no", "no"], weights=[60, 20, 12, 8]), cap="3/10"
            )
        ),
        MAJORITY
        | {"weighted": True, "yes": 30, "against": 70, "abstain": 0}
        | {"cap": "3/10", "cap_base": "eligible", "capped_voters": 2, "cap_clamped": False},
        "Yes does not have more than half of the yes and no votes (yes weight 30 against no "
        "weight 70); 2 voters held at the cap of 3/10 of the total weight.",
    ),
    Case(  # fractional weights are exact strings in params, rounded in the sentence
        "majority_passed",
        lambda: method(
            weighted_majority(labels(["yes", "no"], weights=[Fraction(2, 3), Fraction(1, 3)]))
        ),
        MAJORITY | {"weighted": True, "yes": "2/3", "against": "1/3", "abstain": 0} | UNCAPPED,
        "Yes has more than half of the yes and no votes (yes weight 0.6667 against no weight "
        "0.3333).",
    ),
    Case(
        "no_weight",
        lambda: method(weighted_majority(labels(["yes", "no"], weights=[0, 0]), cap="1/2")),
        {"cap": "1/2", "cap_base": "eligible", "capped_voters": 0, "cap_clamped": False},
        "No weight to count: no voter with positive weight.",
    ),
    Case(
        "consensus_reached",
        lambda: method(unanimity(labels(["yes", "yes", "abstain"]))),
        {"yes": 2, "no": 0, "objections": 0, "abstain": 1, "abstentions": "allow"},
        "Consensus: 2 yes, nobody against, 1 standing aside.",
    ),
    Case(
        "consensus_blocked",
        lambda: method(
            unanimity(labels(["yes", "no", "object", "object", "abstain"]), abstentions="block")
        ),
        {"yes": 1, "no": 1, "objections": 2, "abstain": 1, "abstentions": "block"},
        "No consensus: 1 no and 2 objections and 1 abstention against 1 yes.",
    ),
    Case(
        "consensus_no_yes",
        lambda: method(unanimity(labels(["abstain", "absent"]))),
        {"yes": 0, "no": 0, "objections": 0, "abstain": 1, "abstentions": "allow"},
        "No consensus: nobody voted yes.",
    ),
    Case(
        "consent_given",
        lambda: method(consent(labels(["yes", "abstain", "absent"]))),
        {
            "yes": 1,
            "abstain": 1,
            "objections": 0,
            "objectors": [],
            "count_no_as_objection": False,
        },
        "No reasoned objection (1 consent, 1 standing aside).",
    ),
    Case(
        "consent_objected",
        lambda: method(
            consent(
                labels(["yes", "object", "no", "abstain"], reasons=[False, True, True, False]),
                count_no_as_objection=True,
            )
        ),
        {
            "yes": 1,
            "abstain": 1,
            "objections": 2,
            "objectors": [1, 2],
            "count_no_as_objection": True,
        },
        "2 reasoned objections must be resolved first.",
    ),
    Case(
        "concurrent_majority_passed",
        lambda: method(
            concurrent_majority(labels(["yes", "yes", "no", "yes"], groups=list("aaab")))
        ),
        MAJORITY
        | {"yes": 3, "against": 1, "abstain": 0, "groups": "voting"}
        | {
            "checked": [
                {"group": "a", "yes": 2, "against": 1, "abstain": 0, "passed": True},
                {"group": "b", "yes": 1, "against": 0, "abstain": 0, "passed": True},
            ]
        },
        "Majority overall (3 yes against 1 no) and in each of the 2 voting groups.",
    ),
    Case(
        "concurrent_majority_failed_in_groups",
        lambda: method(
            concurrent_majority(labels(["yes", "yes", "yes", "no", "no"], groups=list("aabcc")))
        ),
        MAJORITY
        | {"yes": 3, "against": 2, "abstain": 0, "groups": "voting"}
        | {
            "checked": [
                {"group": "a", "yes": 2, "against": 0, "abstain": 0, "passed": True},
                {"group": "b", "yes": 1, "against": 0, "abstain": 0, "passed": True},
                {"group": "c", "yes": 0, "against": 2, "abstain": 0, "passed": False},
            ]
        },
        "Majority overall (3 yes against 2 no) but not in group 'c' (0 yes against 2 no).",
    ),
    Case(
        "concurrent_majority_failed_overall",
        lambda: method(
            concurrent_majority(
                labels(["yes", "no", "absent"], groups=list("abc")), groups="eligible"
            )
        ),
        MAJORITY
        | {"yes": 1, "against": 1, "abstain": 0, "groups": "eligible"}
        | {"overall_code": "majority_tie"}
        | {
            "checked": [
                {"group": "a", "yes": 1, "against": 0, "abstain": 0, "passed": True},
                {"group": "b", "yes": 0, "against": 1, "abstain": 0, "passed": False},
                {"group": "c", "yes": 0, "against": 0, "abstain": 0, "passed": False},
            ]
        },
        "No majority overall: Yes is exactly half of the yes and no votes (1 yes against 1 no), "
        "which does not pass under tie_breaking='reject'.",
    ),
    Case(
        "group_consent_given",
        lambda: method(
            group_consent(labels(["no", "no", "yes", "abstain"], groups=SECTORS), ["community"])
        ),
        {
            "groups": ["community"],
            "threshold": "1/2",
            "base": "yes_no",
            "tie_breaking": "reject",
            "checked": [
                {"group": "community", "yes": 1, "against": 0, "abstain": 1, "passed": True}
            ],
        },
        "Consent given by 'community'.",
    ),
    Case(
        "group_consent_refused",
        lambda: method(
            group_consent(labels(["yes", "yes", "no", "absent"], groups=SECTORS), ["community"])
        ),
        COMMUNITY_NO,
        "Group 'community' does not consent (0 yes against 1 no).",
    ),
    Case(
        "group_consent_silent",
        lambda: method(
            group_consent(
                labels(["yes", "yes", "abstain", "absent"], groups=SECTORS), ["community"]
            )
        ),
        COMMUNITY_NO
        | {"against": 0, "abstain": 1}
        | {
            "checked": [
                {"group": "community", "yes": 0, "against": 0, "abstain": 1, "passed": False}
            ]
        },
        "Group 'community' has not given its consent: none of its members voted yes or no, and "
        "silence is not consent.",
    ),
    Case(
        "quorum_met",
        lambda: quorum_check(
            labels(["yes", "no", "absent", "yes"], groups=SECTORS), Quorum(Fraction(1, 2), 1)
        ),
        {
            "overall": {"voted": 3, "eligible": 4, "required": 2, "met": True},
            "groups": [
                {"group": "public", "voted": 2, "eligible": 2, "required": 1, "met": True},
                {"group": "community", "voted": 1, "eligible": 2, "required": 1, "met": True},
            ],
        },
        "Quorum met: 3 of 4 voted (quorum 2), every group reached its quorum.",
    ),
    Case(
        "quorum_not_met",
        lambda: quorum_check(
            labels(["yes", "no", "absent", "absent"], groups=SECTORS), Quorum(3, 1)
        ),
        {
            "overall": {"voted": 2, "eligible": 4, "required": 3, "met": False},
            "groups": [
                {"group": "public", "voted": 2, "eligible": 2, "required": 1, "met": True},
                {"group": "community", "voted": 0, "eligible": 2, "required": 1, "met": False},
            ],
        },
        "2 of 4 eligible voters voted; the quorum is 3. "
        "Group 'community': 0 of 2 eligible voters voted; the quorum is 1.",
    ),
    Case(
        "no_quorum_required",
        lambda: quorum_check(labels(["yes"]), Quorum()),
        {"overall": None, "groups": []},
        "No quorum required.",
    ),
    Case(
        "no_quorum",
        lambda: simple_majority(labels(["yes", "absent", "absent"]), quorum=Quorum(overall=2)),
        {
            "condition": "quorum",
            "method": "simple_majority",
            "safeguards": 0,
            "reason_code": "quorum_not_met",
            "reason_params": {
                "overall": {"voted": 1, "eligible": 3, "required": 2, "met": False},
                "groups": [],
            },
        },
        "1 of 3 eligible voters voted; the quorum is 2.",
    ),
    Case(
        "method_failed",
        lambda: decide(labels(["yes", "no", "no", "yes"], groups=SECTORS), SAFEGUARDED),
        {
            "condition": "simple_majority",
            "method": "simple_majority",
            "safeguards": 1,
            "reason_code": "majority_tie",
            "reason_params": MAJORITY | {"yes": 2, "against": 2, "abstain": 0},
        },
        "Yes is exactly half of the yes and no votes (2 yes against 2 no), which does not pass "
        "under tie_breaking='reject'.",
    ),
    Case(
        "safeguard_failed",
        lambda: decide(labels(["yes", "yes", "no", "absent"], groups=SECTORS), SAFEGUARDED),
        {
            "condition": "group_consent",
            "method": "simple_majority",
            "safeguards": 1,
            "reason_code": "group_consent_refused",
            "reason_params": COMMUNITY_NO,
        },
        "Group 'community' does not consent (0 yes against 1 no). "
        "(safeguard; the simple_majority held)",
    ),
    Case(
        "accepted",
        lambda: decide(labels(["yes", "no", "yes", "yes"], groups=SECTORS), SAFEGUARDED),
        {
            "condition": "simple_majority",
            "method": "simple_majority",
            "safeguards": 1,
            "reason_code": "majority_passed",
            "reason_params": MAJORITY | {"yes": 3, "against": 1, "abstain": 0},
        },
        "Yes has more than half of the yes and no votes (3 yes against 1 no), and every "
        "safeguard held.",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.code)
def test_reason_code_and_params(case: Case) -> None:
    result = case.produce()
    assert result.code == case.code
    assert result.params == case.params
    assert result.reason == case.reason
    assert english(case.code, json.loads(json.dumps(case.params))) == case.reason


def test_every_code_has_a_case() -> None:
    assert {case.code for case in CASES} == set(ReasonCode)


def test_codes_are_plain_strings_in_json() -> None:
    result = simple_majority(labels(["yes", "no", "yes"]))
    assert json.loads(json.dumps({"code": result.code, "params": result.params})) == {
        "code": "accepted",
        "params": result.params,
    }
    assert isinstance(result.code, str)


def test_unknown_code_raises() -> None:
    with pytest.raises(ValueError, match="unknown reason code 'nonsense'"):
        english("nonsense", {})


def test_motion_params_repeat_the_deciding_condition() -> None:
    result = decide(labels(["yes", "yes", "no", "absent"], groups=SECTORS), SAFEGUARDED)
    safeguard = result.conditions[1]
    assert result.params["reason_code"] == safeguard.code
    assert result.params["reason_params"] == safeguard.params
    assert result.decided_by == result.params["condition"]


RULES = [
    Condition("simple_majority", {"abstentions": "count"}),
    Condition("qualified_majority", {"base": "eligible"}),
    Condition("unanimity", {"abstentions": "block"}),
    Condition("weighted_majority", {"cap": "1/3", "if_infeasible": "equal_shares"}),
    Condition(
        "weighted_majority", {"cap": "1/2", "cap_base": "cast", "if_infeasible": "equal_shares"}
    ),
    Condition("concurrent_majority", {"groups": "eligible", "weighted": True}),
    Condition("group_consent", {"groups": ("b",), "threshold": "2/3"}),
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["yes", "no", "abstain", "object", "absent"]),
            st.sampled_from("ab"),
            st.integers(0, 30),
        ),
        max_size=12,
    ),
    st.sampled_from(RULES),
    st.sampled_from([None, Condition("group_consent", {"groups": ("a",)})]),
    st.sampled_from([None, Quorum(overall=Fraction(1, 2), per_group=1)]),
)
def test_params_determine_every_reason(votes, method_condition, safeguard, quorum) -> None:
    """Whatever the ballots and rule, params survive JSON and give back each sentence."""
    ballots = labels(
        [v for v, _, _ in votes] + ["absent", "absent"],
        groups=[g for _, g, _ in votes] + ["a", "b"],
        weights=[w for _, _, w in votes] + [1, 1],
    )
    rule = DecisionRule(
        method_condition, quorum=quorum, safeguards=(safeguard,) if safeguard else ()
    )
    result = decide(ballots, rule)
    explained = [result, *result.conditions] + ([result.quorum] if result.quorum else [])
    for item in explained:
        assert item.code in set(ReasonCode)
        assert english(item.code, json.loads(json.dumps(item.params))) == item.reason

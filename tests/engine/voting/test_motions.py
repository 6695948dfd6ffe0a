"""Deciding motions (accord.engine.voting.motions): worked examples, properties, bad input."""

from __future__ import annotations

import dataclasses
import doctest
import importlib
import pkgutil
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.voting import motions
from accord.engine.voting.motions import (
    Choice,
    Condition,
    DecisionRule,
    MotionBallots,
    Quorum,
    concurrent_majority,
    consent,
    decide,
    group_consent,
    qualified_majority,
    quorum_check,
    simple_majority,
    unanimity,
    weighted_majority,
)

# The Lake Kivuli Basin partnership of the demo (docs DEMO.md): nine member organizations.
KIVULI = [
    ("Kivuli County Government", "public"),
    ("National Water Resources Authority", "public"),
    ("Bluewater Flower Farms Ltd", "private"),
    ("Kivuli Fisherfolk Cooperative", "community"),
    ("Maji Women's Group", "community"),
    ("Friends of Kivuli", "civil society"),
    ("Kivuli University", "academic"),
    ("Harambee Waters Foundation", "philanthropic"),
    ("Lakeside Youth Network", "community"),
]


def kivuli_ballots(votes: dict[str, str]) -> MotionBallots:
    return MotionBallots.from_labels(
        [votes.get(name, "yes") for name, _ in KIVULI], groups=[sector for _, sector in KIVULI]
    )


CLOSE_BREEDING_GROUNDS = {
    "Kivuli Fisherfolk Cooperative": "no",
    "Maji Women's Group": "no",
    "Lakeside Youth Network": "no",
}


@pytest.mark.parametrize(
    "name", sorted(info.name for info in pkgutil.iter_modules(motions.__path__))
)
def test_doctests(name):
    """Every module of the package (doctest skips names the package only re-exports)."""
    result = doctest.testmod(importlib.import_module(f"{motions.__name__}.{name}"))
    assert result.failed == 0
    assert result.attempted > 0 or name in {"results", "verdicts"}


# ---- worked examples ---------------------------------------------------------------------


def test_demo_story_simple_majority_passes_concurrent_majority_fails():
    """The demo story: closing the breeding grounds for three months. Six of nine members
    vote yes and the three community members vote no: a simple majority passes, but the
    concurrent majority (Calhoun 1851) fails because the community sector has no majority."""
    ballots = kivuli_ballots(CLOSE_BREEDING_GROUNDS)

    majority = simple_majority(ballots)
    assert majority.outcome == "accepted"
    assert (majority.totals.yes, majority.totals.no) == (6, 3)

    concurrent = concurrent_majority(ballots)
    assert concurrent.outcome == "rejected"
    assert concurrent.decided_by == "concurrent_majority"
    assert concurrent.reason == (
        "Majority overall (6 yes against 3 no) but not in group 'community' (0 yes against 3 no)."
    )
    by_scope = {c.scope: c for c in concurrent.conditions[0].comparisons}
    assert by_scope["overall"].passed
    assert not by_scope["community"].passed
    assert all(by_scope[s].passed for s in ("public", "private", "academic", "philanthropic"))
    community = next(g for g in concurrent.by_group if g.group == "community")
    assert (community.eligible, community.counts.no) == (3, 3)
    assert "community (3 eligible): 0 yes, 3 no" in concurrent.explain()


def test_demo_story_as_a_safeguard():
    """The same vote under simple majority with the community's free, prior and informed
    consent as a safeguard: the method holds and the safeguard decides."""
    rule = DecisionRule(
        Condition("simple_majority"),
        quorum=Quorum(overall=Fraction(1, 2)),
        safeguards=(Condition("group_consent", {"groups": ("community",)}),),
    )
    result = decide(kivuli_ballots(CLOSE_BREEDING_GROUNDS), rule)
    assert result.outcome == "rejected"
    assert result.decided_by == "group_consent"
    assert [c.passed for c in result.conditions] == [True, False]
    assert result.reason.endswith("(safeguard; the simple_majority held)")

    agreed = decide(kivuli_ballots({"Kivuli Fisherfolk Cooperative": "no"}), rule)
    assert agreed.outcome == "accepted"
    assert agreed.reason.endswith("and every safeguard held.")


def test_simple_majority_tie_is_rejected_unless_told_otherwise():
    ballots = MotionBallots.from_labels(["yes", "yes", "no", "no", "abstain"])
    result = simple_majority(ballots)
    assert result.outcome == "rejected"
    assert result.conditions[0].comparisons[0].tie
    assert simple_majority(ballots, tie_breaking="accept").outcome == "accepted"


def test_simple_majority_abstentions_ignored_or_counted():
    ballots = MotionBallots.from_labels(["yes"] * 4 + ["no"] * 3 + ["abstain"] * 2)
    assert simple_majority(ballots).outcome == "accepted"
    assert simple_majority(ballots, abstentions="count").outcome == "rejected"


def test_objection_counts_as_no_under_majority():
    ballots = MotionBallots.from_labels(["yes", "yes", "no", "object", "object"])
    assert simple_majority(ballots).outcome == "rejected"
    assert simple_majority(ballots).conditions[0].comparisons[0].against == 3


def test_nobody_voted_is_rejected():
    ballots = MotionBallots.from_labels(["absent", "abstain"])
    result = simple_majority(ballots)
    assert result.outcome == "rejected"
    assert result.reason.startswith("No votes to count")


def test_qualified_majority_thresholds_and_bases():
    ballots = MotionBallots.from_labels(["yes"] * 6 + ["no"] * 3 + ["abstain"] + ["absent"] * 2)
    assert qualified_majority(ballots).outcome == "accepted"  # 6/9 = 2/3 exactly
    assert qualified_majority(ballots, tie_breaking="reject").outcome == "rejected"
    assert qualified_majority(ballots, base="cast").outcome == "rejected"  # 6/10
    assert qualified_majority(ballots, "3/5", base="cast").outcome == "accepted"  # 6 >= 6
    assert qualified_majority(ballots, Fraction(1, 2), base="eligible").outcome == "accepted"
    assert qualified_majority(ballots, Fraction(3, 4)).outcome == "rejected"
    comparison = qualified_majority(ballots, base="eligible").conditions[0].comparisons[0]
    assert (comparison.base, comparison.required) == (12, 8)


def test_unanimity():
    assert unanimity(MotionBallots.from_labels(["yes", "abstain", "absent"])).accepted
    blocked = unanimity(MotionBallots.from_labels(["yes", "yes", "no", "object"]))
    assert blocked.reason == "No consensus: 1 no and 1 objection against 2 yes."
    assert not unanimity(MotionBallots.from_labels(["abstain", "abstain"])).accepted
    assert not unanimity(
        MotionBallots.from_labels(["yes", "abstain"]), abstentions="block"
    ).accepted
    everyone = unanimity(
        MotionBallots.from_labels(["yes", "yes", "absent"]), quorum=Quorum(overall=Fraction(1))
    )
    assert everyone.outcome == "no_quorum"


def test_consent_passes_unless_reasoned_objection():
    ok = consent(MotionBallots.from_labels(["yes", "abstain", "absent"]))
    assert ok.accepted
    assert ok.reason == "No reasoned objection (1 consent, 1 standing aside)."
    blocked = consent(MotionBallots.from_labels(["yes", "object"], reasons=[False, True]))
    assert blocked.outcome == "rejected"
    assert blocked.reason == "1 reasoned objection must be resolved first."


def test_consent_silence_is_consent_so_use_a_quorum():
    silent = MotionBallots.from_labels(["absent"] * 5)
    assert consent(silent).accepted
    assert consent(silent, quorum=Quorum(overall=Fraction(1, 2))).outcome == "no_quorum"


def test_consent_objection_without_reason_is_invalid():
    ballots = MotionBallots.from_labels(["yes", "object", "object"], reasons=[False, True, False])
    with pytest.raises(ValueError, match=r"objections of voters 2 have none"):
        consent(ballots)


def test_consent_no_vote_is_invalid_unless_counted_as_objection():
    ballots = MotionBallots.from_labels(["yes", "no"], reasons=[False, True])
    with pytest.raises(ValueError, match=r"voters 1 voted 'no'.*count_no_as_objection=True"):
        consent(ballots)
    assert consent(ballots, count_no_as_objection=True).outcome == "rejected"
    unreasoned = MotionBallots.from_labels(["yes", "no"])
    with pytest.raises(ValueError, match="must state its reason"):
        consent(unreasoned, count_no_as_objection=True)


def test_weighted_majority_with_cap():
    """A funder holding 60 % outvotes everyone; capped at 30 % it cannot, and the capped
    totals are exact: 30 yes against 70 no."""
    ballots = MotionBallots.from_labels(["yes", "no", "no", "no"], weights=[60, 20, 12, 8])
    assert weighted_majority(ballots).accepted
    capped = weighted_majority(ballots, cap=Fraction(3, 10))
    comparison = capped.conditions[0].comparisons[0]
    assert (comparison.yes, comparison.against) == (30, 70)
    assert "2 voters held at the cap of 3/10" in capped.reason
    assert capped.outcome == "rejected"
    assert capped.weight_totals.yes == 60  # raw totals are reported too


def test_weighted_majority_cap_over_voters_who_cast():
    ballots = MotionBallots.from_labels(["yes", "no", "no", "absent"], weights=[50, 20, 20, 10])
    eligible = weighted_majority(ballots, cap="3/10").conditions[0].comparisons[0]
    assert (eligible.yes, eligible.against) == (30, 56)  # others scaled by 7/5
    cast = weighted_majority(ballots, cap="2/5", cap_base="cast").conditions[0].comparisons[0]
    assert (cast.yes, cast.against) == (36, 54)  # 90 among three, 50 capped at 36
    with pytest.raises(ValueError, match="infeasible"):
        weighted_majority(ballots, cap="3/10", cap_base="cast")
    clamped = weighted_majority(ballots, cap="3/10", cap_base="cast", if_infeasible="equal_shares")
    assert "clamped" in clamped.reason


def test_weighted_majority_rational_weights_in_callers_units():
    ballots = MotionBallots.from_labels(["yes", "no"], weights=[Fraction(3, 2), Fraction(1, 3)])
    result = weighted_majority(ballots)
    assert result.accepted
    assert result.weight_totals.yes == Fraction(3, 2)
    assert result.conditions[0].comparisons[0].against == Fraction(1, 3)


def test_concurrent_majority_voting_groups_or_eligible_groups():
    """Group c stays away: it is not checked among voting groups, and blocks among eligible."""
    ballots = MotionBallots.from_labels(
        ["yes", "yes", "yes", "absent", "absent"], groups=["a", "a", "b", "c", "c"]
    )
    assert concurrent_majority(ballots).accepted
    eligible = concurrent_majority(ballots, groups="eligible")
    assert eligible.outcome == "rejected"
    assert "'c' (0 yes against 0 no)" in eligible.reason


def test_concurrent_majority_abstaining_group():
    ballots = MotionBallots.from_labels(["yes", "yes", "abstain"], groups=["a", "a", "b"])
    assert concurrent_majority(ballots).accepted  # b cast no yes/no: not a voting group
    assert not concurrent_majority(ballots, abstentions="count").accepted


def test_concurrent_majority_weighted():
    ballots = MotionBallots.from_labels(
        ["yes", "no", "no", "yes"], groups=["a", "a", "a", "b"], weights=[5, 1, 1, 1]
    )
    assert not concurrent_majority(ballots).accepted
    assert concurrent_majority(ballots, weighted=True).accepted


def test_group_consent_silence_is_not_consent():
    ballots = MotionBallots.from_labels(
        ["yes", "yes", "absent", "abstain"], groups=["public", "public", "community", "community"]
    )
    result = group_consent(ballots, ["community"])
    assert result.outcome == "rejected"
    assert "silence is not consent" in result.reason
    assert group_consent(ballots, ["public"]).accepted


def test_quorum_fraction_rounds_up_and_counts_abstentions():
    ballots = MotionBallots.from_labels(
        ["yes", "abstain", "object", "no", "absent"] + ["absent"] * 4
    )
    check = quorum_check(ballots, Quorum(overall=Fraction(1, 2)))
    assert (check.overall.voted, check.overall.eligible, check.overall.required) == (4, 9, 5)
    assert not check.met
    assert quorum_check(ballots, Quorum(overall=4)).met


def test_quorum_per_group_skips_groups_without_eligible_voters():
    ballots = MotionBallots(
        choices=np.array([1, 2, 0]),
        groups=np.array([0, 0, 2]),
        group_names=("a", "b", "c"),
    )
    check = quorum_check(ballots, Quorum(per_group=Fraction(1, 2)))
    assert [c.scope for c in check.per_group] == ["a", "c"]
    assert not check.met
    assert check.reason == "Group 'c': 0 of 1 eligible voters voted; the quorum is 1."


def test_eligible_groups_when_only_ballots_received_are_listed():
    ballots = MotionBallots.from_labels(
        ["yes", "yes"],
        groups=["a", "b"],
        eligible_groups=["a", "a", "a", "b"],
    )
    check = quorum_check(ballots, Quorum(per_group=Fraction(1, 2)))
    assert [(c.scope, c.voted, c.eligible, c.met) for c in check.per_group] == [
        ("a", 1, 3, False),
        ("b", 1, 1, True),
    ]
    result = simple_majority(ballots)
    assert result.totals.absent == 2
    with pytest.raises(ValueError, match="group 'b' has 2 ballots but only 1 eligible"):
        MotionBallots.from_labels(["yes", "no"], groups=["b", "b"], eligible_groups=["b"])


def test_decide_order_quorum_first_then_method_then_safeguards():
    ballots = MotionBallots.from_labels(["no", "no", "absent", "absent", "absent"])
    rule = DecisionRule(Condition("simple_majority"), quorum=Quorum(overall=3))
    result = decide(ballots, rule)
    assert (result.outcome, result.decided_by) == ("no_quorum", "quorum")
    assert not result.conditions[0].passed  # evaluated anyway, recorded


def test_invalid_input_raises_even_without_quorum():
    ballots = MotionBallots.from_labels(["object", "absent", "absent"])
    with pytest.raises(ValueError, match="must state its reason"):
        consent(ballots, quorum=Quorum(overall=3))


def test_results_are_frozen_and_native():
    result = simple_majority(MotionBallots(choices=np.array([1, 1, 2], dtype=np.int8)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.outcome = "rejected"  # type: ignore[misc]
    for value in dataclasses.astuple(result.totals) + dataclasses.astuple(result.weight_totals):
        assert type(value) in (int, Fraction)
    comparison = result.conditions[0].comparisons[0]
    assert type(comparison.yes) is int and type(comparison.required) in (int, Fraction)


# ---- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: MotionBallots(choices=np.array([1, 7])), "voter 1 has 7"),
        (lambda: MotionBallots(choices=np.array([[1]])), "one-dimensional"),
        (lambda: MotionBallots(choices=np.array(["yes"])), "from_labels"),
        (lambda: MotionBallots(choices=np.array([1, 2]), weights=[1, -1]), "voter 1 has weight"),
        (lambda: MotionBallots(choices=np.array([1, 2]), weights=[1]), "1 entries but there are 2"),
        (lambda: MotionBallots(choices=np.array([1]), groups=np.array([-1])), "non-negative"),
        (
            lambda: MotionBallots(choices=np.array([1]), groups=np.array([1]), group_names=("a",)),
            "group index 1 has no name",
        ),
        (
            lambda: MotionBallots(choices=np.array([1, 1]), groups=[0, 1], group_names=("a", "a")),
            "distinct",
        ),
        (lambda: MotionBallots(choices=np.array([1]), reasons=np.array([1])), "booleans"),
        (lambda: MotionBallots.from_labels(["yes", "maybe"]), "voter 1: unknown choice 'maybe'"),
        (
            lambda: MotionBallots.from_labels(["yes"], groups=["x"], group_names=["a"]),
            "group 'x' is not in group_names",
        ),
        (lambda: Condition("plurality"), "unknown rule 'plurality'"),
        (lambda: Condition("simple_majority", {"threshold": "2/3"}), "takes no option threshold"),
        (lambda: Quorum(overall=Fraction(3, 2)), "pass an int for an absolute number"),
        (lambda: Quorum(per_group=-1), "non-negative number of voters"),
        (lambda: DecisionRule("simple_majority"), "must be a Condition"),  # type: ignore[arg-type]
    ],
)
def test_bad_input_raises_actionable_messages(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda b: simple_majority(b, abstentions="no"), "abstentions must be one of"),
        (lambda b: simple_majority(b, tie_breaking="coin"), "tie_breaking must be one of"),
        (lambda b: qualified_majority(b, 0), r"threshold must lie in \(0, 1\]"),
        (lambda b: qualified_majority(b, base="members"), "base must be one of"),
        (lambda b: group_consent(b, ["nobody"]), r"unknown group\(s\) \['nobody'\]"),
        (lambda b: group_consent(b, []), "needs the names"),
        (lambda b: concurrent_majority(b, groups="all"), "groups must be one of"),
        (lambda b: weighted_majority(b, cap=2), r"cap must lie in \(0, 1\]"),
        (lambda b: unanimity(b, abstentions="ignore"), "abstentions must be one of"),
        (lambda b: decide([1, 2], DecisionRule(Condition("unanimity"))), "MotionBallots"),
    ],
)
def test_bad_options_raise_actionable_messages(call, message):
    ballots = MotionBallots.from_labels(["yes", "no", "yes"], groups=["a", "b", "a"])
    with pytest.raises(ValueError, match=message):
        call(ballots)


# ---- properties --------------------------------------------------------------------------

GROUP_NAMES = ("a", "b", "c")

RULES = [
    DecisionRule(Condition("simple_majority")),
    DecisionRule(Condition("simple_majority", {"abstentions": "count"})),
    DecisionRule(Condition("qualified_majority")),
    DecisionRule(Condition("qualified_majority", {"threshold": "3/5", "base": "eligible"})),
    DecisionRule(Condition("unanimity")),
    DecisionRule(Condition("consent", {"count_no_as_objection": True})),
    DecisionRule(Condition("weighted_majority")),
    DecisionRule(Condition("weighted_majority", {"cap": "1/2", "if_infeasible": "equal_shares"})),
    DecisionRule(
        Condition(
            "weighted_majority", {"cap": "1/3", "cap_base": "cast", "if_infeasible": "equal_shares"}
        )
    ),
    DecisionRule(Condition("concurrent_majority")),
    DecisionRule(Condition("concurrent_majority", {"groups": "eligible", "weighted": True})),
    DecisionRule(Condition("group_consent", {"groups": ("b",)})),
    DecisionRule(
        Condition("simple_majority"),
        quorum=Quorum(overall=Fraction(1, 2), per_group=1),
        safeguards=(Condition("group_consent", {"groups": ("a", "c")}),),
    ),
]


@st.composite
def ballots_strategy(draw, max_size: int = 25):
    n = draw(st.integers(1, max_size))
    choices = draw(st.lists(st.integers(0, 4), min_size=n, max_size=n))
    groups = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    weights = draw(st.lists(st.integers(0, 9), min_size=n, max_size=n))
    return MotionBallots(
        choices=np.array(choices),
        weights=np.array(weights),
        groups=np.array(groups),
        group_names=GROUP_NAMES,
        reasons=np.ones(n, dtype=bool),
    )


def _outcome(ballots: MotionBallots, rule: DecisionRule) -> str:
    return decide(ballots, rule).outcome


@settings(max_examples=60, deadline=None)
@given(ballots_strategy(), st.randoms(use_true_random=False))
def test_property_anonymity_voters_can_be_reordered(ballots, random):
    """Permuting the voters (each with their ballot, weight, group) changes no outcome."""
    order = list(range(ballots.n_voters))
    random.shuffle(order)
    shuffled = MotionBallots(
        choices=ballots.choices[order],
        weights=ballots.weights[order],
        groups=ballots.groups[order],
        group_names=GROUP_NAMES,
        reasons=ballots.reasons[order],
    )
    for rule in RULES:
        assert _outcome(shuffled, rule) == _outcome(ballots, rule)


@settings(max_examples=60, deadline=None)
@given(ballots_strategy(), st.randoms(use_true_random=False))
def test_property_anonymity_within_a_group(ballots, random):
    """With equal weights, swapping ballots between members of the same group changes
    nothing, for every rule, group-based ones included."""
    choices = ballots.choices.copy()
    for g in range(len(GROUP_NAMES)):
        members = np.flatnonzero(ballots.groups == g)
        choices[members] = choices[random.sample(list(members), len(members))]
    equal = dataclasses.replace(ballots, weights=None)
    swapped = dataclasses.replace(ballots, weights=None, choices=choices)
    for rule in RULES:
        assert _outcome(swapped, rule) == _outcome(equal, rule)


@settings(max_examples=80, deadline=None)
@given(ballots_strategy(), st.data())
def test_property_monotonicity_no_to_yes_never_hurts(ballots, data):
    """Turning a "no" (or an objection) into a "yes" never turns accepted into rejected."""
    against = np.flatnonzero(np.isin(ballots.choices, [Choice.NO, Choice.OBJECT]))
    if against.size == 0:
        return
    voter = int(data.draw(st.sampled_from(against.tolist())))
    choices = ballots.choices.copy()
    choices[voter] = Choice.YES
    more_yes = dataclasses.replace(ballots, choices=choices)
    for rule in RULES:
        if _outcome(ballots, rule) == "accepted":
            assert _outcome(more_yes, rule) == "accepted", rule


@settings(max_examples=60, deadline=None)
@given(ballots_strategy())
def test_property_qualified_half_without_ties_is_simple_majority(ballots):
    simple = simple_majority(ballots).outcome
    assert qualified_majority(ballots, "1/2", tie_breaking="reject").outcome == simple
    unit = dataclasses.replace(ballots, weights=None)
    assert weighted_majority(unit).outcome == simple_majority(unit).outcome


@settings(max_examples=60, deadline=None)
@given(ballots_strategy(), st.fractions(Fraction(1, 4), 1, max_denominator=12))
def test_property_weighted_cap_never_exceeded(ballots, cap):
    """In the weighted majority, no voter's capped weight exceeds the cap of the total."""
    if not bool(np.any(ballots.weights > 0)):
        return
    result = weighted_majority(ballots, cap=cap, if_infeasible="equal_shares")
    comparison = result.conditions[0].comparisons[0]
    capped = motions.capped_weights(ballots.weights, cap, if_infeasible="equal_shares")
    assert max(capped.shares()) <= max(cap, capped.cap)
    total = comparison.yes + comparison.against + comparison.abstain
    assert total <= capped.total


def test_million_voters_ten_groups():
    rng = np.random.default_rng(3)
    n = 1_000_000
    ballots = MotionBallots(
        choices=rng.integers(0, 5, n),
        weights=rng.integers(1, 100, n),
        groups=rng.integers(0, 10, n),
    )
    result = concurrent_majority(ballots)
    assert sum(g.eligible for g in result.by_group) == n
    assert result.totals.cast + result.totals.absent == n
    assert weighted_majority(ballots, cap="1/100").outcome in ("accepted", "rejected")


@pytest.mark.parametrize("rule", RULES)
def test_rule_round_trips_through_json(rule):
    import json

    stored = json.loads(json.dumps(rule.to_dict()))
    assert DecisionRule.from_dict(stored) == rule


def test_rule_from_dict_rejects_unknown_fields():
    with pytest.raises(ValueError, match="no field quroum"):
        DecisionRule.from_dict({"method": {"rule": "unanimity"}, "quroum": None})
    with pytest.raises(ValueError, match="needs a method"):
        DecisionRule.from_dict({})
    with pytest.raises(ValueError, match="takes no option cap"):
        DecisionRule.from_dict({"method": {"rule": "unanimity", "options": {"cap": "1/2"}}})


def test_ballots_keep_private_read_only_arrays():
    choices = np.array([1, 1, 2])
    ballots = MotionBallots(choices=choices)
    assert simple_majority(ballots).accepted
    choices[:] = 2  # the caller's array is not the one counted
    assert simple_majority(ballots).accepted
    with pytest.raises(ValueError, match="read-only"):
        ballots.choices[0] = 2


UNWEIGHTED_RULES = [r for r in RULES if r.method.rule != "weighted_majority"]


@settings(max_examples=60, deadline=None)
@given(ballots_strategy())
def test_property_listing_only_ballots_received_gives_the_same_result(ballots):
    """Every eligible voter as a row (absent ones included) or only the ballots received plus
    ``eligible_groups``: the same outcome, totals and quorum under the unweighted rules."""
    voted = ballots.choices != Choice.ABSENT
    received = MotionBallots(
        choices=ballots.choices[voted],
        groups=ballots.groups[voted],
        group_names=GROUP_NAMES,
        reasons=ballots.reasons[voted],
        eligible_groups=ballots.groups,
    )
    everyone = dataclasses.replace(ballots, weights=None)
    for rule in UNWEIGHTED_RULES:
        full, short = decide(everyone, rule), decide(received, rule)
        assert (short.outcome, short.reason) == (full.outcome, full.reason)
        assert short.totals == full.totals
        assert short.quorum == full.quorum


def test_concurrent_majority_weighted_reports_callers_units():
    ballots = MotionBallots.from_labels(
        ["yes", "no", "yes"], groups=["a", "a", "b"], weights=["0.5", "0.25", "0.1"]
    )
    result = concurrent_majority(ballots, weighted=True)
    assert result.accepted
    overall = result.conditions[0].comparisons[0]
    assert (overall.yes, overall.against) == (Fraction(3, 5), Fraction(1, 4))
    assert "Weights: 0.6 yes, 0.25 no" in result.explain()


def test_group_consent_with_a_higher_threshold():
    ballots = MotionBallots.from_labels(["yes", "yes", "no"], groups=["c", "c", "c"])
    assert group_consent(ballots, ["c"]).accepted
    assert not group_consent(ballots, ["c"], threshold="3/4").accepted


@settings(max_examples=60, deadline=None)
@given(ballots_strategy())
def test_property_swapping_yes_and_no_reverses_an_accepted_majority(ballots):
    """Neutrality between yes and no: if a motion passes by simple (or concurrent) majority,
    the mirrored vote (every yes a no, every no or objection a yes) fails."""
    choices = ballots.choices
    mirrored = np.where(choices == Choice.YES, Choice.NO, choices)
    mirrored = np.where(np.isin(choices, [Choice.NO, Choice.OBJECT]), Choice.YES, mirrored)
    swapped = dataclasses.replace(ballots, choices=mirrored)
    for rule in (
        DecisionRule(Condition("simple_majority")),
        DecisionRule(Condition("concurrent_majority")),
    ):
        if decide(ballots, rule).accepted:
            assert not decide(swapped, rule).accepted

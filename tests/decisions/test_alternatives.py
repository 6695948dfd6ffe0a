"""Proposals with alternatives: rules, alternatives, ranked/approval/score ballots, the
tally, the power analysis and the PrefLib export (services and selectors)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accord.audit.models import Event
from accord.decisions import choice_rules, pseudonyms, selectors, services
from accord.decisions.models import (
    Alternative,
    Ballot,
    Decision,
    Participation,
    Proposal,
)
from accord.engine.io.preflib import parse_preflib
from accord.engine.voting import approval_voting, instant_runoff, schulze, score_voting
from accord.engine.voting.motions import Choice
from accord.errors import Conflict, Forbidden, Invalid
from tests.decisions.conftest import proposal_in_voting, rule

pytestmark = pytest.mark.django_db

NAMES = ["Harbour wall", "Hatchery", "Mangroves"]


def state(proposal):
    """Everything a refused call must leave untouched."""
    return (
        Ballot.objects.filter(proposal=proposal).count(),
        Participation.objects.filter(proposal=proposal).count(),
        Decision.objects.filter(proposal=proposal).count(),
        Proposal.objects.get(pk=proposal.pk).status,
        list(Alternative.objects.filter(proposal=proposal).values_list("name", flat=True)),
        Event.objects.count(),
    )


def choice_proposal(world, preset, names=NAMES, **rule_kwargs):
    """A proposal in voting under a new general rule from ``preset``, with ``names``."""
    rule(world, preset, preset=preset, **rule_kwargs)
    coordinator = world.users["coordinator"]
    proposal = services.proposal_create(
        actor=coordinator, partnership=world.partnership, title="Where the fund goes"
    )
    services.alternatives_set(actor=coordinator, proposal=proposal, names=list(names))
    services.proposal_advance(actor=coordinator, proposal=proposal)
    services.proposal_advance(
        actor=coordinator, proposal=proposal, closes_at=timezone.now() + timedelta(hours=48)
    )
    return proposal


def ids(proposal):
    """Alternative ids by name."""
    return {a.name: a.pk for a in selectors.alternative_list(proposal=proposal)}


def voters(world):
    return {
        "county": (world.orgs["county"], world.users["coordinator"]),
        "foundation": (world.orgs["foundation"], world.users["representative"]),
        "coop": (world.orgs["coop"], world.users["small_representative"]),
    }


def close_now(world, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(voting_closes_at=timezone.now())
    proposal.refresh_from_db()
    return services.proposal_close(actor=None, proposal=proposal)


# --- rules ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preset", "method"),
    [
        ("ranked_schulze", "schulze"),
        ("ranked_instant_runoff", "instant_runoff"),
        ("approval_vote", "approval"),
        ("score_vote_0_5", "score"),
    ],
)
def test_rule_from_a_choice_preset_is_listed_and_assigned(world, preset, method):
    created = rule(world, f"Rule {preset}", preset=preset)
    assert created.spec["method"]["rule"] == method
    assert created.preset == preset
    assert created in selectors.rule_list(partnership=world.partnership)
    assert selectors.rule_for_kind(partnership=world.partnership, kind="general") == created
    assert choice_rules.is_alternatives_rule(created.snapshot())


def test_every_choice_preset_has_a_plain_explanation():
    names = [p.name for p in choice_rules.PRESETS]
    assert names == [
        "Ranked choice (Schulze)",
        "Ranked choice (instant runoff)",
        "Approval vote",
        "Score vote (0–5)",
    ]
    assert all(len(p.explanation) > 80 for p in choice_rules.PRESETS)


def test_custom_choice_rule_is_validated(world):
    created = services.rule_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        name="Score 1-10",
        spec={"method": {"rule": "score", "options": {"min_score": 1, "max_score": 10}}},
    )
    assert created.spec["method"]["options"] == {"min_score": 1, "max_score": 10}
    for bad in (
        {"method": {"rule": "score", "options": {"min_score": 5, "max_score": 5}}},
        {"method": {"rule": "schulze", "options": {"colour": "red"}}},
        {"method": {"rule": "approval"}, "quorum": {"overall": "1/2"}},
        {"method": {"rule": "instant_runoff", "options": {"tie_breaking": "random"}}},
    ):
        with pytest.raises(Invalid):
            services.rule_create(
                actor=world.users["coordinator"],
                partnership=world.partnership,
                name="Bad",
                spec=bad,
            )
    assert not world.partnership.decision_rules.filter(name="Bad").exists()


def test_yes_no_rules_are_unchanged(world):
    created = services.rule_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        name="Two thirds",
        preset="two_thirds_majority",
    )
    assert created.spec["method"]["rule"] == "qualified_majority"
    assert not choice_rules.is_alternatives_rule(created.snapshot())


# --- alternatives -------------------------------------------------------------------------------


def test_alternatives_are_set_in_order_while_drafting(world):
    coordinator = world.users["coordinator"]
    proposal = services.proposal_create(
        actor=coordinator, partnership=world.partnership, title="Pick one"
    )
    services.alternatives_set(actor=coordinator, proposal=proposal, names=["  B  ", "A"])
    assert [(a.position, a.name) for a in selectors.alternative_list(proposal=proposal)] == [
        (1, "B"),
        (2, "A"),
    ]
    services.proposal_advance(actor=coordinator, proposal=proposal)
    services.alternatives_set(actor=coordinator, proposal=proposal, names=["A", "C", "B"])
    assert [a.name for a in selectors.alternative_list(proposal=proposal)] == ["A", "C", "B"]
    assert Event.objects.filter(verb="decisions.alternatives_set").count() == 2


def test_the_author_may_set_alternatives_other_members_may_not(world):
    author = world.users["representative"]
    proposal = services.proposal_create(
        actor=author, partnership=world.partnership, title="Pick one"
    )
    services.alternatives_set(actor=author, proposal=proposal, names=["A", "B"])
    before = state(proposal)
    for role in ("small_representative", "staff", "observer"):
        with pytest.raises(Forbidden):
            services.alternatives_set(actor=world.users[role], proposal=proposal, names=["X"])
    assert state(proposal) == before


@pytest.mark.parametrize(
    "names",
    [
        ["A", "a"],
        ["A", "   "],
        [f"Option {i}" for i in range(21)],
        ["x" * 201],
        "A, B",
    ],
)
def test_bad_alternatives_are_refused(world, names):
    coordinator = world.users["coordinator"]
    proposal = services.proposal_create(
        actor=coordinator, partnership=world.partnership, title="Pick one"
    )
    services.alternatives_set(actor=coordinator, proposal=proposal, names=["Keep"])
    before = state(proposal)
    with pytest.raises(Invalid):
        services.alternatives_set(actor=coordinator, proposal=proposal, names=names)
    assert state(proposal) == before


def test_twenty_alternatives_are_allowed(world):
    coordinator = world.users["coordinator"]
    proposal = services.proposal_create(
        actor=coordinator, partnership=world.partnership, title="Pick one"
    )
    names = [f"Option {i}" for i in range(20)]
    assert len(services.alternatives_set(actor=coordinator, proposal=proposal, names=names)) == 20


def test_opening_the_vote_needs_two_alternatives(world):
    rule(world, "Approval", preset="approval_vote")
    coordinator = world.users["coordinator"]
    proposal = services.proposal_create(
        actor=coordinator, partnership=world.partnership, title="Pick one"
    )
    services.alternatives_set(actor=coordinator, proposal=proposal, names=["Only"])
    services.proposal_advance(actor=coordinator, proposal=proposal)
    before = state(proposal)
    with pytest.raises(Invalid, match="at least 2"):
        services.proposal_advance(
            actor=coordinator, proposal=proposal, closes_at=timezone.now() + timedelta(days=1)
        )
    assert state(proposal) == before


def test_a_yes_no_rule_refuses_alternatives_and_a_choice_freezes_sector_consent(world):
    coordinator = world.users["coordinator"]
    proposal = services.proposal_create(
        actor=coordinator, partnership=world.partnership, title="Yes or no"
    )
    services.alternatives_set(actor=coordinator, proposal=proposal, names=["A", "B"])
    services.proposal_advance(actor=coordinator, proposal=proposal)
    closes = timezone.now() + timedelta(days=1)
    with pytest.raises(Invalid, match="yes/no rule"):
        services.proposal_advance(actor=coordinator, proposal=proposal, closes_at=closes)
    rule(world, "Approval", preset="approval_vote")
    consent = services.proposal_create(
        actor=coordinator,
        partnership=world.partnership,
        title="With consent",
        affected_groups=["community"],
    )
    services.alternatives_set(actor=coordinator, proposal=consent, names=["A", "B"])
    services.proposal_advance(actor=coordinator, proposal=consent)
    services.proposal_advance(actor=coordinator, proposal=consent, closes_at=closes)
    frozen = Proposal.objects.get(pk=consent.pk).rule_snapshot["group_consent"]
    assert frozen == [{"code": "community", "label": "Community", "sector": "community"}]


def test_alternatives_are_frozen_when_voting_opens(world):
    proposal = choice_proposal(world, "ranked_schulze")
    snapshot = Proposal.objects.get(pk=proposal.pk).rule_snapshot
    assert [a["name"] for a in snapshot["alternatives"]] == NAMES
    assert [a["position"] for a in snapshot["alternatives"]] == [1, 2, 3]
    before = state(proposal)
    with pytest.raises(Conflict):
        services.alternatives_set(
            actor=world.users["coordinator"], proposal=proposal, names=["Other", "Else"]
        )
    assert state(proposal) == before


# --- ballots ------------------------------------------------------------------------------------


def test_ranked_ballot_changes_are_kept_and_the_last_counts(world):
    proposal = choice_proposal(world, "ranked_schulze")
    a = ids(proposal)
    rep = world.users["representative"]
    first = services.ballot_cast(
        actor=rep, proposal=proposal, ranking=[a["Hatchery"], a["Mangroves"]]
    )
    second = services.ballot_cast(
        actor=rep, proposal=proposal, ranking=[[a["Mangroves"], a["Harbour wall"]]]
    )
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.choice == second.choice == ""
    assert second.preferences == {"ranking": [[a["Harbour wall"], a["Mangroves"]]]}
    assert Ballot.objects.filter(proposal=proposal).count() == 2
    current = selectors.current_ballots(proposal=proposal)
    assert current[world.orgs["foundation"].pk].pk == second.pk
    assert Participation.objects.filter(proposal=proposal).count() == 1


def test_secret_ranked_ballot_carries_a_pseudonym(world):
    proposal = choice_proposal(world, "ranked_schulze", secrecy="secret")
    a = ids(proposal)
    ballot = services.ballot_cast(
        actor=world.users["representative"], proposal=proposal, ranking=[a["Hatchery"]]
    )
    assert ballot.organization is None and ballot.cast_by is None
    assert ballot.pseudonym == pseudonyms.ballot_pseudonym(
        proposal_id=proposal.pk, organization_id=world.orgs["foundation"].pk
    )
    event = Event.objects.get(verb="decisions.ballot_cast")
    assert "Hatchery" not in event.summary


def _bad(kind, a):
    unknown = max(a.values()) + 100
    return {
        "ranked_schulze": [
            {"ranking": [unknown]},
            {"ranking": [a["Hatchery"], a["Hatchery"]]},
            {"ranking": [[a["Hatchery"], a["Mangroves"]], a["Mangroves"]]},
            {"ranking": []},
            {"ranking": [[]]},
            {"ranking": ["hatchery"]},
            {"approvals": [a["Hatchery"]]},
            {"choice": "yes"},
            {},
        ],
        "ranked_instant_runoff": [
            {"ranking": [[a["Hatchery"], a["Mangroves"]]]},
            {"ranking": [a["Hatchery"], unknown]},
            {"scores": {a["Hatchery"]: 1}},
        ],
        "approval_vote": [
            {"approvals": []},
            {"approvals": [unknown]},
            {"approvals": [a["Hatchery"], a["Hatchery"]]},
            {"ranking": [a["Hatchery"]]},
        ],
        "score_vote_0_5": [
            {"scores": {a["Hatchery"]: 6, a["Mangroves"]: 0, a["Harbour wall"]: 0}},
            {"scores": {a["Hatchery"]: -1, a["Mangroves"]: 0, a["Harbour wall"]: 0}},
            {"scores": {a["Hatchery"]: 5}},
            {"scores": {a["Hatchery"]: 5, a["Mangroves"]: 0, unknown: 0}},
            {"scores": {a["Hatchery"]: 2.5, a["Mangroves"]: 0, a["Harbour wall"]: 0}},
            {"scores": {}},
        ],
    }[kind]


@pytest.mark.parametrize(
    ("preset", "case"),
    [
        *((p, i) for p in ("ranked_schulze",) for i in range(9)),
        *(("ranked_instant_runoff", i) for i in range(3)),
        *(("approval_vote", i) for i in range(4)),
        *(("score_vote_0_5", i) for i in range(6)),
    ],
)
def test_bad_ballots_are_refused_and_change_nothing(world, preset, case):
    proposal = choice_proposal(world, preset)
    body = _bad(preset, ids(proposal))[case]
    before = state(proposal)
    with pytest.raises(Invalid):
        services.ballot_cast(actor=world.users["representative"], proposal=proposal, **body)
    assert state(proposal) == before


def test_a_ranking_on_a_yes_no_proposal_is_refused(voting):
    before = state(voting.proposal)
    with pytest.raises(Invalid, match="yes, no"):
        services.ballot_cast(
            actor=voting.users["representative"], proposal=voting.proposal, ranking=[1]
        )
    assert state(voting.proposal) == before


def test_ballot_after_the_close_is_refused(world):
    proposal = choice_proposal(world, "approval_vote")
    a = ids(proposal)
    services.ballot_cast(
        actor=world.users["representative"], proposal=proposal, approvals=[a["Hatchery"]]
    )
    close_now(world, proposal)
    before = state(proposal)
    with pytest.raises(Conflict):
        services.ballot_cast(
            actor=world.users["coordinator"], proposal=proposal, approvals=[a["Mangroves"]]
        )
    assert state(proposal) == before


def test_only_representatives_cast(world):
    proposal = choice_proposal(world, "approval_vote")
    a = ids(proposal)
    before = state(proposal)
    for role in ("staff", "community", "observer"):
        with pytest.raises(Forbidden):
            services.ballot_cast(
                actor=world.users[role], proposal=proposal, approvals=[a["Hatchery"]]
            )
    assert state(proposal) == before


# --- counting -----------------------------------------------------------------------------------

#: Four prefer A > B > C, three B > C > A, two C > B > A: plurality would pick A, instant
#: runoff eliminates C and B wins 5-4; B is also the Condorcet (and so Schulze) winner.
RANKED = [("A", "B", "C")] * 4 + [("B", "C", "A")] * 3 + [("C", "B", "A")] * 2


def _cast_nine(nine, proposal, ballots, kind):
    a = ids(proposal)
    for (org, rep), ballot in zip(nine.voters.items(), ballots, strict=True):
        if kind == "ranking":
            body = {"ranking": [a[x] for x in ballot]}
        elif kind == "approvals":
            body = {"approvals": [a[x] for x in ballot]}
        else:
            body = {"scores": {a[x]: s for x, s in ballot.items()}}
        services.ballot_cast(actor=rep, proposal=proposal, organization=org, **body)


def test_schulze_close_stores_the_winner_margins_and_sectors(nine):
    proposal = choice_proposal(nine, "ranked_schulze", names=["A", "B", "C"])
    _cast_nine(nine, proposal, RANKED, "ranking")
    decision = services.proposal_close(actor=nine.users["coordinator"], proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == decision.outcome == "accepted"
    assert decision.counts["winner"]["name"] == "B"
    assert decision.decided_by == "schulze"
    assert "“B” is chosen by ranked choice (Schulze)" in decision.reason
    margins = {row["name"]: row["margins"] for row in decision.counts["pairwise"]}
    assert margins["B"] == [1, None, 5]  # B over A 5-4, B over C 7-2
    assert margins["A"] == [None, -1, -1]
    assert decision.counts["voters"] == 9 and decision.counts["eligible"] == 9
    sectors = {g["group"]: g for g in decision.counts["by_group"]}
    assert sum(g["voted"] for g in sectors.values()) == 9
    assert sum(g["totals"][0] for g in sectors.values()) == 4  # first preferences for A
    assert "Margins" in decision.explanation
    assert Decision.objects.filter(proposal=proposal).count() == 1


def test_instant_runoff_close_stores_the_rounds(nine):
    proposal = choice_proposal(nine, "ranked_instant_runoff", names=["A", "B", "C"])
    _cast_nine(nine, proposal, RANKED, "ranking")
    decision = close_now(nine, proposal)
    assert decision.counts["winner"]["name"] == "B"
    table = {row["name"]: row["votes"] for row in decision.counts["rounds_table"]}
    assert table == {"A": [4, 4, None], "B": [3, 5, 9], "C": [2, None, None]}
    assert [r["eliminated"] for r in decision.counts["rounds"]] == [["C"], ["A"], []]
    assert "Round 2" in decision.explanation


def test_approval_and_score_totals_per_alternative_and_sector(nine):
    approvals = [("A", "B")] * 3 + [("B",)] * 2 + [("C",)] * 4
    proposal = choice_proposal(nine, "approval_vote", names=["A", "B", "C"])
    _cast_nine(nine, proposal, approvals, "approvals")
    decision = close_now(nine, proposal)
    assert decision.counts["alternative_totals"] == [
        {"name": "A", "total": 3},
        {"name": "B", "total": 5},
        {"name": "C", "total": 4},
    ]
    assert decision.counts["winner"]["name"] == "B"
    by_sector = {g["group"]: g["totals"] for g in decision.counts["by_group"]}
    assert [sum(t[i] for t in by_sector.values()) for i in range(3)] == [3, 5, 4]

    scores = [{"A": 5, "B": 0, "C": 1}] * 5 + [{"A": 0, "B": 5, "C": 5}] * 4
    other = choice_proposal(nine, "score_vote_0_5", names=["A", "B", "C"])
    _cast_nine(nine, other, scores, "scores")
    decided = close_now(nine, other)
    assert [t["total"] for t in decided.counts["alternative_totals"]] == [25, 20, 25]
    # A and C tie on 25: the alternative listed first wins, and the reason says so
    assert decided.counts["winner"]["name"] == "A" and decided.counts["tied"] == ["A", "C"]
    assert "listed first" in decided.reason


def test_custom_weights_weigh_ballots(world):
    v = voters(world)
    weights = {
        world.orgs["county"].pk: 10,
        world.orgs["foundation"].pk: 1,
        world.orgs["coop"].pk: 1,
    }
    for weighted in (False, True):
        extra = {"weights_mode": "custom", "weights": weights} if weighted else {}
        proposal = choice_proposal(world, "approval_vote", **extra)
        a = ids(proposal)
        for key, picks in (
            ("county", ["Harbour wall"]),
            ("foundation", ["Hatchery"]),
            ("coop", ["Hatchery"]),
        ):
            org, rep = v[key]
            services.ballot_cast(
                actor=rep, proposal=proposal, organization=org, approvals=[a[x] for x in picks]
            )
        decision = close_now(world, proposal)
        expected = "Harbour wall" if weighted else "Hatchery"
        assert decision.counts["winner"]["name"] == expected
        assert decision.counts["weighted"] is weighted
        # a new rule name each round
        world.partnership.decision_rules.filter(name="approval_vote").update(name=f"old {weighted}")


def test_nobody_voting_chooses_nothing(world):
    proposal = choice_proposal(world, "ranked_schulze")
    decision = close_now(world, proposal)
    assert decision.outcome == "no_quorum" and decision.counts["winner"] is None
    assert Proposal.objects.get(pk=proposal.pk).status == "no_quorum"


def test_early_close_needs_every_member(world):
    proposal = choice_proposal(world, "approval_vote")
    a = ids(proposal)
    services.ballot_cast(
        actor=world.users["representative"], proposal=proposal, approvals=[a["Hatchery"]]
    )
    with pytest.raises(Conflict):
        services.proposal_close(actor=world.users["coordinator"], proposal=proposal)


def test_a_cycle_is_broken_in_favour_of_the_first_listed(world):
    proposal = choice_proposal(world, "ranked_schulze", names=["A", "B", "C"])
    a = ids(proposal)
    for (org, rep), order in zip(
        voters(world).values(), [("A", "B", "C"), ("B", "C", "A"), ("C", "A", "B")], strict=True
    ):
        services.ballot_cast(
            actor=rep, proposal=proposal, organization=org, ranking=[a[x] for x in order]
        )
    decision = services.proposal_close(actor=world.users["coordinator"], proposal=proposal)
    assert decision.counts["tied"] == ["A", "B", "C"]
    assert decision.counts["winner"]["name"] == "A"


# --- power analysis -----------------------------------------------------------------------------


def test_power_analysis_skips_choice_rules(world):
    ranked = rule(world, "Schulze", preset="ranked_schulze")
    analysis = selectors.power_analysis(partnership=world.partnership, snapshot=ranked.snapshot())
    assert analysis.method == "skipped" and analysis.members == []
    assert "Power indices are computed for yes/no rules" in analysis.notes[0]
    assert analysis.warnings == []


# --- PrefLib export -----------------------------------------------------------------------------


def _reread(proposal):
    name, text = selectors.preflib_export(proposal=proposal)
    return name, text, parse_preflib(text)


def test_ranked_export_reads_back_to_the_same_winner(nine):
    for preset, rule_function in (
        ("ranked_schulze", schulze),
        ("ranked_instant_runoff", instant_runoff),
    ):
        proposal = choice_proposal(nine, preset, names=["A", "B", "C"])
        _cast_nine(nine, proposal, RANKED, "ranking")
        decision = close_now(nine, proposal)
        name, text, file = _reread(proposal)
        assert name.endswith(f"-proposal-{proposal.pk}.soi") and file.data_type == "soi"
        assert file.profile.names == ("A", "B", "C") and file.profile.n_voters == 9
        recomputed = rule_function(file.profile, "lexicographic")
        assert recomputed.winner == decision.counts["winner"]["position"]
        assert "Where the fund goes" in text
        nine.partnership.decision_rules.filter(name=preset).update(name=f"old {preset}")


def test_tied_rankings_export_as_toi(world):
    proposal = choice_proposal(world, "ranked_schulze", names=["A", "B", "C"])
    a = ids(proposal)
    for (org, rep), ranking in zip(
        voters(world).values(),
        [[[a["A"], a["B"]], a["C"]], [a["B"]], [a["C"], a["B"]]],
        strict=True,
    ):
        services.ballot_cast(actor=rep, proposal=proposal, organization=org, ranking=ranking)
    decision = services.proposal_close(actor=world.users["coordinator"], proposal=proposal)
    _, _, file = _reread(proposal)
    assert file.data_type == "toi"
    assert schulze(file.profile).winner == decision.counts["winner"]["position"]


def test_approval_and_score_exports_read_back_to_the_same_winner(nine):
    approvals = [("A", "B")] * 3 + [("B",)] * 2 + [("C",)] * 4
    proposal = choice_proposal(nine, "approval_vote", names=["A", "B", "C"])
    _cast_nine(nine, proposal, approvals, "approvals")
    decision = close_now(nine, proposal)
    _, _, file = _reread(proposal)
    assert file.data_type == "cat"
    assert file.profile.category_names == ("Approved", "Not approved")
    assert (
        approval_voting(file.profile.to_approval()).winner == decision.counts["winner"]["position"]
    )

    scores = [{"A": 5, "B": 0, "C": 1}] * 4 + [{"A": 0, "B": 5, "C": 4}] * 5
    other = choice_proposal(nine, "score_vote_0_5", names=["A", "B", "C"])
    _cast_nine(nine, other, scores, "scores")
    decided = close_now(nine, other)
    _, _, file = _reread(other)
    categories = file.profile
    assert categories.category_names[0] == "Score 5" and len(categories.category_names) == 6
    from accord.engine.profiles import ScoreProfile

    rebuilt = ScoreProfile.from_matrix(
        5 - categories.categories, categories.counts, max_score=5, candidates=categories.candidates
    )
    assert score_voting(rebuilt).winner == decided.counts["winner"]["position"] == 2


def test_secret_export_carries_no_voter_and_sorted_rows(nine):
    proposal = choice_proposal(nine, "ranked_schulze", names=["A", "B", "C"], secrecy="secret")
    _cast_nine(nine, proposal, list(reversed(RANKED)), "ranking")
    _, text, file = _reread(proposal)
    for org in nine.voters:
        assert org.name not in text
    # rows sorted by content (A > B > C first), whatever order the voters cast in
    assert file.profile.counts.tolist() == [4, 3, 2]
    assert file.profile.to_rankings()[0] == ((1,), (2,), (3,))


def test_export_holds_only_the_counted_ballots(world):
    proposal = choice_proposal(world, "approval_vote")
    a = ids(proposal)
    for org, rep in voters(world).values():
        services.ballot_cast(
            actor=rep, proposal=proposal, organization=org, approvals=[a["Hatchery"]]
        )
    services.ballot_cast(
        actor=world.users["representative"], proposal=proposal, approvals=[a["Mangroves"]]
    )
    services.proposal_close(actor=world.users["coordinator"], proposal=proposal)
    _, _, file = _reread(proposal)
    approvals = file.profile.to_approval()
    assert approvals.n_voters == 3
    assert approval_voting(approvals).explanation.scores == {1: 0, 2: 2, 3: 1}


def test_motion_export_is_categorical(voting):
    for role, choice in (("representative", "yes"), ("coordinator", "no")):
        services.ballot_cast(actor=voting.users[role], proposal=voting.proposal, choice=choice)
    name, _, file = _reread(voting.proposal)
    assert name.endswith(".cat") and file.data_type == "cat"
    assert file.profile.category_names == ("Yes", "No", "Abstain", "Object")
    assert file.profile.names == ("Close the north bay to nets",)
    counts = dict(
        zip(file.profile.categories[:, 0].tolist(), file.profile.counts.tolist(), strict=True)
    )
    assert counts == {int(Choice.YES) - 1: 1, int(Choice.NO) - 1: 1}


def test_a_second_proposal_in_voting_is_unaffected(voting):
    """A yes/no proposal in voting next to choice proposals still decides as before."""
    other = proposal_in_voting(voting, title="Second")
    for role in ("representative", "coordinator", "small_representative"):
        services.ballot_cast(actor=voting.users[role], proposal=other, choice="yes")
    decision = services.proposal_close(actor=voting.users["coordinator"], proposal=other)
    assert decision.outcome == "accepted" and decision.counts["totals"]["yes"] == 3
    assert "winner" not in decision.counts


def test_a_rule_without_truncation_needs_every_alternative_ranked(world):
    created = services.rule_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        name="Full IRV",
        spec={"method": {"rule": "instant_runoff", "options": {"truncation": False}}},
    )
    services.rule_assign(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        kind="general",
        rule=created,
    )
    proposal = services.proposal_create(
        actor=world.users["coordinator"], partnership=world.partnership, title="All of them"
    )
    services.alternatives_set(actor=world.users["coordinator"], proposal=proposal, names=NAMES)
    services.proposal_advance(actor=world.users["coordinator"], proposal=proposal)
    services.proposal_advance(
        actor=world.users["coordinator"],
        proposal=proposal,
        closes_at=timezone.now() + timedelta(hours=1),
    )
    a = ids(proposal)
    rep = world.users["representative"]
    with pytest.raises(Invalid, match="rank every alternative"):
        services.ballot_cast(actor=rep, proposal=proposal, ranking=[a["Hatchery"]])
    full = [a["Hatchery"], a["Mangroves"], a["Harbour wall"]]
    assert services.ballot_cast(actor=rep, proposal=proposal, ranking=full).sequence == 1

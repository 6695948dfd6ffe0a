"""Admissions, charter versions and rule changes decided by the partnership's own rule."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from accord.audit.models import Event
from accord.decisions import services
from accord.decisions.models import Proposal, RuleAssignment
from accord.decisions.services import subjects
from accord.errors import Conflict, Forbidden, Invalid
from accord.partnerships import services as partnership_services
from accord.partnerships.models import CharterVersion, MembershipStatus
from tests.decisions.conftest import rule

VOTERS = ("coordinator", "representative", "small_representative")


def _vote_and_close(world: Any, proposal: Proposal, choices: dict[str, str]) -> Any:
    services.proposal_advance(
        actor=world.users["coordinator"],
        proposal=proposal,
        closes_at=timezone.now() + timedelta(days=3),
    )
    for role, choice in choices.items():
        services.ballot_cast(actor=world.users[role], proposal=proposal, choice=choice)
    if len(choices) == len(VOTERS):
        return services.proposal_close(actor=world.users["coordinator"], proposal=proposal)
    return services.proposal_close(
        actor=None, proposal=proposal, now=timezone.now() + timedelta(days=4)
    )


@pytest.fixture
def youth_accepted(world: Any) -> Any:
    """The youth network accepted its invitation and awaits admission."""
    return partnership_services.membership_respond(
        actor=world.users["invitee"], membership=world.memberships["youth"], accept=True
    )


@pytest.fixture
def governed(world: Any) -> Any:
    """``world`` after its founding choice: simple majority decides everything."""
    rule(world, "Simple majority", preset="simple_majority")
    return world


# --- admission ---------------------------------------------------------------------------------


def test_without_a_rule_the_coordinator_admits_directly(world, youth_accepted):
    membership = partnership_services.membership_decide(
        actor=world.users["coordinator"], membership=youth_accepted, admit=True
    )
    assert membership.status == MembershipStatus.ADMITTED


def test_under_a_rule_direct_admission_is_refused_and_nothing_changes(governed, youth_accepted):
    with pytest.raises(Conflict, match="decided by a vote under “Simple majority”"):
        partnership_services.membership_decide(
            actor=governed.users["coordinator"], membership=youth_accepted, admit=True
        )
    youth_accepted.refresh_from_db()
    assert youth_accepted.status == MembershipStatus.ACCEPTED


def test_accepted_admission_proposal_admits_the_member(governed, youth_accepted):
    proposal = subjects.admission_propose(
        actor=governed.users["coordinator"], membership=youth_accepted
    )
    assert proposal.status == "deliberation"
    assert proposal.kind == "admission" and proposal.membership_id == youth_accepted.pk
    assert proposal.title == "Admit Youth Network as a member"
    decision = _vote_and_close(
        governed,
        proposal,
        {"coordinator": "yes", "representative": "yes", "small_representative": "no"},
    )
    assert decision.outcome == "accepted"
    assert decision.effect == "Youth Network is admitted as a member."
    youth_accepted.refresh_from_db()
    assert youth_accepted.status == MembershipStatus.ADMITTED
    assert youth_accepted.decided_by == governed.users["coordinator"]
    assert Event.objects.filter(
        verb="membership.admitted", summary__contains="(decided by vote)"
    ).exists()


def test_rejected_admission_proposal_does_not_admit(governed, youth_accepted):
    proposal = subjects.admission_propose(
        actor=governed.users["coordinator"], membership=youth_accepted
    )
    decision = _vote_and_close(
        governed,
        proposal,
        {"coordinator": "no", "representative": "no", "small_representative": "yes"},
    )
    assert decision.outcome == "rejected"
    assert decision.effect == "Youth Network is not admitted."
    youth_accepted.refresh_from_db()
    assert youth_accepted.status == MembershipStatus.REJECTED


def test_admission_without_quorum_leaves_the_organization_waiting(world, youth_accepted):
    rule(world, "Consensus", preset="consensus")  # half of the members must take part
    proposal = subjects.admission_propose(
        actor=world.users["coordinator"], membership=youth_accepted
    )
    decision = _vote_and_close(world, proposal, {"coordinator": "yes"})
    assert decision.outcome == "no_quorum"
    assert decision.effect == "No change: Youth Network still awaits admission."
    youth_accepted.refresh_from_db()
    assert youth_accepted.status == MembershipStatus.ACCEPTED
    # A second proposal can follow once the first is closed.
    again = subjects.admission_propose(actor=world.users["coordinator"], membership=youth_accepted)
    assert again.pk != proposal.pk


def test_one_open_admission_proposal_per_membership(governed, youth_accepted):
    subjects.admission_propose(actor=governed.users["coordinator"], membership=youth_accepted)
    with pytest.raises(Conflict, match="already decides this"):
        subjects.admission_propose(actor=governed.users["coordinator"], membership=youth_accepted)
    assert Proposal.objects.filter(membership=youth_accepted).count() == 1


def test_admission_is_proposed_only_for_an_organization_that_accepted(governed):
    with pytest.raises((Conflict, Forbidden)):
        subjects.admission_propose(
            actor=governed.users["coordinator"], membership=governed.memberships["youth"]
        )
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    "role", ["representative", "staff", "community", "observer", "invitee", "outsider"]
)
def test_only_coordinators_propose_admissions(governed, youth_accepted, role):
    with pytest.raises(Forbidden):
        subjects.admission_propose(actor=governed.user(role), membership=youth_accepted)
    assert not Proposal.objects.exists()


def test_withdrawn_candidate_makes_the_decision_moot(governed, youth_accepted):
    proposal = subjects.admission_propose(
        actor=governed.users["coordinator"], membership=youth_accepted
    )
    services.proposal_advance(
        actor=governed.users["coordinator"],
        proposal=proposal,
        closes_at=timezone.now() + timedelta(days=3),
    )
    # The candidate's membership changes while the vote runs (here: it is cancelled).
    type(youth_accepted).objects.filter(pk=youth_accepted.pk).update(
        status=MembershipStatus.CANCELLED
    )
    for role in VOTERS:
        services.ballot_cast(actor=governed.users[role], proposal=proposal, choice="yes")
    decision = services.proposal_close(actor=governed.users["coordinator"], proposal=proposal)
    assert decision.outcome == "accepted"
    assert decision.effect == "No change: Youth Network is no longer awaiting admission."
    youth_accepted.refresh_from_db()
    assert youth_accepted.status == MembershipStatus.CANCELLED


# --- charter -----------------------------------------------------------------------------------


def _draft(world: Any) -> CharterVersion:
    return partnership_services.charter_draft_save(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        common_outcome="A living lake.",
        change_summary="first charter",
    )


def test_under_a_rule_the_charter_is_published_by_vote(governed):
    draft = _draft(governed)
    with pytest.raises(Conflict, match="propose publishing"):
        partnership_services.charter_publish(actor=governed.users["coordinator"], version=draft)
    proposal = subjects.charter_publication_propose(
        actor=governed.users["coordinator"], version=draft
    )
    assert proposal.title == "Publish charter v1: first charter"
    # The text voted on cannot change while the proposal is open.
    with pytest.raises(Conflict, match="being decided"):
        partnership_services.charter_draft_save(
            actor=governed.users["coordinator"],
            partnership=governed.partnership,
            common_outcome="Something else.",
        )
    decision = _vote_and_close(
        governed,
        proposal,
        {"coordinator": "yes", "representative": "yes", "small_representative": "yes"},
    )
    assert decision.effect == "Charter v1 is published and open for signature."
    draft.refresh_from_db()
    assert draft.is_published and draft.common_outcome == "A living lake."
    assert draft.published_by == governed.users["coordinator"]


def test_rejected_charter_stays_a_draft_and_can_be_edited_again(governed):
    draft = _draft(governed)
    proposal = subjects.charter_publication_propose(
        actor=governed.users["coordinator"], version=draft
    )
    decision = _vote_and_close(
        governed,
        proposal,
        {"coordinator": "no", "representative": "no", "small_representative": "no"},
    )
    assert decision.effect == "Charter v1 stays a draft."
    draft.refresh_from_db()
    assert not draft.is_published
    edited = partnership_services.charter_draft_save(
        actor=governed.users["coordinator"],
        partnership=governed.partnership,
        common_outcome="A living lake, shared fairly.",
    )
    assert edited.pk == draft.pk


@pytest.mark.parametrize("role", ["representative", "staff", "community", "observer", "outsider"])
def test_only_coordinators_propose_charter_publication(governed, role):
    draft = _draft(governed)
    with pytest.raises(Forbidden):
        subjects.charter_publication_propose(actor=governed.user(role), version=draft)
    assert not Proposal.objects.exists()


# --- adopting a rule ---------------------------------------------------------------------------


def test_changing_the_rule_in_force_is_a_decision_under_it(governed):
    consensus = services.rule_create(
        actor=governed.users["coordinator"],
        partnership=governed.partnership,
        name="Consensus",
        preset="consensus",
    )
    with pytest.raises(Conflict, match="propose adopting"):
        services.rule_assign(
            actor=governed.users["coordinator"],
            partnership=governed.partnership,
            kind="general",
            rule=consensus,
        )
    proposal = subjects.rule_adoption_propose(
        actor=governed.users["coordinator"],
        partnership=governed.partnership,
        kind="general",
        rule=consensus,
    )
    decision = _vote_and_close(
        governed,
        proposal,
        {"coordinator": "yes", "representative": "yes", "small_representative": "no"},
    )
    # Decided under the rule in force (simple majority: 2 against 1), not the new one.
    assert decision.rule["name"] == "Simple majority" and decision.outcome == "accepted"
    assert decision.effect == "“Consensus” now decides general."
    assert RuleAssignment.objects.get(partnership=governed.partnership, kind="general").rule == (
        consensus
    )


def test_rule_for_one_kind_is_decided_under_the_rule_in_force_for_it(governed):
    two_thirds = services.rule_create(
        actor=governed.users["coordinator"],
        partnership=governed.partnership,
        name="Two thirds",
        preset="two_thirds_majority",
    )
    proposal = subjects.rule_adoption_propose(
        actor=governed.users["coordinator"],
        partnership=governed.partnership,
        kind="admission",
        rule=two_thirds,
    )
    assert proposal.kind == "admission" and proposal.adopted_rule == two_thirds
    decision = _vote_and_close(
        governed,
        proposal,
        {"coordinator": "no", "representative": "no", "small_representative": "yes"},
    )
    assert decision.outcome == "rejected"
    assert decision.effect == "No change: “Two thirds” is not adopted for admitting a member."
    assert not RuleAssignment.objects.filter(kind="admission").exists()


def test_adopting_the_rule_already_in_force_is_refused(governed):
    in_force = RuleAssignment.objects.get(partnership=governed.partnership, kind="general").rule
    with pytest.raises(Conflict):
        subjects.rule_adoption_propose(
            actor=governed.users["coordinator"],
            partnership=governed.partnership,
            kind="general",
            rule=in_force,
        )


def test_rule_of_another_partnership_cannot_be_proposed(governed):
    other = services.rule_create(
        actor=governed.users["outsider"],
        partnership=governed.other_partnership,
        name="X",
        preset="consensus",
    )
    with pytest.raises(Invalid):
        subjects.rule_adoption_propose(
            actor=governed.users["coordinator"],
            partnership=governed.partnership,
            kind="general",
            rule=other,
        )
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("role", ["representative", "staff", "community", "observer", "outsider"])
def test_only_coordinators_propose_rules(governed, role):
    consensus = services.rule_create(
        actor=governed.users["coordinator"],
        partnership=governed.partnership,
        name="Consensus",
        preset="consensus",
    )
    with pytest.raises(Forbidden):
        subjects.rule_adoption_propose(
            actor=governed.user(role),
            partnership=governed.partnership,
            kind="general",
            rule=consensus,
        )
    assert not Proposal.objects.exists()


def test_foundation_steps_need_a_yes_no_rule(world, youth_accepted):
    ranked = services.rule_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        name="Schulze",
        preset="ranked_schulze",
    )
    with pytest.raises(Invalid, match="yes/no question"):
        services.rule_assign(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            kind="admission",
            rule=ranked,
        )
    assert not RuleAssignment.objects.exists()
    services.rule_assignment_apply(
        actor=world.users["coordinator"], partnership=world.partnership, kind="general", rule=ranked
    )
    with pytest.raises(Invalid, match="not a yes/no rule"):
        subjects.admission_propose(actor=world.users["coordinator"], membership=youth_accepted)
    assert not Proposal.objects.exists()


def test_the_effect_is_stored_in_english_and_read_in_each_reader_language(governed, youth_accepted):
    """A vote closed by a French speaker: the effect is stored in English and each reader
    reads it in theirs (issue 17), here the rule's kind lower-cased inside the sentence."""
    from django.utils import translation

    proposal = subjects.admission_propose(
        actor=governed.users["coordinator"], membership=youth_accepted
    )
    with translation.override("fr"):
        decision = _vote_and_close(
            governed,
            proposal,
            {"coordinator": "yes", "representative": "yes", "small_representative": "no"},
        )
    decision.refresh_from_db()
    assert decision.effect == "Youth Network is admitted as a member."
    with translation.override("fr"):
        assert decision.effect_text == "Youth Network est admise comme membre."
    with translation.override("en"):
        assert decision.effect_text == decision.effect

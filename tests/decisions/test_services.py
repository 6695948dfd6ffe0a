"""Services for decisions: rules, proposals, comments, ballots and closing."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accord.audit.models import Event
from accord.decisions import selectors, services
from accord.decisions.models import (
    AppendOnlyError,
    Ballot,
    Comment,
    Decision,
    DecisionRule,
    Participation,
    Proposal,
)
from accord.errors import Conflict, Forbidden, Invalid
from tests.decisions.conftest import power_computed, proposal_in_voting, rule

pytestmark = pytest.mark.django_db


def state(proposal):
    """Everything a failed call must leave untouched."""
    return (
        Ballot.objects.filter(proposal=proposal).count(),
        Participation.objects.filter(proposal=proposal).count(),
        Decision.objects.filter(proposal=proposal).count(),
        Proposal.objects.get(pk=proposal.pk).status,
        Event.objects.count(),
    )


# --- rules --------------------------------------------------------------------------------------


def test_rule_from_preset_and_assignment(world):
    coordinator = world.users["coordinator"]
    created = services.rule_create(
        actor=coordinator,
        partnership=world.partnership,
        name="Two thirds",
        preset="two_thirds_majority",
    )
    assert created.spec["method"]["rule"] == "qualified_majority"
    assert created.spec["method"]["options"]["threshold"] == "2/3"
    services.rule_assign(
        actor=coordinator, partnership=world.partnership, kind="charter", rule=created
    )
    assert selectors.rule_for_kind(partnership=world.partnership, kind="charter") == created
    assert selectors.rule_for_kind(partnership=world.partnership, kind="general") is None
    assert Event.objects.filter(verb="decisions.rule_assigned").count() == 1


def test_rule_custom_spec_weights_cap(world):
    foundation = world.orgs["foundation"]
    created = services.rule_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        name="By contribution",
        spec={"method": {"rule": "weighted_majority", "options": {}}},
        weights_mode="custom",
        weights={foundation.pk: 60, world.orgs["county"].pk: "30"},
        cap="0.5",
    )
    assert created.weights == {str(foundation.pk): "60", str(world.orgs["county"].pk): "30"}
    assert created.cap == "1/2"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"preset": "nonsense"}, "preset"),
        ({}, "preset"),
        ({"spec": {"method": {"rule": "dictatorship"}}}, "spec"),
        ({"preset": "consensus", "cap": "2"}, "cap"),
        ({"preset": "consensus", "cap": "lots"}, "cap"),
        ({"preset": "consensus", "secrecy": "whispered"}, "secrecy"),
        ({"preset": "consensus", "weights_mode": "custom", "weights": {"999999": 1}}, "weights"),
        ({"preset": "consensus", "weights_mode": "custom", "weights": {"x": 1}}, "weights"),
        ({"preset": "consensus", "name": ""}, "name"),
    ],
)
def test_rule_create_rejects_bad_input(world, kwargs, field):
    kwargs = {"name": "A rule", **kwargs}
    with pytest.raises(Invalid) as exc:
        services.rule_create(
            actor=world.users["coordinator"], partnership=world.partnership, **kwargs
        )
    assert field in exc.value.field_errors
    assert not DecisionRule.objects.exists()


@pytest.mark.parametrize("role", ["representative", "staff", "community", "observer", "outsider"])
def test_only_coordinators_manage_rules(world, role):
    with pytest.raises(Forbidden):
        services.rule_create(
            actor=world.user(role), partnership=world.partnership, name="X", preset="consensus"
        )


def test_rule_of_another_partnership_cannot_be_assigned(world):
    other = services.rule_create(
        actor=world.users["outsider"],
        partnership=world.other_partnership,
        name="X",
        preset="consensus",
    )
    with pytest.raises(Invalid):
        services.rule_assign(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            kind="general",
            rule=other,
        )


# --- proposals ----------------------------------------------------------------------------------


def test_proposal_lifecycle_snapshots_the_rule(world):
    created = rule(
        world, "Sector majority", preset="concurrent_majority_by_sector", secrecy="anonymous"
    )
    proposal = proposal_in_voting(world, affected_groups=["community"])
    proposal.refresh_from_db()
    assert proposal.status == "voting"
    snapshot = proposal.rule_snapshot
    assert snapshot["id"] == created.pk and snapshot["secrecy"] == "anonymous"
    assert snapshot["rule"]["safeguards"][-1] == {
        "rule": "group_consent",
        "options": {"groups": ["community"]},
    }
    # Changing the rule afterwards (as an accepted adoption proposal would) does not change
    # the vote under way.
    services.rule_assignment_apply(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        kind="general",
        rule=services.rule_create(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            name="Consensus",
            preset="consensus",
        ),
    )
    proposal.refresh_from_db()
    assert proposal.rule_snapshot["id"] == created.pk


def test_representative_proposes_but_only_coordinator_advances(world):
    proposal = services.proposal_create(
        actor=world.users["representative"], partnership=world.partnership, title="Buy a boat"
    )
    with pytest.raises(Forbidden):
        services.proposal_advance(actor=world.users["representative"], proposal=proposal)
    assert Proposal.objects.get(pk=proposal.pk).status == "draft"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"title": ""}, "title"),
        ({"kind": "coup"}, "kind"),
        ({"affected_groups": ["elves"]}, "affected_groups"),
    ],
)
def test_proposal_create_rejects_bad_input(world, kwargs, field):
    kwargs = {"title": "T", **kwargs}
    with pytest.raises(Invalid) as exc:
        services.proposal_create(
            actor=world.users["coordinator"], partnership=world.partnership, **kwargs
        )
    assert field in exc.value.field_errors
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    "role", ["staff", "community", "observer", "invitee", "outsider", "stranger"]
)
def test_proposal_create_forbidden(world, role):
    with pytest.raises(Forbidden):
        services.proposal_create(actor=world.user(role), partnership=world.partnership, title="T")


def test_voting_needs_a_future_close(world):
    coordinator = world.users["coordinator"]
    proposal = services.proposal_create(actor=coordinator, partnership=world.partnership, title="T")
    services.proposal_advance(actor=coordinator, proposal=proposal)
    for closes_at in (None, timezone.now() - timedelta(minutes=1)):
        with pytest.raises(Invalid):
            services.proposal_advance(actor=coordinator, proposal=proposal, closes_at=closes_at)
    assert Proposal.objects.get(pk=proposal.pk).status == "deliberation"


def test_voting_opening_enqueues_the_close_task(
    world, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposal_in_voting(world)
    results = [r for r in default_task_backend.results if r.task.name == "proposal_close_when_due"]
    assert len(results) == 1
    assert results[0].args == [proposal.pk]
    assert results[0].task.run_after == Proposal.objects.get(pk=proposal.pk).voting_closes_at


def test_task_closes_when_due(voting):
    from accord.decisions.tasks import proposal_close_when_due

    proposal = voting.proposal
    assert proposal_close_when_due.call(proposal.pk) == "not due"
    Proposal.objects.filter(pk=proposal.pk).update(voting_closes_at=timezone.now())
    assert proposal_close_when_due.call(proposal.pk) == "rejected"  # nobody voted yes
    assert proposal_close_when_due.call(proposal.pk) == "not due"


def test_withdraw(voting):
    with pytest.raises(Forbidden):
        services.proposal_withdraw(actor=voting.users["staff"], proposal=voting.proposal)
    services.proposal_withdraw(actor=voting.users["coordinator"], proposal=voting.proposal)
    assert Proposal.objects.get(pk=voting.proposal.pk).status == "withdrawn"
    with pytest.raises(Conflict):
        services.ballot_cast(
            actor=voting.users["representative"], proposal=voting.proposal, choice="yes"
        )


def test_author_may_withdraw_own_draft(world):
    proposal = services.proposal_create(
        actor=world.users["representative"], partnership=world.partnership, title="Mine"
    )
    services.proposal_withdraw(actor=world.users["representative"], proposal=proposal)
    assert proposal.status == "withdrawn"


# --- comments ----------------------------------------------------------------------------------


def test_threaded_comments(voting):
    first = services.comment_add(
        actor=voting.users["community"],
        proposal=voting.proposal,
        body="Who fishes then?",
        stance="question",
    )
    reply = services.comment_add(
        actor=voting.users["coordinator"],
        proposal=voting.proposal,
        body="Nobody.",
        stance="support",
        parent=first,
    )
    services.comment_add(
        actor=voting.users["staff"], proposal=voting.proposal, body="Hm.", stance="concern"
    )
    thread = selectors.comment_thread(proposal=voting.proposal)
    assert [(n.comment.pk, n.depth) for n in thread][:2] == [(first.pk, 0), (reply.pk, 1)]


@pytest.mark.parametrize(("body", "stance"), [("", "support"), ("Hi", "cheer")])
def test_comment_rejects_bad_input(voting, body, stance):
    with pytest.raises(Invalid):
        services.comment_add(
            actor=voting.users["staff"], proposal=voting.proposal, body=body, stance=stance
        )
    assert not Comment.objects.exists()


@pytest.mark.parametrize("role", ["observer", "invitee", "outsider", "stranger"])
def test_comment_forbidden(voting, role):
    with pytest.raises(Forbidden):
        services.comment_add(
            actor=voting.user(role), proposal=voting.proposal, body="Hi", stance="support"
        )


# --- ballots ------------------------------------------------------------------------------------


def test_ballot_change_is_a_new_row_and_the_last_counts(voting):
    rep, proposal = voting.users["representative"], voting.proposal
    services.ballot_cast(actor=rep, proposal=proposal, choice="yes")
    services.ballot_cast(actor=rep, proposal=proposal, choice="no")
    ballots = list(Ballot.objects.filter(proposal=proposal).order_by("sequence"))
    assert [(b.sequence, b.choice) for b in ballots] == [(1, "yes"), (2, "no")]
    current = selectors.current_ballots(proposal=proposal)
    assert current[voting.orgs["foundation"].pk].choice == "no"
    assert Participation.objects.filter(proposal=proposal).count() == 1
    with pytest.raises(AppendOnlyError):
        ballots[0].save()
    with pytest.raises(AppendOnlyError):
        ballots[0].delete()


@pytest.mark.parametrize(
    ("role", "kwargs", "error"),
    [
        ("representative", {"choice": "maybe"}, Invalid),
        ("representative", {"choice": "object"}, Invalid),
        ("representative", {"choice": "object", "reason": "   "}, Invalid),
        ("staff", {"choice": "yes"}, Forbidden),
        ("community", {"choice": "yes"}, Forbidden),
        ("observer", {"choice": "yes"}, Forbidden),
        ("invitee", {"choice": "yes"}, Forbidden),
        ("outsider", {"choice": "yes"}, Forbidden),
        ("stranger", {"choice": "yes"}, Forbidden),
        ("admin", {"choice": "yes"}, Forbidden),
    ],
)
def test_bad_ballots_change_nothing(voting, role, kwargs, error):
    before = state(voting.proposal)
    with pytest.raises(error):
        services.ballot_cast(actor=voting.user(role), proposal=voting.proposal, **kwargs)
    assert state(voting.proposal) == before


def test_ballot_for_an_organization_not_represented_or_not_member(voting):
    rep, proposal = voting.users["representative"], voting.proposal
    for org in (voting.orgs["coop"], voting.orgs["youth"], voting.orgs["school"]):
        before = state(proposal)
        with pytest.raises(Forbidden):
            services.ballot_cast(actor=rep, proposal=proposal, choice="yes", organization=org)
        assert state(proposal) == before


def test_ballot_after_close_and_before_voting(voting):
    proposal, rep = voting.proposal, voting.users["representative"]
    before = state(proposal)
    with pytest.raises(Conflict):
        services.ballot_cast(
            actor=rep, proposal=proposal, choice="yes", now=proposal.voting_closes_at
        )
    assert state(proposal) == before
    draft = services.proposal_create(actor=rep, partnership=voting.partnership, title="Draft")
    with pytest.raises(Conflict):
        services.ballot_cast(actor=rep, proposal=draft, choice="yes")


def test_objection_with_reason(voting):
    ballot = services.ballot_cast(
        actor=voting.users["representative"],
        proposal=voting.proposal,
        choice="object",
        reason="Harms the coop.",
    )
    assert ballot.reason == "Harms the coop."


def test_consent_refuses_a_plain_no(world):
    rule(world, "Consent", preset="consent")
    proposal = proposal_in_voting(world)
    with pytest.raises(Invalid):
        services.ballot_cast(actor=world.users["representative"], proposal=proposal, choice="no")


def test_secret_ballots_keep_who_apart_from_how(world):
    rule(world, "Secret majority", preset="simple_majority", secrecy="secret")
    proposal = proposal_in_voting(world)
    services.ballot_cast(actor=world.users["representative"], proposal=proposal, choice="no")
    services.ballot_cast(actor=world.users["representative"], proposal=proposal, choice="yes")
    ballots = list(Ballot.objects.filter(proposal=proposal))
    assert all(b.organization_id is None and b.cast_by_id is None for b in ballots)
    assert len({b.pseudonym for b in ballots}) == 1 and len(ballots[0].pseudonym) == 64
    assert list(
        Participation.objects.filter(proposal=proposal).values_list("organization", flat=True)
    ) == [world.orgs["foundation"].pk]
    event = Event.objects.filter(verb="decisions.ballot_cast").last()
    assert "yes" not in event.summary and "choice" not in event.data
    assert selectors.open_ballot_list(proposal=proposal) == []
    Proposal.objects.filter(pk=proposal.pk).update(voting_closes_at=timezone.now())
    proposal.refresh_from_db()
    decision = services.proposal_close_if_due(proposal=proposal)
    assert decision.counts["totals"]["yes"] == 1 and decision.counts["totals"]["no"] == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_cast_never_counts_twice():
    """Four simultaneous casts by one representative, open and secret: one counted ballot.
    Then a cast racing an early close: either counted in the decision or refused.

    (One transactional test: each flushes the database, data migrations included.)"""
    from tests.conftest import build_world

    world = build_world()
    rep = world.users["representative"]
    for secrecy in ("open", "secret"):
        rule(world, f"R {secrecy}", preset="simple_majority", secrecy=secrecy)
        proposal = proposal_in_voting(world, title=secrecy)
        barrier = threading.Barrier(4)
        outcomes: list[str] = []

        def cast(choice: str, proposal=proposal, barrier=barrier, outcomes=outcomes) -> None:
            try:
                barrier.wait()
                services.ballot_cast(actor=rep, proposal=proposal, choice=choice)
                outcomes.append("ok")
            except Conflict:
                outcomes.append("conflict")
            finally:
                connection.close()

        threads = [threading.Thread(target=cast, args=(c,)) for c in ("yes", "no", "yes", "no")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(outcomes) == 4
        sequences = list(
            Ballot.objects.filter(proposal=proposal).values_list("sequence", flat=True)
        )
        assert len(sequences) == len(set(sequences)) == outcomes.count("ok") >= 1
        assert Participation.objects.filter(proposal=proposal).count() == 1
        assert len(selectors.current_ballots(proposal=proposal)) == 1
    _check_a_cast_racing_the_close_is_either_counted_or_refused(world)


# --- closing ------------------------------------------------------------------------------------


def test_early_close_needs_everyone_and_a_coordinator(voting):
    proposal = voting.proposal
    services.ballot_cast(actor=voting.users["representative"], proposal=proposal, choice="yes")
    before = state(proposal)
    with pytest.raises(Conflict):
        services.proposal_close(actor=voting.users["coordinator"], proposal=proposal)
    assert state(proposal) == before
    services.ballot_cast(
        actor=voting.users["small_representative"], proposal=proposal, choice="yes"
    )
    services.ballot_cast(actor=voting.users["coordinator"], proposal=proposal, choice="no")
    with pytest.raises(Forbidden):
        services.proposal_close(actor=voting.users["representative"], proposal=proposal)
    decision = services.proposal_close(
        actor=voting.users["coordinator"], proposal=proposal, rationale="Everyone voted."
    )
    assert decision.outcome == "accepted" and decision.rationale == "Everyone voted."
    assert decision.counts["totals"] == {"yes": 2, "no": 1, "abstain": 0, "object": 0, "absent": 0}
    assert Proposal.objects.get(pk=proposal.pk).status == "accepted"
    # Idempotent; and a decided proposal takes no more ballots.
    assert services.proposal_close(actor=None, proposal=proposal) == decision
    with pytest.raises(Conflict):
        services.ballot_cast(actor=voting.users["representative"], proposal=proposal, choice="no")
    with pytest.raises(AppendOnlyError):
        decision.save()
    services.proposal_mark_implemented(actor=voting.users["coordinator"], proposal=proposal)
    assert Proposal.objects.get(pk=proposal.pk).status == "implemented"


def test_lazy_close_at_the_deadline(voting):
    proposal = voting.proposal
    services.ballot_cast(actor=voting.users["representative"], proposal=proposal, choice="yes")
    assert services.proposals_close_due(partnership=voting.partnership) == 0
    later = proposal.voting_closes_at + timedelta(seconds=1)
    assert services.proposals_close_due(partnership=voting.partnership, now=later) == 1
    assert services.proposals_close_due(partnership=voting.partnership, now=later) == 0
    decision = Decision.objects.get(proposal=proposal)
    assert decision.outcome == "accepted" and decision.closed_by is None
    assert decision.counts["totals"]["absent"] == 2


def test_demo_story_simple_majority_passes_concurrent_majority_fails(nine):
    """Nine members; the three community members vote no, the six others yes."""

    def vote(proposal):
        for org, rep in nine.voters.items():
            choice = "no" if org.sector == "community" else "yes"
            services.ballot_cast(actor=rep, proposal=proposal, choice=choice, organization=org)
        return services.proposal_close(actor=nine.users["coordinator"], proposal=proposal)

    rule(nine, "Simple majority", preset="simple_majority")
    simple = vote(proposal_in_voting(nine, title="Under simple majority"))
    assert simple.outcome == "accepted"
    assert simple.counts["totals"]["yes"] == 6 and simple.counts["totals"]["no"] == 3

    rule(nine, "Concurrent majority", preset="concurrent_majority_by_sector")
    concurrent = vote(proposal_in_voting(nine, title="Under concurrent majority"))
    assert concurrent.outcome == "rejected"
    assert concurrent.decided_by == "concurrent_majority"
    assert "not in group 'Community'" in concurrent.reason
    assert "community" in concurrent.explanation
    community = next(g for g in concurrent.counts["by_group"] if g["group"] == "community")
    assert community["counts"]["no"] == 3 and community["eligible"] == 3


def test_weighted_rule_lets_the_funder_outvote_unless_capped(world):
    weights = {
        world.orgs["foundation"].pk: 60,
        world.orgs["county"].pk: 25,
        world.orgs["coop"].pk: 15,
    }
    for cap, outcome in (("", "accepted"), ("3/10", "equal")):
        rule(
            world,
            f"Weighted {cap or 'uncapped'}",
            preset="",
            spec={"method": {"rule": "weighted_majority"}},
            weights_mode="custom",
            weights=weights,
            cap=cap,
        )
        proposal = proposal_in_voting(world, title=f"Weighted {cap}")
        services.ballot_cast(actor=world.users["representative"], proposal=proposal, choice="yes")
        services.ballot_cast(actor=world.users["coordinator"], proposal=proposal, choice="no")
        services.ballot_cast(
            actor=world.users["small_representative"], proposal=proposal, choice="no"
        )
        decision = services.proposal_close(actor=world.users["coordinator"], proposal=proposal)
        if outcome == "accepted":
            assert decision.outcome == "accepted"
        else:
            # A 30% cap among three members clamps to equal shares: 1 yes against 2 no.
            assert decision.outcome == "rejected"


def test_group_consent_for_affected_sector(world):
    proposal = proposal_in_voting(world, affected_groups=["community"])
    services.ballot_cast(actor=world.users["representative"], proposal=proposal, choice="yes")
    services.ballot_cast(actor=world.users["coordinator"], proposal=proposal, choice="yes")
    services.ballot_cast(actor=world.users["small_representative"], proposal=proposal, choice="no")
    decision = services.proposal_close(actor=world.users["coordinator"], proposal=proposal)
    assert decision.outcome == "rejected" and decision.decided_by == "group_consent"
    assert "Group 'Community' does not consent" in decision.reason


def test_a_rule_that_cannot_be_applied_never_breaks_the_pages(client, world):
    """A custom weighted rule whose cap is infeasible for three members (1/10 < 1/3)."""
    rule(
        world,
        "Broken",
        spec={"method": {"rule": "weighted_majority", "options": {"cap": "1/10"}}},
    )
    proposal = proposal_in_voting(world)
    services.ballot_cast(actor=world.users["representative"], proposal=proposal, choice="yes")
    Proposal.objects.filter(pk=proposal.pk).update(voting_closes_at=timezone.now())
    assert services.proposals_close_due(partnership=world.partnership) == 0
    proposal.refresh_from_db()
    with pytest.raises(Invalid):
        services.proposal_close(actor=None, proposal=proposal)
    assert not Decision.objects.exists()
    assert power_computed() >= 1  # the worker stores the analysis, with its note
    client.force_login(world.users["observer"])
    for name, args in (
        ("proposal_list", []),
        ("proposal_detail", [proposal.pk]),
        ("power_analysis", []),
    ):
        response = client.get(reverse(f"decisions:{name}", args=[world.partnership.slug, *args]))
        assert response.status_code == 200
    assert b"cannot be applied" in response.content


def test_rationale_after_a_deadline_close_is_written_once(voting):
    proposal = voting.proposal
    Proposal.objects.filter(pk=proposal.pk).update(voting_closes_at=timezone.now())
    proposal.refresh_from_db()
    decision = services.proposal_close_if_due(proposal=proposal)
    assert decision.rationale == ""
    with pytest.raises(Forbidden):
        services.decision_rationale_add(
            actor=voting.users["representative"], decision=decision, rationale="x"
        )
    with pytest.raises(Invalid):
        services.decision_rationale_add(
            actor=voting.users["coordinator"], decision=decision, rationale=" "
        )
    services.decision_rationale_add(
        actor=voting.users["coordinator"], decision=decision, rationale="Nobody came."
    )
    with pytest.raises(Conflict):
        services.decision_rationale_add(
            actor=voting.users["coordinator"], decision=decision, rationale="Again"
        )
    assert Decision.objects.get().rationale == "Nobody came."


def _check_a_cast_racing_the_close_is_either_counted_or_refused(world):
    proposal = proposal_in_voting(world)
    for role in ("coordinator", "representative", "small_representative"):
        services.ballot_cast(actor=world.users[role], proposal=proposal, choice="yes")
    for attempt in range(5):
        if attempt:
            proposal = proposal_in_voting(world, title=f"Round {attempt}")
            for role in ("coordinator", "representative", "small_representative"):
                services.ballot_cast(actor=world.users[role], proposal=proposal, choice="yes")
        barrier = threading.Barrier(2)
        recast: list[str] = []

        def close(proposal=proposal, barrier=barrier) -> None:
            try:
                barrier.wait()
                services.proposal_close(actor=world.users["coordinator"], proposal=proposal)
            finally:
                connection.close()

        def cast(proposal=proposal, barrier=barrier, recast=recast) -> None:
            try:
                barrier.wait()
                services.ballot_cast(
                    actor=world.users["representative"], proposal=proposal, choice="no"
                )
                recast.append("stored")
            except Conflict:
                recast.append("refused")
            finally:
                connection.close()

        threads = [threading.Thread(target=close), threading.Thread(target=cast)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        decision = Decision.objects.get(proposal=proposal)
        expected_no = 1 if recast == ["stored"] else 0
        assert decision.counts["totals"]["no"] == expected_no, recast

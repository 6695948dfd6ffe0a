"""Who hears what about a proposal: opened, voting open, closing soon, decided."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accord.decisions import services
from accord.decisions.models import Proposal
from accord.decisions.services import notices
from accord.decisions.tasks import proposal_remind_when_due
from accord.notifications.models import Notification
from accord.partners.models import Affiliation
from accord.partnerships import services as partnership_services
from accord.partnerships.roles import roles_changed
from tests.conftest import ROLES, make_user
from tests.decisions.conftest import add_member, proposal_in_voting, rule

pytestmark = pytest.mark.django_db


def received(world, verb) -> dict[str, list[str]]:
    """Role → texts of the notifications with ``verb`` (only roles that received some)."""
    by_role = {}
    for role in ROLES:
        if role == "anonymous":
            continue
        texts = list(
            Notification.objects.filter(user=world.users[role], verb=verb).values_list(
                "text", flat=True
            )
        )
        if texts:
            by_role[role] = texts
    return by_role


def drafted(world, **extra):
    return services.proposal_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        title="Close the north bay to nets",
        body="For two seasons.",
        **extra,
    )


def second_coordinator(world):
    carl = make_user("carl@county.test", "Carl Coordinator")
    partnership_services.participant_add(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        email=carl.email,
        role="coordinator",
    )
    return carl


def open_voting(world, proposal, *, actor=None, hours=48):
    services.proposal_advance(
        actor=actor or world.users["coordinator"],
        proposal=proposal,
        closes_at=timezone.now() + timedelta(hours=hours),
    )


# --- a new proposal ------------------------------------------------------------------------------


def test_a_draft_is_announced_when_deliberation_opens(world, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposal = drafted(world)
    assert received(world, notices.OPENED_VERB) == {}
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_advance(actor=world.users["coordinator"], proposal=proposal)
    got = received(world, notices.OPENED_VERB)
    # Everyone with a seat, except the coordinator who opened it; no observer, no invited
    # organization, nobody from another partnership, no platform admin.
    assert set(got) == {"representative", "small_representative", "staff", "community"}
    text = got["staff"][0]
    assert "New proposal in Lake Partnership: “Close the north bay to nets”" in text
    assert "proposed by Cora Coordinator" in text and "open for discussion" in text
    url = f"/p/{world.partnership.slug}/decisions/{proposal.pk}/"
    assert set(
        Notification.objects.filter(verb=notices.OPENED_VERB).values_list("url", flat=True)
    ) == {url}
    emailed = {m.to[0]: m for m in mail.outbox}
    assert set(emailed) == {
        "rep@foundation.test",
        "rep@coop.test",
        "staff@foundation.test",
        "resident@community.test",
    }
    assert f"http://127.0.0.1:8000{url}" in emailed["rep@coop.test"].body
    assert "New proposal in Lake Partnership" in emailed["rep@coop.test"].subject


def test_no_email_before_commit(world, django_capture_on_commit_callbacks):
    proposal = drafted(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.proposal_advance(actor=world.users["coordinator"], proposal=proposal)
    assert mail.outbox == [] and callbacks
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 4


# --- voting open -----------------------------------------------------------------------------------


def test_voting_open_asks_representatives_to_vote_and_tells_coordinators(
    world, django_capture_on_commit_callbacks
):
    carl = second_coordinator(world)
    proposal = drafted(world)
    services.proposal_advance(actor=carl, proposal=proposal)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        open_voting(world, proposal, actor=carl)
    got = received(world, notices.VOTING_VERB)
    # Cora coordinates and represents County: she is asked to vote, once.
    assert set(got) == {"coordinator", "representative", "small_representative"}
    assert all(len(texts) == 1 for texts in got.values())
    assert "Cast your organization's ballot before" in got["coordinator"][0]
    assert (
        "Voting is open on “Close the north bay to nets” in Lake Partnership"
        in (got["representative"][0])
    )
    # Carl opened it himself: nothing for him; staff, community and observers do not vote.
    assert not Notification.objects.filter(user=carl, verb=notices.VOTING_VERB).exists()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "coord@county.test",
        "rep@coop.test",
        "rep@foundation.test",
    ]


def test_a_coordinator_who_does_not_vote_is_told_without_being_asked_to(world):
    carl = second_coordinator(world)
    proposal = drafted(world)
    services.proposal_advance(actor=world.users["coordinator"], proposal=proposal)
    open_voting(world, proposal)
    (text,) = Notification.objects.filter(user=carl, verb=notices.VOTING_VERB).values_list(
        "text", flat=True
    )
    assert text.startswith("Voting is open on “Close the north bay to nets” in Lake Partnership")
    assert "ballot" not in text
    assert not Notification.objects.filter(
        user=world.users["coordinator"], verb=notices.VOTING_VERB
    ).exists()


def test_voting_open_queues_the_reminder_a_day_before_the_close(
    world, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposal_in_voting(world, hours=48)
    proposal.refresh_from_db()
    reminders = [
        r for r in default_task_backend.results if r.task.name == "proposal_remind_when_due"
    ]
    assert len(reminders) == 1 and reminders[0].args == [proposal.pk]
    assert reminders[0].task.run_after == proposal.voting_closes_at - timedelta(hours=24)


def test_a_vote_shorter_than_a_day_gets_no_separate_reminder(
    world, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposal_in_voting(world, hours=6)
    assert [r.task.name for r in default_task_backend.results] == ["proposal_close_when_due"]
    (text,) = Notification.objects.filter(
        user=world.users["representative"], verb=notices.VOTING_VERB
    ).values_list("text", flat=True)
    assert "(in less than 24 hours)" in text
    proposal.refresh_from_db()
    assert notices.voting_reminder_send(proposal=proposal) == 0
    assert notices.proposals_reminder_due() == []


# --- closing in 24 hours ---------------------------------------------------------------------------


def reminder_texts(world):
    return received(world, notices.REMINDER_VERB)


def test_reminder_goes_to_representatives_of_members_that_have_not_voted(voting):
    proposal = voting.proposal
    services.ballot_cast(actor=voting.users["representative"], proposal=proposal, choice="yes")
    early = proposal.voting_closes_at - timedelta(hours=25)
    assert notices.voting_reminder_send(proposal=proposal, now=early) == 0
    assert reminder_texts(voting) == {}

    due = proposal.voting_closes_at - timedelta(hours=23)
    assert notices.proposals_reminder_due(now=due) == [proposal]
    assert notices.voting_reminder_send(proposal=proposal, now=due) == 2
    got = reminder_texts(voting)
    # Foundation voted; its representative and staff hear nothing, nor do non-voters.
    assert set(got) == {"coordinator", "small_representative"}
    assert got["small_representative"] == [
        "Voting on “Close the north bay to nets” in Lake Partnership closes in less than "
        f"24 hours ({timezone.localtime(proposal.voting_closes_at):%Y-%m-%d %H:%M} UTC), "
        "and Fisher Coop has not voted yet."
    ]
    assert "County has not voted yet" in got["coordinator"][0]

    # Idempotent: again, by the task or the sweep, sends nothing more.
    assert notices.voting_reminder_send(proposal=proposal, now=due) == 0
    assert notices.proposals_reminder_due(now=due) == []
    assert Notification.objects.filter(verb=notices.REMINDER_VERB).count() == 2


def test_reminder_task_is_idempotent_and_skips_members_that_voted(
    voting, django_capture_on_commit_callbacks
):
    proposal = voting.proposal
    services.ballot_cast(actor=voting.users["small_representative"], proposal=proposal, choice="no")
    assert proposal_remind_when_due.call(proposal.pk) == "0 reminded"  # not due yet
    now = timezone.now()
    Proposal.objects.filter(pk=proposal.pk).update(
        voting_opens_at=now - timedelta(days=2), voting_closes_at=now + timedelta(hours=3)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert proposal_remind_when_due.call(proposal.pk) == "2 reminded"
        assert proposal_remind_when_due.call(proposal.pk) == "0 reminded"
    assert set(reminder_texts(voting)) == {"coordinator", "representative"}
    assert sorted(m.to[0] for m in mail.outbox) == ["coord@county.test", "rep@foundation.test"]
    assert all("closes in less than 24 hours" in m.body for m in mail.outbox)
    assert proposal_remind_when_due.call(10**9) == "gone"


def test_no_reminder_once_voting_has_closed(voting):
    proposal = voting.proposal
    after = proposal.voting_closes_at + timedelta(minutes=1)
    assert notices.voting_reminder_send(proposal=proposal, now=after) == 0
    assert reminder_texts(voting) == {}


def test_secret_ballot_reminders_name_only_the_recipients_own_organization(world):
    coop = world.orgs["coop"]
    # Sam also represents a second member, which has not voted either.
    bay, bay_rep = add_member(world, "Bay Traders", "private")
    rule(world, "Secret majority", preset="simple_majority", secrecy="secret")
    Affiliation.objects.create(
        organization=bay, user=world.users["small_representative"], is_representative=True
    )
    roles_changed()
    proposal = proposal_in_voting(world)
    services.ballot_cast(
        actor=world.users["small_representative"], proposal=proposal, choice="no", organization=coop
    )
    services.ballot_cast(actor=world.users["representative"], proposal=proposal, choice="yes")
    due = proposal.voting_closes_at - timedelta(hours=1)
    assert notices.voting_reminder_send(proposal=proposal, now=due) == 3
    texts = {
        n.user.email: n.text
        for n in Notification.objects.filter(verb=notices.REMINDER_VERB).select_related("user")
    }
    assert set(texts) == {"coord@county.test", "rep@coop.test", bay_rep.email}
    assert "County has not voted yet" in texts["coord@county.test"]
    assert "Bay Traders has not voted yet" in texts[bay_rep.email]
    assert "Bay Traders has not voted yet" in texts["rep@coop.test"]
    for text in texts.values():
        # Nobody is told about any other organization, voted or not.
        assert "Foundation" not in text and "Fisher Coop" not in text
        assert sum(name in text for name in ("County", "Bay Traders")) == 1


# --- the outcome -------------------------------------------------------------------------------------


def test_outcome_goes_to_everyone_told_of_the_proposal_but_the_closer(
    voting, django_capture_on_commit_callbacks
):
    proposal = voting.proposal
    for role in ("coordinator", "representative", "small_representative"):
        services.ballot_cast(
            actor=voting.users[role],
            proposal=proposal,
            choice="no" if role == "small_representative" else "yes",
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_close(actor=voting.users["coordinator"], proposal=proposal)
        services.proposal_close(actor=voting.users["coordinator"], proposal=proposal)  # no-op
    got = received(voting, notices.DECIDED_VERB)
    assert set(got) == set(received(voting, notices.OPENED_VERB))
    assert set(got) == {"representative", "small_representative", "staff", "community"}
    assert all(len(texts) == 1 for texts in got.values())
    assert got["community"][0].startswith(
        "Decision on “Close the north bay to nets” in Lake Partnership: accepted. "
    )
    assert "2 yes against 1 no" in got["community"][0]
    assert len(mail.outbox) == 4
    assert all("/decisions/" in m.body and "accepted" in m.body for m in mail.outbox)


def test_outcome_at_the_deadline_tells_the_coordinators_too(voting):
    proposal = voting.proposal
    Proposal.objects.filter(pk=proposal.pk).update(voting_closes_at=timezone.now())
    proposal.refresh_from_db()
    services.proposal_close_if_due(proposal=proposal)
    got = received(voting, notices.DECIDED_VERB)
    assert set(got) == {
        "coordinator",
        "representative",
        "small_representative",
        "staff",
        "community",
    }
    assert ": rejected." in got["coordinator"][0]


def test_other_partnerships_hear_nothing(world):
    outsider = world.users["outsider"]
    proposal = proposal_in_voting(world)
    notices.voting_reminder_send(
        proposal=proposal, now=proposal.voting_closes_at - timedelta(hours=1)
    )
    services.proposal_close_if_due(proposal=proposal, now=proposal.voting_closes_at)
    assert not Notification.objects.filter(user=outsider, verb__startswith="decisions.").exists()
    assert not Notification.objects.filter(
        partnership=world.other_partnership, verb__startswith="decisions."
    ).exists()


# --- the sweep ---------------------------------------------------------------------------------------


def test_sweep_closes_due_proposals_and_sends_due_reminders_once(world):
    due_to_close = proposal_in_voting(world, title="Past its deadline")
    closing_soon = proposal_in_voting(world, title="Closing soon")
    later = proposal_in_voting(world, title="Next week", hours=24 * 7)
    now = timezone.now()
    Proposal.objects.filter(pk=due_to_close.pk).update(voting_closes_at=now)
    Proposal.objects.filter(pk=closing_soon.pk).update(
        voting_opens_at=now - timedelta(days=2), voting_closes_at=now + timedelta(hours=2)
    )
    call_command("decisions_sweep", stdout=(out := io.StringIO()))
    assert "Closed 1 proposal(s); reminded 3 person(s) about 1 proposal(s)." in out.getvalue()
    assert Proposal.objects.get(pk=due_to_close.pk).status == "rejected"
    reminded = Notification.objects.filter(verb=notices.REMINDER_VERB)
    assert {n.url for n in reminded} == {notices.proposal_url(closing_soon)}
    assert later.pk not in {p.pk for p in notices.proposals_reminder_due()}
    call_command("decisions_sweep", stdout=(again := io.StringIO()))
    assert "Closed 0 proposal(s); reminded 0 person(s) about 0 proposal(s)." in again.getvalue()
    assert Notification.objects.filter(verb=notices.REMINDER_VERB).count() == 3

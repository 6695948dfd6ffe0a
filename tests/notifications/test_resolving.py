"""A notification that asks for something stops asking once it is done, in the same
transaction as the act; email subjects and links."""

from __future__ import annotations

import pytest
from django.core import mail

from accord.decisions import services as decision_services
from accord.notifications import selectors
from accord.notifications.models import Notification
from accord.notifications.services import email_subject, notify
from accord.partnerships import services
from tests.decisions.conftest import proposal_in_voting
from tests.results.accountability import action_item_for

pytestmark = pytest.mark.django_db


def open_asks(user, verb: str) -> list[Notification]:
    return list(Notification.objects.filter(user=user, verb=verb, resolved_at__isnull=True))


def test_awaits_admission_resolves_when_admitted(world):
    coordinator = world.users["coordinator"]
    services.membership_respond(
        actor=world.users["invitee"], membership=world.memberships["youth"], accept=True
    )
    [ask] = open_asks(coordinator, "membership.accepted")
    assert "awaits admission" in ask.text
    unread = selectors.unread_count(actor=coordinator)
    services.membership_decide(actor=coordinator, membership=world.memberships["youth"], admit=True)
    ask.refresh_from_db()
    assert ask.resolved_at is not None
    assert open_asks(coordinator, "membership.accepted") == []
    assert selectors.unread_count(actor=coordinator) == unread - 1


def test_invitation_resolves_when_answered(world):
    invitee = world.users["invitee"]
    assert len(open_asks(invitee, "membership.invited")) == 1
    services.membership_respond(actor=invitee, membership=world.memberships["youth"], accept=False)
    assert open_asks(invitee, "membership.invited") == []


def test_charter_request_resolves_for_the_organization_that_signed(world):
    coordinator = world.users["coordinator"]
    version = services.charter_draft_save(
        actor=coordinator, partnership=world.partnership, common_outcome="x"
    )
    services.charter_publish(actor=coordinator, version=version)
    rep, small = world.users["representative"], world.users["small_representative"]
    assert len(open_asks(rep, "charter.published")) == 1
    services.charter_sign(actor=rep, version=version)
    assert open_asks(rep, "charter.published") == []
    # The other member has not signed: its request still stands.
    assert len(open_asks(small, "charter.published")) == 1


def test_vote_request_resolves_for_the_voters_and_at_the_close(world):
    proposal = proposal_in_voting(world)
    rep, small = world.users["representative"], world.users["small_representative"]
    verb = "decisions.voting_opened"
    assert len(open_asks(rep, verb)) == 1 and len(open_asks(small, verb)) == 1
    decision_services.ballot_cast(actor=rep, proposal=proposal, choice="yes")
    assert open_asks(rep, verb) == []
    assert len(open_asks(small, verb)) == 1
    decision_services.proposal_withdraw(actor=world.users["coordinator"], proposal=proposal)
    assert open_asks(small, verb) == []


def test_vote_request_stays_while_another_represented_member_has_not_voted(world):
    """A person who represents two members is asked until both have voted."""
    from accord.partners import services as partner_services

    rep = world.users["representative"]
    partner_services.affiliation_add(
        actor=world.users["small_representative"],
        organization=world.orgs["coop"],
        email=rep.email,
        is_representative=True,
    )
    proposal = proposal_in_voting(world)
    verb = "decisions.voting_opened"
    decision_services.ballot_cast(
        actor=rep, proposal=proposal, choice="yes", organization=world.orgs["foundation"]
    )
    assert len(open_asks(rep, verb)) == 1
    decision_services.ballot_cast(
        actor=rep, proposal=proposal, choice="no", organization=world.orgs["coop"]
    )
    assert open_asks(rep, verb) == []
    assert open_asks(world.users["small_representative"], verb) == []


def test_action_item_request_resolves_when_done(world):
    item = action_item_for(world)
    staff = world.users["staff"]
    assert len(open_asks(staff, "results.action_item_assigned")) == 1
    from accord.results import services as results_services

    results_services.action_item_complete(actor=staff, item=item, note="Done it.")
    assert open_asks(staff, "results.action_item_assigned") == []


def test_resolved_notifications_show_as_done_on_the_list(client, world):
    coordinator = world.users["coordinator"]
    services.membership_respond(
        actor=world.users["invitee"], membership=world.memberships["youth"], accept=True
    )
    services.membership_decide(actor=coordinator, membership=world.memberships["youth"], admit=True)
    client.force_login(coordinator)
    html = client.get("/notifications/").content.decode()
    assert "Done" in html and "awaits admission" in html


def test_a_notification_resolved_before_its_email_is_not_sent(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_invite(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            organization=world.orgs["school"],
        )
        services.membership_respond(
            actor=world.users["outsider"], membership=membership, accept=True
        )
    invitations = [m for m in mail.outbox if "School is invited" in m.body]
    assert invitations == []  # answered before the email went out
    assert any("awaits admission" in m.body for m in mail.outbox)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short.", "Accord: Short."),
        (
            "Voting is open on “Close the north bay to nets for two whole seasons” in Lake",
            "Accord: Voting is open on “Close the north bay to nets for two whole seasons”…",
        ),
        ("x" * 100, "Accord: " + "x" * 69 + "…"),
        ("line one\nline two", "Accord: line one line two"),
    ],
)
def test_email_subject_is_cut_at_a_word_boundary(text, expected):
    subject = email_subject(text)
    assert subject == expected
    assert len(subject) <= 78


def test_long_subject_never_ends_mid_word(world, django_capture_on_commit_callbacks):
    text = (
        "Voting is open on “Adopt the shared fisheries management plan” in Lake "
        "Partnership. Cast your organization's ballot before 2026-12-20."
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[world.users["stranger"]], text=text, verb="test.long")
    [message] = mail.outbox
    assert message.subject.endswith("…")
    stem = message.subject.removeprefix("Accord: ").removesuffix("…")
    assert text.startswith(stem) and text[len(stem)] == " "


def test_email_links_use_the_configured_base_url(
    world, settings, django_capture_on_commit_callbacks
):
    settings.ACCORD_BASE_URL = "https://accord.example.org/"
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[world.users["stranger"]], text="Look", verb="test.link", url="/p/lake/")
    [message] = mail.outbox
    assert "https://accord.example.org/p/lake/" in message.body
    assert "127.0.0.1" not in message.body


def test_support_request_resolves_when_decided(world):
    from accord.resources import services as resource_services

    request = resource_services.support_request_create(
        actor=world.users["small_representative"],
        partnership=world.partnership,
        organization=world.orgs["coop"],
        kind="travel",
        description="Bus fares",
        amount="500",
        currency_code="EUR",
    )
    coordinator = world.users["coordinator"]
    assert len(open_asks(coordinator, "support.requested")) == 1
    resource_services.support_request_decide(actor=coordinator, request=request, approve=True)
    assert open_asks(coordinator, "support.requested") == []


def test_commitment_confirmation_resolves_when_confirmed(world):
    from accord.partnerships import services as partnership_services
    from accord.results import services as results_services
    from tests.conftest import make_user
    from tests.results.accountability import commitment_for

    second = make_user("second@county.test", "Second Coordinator")
    partnership_services.participant_add(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        email=second.email,
        role="coordinator",
    )
    commitment = commitment_for(world)
    results_services.commitment_status_set(
        actor=world.users["representative"], commitment=commitment, status="done"
    )
    verb = "results.commitment_status_set"
    asks = open_asks(second, verb) or open_asks(world.users["coordinator"], verb)
    assert asks, "a coordinator is asked to confirm"
    results_services.commitment_confirm(actor=second, commitment=commitment)
    assert open_asks(second, verb) == [] and open_asks(world.users["coordinator"], verb) == []

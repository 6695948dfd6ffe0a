"""Meetings services: scheduling in a named zone, invitations, attendance and its voice,
minutes, decisions under the partnership's rule, action items and travel support."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from accord.decisions import services as decision_services
from accord.decisions.models import Decision, ProposalStatus
from accord.errors import Conflict, Forbidden, Invalid
from accord.meetings import selectors, services
from accord.meetings.markdown import minutes_html
from accord.meetings.models import Invitation, Meeting, MeetingDecision
from accord.partnerships.models import VoiceTally
from accord.partnerships.services.voice import voice_tallies_rebuild
from accord.resources.models import SupportRequest
from accord.results.models import ActionItem
from tests.meetings.conftest import meeting_for


def test_scheduled_in_its_zone_and_stored_in_utc(meeting):
    assert meeting.time_zone == "Africa/Kampala"
    assert meeting.starts_at == datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
    assert meeting.ends_at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert [a.title for a in meeting.agenda_items.all()] == ["Welcome", "Fishing season"]
    assert meeting.invitations.count() == 3


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_local": datetime(2026, 3, 2, 9, 0)}, "ends_at"),
        ({"ends_local": datetime(2026, 3, 2, 10, 0)}, "ends_at"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"place": "", "online_link": ""}, "place"),
        ({"online_link": "javascript:alert(1)"}, "online_link"),
        ({"title": "  "}, "title"),
    ],
)
def test_bad_schedule_is_refused_and_nothing_made(world, overrides, field):
    with pytest.raises(Invalid) as caught:
        meeting_for(world, **overrides)
    assert field in caught.value.field_errors
    assert not Meeting.objects.exists()


def test_only_the_partnerships_people_and_members_are_invited(world):
    with pytest.raises(Invalid):
        meeting_for(world, organizations=[world.orgs["school"]])
    with pytest.raises(Invalid):
        meeting_for(world, people=[world.users["outsider"]])
    assert not Meeting.objects.exists()


def test_only_coordinators_schedule(world):
    for role in ("representative", "community", "observer", "outsider"):
        with pytest.raises(Forbidden):
            services.meeting_create(
                actor=world.users[role],
                partnership=world.partnership,
                title="x",
                starts_local=datetime(2026, 3, 2, 10),
                ends_local=datetime(2026, 3, 2, 11),
                time_zone="UTC",
                place="Hall",
            )
    assert not Meeting.objects.exists()


def test_update_keeps_attendance_of_those_still_invited(world, meeting):
    coop = world.orgs["coop"]
    services.attendance_record(
        actor=world.users["coordinator"], meeting=meeting, organizations={coop.pk: "present"}
    )
    services.meeting_update(
        actor=world.users["coordinator"],
        meeting=meeting,
        title="Board",
        starts_local=datetime(2026, 3, 3, 14, 0),
        ends_local=datetime(2026, 3, 3, 15, 30),
        time_zone="Europe/Paris",
        online_link="https://meet.example.org/board",
        organizations=[coop],
    )
    meeting.refresh_from_db()
    assert meeting.starts_at == datetime(2026, 3, 3, 13, 0, tzinfo=UTC)  # CET is UTC+1
    assert [(i.organization_id, i.attendance) for i in meeting.invitations.all()] == [
        (coop.pk, "present")
    ]


def test_attendance_only_for_those_invited_and_nothing_changes(world, meeting):
    coop, school = world.orgs["coop"], world.orgs["school"]
    with pytest.raises(Invalid):
        services.attendance_record(
            actor=world.users["coordinator"],
            meeting=meeting,
            organizations={coop.pk: "present", school.pk: "present"},
        )
    with pytest.raises(Invalid):
        services.attendance_record(
            actor=world.users["coordinator"],
            meeting=meeting,
            people={world.users["observer"].pk: "present"},
        )
    with pytest.raises(Invalid):
        services.attendance_record(
            actor=world.users["coordinator"], meeting=meeting, organizations={coop.pk: "asleep"}
        )
    assert set(Invitation.objects.values_list("attendance", flat=True)) == {""}
    assert not VoiceTally.objects.filter(kind="attendance").exists()


def test_attendance_feeds_voice_and_the_balance_selector(world):
    """Two meetings, hand-computed: foundation present then excused (1 of 2), the coop
    remote twice (2 of 2); the community participant present once."""
    coordinator = world.users["coordinator"]
    foundation, coop = world.orgs["foundation"], world.orgs["coop"]
    first = meeting_for(world)
    second = meeting_for(
        world,
        starts_local=datetime(2026, 5, 4, 10, 0),
        ends_local=datetime(2026, 5, 4, 11, 0),
    )
    services.attendance_record(
        actor=coordinator,
        meeting=first,
        organizations={foundation.pk: "present", coop.pk: "remote"},
        people={world.users["community"].pk: "present"},
    )
    services.attendance_record(
        actor=coordinator,
        meeting=second,
        organizations={foundation.pk: "excused", coop.pk: "remote"},
    )
    pid = world.partnership.pk
    assert selectors.attendance_by_organization(pid) == {foundation.pk: (1, 2), coop.pk: (2, 2)}
    april = datetime(2026, 4, 1, tzinfo=UTC)
    assert selectors.attendance_by_organization(pid, since=april) == {
        foundation.pk: (0, 1),
        coop.pk: (1, 1),
    }
    assert selectors.attendance_by_organization(pid, until=april) == {
        foundation.pk: (1, 1),
        coop.pk: (1, 1),
    }
    tallies = {
        (t.organization_id, t.author_id, t.quarter): t.count
        for t in VoiceTally.objects.filter(kind="attendance")
    }
    assert tallies == {
        (foundation.pk, None, date(2026, 1, 1)): 1,
        (coop.pk, None, date(2026, 1, 1)): 1,
        (coop.pk, None, date(2026, 4, 1)): 1,
        (None, world.users["community"].pk, date(2026, 1, 1)): 1,
    }
    # Recording the same attendance again counts nothing twice.
    services.attendance_record(actor=coordinator, meeting=second, organizations={coop.pk: "remote"})
    assert sum(t.count for t in VoiceTally.objects.filter(kind="attendance")) == 4
    # A rebuild of the tallies from the records gives the same cells, the organizations'
    # own attendance included.
    voice_tallies_rebuild(pid)
    assert {
        (t.organization_id, t.author_id, t.quarter): t.count
        for t in VoiceTally.objects.filter(kind="attendance")
    } == tallies


def test_minutes_stored_as_typed_and_rendered_inert(world, meeting):
    typed = (
        "# Decisions\n\n- nets **closed**\n\n<script>alert('x')</script>\n\n"
        "<style>body{display:none}</style>\n\n"
        '<p onclick="steal()">hi</p> <img src=x onerror="steal()"> '
        '<a href="javascript:steal()">x</a>\n\n[bad](javascript:steal())\n\n[good](https://lake.example.org)'
    )
    services.minutes_save(actor=world.users["coordinator"], meeting=meeting, minutes=typed)
    meeting.refresh_from_db()
    assert meeting.minutes == typed.strip()
    html = minutes_html(meeting.minutes)
    assert "<h1>Decisions</h1>" in html
    assert "<strong>closed</strong>" in html
    assert '<a href="https://lake.example.org" rel="noopener noreferrer">good</a>' in html
    for inert in (
        "<script",
        "alert(",
        "<style",
        "display:none",
        "onclick",
        "onerror",
        'href="javascript',
    ):
        assert inert not in html


def _everyone_votes(world, proposal):
    for role, choice in (
        ("representative", "yes"),
        ("small_representative", "yes"),
        ("coordinator", "no"),
    ):
        decision_services.ballot_cast(actor=world.users[role], proposal=proposal, choice=choice)


def _proposal_in_voting(world, partnership=None, actor=None):
    actor = actor or world.users["coordinator"]
    proposal = decision_services.proposal_create(
        actor=actor,
        partnership=partnership or world.partnership,
        title="Close the north bay to nets",
        body="For two seasons.",
    )
    decision_services.proposal_advance(actor=actor, proposal=proposal)
    decision_services.proposal_advance(
        actor=actor, proposal=proposal, closes_at=timezone.now() + timedelta(hours=48)
    )
    return proposal


def test_decision_recorded_under_the_rule_and_named_in_the_log(world, meeting):
    proposal = _proposal_in_voting(world)
    _everyone_votes(world, proposal)
    services.decision_record(actor=world.users["coordinator"], meeting=meeting, proposal=proposal)
    proposal.refresh_from_db()
    decision = Decision.objects.get(proposal=proposal)
    assert proposal.status == ProposalStatus.ACCEPTED  # 2 yes of 3 under simple majority
    assert decision.counts["totals"]["yes"] == 2
    assert "Quarterly board" in decision.rationale and "2026-03-02" in decision.rationale
    with pytest.raises(Conflict):
        services.decision_record(
            actor=world.users["coordinator"], meeting=meeting, proposal=proposal
        )
    assert MeetingDecision.objects.count() == 1


def test_decision_before_everyone_voted_is_refused_by_the_rule(world, meeting):
    proposal = _proposal_in_voting(world)
    with pytest.raises(Conflict):
        services.decision_record(
            actor=world.users["coordinator"], meeting=meeting, proposal=proposal
        )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.VOTING
    assert not MeetingDecision.objects.exists()


def test_another_partnerships_proposal_is_refused(world, meeting):
    theirs = _proposal_in_voting(world, world.other_partnership, world.users["outsider"])
    with pytest.raises(Invalid):
        services.decision_record(actor=world.users["coordinator"], meeting=meeting, proposal=theirs)
    with pytest.raises(Invalid):
        services.agenda_item_add(
            actor=world.users["coordinator"], meeting=meeting, title="x", proposal=theirs
        )
    theirs.refresh_from_db()
    assert theirs.status == ProposalStatus.VOTING
    assert not MeetingDecision.objects.exists()
    assert meeting.agenda_items.count() == 2


def test_action_item_from_the_minutes(world, meeting):
    item = services.action_item_from_minutes(
        actor=world.users["coordinator"],
        meeting=meeting,
        title="Count the boats",
        owner=world.users["small_representative"],
        due_on=date(2026, 4, 1),
    )
    assert item.owner_organization == world.orgs["coop"]
    assert [a.pk for a in selectors.meeting_page(meeting=meeting).action_items] == [item.pk]
    assert ActionItem.objects.count() == 1


def test_travel_support_for_an_invited_organization(world, meeting):
    request = services.travel_support_request(
        actor=world.users["small_representative"],
        meeting=meeting,
        organization=world.orgs["coop"],
        amount="45.50",
        currency_code="USD",
    )
    assert request.kind == "travel" and str(request.amount) == "45.50"
    assert "Quarterly board" in request.description
    with pytest.raises(Forbidden):  # the resources service: only its representatives ask
        services.travel_support_request(
            actor=world.users["representative"],
            meeting=meeting,
            organization=world.orgs["coop"],
            amount="10",
            currency_code="USD",
        )
    with pytest.raises(Invalid):
        services.travel_support_request(
            actor=world.users["coordinator"],
            meeting=meeting,
            organization=world.orgs["county"],
            amount="10",
            currency_code="USD",
        )
    assert SupportRequest.objects.count() == 1

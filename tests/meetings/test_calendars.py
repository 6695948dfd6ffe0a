"""Calendars: the .ics of a meeting and the secret feeds, parsed with icalendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accord.decisions import services as decision_services
from accord.meetings import services
from tests.api.conftest import Api
from tests.meetings.conftest import meeting_for


def _events(content: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(content)
    assert calendar["version"] == "2.0"
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def _voting(world, partnership, actor, title):
    proposal = decision_services.proposal_create(
        actor=actor, partnership=partnership, title=title, body="b"
    )
    decision_services.proposal_advance(actor=actor, proposal=proposal)
    decision_services.proposal_advance(
        actor=actor,
        proposal=proposal,
        closes_at=timezone.now().replace(microsecond=0) + timedelta(days=3),
    )
    return proposal


def test_meeting_ics_parses_with_times_in_utc(client, world, meeting):
    client.force_login(world.users["observer"])
    response = client.get(
        reverse("meetings:meeting_ics", args=[world.partnership.slug, meeting.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response.content)
    event = events[f"meeting-{meeting.pk}@accord"]
    assert event.decoded("dtstart") == datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert str(event["location"]) == "Kivuli landing hall"
    assert "Quarterly board" in str(event["summary"])


def test_feeds_show_meetings_and_deadlines_the_owner_may_see(client, world, meeting):
    ours = _voting(world, world.partnership, world.users["coordinator"], "Close the bay")
    theirs = _voting(world, world.other_partnership, world.users["outsider"], "School trip")
    their_meeting = meeting_for(
        world,
        title="School board",
        organizations=[],
        people=[],
    )
    their_meeting.partnership = world.other_partnership
    their_meeting.save()
    staff_feed = services.feed_issue(actor=world.users["staff"])
    outsider_feed = services.feed_issue(actor=world.users["outsider"])
    staff_events = _events(client.get(f"/p/calendar/{staff_feed.token}.ics").content)
    assert set(staff_events) == {
        f"meeting-{meeting.pk}@accord",
        f"proposal-{ours.pk}-deadline@accord",
    }
    deadline = staff_events[f"proposal-{ours.pk}-deadline@accord"]
    assert deadline.decoded("dtstart") == ours.voting_closes_at
    outsider_events = _events(client.get(f"/p/calendar/{outsider_feed.token}.ics").content)
    assert set(outsider_events) == {
        f"meeting-{their_meeting.pk}@accord",
        f"proposal-{theirs.pk}-deadline@accord",
    }


def test_partnership_feed_and_lost_access(client, world, meeting):
    feed = services.feed_issue(actor=world.users["observer"], partnership=world.partnership)
    url = f"/p/calendar/{feed.token}.ics"
    assert set(_events(client.get(url).content)) == {f"meeting-{meeting.pk}@accord"}
    from accord.partnerships.models import Participant

    Participant.objects.filter(user=world.users["observer"]).update(left_at=timezone.now())
    from accord.partners.representation import roles_changed

    roles_changed()
    assert client.get(url).status_code == 404


def test_revoked_regenerated_and_forged_tokens(client, world, meeting):
    first = services.feed_issue(actor=world.users["staff"])
    assert services.feed_issue(actor=world.users["staff"]).token == first.token
    second = services.feed_regenerate(actor=world.users["staff"])
    assert client.get(f"/p/calendar/{first.token}.ics").status_code == 404
    assert client.get(f"/p/calendar/{second.token}.ics").status_code == 200
    services.feed_revoke(actor=world.users["staff"])
    assert client.get(f"/p/calendar/{second.token}.ics").status_code == 404
    forged = second.token[:-1] + ("A" if second.token[-1] != "A" else "B")
    assert client.get(f"/p/calendar/{forged}.ics").status_code == 404
    assert client.get("/p/calendar/x.ics").status_code == 404


@pytest.mark.parametrize(
    ("role", "status"), [("observer", 200), ("outsider", 404), ("anonymous", 404)]
)
def test_partnership_feed_api(client, world, role, status):
    api = Api(client, world)
    response = api.post(role, f"/partnerships/{world.partnership.slug}/calendar-feed")
    expected = 401 if role == "anonymous" else status
    assert response.status_code == expected
    if expected == 200:
        url = response.json()["url"]
        assert client.get(url).status_code == 200
        assert (
            api.send(
                "delete", role, f"/partnerships/{world.partnership.slug}/calendar-feed"
            ).status_code
            == 204
        )
        assert client.get(url).status_code == 404


def test_calendar_page_buttons(client, world):
    client.force_login(world.users["community"])
    page = reverse("meetings:meeting_list", args=[world.partnership.slug])
    manage = reverse("meetings:calendar_feed_manage", args=[world.partnership.slug])
    client.post(manage, {"action": "issue", "scope": "mine"})
    response = client.get(page)
    assert "/p/calendar/" in response.content.decode()
    client.post(manage, {"action": "revoke", "scope": "mine"})
    assert "/p/calendar/" not in client.get(page).content.decode()

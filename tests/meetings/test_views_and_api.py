"""Pages and API of meetings for every role (one world per test, the roles looped), the
4xx answers that change nothing, and the bounded queries of the meeting page."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from accord.meetings.models import Invitation, Meeting
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.meetings.conftest import meeting_for

#: Who reads meetings (the insiders) and who manages them.
READERS = {
    "admin",
    "coordinator",
    "representative",
    "small_representative",
    "staff",
    "community",
    "observer",
    "invitee",
}
MANAGERS = {"coordinator"}


def _status_for(role, allowed, *, forbidden=403):
    if role in allowed:
        return 200
    if role == "anonymous":
        return 404  # members-only: invisible
    if role in ("stranger", "outsider"):
        return 404
    return forbidden


def test_pages_for_every_role(client, world, meeting):
    slug = world.partnership.slug
    read = [
        reverse("meetings:meeting_list", args=[slug]),
        reverse("meetings:meeting_detail", args=[slug, meeting.pk]),
        reverse("meetings:meeting_ics", args=[slug, meeting.pk]),
    ]
    manage = [
        reverse("meetings:meeting_create", args=[slug]),
        reverse("meetings:meeting_edit", args=[slug, meeting.pk]),
        reverse("meetings:meeting_attendance", args=[slug, meeting.pk]),
        reverse("meetings:meeting_minutes", args=[slug, meeting.pk]),
    ]
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world.user(role))
        for url in read:
            expected = 200 if role in READERS else 404
            assert client.get(url).status_code == expected, (role, url)
        for url in manage:
            expected = _status_for(role, MANAGERS)  # an admin is no coordinator: 403
            assert client.get(url).status_code == expected, (role, url)


def test_public_partnership_meetings_stay_with_members(client, public_world):
    meeting = meeting_for(public_world)
    url = reverse("meetings:meeting_detail", args=[public_world.partnership.slug, meeting.pk])
    assert client.get(url).status_code == 403
    client.force_login(public_world.users["outsider"])
    assert client.get(url).status_code == 403


def test_another_partnerships_coordinator_gets_404(client, world, meeting):
    client.force_login(world.users["outsider"])  # coordinator of the school partnership
    slug = world.partnership.slug
    assert (
        client.get(reverse("meetings:meeting_detail", args=[slug, meeting.pk])).status_code == 404
    )
    # and the meeting under the other partnership's address does not exist
    other = reverse("meetings:meeting_detail", args=[world.other_partnership.slug, meeting.pk])
    assert client.get(other).status_code == 404


def test_api_for_every_role(client, world, meeting):
    api = Api(client, world)
    base = f"/partnerships/{world.partnership.slug}/meetings"
    body = {
        "title": "Extra",
        "starts_at": "2026-06-01T09:00",
        "ends_at": "2026-06-01T10:00",
        "time_zone": "Africa/Nairobi",
        "place": "Hall",
        "organization_ids": [world.orgs["coop"].pk],
    }
    for role in ROLES:
        listed = api.get(role, base)
        detail = api.get(role, f"{base}/{meeting.pk}")
        created = api.post(role, base, body)
        minutes = api.send("put", role, f"{base}/{meeting.pk}/minutes", {"minutes": "# M"})
        if role in READERS:
            assert listed.status_code == 200 and detail.status_code == 200, role
        else:
            assert listed.status_code in (401, 404) and detail.status_code in (401, 404), role
        if role == "coordinator":
            assert created.status_code == 201 and minutes.status_code == 200
            assert created.json()["starts_local"] == "2026-06-01T09:00:00+03:00"
        else:
            assert created.status_code in (401, 403, 404), (role, created.status_code)
            assert minutes.status_code in (401, 403, 404), role
    assert Meeting.objects.count() == 2


def test_api_validation_is_4xx_and_changes_nothing(client, world, meeting):
    api = Api(client, world)
    base = f"/partnerships/{world.partnership.slug}/meetings"
    bad_times = api.post(
        "coordinator",
        base,
        {
            "title": "x",
            "starts_at": "2026-06-01T10:00",
            "ends_at": "2026-06-01T09:00",
            "time_zone": "UTC",
            "place": "Hall",
        },
    )
    assert bad_times.status_code == 400 and "end after" in bad_times.json()["detail"]
    not_invited = api.send(
        "put",
        "coordinator",
        f"{base}/{meeting.pk}/attendance",
        {
            "entries": [
                {"organization_id": world.orgs["coop"].pk, "attendance": "present"},
                {"person_id": world.users["observer"].pk, "attendance": "present"},
            ]
        },
    )
    assert not_invited.status_code == 400 and "invited" in not_invited.json()["detail"]
    assert set(Invitation.objects.values_list("attendance", flat=True)) == {""}
    from accord.decisions import services as decision_services

    theirs = decision_services.proposal_create(
        actor=world.users["outsider"], partnership=world.other_partnership, title="T", body="b"
    )
    for path in ("decisions", "agenda"):
        answer = api.post(
            "coordinator", f"{base}/{meeting.pk}/{path}", {"proposal_id": theirs.pk, "title": "x"}
        )
        assert answer.status_code == 400, path
        assert "detail" in answer.json()
    assert meeting.agenda_items.count() == 2
    assert Meeting.objects.count() == 1


def test_api_attendance_action_item_and_ics(client, world, meeting):
    api = Api(client, world)
    base = f"/partnerships/{world.partnership.slug}/meetings/{meeting.pk}"
    answer = api.send(
        "put",
        "coordinator",
        f"{base}/attendance",
        {"entries": [{"organization_id": world.orgs["coop"].pk, "attendance": "absent"}]},
    )
    assert answer.status_code == 200
    rows = {i["name"]: i["attendance"] for i in answer.json()["invitations"]}
    assert rows["Fisher Coop"] == "absent" and rows["Foundation"] is None
    item = api.post(
        "coordinator",
        f"{base}/action-items",
        {"title": "Buy nets", "owner_id": world.users["staff"].pk, "due_on": "2026-04-01"},
    )
    assert item.status_code == 201
    assert api.get("coordinator", base).json()["action_item_ids"] == [item.json()["id"]]
    ics = api.get("observer", f"{base}/ics")
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")


def test_forms_put_errors_beside_the_field(client, world, meeting):
    client.force_login(world.users["coordinator"])
    slug = world.partnership.slug
    response = client.post(
        reverse("meetings:meeting_create", args=[slug]),
        {
            "title": "Late",
            "date": "2026-06-01",
            "starts": "10:00",
            "ends": "09:00",
            "time_zone": "UTC",
            "place": "Hall",
        },
    )
    assert response.status_code == 200
    assert "end after it starts" in response.content.decode()
    assert Meeting.objects.count() == 1
    ok = client.post(
        reverse("meetings:meeting_attendance", args=[slug, meeting.pk]),
        {f"organization_{world.orgs['coop'].pk}": "excused"},
    )
    assert ok.status_code == 302
    assert Invitation.objects.get(organization=world.orgs["coop"]).attendance == "excused"
    client.post(
        reverse("meetings:meeting_minutes", args=[slug, meeting.pk]),
        {"minutes": "**Agreed**\n\n<script>alert('x')</script><img src=x onerror=alert(1)>"},
    )
    page = client.get(reverse("meetings:meeting_detail", args=[slug, meeting.pk])).content.decode()
    assert "<strong>Agreed</strong>" in page
    assert "alert(" not in page and "onerror" not in page


def _fill(world, meeting, n):
    from accord.meetings import services

    for i in range(n):
        services.agenda_item_add(
            actor=world.users["coordinator"], meeting=meeting, title=f"Item {i}"
        )
        services.action_item_from_minutes(
            actor=world.users["coordinator"],
            meeting=meeting,
            title=f"Task {i}",
            owner=world.users["staff"],
            due_on=date(2026, 4, 1 + i),
        )


def test_meeting_page_queries_are_bounded(client, world, django_assert_max_num_queries):
    small = meeting_for(world, title="Small")
    large = meeting_for(world, title="Large")
    _fill(world, small, 1)
    _fill(world, large, 12)
    client.force_login(world.users["coordinator"])
    counts = []
    for meeting in (small, large):
        url = reverse("meetings:meeting_detail", args=[world.partnership.slug, meeting.pk])
        with django_assert_max_num_queries(45) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_times_are_shown_in_the_meetings_zone_named(client, world, meeting):
    client.force_login(world.users["observer"])
    page = client.get(
        reverse("meetings:meeting_detail", args=[world.partnership.slug, meeting.pk])
    ).content.decode()
    assert "2026-03-02 10:00</time>–12:00" in page  # Kampala, not the site's UTC 07:00
    assert "(Africa/Kampala)" in page


def test_meeting_page_forms(client, world, meeting):
    slug = world.partnership.slug
    client.force_login(world.users["coordinator"])
    agenda = reverse("meetings:meeting_agenda_add", args=[slug, meeting.pk])
    assert client.post(agenda, {"agenda-title": "Nets"}).status_code == 302
    assert meeting.agenda_items.last().title == "Nets"
    bad = client.post(reverse("meetings:meeting_decision", args=[slug, meeting.pk]), {})
    assert bad.status_code == 400
    client.force_login(world.users["small_representative"])
    support = reverse("meetings:meeting_travel_support", args=[slug, meeting.pk])
    done = client.post(
        support,
        {
            "support-organization": world.orgs["coop"].pk,
            "support-amount": "30",
            "support-currency_code": "USD",
        },
    )
    assert done.status_code == 302
    client.force_login(world.users["observer"])
    assert client.post(agenda, {"agenda-title": "Nope"}).status_code == 403
    assert meeting.agenda_items.count() == 3

"""Action items: owned by someone of a member organization, done with a note, reassigned
with a record, reminded before the due date and once overdue by tasks that are harmless
early, late or twice. Pages and endpoints for every role."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accord.audit.models import Event
from accord.errors import Conflict, Forbidden, Invalid
from accord.notifications.models import Notification
from accord.results import selectors, services
from accord.results.models import ActionItem, ActionItemReassignment, AppendOnlyError
from accord.results.services import reminders
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.results.accountability import (
    INSIDERS,
    action_item_for,
    activity_for,
    decided_proposal,
    login,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(ActionItem.objects.order_by("pk").values()),
        ActionItemReassignment.objects.count(),
        Event.objects.count(),
        Notification.objects.count(),
    )


@pytest.fixture
def item(world):
    world.item = action_item_for(world)
    return world.item


# --- services ---------------------------------------------------------------------------


def test_give_an_item_following_a_decision(world, django_capture_on_commit_callbacks):
    proposal = decided_proposal(world)
    with django_capture_on_commit_callbacks(execute=True):
        item = action_item_for(world, owner="staff", proposal=proposal)
    assert item.owner_organization == world.orgs["foundation"]
    assert item.proposal == proposal and item.status == "open"
    told = Notification.objects.get(verb="results.action_item_assigned")
    assert told.user == world.users["staff"] and "Send the catch data" in told.text
    assert any(m.to == ["staff@foundation.test"] for m in mail.outbox)
    assert Event.objects.filter(verb="results.action_item_created").exists()


def test_creating_an_item_queues_both_reminders_for_their_moments(
    world, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    with django_capture_on_commit_callbacks(execute=True):
        item = action_item_for(world, due_in_days=10)
    queued = {r.task.name: r.task.run_after for r in default_task_backend.results}
    assert queued == {
        "action_item_remind_before_due": reminders.before_due_at(item),
        "action_item_remind_overdue": reminders.overdue_at(item),
    }
    assert timezone.localdate(queued["action_item_remind_before_due"]) == item.due_on - timedelta(
        days=2
    )


def test_an_item_due_within_two_days_gets_no_due_soon_reminder(world):
    item = action_item_for(world, due_in_days=1)
    assert reminders.before_due_at(item) is None  # its assignment notice said the date


def test_done_with_a_note_once(item, world):
    with pytest.raises(Invalid) as refused:
        services.action_item_complete(actor=world.users["staff"], item=item, note=" ")
    assert "note" in refused.value.field_errors
    services.action_item_complete(actor=world.users["staff"], item=item, note="Sent on Monday")
    item.refresh_from_db()
    assert item.status == "done" and item.done_by == world.users["staff"]
    before = snapshot()
    with pytest.raises(Conflict, match="already done"):
        services.action_item_complete(actor=world.users["representative"], item=item, note="Again")
    assert snapshot() == before


@pytest.mark.parametrize("role", ["staff", "representative", "coordinator"])
def test_the_owner_their_representative_or_a_coordinator_mark_it_done(item, world, role):
    services.action_item_complete(actor=world.users[role], item=item, note="Done")
    assert ActionItem.objects.get().status == "done"


@pytest.mark.parametrize(
    "role", ["small_representative", "community", "observer", "invitee", "outsider", "admin"]
)
def test_others_may_not_mark_it_done(item, world, role):
    before = snapshot()
    with pytest.raises(Forbidden):
        services.action_item_complete(actor=world.users[role], item=item, note="Done")
    assert snapshot() == before


def test_reassignment_is_recorded_and_the_new_owner_told(item, world):
    record = services.action_item_reassign(
        actor=world.users["coordinator"],
        item=item,
        owner=world.users["small_representative"],
        reason="Stan is on leave",
    )
    item.refresh_from_db()
    assert item.owner == world.users["small_representative"]
    assert item.owner_organization == world.orgs["coop"]
    assert (record.from_owner, record.to_owner) == (
        world.users["staff"],
        world.users["small_representative"],
    )
    assert record.from_organization == world.orgs["foundation"]
    told = Notification.objects.filter(verb="results.action_item_assigned").latest("pk")
    assert told.user == world.users["small_representative"] and "passed to you" in told.text
    with pytest.raises(AppendOnlyError):
        record.save()
    detail = selectors.action_item_get(partnership=world.partnership, item_id=item.pk)
    assert [r.to_owner for r in detail.reassignments.all()] == [world.users["small_representative"]]


@pytest.mark.parametrize(
    ("owner", "error", "match"),
    [
        ("outsider", Invalid, "does not work for a member"),  # another partnership's member
        ("invitee", Invalid, "does not work for a member"),  # invited, not admitted
        ("community", Invalid, "does not work for a member"),  # no organization
        ("staff", Invalid, "already owns"),
    ],
)
def test_reassignment_to_someone_outside_the_members_is_refused(item, world, owner, error, match):
    before = snapshot()
    with pytest.raises(error, match=match):
        services.action_item_reassign(
            actor=world.users["coordinator"], item=item, owner=world.users[owner]
        )
    assert snapshot() == before


def test_passing_an_item_to_another_organization_is_for_coordinators(item, world):
    before = snapshot()
    with pytest.raises(Forbidden, match="only a coordinator"):
        services.action_item_reassign(
            actor=world.users["staff"], item=item, owner=world.users["small_representative"]
        )
    assert snapshot() == before
    # within the organization, the owner passes it on
    services.action_item_reassign(
        actor=world.users["staff"], item=item, owner=world.users["representative"]
    )
    assert ActionItem.objects.get().owner == world.users["representative"]


def test_a_done_item_is_not_reassigned(item, world):
    services.action_item_complete(actor=world.users["staff"], item=item, note="Done")
    before = snapshot()
    with pytest.raises(Conflict):
        services.action_item_reassign(
            actor=world.users["coordinator"], item=item, owner=world.users["representative"]
        )
    assert snapshot() == before


@pytest.mark.parametrize(
    ("owner", "by", "fields", "error", "field"),
    [
        ("outsider", "coordinator", {}, Invalid, "owner"),
        ("community", "coordinator", {}, Invalid, "owner"),
        ("staff", "coordinator", {"title": "  "}, Invalid, "title"),
        ("small_representative", "representative", {}, Forbidden, None),  # not Rita's people
        ("staff", "staff", {}, Forbidden, None),
        ("staff", "community", {}, Forbidden, None),
    ],
)
def test_bad_items_are_refused(world, owner, by, fields, error, field):
    before = snapshot()
    with pytest.raises(error) as refused:
        action_item_for(world, owner=owner, by=by, **fields)
    if field:
        assert field in refused.value.field_errors
    assert snapshot() == before


def test_links_are_one_at_most_and_to_decided_proposals(world):
    from accord.decisions import services as decision_services

    undecided = decision_services.proposal_create(
        actor=world.users["coordinator"], partnership=world.partnership, title="Open question"
    )
    before = snapshot()
    with pytest.raises(Invalid, match="not decided"):
        action_item_for(world, proposal=undecided)
    with pytest.raises(Invalid, match="one thing at most"):
        action_item_for(world, proposal=decided_proposal(world), activity=activity_for(world))
    assert snapshot()[0] == before[0]


# --- reminders --------------------------------------------------------------------------


def _move(item, *, due_in_days, created_days_ago=5):
    ActionItem.objects.filter(pk=item.pk).update(
        due_on=timezone.localdate() + timedelta(days=due_in_days),
        created_at=timezone.now() - timedelta(days=created_days_ago),
    )


def test_due_soon_reminder_from_the_task_once(item, world, django_capture_on_commit_callbacks):
    from accord.results.tasks import action_item_remind_before_due

    _move(item, due_in_days=1)  # the reminder's moment (8:00 yesterday) has passed
    with django_capture_on_commit_callbacks(execute=True):
        assert action_item_remind_before_due.call(item.pk) == "reminded"
    assert action_item_remind_before_due.call(item.pk) == "nothing"  # twice: once
    reminded = Notification.objects.filter(verb="results.action_item_due_soon")
    assert [n.user for n in reminded] == [world.users["staff"]]
    assert "is due on" in reminded[0].text
    assert [m.to for m in mail.outbox if "Reminder" in m.body] == [["staff@foundation.test"]]
    assert ActionItem.objects.get().reminded_before_due_at is not None


def test_overdue_reminder_from_the_task_once_and_no_late_due_soon(item, world):
    from accord.results.tasks import action_item_remind_before_due, action_item_remind_overdue

    _move(item, due_in_days=-2)
    assert action_item_remind_before_due.call(item.pk) == "nothing"  # too late to say "soon"
    assert action_item_remind_overdue.call(item.pk) == "reminded"
    assert action_item_remind_overdue.call(item.pk) == "nothing"
    reminded = Notification.objects.filter(verb__startswith="results.action_item_")
    assert [(n.verb, n.user) for n in reminded.exclude(verb="results.action_item_assigned")] == [
        ("results.action_item_overdue", world.users["staff"])
    ]


def test_reminders_run_early_wait_and_queue_again(item, django_capture_on_commit_callbacks):
    from accord.results.tasks import action_item_remind_before_due, action_item_remind_overdue

    before = snapshot()
    with django_capture_on_commit_callbacks() as queued:
        assert action_item_remind_before_due.call(item.pk) == "not due"
        assert action_item_remind_overdue.call(item.pk) == "not due"
    assert len(queued) == 2 and snapshot() == before


def test_no_reminder_for_an_item_done_or_gone(item, world):
    from accord.results.tasks import action_item_remind_overdue

    _move(item, due_in_days=-3)
    services.action_item_complete(actor=world.users["staff"], item=item, note="Done late")
    assert action_item_remind_overdue.call(item.pk) == "nothing"
    assert action_item_remind_overdue.call(987654) == "gone"
    assert not Notification.objects.filter(verb="results.action_item_overdue").exists()


def test_reminders_follow_a_reassignment(item, world):
    from accord.results.tasks import action_item_remind_overdue

    services.action_item_reassign(
        actor=world.users["coordinator"], item=item, owner=world.users["representative"]
    )
    _move(item, due_in_days=-2)
    assert action_item_remind_overdue.call(item.pk) == "reminded"
    assert (
        Notification.objects.get(verb="results.action_item_overdue").user
        == (world.users["representative"])
    )


def test_the_sweep_sends_what_is_due_once(world):
    from django.core.management import call_command

    soon, late = action_item_for(world, title="Soon"), action_item_for(world, title="Late")
    action_item_for(world, title="Later", due_in_days=30)
    _move(soon, due_in_days=1)
    _move(late, due_in_days=-4)
    call_command("results_sweep")
    call_command("results_sweep")
    reminded = Notification.objects.filter(
        verb__in=["results.action_item_due_soon", "results.action_item_overdue"]
    )
    assert sorted((n.verb, n.text.split("“")[1].split("”")[0]) for n in reminded) == [
        ("results.action_item_due_soon", "Soon"),
        ("results.action_item_overdue", "Late"),
    ]


# --- pages and endpoints ----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["action_item_list", "action_item_detail"])
def test_pages_for_every_role(client, item, world, role, name):
    args = [world.partnership.slug] + ([item.pk] if name == "action_item_detail" else [])
    response = login(client, world, role).get(reverse(f"results:{name}", args=args))
    assert response.status_code == (200 if role in INSIDERS else 404)
    assert (b"Send the catch data" in response.content) == (role in INSIDERS)


@pytest.mark.parametrize("role", ROLES)
def test_public_partnership_keeps_action_items_to_insiders(client, public_world, role):
    response = login(client, public_world, role).get(
        reverse("results:action_item_list", args=[public_world.partnership.slug])
    )
    assert response.status_code == (200 if role in INSIDERS else 403)


@pytest.mark.parametrize("role", ROLES)
def test_give_an_item_on_the_page(client, world, role):
    staff = world.users["staff"]
    response = login(client, world, role).post(
        reverse("results:action_item_list", args=[world.partnership.slug]),
        {
            "title": "Book the hall",
            "owner": f"{staff.pk}:{world.orgs['foundation'].pk}",
            "due_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
        },
    )
    may = role in {"coordinator", "representative"}
    assert ActionItem.objects.filter(title="Book the hall").exists() == may
    expected = {"anonymous": 404, "stranger": 404, "outsider": 404}.get(role, 403)
    if may:
        expected = 302
    elif role == "small_representative":
        expected = 200  # Sam gives items to his own people only: the choice is refused
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_mark_done_on_the_page(client, item, world, role):
    url = reverse("results:action_item_detail", args=[world.partnership.slug, item.pk])
    response = login(client, world, role).post(url, {"action": "done", "note": "Sent"})
    item.refresh_from_db()
    if role in {"staff", "representative", "coordinator"}:
        assert response.status_code == 302 and item.status == "done"
    else:
        assert response.status_code == {"anonymous": 404, "stranger": 404, "outsider": 404}.get(
            role, 403
        )
        assert item.status == "open"


def test_reassign_on_the_page(client, item, world):
    url = reverse("results:action_item_detail", args=[world.partnership.slug, item.pk])
    client.force_login(world.users["coordinator"])
    sam, coop = world.users["small_representative"], world.orgs["coop"]
    response = client.post(
        url, {"action": "reassign", "owner": f"{sam.pk}:{coop.pk}", "reason": "Leave"}
    )
    assert response.status_code == 302
    assert ActionItem.objects.get().owner == sam
    page = client.get(url)
    assert b"Leave" in page.content and b"Sam Small" in page.content


@pytest.mark.parametrize("role", ROLES)
def test_api_list_and_detail(client, item, world, role):
    api = Api(client, world)
    slug = world.partnership.slug
    for path in (
        f"/partnerships/{slug}/action-items",
        f"/partnerships/{slug}/action-items/{item.pk}",
    ):
        response = api.get(role, path)
        assert response.status_code == (200 if role in INSIDERS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_api_give_an_item(client, world, role):
    api = Api(client, world)
    body = {
        "title": "Print the maps",
        "owner_id": world.users["staff"].pk,
        "due_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
    }
    response = api.post(role, f"/partnerships/{world.partnership.slug}/action-items", body)
    may = role in {"coordinator", "representative"}
    expected = {"anonymous": 401, "stranger": 404, "outsider": 404}.get(role, 201 if may else 403)
    assert response.status_code == expected, response.content
    assert ActionItem.objects.filter(title="Print the maps").exists() == may


def test_api_done_reassign_and_errors(client, item, world):
    api = Api(client, world)
    base = f"/partnerships/{world.partnership.slug}/action-items/{item.pk}"
    outsider = api.post("coordinator", f"{base}/reassign", {"owner_id": world.users["outsider"].pk})
    assert outsider.status_code == 400 and "member organization" in outsider.json()["detail"]
    moved = api.post(
        "coordinator",
        f"{base}/reassign",
        {"owner_id": world.users["representative"].pk, "reason": "Leave"},
    )
    assert (
        moved.status_code == 201 and moved.json()["to_owner_id"] == world.users["representative"].pk
    )
    assert api.post("staff", f"{base}/done", {"note": "x"}).status_code == 403  # not theirs now
    done = api.post("representative", f"{base}/done", {"note": "Sent the data"})
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert len(done.json()["reassignments"]) == 1
    again = api.post("representative", f"{base}/done", {"note": "Again"})
    assert again.status_code == 409
    mine = api.get(
        "representative", f"/partnerships/{world.partnership.slug}/action-items?mine=true"
    )
    assert [row["id"] for row in mine.json()] == [item.pk]


@pytest.mark.parametrize("name", ["action_item_list", "action_item_detail"])
def test_action_item_pages_have_bounded_queries(client, world, name, django_assert_max_num_queries):
    client.force_login(world.users["coordinator"])
    activity, proposal = activity_for(world), decided_proposal(world)
    first = action_item_for(world, activity=activity)
    args = [world.partnership.slug] + ([first.pk] if name == "action_item_detail" else [])
    url = reverse(f"results:{name}", args=args)
    people = ["staff", "representative", "small_representative", "coordinator"]
    for size in (3, 30):
        while ActionItem.objects.count() < size:
            n = ActionItem.objects.count()
            action_item_for(world, owner=people[n % 4], title=f"Item {n}", proposal=proposal)
        while ActionItemReassignment.objects.count() < size // 3:
            services.action_item_reassign(
                actor=world.users["coordinator"],
                item=first,
                owner=world.users[people[(ActionItemReassignment.objects.count() + 1) % 4]],
            )
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200

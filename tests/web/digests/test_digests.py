"""Digests: what they hold, when they are sent, in whose language, and the signed
one-click unsubscribe that needs no sign-in (a forged link changes nothing)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accord.decisions import services as decision_services
from accord.meetings.models import Meeting
from accord.notifications.models import DigestPreference
from accord.web.digests import selectors, services
from tests.api.conftest import Api
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db


def emails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_the_first_digest_tells_what_happened_and_what_waits(world):
    coordinator, community = world.users["coordinator"], world.users["community"]
    decision_services.rule_create(
        actor=coordinator, partnership=world.partnership, name="Majority", preset="simple_majority"
    )
    Meeting.objects.create(
        partnership=world.partnership,
        title="Lakeside meeting",
        starts_at=timezone.now() + timedelta(days=2),
        ends_at=timezone.now() + timedelta(days=2, hours=2),
    )
    mail.outbox.clear()
    assert services.digest_send_if_due(user=community)
    (message,) = emails_to(community)
    assert message.subject == "Accord: your weekly digest"
    assert "Lake Partnership" in message.body
    assert "Decision rule “Majority” created" in message.body
    assert "Lakeside meeting" in message.body
    assert "School Partnership" not in message.body  # not theirs
    assert "List-Unsubscribe" in message.extra_headers


def test_weekly_by_default_then_daily_by_choice(world):
    community = world.users["community"]
    now = timezone.now()
    services.digest_send_if_due(user=community, now=now)
    assert DigestPreference.objects.get(user=community).frequency == "weekly"
    assert not services.digest_send_if_due(user=community, now=now + timedelta(days=2))
    services.digest_preference_set(actor=community, frequency="daily")
    assert selectors.is_due(DigestPreference.objects.get(user=community), now + timedelta(days=1))
    preference = DigestPreference.objects.get(user=community)
    assert not selectors.is_due(preference, now + timedelta(hours=12))


def test_a_quiet_period_sends_nothing_but_counts(world):
    stranger = world.users["stranger"]  # in no partnership: nothing to tell
    mail.outbox.clear()
    assert not services.digest_send_if_due(user=stranger)
    assert DigestPreference.objects.get(user=stranger).last_sent_at is not None
    assert not emails_to(stranger)


def test_the_digest_is_in_the_recipients_language(world):
    community = world.users["community"]
    community.language = "fr"
    community.save(update_fields=["language"])
    mail.outbox.clear()
    services.digest_send_if_due(user=community)
    (message,) = emails_to(community)
    html = message.alternatives[0][0] if hasattr(message.alternatives[0], "__getitem__") else ""
    assert 'lang="fr"' in html


def test_everyone_due_is_sent_by_the_task_and_the_command(world):
    mail.outbox.clear()
    call_command("digests_queue", "--now")
    first = len(mail.outbox)
    assert first >= 3  # coordinator, members' people, community: each their own
    call_command("digests_queue", "--now")
    assert len(mail.outbox) == first  # not due again


# --- unsubscribe -------------------------------------------------------------------------


def test_one_click_unsubscribe_needs_no_sign_in(client, world):
    community = world.users["community"]
    url = reverse(
        "web:digest_unsubscribe",
        args=[services.unsubscribe_token(user=community, kind="activity")],
    )
    assert client.get(url).status_code == 200
    assert selectors.preference_of(community).activity  # reading never writes
    assert client.post(url).status_code == 200
    preference = DigestPreference.objects.get(user=community)
    assert not preference.activity and preference.waiting
    assert client.post(url).status_code == 200  # twice is harmless


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        signing.dumps({"u": 1, "k": "activity"}, salt="another.salt"),
        signing.dumps({"u": 1, "k": "everything"}, salt=services.UNSUBSCRIBE_SALT),
    ],
    # fixed ids: a signed value holds the time, and xdist's workers must collect the same ids
    ids=["nonsense", "another-salt", "unknown-kind"],
)
def test_a_forged_link_is_400_and_changes_nothing(client, world, token):
    community = world.users["community"]
    DigestPreference.objects.create(user=community)
    response = client.post(reverse("web:digest_unsubscribe", args=[token]))
    assert response.status_code == 400
    preference = DigestPreference.objects.get(user=community)
    assert preference.activity and preference.waiting


def test_a_tampered_link_for_someone_else_is_refused(client, world):
    good = services.unsubscribe_token(user=world.users["community"], kind="waiting")
    forged = good[:-2] + ("AA" if not good.endswith("AA") else "BB")
    response = client.post(reverse("web:digest_unsubscribe", args=[forged]))
    assert response.status_code == 400
    assert not DigestPreference.objects.filter(waiting=False).exists()


def test_stopping_both_parts_stops_the_digest(world):
    community = world.users["community"]
    for kind in ("activity", "waiting"):
        services.digest_unsubscribe(token=services.unsubscribe_token(user=community, kind=kind))
    mail.outbox.clear()
    assert not services.digest_send_if_due(user=community)
    assert not emails_to(community)


# --- settings page and API, every role -----------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_settings_page_is_ones_own(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    url = reverse("web:digest_preferences")
    response = client.post(url, {"frequency": "daily", "waiting": "on"})
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login" in response["Location"]
        assert not DigestPreference.objects.exists()
        return
    assert response.status_code == 302
    preference = DigestPreference.objects.get(user=world.user(role))
    assert (preference.frequency, preference.activity, preference.waiting) == (
        "daily",
        False,
        True,
    )
    assert DigestPreference.objects.count() == 1


def test_a_bad_choice_is_shown_beside_its_field(client, world):
    client.force_login(world.users["community"])
    response = client.post(reverse("web:digest_preferences"), {"frequency": "hourly"})
    assert response.status_code == 200 and response.context["form"].errors["frequency"]
    assert not DigestPreference.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_the_api(client, world, role):
    api = Api(client, world)
    got = api.get(role, "/me/digest")
    put = api.send("put", role, "/me/digest", {"frequency": "daily"})
    if role == "anonymous":
        assert (got.status_code, put.status_code) == (401, 401)
        return
    assert got.json()["frequency"] == "weekly"
    assert put.status_code == 200 and put.json()["frequency"] == "daily"
    bad = api.send("put", role, "/me/digest", {"frequency": "hourly"})
    assert bad.status_code == 422
    assert DigestPreference.objects.get(user=world.user(role)).frequency == "daily"


def test_the_command_queues_the_task_and_the_worker_sends(world):
    from django_tasks_db.models import DBTaskResult

    call_command("digests_queue")
    assert DBTaskResult.objects.filter(task_path__endswith="digests_send_due").count() == 1
    mail.outbox.clear()
    sent = services.digests_send_due.call()  # what the worker runs
    assert sent == len(mail.outbox) >= 3

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accord.notifications.models import Notification
from accord.partnerships import services

pytestmark = pytest.mark.django_db


def texts(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("text", flat=True))


def test_consent_steps_notify_the_people_who_must_act(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_invite(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            organization=world.orgs["school"],
        )
    assert any("School is invited" in t for t in texts(world.users["outsider"]))
    assert any("School is invited" in m.body for m in mail.outbox)
    services.membership_respond(actor=world.users["outsider"], membership=membership, accept=True)
    assert any("awaits admission" in t for t in texts(world.users["coordinator"]))
    services.membership_decide(actor=world.users["coordinator"], membership=membership, admit=True)
    assert any("admitted School" in t for t in texts(world.users["outsider"]))
    # Nobody else heard about it.
    assert texts(world.users["community"]) == [] and texts(world.users["staff"]) == []


def test_published_charter_asks_member_representatives_to_sign(world):
    coordinator = world.users["coordinator"]
    version = services.charter_draft_save(
        actor=coordinator, partnership=world.partnership, common_outcome="x"
    )
    services.charter_publish(actor=coordinator, version=version)
    for role in ("representative", "small_representative", "coordinator"):
        assert any("please read and sign" in t for t in texts(world.users[role])), role
    assert not any("please read and sign" in t for t in texts(world.users["invitee"]))


def test_unread_badge_page_and_mark_read(client, world):
    client.force_login(world.users["invitee"])
    html = client.get("/").content.decode()
    assert 'Notifications <span class="badge">1' in html
    page = client.get(reverse("notifications:notification_list")).content.decode()
    assert "Youth Network is invited" in page
    client.post(reverse("notifications:notification_read_all"))
    assert (
        Notification.objects.filter(user=world.users["invitee"], read_at__isnull=True).count() == 0
    )
    assert client.get(reverse("notifications:notification_list")).status_code == 200


def test_notifications_are_private(client, world):
    client.force_login(world.users["stranger"])
    assert (
        "Youth Network"
        not in client.get(reverse("notifications:notification_list")).content.decode()
    )
    client.logout()
    assert client.get(reverse("notifications:notification_list")).status_code == 302


def test_digest_mode_sends_one_email_per_person(
    world, settings, django_capture_on_commit_callbacks
):
    settings.ACCORD_EMAIL_MODE = "digest"
    coordinator = world.users["coordinator"]
    with django_capture_on_commit_callbacks(execute=True):
        version = services.charter_draft_save(
            actor=coordinator, partnership=world.partnership, common_outcome="x"
        )
        services.charter_publish(actor=coordinator, version=version)
    assert mail.outbox == []
    call_command("send_digests")
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        {"coord@county.test", "rep@foundation.test", "rep@coop.test", "rep@youth.test"}
        & set(recipients)
    )
    assert "rep@foundation.test" in recipients and len(recipients) == len(set(recipients))
    call_command("send_digests")
    assert len(mail.outbox) == len(recipients)  # nothing twice

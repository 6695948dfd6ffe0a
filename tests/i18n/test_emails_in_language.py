"""Notifications and emails are written in the recipient's language."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext as _

from accord.notifications.models import Notification
from accord.notifications.services import notify
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

OVERDUE = "Overdue: “%(title)s” was due on %(due)s. Mark it done or pass it on."


def test_each_person_reads_a_notification_and_its_email_in_their_language(
    django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.ACCORD_EMAIL_MODE = "immediate"
    amina = make_user("amina@example.org", language="fr")
    bob = make_user("bob@example.org")  # no choice: the site's language
    values = {"title": "Rapport", "due": "2026-12-01"}
    before = translation.get_language()
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
        notify(users=[amina, bob], verb="test", text=lambda: _(OVERDUE) % values)
    texts = dict(Notification.objects.values_list("user__email", "text"))
    assert texts["amina@example.org"].startswith("En retard : « Rapport »")
    assert texts["bob@example.org"] == OVERDUE % values
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert bodies["amina@example.org"].startswith("En retard")
    assert bodies["bob@example.org"].startswith("Overdue")
    assert translation.get_language() == before  # the per-recipient override did not leak


def test_a_plain_text_notification_is_stored_as_given() -> None:
    amina = make_user("amina@example.org", language="fr")
    (n,) = notify(users=[amina], verb="test", text="As given.")
    assert n.text == "As given."


def test_the_digest_greets_each_person_in_their_language(settings: Any) -> None:
    settings.ACCORD_EMAIL_MODE = "digest"
    amina = make_user("amina@example.org", name="Amina", language="fr")
    bob = make_user("bob@example.org", name="Bob")
    notify(users=[amina, bob], verb="test", text="Something happened.")
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    by_person = {m.to[0]: m for m in mail.outbox}
    assert by_person["amina@example.org"].body.startswith("Bonjour Amina,")
    assert by_person["amina@example.org"].subject == "Accord : 1 nouveauté"
    assert by_person["bob@example.org"].body.startswith("Hello Bob,")
    assert by_person["bob@example.org"].subject == "Accord: 1 update"


def test_an_invitation_reaches_a_french_representative_in_french(world: Any) -> None:
    from accord.partnerships import services

    outsider = world.users["outsider"]  # represents School, not a member of the lake
    outsider.language = "fr"
    outsider.save(update_fields=["language"])
    with translation.override("en"):
        services.membership_invite(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            organization=world.orgs["school"],
        )
    note = Notification.objects.filter(user=outsider, verb="membership.invited").get()
    assert note.text == (
        "School est invitée à rejoindre Lake Partnership : acceptez ou refusez depuis votre "
        "page d’accueil."
    )


def test_signing_in_keeps_the_browser_language_of_a_person_who_never_chose(client) -> None:
    from django.urls import reverse

    bob = make_user("bob@example.org")
    amina = make_user("amina@example.org", language="es")
    for user in (bob, amina):
        response = client.post(
            reverse("accounts:login"),
            {"username": user.email, "password": "pw"},
            HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9",
        )
        assert response.status_code == 302
        client.logout()
    bob.refresh_from_db()
    amina.refresh_from_db()
    assert bob.language == "fr"  # his emails now come in French
    assert amina.language == "es"  # a choice made with the switch is kept


def test_a_browser_language_not_offered_is_not_stored(client) -> None:
    from django.urls import reverse

    bob = make_user("bob@example.org")
    client.post(
        reverse("accounts:login"),
        {"username": bob.email, "password": "pw"},
        HTTP_ACCEPT_LANGUAGE="sw",
    )
    bob.refresh_from_db()
    assert bob.language == ""  # Swahili is not offered: the site's language applies

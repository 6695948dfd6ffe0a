"""The language switch: without JavaScript, remembered per person, Accept-Language on a
first visit, <html lang> following the active language, and the API's twin."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from accord.accounts import services as account_services
from tests.conftest import ROLES, make_user

pytestmark = pytest.mark.django_db

SWITCH = "/accounts/language/"


def signed_in(client: Any, world: Any, role: str) -> Any:
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


def test_first_visit_follows_accept_language(client: Any) -> None:
    page = client.get("/accounts/login/", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert page.status_code == 200
    assert '<html lang="fr">' in page.text
    assert "Se connecter" in page.text  # the header's "Sign in"
    page = client.get("/accounts/login/", headers={"Accept-Language": "es"})
    assert '<html lang="es">' in page.text
    page = client.get("/accounts/login/", headers={"Accept-Language": "de"})
    assert '<html lang="en">' in page.text


def test_every_page_carries_the_switch_as_a_plain_form(client: Any) -> None:
    page = client.get("/accounts/login/")
    assert f'action="{SWITCH}"' in page.text
    for code, name in [("en", "English"), ("fr", "Français"), ("es", "Español")]:
        assert f'<option value="{code}" lang="{code}"' in page.text
        assert name in page.text


@pytest.mark.parametrize("role", ROLES)
def test_every_role_can_switch_and_a_signed_in_choice_is_remembered(
    client: Any, world: Any, role: str
) -> None:
    client = signed_in(client, world, role)
    response = client.post(SWITCH, {"language": "fr", "next": "/organizations/"})
    assert response.status_code == 302
    assert response["Location"] == "/organizations/"
    page = client.get("/organizations/", headers={"Accept-Language": "es"})
    assert '<html lang="fr">' in page.text  # the cookie beats the browser's header
    if role != "anonymous":
        user = world.user(role)
        user.refresh_from_db()
        assert user.language == "fr"
        # Another device (no cookie), another browser language: the account's choice wins.
        other = type(client)()
        other.force_login(user)
        page = other.get("/organizations/", headers={"Accept-Language": "es"})
        assert '<html lang="fr">' in page.text


def test_the_switch_refuses_an_unknown_language_and_changes_nothing(
    client: Any, world: Any
) -> None:
    client.force_login(world.users["coordinator"])
    response = client.post(SWITCH, {"language": "xx", "next": "/"})
    assert response.status_code == 400
    world.users["coordinator"].refresh_from_db()
    assert world.users["coordinator"].language == ""
    assert client.get(SWITCH).status_code == 405  # a change is a POST


def test_the_switch_never_sends_anyone_to_another_site(client: Any) -> None:
    response = client.post(SWITCH, {"language": "es", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_the_api_sets_the_language_for_every_signed_in_role(
    client: Any, world: Any, role: str
) -> None:
    headers = {}
    if role != "anonymous":
        _, secret = account_services.access_token_create(actor=world.user(role), name="t")
        headers = {"Authorization": f"Bearer {secret}"}
    response = client.put(
        "/api/v1/me/language", {"language": "es"}, content_type="application/json", headers=headers
    )
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    assert response.json()["language"] == "es"
    assert client.get("/api/v1/me", headers=headers).json()["language"] == "es"
    bad = client.put(
        "/api/v1/me/language",
        {"language": "klingon"},
        content_type="application/json",
        headers=headers,
    )
    assert bad.status_code == 400
    world.user(role).refresh_from_db()
    assert world.user(role).language == "es"


def test_the_set_password_mail_is_in_the_recipients_language(db: None) -> None:
    french = make_user("amina@example.org", language="fr")
    english = make_user("bob@example.org")
    account_services.user_send_set_password(user=french)
    account_services.user_send_set_password(user=english)
    assert mail.outbox[0].subject.startswith("Réinitialisation du mot de passe")
    assert mail.outbox[1].subject.startswith("Password reset")


def test_the_switch_url_is_named() -> None:
    assert reverse("accounts:set_language") == SWITCH

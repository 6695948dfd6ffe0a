from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse

from accord.accounts.models import AccessToken, hash_token
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_production_hasher_is_argon2():
    # tests swap in a fast hasher; the module's own setting is Argon2 first
    from accord import settings as accord_settings

    assert accord_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert django_settings.AUTH_USER_MODEL == "accounts.User"


def test_sign_in_with_email_and_password(client):
    make_user("amina@county.test")
    response = client.post(
        reverse("accounts:login"), {"username": "AMINA@county.test", "password": "pw"}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"].email == "amina@county.test"


def test_repeated_failed_sign_ins_are_slowed(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    make_user("amina@county.test")
    for _ in range(3):
        response = client.post(
            reverse("accounts:login"), {"username": "amina@county.test", "password": "wrong"}
        )
        assert b"do not match" in response.content
    response = client.post(
        reverse("accounts:login"), {"username": "amina@county.test", "password": "pw"}
    )
    assert response.status_code == 200 and b"Too many failed sign-ins" in response.content
    assert b"Wait 1 second before" in response.content
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    make_user("amina@county.test")
    client.post(reverse("accounts:password_reset"), {"email": "amina@county.test"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "a-Long-new-pass-42", "new_password2": "a-Long-new-pass-42"},
    )
    assert response.status_code == 302
    assert client.login(username="amina@county.test", password="a-Long-new-pass-42")


def test_tokens_are_created_shown_once_stored_hashed_and_revoked(client):
    user = make_user("amina@county.test")
    client.force_login(user)
    response = client.post(reverse("accounts:token_list"), {"name": "report script"})
    secret = re.search(rb"(acc_[A-Za-z0-9_\-]+)", response.content).group(1).decode()
    token = AccessToken.objects.get(user=user)
    assert token.token_hash == hash_token(secret) and secret not in token.token_hash
    assert client.get(reverse("accounts:token_list")).content.count(secret.encode()) == 0
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_cannot_revoke_someone_elses_token(client):
    from accord.accounts import services

    owner, other = make_user("a@x.test"), make_user("b@x.test")
    token, _ = services.access_token_create(actor=owner, name="mine")
    client.force_login(other)
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_pages_need_sign_in(client):
    assert client.get(reverse("accounts:token_list")).status_code == 302

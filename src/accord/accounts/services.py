"""Writes about accounts: personal access tokens, set-password mail (throttling: throttling.py)."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.accounts import time_zones
from accord.accounts.models import AccessToken, User, hash_token
from accord.audit.services import event_record
from accord.audit.summaries import summary
from accord.errors import Invalid, NotFound

TOKEN_PREFIX = "acc_"  # noqa: S105 - a public marker, not a secret


def language_is_offered(language: str) -> bool:
    """Whether the site offers this interface language (settings.LANGUAGES)."""
    return language in dict(settings.LANGUAGES)


def user_language_adopt(*, user: User, language: str) -> bool:
    """On signing in, a person who never chose a language keeps the one their browser asked
    for (``Accept-Language``, as negotiated), so that their emails, written when they are
    away, come in it too. A choice made with the switch is never overridden. Whether it
    was stored."""
    language = (language or "").split("-")[0]
    if user.language or not language_is_offered(language):
        return False
    user.language = language
    user.save(update_fields=["language"])
    return True


def user_set_language(*, actor: User, language: str) -> User:
    """Remember the person's interface language (one of settings.LANGUAGES): their pages
    and the emails sent to them are in it from now on. Anyone may set their own."""
    if not language_is_offered(language):
        raise Invalid(
            _("This language is not offered."),
            field_errors={"language": [_("Choose one of the offered languages.")]},
        )
    if actor.language != language:
        actor.language = language
        actor.save(update_fields=["language"])
    return actor


def user_set_time_zone(*, actor: User, time_zone: str) -> User:
    """Choose the zone the person's dates and times are shown and read in (an IANA name
    such as Africa/Nairobi); blank follows the partnership's zone. Anyone may set their own."""
    time_zone = (time_zone or "").strip()
    if time_zone and not time_zones.is_zone(time_zone):
        raise Invalid(
            _("Unknown time zone “%(name)s”.") % {"name": time_zone},
            field_errors={"time_zone": [_("Use a name such as Africa/Nairobi or Europe/Paris.")]},
        )
    if actor.time_zone != time_zone:
        actor.time_zone = time_zone
        actor.save(update_fields=["time_zone"])
    return actor


@transaction.atomic
def access_token_create(*, actor: User, name: str) -> tuple[AccessToken, str]:
    """Create a token; returns it with its secret, which is shown once and never stored."""
    name = (name or "").strip()
    if not name:
        raise Invalid(
            _("Give the token a name, e.g. “reporting script”."),
            field_errors={"name": [_("Required.")]},
        )
    if len(name) > 100:
        raise Invalid(
            _("A token name has at most 100 characters."), field_errors={"name": [_("Too long.")]}
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        user=actor, name=name, prefix=secret[:12], token_hash=hash_token(secret)
    )
    event_record(
        actor=actor,
        verb="token.created",
        target=token,
        summary=summary(
            gettext_noop("%(actor)s created the API token %(name)s"), actor=actor, name=name
        ),
    )
    return token, secret


@transaction.atomic
def access_token_revoke(*, actor: User, token_id: int) -> AccessToken:
    token = AccessToken.objects.select_for_update().filter(pk=token_id, user=actor).first()
    if token is None:
        raise NotFound(_("No such token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        event_record(
            actor=actor,
            verb="token.revoked",
            target=token,
            summary=summary(
                gettext_noop("%(actor)s revoked the API token %(name)s"),
                actor=actor,
                name=token.name,
            ),
        )
    return token


def access_token_authenticate(secret: str) -> User | None:
    """The active user behind a token secret, or None. Records when it was last used."""
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        AccessToken.objects.select_related("user")
        .filter(token_hash=hash_token(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def site_address() -> tuple[str, str]:
    """The protocol and host (with any port and path) of the site's configured address,
    ``ACCORD_BASE_URL``: emails link there, never to whatever host a request named."""
    parts = urlsplit(str(settings.ACCORD_BASE_URL).rstrip("/"))
    return parts.scheme or "http", parts.netloc + parts.path


def user_send_set_password(*, user: User, request: Any = None) -> None:
    """Email a link to set a password (the password-reset flow), e.g. for a new colleague.
    The link is on ``ACCORD_BASE_URL`` (``request`` is accepted for callers and unused).

    Django's ``PasswordResetForm`` skips accounts without a usable password, which is
    exactly the case of a newly affiliated person, so the mail is built here.
    """
    protocol, domain = site_address()
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
        "domain": domain,
    }
    with translation.override(user.preferred_language):
        subject = render_to_string("registration/password_reset_subject.txt", context).strip()
        body = render_to_string("registration/password_reset_email.txt", context)
    send_mail(subject, body, None, [user.email])


def password_reset_email_send(*, email: str) -> int:
    """Send the password-reset link to the active account with this email, if there is
    one and it has not had ``RESET_EMAILS_PER_ACCOUNT`` emails this hour. Runs in the
    worker (``tasks.password_reset_send``), so that the request answers in the same time
    whether the account exists or not. Returns the number of emails sent (0 or 1)."""
    from accord.accounts import throttling

    user = (
        User.objects.filter(email__iexact=email.strip())
        .filter(Q(is_active=True) | Q(is_active=False, last_login__isnull=True))
        .first()
    )
    if user is None or not throttling.reset_email_allowed(email=user.email):
        return 0
    user_send_set_password(user=user)
    return 1


def account_is_pending(user: User) -> bool:
    """An account someone else created, not yet confirmed by its owner: inactive and never
    signed in (a deactivated account has signed in before)."""
    return not user.is_active and user.last_login is None


def account_confirm_pending(*, user: User) -> bool:
    """The owner proved they hold the email (they opened the set-password link): a pending
    account becomes active. Called before the new password is saved; returns whether it
    was pending."""
    if not account_is_pending(user):
        return False
    user.is_active = True
    return True

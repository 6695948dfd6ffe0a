"""Digests: a person's choice, the signed unsubscribe links, and sending."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accord.errors import Invalid
from accord.notifications.models import DigestFrequency, DigestKind, DigestPreference
from accord.notifications.services import absolute_url, recipient_language
from accord.web.digests import selectors

UNSUBSCRIBE_SALT = "accord.digests.unsubscribe"


def _invalid(field: str, message: str) -> Invalid:
    return Invalid(message, field_errors={field: [message]})


def _locked_preference(user: Any) -> DigestPreference:
    DigestPreference.objects.get_or_create(user=user)
    return DigestPreference.objects.select_for_update().get(user=user)


@transaction.atomic
def digest_preference_set(
    *,
    actor: Any,
    frequency: str | None = None,
    activity: bool | None = None,
    waiting: bool | None = None,
) -> DigestPreference:
    """The actor's own choice; a part left as None keeps its value."""
    if not actor.is_authenticated:
        raise _invalid("frequency", _("Sign in to choose your digest."))
    preference = _locked_preference(actor)
    if frequency is not None:
        if frequency not in DigestFrequency.values:
            raise _invalid("frequency", _("Choose daily or weekly."))
        preference.frequency = frequency
    if activity is not None:
        preference.activity = bool(activity)
    if waiting is not None:
        preference.waiting = bool(waiting)
    preference.save(update_fields=["frequency", "activity", "waiting"])
    return preference


def unsubscribe_token(*, user: Any, kind: str) -> str:
    """A signed token that stops one part of ``user``'s digest, without signing in."""
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, user: Any, kind: str) -> str:
    return absolute_url(
        reverse("web:digest_unsubscribe", args=[unsubscribe_token(user=user, kind=kind)])
    )


def unsubscribe_read(token: str) -> tuple[Any, str]:
    """The person and the part a token names; ``Invalid`` for a forged or damaged token."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user_id, kind = int(data["u"]), str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise Invalid(_("This unsubscribe link is not valid.")) from exc
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or kind not in DigestKind.values:
        raise Invalid(_("This unsubscribe link is not valid."))
    return user, kind


@transaction.atomic
def digest_unsubscribe(*, token: str) -> tuple[Any, str]:
    """Stop the part of the digest the signed token names; harmless twice."""
    user, kind = unsubscribe_read(token)
    preference = _locked_preference(user)
    setattr(preference, kind, False)
    preference.save(update_fields=[kind])
    return user, kind


def _email(digest: selectors.Digest) -> EmailMultiAlternatives:
    user = digest.user
    links = {kind: unsubscribe_url(user=user, kind=kind) for kind in DigestKind.values}
    context = {
        "digest": digest,
        "user": user,
        "unsubscribe": links,
        "settings_url": absolute_url(reverse("web:digest_preferences")),
        "base_url": absolute_url("/"),
        "language": translation.get_language(),
    }
    subject = (
        _("Accord: your daily digest")
        if digest.preference.frequency == DigestFrequency.DAILY
        else _("Accord: your weekly digest")
    )
    body = render_to_string("web/digests/digest_email.txt", context)
    html = render_to_string("web/digests/digest_email.html", context)
    # RFC 8058: a mail client may offer its own one-click button, which POSTs to the link.
    headers = {
        "List-Unsubscribe": ", ".join(f"<{url}>" for url in links.values()),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    message = EmailMultiAlternatives(subject, body, None, [user.email], headers=headers)
    message.attach_alternative(html, "text/html")
    return message


@transaction.atomic
def digest_send_if_due(*, user: Any, now: datetime | None = None) -> bool:
    """Send ``user``'s digest if one is due, in their language; True when one was sent.

    Locks the person's preference row, so two runs at once send once. A period with
    nothing to tell sends nothing and still counts as covered."""
    now = now or timezone.now()
    preference = _locked_preference(user)
    if not selectors.is_due(preference, now):
        return False
    with translation.override(recipient_language(user)):
        digest = selectors.digest_for(user=user, now=now)
        sent = False
        if not digest.is_empty:
            _email(digest).send()
            sent = True
    DigestPreference.objects.filter(pk=preference.pk).update(last_sent_at=now)
    return sent


def digests_send_all(*, now: datetime | None = None) -> int:
    """Every due digest (one transaction per person); how many were sent."""
    now = now or timezone.now()
    people = get_user_model().objects.filter(is_active=True).exclude(email="").order_by("pk")
    return sum(digest_send_if_due(user=user, now=now) for user in people.iterator())


@task
def digests_send_due() -> int:
    """The worker's hourly run (queued by ``accord digests_queue``); harmless twice."""
    return digests_send_all()

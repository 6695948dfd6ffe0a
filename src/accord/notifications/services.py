"""Telling people what needs them. Services of other apps call ``notify`` explicitly
(never through signals) inside their transaction. Email goes out after commit
(``ACCORD_EMAIL_MODE=immediate``, the default) or in a daily digest
(``ACCORD_EMAIL_MODE=digest`` and ``accord send_digests`` from cron).

A notification that asks for something carries a ``key`` of that thing; the service that
does it calls ``notifications_resolve(key=...)`` in the same transaction, and the
notification stops asking (it leaves the unread count and is never emailed late)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from accord.notifications.models import Notification

#: Email subjects longer than this are cut at a word boundary (RFC 5322 advises 78
#: characters per header line; "Accord: " takes eight of them).
SUBJECT_MAX_CHARS = 78


def recipient_language(user: Any) -> str:
    """The language to write to a person in: their choice, else the site's."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def notify(
    *,
    users: Iterable[Any],
    text: str | Callable[[], str],
    verb: str,
    url: str = "",
    partnership: Any = None,
    exclude: Any = None,
    key: str = "",
) -> list[Notification]:
    """Create one notification per person (once each) and email it after commit.

    ``key`` names what the notification asks for, when it asks for something (see
    ``notifications_resolve``).

    ``text`` may be a function that builds the text with ``gettext``: it is then called once
    per person in that person's language (``lambda: _("… %(title)s") % {...}``), so that
    each reads the notification, and its email, in their own language."""
    seen: set[int] = set()
    created = []
    for user in users:
        if user is None or user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        if callable(text):
            with translation.override(recipient_language(user)):
                body = str(text())
        else:
            body = text
        created.append(
            Notification(
                user=user,
                text=body[:500],
                verb=verb,
                url=url,
                partnership=partnership,
                subject_key=key[:100],
            )
        )
    Notification.objects.bulk_create(created)
    ids = [n.pk for n in created if n.pk is not None]
    if ids and getattr(settings, "ACCORD_EMAIL_MODE", "immediate") == "immediate":
        transaction.on_commit(lambda: notification_email_send(notification_ids=ids))
    return created


def notifications_resolve(
    *, key: str, users: Iterable[Any] | None = None, now: datetime | None = None
) -> int:
    """Mark the open notifications that ask for ``key`` as done; how many were.

    Call inside the transaction of the act that answers them (the admission, the
    signature, the vote), so they resolve exactly when it commits. ``users`` limits it to
    those people (a vote answers only its voters' requests); None resolves everyone's.
    Idempotent."""
    if not key:
        return 0
    open_asks = Notification.objects.filter(subject_key=key, resolved_at__isnull=True)
    if users is not None:
        open_asks = open_asks.filter(user__in=[getattr(u, "pk", u) for u in users])
    return open_asks.update(resolved_at=now or timezone.now())


def email_subject(text: str, *, limit: int = SUBJECT_MAX_CHARS) -> str:
    """ "Accord: " and the text on one line, cut at a word boundary with an ellipsis when
    it is too long, never in the middle of a word."""
    line = " ".join(text.split())
    subject = f"Accord: {line}"
    if len(subject) <= limit:
        return subject
    room = limit - 1  # the ellipsis
    cut = subject[: room + 1]
    space = cut.rfind(" ")
    # a single word longer than the line has no boundary to cut at: cut it then
    cut = cut[:space] if space > len("Accord:") else cut[:room]
    return cut.rstrip(" ,;:—-") + "…"


def absolute_url(path: str) -> str:
    """``path`` on the site's configured address (``ACCORD_BASE_URL``), for emails."""
    if not path or path.startswith(("http://", "https://")):
        return path
    base = str(getattr(settings, "ACCORD_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")
    return f"{base}/{path.lstrip('/')}"


def notification_email_send(*, notification_ids: list[int]) -> int:
    """Email each notification to its person; returns how many were sent. A notification
    resolved before its email went out (the act was done at once) is not sent."""
    sent = 0
    for n in Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True, resolved_at__isnull=True
    ).select_related("user"):
        link = f"\n\n{absolute_url(n.url)}" if n.url else ""
        send_mail(
            email_subject(n.text), f"{n.text}{link}\n", None, [n.user.email], fail_silently=True
        )
        Notification.objects.filter(pk=n.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


def notifications_mark_read(*, actor: Any) -> int:
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )

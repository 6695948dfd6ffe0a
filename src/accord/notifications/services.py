"""Telling people what needs them. Services of other apps call ``notify`` explicitly
(never through signals) inside their transaction. Email goes out after commit
(``ACCORD_EMAIL_MODE=immediate``, the default) or in a daily digest
(``ACCORD_EMAIL_MODE=digest`` and ``accord send_digests`` from cron)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from accord.notifications.models import Notification


def notify(
    *,
    users: Iterable[Any],
    text: str,
    verb: str,
    url: str = "",
    partnership: Any = None,
    exclude: Any = None,
) -> list[Notification]:
    """Create one notification per person (once each) and email it after commit."""
    seen: set[int] = set()
    created = []
    for user in users:
        if user is None or user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        created.append(
            Notification(user=user, text=text[:500], verb=verb, url=url, partnership=partnership)
        )
    Notification.objects.bulk_create(created)
    ids = [n.pk for n in created if n.pk is not None]
    if ids and getattr(settings, "ACCORD_EMAIL_MODE", "immediate") == "immediate":
        transaction.on_commit(lambda: notification_email_send(notification_ids=ids))
    return created


def notification_email_send(*, notification_ids: list[int]) -> int:
    """Email each notification to its person; returns how many were sent."""
    sent = 0
    base = getattr(settings, "ACCORD_BASE_URL", "http://127.0.0.1:8000")
    for n in Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("user"):
        link = f"\n\n{base}{n.url}" if n.url else ""
        send_mail(
            f"Accord: {n.text[:80]}", f"{n.text}{link}\n", None, [n.user.email], fail_silently=True
        )
        Notification.objects.filter(pk=n.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


def notifications_mark_read(*, actor: Any) -> int:
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accord.notifications.models import Notification


def notification_list(*, actor: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user_id=actor.pk).select_related("partnership")


def unread_count(*, actor: Any) -> int:
    """Notifications not read and still asking (a resolved one needs nobody any more)."""
    if not actor.is_authenticated:
        return 0
    return Notification.objects.filter(
        user_id=actor.pk, read_at__isnull=True, resolved_at__isnull=True
    ).count()


def digest_pending() -> QuerySet[Notification]:
    """What the daily digest sends: unread, not yet emailed and not resolved."""
    return Notification.objects.filter(
        read_at__isnull=True, emailed_at__isnull=True, resolved_at__isnull=True
    ).select_related("user")

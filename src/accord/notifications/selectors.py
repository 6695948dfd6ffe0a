from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

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


def notification_find(*, actor: Any, q: str = "", state: str = "") -> QuerySet[Notification]:
    """``notification_list`` narrowed: the word in the text; ``unread`` (not read and still
    asking, as ``unread_count`` counts them) or ``read`` (the others). Empty: no filter."""
    notifications = notification_list(actor=actor)
    if q.strip():
        notifications = notifications.filter(text__icontains=q.strip())
    unread = Q(read_at__isnull=True, resolved_at__isnull=True)
    if state == "unread":
        notifications = notifications.filter(unread)
    elif state == "read":
        notifications = notifications.exclude(unread)
    return notifications

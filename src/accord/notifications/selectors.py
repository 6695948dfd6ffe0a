from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accord.notifications.models import Notification


def notification_list(*, actor: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user_id=actor.pk).select_related("partnership")


def unread_count(*, actor: Any) -> int:
    if not actor.is_authenticated:
        return 0
    return Notification.objects.filter(user_id=actor.pk, read_at__isnull=True).count()

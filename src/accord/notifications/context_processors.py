from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accord.notifications.selectors import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The unread count for the header (one indexed query per page for signed-in people)."""
    user = getattr(request, "user", None)
    return {"unread_notifications": unread_count(actor=user) if user is not None else 0}

"""The notifications router: one's own notifications, and marking them read.

A notification that asks for something is resolved by the act that answers it (see
``services.notifications_resolve``), never by hand, so there is no endpoint to resolve one:
``resolved_at`` says when it stopped asking.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from accord.core.api import actor
from accord.core.pagination import BoundedPagination
from accord.notifications import selectors, services

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    verb: str
    text: str
    url: str
    partnership: str | None = Field(None, alias="partnership.slug")
    created_at: datetime
    read_at: datetime | None
    resolved_at: datetime | None


class MarkedReadOut(Schema):
    marked_read: int
    unread: int


@router.get("/notifications", response=list[NotificationOut])
@paginate(BoundedPagination)
def notification_list(request: HttpRequest, unread: bool = False, q: str = "") -> Any:
    """One's own notifications, newest first; ``unread=true`` keeps those not read and
    still asking (the count on the page's bell); ``q`` a word of the text."""
    return selectors.notification_find(
        actor=actor(request), q=q[:200], state="unread" if unread else ""
    )


@router.post("/notifications/read", response=MarkedReadOut)
def notification_read_all(request: HttpRequest) -> Any:
    """Mark all of one's notifications read, as the page's "Mark all as read"."""
    user = actor(request)
    marked = services.notifications_mark_read(actor=user)
    return {"marked_read": marked, "unread": selectors.unread_count(actor=user)}

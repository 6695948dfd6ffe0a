"""Calendar feeds: a secret address per person, or per person and partnership.

The token is 32 random bytes (URL-safe). Revoking marks the row; a revoked token is
never reissued, so an old address answers 404 for good.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.errors import Forbidden
from accord.meetings.models import CalendarFeed
from accord.partnerships.models import Partnership


def _check(actor: Any, partnership: Partnership | None) -> None:
    if actor is None or not actor.is_authenticated:
        raise Forbidden()
    if partnership is not None and not actor.has_perm("meetings.view_meetings", partnership):
        raise Forbidden()


def _live(actor: Any, partnership: Partnership | None) -> Any:
    return CalendarFeed.objects.select_for_update().filter(
        owner=actor, partnership=partnership, revoked_at__isnull=True
    )


@transaction.atomic
def feed_issue(*, actor: Any, partnership: Partnership | None = None) -> CalendarFeed:
    """The actor's live feed (of one partnership, or personal), made if there is none."""
    _check(actor, partnership)
    feed = _live(actor, partnership).first()
    if feed is None:
        feed = CalendarFeed.objects.create(
            owner=actor, partnership=partnership, token=secrets.token_urlsafe(32)
        )
    return feed


@transaction.atomic
def feed_revoke(*, actor: Any, partnership: Partnership | None = None) -> int:
    """Revoke the actor's live feed; how many were revoked (0 or 1)."""
    if actor is None or not actor.is_authenticated:
        raise Forbidden()
    return _live(actor, partnership).update(revoked_at=timezone.now())


@transaction.atomic
def feed_regenerate(*, actor: Any, partnership: Partnership | None = None) -> CalendarFeed:
    """Revoke the old address and issue a new one."""
    _check(actor, partnership)
    feed_revoke(actor=actor, partnership=partnership)
    return CalendarFeed.objects.create(
        owner=actor, partnership=partnership, token=secrets.token_urlsafe(32)
    )

from __future__ import annotations

from django.db.models import QuerySet

from accord.audit.models import ChainLink, Event


def event_list(*, partnership_id: int) -> QuerySet[Event]:
    """The partnership's feed, newest first, with actors fetched in the same query.

    Callers must already have checked that the actor may view the partnership
    (``partnerships.selectors.partnership_get`` does).
    """
    return Event.objects.for_partnership(partnership_id).select_related("actor")


def partnership_version(*, partnership_id: int) -> int:
    """The id of the partnership's latest event: it changes whenever anything in the
    partnership changes (every service records an event, and events are append-only),
    so it is a cache key for figures derived from the partnership's data."""
    latest = (
        Event.objects.filter(partnership_id=partnership_id)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    return latest or 0


def chain_head(*, partnership_id: int) -> ChainLink | None:
    """The partnership's latest hash-chain link (its hash is shown on the public overview
    and in the exports: anyone who noted it can later check that no record was rewritten).
    One query, by the ``(partnership, seq)`` unique index."""
    return ChainLink.objects.filter(partnership_id=partnership_id).order_by("-seq").first()

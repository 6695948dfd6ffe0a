"""Recording events. Every service that changes something calls ``event_record``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accord.audit.models import Event

if TYPE_CHECKING:
    from django.db.models import Model


def event_record(
    *,
    actor: Any,  # a user, anonymous or None (the system)
    verb: str,
    target: Model,
    summary: str,
    partnership_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    """Append one event. Call inside the service's transaction so both land together."""
    return Event.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        object_type=target._meta.model_name or "",
        object_id=target.pk,
        summary=summary[:500],
        partnership_id=partnership_id,
        data=data or {},
    )


def partnership_event_record(
    actor: Any, verb: str, target: Model, partnership: Any, summary: str, **data: Any
) -> Event:
    """``event_record`` for a partnership's feed: the data are the keyword arguments."""
    return event_record(
        actor=actor,
        verb=verb,
        target=target,
        summary=summary,
        partnership_id=partnership.pk,
        data=data,
    )

"""Recording events. Every service that changes something calls ``event_record``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import connection, transaction

from accord.audit import chain
from accord.audit.models import ChainLink, Event
from accord.audit.summaries import Summary

if TYPE_CHECKING:
    from django.db.models import Model


def event_record(
    *,
    actor: Any,  # a user, anonymous or None (the system)
    verb: str,
    target: Model,
    summary: str | Summary,
    partnership_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    """Append one event. Call inside the service's transaction so both land together.

    Give ``summary`` as a ``Summary`` (``summaries.summary(gettext_noop("…"), …)``) so that
    each reader reads it in their own language; the English text is stored beside it."""
    data = dict(data or {})
    if isinstance(summary, Summary):
        data[Summary.DATA_KEY] = summary.as_data()
        text = summary.english()
    else:
        text = str(summary)
    return Event.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        object_type=target._meta.model_name or "",
        object_id=target.pk,
        summary=text[:500],
        partnership_id=partnership_id,
        data=data,
    )


def partnership_event_record(
    actor: Any, verb: str, target: Model, partnership: Any, summary: str | Summary, **data: Any
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


def record_values(model: Any, pk: Any) -> tuple[int | None, dict[str, Any]] | None:
    """The partnership's id and the stored, hashed values of one chained record."""
    fields = chain.stored_fields(model)
    lookup = chain.CHAINED[model._meta.label_lower]
    extra = [] if lookup in fields else [lookup]
    values = model._default_manager.filter(pk=pk).values(*fields, *extra).first()
    if values is None:
        return None
    partnership_id = values.pop(lookup) if extra else values[lookup]
    return partnership_id, values


def chain_append(record: Model) -> ChainLink | None:
    """Append ``record`` to its partnership's hash chain, in the caller's transaction.

    One query re-reads the record as stored (so the hash is over what the database keeps),
    one locks the partnership row (PostgreSQL: concurrent appenders wait, so ``seq`` stays
    unique and gapless), one reads the head by ``(partnership, seq)``, one inserts. A
    record of no partnership (a system event) or a pseudonymous ballot (chained with its
    proposal's decision, see ``chain.deferred``) gets no link now. Deciding a proposal
    first chains its pseudonymous ballots, in the order of their random ids.
    """
    label = record._meta.label_lower
    if label not in chain.CHAINED:
        return None
    model = type(record)
    with transaction.atomic():
        found = record_values(model, record.pk)
        if found is None:
            return None
        partnership_id, values = found
        if partnership_id is None or chain.deferred(label, values):
            return None
        if label == "decisions.decision":
            ballots = apps.get_model("decisions", "Ballot")._default_manager.filter(
                proposal_id=values["proposal_id"], organization__isnull=True, person__isnull=True
            )
            for ballot in ballots.order_by("id").values(*chain.stored_fields(ballots.model)):
                _link_write(partnership_id, "decisions.ballot", ballot)
        return _link_write(partnership_id, label, values)


def chain_append_many(records: Any) -> int:
    """``chain_append`` for rows written by ``bulk_create`` (which sends no signal)."""
    return sum(1 for record in records if chain_append(record) is not None)


def _link_write(partnership_id: int, label: str, values: dict[str, Any]) -> ChainLink:
    if connection.features.has_select_for_update:
        partnership = apps.get_model("partnerships", "Partnership")
        list(
            partnership._default_manager.select_for_update().filter(pk=partnership_id).values("pk")
        )
    head = (
        ChainLink.objects.filter(partnership_id=partnership_id)
        .order_by("-seq")
        .values("seq", "link_hash")
        .first()
    )
    seq = head["seq"] + 1 if head else 1
    previous = head["link_hash"] if head else chain.GENESIS
    record_id = str(values["id"])
    content = chain.content_hash(values)
    return ChainLink.objects.create(
        partnership_id=partnership_id,
        seq=seq,
        record_type=label,
        record_id=record_id,
        content_hash=content,
        previous_hash=previous,
        link_hash=chain.link_hash(previous, content, label, record_id, seq),
    )


def chained_record_saved(
    sender: Any, instance: Model, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """post_save of a chained model: link a new row (fixtures loaded raw are left alone)."""
    if created and not raw:
        chain_append(instance)

"""Recompute a partnership's hash chain and name the first link that no longer matches
(``accord verify``; docs/decisions/0006-hash-chain.md)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.apps import apps

from accord.audit import chain
from accord.audit.models import ChainLink


@dataclass(frozen=True)
class ChainReport:
    partnership_id: int
    links: int
    head: str
    #: None when every link matches; else the first broken link and why.
    broken_seq: int | None = None
    broken_record: str = ""
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def _records(label: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    model = apps.get_model(label)
    fields = chain.stored_fields(model)
    found = model._default_manager.filter(pk__in=ids).values(*fields)
    return {str(values["id"]): values for values in found}


def chain_verify(partnership_id: int, batch_size: int = 2000) -> ChainReport:
    """Walk the links by ``seq`` in batches (one query per batch and record type)."""
    previous, expected_seq, count = chain.GENESIS, 1, 0
    links = ChainLink.objects.filter(partnership_id=partnership_id).order_by("seq")
    after = 0
    while True:
        batch = list(links.filter(seq__gt=after)[:batch_size])
        if not batch:
            break
        after = batch[-1].seq
        wanted: dict[str, list[str]] = defaultdict(list)
        for link in batch:
            wanted[link.record_type].append(link.record_id)
        stored = {label: _records(label, ids) for label, ids in wanted.items()}
        for link in batch:
            where = f"{link.record_type} {link.record_id}"
            values = stored[link.record_type].get(link.record_id)
            reason = ""
            if link.seq != expected_seq:
                reason = f"link {expected_seq} is missing"
            elif link.previous_hash != previous:
                reason = "it does not follow the previous link"
            elif values is None:
                reason = "the record is gone"
            elif chain.content_hash(values) != link.content_hash:
                reason = "the record was changed"
            elif link.link_hash != chain.link_hash(
                previous, link.content_hash, link.record_type, link.record_id, link.seq
            ):
                reason = "the link itself was changed"
            if reason:
                return ChainReport(partnership_id, count, previous, link.seq, where, reason)
            previous, expected_seq, count = link.link_hash, expected_seq + 1, count + 1
    return ChainReport(partnership_id, count, previous)

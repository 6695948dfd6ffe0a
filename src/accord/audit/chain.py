"""The hash chain's arithmetic and which records it covers (no query here).

Each partnership's append-only records are linked in the order they were written: a
record's *content hash* is the sha256 of its stored fields as sorted JSON, and each link's
hash covers the previous link's hash, so that a changed, removed or re-ordered record
breaks every later link (docs/decisions/0006-hash-chain.md).
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
import uuid
from typing import Any

#: The chained models: label -> the lookup of their partnership's id.
CHAINED: dict[str, str] = {
    "audit.event": "partnership_id",
    "resources.ledgerentry": "partnership_id",
    "partnerships.chartersignature": "version__partnership_id",
    "decisions.ballot": "proposal__partnership_id",
    "decisions.participation": "proposal__partnership_id",
    "decisions.decision": "proposal__partnership_id",
    "results.benefit": "partnership_id",
}

#: Columns left out of the content hash: set once after the row is written.
SET_LATER: dict[str, frozenset[str]] = {"decisions.decision": frozenset({"rationale"})}

#: The genesis link's "previous hash".
GENESIS = "0" * 64


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.replace(tzinfo=None).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def stored_fields(model: Any) -> list[str]:
    """The column attributes hashed for ``model`` (its concrete fields, less SET_LATER)."""
    skip = SET_LATER.get(model._meta.label_lower, frozenset())
    return [f.attname for f in model._meta.concrete_fields if f.attname not in skip]


def content_hash(values: dict[str, Any]) -> str:
    """sha256 of the record's stored values as sorted, compact JSON."""
    canonical = {key: _canonical(value) for key, value in values.items()}
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def link_hash(previous: str, content: str, record_type: str, record_id: str, seq: int) -> str:
    joined = "\x1f".join([previous, content, record_type, record_id, str(seq)])
    return hashlib.sha256(joined.encode()).hexdigest()


def deferred(label: str, values: dict[str, Any]) -> bool:
    """A pseudonymous (anonymous or secret) ballot is chained when its proposal is decided,
    not when cast: a link written beside the voter's participation would join them."""
    return label == "decisions.ballot" and bool(values.get("pseudonym"))

"""Link records that have no link yet, in the order they were written (the migration that
introduced the chain runs it over every existing record).

Takes the app registry as an argument, so that a migration passes its historical models.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from accord.audit import chain

#: The column that tells when each chained record was written, and a rank for ties.
WRITTEN_AT: dict[str, tuple[str, int]] = {
    "partnerships.chartersignature": ("signed_at", 0),
    "resources.ledgerentry": ("posted_at", 1),
    "results.benefit": ("recorded_at", 2),
    "decisions.participation": ("voted_at", 3),
    "decisions.ballot": ("cast_at", 4),
    "decisions.decision": ("decided_at", 5),
    "audit.event": ("created_at", 6),
}


def chain_backfill(apps: Any, batch_size: int = 2000) -> int:
    """Append a link for every chained record without one; returns the links written."""
    link_model = apps.get_model("audit", "ChainLink")
    linked = set(link_model.objects.values_list("record_type", "record_id"))
    decided_at = dict(
        apps.get_model("decisions", "Decision").objects.values_list("proposal_id", "decided_at")
    )
    pending: dict[int, list[tuple[Any, int, Any, str, dict[str, Any]]]] = defaultdict(list)
    for label, (column, rank) in WRITTEN_AT.items():
        model = apps.get_model(label)
        fields = chain.stored_fields(model)
        lookup = chain.CHAINED[label]
        extra = [] if lookup in fields else [lookup]
        for values in model.objects.values(*fields, *extra).iterator(chunk_size=batch_size):
            partnership_id = values.pop(lookup) if extra else values[lookup]
            if partnership_id is None or (label, str(values["id"])) in linked:
                continue
            written, order = values[column], rank
            if chain.deferred(label, values):  # chained just before its proposal's decision
                if values["proposal_id"] not in decided_at:
                    continue
                written, order = (
                    decided_at[values["proposal_id"]],
                    WRITTEN_AT["decisions.decision"][1] - 1,
                )
            pending[partnership_id].append((written, order, values["id"], label, values))
    heads = {
        row["partnership_id"]: (row["seq"], row["link_hash"])
        for row in link_model.objects.order_by("partnership_id", "seq").values(
            "partnership_id", "seq", "link_hash"
        )
    }
    written_count = 0
    for partnership_id, records in pending.items():
        records.sort(key=lambda r: (r[0], r[1], r[2]))
        seq, previous = heads.get(partnership_id, (0, chain.GENESIS))
        links = []
        for _, _, record_id, label, values in records:
            seq += 1
            content = chain.content_hash(values)
            link = chain.link_hash(previous, content, label, str(record_id), seq)
            links.append(
                link_model(
                    partnership_id=partnership_id,
                    seq=seq,
                    record_type=label,
                    record_id=str(record_id),
                    content_hash=content,
                    previous_hash=previous,
                    link_hash=link,
                )
            )
            previous = link
        link_model.objects.bulk_create(links, batch_size=batch_size)
        written_count += len(links)
    return written_count

"""The ledger's rollups: kept in the same transaction as every ledger write, rebuilt on demand.

Two derived tables sum the append-only ledger so that the summaries read a few thousand
rows instead of every entry (``accord.resources.selectors_rollups`` reads them):

- :class:`~accord.resources.models.LedgerRollup`, per (provider, receiver, activity,
  pledge, type, currency, quarter of the value date);
- :class:`~accord.resources.models.PledgeDeliveryDay`, deliveries against a pledge per
  (pledge, currency, value date), for funding reliability, which needs the dates.

:func:`ledger_rollup_add` is called by the two services that write the ledger
(``ledger_entry_post`` and ``ledger_entry_reverse``; the CSV and IATI imports, support
deliveries and the demo all go through them). Whoever writes entries around the services
(a benchmark's ``bulk_create``) calls :func:`ledger_rollups_rebuild` afterwards, as the
data migration that backfilled existing databases did and as ``accord rebuild-rollups``
does.

Rebuilding replaces a partnership's rollups in one transaction; run it while nobody posts
to that ledger (a post committed during the rebuild may be counted twice or not at all
until the next rebuild).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Min, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Least, TruncQuarter

from accord.resources.models import (
    DELIVERY_TYPES,
    LedgerEntry,
    LedgerRollup,
    PledgeDeliveryDay,
)
from accord.resources.selectors_rollups import ROLLUP_GENERATION_KEY

__all__ = [
    "ledger_rollup_add",
    "ledger_rollups_rebuild",
    "quarter_start",
]

_BATCH = 2000


def quarter_start(day: date) -> date:
    """The first day of ``day``'s quarter."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _cell_key(entry: LedgerEntry) -> tuple[Any, ...]:
    return (
        entry.partnership_id,
        entry.provider_id,
        quarter_start(entry.value_date),
        entry.currency,
        entry.type,
        entry.receiver_id,
        entry.activity_id,
        entry.pledge_id,
    )


def _add_to_cell(
    cell: QuerySet[Any], changes: dict[str, Any], model: type[Any], create: dict[str, Any]
) -> None:
    """Create-or-increment one row: update it; if it is not there, insert it; if another
    transaction inserted it meanwhile (the unique constraint says so), update again."""
    if cell.update(**changes):
        return
    try:
        with transaction.atomic():
            model.objects.create(**create)
    except IntegrityError:
        if not cell.update(**changes):
            raise


@transaction.atomic
def ledger_rollup_add(entries: Iterable[LedgerEntry]) -> None:
    """Add saved ledger entries (postings or reversals) to the rollups.

    Call it in the transaction that saved them, so that the rollups and the ledger commit
    or roll back together. Cells are updated in key order, so that two transactions
    touching the same cells wait for each other instead of deadlocking.
    """
    cells: dict[tuple[Any, ...], tuple[Decimal, int, date]] = {}
    days: dict[tuple[int, int, str, date], tuple[Decimal, int]] = {}
    for entry in entries:
        key = _cell_key(entry)
        total, count, first = cells.get(key, (Decimal(0), 0, entry.value_date))
        cells[key] = (total + entry.value, count + 1, min(first, entry.value_date))
        if entry.pledge_id is not None and entry.type in DELIVERY_TYPES:
            day_key = (entry.pledge_id, entry.partnership_id, entry.currency, entry.value_date)
            day_total, day_count = days.get(day_key, (Decimal(0), 0))
            days[day_key] = (day_total + entry.value, day_count + 1)
    for key in sorted(cells, key=lambda k: tuple(-1 if v is None else v for v in k)):
        (
            partnership_id,
            provider_id,
            quarter,
            currency,
            type_,
            receiver_id,
            activity_id,
            pledge_id,
        ) = key
        total, count, first = cells[key]
        fields = {
            "partnership_id": partnership_id,
            "provider_id": provider_id,
            "quarter": quarter,
            "currency": currency,
            "type": type_,
        }
        # Filter on the same COALESCE expressions as the unique index, so that it is used.
        cell = (
            LedgerRollup.objects.alias(
                receiver_key=Coalesce("receiver", Value(0)),
                activity_key=Coalesce("activity", Value(0)),
                pledge_key=Coalesce("pledge", Value(0)),
            )
            .filter(**fields)
            .filter(
                receiver_key=receiver_id or 0,
                activity_key=activity_id or 0,
                pledge_key=pledge_id or 0,
            )
        )
        lookup = {
            **fields,
            "receiver_id": receiver_id,
            "activity_id": activity_id,
            "pledge_id": pledge_id,
        }
        _add_to_cell(
            cell,
            {
                "value_sum": F("value_sum") + total,
                "entry_count": F("entry_count") + count,
                "first_value_date": Least(F("first_value_date"), Value(first)),
            },
            LedgerRollup,
            {**lookup, "value_sum": total, "entry_count": count, "first_value_date": first},
        )
    for (pledge_id, partnership_id, currency, value_date), (total, count) in sorted(days.items()):
        lookup = {"pledge_id": pledge_id, "currency": currency, "value_date": value_date}
        _add_to_cell(
            PledgeDeliveryDay.objects.filter(**lookup),
            {"value_sum": F("value_sum") + total, "entry_count": F("entry_count") + count},
            PledgeDeliveryDay,
            {**lookup, "partnership_id": partnership_id, "value_sum": total, "entry_count": count},
        )


def ledger_rollups_rebuild(partnership_id: int | None = None) -> int:
    """Recompute the rollups of one partnership (or of all) from the raw ledger.

    Returns the number of ledger entries summed. Bumps the partnership's rollup
    generation, so that a summary cached before the rebuild is computed again.
    """
    with transaction.atomic():
        summed = rebuild_with_models(
            LedgerEntry, LedgerRollup, PledgeDeliveryDay, partnership_id=partnership_id
        )
    if partnership_id is None:
        ids = list(LedgerEntry.objects.values_list("partnership_id", flat=True).distinct())
    else:
        ids = [partnership_id]
    for pk in ids:
        key = ROLLUP_GENERATION_KEY.format(partnership_id=pk)
        cache.set(key, (cache.get(key) or 0) + 1, None)
    return summed


def rebuild_with_models(
    entry_model: type[Any],
    rollup_model: type[Any],
    day_model: type[Any],
    *,
    partnership_id: int | None = None,
) -> int:
    """The rebuild, on the models given (the data migration passes its historical ones).

    Deletes the rollups in scope, then inserts one row per cell from a ``GROUP BY`` over
    the ledger. Call inside a transaction.
    """
    entries = entry_model._base_manager.all()
    rollups = rollup_model.objects.all()
    days = day_model.objects.all()
    if partnership_id is not None:
        entries = entries.filter(partnership_id=partnership_id)
        rollups = rollups.filter(partnership_id=partnership_id)
        days = days.filter(partnership_id=partnership_id)
    rollups.delete()
    days.delete()
    grouped = (
        entries.annotate(quarter_of=TruncQuarter("value_date"))
        .values(
            "partnership_id",
            "provider_id",
            "receiver_id",
            "activity_id",
            "pledge_id",
            "type",
            "currency",
            "quarter_of",
        )
        .annotate(total=Sum("value"), count=Count("id"), first=Min("value_date"))
        .order_by()
    )
    summed = 0
    batch = []
    for row in grouped.iterator(chunk_size=_BATCH):
        summed += row["count"]
        batch.append(
            rollup_model(
                partnership_id=row["partnership_id"],
                provider_id=row["provider_id"],
                receiver_id=row["receiver_id"],
                activity_id=row["activity_id"],
                pledge_id=row["pledge_id"],
                type=row["type"],
                currency=row["currency"],
                quarter=_as_date(row["quarter_of"]),
                value_sum=row["total"],
                entry_count=row["count"],
                first_value_date=row["first"],
            )
        )
        if len(batch) >= _BATCH:
            rollup_model.objects.bulk_create(batch)
            batch = []
    rollup_model.objects.bulk_create(batch)
    by_day = (
        entries.filter(pledge__isnull=False, type__in=[str(t) for t in DELIVERY_TYPES])
        .values("partnership_id", "pledge_id", "currency", "value_date")
        .annotate(total=Coalesce(Sum("value"), Decimal(0)), count=Count("id"))
        .order_by()
    )
    batch = []
    for row in by_day.iterator(chunk_size=_BATCH):
        batch.append(
            day_model(
                partnership_id=row["partnership_id"],
                pledge_id=row["pledge_id"],
                currency=row["currency"],
                value_date=row["value_date"],
                value_sum=row["total"],
                entry_count=row["count"],
            )
        )
        if len(batch) >= _BATCH:
            day_model.objects.bulk_create(batch)
            batch = []
    day_model.objects.bulk_create(batch)
    return summed


def _as_date(value: Any) -> date:
    """TruncQuarter gives a date on PostgreSQL and may give a datetime elsewhere."""
    return value.date() if hasattr(value, "date") and callable(value.date) else value

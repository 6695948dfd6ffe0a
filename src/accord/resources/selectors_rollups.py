"""Reads of the ledger through its rollups (``services.rollups`` keeps them).

The resources summary and the balance dashboard read these instead of the raw ledger, so
that their cost grows with the number of (provider, receiver, activity, pledge, currency,
quarter) cells, not with the number of entries.

Converting to the reporting currency
-----------------------------------
An amount converts with the rate in force on its value date. A rollup cell covers a
quarter, so it converts with one rate when no rate of its currency starts inside the
quarter after its first day; that quarter is then read from the rollups. A quarter in
which a rate of the currency changes (a *split* quarter) is read from the raw ledger
instead, grouped per rate period as before, so the result is exactly what the summary
computed over the raw ledger: the same groups, each converted and rounded once. A
partnership that records rates more often than quarterly therefore reads more raw rows
for its foreign currencies; one in its reporting currency never does.

Offered here:

- :class:`RateTable` -- the partnership's rates, with the rate period of a date;
- :func:`delivery_groups` -- delivered amounts grouped as the summary needs them;
- :func:`pledge_delivery_groups` -- deliveries against pledges per value date;
- for the balance dashboard, in the reporting currency: :func:`delivered_by_provider`,
  :func:`delivered_by_provider_and_quarter` and :func:`flows_by_pair`, or the three from
  one read with :func:`delivered_breakdown`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.core.cache import cache
from django.db.models import Case, IntegerField, Min, Q, Sum, Value, When
from django.db.models.functions import TruncQuarter

from accord.engine.resources import money
from accord.partnerships.models import Partnership
from accord.resources.models import (
    DELIVERY_TYPES,
    Activity,
    ExchangeRate,
    LedgerEntry,
    LedgerRollup,
    PledgeDeliveryDay,
)

__all__ = [
    "ROLLUP_GENERATION_KEY",
    "DeliveredBreakdown",
    "RateTable",
    "delivered_breakdown",
    "delivered_by_provider",
    "delivered_by_provider_and_quarter",
    "delivery_groups",
    "flows_by_pair",
    "pledge_delivery_groups",
    "quarter_of",
    "rollup_generation",
]

ZERO = Decimal("0.00")

#: Cache key (per partnership) of a counter that ``services.rollups.ledger_rollups_rebuild``
#: bumps, so that figures cached from the rollups before a rebuild are not served after it.
ROLLUP_GENERATION_KEY = "resources:rollup-generation:{partnership_id}"
_GROUP_FIELDS = ("provider_id", "receiver_id", "activity_id", "pledge_id", "currency")


def quarter_of(day: date) -> date:
    """The first day of ``day``'s quarter."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def rollup_generation(partnership_id: int) -> int:
    """The partnership's rollup generation, part of the cache keys of figures read here."""
    return int(cache.get(ROLLUP_GENERATION_KEY.format(partnership_id=partnership_id)) or 0)


def _next_quarter(first_day: date) -> date:
    month = first_day.month + 3
    return date(first_day.year + (month > 12), (month - 1) % 12 + 1, 1)


def _as_date(value: Any) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


class RateTable:
    """Rate lookups for one partnership, remembering which (currency, date) had none.

    ``period_case`` labels each row, in SQL, with the id of the rate in force on its value
    date (0 for the reporting currency, -1 when no rate is early enough), so that amounts
    can be summed per rate period instead of per day; :meth:`key_on` gives the same label
    in Python.
    """

    def __init__(self, partnership: Partnership) -> None:
        self.reporting = partnership.reporting_currency
        self.rows = list(
            ExchangeRate.objects.filter(partnership=partnership).order_by("currency", "-valid_on")
        )
        self.table = [money.Rate(r.currency, r.valid_on, r.to_reporting) for r in self.rows]
        self.by_key = {r.pk: r.to_reporting for r in self.rows}
        self.missing: dict[str, date] = {}
        # Per currency, oldest first: the dates rates start and their ids (for key_on).
        self._starts: dict[str, tuple[list[date], list[int]]] = {}
        for rate in sorted(self.rows, key=lambda r: (r.currency, r.valid_on)):
            days, keys = self._starts.setdefault(rate.currency, ([], []))
            days.append(rate.valid_on)
            keys.append(rate.pk)

    def period_case(self) -> Case:
        newest_first = sorted(self.rows, key=lambda r: (r.currency, r.valid_on), reverse=True)
        whens = [When(currency=self.reporting, then=Value(0))] + [
            When(currency=r.currency, value_date__gte=r.valid_on, then=Value(r.pk))
            for r in newest_first
        ]
        return Case(*whens, default=Value(-1), output_field=IntegerField())

    def key_on(self, currency: str, day: date) -> int:
        """The label ``period_case`` gives a row of ``currency`` dated ``day``."""
        if currency == self.reporting:
            return 0
        days, keys = self._starts.get(currency, ((), ()))
        position = bisect_right(days, day)
        return keys[position - 1] if position else -1

    def split_quarters(self) -> dict[str, set[date]]:
        """Per foreign currency, the quarters in which one of its rates starts after the
        quarter's first day (so two rates apply within the quarter)."""
        split: dict[str, set[date]] = {}
        for rate in self.rows:
            if rate.currency != self.reporting and rate.valid_on != quarter_of(rate.valid_on):
                split.setdefault(rate.currency, set()).add(quarter_of(rate.valid_on))
        return split

    def convert_keyed(self, amount: Decimal, currency: str, key: int, on: date) -> Decimal | None:
        if key == 0:
            # What money.convert(amount, 1) returns, without its checks: the reporting
            # currency's thousands of rows are most of the summary's conversions.
            return amount.quantize(money.CENT, rounding=ROUND_HALF_EVEN)
        if key < 0:
            earliest = self.missing.get(currency)
            self.missing[currency] = min(earliest, on) if earliest else on
            return None
        return money.convert(amount, self.by_key[key])

    def convert(self, amount: Decimal, currency: str, on: date) -> Decimal | None:
        rate = money.rate_on(self.table, currency, on, self.reporting)
        if rate is None:
            earliest = self.missing.get(currency)
            self.missing[currency] = min(earliest, on) if earliest else on
            return None
        return money.convert(amount, rate.to_reporting)


def delivery_groups(
    partnership: Partnership,
    rates: RateTable,
    *,
    since: date | None = None,
    until: date | None = None,
    fields: tuple[str, ...] = _GROUP_FIELDS,
) -> list[dict[str, Any]]:
    """Delivered amounts (``DELIVERY_TYPES``, reversals netted) per ``fields`` (by default
    provider, receiver, activity, pledge and currency; ``currency`` must be one of them),
    rate period and quarter.

    Each row has those keys (``rate_key`` as :meth:`RateTable.key_on`, ``quarter`` the
    quarter's first day) and ``total`` (in ``currency``) and ``first_date`` (the earliest
    value date in the group). ``since`` and ``until`` keep the quarters that contain them
    and those between, whole. Two queries at most, whatever the size of the ledger.
    """
    first_quarter = quarter_of(since) if since else None
    last_quarter = quarter_of(until) if until else None
    cells = LedgerRollup.objects.filter(partnership=partnership, type__in=DELIVERY_TYPES)
    if first_quarter:
        cells = cells.filter(quarter__gte=first_quarter)
    if last_quarter:
        cells = cells.filter(quarter__lte=last_quarter)
    split = rates.split_quarters()
    groups = []
    for row in (
        cells.values(*fields, "quarter")
        .annotate(total=Sum("value_sum"), first_date=Min("first_value_date"))
        .order_by()
    ):
        if row["quarter"] in split.get(row["currency"], ()):
            continue
        row["rate_key"] = rates.key_on(row["currency"], row["quarter"])
        groups.append(row)
    ranges = [
        Q(currency=currency, value_date__gte=quarter, value_date__lt=_next_quarter(quarter))
        for currency, quarters in sorted(split.items())
        for quarter in sorted(quarters)
        if (first_quarter is None or quarter >= first_quarter)
        and (last_quarter is None or quarter <= last_quarter)
    ]
    if ranges:
        raw = (
            LedgerEntry.objects.filter(partnership=partnership, type__in=DELIVERY_TYPES)
            .filter(reduce(or_, ranges))
            .annotate(rate_key=rates.period_case(), quarter=TruncQuarter("value_date"))
            .values(*fields, "rate_key", "quarter")
            .annotate(total=Sum("value"), first_date=Min("value_date"))
            .order_by()
        )
        for row in raw:
            row["quarter"] = _as_date(row["quarter"])
            groups.append(row)
    return groups


def pledge_delivery_groups(partnership: Partnership, rates: RateTable) -> list[dict[str, Any]]:
    """Deliveries against pledges per pledge, currency, value date and rate period
    (``pledge_id``, ``currency``, ``value_date``, ``rate_key``, ``total``). One query.

    A :class:`~accord.resources.models.PledgeDeliveryDay` row is one such group already
    (the rate period is a function of the currency and the date)."""
    rows = (
        PledgeDeliveryDay.objects.filter(partnership=partnership)
        .values_list("pledge_id", "currency", "value_date", "value_sum")
        .order_by()
    )
    return [
        {
            "pledge_id": pledge_id,
            "currency": currency,
            "value_date": value_date,
            "rate_key": rates.key_on(currency, value_date),
            "total": total,
        }
        for pledge_id, currency, value_date, total in rows
    ]


# --- for the balance dashboard ---------------------------------------------------------------


def _converted(
    partnership_id: int,
    fields: tuple[str, ...],
    *,
    since: date | None = None,
    until: date | None = None,
) -> Iterable[tuple[dict[str, Any], Decimal]]:
    """Each delivery group with its amount in the reporting currency; groups without a rate
    early enough are left out, as the summary leaves them out (and lists them).

    The groups are as coarse as the caller needs (``fields``), so that a partnership with
    hundreds of members reads few rows; each group is converted and rounded to the cent
    once, so a total can differ from the summary's (which groups finer) by a cent per group
    when a rate has more decimals than the amounts.
    """
    partnership = Partnership.objects.get(pk=partnership_id)
    rates = RateTable(partnership)
    for group in delivery_groups(partnership, rates, since=since, until=until, fields=fields):
        value = rates.convert_keyed(
            group["total"], group["currency"], group["rate_key"], group["first_date"]
        )
        if value is not None:
            yield group, value


def delivered_by_provider(
    partnership_id: int, *, since: date | None = None, until: date | None = None
) -> dict[int, Decimal]:
    """Resources delivered per provider organization, in the reporting currency.

    "Delivered" is what the resources summary counts: incoming funds, disbursements,
    expenditure and in-kind deliveries, reversals netted. ``since`` and ``until`` work at
    quarter resolution (the quarters containing them are counted whole). Every provider
    with a delivery is listed, member or not; a provider whose deliveries net to zero is
    listed with 0.
    """
    delivered: dict[int, Decimal] = {}
    for group, value in _converted(
        partnership_id, ("provider_id", "currency"), since=since, until=until
    ):
        provider = group["provider_id"]
        delivered[provider] = delivered.get(provider, ZERO) + value
    return delivered


def delivered_by_provider_and_quarter(partnership_id: int) -> dict[tuple[int, date], Decimal]:
    """Delivered per (provider, first day of the quarter), in the reporting currency."""
    delivered: dict[tuple[int, date], Decimal] = {}
    for group, value in _converted(partnership_id, ("provider_id", "currency")):
        key = (group["provider_id"], group["quarter"])
        delivered[key] = delivered.get(key, ZERO) + value
    return delivered


def flows_by_pair(partnership_id: int) -> dict[tuple[int, int], Decimal]:
    """Delivered per (provider, receiver), in the reporting currency.

    The receiver of a flow to an activity is the activity's lead organization, as in the
    summary's flow network; flows from an organization to itself are left out.
    """
    lead_of_activity = dict(
        Activity.objects.filter(partnership_id=partnership_id).values_list(
            "pk", "lead_organization_id"
        )
    )
    flows: dict[tuple[int, int], Decimal] = {}
    for group, value in _converted(
        partnership_id, ("provider_id", "receiver_id", "activity_id", "currency")
    ):
        receiver = group["receiver_id"] or lead_of_activity.get(group["activity_id"])
        if receiver is None or receiver == group["provider_id"]:
            continue
        key = (group["provider_id"], receiver)
        flows[key] = flows.get(key, ZERO) + value
    return flows


@dataclass(frozen=True)
class DeliveredBreakdown:
    """What :func:`delivered_by_provider`, :func:`delivered_by_provider_and_quarter` and
    :func:`flows_by_pair` return, from one read of the rollups."""

    by_provider: dict[int, Decimal]
    by_provider_and_quarter: dict[tuple[int, date], Decimal]
    by_pair: dict[tuple[int, int], Decimal]


def delivered_breakdown(partnership_id: int) -> DeliveredBreakdown:
    """Delivered per provider, per (provider, quarter) and per (provider, receiver), in the
    reporting currency, from one read of the rollups at the finest of the three groupings.

    The same figures as the three functions: the pairs are converted per (provider,
    receiver, activity, currency, rate period, quarter) group as :func:`flows_by_pair`
    converts them; the per-provider amounts are first summed (exactly, in decimals) per
    (provider, currency, rate period, quarter), the groups :func:`delivered_by_provider`
    converts, then converted and rounded once each.
    """
    partnership = Partnership.objects.get(pk=partnership_id)
    rates = RateTable(partnership)
    lead_of_activity = dict(
        Activity.objects.filter(partnership_id=partnership_id).values_list(
            "pk", "lead_organization_id"
        )
    )
    coarse: dict[tuple[int, str, int, date], list[Any]] = {}
    by_pair: dict[tuple[int, int], Decimal] = {}
    for group in delivery_groups(
        partnership, rates, fields=("provider_id", "receiver_id", "activity_id", "currency")
    ):
        provider, currency, key = group["provider_id"], group["currency"], group["rate_key"]
        cell = coarse.get((provider, currency, key, group["quarter"]))
        if cell is None:
            coarse[provider, currency, key, group["quarter"]] = [
                group["total"],
                group["first_date"],
            ]
        else:
            cell[0] += group["total"]
            cell[1] = min(cell[1], group["first_date"])
        receiver = group["receiver_id"] or lead_of_activity.get(group["activity_id"])
        if receiver is None or receiver == provider:
            continue
        value = rates.convert_keyed(group["total"], currency, key, group["first_date"])
        if value is not None:
            by_pair[provider, receiver] = by_pair.get((provider, receiver), ZERO) + value
    by_provider: dict[int, Decimal] = {}
    by_quarter: dict[tuple[int, date], Decimal] = {}
    for (provider, currency, key, quarter), (total, first_date) in coarse.items():
        value = rates.convert_keyed(total, currency, key, first_date)
        if value is None:
            continue
        by_provider[provider] = by_provider.get(provider, ZERO) + value
        by_quarter[provider, quarter] = by_quarter.get((provider, quarter), ZERO) + value
    return DeliveredBreakdown(by_provider, by_quarter, by_pair)

"""Funding reliability: how much of what fell due was delivered on time, late, or not yet.

:func:`funding_reliability` takes a pledge's schedule (:class:`Installment`) and the
deliveries recorded against it (:class:`Delivery`, reversals included) and returns one
:class:`PartnerReliability` per partner.

Allocation rule
---------------
The rule runs pledge by pledge, in exact ``Decimal`` arithmetic (an inexact operation
raises instead of rounding), so that ``delivered_on_time + delivered_late + outstanding
== due`` to the last cent.

1. **Only what happened by** ``as_of`` **counts.** Deliveries with a value date after
   ``as_of`` are ignored, reversals included. Deliveries whose ``pledge_id`` has no
   installment count for nothing here.
2. **Net per value date.** The deliveries of one pledge are summed per value date, so an
   entry and its same-day reversal cancel out before anything else happens.
3. **Reversals cancel the most recent money first (LIFO).** The dates are walked in order
   while keeping a stack of *lots* (date, amount), one per date with a positive net.
   A negative net removes amount from the most recent lots first. If it is larger than
   everything delivered so far, the excess becomes a *debt* that the next positive
   amounts pay off before they create a lot. At every date the lots therefore add up to
   ``max(0, running net total)``: a reversal can never create money, and nothing is
   credited twice.
4. **Lots cover installments first-in-first-out.** Installments are taken in due-date
   order (all of them, also those not yet due, so that early payments are credited to the
   earliest obligation) and the lots in date order; each lot fills the earliest
   installment not yet covered, spilling to the next.
5. **On time or late.** The part of an installment covered by a lot dated on or before
   ``due_on + grace_days`` is on time; the part covered by a later lot is late, by
   ``lot date - due_on`` days (the delay counts from the due date itself, the grace only
   decides what is on time). What no lot covers is outstanding.

Only installments with ``due_on <= as_of`` are reported (``due``); the covered parts of
installments not yet due are left out of all four amounts.

Examples
--------
The worked example of the issue: 100 due on 31 January and 100 on 28 February; 100 came
on 20 January and 50 on 10 March. On 31 March: 100 on time, 50 late by 10 days, 50
outstanding since 28 February (31 days).

>>> from datetime import date
>>> from decimal import Decimal
>>> schedule = [
...     Installment(pledge_id=1, partner=0, due_on=date(2026, 1, 31), amount=Decimal(100)),
...     Installment(pledge_id=1, partner=0, due_on=date(2026, 2, 28), amount=Decimal(100)),
... ]
>>> delivered = [
...     Delivery(pledge_id=1, partner=0, value_date=date(2026, 1, 20), amount=Decimal(100)),
...     Delivery(pledge_id=1, partner=0, value_date=date(2026, 3, 10), amount=Decimal(50)),
... ]
>>> [row] = funding_reliability(schedule, delivered, as_of=date(2026, 3, 31))
>>> row.delivered_on_time, row.delivered_late, row.outstanding
(Decimal('100'), Decimal('50'), Decimal('50'))
>>> row.reliability, row.mean_delay_days, row.overdue_days
(0.5, 10.0, 31)

References
----------
.. [1] IATI Standard 2.03, *Transaction Type* codelist
   (https://iatistandard.org/en/iati-standard/203/codelists/transactiontype/):
   commitments (2) are the pledges, disbursements (3) and expenditure (4) the deliveries;
   a correction is a further transaction with a negative value.
"""

from __future__ import annotations

import decimal
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

__all__ = ["Delivery", "Installment", "PartnerReliability", "funding_reliability"]

_ZERO = Decimal(0)


@dataclass(frozen=True)
class Installment:
    """One scheduled part of a pledge: ``amount`` (> 0, reporting currency) due on ``due_on``."""

    pledge_id: int
    partner: int
    due_on: date
    amount: Decimal


@dataclass(frozen=True)
class Delivery:
    """Money delivered against a pledge on ``value_date``; negative for a reversal."""

    pledge_id: int
    partner: int
    value_date: date
    amount: Decimal


@dataclass(frozen=True)
class PartnerReliability:
    """Funding reliability of one partner at a date.

    Attributes
    ----------
    partner : int
    due : Decimal
        Sum of the installments with ``due_on <= as_of``.
    delivered_on_time : Decimal
        Part of ``due`` covered by deliveries dated on or before the installment's due
        date plus the grace days.
    delivered_late : Decimal
        Part of ``due`` covered later, but by ``as_of``.
    outstanding : Decimal
        Part of ``due`` not covered by ``as_of``. The three parts add up to ``due``.
    reliability : float or None
        ``delivered_on_time / due``; ``None`` when nothing fell due.
    mean_delay_days : float or None
        Amount-weighted mean delay, in days after the due date, of the late part;
        ``None`` when nothing was late.
    overdue_days : int or None
        Days from the due date of the oldest installment still (partly) uncovered to
        ``as_of``; ``None`` when nothing is outstanding.
    """

    partner: int
    due: Decimal
    delivered_on_time: Decimal
    delivered_late: Decimal
    outstanding: Decimal
    reliability: float | None
    mean_delay_days: float | None
    overdue_days: int | None


def _lots(deliveries: Sequence[Delivery]) -> list[tuple[date, Decimal]]:
    """Net deliveries per date, then cancel reversals against the latest lots (rule 2-3)."""
    net_by_date: dict[date, Decimal] = defaultdict(lambda: _ZERO)
    for delivery in deliveries:
        net_by_date[delivery.value_date] += delivery.amount
    lot_dates: list[date] = []  # a stack, oldest first
    lot_amounts: list[Decimal] = []
    debt = _ZERO
    for day in sorted(net_by_date):
        net = net_by_date[day]
        if net > 0:
            paid_off = min(net, debt)
            debt -= paid_off
            net -= paid_off
            if net > 0:
                lot_dates.append(day)
                lot_amounts.append(net)
        elif net < 0:
            to_cancel = -net
            while to_cancel > 0 and lot_amounts:
                taken = min(to_cancel, lot_amounts[-1])
                lot_amounts[-1] -= taken
                to_cancel -= taken
                if lot_amounts[-1] == 0:
                    lot_dates.pop()
                    lot_amounts.pop()
            debt += to_cancel
    return list(zip(lot_dates, lot_amounts, strict=True))


def _check_amount(value: object, what: str) -> None:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"{what} must be a finite Decimal, got {value!r}")


def funding_reliability(
    installments: Sequence[Installment],
    deliveries: Sequence[Delivery],
    *,
    as_of: date,
    grace_days: int = 0,
) -> list[PartnerReliability]:
    """Share of what fell due that each partner delivered on time, and the delay of the rest.

    Parameters
    ----------
    installments : sequence of Installment
        The pledges' schedules, amounts already in the reporting currency and positive.
        All installments of one pledge must name the same partner.
    deliveries : sequence of Delivery
        Money delivered against the pledges, in the reporting currency; a negative amount
        is a reversal. A delivery for a pledge must name the pledge's partner; deliveries
        for pledges without installments are ignored.
    as_of : date
        The day of the assessment: installments due after it are not yet due, deliveries
        dated after it have not happened yet.
    grace_days : int, default 0
        Days after the due date that still count as on time.

    Returns
    -------
    list of PartnerReliability
        One row per partner that has any installment (even if none is due yet), sorted
        by partner.

    Raises
    ------
    ValueError
        On a non-positive installment, a non-finite amount, negative ``grace_days``, or a
        pledge whose installments or deliveries disagree about its partner.

    Notes
    -----
    The allocation rule (net per date, reversals cancel the latest money first, FIFO
    coverage of installments in due-date order) is described in the module docstring.

    Examples
    --------
    A reversal cancels the delivery it corrects: nothing was delivered, so the 100 due on
    1 March is outstanding, 30 days overdue on 31 March.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> due = [Installment(7, partner=2, due_on=date(2026, 3, 1), amount=Decimal("100.00"))]
    >>> paid = [
    ...     Delivery(7, partner=2, value_date=date(2026, 2, 1), amount=Decimal("100.00")),
    ...     Delivery(7, partner=2, value_date=date(2026, 2, 3), amount=Decimal("-100.00")),
    ... ]
    >>> [row] = funding_reliability(due, paid, as_of=date(2026, 3, 31))
    >>> row.delivered_on_time, row.delivered_late, row.outstanding, row.overdue_days
    (Decimal('0'), Decimal('0'), Decimal('100.00'), 30)
    >>> row.reliability
    0.0

    References
    ----------
    IATI Standard 2.03, Transaction Type codelist (commitment, disbursement,
    expenditure); see the module docstring.
    """
    if isinstance(grace_days, bool) or not isinstance(grace_days, int) or grace_days < 0:
        raise ValueError(f"grace_days must be a non-negative int, got {grace_days!r}")
    grace = timedelta(days=grace_days)

    partner_of_pledge: dict[int, int] = {}
    schedule: dict[int, list[Installment]] = defaultdict(list)
    for installment in installments:
        _check_amount(installment.amount, "an installment amount")
        if installment.amount <= 0:
            raise ValueError(f"installment amounts must be positive: {installment!r}")
        known = partner_of_pledge.setdefault(installment.pledge_id, installment.partner)
        if known != installment.partner:
            raise ValueError(
                f"pledge {installment.pledge_id} has installments for partners "
                f"{known} and {installment.partner}"
            )
        schedule[installment.pledge_id].append(installment)

    delivered: dict[int, list[Delivery]] = defaultdict(list)
    for delivery in deliveries:
        _check_amount(delivery.amount, "a delivery amount")
        if delivery.pledge_id not in partner_of_pledge or delivery.value_date > as_of:
            continue
        if delivery.partner != partner_of_pledge[delivery.pledge_id]:
            raise ValueError(
                f"delivery {delivery!r} names partner {delivery.partner}, but pledge "
                f"{delivery.pledge_id} is partner {partner_of_pledge[delivery.pledge_id]}'s"
            )
        delivered[delivery.pledge_id].append(delivery)

    due: dict[int, Decimal] = defaultdict(lambda: _ZERO)
    on_time: dict[int, Decimal] = defaultdict(lambda: _ZERO)
    late: dict[int, Decimal] = defaultdict(lambda: _ZERO)
    delay_weighted: dict[int, Decimal] = defaultdict(lambda: _ZERO)  # sum amount * days
    oldest_open: dict[int, date] = {}

    with decimal.localcontext() as context:
        context.prec = decimal.MAX_PREC
        context.Emax, context.Emin = decimal.MAX_EMAX, decimal.MIN_EMIN
        context.traps[decimal.Inexact] = True
        for pledge_id, pledge_schedule in schedule.items():
            partner = partner_of_pledge[pledge_id]
            lots = _lots(delivered[pledge_id])
            lot_index = 0
            lot_left = lots[0][1] if lots else _ZERO
            # Stable sort: installments due the same day keep their input order.
            for installment in sorted(pledge_schedule, key=lambda i: i.due_on):
                is_due = installment.due_on <= as_of
                need = installment.amount
                if is_due:
                    due[partner] += need
                while need > 0 and lot_index < len(lots):
                    lot_date = lots[lot_index][0]
                    taken = min(need, lot_left)
                    need -= taken
                    lot_left -= taken
                    if is_due:
                        if lot_date <= installment.due_on + grace:
                            on_time[partner] += taken
                        else:
                            late[partner] += taken
                            delay_weighted[partner] += taken * (lot_date - installment.due_on).days
                    if lot_left == 0:
                        lot_index += 1
                        lot_left = lots[lot_index][1] if lot_index < len(lots) else _ZERO
                if is_due and need > 0:
                    current = oldest_open.get(partner)
                    if current is None or installment.due_on < current:
                        oldest_open[partner] = installment.due_on

        rows = []
        for partner in sorted(set(partner_of_pledge.values())):
            total_due = due[partner]
            outstanding = total_due - on_time[partner] - late[partner]
            reliability = (
                float(Fraction(on_time[partner]) / Fraction(total_due)) if total_due > 0 else None
            )
            mean_delay = (
                float(Fraction(delay_weighted[partner]) / Fraction(late[partner]))
                if late[partner] > 0
                else None
            )
            overdue = (as_of - oldest_open[partner]).days if partner in oldest_open else None
            rows.append(
                PartnerReliability(
                    partner=partner,
                    due=total_due,
                    delivered_on_time=on_time[partner],
                    delivered_late=late[partner],
                    outstanding=outstanding,
                    reliability=reliability,
                    mean_delay_days=mean_delay,
                    overdue_days=overdue,
                )
            )
    return rows

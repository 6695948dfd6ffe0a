"""Amending a pledge's schedule without excusing a delay.

:func:`amended_schedule` takes a pledge's current schedule, the schedule an amendment
agrees and the day it was agreed, and returns the schedule that funding reliability
counts from (:mod:`accord.engine.resources.reliability`).

The rule
--------
1. **What was not yet due moves.** An installment due on or after the day the amendment
   is agreed is replaced by the new schedule: an amendment agreed before a due date
   moves the due date (and may change the amount).
2. **What was already due keeps its due date.** The installments due before the day the
   amendment is agreed stay due on their dates, in due-date order, up to the new total
   (a pledge lowered below them owes only the new total). They cover the new schedule's
   earliest amounts first; where the new schedule puts a covered amount on a later date,
   the part keeps its original due date and records the agreed date as
   ``rescheduled_to``. An amendment agreed after a due date therefore does not excuse
   the delay: money delivered on the agreed later date is still late.
3. **Nothing new falls due in the past.** What the new schedule adds beyond what was
   already due must fall due on or after the day it is agreed
   (:class:`BackdatedInstallment` otherwise).

The returned amounts add up to the new schedule's total.

Examples
--------
100 was due on 31 January; on 1 March the funder and the partnership agree to move it to
30 April. It still counts from 31 January, so money that comes on 30 April is late:

>>> from datetime import date
>>> from decimal import Decimal
>>> before = [Scheduled(date(2026, 1, 31), Decimal(100))]
>>> amended_schedule(before, [(date(2026, 4, 30), Decimal(100))], agreed_on=date(2026, 3, 1))
[Scheduled(due_on=datetime.date(2026, 1, 31), amount=Decimal('100'), rescheduled_to=datetime.date(2026, 4, 30))]

Agreed on 15 January, before the due date, the same change moves the due date:

>>> amended_schedule(before, [(date(2026, 4, 30), Decimal(100))], agreed_on=date(2026, 1, 15))
[Scheduled(due_on=datetime.date(2026, 4, 30), amount=Decimal('100'), rescheduled_to=None)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

__all__ = ["BackdatedInstallment", "Scheduled", "amended_schedule"]

_ZERO = Decimal(0)


@dataclass(frozen=True)
class Scheduled:
    """One installment: ``amount`` due on ``due_on`` (what reliability counts from); an
    amendment agreed after ``due_on`` may have agreed the later ``rescheduled_to``."""

    due_on: date
    amount: Decimal
    rescheduled_to: date | None = None

    @property
    def agreed_on(self) -> date:
        """The date the parties agreed last: ``rescheduled_to`` or ``due_on``."""
        return self.rescheduled_to or self.due_on


class BackdatedInstallment(ValueError):
    """The new schedule adds an amount due before the day the amendment is agreed."""

    def __init__(self, due_on: date, agreed_on: date) -> None:
        super().__init__(f"an installment due on {due_on} is added on {agreed_on}")
        self.due_on = due_on
        self.agreed_on = agreed_on


def amended_schedule(
    current: Sequence[Scheduled],
    new: Sequence[tuple[date, Decimal]],
    *,
    agreed_on: date,
) -> list[Scheduled]:
    """The schedule reliability counts from after an amendment agreed on ``agreed_on``.

    Parameters
    ----------
    current : sequence of Scheduled
        The pledge's schedule before the amendment (amounts positive).
    new : sequence of (date, Decimal)
        The schedule the amendment agrees (amounts positive), in any order.
    agreed_on : date
        The day the amendment is agreed.

    Returns
    -------
    list of Scheduled
        Sorted by ``due_on`` then ``rescheduled_to``; parts with the same dates merged.

    Raises
    ------
    BackdatedInstallment
        When an amount beyond what was already due would fall due before ``agreed_on``.
    ValueError
        On an amount that is not positive.

    Examples
    --------
    200 was due, 100 on 31 January and 100 on 28 February; on 10 February the pledge is
    lowered to 150, the rest due on 31 March. The January 100 stays due in January:

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> before = [Scheduled(date(2026, 1, 31), Decimal(100)), Scheduled(date(2026, 2, 28), Decimal(100))]
    >>> new = [(date(2026, 1, 31), Decimal(100)), (date(2026, 3, 31), Decimal(50))]
    >>> [(s.due_on.isoformat(), s.amount) for s in amended_schedule(before, new, agreed_on=date(2026, 2, 10))]
    [('2026-01-31', Decimal('100')), ('2026-03-31', Decimal('50'))]
    """
    for part in current:
        if part.amount <= 0:
            raise ValueError(f"installment amounts must be positive: {part!r}")
    wanted = sorted(new, key=lambda row: row[0])
    for _, amount in wanted:
        if amount <= 0:
            raise ValueError(f"installment amounts must be positive: {amount!r}")
    new_total = sum((amount for _, amount in wanted), _ZERO)

    # Rule 2: what was already due, in due-date order, up to the new total.
    already_due: list[Scheduled] = []
    room = new_total
    for part in sorted(current, key=lambda p: p.due_on):
        if part.due_on >= agreed_on or room <= 0:
            continue
        taken = min(part.amount, room)
        room -= taken
        already_due.append(Scheduled(part.due_on, taken))

    # It covers the new schedule's earliest amounts first.
    result: dict[tuple[date, date | None], Decimal] = {}
    new_left = [[day, amount] for day, amount in wanted]
    index = 0
    for part in already_due:
        need = part.amount
        while need > 0:
            day, left = new_left[index]
            taken = min(need, left)
            need -= taken
            new_left[index][1] = left - taken
            later = day if day > part.due_on else None
            key = (part.due_on, later)
            result[key] = result.get(key, _ZERO) + taken
            if new_left[index][1] == 0:
                index += 1
    # Rule 1 and 3: the rest of the new schedule falls due on its dates.
    for day, left in new_left[index:]:
        if left <= 0:
            continue
        if day < agreed_on:
            raise BackdatedInstallment(day, agreed_on)
        key = (day, None)
        result[key] = result.get(key, _ZERO) + left
    return [
        Scheduled(due_on, amount, later)
        for (due_on, later), amount in sorted(
            result.items(), key=lambda kv: (kv[0][0], kv[0][1] or kv[0][0])
        )
    ]

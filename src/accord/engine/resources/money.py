"""Money: conversion to the reporting currency, and the exchange rate in force at a date.

- :func:`convert`: ``amount * rate`` rounded to the cent with banker's rounding
  (``ROUND_HALF_EVEN``), computed exactly before the single rounding;
- :func:`rate_on`: in a table of dated rates, the latest rate on or before a date
  (a rate stays in force until the next one is entered).

Money is ``Decimal``, never float. Because half-even rounding is symmetric,
``convert(-x, r) == -convert(x, r)``: an entry and its reversal still cancel exactly
after conversion.

References
----------
.. [1] IATI Standard 2.03, ``value/@value-date``: "the date to be used for determining
   the exchange rate for currency conversions"
   (https://iatistandard.org/en/iati-standard/203/activity-standard/iati-activities/iati-activity/transaction/value/).
.. [2] ISO 4217, currency codes.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

__all__ = ["CENT", "Rate", "convert", "rate_on"]

CENT = Decimal("0.01")


def convert(amount: Decimal, rate: Decimal, *, quantum: Decimal = CENT) -> Decimal:
    """Convert ``amount`` at ``rate`` and round once, to the cent, half to even.

    Parameters
    ----------
    amount : Decimal
        The amount in the source currency (may be negative: a reversal).
    rate : Decimal
        Units of the target currency per unit of the source currency.
    quantum : Decimal, default ``Decimal("0.01")``
        The rounding step of the result (``Decimal(1)`` for a currency without minor
        units).

    Returns
    -------
    Decimal
        ``amount * rate``, computed exactly, then rounded to ``quantum`` with
        ``ROUND_HALF_EVEN``.

    Raises
    ------
    ValueError
        When ``amount`` or ``rate`` is not a finite Decimal.

    Examples
    --------
    >>> convert(Decimal("10.00"), Decimal("0.125"))  # 1.25 exactly
    Decimal('1.25')
    >>> convert(Decimal("0.5"), Decimal("0.05")), convert(Decimal("1.5"), Decimal("0.05"))
    (Decimal('0.02'), Decimal('0.08'))
    >>> convert(Decimal("-0.5"), Decimal("0.05"))  # a reversal mirrors its entry
    Decimal('-0.02')
    >>> convert(Decimal("1200000"), Decimal("0.0071"), quantum=Decimal(1))
    Decimal('8520')

    References
    ----------
    IEEE 754-2008 section 4.3.1 (roundTiesToEven), the "banker's rounding" of
    accounting.
    """
    for value, name in ((amount, "amount"), (rate, "rate"), (quantum, "quantum")):
        if not isinstance(value, Decimal) or not value.is_finite():
            raise ValueError(f"{name} must be a finite Decimal, got {value!r}")
    with decimal.localcontext() as context:
        context.prec = decimal.MAX_PREC
        context.Emax, context.Emin = decimal.MAX_EMAX, decimal.MIN_EMIN
        exact = amount * rate
        return exact.quantize(quantum, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class Rate:
    """One unit of ``currency`` is worth ``to_reporting`` units of the reporting currency
    from ``valid_on`` until the next rate of that currency."""

    currency: str
    valid_on: date
    to_reporting: Decimal


def rate_on(rates: Sequence[Rate], currency: str, on: date, reporting_currency: str) -> Rate | None:
    """The rate of ``currency`` in force on ``on``: the latest one dated on or before it.

    Parameters
    ----------
    rates : sequence of Rate
        The partnership's rate table, in any order.
    currency : str
        ISO 4217 code of the amount to convert (compared exactly, so use upper case).
    on : date
        The value date of the amount.
    reporting_currency : str
        The partnership's reporting currency.

    Returns
    -------
    Rate or None
        ``Rate(currency, on, Decimal(1))`` when ``currency`` is the reporting currency;
        the latest rate of ``currency`` with ``valid_on <= on``; ``None`` when there is
        none (the page then says that the rate is missing).

    Raises
    ------
    ValueError
        When the chosen date holds two different rates for the currency, or the chosen
        rate is not a positive finite Decimal.

    Examples
    --------
    >>> table = [
    ...     Rate("KES", date(2026, 1, 1), Decimal("0.0071")),
    ...     Rate("KES", date(2026, 2, 1), Decimal("0.0069")),
    ...     Rate("USD", date(2026, 1, 1), Decimal("0.92")),
    ... ]
    >>> rate_on(table, "KES", date(2026, 1, 31), "EUR").to_reporting
    Decimal('0.0071')
    >>> rate_on(table, "KES", date(2026, 2, 1), "EUR").to_reporting
    Decimal('0.0069')
    >>> rate_on(table, "KES", date(2025, 12, 31), "EUR") is None
    True
    >>> rate_on(table, "EUR", date(2025, 12, 31), "EUR")
    Rate(currency='EUR', valid_on=datetime.date(2025, 12, 31), to_reporting=Decimal('1'))

    References
    ----------
    IATI Standard 2.03, ``value/@value-date`` (the date that fixes the exchange rate).
    """
    if currency == reporting_currency:
        return Rate(currency, on, Decimal(1))
    candidates = [r for r in rates if r.currency == currency and r.valid_on <= on]
    if not candidates:
        return None
    latest = max(r.valid_on for r in candidates)
    chosen = {r.to_reporting for r in candidates if r.valid_on == latest}
    if len(chosen) > 1:
        raise ValueError(f"{currency} has {len(chosen)} different rates on {latest}")
    [value] = chosen
    if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
        raise ValueError(f"the {currency} rate of {latest} must be a positive Decimal")
    return next(r for r in candidates if r.valid_on == latest)

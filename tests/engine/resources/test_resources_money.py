"""Money: conversion to the cent and the rate in force at a date."""

from __future__ import annotations

import doctest
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.resources import money
from accord.engine.resources.money import Rate, convert, rate_on

D = Decimal

TABLE = [
    Rate("USD", date(2026, 3, 1), D("0.91")),
    Rate("KES", date(2026, 1, 1), D("0.0071")),
    Rate("USD", date(2026, 1, 1), D("0.92")),
    Rate("KES", date(2026, 2, 1), D("0.0069")),
]


def test_convert_rounds_once_half_to_even():
    assert convert(D("100.00"), D("0.92")) == D("92.00")
    assert convert(D("0.125"), D(1)) == D("0.12")  # tie to even
    assert convert(D("0.135"), D(1)) == D("0.14")
    assert convert(D("-0.125"), D(1)) == D("-0.12")
    assert convert(D("1200000"), D("0.0071")) == D("8520.00")
    # 28 digits would overflow the default context; the product is still exact.
    big = D("12345678901234567890123456.789")
    assert convert(big, D("1.000000001")) == D("12345678913580246791358024.68")
    assert str(convert(D(3), D("0.5"))) == "1.50"


@pytest.mark.parametrize("bad", [1.5, D("NaN"), D("Infinity"), 2])
def test_convert_refuses_what_is_not_a_finite_decimal(bad):
    with pytest.raises(ValueError):
        convert(bad, D(1))
    with pytest.raises(ValueError):
        convert(D(1), bad)


def test_rate_on_takes_the_latest_rate_on_or_before_the_date():
    assert rate_on(TABLE, "USD", date(2026, 2, 28), "EUR").to_reporting == D("0.92")
    assert rate_on(TABLE, "USD", date(2026, 3, 1), "EUR").to_reporting == D("0.91")
    assert rate_on(TABLE, "USD", date(2030, 1, 1), "EUR").valid_on == date(2026, 3, 1)
    assert rate_on(TABLE, "USD", date(2025, 12, 31), "EUR") is None
    assert rate_on(TABLE, "GBP", date(2026, 6, 1), "EUR") is None
    assert rate_on([], "EUR", date(2026, 6, 1), "EUR") == Rate("EUR", date(2026, 6, 1), D(1))


def test_rate_on_refuses_conflicting_or_non_positive_rates():
    twice = [*TABLE, Rate("KES", date(2026, 2, 1), D("0.0070"))]
    with pytest.raises(ValueError):
        rate_on(twice, "KES", date(2026, 2, 5), "EUR")
    same = [*TABLE, Rate("KES", date(2026, 2, 1), D("0.00690"))]  # same value: fine
    assert rate_on(same, "KES", date(2026, 2, 5), "EUR").to_reporting == D("0.0069")
    # A conflict on an older date does not matter once a newer rate is in force.
    assert rate_on(twice, "KES", date(2025, 1, 1), "EUR") is None
    with pytest.raises(ValueError):
        rate_on([Rate("KES", date(2026, 1, 1), D(0))], "KES", date(2026, 1, 5), "EUR")


def test_doctests():
    result = doctest.testmod(money)
    assert result.attempted > 0
    assert result.failed == 0


# ------------------------------------------------------------------ properties

cent_amounts = st.integers(-(10**12), 10**12).map(lambda c: D(c).scaleb(-2))
rates = st.integers(1, 10**8).map(lambda r: D(r).scaleb(-6))  # 0.000001 .. 100


@settings(max_examples=500, deadline=None)
@given(cent_amounts, rates)
def test_an_entry_and_its_reversal_still_cancel_after_conversion(amount, rate):
    assert convert(amount, rate) + convert(-amount, rate) == 0


@settings(max_examples=300, deadline=None)
@given(st.lists(cent_amounts, max_size=50), rates)
def test_converting_then_summing_balances_to_the_cent(amounts, rate):
    """Each converted entry is whole cents, so the total of the converted entries is exact
    to the cent, and it differs from the exact converted total by at most half a cent per
    entry (one rounding each)."""
    converted = [convert(a, rate) for a in amounts]
    assert all(c == c.quantize(D("0.01")) for c in converted)
    total = sum(converted, D(0))
    assert total == total.quantize(D("0.01"))
    exact = sum((a * rate for a in amounts), D(0))
    assert abs(total - exact) <= D("0.005") * len(amounts)
    # A ledger whose entries sum to zero (every entry reversed) converts to exactly zero.
    assert sum((convert(a, rate) for a in [*amounts, *(-a for a in amounts)]), D(0)) == 0


@settings(max_examples=300, deadline=None)
@given(cent_amounts)
def test_rate_one_is_the_identity_on_cents(amount):
    assert convert(amount, D(1)) == amount


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["USD", "KES"]), st.integers(0, 60), rates),
        max_size=12,
        unique_by=lambda t: (t[0], t[1]),
    ),
    st.integers(-5, 70),
)
def test_rate_on_agrees_with_a_walk_through_the_days(entries, offset):
    start = date(2026, 1, 1)
    table = [Rate(c, start + timedelta(days=k), r) for c, k, r in entries]
    on = start + timedelta(days=offset)
    for currency in ("USD", "KES"):
        expected = None
        for k in range(offset, -1, -1):
            match = [
                r
                for r in table
                if r.currency == currency and r.valid_on == start + timedelta(days=k)
            ]
            if match:
                expected = match[0]
                break
        assert rate_on(table, currency, on, "EUR") == expected

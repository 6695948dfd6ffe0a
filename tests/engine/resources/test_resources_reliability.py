"""Funding reliability: worked examples, reversals, errors and properties."""

from __future__ import annotations

import doctest
import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.resources import reliability
from accord.engine.resources.reliability import Delivery, Installment, funding_reliability

D = Decimal
START = date(2026, 1, 1)


def inst(due_on, amount, pledge=1, partner=0):
    return Installment(pledge_id=pledge, partner=partner, due_on=due_on, amount=D(amount))


def dlv(value_date, amount, pledge=1, partner=0):
    return Delivery(pledge_id=pledge, partner=partner, value_date=value_date, amount=D(amount))


def one(installments, deliveries, **kwargs):
    [row] = funding_reliability(installments, deliveries, **kwargs)
    return row


# ------------------------------------------------------------------ worked examples


def test_worked_example_of_the_issue():
    """100 due Jan 31 and 100 due Feb 28; 100 on Jan 20 and 50 on Mar 10; as of Mar 31."""
    row = one(
        [inst(date(2026, 1, 31), 100), inst(date(2026, 2, 28), 100)],
        [dlv(date(2026, 1, 20), 100), dlv(date(2026, 3, 10), 50)],
        as_of=date(2026, 3, 31),
    )
    assert row.partner == 0
    assert row.due == D(200)
    assert (row.delivered_on_time, row.delivered_late, row.outstanding) == (D(100), D(50), D(50))
    assert row.reliability == 0.5
    assert row.mean_delay_days == 10.0
    assert row.overdue_days == 31


def test_delivery_then_its_reversal_delivers_nothing():
    row = one(
        [inst(date(2026, 1, 31), 100)],
        [dlv(date(2026, 1, 10), 100), dlv(date(2026, 1, 12), -100)],
        as_of=date(2026, 2, 10),
    )
    assert row.delivered_on_time == row.delivered_late == 0
    assert row.outstanding == D(100)
    assert row.reliability == 0.0
    assert row.mean_delay_days is None
    assert row.overdue_days == 10


def test_same_day_reversal_nets_out():
    row = one(
        [inst(date(2026, 1, 31), 100)],
        [dlv(date(2026, 1, 10), -100), dlv(date(2026, 1, 10), 100)],
        as_of=date(2026, 2, 10),
    )
    assert row.outstanding == D(100)


def test_a_reversal_cancels_the_most_recent_money_first():
    """100 on time, 100 late on Mar 5 reversed on Mar 6: the late lot goes, not the early one."""
    row = one(
        [inst(date(2026, 1, 31), 100), inst(date(2026, 2, 28), 100)],
        [dlv(date(2026, 1, 20), 100), dlv(date(2026, 3, 5), 100), dlv(date(2026, 3, 6), -100)],
        as_of=date(2026, 3, 31),
    )
    assert (row.delivered_on_time, row.delivered_late, row.outstanding) == (D(100), D(0), D(100))
    assert row.overdue_days == 31


def test_a_partial_reversal_spans_several_lots():
    """Lots 60 (Jan 5) and 30 (Jan 6); -50 removes the 30 and 20 of the 60."""
    row = one(
        [inst(date(2026, 1, 31), 100)],
        [dlv(date(2026, 1, 5), 60), dlv(date(2026, 1, 6), 30), dlv(date(2026, 1, 7), -50)],
        as_of=date(2026, 1, 31),
    )
    assert (row.delivered_on_time, row.outstanding) == (D(40), D(60))


def test_an_excess_reversal_is_a_debt_paid_by_later_money():
    """100, then -150 (50 too much), then 100: only 50 is credited, on Mar 1."""
    row = one(
        [inst(date(2026, 1, 31), 100)],
        [dlv(date(2026, 1, 5), 100), dlv(date(2026, 2, 1), -150), dlv(date(2026, 3, 1), 100)],
        as_of=date(2026, 3, 31),
    )
    assert (row.delivered_on_time, row.delivered_late, row.outstanding) == (D(0), D(50), D(50))
    assert row.mean_delay_days == 29.0


def test_fifo_a_late_payment_covers_the_oldest_installment_first():
    """Nothing by Jan 31; 150 on Feb 20 covers Jan 31 late (20 days) and 50 of Feb 28 on time."""
    row = one(
        [inst(date(2026, 1, 31), 100), inst(date(2026, 2, 28), 100)],
        [dlv(date(2026, 2, 20), 150)],
        as_of=date(2026, 3, 10),
    )
    assert (row.delivered_on_time, row.delivered_late, row.outstanding) == (D(50), D(100), D(50))
    assert row.mean_delay_days == 20.0
    assert row.overdue_days == 10


def test_mean_delay_is_weighted_by_amount():
    """30 late by 10 days and 10 late by 30 days: (300 + 300) / 40 = 15 days."""
    row = one(
        [inst(date(2026, 1, 1), 40)],
        [dlv(date(2026, 1, 11), 30), dlv(date(2026, 1, 31), 10)],
        as_of=date(2026, 2, 1),
    )
    assert row.mean_delay_days == 15.0
    assert row.overdue_days is None


def test_grace_days_decide_what_is_on_time_not_the_delay():
    installments = [inst(date(2026, 1, 31), 100)]
    deliveries = [dlv(date(2026, 2, 3), 100)]
    strict = one(installments, deliveries, as_of=date(2026, 2, 28))
    lenient = one(installments, deliveries, as_of=date(2026, 2, 28), grace_days=3)
    assert (strict.delivered_late, strict.mean_delay_days) == (D(100), 3.0)
    assert (lenient.delivered_on_time, lenient.mean_delay_days) == (D(100), None)
    assert lenient.reliability == 1.0
    late = one(installments, deliveries, as_of=date(2026, 2, 28), grace_days=2)
    assert (late.delivered_late, late.mean_delay_days) == (D(100), 3.0)


def test_nothing_due_yet_gives_a_row_without_figures():
    row = one([inst(date(2026, 6, 30), 100)], [dlv(date(2026, 1, 5), 100)], as_of=date(2026, 3, 1))
    assert row.due == row.delivered_on_time == row.delivered_late == row.outstanding == 0
    assert (row.reliability, row.mean_delay_days, row.overdue_days) == (None, None, None)


def test_early_money_covers_what_is_due_before_what_is_not():
    row = one(
        [inst(date(2026, 1, 31), 100), inst(date(2026, 6, 30), 100)],
        [dlv(date(2026, 1, 5), 150)],
        as_of=date(2026, 3, 1),
    )
    assert (row.due, row.delivered_on_time, row.outstanding) == (D(100), D(100), D(0))


def test_deliveries_after_as_of_and_for_unknown_pledges_count_for_nothing():
    row = one(
        [inst(date(2026, 1, 31), 100)],
        [dlv(date(2026, 4, 1), 100), dlv(date(2026, 1, 5), 100, pledge=99, partner=5)],
        as_of=date(2026, 3, 31),
    )
    assert row.outstanding == D(100)


def test_one_row_per_partner_sorted_and_pledges_added_up():
    rows = funding_reliability(
        [
            inst(date(2026, 1, 31), 100, pledge=3, partner=4),
            inst(date(2026, 1, 31), 50, pledge=1, partner=1),
            inst(date(2026, 1, 31), 50, pledge=2, partner=1),
            inst(date(2027, 1, 31), 50, pledge=4, partner=0),
        ],
        [dlv(date(2026, 1, 1), 50, pledge=2, partner=1)],
        as_of=date(2026, 2, 28),
    )
    assert [r.partner for r in rows] == [0, 1, 4]
    assert (rows[1].due, rows[1].delivered_on_time, rows[1].outstanding) == (D(100), D(50), D(50))
    assert rows[1].reliability == 0.5
    assert rows[2].reliability == 0.0
    assert rows[0].reliability is None


def test_cents_are_exact():
    row = one(
        [inst(date(2026, 1, 31), "0.10"), inst(date(2026, 1, 31), "0.20")],
        [dlv(date(2026, 1, 1), "0.10"), dlv(date(2026, 2, 1), "0.10")],
        as_of=date(2026, 2, 1),
    )
    assert (row.due, row.delivered_on_time, row.delivered_late) == (D("0.30"), D("0.10"), D("0.10"))
    assert row.outstanding == D("0.10")


@pytest.mark.parametrize(
    ("installments", "deliveries", "grace_days"),
    [
        ([inst(START, 0)], [], 0),
        ([inst(START, -5)], [], 0),
        ([Installment(1, 0, START, 100.0)], [], 0),  # type: ignore[arg-type]
        ([inst(START, "NaN")], [], 0),
        ([inst(START, 10, partner=0), inst(START, 10, partner=1)], [], 0),
        ([inst(START, 10, partner=0)], [dlv(START, 10, partner=1)], 0),
        ([inst(START, 10)], [], -1),
    ],
    ids=["zero", "negative", "float", "nan", "two-partners", "wrong-partner", "grace"],
)
def test_bad_input_is_refused(installments, deliveries, grace_days):
    with pytest.raises(ValueError):
        funding_reliability(installments, deliveries, as_of=START, grace_days=grace_days)


def test_doctests():
    result = doctest.testmod(reliability)
    assert result.attempted > 0
    assert result.failed == 0


# ------------------------------------------------------------------ properties

cents = st.integers(1, 10**9).map(lambda c: D(c).scaleb(-2))
signed_cents = st.integers(-(10**9), 10**9).map(lambda c: D(c).scaleb(-2))
days = st.integers(0, 120).map(lambda k: START + timedelta(days=k))
pledges = st.integers(0, 3)  # pledge k belongs to partner k % 2

installments_st = st.lists(
    st.builds(lambda p, d, a: inst(d, a, pledge=p, partner=p % 2), pledges, days, cents),
    min_size=1,
    max_size=12,
)
deliveries_st = st.lists(
    st.builds(lambda p, d, a: dlv(d, a, pledge=p, partner=p % 2), pledges, days, signed_cents),
    max_size=15,
)
positive_delivery_st = st.builds(
    lambda p, d, a: dlv(d, a, pledge=p, partner=p % 2), pledges, days, cents
)
as_of_st = st.integers(0, 150).map(lambda k: START + timedelta(days=k))


@settings(max_examples=300, deadline=None)
@given(installments_st, deliveries_st, as_of_st, st.integers(0, 10))
def test_the_parts_add_up_to_what_fell_due_to_the_cent(installments, deliveries, as_of, grace):
    for row in funding_reliability(installments, deliveries, as_of=as_of, grace_days=grace):
        assert row.delivered_on_time + row.delivered_late + row.outstanding == row.due
        assert min(row.delivered_on_time, row.delivered_late, row.outstanding) >= 0
        assert row.due == sum(
            (i.amount for i in installments if i.partner == row.partner and i.due_on <= as_of),
            D(0),
        )
        if row.reliability is not None:
            assert 0.0 <= row.reliability <= 1.0
        if row.mean_delay_days is not None:
            assert row.mean_delay_days > grace
        assert (row.overdue_days is None) == (row.outstanding == 0)
        if row.overdue_days is not None:
            assert 0 <= row.overdue_days <= (as_of - START).days


@settings(max_examples=300, deadline=None)
@given(installments_st, deliveries_st)
def test_reversals_never_create_money(installments, deliveries):
    """Once everything is due, a pledge gets min(scheduled, max(0, net delivered))."""
    as_of = START + timedelta(days=200)
    scheduled, net = defaultdict(lambda: D(0)), defaultdict(lambda: D(0))
    for i in installments:
        scheduled[i.pledge_id] += i.amount
    for d in deliveries:
        net[d.pledge_id] += d.amount
    expected = defaultdict(lambda: D(0))
    for pledge, amount in scheduled.items():
        expected[pledge % 2] += min(amount, max(D(0), net[pledge]))
    for row in funding_reliability(installments, deliveries, as_of=as_of):
        assert row.delivered_on_time + row.delivered_late == expected[row.partner]


@settings(max_examples=300, deadline=None)
@given(installments_st, deliveries_st, positive_delivery_st, as_of_st)
def test_adding_a_delivery_never_lowers_what_was_delivered(installments, deliveries, extra, as_of):
    before = funding_reliability(installments, deliveries, as_of=as_of)
    after = funding_reliability(installments, [*deliveries, extra], as_of=as_of)
    for b, a in zip(before, after, strict=True):
        assert a.delivered_on_time + a.delivered_late >= b.delivered_on_time + b.delivered_late
        assert a.outstanding <= b.outstanding
        assert a.delivered_on_time >= b.delivered_on_time


@settings(max_examples=100, deadline=None)
@given(installments_st, deliveries_st, as_of_st, st.randoms(use_true_random=False))
def test_the_order_of_the_input_does_not_matter(
    installments, deliveries, as_of, rnd: random.Random
):
    expected = funding_reliability(installments, deliveries, as_of=as_of)
    rnd.shuffle(installments)
    rnd.shuffle(deliveries)
    assert funding_reliability(installments, deliveries, as_of=as_of) == expected

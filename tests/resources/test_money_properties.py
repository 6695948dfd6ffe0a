"""No money is lost or created: postings, reversals and conversions balance to the cent."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.resources import selectors, services
from accord.resources.models import LedgerEntry

pytestmark = pytest.mark.django_db

RATES = {"KES": Decimal(1), "EUR": Decimal(140)}
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2)
entries = st.lists(
    st.tuples(amounts, st.sampled_from(sorted(RATES)), st.integers(0, 300), st.booleans()),
    min_size=1,
    max_size=8,
)


def delivered(w) -> Decimal:
    cache.clear()
    summary = selectors.resource_summary(partnership=w.partnership, as_of=date(2025, 12, 31))
    return next(r for r in summary.partners if r.organization.name == "Foundation").delivered_total


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=entries)
def test_postings_and_reversals_balance_to_the_cent(funded, batch):
    """Examples share the database (the ledger is append-only), so compare differences."""
    w = funded
    before = delivered(w)
    expected = Decimal(0)
    for value, currency, day, reverse in batch:
        entry = services.ledger_entry_post(
            actor=w.users["representative"],
            partnership=w.partnership,
            type="3",
            value=value,
            currency_code=currency,
            value_date=date(2025, 1, 2) + timedelta(days=day),
            provider=w.orgs["foundation"],
            receiver=w.orgs["coop"],
        )
        if reverse:
            reversal = services.ledger_entry_reverse(
                actor=w.users["representative"], entry=entry, reason="test"
            )
            assert entry.value + reversal.value == 0
        else:
            expected += value * RATES[currency]
    # Every rate here converts exactly (integers), so nothing may differ, not even a cent.
    assert delivered(w) - before == expected
    assert (
        LedgerEntry.objects.filter(
            partnership=w.partnership, value__lt=0, reverses__isnull=True
        ).count()
        == 0
    )

"""'Do not add up' says the totals (issue 14, item 8), on creating and on amending."""

from __future__ import annotations

from datetime import date

import pytest

from accord.errors import Invalid
from accord.resources import services

pytestmark = pytest.mark.django_db


def test_installments_that_do_not_add_up_say_both_totals(world):
    with pytest.raises(Invalid) as refused:
        services.pledge_create(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            organization=world.orgs["foundation"],
            kind="money",
            description="Grant",
            currency_code="EUR",
            amount="1000",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
            installments=[(date(2026, 3, 31), "300"), (date(2026, 9, 30), "400")],
        )
    assert refused.value.field_errors == {
        "installments": ["Do not add up: 700.00 in the rows, 1,000.00 pledged."]
    }
    assert "add up to 700.00, not the pledged 1,000.00" in refused.value.message

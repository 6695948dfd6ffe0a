"""The demo's balance: Lake Kivuli's dashboard shows the foundation's share of the money
against its power under the contribution-weighted rule, the fisherfolk's and the women's
group's voice and benefit shares, and real alerts."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from accord.balance.selectors.alerts import (
    POWER_TOP,
    RESOURCES_TOP,
    VETO,
    balance_alerts,
    balance_settings_get,
)
from accord.balance.selectors.dashboard import balance_dashboard
from accord.demo.loader import LAKE_SLUG
from accord.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def test_lake_kivuli_balance(capsys):
    call_command("demo")
    lake = Partnership.objects.get(slug=LAKE_SLUG)
    board = balance_dashboard(partnership=lake)
    members = {row.name: row for row in board.members}
    index = {column.key: position for position, column in enumerate(board.columns)}
    resources = index["resources"]
    weighted = next(
        c
        for c in board.columns
        if c.kind == "power" and c.short_label == "Weighted by contribution"
    )
    foundation = members["Harambee Waters Foundation"]
    money, power = foundation.shares[resources], foundation.shares[index[weighted.key]]
    assert money > 0.5 and power > money  # pays most, decides even more
    voice, benefits = index["voice"], index["benefits"]
    for name in ("Kivuli Fisherfolk Cooperative", "Maji Women's Group"):
        assert members[name].shares[voice] > 0
        assert members[name].shares[benefits] > 0
        assert members[name].shares[resources] < 0.05
    alerts = balance_alerts(dashboard=board, thresholds=balance_settings_get(partnership=lake))
    codes = {a.code for a in alerts}
    assert {VETO, POWER_TOP, RESOURCES_TOP} <= codes
    assert any(
        a.message.startswith("Under the rule for allocating pooled money, Harambee Waters")
        for a in alerts
    )
    assert all(rule.state == "ready" for rule in board.power_rules)
    # a year of monthly meetings: the fisherfolk missed the three held far from the lake
    attendance = index["attendance"]
    assert members["Kivuli Fisherfolk Cooperative"].shares[attendance] == 9 / 12
    assert members["Maji Women's Group"].shares[attendance] == 1.0

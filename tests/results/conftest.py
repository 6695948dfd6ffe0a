from __future__ import annotations

from datetime import date

import pytest

from accord.results import services

Q1, Q2, Q3 = date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1)


def indicator_for(world, **overrides):
    """An indicator of ``world``'s partnership reported by the foundation (Rita represents it,
    Stan works for it): quarterly in 2025, disaggregated by sex (exhaustive) and place (not)."""
    fields = {
        "name": "People trained",
        "unit": "people",
        "responsible_organization": world.orgs["foundation"],
        "reporting_start": date(2025, 1, 1),
        "reporting_end": date(2025, 12, 31),
        "baseline_value": "10",
        "baseline_date": date(2024, 12, 31),
        "dimensions": [("sex", True), ("place", False)],
        "sdg_indicator": "6.5.1",
    }
    fields.update(overrides)
    return services.indicator_create(
        actor=world.users["coordinator"], partnership=world.partnership, **fields
    )


SEX_CELLS = {("sex", "female"): "7", ("sex", "male"): "5", ("sex", "other"): "0"}


def submitted(world, indicator, period_start=Q1, value="12", cells=None, by="staff"):
    return services.measurement_create(
        actor=world.users[by],
        indicator=indicator,
        period_start=period_start,
        value=value,
        cells=SEX_CELLS if cells is None else cells,
        evidence_note="Attendance sheets",
        submit=True,
    )


@pytest.fixture
def indicator(world):
    indicator = indicator_for(world)
    services.indicator_targets_set(
        actor=world.users["coordinator"],
        indicator=indicator,
        targets=[
            {"period_start": Q1, "value": "15"},
            {"period_start": Q2, "value": "20", "low": "18", "high": "25"},
        ],
    )
    world.indicator = indicator
    return indicator


@pytest.fixture
def public_indicator(public_world):
    public_world.indicator = indicator_for(public_world)
    return public_world.indicator

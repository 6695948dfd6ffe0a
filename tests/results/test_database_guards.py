"""The database itself refuses changes to locked measurements and to benefits, on SQLite
and on PostgreSQL, and the test runner's flush still empties the tables."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from accord.results.models import Benefit, Indicator, Measurement, MeasurementCell
from tests.conftest import build_world


def _locked_measurement(world, *, status: str = "locked") -> Measurement:
    indicator = Indicator.objects.create(
        partnership=world.partnership,
        name="Hectares restored",
        responsible_organization=world.orgs["foundation"],
        reporting_start=date(2025, 1, 1),
        reporting_end=date(2025, 12, 31),
    )
    now = timezone.now()
    measurement = Measurement.objects.create(
        indicator=indicator,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 3, 31),
        value=12,
        reporter_organization=world.orgs["foundation"],
        status="approved",
        created_by=world.users["staff"],
        submitted_by=world.users["staff"],
        submitted_at=now,
        verifier=world.users["coordinator"],
        approved_at=now,
    )
    MeasurementCell.objects.create(
        measurement=measurement, dimension="sex", category="female", value=5
    )
    if status == "locked":
        measurement.status, measurement.locked_at = "locked", now
        measurement.save(update_fields=["status", "locked_at"])
    return measurement


def _benefit(world) -> Benefit:
    return Benefit.objects.create(
        partnership=world.partnership,
        recipient_organization=world.orgs["coop"],
        level="institutional",
        kind="policy",
        description="A seat on the county water board",
        received_on=date(2025, 6, 1),
        recorded_by=world.users["small_representative"],
    )


def _raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE results_measurement SET value = 1 WHERE id = %s",
        "DELETE FROM results_measurement WHERE id = %s",
        "UPDATE results_measurementcell SET value = 1 WHERE measurement_id = %s",
        "DELETE FROM results_measurementcell WHERE measurement_id = %s",
        "INSERT INTO results_measurementcell (measurement_id, dimension, category, value)"
        " VALUES (%s, 'sex', 'male', 3)",
    ],
)
def test_database_refuses_changing_a_locked_measurement(world, sql):
    measurement = _locked_measurement(world)
    with pytest.raises(DatabaseError):
        _raw(sql, [measurement.pk])
    measurement.refresh_from_db()
    assert measurement.value == 12
    assert list(measurement.cells.values_list("category", "value")) == [("female", 5)]


def test_database_lets_an_approved_measurement_be_locked_and_a_draft_discarded(world):
    measurement = _locked_measurement(world, status="approved")
    _raw(
        "UPDATE results_measurement SET status = 'locked', locked_at = %s WHERE id = %s",
        [timezone.now(), measurement.pk],
    )
    measurement.refresh_from_db()
    assert measurement.is_locked


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE results_benefit SET description = 'nothing' WHERE id = %s",
        "DELETE FROM results_benefit WHERE id = %s",
    ],
)
def test_database_refuses_changing_a_benefit(world, sql):
    benefit = _benefit(world)
    with pytest.raises(DatabaseError):
        _raw(sql, [benefit.pk])
    assert Benefit.objects.get(pk=benefit.pk).description == "A seat on the county water board"


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_locked_measurements_and_benefits():
    world = build_world()
    _locked_measurement(world)
    _benefit(world)
    call_command("flush", verbosity=0, interactive=False)
    assert not Measurement.objects.exists()
    assert not Benefit.objects.exists()

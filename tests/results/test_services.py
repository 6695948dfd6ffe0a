"""Indicator and measurement services: the workflow, and every bad input refused with a
clear error that changes nothing."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accord.audit.models import Event
from accord.errors import Conflict, Forbidden, Invalid
from accord.results import services
from accord.results.models import (
    AppendOnlyError,
    Indicator,
    Measurement,
    MeasurementCell,
    MeasurementTransition,
)
from tests.results.conftest import Q1, Q2, SEX_CELLS, indicator_for, submitted

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything a refused call must leave as it was."""
    return (
        list(Measurement.objects.order_by("pk").values()),
        list(MeasurementCell.objects.order_by("pk").values()),
        MeasurementTransition.objects.count(),
        Event.objects.count(),
        list(Indicator.objects.order_by("pk").values()),
    )


@pytest.fixture
def unchanged():
    """Assert, after the block, that nothing changed."""

    class Guard:
        def __enter__(self):
            self.before = snapshot()

        def __exit__(self, *exc):
            assert snapshot() == self.before
            return False

    return Guard()


# --- the happy path ----------------------------------------------------------------------


def test_full_workflow_with_a_return_and_a_correction(world, indicator):
    staff, coop_rep = world.users["staff"], world.users["small_representative"]
    m = services.measurement_create(
        actor=staff,
        indicator=indicator,
        period_start=Q1,
        value="12",
        cells=SEX_CELLS,
        evidence_note="Sheets",
    )
    assert m.status == "draft" and m.period_end == date(2025, 3, 31)
    services.measurement_submit(actor=staff, measurement=m)
    services.measurement_return(actor=coop_rep, measurement=m, comment="Add the sheets")
    m.refresh_from_db()
    assert m.status == "returned" and m.return_comment == "Add the sheets"
    services.measurement_update(
        actor=staff,
        measurement=m,
        value="13",
        cells={("sex", "female"): "8", ("sex", "male"): "5", ("sex", "other"): "0"},
    )
    services.measurement_submit(actor=staff, measurement=m)
    services.measurement_approve(actor=coop_rep, measurement=m)
    services.measurement_lock(actor=coop_rep, measurement=m)
    m.refresh_from_db()
    assert (m.status, m.value, m.verifier) == ("locked", Decimal("13"), coop_rep)
    steps = list(m.transitions.values_list("from_status", "to_status"))
    assert steps == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "approved"),
        ("approved", "locked"),
    ]
    correction = services.measurement_correct(
        actor=staff,
        measurement=m,
        reason="Double-counted one trainee",
        value="12",
        cells=SEX_CELLS,
        evidence_note="Corrected list",
        submit=True,
    )
    services.measurement_approve(
        actor=world.users["coordinator"], measurement=correction, lock=True
    )
    correction.refresh_from_db()
    m.refresh_from_db()
    assert correction.status == "locked" and correction.corrects == m
    assert m.value == Decimal("13")  # the locked row is history, unchanged
    assert list(Measurement.objects.current().filter(indicator=indicator)) == [correction]


def test_text_indicator_takes_text(world):
    indicator = indicator_for(
        world,
        name="Committee practice",
        measure="5",
        dimensions=[],
        baseline_value=None,
        baseline_date=None,
    )
    m = services.measurement_create(
        actor=world.users["representative"],
        indicator=indicator,
        period_start=Q1,
        value_text="Meets monthly",
        evidence_link="https://example.org/minutes",
        submit=True,
    )
    assert m.value is None and m.value_text == "Meets monthly" and m.status == "submitted"


def test_start_from_the_library(world):
    indicator = services.indicator_create_from_library(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        key="women_on_committee",
        responsible_organization=world.orgs["coop"],
        reporting_start=date(2025, 1, 1),
        reporting_end=date(2026, 12, 31),
    )
    assert indicator.measure == "2" and indicator.sdg_target.code == "5.5"
    assert indicator.sdg_indicator == "5.5.1" and indicator.library_key == "women_on_committee"
    assert indicator.frequency == "half_yearly"


# --- bad input: clear errors, nothing changed -----------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"value": "12.5"}, "value"),  # a count takes whole numbers
        ({"value": "twelve"}, "value"),
        ({"value": None}, "value"),
        ({"value_text": "many"}, "value_text"),
        ({"period_start": date(2024, 10, 1)}, "period_start"),  # before the span
        ({"period_start": date(2026, 1, 1)}, "period_start"),  # after it
        ({"period_start": date(2025, 2, 1)}, "period_start"),  # not a period's start
        ({"cells": {("sex", "female"): "7", ("sex", "male"): "4", ("sex", "other"): "0"}}, "cells"),
        ({"cells": {("sex", "female"): "7", ("sex", "male"): "5"}}, "cells"),  # one missing
        ({"cells": {**SEX_CELLS, ("age", "15-24"): "3"}}, "cells"),  # not a dimension of it
        ({"cells": {**SEX_CELLS, ("place", "moon"): "3"}}, "cells"),
        ({"cells": {**SEX_CELLS, ("place", "rural"): "13"}}, "cells"),  # more than the total
        ({"cells": {**SEX_CELLS, ("sex", "other"): "-1", ("sex", "male"): "6"}}, "cells.sex.other"),
        ({"evidence_link": "javascript:alert(1)"}, "evidence_link"),
    ],
)
def test_bad_measurements_are_refused(world, indicator, unchanged, changes, field):
    fields = {"period_start": Q1, "value": "12", "cells": SEX_CELLS, "evidence_note": "x"}
    fields.update(changes)
    with unchanged, pytest.raises(Invalid) as caught:
        services.measurement_create(actor=world.users["staff"], indicator=indicator, **fields)
    assert field in caught.value.field_errors, caught.value.field_errors
    assert caught.value.message


def test_percentage_must_lie_between_0_and_100(world, unchanged):
    indicator = indicator_for(world, name="Share", measure="2", decimal_places=1, dimensions=[])
    with unchanged, pytest.raises(Invalid, match="between 0 and 100"):
        services.measurement_create(
            actor=world.users["staff"], indicator=indicator, period_start=Q1, value="100.5"
        )


def test_a_period_not_begun_is_refused(world):
    indicator = indicator_for(world, name="Later", reporting_end=date(2049, 12, 31))
    with pytest.raises(Invalid, match="not begun"):
        services.measurement_create(
            actor=world.users["staff"],
            indicator=indicator,
            period_start=date(2049, 1, 1),
            value="1",
            cells=SEX_CELLS,
        )


def test_a_second_report_for_the_period_is_a_conflict(world, indicator):
    submitted(world, indicator)
    with pytest.raises(Conflict):
        services.measurement_create(
            actor=world.users["staff"],
            indicator=indicator,
            period_start=Q1,
            value="12",
            cells=SEX_CELLS,
        )


def test_submission_needs_evidence(world, indicator, unchanged):
    m = services.measurement_create(
        actor=world.users["staff"],
        indicator=indicator,
        period_start=Q1,
        value="12",
        cells=SEX_CELLS,
    )
    with unchanged, pytest.raises(Invalid, match="evidence"):
        services.measurement_submit(actor=world.users["staff"], measurement=m)


@pytest.mark.parametrize("role", ["staff", "representative"])
def test_the_reporting_organization_cannot_approve(world, indicator, unchanged, role):
    m = submitted(world, indicator, by="representative" if role == "staff" else "staff")
    with unchanged, pytest.raises(Forbidden, match="reporting organization"):
        services.measurement_approve(actor=world.users[role], measurement=m)


def test_a_coordinator_of_the_reporting_organization_cannot_approve(world, unchanged):
    indicator = indicator_for(
        world, name="County data", responsible_organization=world.orgs["county"]
    )
    m = submitted(world, indicator, by="coordinator")
    with unchanged, pytest.raises(Forbidden):
        services.measurement_approve(actor=world.users["coordinator"], measurement=m)


@pytest.mark.parametrize("role", ["observer", "community", "invitee", "outsider", "stranger"])
def test_only_verifiers_approve(world, indicator, unchanged, role):
    m = submitted(world, indicator)
    with unchanged, pytest.raises(Forbidden):
        services.measurement_approve(actor=world.users[role], measurement=m)


def test_a_named_verifying_organization_is_the_only_member_that_verifies(world, unchanged):
    indicator = indicator_for(
        world, name="Verified by county", verifying_organization=world.orgs["county"]
    )
    m = submitted(world, indicator)
    with unchanged, pytest.raises(Forbidden):
        services.measurement_approve(actor=world.users["small_representative"], measurement=m)


def test_a_second_approval_is_refused(world, indicator, unchanged):
    m = submitted(world, indicator)
    services.measurement_approve(actor=world.users["small_representative"], measurement=m)
    with unchanged, pytest.raises(Conflict, match="already approved"):
        services.measurement_approve(actor=world.users["coordinator"], measurement=m)


def test_return_needs_a_comment(world, indicator, unchanged):
    m = submitted(world, indicator)
    with unchanged, pytest.raises(Invalid):
        services.measurement_return(actor=world.users["coordinator"], measurement=m, comment=" ")


def test_a_locked_measurement_cannot_be_edited_returned_or_relocked(world, indicator, unchanged):
    m = submitted(world, indicator)
    services.measurement_approve(actor=world.users["coordinator"], measurement=m, lock=True)
    with unchanged:
        with pytest.raises(Conflict, match="locked"):
            services.measurement_update(
                actor=world.users["staff"], measurement=m, value="1", cells=SEX_CELLS
            )
        with pytest.raises(Conflict):
            services.measurement_return(
                actor=world.users["coordinator"], measurement=m, comment="no"
            )
        with pytest.raises(Conflict, match="already locked"):
            services.measurement_lock(actor=world.users["coordinator"], measurement=m)
        m.refresh_from_db()
        m.value = Decimal(1)
        with pytest.raises(AppendOnlyError):
            m.save()


def test_a_submitted_measurement_is_not_edited(world, indicator, unchanged):
    m = submitted(world, indicator)
    with unchanged, pytest.raises(Conflict, match="submitted"):
        services.measurement_update(
            actor=world.users["staff"], measurement=m, value="12", cells=SEX_CELLS
        )


def test_corrections_only_of_locked_measurements_and_once(world, indicator, unchanged):
    m = submitted(world, indicator)
    with unchanged, pytest.raises(Conflict):
        services.measurement_correct(
            actor=world.users["staff"], measurement=m, reason="x", value="1", cells=SEX_CELLS
        )
    services.measurement_approve(actor=world.users["coordinator"], measurement=m, lock=True)
    with unchanged, pytest.raises(Invalid):
        services.measurement_correct(
            actor=world.users["staff"], measurement=m, reason="", value="12", cells=SEX_CELLS
        )
    services.measurement_correct(
        actor=world.users["staff"], measurement=m, reason="typo", value="12", cells=SEX_CELLS
    )
    with unchanged, pytest.raises(Conflict, match="already has a correction"):
        services.measurement_correct(
            actor=world.users["staff"], measurement=m, reason="again", value="12", cells=SEX_CELLS
        )


def test_locking_needs_approval(world, indicator, unchanged):
    m = submitted(world, indicator)
    with unchanged, pytest.raises(Conflict, match="approved"):
        services.measurement_lock(actor=world.users["coordinator"], measurement=m)


@pytest.mark.parametrize("role", ["coordinator", "small_representative", "observer", "outsider"])
def test_only_the_responsible_organization_reports(world, indicator, unchanged, role):
    with unchanged, pytest.raises(Forbidden):
        services.measurement_create(
            actor=world.users[role],
            indicator=indicator,
            period_start=Q1,
            value="12",
            cells=SEX_CELLS,
        )


def test_discard_only_unsubmitted_drafts(world, indicator):
    m = services.measurement_create(
        actor=world.users["staff"],
        indicator=indicator,
        period_start=Q2,
        value="12",
        cells=SEX_CELLS,
    )
    services.measurement_discard(actor=world.users["staff"], measurement=m)
    assert not Measurement.objects.filter(pk=m.pk).exists()
    m = submitted(world, indicator)
    with pytest.raises(Conflict):
        services.measurement_discard(actor=world.users["staff"], measurement=m)


# --- evidence files ---------------------------------------------------------------------


def _xlsx() -> bytes:
    book = Workbook()
    book.active["A1"] = 12
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"%PDF-1.7\n..."),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20),
        ("sheet.xlsx", None),
        ("data.csv", b"female,male\n7,5\n"),
        ("notes.txt", "Sheets signed by the chair — ok".encode()),
    ],
)
def test_allowed_evidence_files(world, indicator, name, content):
    upload = SimpleUploadedFile(name, content if content is not None else _xlsx())
    m = services.measurement_create(
        actor=world.users["staff"],
        indicator=indicator,
        period_start=Q1,
        value="12",
        cells=SEX_CELLS,
        evidence_file=upload,
        submit=True,
    )
    assert m.evidence_file and m.status == "submitted"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00 an executable", "not accepted"),  # named PDF, is not
        ("page.html", b"<html><script>alert(1)</script></html>", "not accepted"),
        ("data.csv", b"\x00\x01\x02binary", "not accepted"),
        ("archive.xlsx", b"PK\x03\x04 not really a workbook", "not accepted"),
        ("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "at most 10 MB"),
    ],
)
def test_refused_evidence_files(world, indicator, unchanged, name, content, message):
    with unchanged, pytest.raises(Invalid, match=message) as caught:
        services.measurement_create(
            actor=world.users["staff"],
            indicator=indicator,
            period_start=Q1,
            value="12",
            cells=SEX_CELLS,
            evidence_file=SimpleUploadedFile(name, content),
        )
    assert "evidence_file" in caught.value.field_errors


# --- indicators and targets -------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": " "}, "name"),
        ({"responsible_organization": "school"}, "responsible_organization"),  # not a member
        ({"verifying_organization": "foundation"}, "verifying_organization"),  # same as reporter
        ({"reporting_end": date(2024, 1, 1)}, "reporting_end"),
        ({"baseline_date": None}, "baseline_date"),
        ({"baseline_value": "1.5"}, "baseline_value"),
        ({"sdg_indicator": "99.9.9"}, "sdg_indicator"),
        ({"sdg_target_code": "14.4"}, "sdg_indicator"),  # 6.5.1 is not under 14.4
        ({"sdg_indicator": "", "sdg_target_code": "99.1"}, "sdg_target_code"),
        ({"dimensions": [("colour", True)]}, "dimensions"),
        ({"dimensions": [("sex", True), ("sex", False)]}, "dimensions"),
        ({"measure": "5"}, "dimensions"),  # text indicators have no breakdown
        ({"measure": "7"}, "measure"),
        ({"frequency": "weekly"}, "frequency"),
        ({"decimal_places": 9}, "decimal_places"),
    ],
)
def test_bad_indicators_are_refused(world, unchanged, changes, field):
    for key in ("responsible_organization", "verifying_organization"):
        if key in changes:
            changes[key] = world.orgs[changes[key]]
    with unchanged, pytest.raises(Invalid) as caught:
        indicator_for(world, **changes)
    assert field in caught.value.field_errors, caught.value.field_errors


@pytest.mark.parametrize("role", ["representative", "staff", "observer", "outsider"])
def test_only_coordinators_define_indicators(world, unchanged, role):
    with unchanged, pytest.raises(Forbidden):
        services.indicator_create(
            actor=world.users[role],
            partnership=world.partnership,
            name="X",
            responsible_organization=world.orgs["foundation"],
            reporting_start=date(2025, 1, 1),
            reporting_end=date(2025, 12, 31),
        )


def test_duplicate_name_is_a_conflict(world, indicator):
    with pytest.raises(Conflict):
        indicator_for(world)


def test_shape_is_fixed_once_reported(world, indicator, unchanged):
    submitted(world, indicator)
    for changes in (
        {"frequency": "monthly"},
        {"dimensions": [("sex", True)]},
        {"measure": "2"},
        {"reporting_end": date(2025, 2, 28)},
    ):
        with unchanged, pytest.raises(Conflict):
            services.indicator_update(
                actor=world.users["coordinator"], indicator=indicator, **changes
            )
    services.indicator_update(
        actor=world.users["coordinator"],
        indicator=indicator,
        name="People trained (all)",
        reporting_end=date(2026, 12, 31),
    )
    indicator.refresh_from_db()
    assert indicator.name == "People trained (all)"


@pytest.mark.parametrize(
    "targets",
    [
        [{"period_start": date(2025, 2, 1), "value": "3"}],
        [{"period_start": date(2026, 1, 1), "value": "3"}],
        [{"period_start": Q1, "value": "3"}, {"period_start": Q1, "value": "4"}],
        [{"period_start": Q1}],
        [{"period_start": Q1, "low": "5"}],
        [{"period_start": Q1, "low": "5", "high": "4"}],
        [{"period_start": Q1, "value": "9", "low": "1", "high": "4"}],
        [{"period_start": Q1, "value": "2.5"}],
    ],
)
def test_bad_targets_are_refused(world, indicator, unchanged, targets):
    with unchanged, pytest.raises(Invalid):
        services.indicator_targets_set(
            actor=world.users["coordinator"], indicator=indicator, targets=targets
        )
    assert indicator.targets.count() == 2

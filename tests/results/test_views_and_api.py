"""Every results page and endpoint for every role (docs/permissions.md, "Results").

A members-only partnership: everyone outside gets 404 and no name leaks. A public one:
everyone reads indicators and verified values; drafts, evidence and actions stay inside.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.results import services
from accord.results.models import Indicator, Measurement
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.results.conftest import Q1, Q2, SEX_CELLS, indicator_for, submitted

pytestmark = pytest.mark.django_db

INSIDERS = {
    "coordinator",
    "representative",
    "small_representative",
    "staff",
    "community",
    "observer",
    "invitee",
    "admin",
}
OUTSIDE = {"stranger", "outsider"}
REPORTERS = {"representative", "staff"}  # the foundation reports the indicator
VERIFIERS = {"coordinator", "small_representative"}  # County and the Coop: other members


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


def url(name, world, *args):
    return reverse(f"results:{name}", args=[world.partnership.slug, *args])


@pytest.fixture
def reported(world, indicator):
    """A locked value for Q1 and a submitted one for Q2."""
    locked = submitted(world, indicator)
    services.measurement_approve(actor=world.users["coordinator"], measurement=locked, lock=True)
    world.locked = locked
    world.pending = submitted(world, indicator, period_start=Q2)
    return world


# --- reading ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "page", ["indicator_list", "indicator_detail", "indicator_chart", "measurement"]
)
def test_read_pages_of_a_members_only_partnership(client, reported, role, page):
    args = {
        "indicator_list": (),
        "indicator_detail": (reported.indicator.pk,),
        "indicator_chart": (reported.indicator.pk,),
        "measurement": (reported.locked.pk,),
    }[page]
    name = "measurement_detail" if page == "measurement" else page
    response = login(client, reported, role).get(url(name, reported, *args))
    assert response.status_code == (200 if role in INSIDERS else 404)
    if response.status_code == 404:
        assert b"People trained" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_a_public_partnership_shows_verified_values_to_everyone(client, public_world, role):
    indicator = indicator_for(public_world)
    locked = submitted(public_world, indicator)
    services.measurement_approve(
        actor=public_world.users["coordinator"], measurement=locked, lock=True
    )
    draft = submitted(
        public_world,
        indicator,
        period_start=Q2,
        value="99",
        cells={("sex", "female"): "90", ("sex", "male"): "9", ("sex", "other"): "0"},
    )
    client = login(client, public_world, role)
    listing = client.get(url("indicator_list", public_world))
    detail = client.get(url("indicator_detail", public_world, indicator.pk))
    assert listing.status_code == detail.status_code == 200
    assert b"People trained" in listing.content
    assert client.get(url("measurement_detail", public_world, locked.pk)).status_code == 200
    hidden = client.get(url("measurement_detail", public_world, draft.pk))
    assert hidden.status_code == (200 if role in INSIDERS else 404)
    assert (b"Attendance sheets" in detail.content) is False  # evidence never in the list
    evidence_shown = (
        b"Attendance sheets"
        in client.get(url("measurement_detail", public_world, locked.pk)).content
    )
    assert evidence_shown == (role in INSIDERS)


@pytest.mark.parametrize("role", ROLES)
def test_evidence_files_are_for_insiders(client, world, indicator, role):
    m = services.measurement_create(
        actor=world.users["staff"],
        indicator=indicator,
        period_start=Q1,
        value="12",
        cells=SEX_CELLS,
        evidence_file=SimpleUploadedFile("sheet.pdf", b"%PDF-1.4 sheets"),
    )
    response = login(client, world, role).get(url("measurement_evidence", world, m.pk))
    expected = {"anonymous": 302}.get(role, 200 if role in INSIDERS else 404)
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF")


# --- coordinator pages ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "page", ["indicator_create", "indicator_library", "indicator_edit", "indicator_targets"]
)
def test_coordinator_pages(client, world, indicator, role, page):
    args = (indicator.pk,) if page in ("indicator_edit", "indicator_targets") else ()
    response = login(client, world, role).get(url(page, world, *args))
    expected = {"anonymous": 302}.get(
        role, 404 if role in OUTSIDE else 200 if role == "coordinator" else 403
    )
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_define_an_indicator_in_the_browser(client, world, role):
    response = login(client, world, role).post(
        url("indicator_create", world),
        {
            "name": "Hectares restored",
            "unit": "ha",
            "measure": "1",
            "decimal_places": "1",
            "direction": "up",
            "result_type": "1",
            "responsible_organization": world.orgs["coop"].pk,
            "reporting_start": "2025-01-01",
            "reporting_end": "2026-12-31",
            "frequency": "quarterly",
            "grace_days": "30",
            "sdg_indicator": "15.1.2",
            "dimension_place": "partial",
        },
    )
    created = Indicator.objects.filter(name="Hectares restored").first()
    if role == "coordinator":
        assert response.status_code == 302, response.content.decode()[:2000]
        assert created.sdg_target.code == "15.1"
        assert list(created.dimensions.values_list("dimension", "exhaustive")) == [("place", False)]
    else:
        assert created is None
        assert response.status_code == {"anonymous": 302}.get(role, 404 if role in OUTSIDE else 403)


def test_start_from_the_library_and_set_targets_in_the_browser(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(
        url("indicator_library", world),
        {
            "key": "catch_per_unit_effort",
            "responsible_organization": world.orgs["coop"].pk,
            "reporting_start": "2025-01-01",
            "reporting_end": "2025-12-31",
        },
    )
    indicator = Indicator.objects.get(library_key="catch_per_unit_effort")
    assert response.status_code == 302
    response = client.post(
        url("indicator_targets", world, indicator.pk),
        {"value_2025-01-01": "4.5", "low_2025-04-01": "4", "high_2025-04-01": "5"},
    )
    assert response.status_code == 302
    assert list(indicator.targets.values_list("value", "low")) == [(4.5, None), (None, 4)]
    bad = client.post(url("indicator_targets", world, indicator.pk), {"value_2025-01-01": "4.55"})
    assert bad.status_code == 200 and "decimal place" in bad.content.decode()


# --- reporting and verifying in the browser -----------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_report_page(client, world, indicator, role):
    response = login(client, world, role).get(url("measurement_create", world, indicator.pk))
    expected = {"anonymous": 302}.get(
        role, 404 if role in OUTSIDE else 200 if role in REPORTERS else 403
    )
    assert response.status_code == expected


def _report_form(**extra):
    return {
        "period_start": "2025-01-01",
        "value": "12",
        "cell_sex_female": "7",
        "cell_sex_male": "5",
        "cell_sex_other": "0",
        "evidence_note": "Sheets",
        **extra,
    }


def test_cells_that_do_not_add_up_are_shown_on_the_form(client, world, indicator):
    client.force_login(world.users["staff"])
    response = client.post(
        url("measurement_create", world, indicator.pk), _report_form(cell_sex_male="4")
    )
    assert response.status_code == 200
    assert "add up to 11, not to the total 12" in response.content.decode()
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_approve_in_the_browser(client, world, indicator, role):
    m = submitted(world, indicator)
    response = login(client, world, role).post(
        url("measurement_detail", world, m.pk), {"action": "approve"}
    )
    m.refresh_from_db()
    if role in VERIFIERS:
        assert response.status_code == 302 and m.status == "approved"
    else:
        assert m.status == "submitted"
        # the members-only partnership is hidden from the anonymous public too
        assert response.status_code == (404 if role in OUTSIDE | {"anonymous"} else 403)


def test_journey_file_return_resubmit_approve_lock_correct(client, world, indicator):
    client.force_login(world.users["staff"])
    evidence = SimpleUploadedFile("sheet.csv", b"female,male\n7,5\n")
    response = client.post(
        url("measurement_create", world, indicator.pk),
        _report_form(evidence_file=evidence, submit="on"),
    )
    m = Measurement.objects.get()
    assert response.status_code == 302 and m.status == "submitted" and m.evidence_file
    client.force_login(world.users["coordinator"])
    client.post(url("measurement_detail", world, m.pk), {"action": "return", "comment": "Sign it"})
    m.refresh_from_db()
    assert m.status == "returned"
    client.force_login(world.users["staff"])
    page = client.get(url("measurement_detail", world, m.pk)).content.decode()
    assert "Sign it" in page
    client.post(
        url("measurement_detail", world, m.pk),
        {"action": "edit", **_report_form(value="13", cell_sex_female="8")},
    )
    client.post(url("measurement_detail", world, m.pk), {"action": "submit"})
    client.force_login(world.users["small_representative"])
    client.post(url("measurement_detail", world, m.pk), {"action": "approve"})
    client.post(url("measurement_detail", world, m.pk), {"action": "lock"})
    m.refresh_from_db()
    assert (m.status, str(m.value)) == ("locked", "13.0000")
    again = client.post(url("measurement_detail", world, m.pk), {"action": "approve"})
    assert again.status_code == 302  # refused with a message, nothing changed
    client.force_login(world.users["staff"])
    response = client.post(
        url("measurement_correct", world, m.pk),
        _report_form(reason="Double count", submit="on"),
    )
    correction = Measurement.objects.get(corrects=m)
    assert response.status_code == 302 and correction.status == "submitted"
    detail = client.get(url("indicator_detail", world, indicator.pk)).content.decode()
    assert "<svg" in detail and "Sign it" in detail  # the history keeps the comment


# --- the API --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "suffix",
    [
        "/indicators",
        "/indicators/{i}",
        "/indicators/{i}/measurements",
        "/measurements/{m}",
        "/indicator-library",
    ],
)
def test_api_reads_for_every_role(client, reported, role, suffix):
    api = Api(client, reported)
    path = f"/partnerships/{reported.partnership.slug}" + suffix.format(
        i=reported.indicator.pk, m=reported.locked.pk
    )
    response = api.get(role, path)
    assert response.status_code == (200 if role in INSIDERS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_api_public_reads_hide_unverified_values(client, public_world, role):
    indicator = indicator_for(public_world)
    submitted(public_world, indicator)
    api = Api(client, public_world)
    response = api.get(
        role,
        f"/partnerships/{public_world.partnership.slug}/indicators/{indicator.pk}/measurements",
    )
    assert response.status_code == 200
    assert len(response.json()) == (1 if role in INSIDERS else 0)


@pytest.mark.parametrize("role", ROLES)
def test_api_define_indicator(client, world, role):
    api = Api(client, world)
    response = api.post(
        role,
        f"/partnerships/{world.partnership.slug}/indicators",
        {
            "name": "Water quality index",
            "responsible_organization_id": world.orgs["county"].pk,
            "reporting_start": "2025-01-01",
            "reporting_end": "2025-12-31",
            "decimal_places": 1,
            "dimensions": [{"dimension": "place", "exhaustive": False}],
        },
    )
    expected = {"anonymous": 401}.get(
        role, 404 if role in OUTSIDE else 201 if role == "coordinator" else 403
    )
    assert response.status_code == expected, response.content
    if expected == 201:
        body = response.json()
        assert len(body["periods"]) == 4 and body["dimensions"][0]["exhaustive"] is False


@pytest.mark.parametrize("role", ROLES)
def test_api_report_and_verify(client, world, indicator, role):
    api = Api(client, world)
    base = f"/partnerships/{world.partnership.slug}"
    cells = [{"dimension": "sex", "category": k[1], "value": v} for k, v in SEX_CELLS.items()]
    response = api.post(
        role,
        f"{base}/indicators/{indicator.pk}/measurements",
        {
            "period_start": "2025-01-01",
            "value": "12",
            "cells": cells,
            "evidence_note": "x",
            "submit": True,
        },
    )
    expected = {"anonymous": 401}.get(
        role, 404 if role in OUTSIDE else 201 if role in REPORTERS else 403
    )
    assert response.status_code == expected, response.content
    m = submitted(world, indicator, period_start=Q2)
    response = api.post(role, f"{base}/measurements/{m.pk}/approve", {"lock": True})
    expected = {"anonymous": 401}.get(
        role, 404 if role in OUTSIDE else 200 if role in VERIFIERS else 403
    )
    assert response.status_code == expected, response.content
    m.refresh_from_db()
    assert (m.status == "locked") == (expected == 200)


def test_api_full_workflow_and_errors(client, world, indicator):
    api = Api(client, world)
    base = f"/partnerships/{world.partnership.slug}"
    cells = [{"dimension": "sex", "category": k[1], "value": v} for k, v in SEX_CELLS.items()]
    bad_cells = [{**c, "value": "1"} for c in cells]
    bad = api.post(
        "staff",
        f"{base}/indicators/{indicator.pk}/measurements",
        {"period_start": "2025-01-01", "value": 12, "cells": bad_cells},
    )
    assert bad.status_code == 400 and "add up" in bad.json()["detail"]
    outside = api.post(
        "staff",
        f"{base}/indicators/{indicator.pk}/measurements",
        {"period_start": "2026-01-01", "value": 12, "cells": cells},
    )
    assert outside.status_code == 400 and "outside" in outside.json()["detail"]
    wrong = api.post(
        "staff",
        f"{base}/indicators/{indicator.pk}/measurements",
        {"period_start": "2025-01-01", "value": "12.5", "cells": cells},
    )
    assert wrong.status_code == 400 and "value" in wrong.json()["errors"]
    created = api.post(
        "staff",
        f"{base}/indicators/{indicator.pk}/measurements",
        {"period_start": "2025-01-01", "value": 12, "cells": cells},
    )
    m_id = created.json()["id"]
    file = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n0000")
    attached = client.post(
        f"/api/v1{base}/measurements/{m_id}/evidence", {"file": file}, headers=api.headers("staff")
    )
    assert attached.status_code == 200 and attached.json()["has_evidence_file"]
    refused = client.post(
        f"/api/v1{base}/measurements/{m_id}/evidence",
        {"file": SimpleUploadedFile("x.pdf", b"not a pdf")},
        headers=api.headers("staff"),
    )
    assert refused.status_code == 400
    assert api.post("staff", f"{base}/measurements/{m_id}/submit").status_code == 200
    own = api.post("representative", f"{base}/measurements/{m_id}/approve", {})
    assert own.status_code == 403 and "reporting organization" in own.json()["detail"]
    returned = api.post("coordinator", f"{base}/measurements/{m_id}/return", {"comment": "Why 12?"})
    assert returned.json()["status"] == "returned"
    patched = api.send(
        "patch",
        "staff",
        f"{base}/measurements/{m_id}",
        {"value": 12, "cells": cells, "evidence_note": "Sheets"},
    )
    assert patched.status_code == 200
    api.post("staff", f"{base}/measurements/{m_id}/submit")
    approved = api.post("small_representative", f"{base}/measurements/{m_id}/approve", {})
    assert approved.json()["status"] == "approved"
    second = api.post("coordinator", f"{base}/measurements/{m_id}/approve", {})
    assert second.status_code == 409
    locked = api.post("small_representative", f"{base}/measurements/{m_id}/lock")
    assert locked.json()["status"] == "locked"
    edit = api.send("patch", "staff", f"{base}/measurements/{m_id}", {"value": 1, "cells": cells})
    assert edit.status_code == 409
    correction = api.post(
        "staff",
        f"{base}/measurements/{m_id}/correct",
        {"reason": "typo", "value": 12, "cells": cells, "evidence_note": "x"},
    )
    assert correction.status_code == 201 and correction.json()["corrects_id"] == m_id
    history = api.get("staff", f"{base}/measurements/{m_id}").json()["history"]
    assert [h["to_status"] for h in history] == [
        "draft",
        "submitted",
        "returned",
        "submitted",
        "approved",
        "locked",
    ]
    evidence = client.get(
        f"/api/v1{base}/measurements/{m_id}/evidence", headers=api.headers("observer")
    )
    assert evidence.status_code == 200


def test_api_targets_and_library(client, world, indicator):
    api = Api(client, world)
    base = f"/partnerships/{world.partnership.slug}"
    put = api.send(
        "put",
        "coordinator",
        f"{base}/indicators/{indicator.pk}/targets",
        [{"period_start": "2025-07-01", "value": "30"}],
    )
    assert put.status_code == 200 and len(put.json()) == 1
    bad = api.send(
        "put",
        "coordinator",
        f"{base}/indicators/{indicator.pk}/targets",
        [{"period_start": "2025-07-02", "value": "30"}],
    )
    assert bad.status_code == 400
    assert (
        api.send("put", "staff", f"{base}/indicators/{indicator.pk}/targets", []).status_code == 403
    )
    started = api.post(
        "coordinator",
        f"{base}/indicator-library/placements_offered",
        {
            "responsible_organization_id": world.orgs["coop"].pk,
            "reporting_start": "2025-01-01",
            "reporting_end": "2026-12-31",
        },
    )
    assert started.status_code == 201 and started.json()["frequency"] == "half_yearly"
    unknown = api.post(
        "coordinator",
        f"{base}/indicator-library/nope",
        {
            "responsible_organization_id": world.orgs["coop"].pk,
            "reporting_start": "2025-01-01",
            "reporting_end": "2026-12-31",
        },
    )
    assert unknown.status_code == 400
    patched = api.send(
        "patch", "coordinator", f"{base}/indicators/{indicator.pk}", {"name": "Trainees"}
    )
    assert patched.status_code == 200 and patched.json()["name"] == "Trainees"


# --- bounded queries ---------------------------------------------------------------------------


def _grow(world, count, *, quarters_until):
    """``count`` indicators with dimensions, targets and a locked value with cells per quarter."""
    coordinator = world.users["coordinator"]
    for n in range(count):
        indicator = indicator_for(world, name=f"Indicator {n}", reporting_end=quarters_until)
        periods = [
            date(y, m, 1) for y in range(2025, quarters_until.year + 1) for m in (1, 4, 7, 10)
        ]
        services.indicator_targets_set(
            actor=coordinator,
            indicator=indicator,
            targets=[{"period_start": p, "value": "20"} for p in periods],
        )
        for p in periods[:3]:
            m = submitted(
                world, indicator, period_start=p, cells={**SEX_CELLS, ("place", "rural"): "4"}
            )
            services.measurement_approve(actor=coordinator, measurement=m, lock=True)


@pytest.mark.parametrize("count", [2, 12])
def test_pages_and_api_take_a_bounded_number_of_queries(
    client, world, count, django_assert_max_num_queries
):
    _grow(world, count, quarters_until=date(2025, 12, 31) if count == 2 else date(2027, 12, 31))
    indicator = Indicator.objects.filter(partnership=world.partnership).last()
    client.force_login(world.users["coordinator"])
    api = Api(client, world)
    api.headers("coordinator")
    base = f"/partnerships/{world.partnership.slug}"
    with django_assert_max_num_queries(16):
        assert client.get(url("indicator_list", world)).status_code == 200
    with django_assert_max_num_queries(18):
        assert client.get(url("indicator_detail", world, indicator.pk)).status_code == 200
    with django_assert_max_num_queries(12):
        assert api.get("coordinator", f"{base}/indicators").status_code == 200
    with django_assert_max_num_queries(14):
        assert (
            api.get("coordinator", f"{base}/indicators/{indicator.pk}/measurements").status_code
            == 200
        )


@pytest.mark.parametrize("role", ["anonymous", "stranger", "observer"])
def test_the_public_never_sees_workflow_comments_or_evidence(client, public_world, role):
    indicator = indicator_for(public_world)
    m = submitted(public_world, indicator)
    services.measurement_return(
        actor=public_world.users["coordinator"], measurement=m, comment="Secret remark"
    )
    services.measurement_submit(actor=public_world.users["staff"], measurement=m)
    services.measurement_approve(actor=public_world.users["coordinator"], measurement=m, lock=True)
    api = Api(client, public_world)
    body = api.get(
        role, f"/partnerships/{public_world.partnership.slug}/measurements/{m.pk}"
    ).json()
    page = login(client, public_world, role).get(url("measurement_detail", public_world, m.pk))
    insider = role == "observer"
    assert any(h["comment"] == "Secret remark" for h in body["history"]) == insider
    assert (body["evidence_note"] == "Attendance sheets") == insider
    assert (b"Secret remark" in page.content) == insider

"""Indicators, measurements, commitments, action items and benefits as CSV and XLSX, on a
page and in the API, for every role; formulas neutralized; bounded queries."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from accord.results import services
from accord.results.selectors.exports import EXPORT_TABLES, INTERNAL_TABLES
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.results.accountability import (
    INSIDERS,
    action_item_for,
    benefit_for,
    commitment_for,
    login,
)
from tests.results.conftest import Q2, Q3, indicator_for, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(world, indicator):
    """A locked value for Q1 corrected (the correction locked too), a submitted one for Q2;
    a commitment, an action item and a benefit whose description starts like a formula."""
    coordinator = world.users["coordinator"]
    first = submitted(world, indicator)
    services.measurement_approve(actor=coordinator, measurement=first, lock=True)
    correction = services.measurement_correct(
        actor=world.users["staff"],
        measurement=first,
        reason="Two people were counted twice",
        value="10",
        cells={("sex", "female"): "6", ("sex", "male"): "4", ("sex", "other"): "0"},
        evidence_note="Corrected attendance sheets",
        submit=True,
    )
    services.measurement_approve(actor=coordinator, measurement=correction, lock=True)
    world.first, world.correction = first, correction
    world.pending = submitted(world, indicator, period_start=Q2)
    commitment_for(world, text="-Train the patrols")
    action_item_for(world, title="+Collect the logbooks")
    benefit_for(world, description='=HYPERLINK("http://evil.example","click")')
    return world


def export_url(world, table, fmt="csv"):
    base = reverse("results:export", args=[world.partnership.slug])
    return f"{base}?table={table}&format={fmt}"


def rows_of(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("table", EXPORT_TABLES)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_table_in_both_formats(client, recorded, table, fmt):
    response = login(client, recorded, "coordinator").get(export_url(recorded, table, fmt))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt == "csv":
        assert response["Content-Type"].startswith("text/csv")
        header, *rows = rows_of(response)
    else:
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert header[0] == "id" and rows


def test_formulas_are_neutralized(client, recorded):
    login(client, recorded, "coordinator")
    (benefit,) = rows_of(client.get(export_url(recorded, "benefits")))[1:]
    assert benefit[6] == '\'=HYPERLINK("http://evil.example","click")'
    (commitment,) = rows_of(client.get(export_url(recorded, "commitments")))[1:]
    assert commitment[2] == "'-Train the patrols"
    (item,) = rows_of(client.get(export_url(recorded, "action_items")))[1:]
    assert item[1] == "'+Collect the logbooks"
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(export_url(recorded, "benefits", "xlsx")).content)
    )
    cells = [c for row in book.worksheets[0].iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert any(c.value == '\'=HYPERLINK("http://evil.example","click")' for c in cells)


def test_measurements_have_their_breakdown_and_which_value_counts(client, recorded):
    header, *rows = rows_of(
        login(client, recorded, "coordinator").get(export_url(recorded, "measurements"))
    )
    assert header[-3:] == ["sex:female", "sex:male", "sex:other"]
    assert "evidence_note" in header
    by_id = {int(r[0]): dict(zip(header, r, strict=True)) for r in rows}
    first, correction = by_id[recorded.first.pk], by_id[recorded.correction.pk]
    assert (first["status"], first["counts"], first["value"]) == ("locked", "false", "12")
    assert (correction["counts"], correction["corrects_id"]) == ("true", str(recorded.first.pk))
    assert (correction["sex:female"], correction["sex:male"]) == ("6", "4")
    assert by_id[recorded.pending.pk]["status"] == "submitted"
    indicators = rows_of(client.get(export_url(recorded, "indicators")))
    row = dict(zip(indicators[0], indicators[1], strict=True))
    assert (row["latest_period"], row["latest_value"]) == ("2025-Q1", "10")
    assert row["dimensions"] == "place (some); sex (all)"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("table", EXPORT_TABLES)
def test_a_members_only_partnership_exports_to_insiders(client, recorded, role, table):
    response = login(client, recorded, role).get(export_url(recorded, table))
    assert response.status_code == (200 if role in INSIDERS else 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("table", EXPORT_TABLES)
def test_a_public_partnership_exports_verified_values_to_everyone(
    client, public_world, role, table
):
    indicator = indicator_for(public_world)
    locked = submitted(public_world, indicator)
    services.measurement_approve(
        actor=public_world.users["coordinator"], measurement=locked, lock=True
    )
    pending = submitted(public_world, indicator, period_start=Q2)
    response = login(client, public_world, role).get(export_url(public_world, table))
    inside = role in INSIDERS
    if table in INTERNAL_TABLES and not inside:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    if table == "measurements":
        header, *rows = rows_of(response)
        ids = {int(r[0]) for r in rows}
        assert locked.pk in ids
        assert (pending.pk in ids) is inside
        assert ("evidence_note" in header) is inside


@pytest.mark.parametrize("query", ["table=secrets&format=csv", "table=benefits&format=ods", ""])
def test_an_unknown_table_or_format_is_a_404(client, recorded, query):
    base = reverse("results:export", args=[recorded.partnership.slug])
    assert login(client, recorded, "coordinator").get(f"{base}?{query}").status_code == 404


@pytest.mark.parametrize("role", ["coordinator", "observer", "anonymous", "outsider"])
@pytest.mark.parametrize("table", EXPORT_TABLES)
def test_the_api_exports(client, recorded, role, table):
    api = Api(client, recorded)
    slug = recorded.partnership.slug
    response = api.get(role, f"/partnerships/{slug}/exports/{table}?format=xlsx")
    assert response.status_code == (200 if role in INSIDERS else 404)
    if response.status_code == 200:
        assert response.content[:2] == b"PK"
    csv_response = api.get(role, f"/partnerships/{slug}/exports/{table}")
    assert csv_response.status_code == response.status_code


def test_the_api_refuses_unknown_tables_and_formats(client, recorded):
    api = Api(client, recorded)
    slug = recorded.partnership.slug
    assert api.get("coordinator", f"/partnerships/{slug}/exports/secrets").status_code == 404
    bad = api.get("coordinator", f"/partnerships/{slug}/exports/benefits?format=ods")
    assert bad.status_code == 400 and "format" in bad.json()["errors"]


@pytest.mark.parametrize("table", EXPORT_TABLES)
def test_exports_take_a_fixed_number_of_queries(
    client, recorded, table, django_assert_max_num_queries
):
    login(client, recorded, "coordinator")
    client.get(export_url(recorded, table))
    for n in range(3):
        more = indicator_for(recorded, name=f"More {n}")
        for quarter in (date(2025, 1, 1), Q2, Q3):
            submitted(recorded, more, period_start=quarter)
        commitment_for(recorded, text=f"Commitment {n}")
        action_item_for(recorded, title=f"Item {n}")
        benefit_for(recorded, description=f"Benefit {n}")
    with django_assert_max_num_queries(12):
        assert client.get(export_url(recorded, table)).status_code == 200

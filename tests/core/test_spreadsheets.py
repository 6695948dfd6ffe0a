from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import openpyxl
import pytest

from accord.core.spreadsheets import (
    CONTENT_TYPES,
    Sheet,
    csv_text,
    neutralize,
    sheet_title,
    spreadsheet,
    xlsx_bytes,
)

DANGEROUS = ["=1+2", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")']


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_starts_get_an_apostrophe(text):
    assert neutralize(text) == "'" + text


@pytest.mark.parametrize("value", ["plain", "", " =not at start", "a=b", 5, -5, Decimal("-1.5")])
def test_other_values_are_unchanged(value):
    assert neutralize(value) == value


def _rows():
    return [
        ["=cmd|' /C calc'!A0", Decimal("-12.5000"), date(2026, 3, 31), True, None],
        ["Ruth, of the University", Decimal("100"), None, False, 7],
        [
            "@evil",
            -3,
            datetime(2026, 1, 2, 15, 0, tzinfo=timezone(timedelta(hours=3))),
            None,
            "",
        ],
    ]


def test_csv_neutralizes_text_and_keeps_numbers():
    text = csv_text(Sheet("t", ["name", "value", "on", "flag", "other"], _rows()))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["name", "value", "on", "flag", "other"]
    assert rows[1] == ["'=cmd|' /C calc'!A0", "-12.5", "2026-03-31", "true", ""]
    assert rows[2] == ["Ruth, of the University", "100", "", "false", "7"]
    assert rows[3] == ["'@evil", "-3", "2026-01-02T12:00:00+00:00", "", ""]


def test_xlsx_neutralizes_text_and_keeps_types():
    content = xlsx_bytes([Sheet("Measurements: 2026/Q1 [draft]", ["name", "value"], _rows())])
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    assert sheet.title == "Measurements  2026 Q1  draft"
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][0] == "'=cmd|' /C calc'!A0"
    assert values[1][1] == pytest.approx(-12.5)
    assert values[3][0] == "'@evil"
    assert values[3][2] == datetime(2026, 1, 2, 12, 0)
    # No cell is a formula.
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_sheet_titles_are_valid():
    assert sheet_title("x" * 40) == "x" * 31
    assert sheet_title("[]") == "Sheet"


def test_spreadsheet_chooses_the_format():
    sheet = Sheet("t", ["a"], [["=1"]])
    text, content_type = spreadsheet(sheet, format="csv")
    assert content_type == CONTENT_TYPES["csv"] and "'=1" in text
    content, content_type = spreadsheet(Sheet("t", ["a"], [["=1"]]), format="xlsx")
    assert content_type == CONTENT_TYPES["xlsx"] and content[:2] == b"PK"
    with pytest.raises(ValueError):
        spreadsheet(sheet, format="ods")


def test_utc_constant_is_used_for_naive_times():
    naive = datetime(2026, 1, 1, 8, 0)
    assert csv_text(Sheet("t", ["at"], [[naive]])).splitlines()[1] == "2026-01-01T08:00:00"
    aware = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
    assert csv_text(Sheet("t", ["at"], [[aware]])).splitlines()[1] == "2026-01-01T08:00:00+00:00"

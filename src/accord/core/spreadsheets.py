"""Tables written as CSV or XLSX files that are safe to open in a spreadsheet.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would
be read by a spreadsheet as a formula (OWASP, "CSV injection"), so it is written with a
leading apostrophe: the spreadsheet shows it as text. Numbers, dates and booleans are
written as they are (a negative number stays a number). Every app's download of a table
goes through :func:`spreadsheet`, and ``core.http.download`` sends it.

Times are written in UTC: ISO 8601 with its offset in CSV, as a plain date-time in XLSX
(which has no time zones).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

#: What a spreadsheet may read as the start of a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_SHEET_TITLE_REFUSED = re.compile(r"[\[\]:*?/\\]")


def neutralize(value: Any) -> Any:
    """The value as it may go into a cell: text that could start a formula gets a leading
    apostrophe; anything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Sheet:
    """One table: its title (the XLSX sheet's name), its header and its rows."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo is not None else value


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return _utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, int | float):
        return str(value)
    return neutralize(str(value))


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return _utc(value).replace(tzinfo=None)
    if value is None or isinstance(value, bool | int | float | Decimal | date):
        return value
    return neutralize(str(value))


def csv_text(sheet: Sheet) -> str:
    """The table as CSV (comma-separated, quoted where needed, one header line)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_cell(name) for name in sheet.header])
    for row in sheet.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue()


def sheet_title(title: str) -> str:
    """A valid XLSX sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = _SHEET_TITLE_REFUSED.sub(" ", title).strip().strip("'") or "Sheet"
    return cleaned[:31]


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The tables as one XLSX workbook, a sheet each, written row by row (openpyxl's
    write-only mode, so memory stays small for long tables)."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=sheet_title(sheet.title))
        worksheet.append([_xlsx_cell(name) for name in sheet.header])
        for row in sheet.rows:
            worksheet.append([_xlsx_cell(value) for value in row])
    if not sheets:
        workbook.create_sheet(title="Sheet")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def spreadsheet(sheet: Sheet, *, format: str) -> tuple[str | bytes, str]:
    """The table in ``format`` ("csv" or "xlsx") and its content type."""
    if format == "csv":
        return csv_text(sheet), CONTENT_TYPES["csv"]
    if format == "xlsx":
        return xlsx_bytes([sheet]), CONTENT_TYPES["xlsx"]
    raise ValueError(f"Unknown spreadsheet format: {format!r}")

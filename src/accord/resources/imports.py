"""Import pledges or ledger entries from CSV or XLSX: all rows are posted, or none.

Every row goes through the same service as a form would, inside one transaction; the
first pass collects every bad row (by line and column) and, if there is any, the
transaction is rolled back and nothing is posted.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction

from accord.core import uploads
from accord.errors import AccordError, Forbidden, Invalid
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.resources import services
from accord.resources.models import Activity, Pledge

LEDGER_COLUMNS = [
    "type",
    "value",
    "currency",
    "value_date",
    "provider",
    "receiver",
    "activity",
    "pledge",
    "note",
]
PLEDGE_COLUMNS = [
    "organization",
    "kind",
    "description",
    "currency",
    "amount",
    "hours",
    "starts_on",
    "ends_on",
    "due_on",
]
REQUIRED = {
    "ledger": ["type", "value", "currency", "value_date", "provider"],
    "pledges": ["organization", "kind", "description", "currency", "starts_on", "ends_on"],
}
MAX_ROWS = 50_000


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


class ImportRejected(Invalid):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        shown = "; ".join(str(e) for e in errors[:20])
        more = f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""
        super().__init__(f"Nothing was imported: {len(errors)} problem(s). {shown}{more}")

    def as_dict(self) -> dict[str, object]:
        return {"detail": self.message, "errors": [e.__dict__ for e in self.errors]}


def read_rows(content: bytes, filename: str) -> list[dict[str, str]]:
    """Rows as dicts keyed by lower-case header, from .csv (UTF-8) or .xlsx, at most
    ``ACCORD_MAX_UPLOAD_MB`` (core.uploads); an .xlsx must be a zip by its content."""
    uploads.size_check(len(content), field="file")
    name = filename.lower()
    if name.endswith(".xlsx") and not content.startswith(b"PK\x03\x04"):
        raise Invalid("This is not a readable XLSX file.")
    if name.endswith(".xlsx"):
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:
            raise Invalid(f"This is not a readable XLSX file ({exc.__class__.__name__}).") from exc
        rows = list(workbook.active.iter_rows(values_only=True))
        if not rows:
            return []
        header = [str(h or "").strip().lower() for h in rows[0]]
        return [
            {header[i]: _cell(v) for i, v in enumerate(row) if i < len(header) and header[i]}
            for row in rows[1:]
            if any(v not in (None, "") for v in row)
        ]
    if name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise Invalid("The CSV file must be UTF-8 text.") from exc
        reader = csv.DictReader(io.StringIO(text))
        if reader.fieldnames is None:
            return []
        return [
            {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()} for row in reader
        ]
    raise Invalid("Upload a .csv or .xlsx file.")


def _cell(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value).strip()


def _date(value: str, column: str, line: int, errors: list[RowError]) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(RowError(line, column, f"“{value}” is not a date (use YYYY-MM-DD)"))
        return None


def import_file(
    *, actor: Any, partnership: Partnership, kind: str, content: bytes, filename: str
) -> int:
    """Import ``kind`` ("ledger" or "pledges") rows; returns how many were posted."""
    if not actor.has_perm("resources.import_ledger", partnership):
        raise Forbidden("Only coordinators import files.")
    if kind not in REQUIRED:
        raise Invalid("Say what the file holds: ledger or pledges.")
    rows = read_rows(content, filename)
    if not rows:
        raise Invalid("The file has no rows.")
    if len(rows) > MAX_ROWS:
        raise Invalid(f"At most {MAX_ROWS:,} rows per file.")
    missing = [c for c in REQUIRED[kind] if c not in rows[0]]
    if missing:
        raise ImportRejected([RowError(1, c, "column is missing") for c in missing])
    organizations = {
        o.name.lower(): o for o in Organization.objects.filter(memberships__partnership=partnership)
    }
    activities = {a.title.lower(): a for a in Activity.objects.filter(partnership=partnership)}
    pledges = {str(p.pk): p for p in Pledge.objects.filter(partnership=partnership)}
    errors: list[RowError] = []
    posted = 0
    with transaction.atomic():
        for index, row in enumerate(rows, start=2):  # line 1 is the header
            row_errors: list[RowError] = []

            def org(
                column: str,
                *,
                required: bool,
                row: dict[str, str] = row,
                line: int = index,
                errs: list[RowError] = row_errors,
            ) -> Organization | None:
                name = row.get(column, "")
                if not name:
                    if required:
                        errs.append(RowError(line, column, "is required"))
                    return None
                found = organizations.get(name.lower())
                if found is None:
                    errs.append(
                        RowError(
                            line, column, f"“{name}” is not an organization of this partnership"
                        )
                    )
                return found

            try:
                if kind == "ledger":
                    provider = org("provider", required=True)
                    receiver = org("receiver", required=False)
                    value_date = _date(row.get("value_date", ""), "value_date", index, row_errors)
                    activity = (
                        activities.get(row.get("activity", "").lower())
                        if row.get("activity")
                        else None
                    )
                    if row.get("activity") and activity is None:
                        row_errors.append(
                            RowError(index, "activity", f"no activity titled “{row['activity']}”")
                        )
                    pledge = pledges.get(row.get("pledge", "")) if row.get("pledge") else None
                    if row.get("pledge") and pledge is None:
                        row_errors.append(
                            RowError(index, "pledge", f"no pledge #{row['pledge']} here")
                        )
                    if not row_errors:
                        with transaction.atomic():
                            services.ledger_entry_post(
                                actor=actor,
                                partnership=partnership,
                                type=row["type"],
                                value=row["value"],
                                currency_code=row["currency"],
                                value_date=value_date,
                                provider=provider,  # type: ignore[arg-type]
                                receiver=receiver,
                                activity=activity,
                                pledge=pledge,
                                note=row.get("note", ""),
                            )
                else:
                    organization = org("organization", required=True)
                    starts_on = _date(row.get("starts_on", ""), "starts_on", index, row_errors)
                    ends_on = _date(row.get("ends_on", ""), "ends_on", index, row_errors)
                    due_on = (
                        _date(row["due_on"], "due_on", index, row_errors)
                        if row.get("due_on")
                        else None
                    )
                    if not row_errors:
                        amount = row.get("amount") or None
                        with transaction.atomic():
                            services.pledge_create(
                                actor=actor,
                                partnership=partnership,
                                organization=organization,  # type: ignore[arg-type]
                                kind=row["kind"],
                                description=row["description"],
                                currency_code=row["currency"],
                                amount=amount,
                                hours=row.get("hours") or None,
                                starts_on=starts_on,
                                ends_on=ends_on,  # type: ignore[arg-type]
                                installments=[(due_on, amount)] if due_on and amount else (),
                            )
            except AccordError as exc:
                if exc.field_errors:
                    for field, messages in exc.field_errors.items():
                        column = {"currency": "currency", "value": "value"}.get(field, field)
                        row_errors.append(
                            RowError(
                                index,
                                column,
                                exc.message if len(exc.field_errors) == 1 else " ".join(messages),
                            )
                        )
                else:
                    row_errors.append(RowError(index, "-", exc.message))
            errors += row_errors
            if not row_errors:
                posted += 1
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ImportRejected(errors)
    return posted

"""Import pledges or ledger entries from CSV or XLSX: previewed, then all rows posted, or none.

- **Reading.** An .xlsx, or a CSV in UTF-8 or Windows-1252 (Excel's "CSV" in much of the
  world), separated by commas, semicolons or tabs: the separator is the one whose header
  names the most known columns. What cannot be read is described exactly (the byte and
  its position, the columns found).
- **Cells.** Every cell is checked on its own, so a file reports *every* bad cell by line
  and column, not the first of each row. A type or kind may be its code or the label the
  pages show ("Disbursement"); a column may be named by its code or its label ("Value
  date"). In a semicolon-separated file a decimal comma (``1.234,50``) and day-first dates
  (``25.03.2026``, ``25/03/2026``) are read as Excel wrote them.
- **Posting.** Rows go through the same services as the forms, inside one transaction:
  :func:`import_file` with ``preview=True`` runs everything and rolls back, returning what
  would be posted; without it, it posts all rows or, at the first bad cell anywhere,
  none.
- **Template.** :func:`template_sheet` is an empty file with the columns and one example
  row, to download.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from accord.core import uploads
from accord.core.formats import format_number
from accord.core.spreadsheets import Sheet
from accord.errors import AccordError, Forbidden, Invalid
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.resources import services
from accord.resources.models import Activity, Pledge, ResourceKind, TransactionType
from accord.resources.services._common import currency, money
from accord.resources.services.ledger import value_date_check

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
COLUMNS = {"ledger": LEDGER_COLUMNS, "pledges": PLEDGE_COLUMNS}
REQUIRED = {
    "ledger": ["type", "value", "currency", "value_date", "provider"],
    "pledges": ["organization", "kind", "description", "currency", "starts_on", "ends_on"],
}
#: One example row per kind, for the template file.
EXAMPLES = {
    "ledger": [
        "Disbursement",
        "1500.00",
        "KES",
        "2026-03-25",
        "Harambee Waters Foundation",
        "Friends of Kivuli",
        "",
        "",
        "First tranche, bank transfer",
    ],
    "pledges": [
        "Harambee Waters Foundation",
        "Money",
        "Restoration grant",
        "EUR",
        "60000",
        "",
        "2026-01-01",
        "2026-12-31",
        "2026-06-30",
    ],
}
MAX_ROWS = 50_000
DELIMITERS = {
    ",": gettext_lazy("commas"),
    ";": gettext_lazy("semicolons"),
    "\t": gettext_lazy("tabs"),
}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("line %(line)s, column %(column)s: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


class ImportRejected(Invalid):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        shown = "; ".join(str(e) for e in errors[:20])
        more = _(" (and %(count)s more)") % {"count": len(errors) - 20} if len(errors) > 20 else ""
        super().__init__(
            _("Nothing was imported: %(count)s problem(s). %(shown)s%(more)s")
            % {"count": len(errors), "shown": shown, "more": more}
        )

    def as_dict(self) -> dict[str, object]:
        return {"detail": self.message, "errors": [e.__dict__ for e in self.errors]}


@dataclass
class Table:
    """The rows of a file, keyed by column code, and how the file was read."""

    rows: list[dict[str, str]]
    encoding: str = ""
    delimiter: str = ""
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def described(self) -> str:
        """How the file was read, in words ("Windows-1252 text separated by semicolons")."""
        if not self.encoding:
            return _("an XLSX workbook")
        return _("%(encoding)s text separated by %(delimiter)s") % {
            "encoding": self.encoding,
            "delimiter": DELIMITERS.get(self.delimiter, self.delimiter),
        }


def _normal(name: str) -> str:
    return re.sub(r"[\s_\-]+", "_", str(name or "").strip().lower()).strip("_")


#: The columns as the pages and the template's readers name them.
COLUMN_LABELS = {
    "type": gettext_lazy("Type"),
    "value": gettext_lazy("Value"),
    "currency": gettext_lazy("Currency"),
    "value_date": gettext_lazy("Value date"),
    "provider": gettext_lazy("Provider"),
    "receiver": gettext_lazy("Receiver"),
    "activity": gettext_lazy("Activity"),
    "pledge": gettext_lazy("Pledge"),
    "note": gettext_lazy("Note"),
    "organization": gettext_lazy("Organization"),
    "kind": gettext_lazy("Kind"),
    "description": gettext_lazy("Description"),
    "amount": gettext_lazy("Amount"),
    "hours": gettext_lazy("Hours"),
    "starts_on": gettext_lazy("Starts on"),
    "ends_on": gettext_lazy("Ends on"),
    "due_on": gettext_lazy("Due on"),
}


def _column_names() -> dict[str, str]:
    """Every accepted header, normalized, to the column's code: the code, and its label in
    English and in the reader's language."""
    names: dict[str, str] = {}
    for column, label in COLUMN_LABELS.items():
        names[_normal(column)] = column
        names[_normal(str(label))] = column
        with override("en"):
            names[_normal(str(label))] = column
    return names


def _header(cells: list[Any]) -> list[str]:
    """The header's cells as column codes (an unknown name stays as written, lower-case)."""
    names = _column_names()
    return [names.get(_normal(str(c or "")), _normal(str(c or ""))) for c in cells]


def read_table(content: bytes, filename: str) -> Table:
    """The rows of a .csv or .xlsx file of at most ``ACCORD_MAX_UPLOAD_MB`` (core.uploads);
    an .xlsx must be a zip by its content."""
    uploads.size_check(len(content), field="file")
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(content)
    if name.endswith((".csv", ".txt")):
        return _read_csv(content)
    raise Invalid(
        _("Upload a .csv or .xlsx file."), field_errors={"file": [_("Not a .csv or .xlsx file.")]}
    )


def read_rows(content: bytes, filename: str) -> list[dict[str, str]]:
    """Rows as dicts keyed by column code (see :func:`read_table`)."""
    return read_table(content, filename).rows


def _read_xlsx(content: bytes) -> Table:
    if not content.startswith(b"PK\x03\x04"):
        raise Invalid(_("This is not a readable XLSX file."))
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise Invalid(_("This is not a readable XLSX file.")) from exc
    rows = list(workbook.active.iter_rows(values_only=True))
    if not rows:
        return Table([])
    header = _header(list(rows[0]))
    return Table(
        [
            {header[i]: _cell(v) for i, v in enumerate(row) if i < len(header) and header[i]}
            for row in rows[1:]
            if any(v not in (None, "") for v in row)
        ]
    )


def _decode(content: bytes) -> tuple[str, str]:
    try:
        return content.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return content.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError as exc:
            byte = content[exc.start]
            raise Invalid(
                _(
                    "The file is neither UTF-8 nor Windows-1252 text: byte 0x%(byte)02X at "
                    "position %(position)s (line %(line)s) cannot be read. Save it from your "
                    "spreadsheet as “CSV UTF-8”, or as .xlsx."
                )
                % {
                    "byte": byte,
                    "position": utf8_error.start,
                    "line": content[: exc.start].count(b"\n") + 1,
                },
                field_errors={"file": [_("Unreadable text.")]},
            ) from exc


def _read_csv(content: bytes) -> Table:
    text, encoding = _decode(content)
    first = text.splitlines()[0] if text.strip() else ""
    known = set(_column_names().values())
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        cells = next(csv.reader([first], delimiter=delimiter), [])
        score = sum(1 for c in _header(cells) if c in known)
        if score > best_score:
            best, best_score = delimiter, score
    reader = csv.reader(io.StringIO(text), delimiter=best)
    lines = [row for row in reader]
    if not lines:
        return Table([], encoding, best)
    header = _header(lines[0])
    rows = [
        {header[i]: (v or "").strip() for i, v in enumerate(row) if i < len(header) and header[i]}
        for row in lines[1:]
        if any((v or "").strip() for v in row)
    ]
    return Table(rows, encoding, best, [h for h in header if h and h not in known])


def _cell(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


# --- cells -----------------------------------------------------------------------------------


_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_DECIMAL_COMMA = re.compile(r"^-?[\d.\s\u00a0\u202f']*,\d{1,2}$")


def _date(value: str, *, day_first: bool) -> date:
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    match = _DAY_FIRST.match(value) if day_first else None
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise ValueError(value)


def _number(value: str, *, decimal_comma: bool) -> str:
    value = value.strip()
    if decimal_comma and _DECIMAL_COMMA.match(value):
        value = re.sub(r"[.\s\u00a0\u202f']", "", value).replace(",", ".")
    return value


def _choice(value: str, choices: Any) -> str | None:
    """The code of a choice given by its code or its label, in English or the reader's language."""
    wanted = value.strip().lower()
    for code, label in choices.choices:
        if wanted == str(code).lower():
            return str(code)
        with override("en"):
            english = str(label).lower()
        if wanted in (english, str(label).lower()):
            return str(code)
    return None


@dataclass
class Preview:
    """What an import would post (or posted): a line per row, in the words of the pages."""

    kind: str
    rows: list[dict[str, Any]]
    read_as: str

    @property
    def count(self) -> int:
        return len(self.rows)


class _Row:
    """One line of the file and the problems found in its cells."""

    def __init__(self, line: int, cells: dict[str, str], *, semicolons: bool) -> None:
        self.line, self.cells, self.semicolons = line, cells, semicolons
        self.errors: list[RowError] = []

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.line, column, message))

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.cells.get(column, "").strip()
        if required and not value:
            self.fail(column, _("is required"))
        return value

    def day(self, column: str, *, required: bool = True) -> date | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            return _date(value, day_first=self.semicolons)
        except ValueError:
            self.fail(column, _("“%(value)s” is not a date (use YYYY-MM-DD)") % {"value": value})
            return None

    def amount(self, column: str, *, required: bool = True) -> Decimal | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            return money(_number(value, decimal_comma=self.semicolons), column)
        except Invalid as exc:
            reason = exc.field_errors.get(column, [exc.message])[0]
            self.fail(column, _("“%(value)s”: %(reason)s") % {"value": value, "reason": reason})
            return None

    def currency(self, column: str = "currency") -> str | None:
        value = self.text(column, required=True)
        if not value:
            return None
        try:
            return currency(value, column)
        except Invalid:
            self.fail(
                column,
                _("“%(value)s” is not a currency (use an ISO 4217 code such as KES, EUR or USD)")
                % {"value": value},
            )
            return None

    def choice(self, column: str, choices: Any) -> str | None:
        value = self.text(column, required=True)
        if not value:
            return None
        code = _choice(value, choices)
        if code is None:
            self.fail(
                column,
                _("“%(value)s” is not one of: %(choices)s")
                % {"value": value, "choices": ", ".join(str(label) for label in choices.labels)},
            )
        return code


def _service_errors(row: _Row, exc: AccordError) -> None:
    """A refusal by the service, beside the column it names (the whole message when it
    names one column, each column's own words otherwise)."""
    fields = exc.field_errors or {}
    if not fields:
        row.fail("—", exc.message)
    for column, messages in fields.items():
        name = {"currency_code": "currency"}.get(column, column)
        text = exc.message if len(fields) == 1 else " ".join(str(m) for m in messages)
        row.fail(name if name in COLUMNS_ALL else "—", text)


COLUMNS_ALL = frozenset({*LEDGER_COLUMNS, *PLEDGE_COLUMNS})


def import_file(
    *,
    actor: Any,
    partnership: Partnership,
    kind: str,
    content: bytes,
    filename: str,
    preview: bool = False,
) -> Preview:
    """Import ``kind`` ("ledger" or "pledges") rows: every row is posted, or none is and
    :class:`ImportRejected` lists every bad cell. With ``preview``, nothing is kept: the
    answer says what would be posted."""
    if not actor.has_perm("resources.import_ledger", partnership):
        raise Forbidden(_("Only coordinators import files."))
    if kind not in REQUIRED:
        raise Invalid(
            _("Say what the file holds: ledger entries or pledges."),
            field_errors={"kind": [_("Choose one.")]},
        )
    table = read_table(content, filename)
    if not table.rows:
        raise Invalid(_("The file has no rows."), field_errors={"file": [_("No rows.")]})
    if len(table.rows) > MAX_ROWS:
        raise Invalid(_("At most %(count)s rows per file.") % {"count": format_number(MAX_ROWS)})
    present = set().union(*(row.keys() for row in table.rows[:1]))
    missing = [c for c in REQUIRED[kind] if c not in present]
    if missing:
        found = ", ".join(f"“{c}”" for c in sorted(present)) or _("none")
        raise ImportRejected(
            [
                RowError(
                    1,
                    c,
                    _("column is missing (read as %(read_as)s; columns found: %(found)s)")
                    % {"read_as": table.described, "found": found},
                )
                for c in missing
            ]
        )
    organizations = {
        o.name.lower(): o for o in Organization.objects.filter(memberships__partnership=partnership)
    }
    activities = {a.title.lower(): a for a in Activity.objects.filter(partnership=partnership)}
    pledges = {str(p.pk): p for p in Pledge.objects.filter(partnership=partnership)}
    errors: list[RowError] = []
    shown: list[dict[str, Any]] = []
    semicolons = table.delimiter == ";"

    def org(row: _Row, column: str, *, required: bool) -> Organization | None:
        name = row.text(column, required=required)
        if not name:
            return None
        found = organizations.get(name.lower())
        if found is None:
            row.fail(
                column, _("“%(name)s” is not an organization of this partnership") % {"name": name}
            )
        return found

    with transaction.atomic():
        for line, cells in enumerate(table.rows, start=2):  # line 1 is the header
            row = _Row(line, cells, semicolons=semicolons)
            if kind == "ledger":
                entry = _ledger_row(row, partnership, org, activities, pledges)
                if not row.errors:
                    try:
                        with transaction.atomic():
                            posted = services.ledger_entry_post(
                                actor=actor, partnership=partnership, **entry
                            )
                    except AccordError as exc:
                        _service_errors(row, exc)
                    else:
                        shown.append(
                            {
                                "line": line,
                                "type": posted.get_type_display(),
                                "value": posted.value,
                                "currency": posted.currency,
                                "value_date": posted.value_date,
                                "provider": str(posted.provider),
                                "receiver": str(posted.receiver or posted.activity or ""),
                                "note": posted.note,
                            }
                        )
            else:
                pledge = _pledge_row(row, org)
                if not row.errors:
                    try:
                        with transaction.atomic():
                            made = services.pledge_create(
                                actor=actor, partnership=partnership, **pledge
                            )
                    except AccordError as exc:
                        _service_errors(row, exc)
                    else:
                        shown.append(
                            {
                                "line": line,
                                "organization": str(made.organization),
                                "kind": made.get_kind_display(),
                                "description": made.description,
                                "value": made.amount,
                                "currency": made.currency,
                                "starts_on": made.starts_on,
                                "ends_on": made.ends_on,
                            }
                        )
            errors += row.errors
        if errors or preview:
            transaction.set_rollback(True)
    if errors:
        raise ImportRejected(errors)
    return Preview(kind=kind, rows=shown, read_as=table.described)


def _ledger_row(
    row: _Row,
    partnership: Partnership,
    org: Any,
    activities: dict[str, Activity],
    pledges: dict[str, Pledge],
) -> dict[str, Any]:
    type_code = row.choice("type", TransactionType)
    value = row.amount("value")
    code = row.currency()
    value_date = row.day("value_date")
    if value_date is not None:
        try:
            value_date_check(partnership, value_date)
        except Invalid as exc:
            row.fail("value_date", exc.message)
    provider = org(row, "provider", required=True)
    receiver = org(row, "receiver", required=False)
    activity = None
    if title := row.text("activity"):
        activity = activities.get(title.lower())
        if activity is None:
            row.fail("activity", _("no activity titled “%(title)s”") % {"title": title})
    if not row.text("receiver") and not row.text("activity"):
        row.fail("receiver", _("say who received it: a member organization or an activity"))
    pledge = None
    if number := row.text("pledge").lstrip("#"):
        pledge = pledges.get(number)
        if pledge is None:
            row.fail("pledge", _("no pledge #%(number)s in this partnership") % {"number": number})
        elif provider is not None and pledge.organization_id != provider.pk:
            row.fail(
                "pledge",
                _("pledge #%(number)s was made by %(maker)s, not %(provider)s")
                % {"number": number, "maker": pledge.organization, "provider": provider},
            )
    return {
        "type": type_code,
        "value": value,
        "currency_code": code,
        "value_date": value_date,
        "provider": provider,
        "receiver": receiver,
        "activity": activity,
        "pledge": pledge,
        "note": row.text("note"),
    }


def _pledge_row(row: _Row, org: Any) -> dict[str, Any]:
    organization = org(row, "organization", required=True)
    kind = row.choice("kind", ResourceKind)
    description = row.text("description", required=True)
    code = row.currency()
    amount = row.amount("amount", required=False)
    hours = row.amount("hours", required=False)
    starts_on = row.day("starts_on")
    ends_on = row.day("ends_on")
    due_on = row.day("due_on", required=False)
    if starts_on and ends_on and ends_on < starts_on:
        row.fail("ends_on", _("the period ends before it starts"))
    if due_on and not amount:
        row.fail("amount", _("an installment due on a day needs an amount"))
    return {
        "organization": organization,
        "kind": kind,
        "description": description,
        "currency_code": code,
        "amount": amount,
        "hours": hours,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "installments": [(due_on, amount)] if due_on and amount else (),
    }


def template_sheet(kind: str) -> Sheet:
    """An import file to fill in: the columns as codes, and one example row."""
    if kind not in COLUMNS:
        raise Invalid(_("Say what the file holds: ledger entries or pledges."))
    return Sheet(title=kind, header=COLUMNS[kind], rows=[EXAMPLES[kind]])

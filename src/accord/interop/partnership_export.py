"""A whole partnership as tables, for ``accord export SLUG`` (docs/operator-guide.md).

One table per kind of record: the partnership itself, its memberships and participants,
its charter versions and signatures, its activities, pledges (with their instalments and
amendments), ledger entries and decisions (the proposals and what was decided). Ballots
are never exported: a secret ballot must stay apart from its voter, and the decisions
carry the counts.

The columns are the models' own fields, so a new field is exported without a change
here: a relation gives two columns, its id (``provider_id``) and the name of what it
points to (``provider``). People appear by name only, never by email. Values are codes
(``"admitted"``, ``"3"``), as the API answers, so that a script can read them back.

Written three ways (``write``): one JSON document; a zip of one CSV file per table; one
XLSX workbook with a sheet per table. CSV and XLSX go through ``core.spreadsheets``, which
writes text that a spreadsheet would run as a formula behind an apostrophe.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Model, QuerySet
from django.utils import timezone

from accord.core.spreadsheets import Sheet, csv_text, xlsx_bytes
from accord.partnerships.models import Partnership

#: The formats of ``accord export``.
FORMATS = ("json", "csv", "xlsx")

#: (table, model, the lookup from the model to the partnership), in the order written.
#: A model that an instance does not have (an app left out) is skipped.
TABLES: list[tuple[str, str, str]] = [
    ("partnership", "partnerships.Partnership", "pk"),
    ("memberships", "partnerships.Membership", "partnership"),
    ("participants", "partnerships.Participant", "partnership"),
    ("charter_versions", "partnerships.CharterVersion", "partnership"),
    ("charter_signatures", "partnerships.CharterSignature", "version__partnership"),
    ("activities", "resources.Activity", "partnership"),
    ("pledges", "resources.Pledge", "partnership"),
    ("pledge_installments", "resources.PledgeInstallment", "pledge__partnership"),
    ("pledge_amendments", "resources.PledgeAmendment", "pledge__partnership"),
    ("exchange_rates", "resources.ExchangeRate", "partnership"),
    ("ledger", "resources.LedgerEntry", "partnership"),
    ("decision_rules", "decisions.DecisionRule", "partnership"),
    ("proposals", "decisions.Proposal", "partnership"),
    ("decisions", "decisions.Decision", "proposal__partnership"),
]

#: Columns never exported, whatever the model: secrets and people's addresses.
WITHHELD = frozenset({"password", "token_hash", "email", "pseudonym", "secret"})


@dataclass(frozen=True)
class Table:
    name: str
    header: list[str]
    rows: list[list[Any]]


def _label(value: Model | None) -> str:
    """What a related record is called: its name, its title, or its text."""
    if value is None:
        return ""
    for attribute in ("name", "title"):
        text = getattr(value, attribute, None)
        if isinstance(text, str) and text:
            return text
    return str(value)


def _queryset(model: type[Model], lookup: str, partnership: Partnership) -> QuerySet[Any]:
    relations = [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.name not in WITHHELD and f.many_to_one
    ]
    return (
        model.objects.filter(**{lookup: partnership.pk}).select_related(*relations).order_by("pk")
    )


def _table(name: str, model: type[Model], rows: QuerySet[Any]) -> Table:
    fields = [f for f in model._meta.concrete_fields if f.name not in WITHHELD]
    header: list[str] = []
    for f in fields:
        header += [f.attname, f.name] if f.is_relation else [f.name]
    body: list[list[Any]] = []
    for obj in rows:
        row: list[Any] = []
        for f in fields:
            if f.is_relation:
                row += [getattr(obj, f.attname), _label(getattr(obj, f.name))]
            elif f.get_internal_type() == "FileField":
                stored = getattr(obj, f.attname)
                row.append(str(stored.name if hasattr(stored, "name") else stored or ""))
            else:
                value = getattr(obj, f.attname)
                if isinstance(value, dict | list):
                    value = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
                row.append(value)
        body.append(row)
    return Table(name=name, header=header, rows=body)


def partnership_tables(*, partnership: Partnership) -> Iterator[Table]:
    """Every table of the partnership, one query per table (relations joined)."""
    for name, label, lookup in TABLES:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        yield _table(name, model, _queryset(model, lookup, partnership))


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return value


def write(*, partnership: Partnership, format: str) -> bytes:
    """The partnership in ``format`` (one of ``FORMATS``): JSON, a zip of CSV files
    (``<table>.csv``), or an XLSX workbook (a sheet per table)."""
    tables = list(partnership_tables(partnership=partnership))
    if format == "json":
        document = {
            "format": "accord-partnership-export",
            "version": 1,
            "slug": partnership.slug,
            "exported_at": timezone.now().isoformat(),
            "tables": {
                t.name: [
                    {column: _json_value(v) for column, v in zip(t.header, row, strict=True)}
                    for row in t.rows
                ]
                for t in tables
            },
        }
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
    sheets = [Sheet(title=t.name, header=t.header, rows=t.rows) for t in tables]
    if format == "xlsx":
        return xlsx_bytes(sheets)
    if format == "csv":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for sheet in sheets:
                archive.writestr(f"{sheet.title}.csv", csv_text(sheet).encode("utf-8"))
        return buffer.getvalue()
    raise ValueError(f"Unknown export format: {format!r}")

"""Finding in the ledger and the pledges: a search word, filters, and the rows found as a
sheet to export (issue 14, item 10). The views page the results (``Paginator.get_page``)
and export them through ``core.spreadsheets`` (formula-safe)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from accord.core.spreadsheets import Sheet
from accord.partnerships.models import Partnership
from accord.resources import selectors
from accord.resources.models import LedgerEntry, Pledge

#: Rows an export holds at most (a partnership's ledger rarely has more; past it, filter).
EXPORT_LIMIT = 100_000


@dataclass(frozen=True)
class Found:
    """What to look for; a field left empty does not filter."""

    q: str = ""
    type: str = ""
    kind: str = ""
    organization_id: int | None = None
    since: date | None = None
    until: date | None = None

    @classmethod
    def of(cls, data: dict[str, Any]) -> Found:
        organization = data.get("organization")
        return cls(
            q=(data.get("q") or "").strip(),
            type=data.get("type") or "",
            kind=data.get("of_kind") or "",
            organization_id=organization.pk if organization is not None else None,
            since=data.get("since"),
            until=data.get("until"),
        )

    @property
    def is_filtered(self) -> bool:
        return any((self.q, self.type, self.kind, self.organization_id, self.since, self.until))


def ledger_find(*, partnership: Partnership, found: Found) -> QuerySet[LedgerEntry]:
    """The ledger's entries, newest first, that match: the word in the note, an
    organization's or activity's name, or the entry's number; the type; an organization
    as provider or receiver; value dates from ``since`` to ``until``."""
    entries = selectors.ledger_list(partnership=partnership)
    if found.q:
        words = Q(note__icontains=found.q) | Q(provider__name__icontains=found.q)
        words |= Q(receiver__name__icontains=found.q) | Q(activity__title__icontains=found.q)
        if found.q.lstrip("#").isdigit() and len(found.q) < 19:
            words |= Q(pk=int(found.q.lstrip("#")))
        entries = entries.filter(words)
    if found.type:
        entries = entries.filter(type=found.type)
    if found.organization_id is not None:
        entries = entries.filter(
            Q(provider_id=found.organization_id) | Q(receiver_id=found.organization_id)
        )
    if found.since:
        entries = entries.filter(value_date__gte=found.since)
    if found.until:
        entries = entries.filter(value_date__lte=found.until)
    return entries


def pledge_find(*, partnership: Partnership, found: Found) -> QuerySet[Pledge]:
    """The pledges that match: the word in the description, role, skills or the
    organization's name; the kind; the pledging organization; a period that overlaps
    ``since`` to ``until``."""
    pledges = selectors.pledge_list(partnership=partnership)
    if found.q:
        words = Q(description__icontains=found.q) | Q(organization__name__icontains=found.q)
        words |= Q(role__icontains=found.q) | Q(skills__icontains=found.q)
        if found.q.lstrip("#").isdigit() and len(found.q) < 19:
            words |= Q(pk=int(found.q.lstrip("#")))
        pledges = pledges.filter(words)
    if found.kind:
        pledges = pledges.filter(kind=found.kind)
    if found.organization_id is not None:
        pledges = pledges.filter(organization_id=found.organization_id)
    if found.since:
        pledges = pledges.filter(ends_on__gte=found.since)
    if found.until:
        pledges = pledges.filter(starts_on__lte=found.until)
    return pledges


LEDGER_HEADER = [
    "number",
    "value_date",
    "type",
    "provider",
    "receiver",
    "activity",
    "value",
    "currency",
    "pledge",
    "note",
    "reverses",
    "posted_by",
]
PLEDGE_HEADER = [
    "number",
    "organization",
    "kind",
    "description",
    "amount",
    "currency",
    "hours",
    "starts_on",
    "ends_on",
    "recipient",
    "activity",
    "installments",
    "cancelled",
]


def ledger_sheet(entries: QuerySet[LedgerEntry]) -> Sheet:
    """The entries as a table: every column, types by their labels (one query)."""
    return Sheet(
        title="ledger",
        header=LEDGER_HEADER,
        rows=[
            [
                e.pk,
                e.value_date,
                e.get_type_display(),
                e.provider.name,
                e.receiver.name if e.receiver else "",
                e.activity.title if e.activity else "",
                e.value,
                e.currency,
                e.pledge_id or "",
                e.note,
                e.reverses_id or "",
                str(e.posted_by or ""),
            ]
            for e in entries[:EXPORT_LIMIT]
        ],
    )


def pledge_sheet(pledges: QuerySet[Pledge]) -> Sheet:
    """The pledges as a table, the installments as "due date: amount" (two queries)."""
    return Sheet(
        title="pledges",
        header=PLEDGE_HEADER,
        rows=[
            [
                p.pk,
                p.organization.name,
                p.get_kind_display(),
                p.description,
                p.amount,
                p.currency,
                p.hours,
                p.starts_on,
                p.ends_on,
                p.recipient.name if p.recipient else "",
                p.activity.title if p.activity else "",
                "; ".join(f"{i.due_on}: {i.amount}" for i in p.installments.all()),
                p.cancelled_at.date() if p.cancelled_at else "",
            ]
            for p in pledges[:EXPORT_LIMIT]
        ],
    )

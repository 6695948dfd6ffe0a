"""Voice tallies: who spoke in a partnership, for which member organization, per quarter.

:func:`voice_record` is called in the transaction that writes each proposal and comment
(``accord.decisions.services.proposals``) and each issue and opinion statement
(``accord.participation.services``); meetings will add attendance and speaking turns.
Those apps sit above this one, so the rebuild cannot read their tables itself: each
registers a *voice source* (:func:`voice_source_register`, from its ``AppConfig.ready``)
that yields its raw rows, and :func:`voice_tallies_rebuild` (``accord rebuild-rollups``)
counts them again.

Who an author speaks for (:func:`voice_organization_ids`)
---------------------------------------------------------
A person who works for (staff or representative of) exactly one admitted member
organization of the partnership speaks for it. One who works for several speaks for the
one they represent, if they represent exactly one of them. Anyone else (a community
participant, an observer, a coordinator with no member affiliation, a member of the
public, or someone the rule cannot place) is counted as an individual: organization
empty. Attribution is decided when the record is written; a rebuild attributes with the
memberships and affiliations of the day it runs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accord.partners.models import Affiliation
from accord.partnerships.models import (
    Membership,
    MembershipStatus,
    Partnership,
    VoiceKind,
    VoiceTally,
)

__all__ = [
    "VoiceRow",
    "voice_organization_ids",
    "voice_quarter",
    "voice_record",
    "voice_source_register",
    "voice_tallies_rebuild",
]


@dataclass(frozen=True)
class VoiceRow:
    """One raw act of voice, as a source yields it for a rebuild."""

    partnership_id: int
    author_id: int | None
    kind: str
    at: datetime
    #: the organization that spoke, when the source knows it (an organization recorded at
    #: a meeting, without a person); else the attribution rule decides from the author
    organization_id: int | None = None


#: A source takes a partnership id (or None for all) and yields its raw rows.
VoiceSource = Callable[[int | None], Iterable[VoiceRow]]

_sources: list[VoiceSource] = []


def voice_source_register(source: VoiceSource) -> None:
    """Add a source of raw voice rows for :func:`voice_tallies_rebuild` (idempotent)."""
    if source not in _sources:
        _sources.append(source)


def voice_quarter(at: datetime | date) -> date:
    """The first day of the quarter of ``at``, in the site's time zone."""
    day = timezone.localtime(at).date() if isinstance(at, datetime) else at
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def voice_organization_ids(
    partnership_id: int,
    user_ids: Iterable[int],
    *,
    membership_model: Any = Membership,
    affiliation_model: Any = Affiliation,
) -> dict[int, int | None]:
    """The member organization each person speaks for in the partnership, or None.

    The rule is in the module docstring. Two queries whatever the number of people.
    """
    wanted = set(user_ids)
    if not wanted:
        return {}
    members = set(
        membership_model.objects.filter(
            partnership_id=partnership_id, status=MembershipStatus.ADMITTED
        ).values_list("organization_id", flat=True)
    )
    works_for: dict[int, dict[int, bool]] = {}
    for user_id, organization_id, represents in affiliation_model.objects.filter(
        user_id__in=wanted, organization_id__in=members
    ).values_list("user_id", "organization_id", "is_representative"):
        works_for.setdefault(user_id, {})[organization_id] = represents
    attributed: dict[int, int | None] = {}
    for user_id in wanted:
        organizations = works_for.get(user_id, {})
        represented = [org for org, represents in organizations.items() if represents]
        if len(organizations) == 1:
            attributed[user_id] = next(iter(organizations))
        elif len(represented) == 1:
            attributed[user_id] = represented[0]
        else:
            attributed[user_id] = None
    return attributed


def _cell(
    model: Any,
    partnership_id: int,
    author_id: int | None,
    organization_id: int | None,
    kind: str,
    quarter: date,
) -> Any:
    return (
        model.objects.alias(
            author_key=Coalesce("author", Value(0)),
            organization_key=Coalesce("organization", Value(0)),
        )
        .filter(partnership_id=partnership_id, quarter=quarter, kind=kind)
        .filter(author_key=author_id or 0, organization_key=organization_id or 0)
    )


def _add(
    partnership_id: int,
    author_id: int | None,
    organization_id: int | None,
    kind: str,
    quarter: date,
    count: int,
) -> None:
    """Create-or-increment one tally; the unique constraint settles a race."""
    cell = _cell(VoiceTally, partnership_id, author_id, organization_id, kind, quarter)
    if cell.update(count=F("count") + count):
        return
    try:
        with transaction.atomic():
            VoiceTally.objects.create(
                partnership_id=partnership_id,
                author_id=author_id,
                organization_id=organization_id,
                kind=kind,
                quarter=quarter,
                count=count,
            )
    except IntegrityError:
        if not cell.update(count=F("count") + count):
            raise


@transaction.atomic
def voice_record(
    partnership: Partnership,
    author: Any,
    kind: str,
    at: datetime,
    organization: Any = None,
) -> None:
    """Count one act of voice. Call it in the transaction that writes the act.

    ``author`` is a user or None (a member of the public without an account);
    ``organization`` overrides the attribution rule when the caller knows whom the author
    spoke for.
    """
    if kind not in VoiceKind.values:
        raise ValueError(f"Unknown voice kind {kind!r}.")
    author_id = getattr(author, "pk", None)
    if organization is not None:
        organization_id = organization.pk
    elif author_id is not None:
        organization_id = voice_organization_ids(partnership.pk, [author_id])[author_id]
    else:
        organization_id = None
    _add(partnership.pk, author_id, organization_id, kind, voice_quarter(at), 1)


def _rows(partnership_id: int | None) -> Iterator[VoiceRow]:
    for source in _sources:
        yield from source(partnership_id)


def voice_tallies_rebuild(
    partnership_id: int | None = None, *, rows: Iterable[VoiceRow] | None = None
) -> int:
    """Recount the tallies of one partnership (or of all) from the registered sources
    (or from ``rows``, which the data migration passes). Returns the number of acts."""
    with transaction.atomic():
        return tallies_replace(
            VoiceTally,
            _rows(partnership_id) if rows is None else rows,
            partnership_id=partnership_id,
        )


def tallies_replace(
    tally_model: Any,
    rows: Iterable[VoiceRow],
    *,
    partnership_id: int | None = None,
    membership_model: Any = Membership,
    affiliation_model: Any = Affiliation,
) -> int:
    """Delete the tallies in scope and write them again from ``rows`` (inside a transaction)."""
    counts: Counter[tuple[int, int | None, int | None, str, date]] = Counter()
    for row in rows:
        organization_id = getattr(row, "organization_id", None)
        counts[
            (row.partnership_id, row.author_id, organization_id, row.kind, voice_quarter(row.at))
        ] += 1
    scope = tally_model.objects.all()
    if partnership_id is not None:
        scope = scope.filter(partnership_id=partnership_id)
    scope.delete()
    authors: dict[int, set[int]] = {}
    for pk, author_id, given, _kind, _quarter in counts:
        if author_id is not None and given is None:
            authors.setdefault(pk, set()).add(author_id)
    attributed = {
        pk: voice_organization_ids(
            pk, ids, membership_model=membership_model, affiliation_model=affiliation_model
        )
        for pk, ids in authors.items()
    }
    cells: Counter[tuple[int, int | None, int | None, str, date]] = Counter()
    for (pk, author_id, given, kind, quarter), n in counts.items():
        if given is not None:
            organization_id = given
        else:
            organization_id = attributed[pk][author_id] if author_id is not None else None
        cells[(pk, author_id, organization_id, kind, quarter)] += n
    tally_model.objects.bulk_create(
        [
            tally_model(
                partnership_id=pk,
                author_id=author_id,
                organization_id=organization_id,
                kind=kind,
                quarter=quarter,
                count=n,
            )
            for (pk, author_id, organization_id, kind, quarter), n in cells.items()
        ],
        batch_size=2000,
    )
    return sum(counts.values())

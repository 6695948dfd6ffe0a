"""What is waiting for a signed-in person, per partnership, for their home page.

Composed here, above the apps, because it reads partnerships, decisions, resources,
results and surveys at once. Each source is one or two queries over every partnership of
the person together, so the home page costs the same number of queries whether they take
part in one partnership or fifty (``tests/web/test_waiting.py`` pins it).

Each row says what is waiting, how many, and links to the page where it is done:

- acceptances awaiting admission (to coordinators);
- the charter in force not signed yet by a member organization the person represents;
- open votes where an organization they represent, or they themselves, have not voted;
- their organizations' pledges overdue, and those falling due in the next 30 days;
- reports of indicators their organizations are responsible for, due or late;
- open action items they own (overdue ones counted apart);
- open survey waves their organizations have not answered.

Overdue rows carry ``overdue=True`` so the page shows them as alerts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import F, Q, Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import ngettext

from accord.decisions.models import Chamber, Participation, Proposal, ProposalStatus
from accord.partners.models import Affiliation
from accord.partnerships.models import (
    CharterSignature,
    CharterVersion,
    Membership,
    MembershipStatus,
    Participant,
    ParticipantRole,
    Partnership,
)
from accord.resources.models import DELIVERY_TYPES, LedgerEntry, PledgeInstallment
from accord.results.models import ActionItem, ActionItemStatus, Indicator, Measurement
from accord.results.periods import reporting_periods
from accord.results.selectors.indicators import REPORTED

#: How far ahead a pledge's installment counts as "falling due".
PLEDGE_HORIZON_DAYS = 30


@dataclass(frozen=True)
class WaitingItem:
    """One line of "waiting for you": ``kind`` names the source (for tests and styling),
    ``text`` is the translated sentence with its count, ``url`` the page where it is done."""

    kind: str
    count: int
    text: str
    url: str
    overdue: bool = False


@dataclass
class PartnershipWaiting:
    partnership: Partnership
    items: list[WaitingItem] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(item.count for item in self.items)

    @property
    def overdue(self) -> int:
        return sum(item.count for item in self.items if item.overdue)


@dataclass(frozen=True)
class _Seats:
    """Where the person sits: which partnerships they coordinate, which member
    organizations they represent or work for in each, where they are community members."""

    coordinated: set[int]
    community: set[int]
    represented: dict[int, set[int]]  # partnership -> member organizations they represent
    affiliated: dict[int, set[int]]  # partnership -> member organizations they work for


def _seats(actor: Any, partnership_ids: list[int]) -> _Seats:
    """Two queries: the person's roles and their organizations' seats."""
    coordinated, community = set(), set()
    for partnership_id, role in Participant.objects.filter(
        user_id=actor.pk, partnership_id__in=partnership_ids, left_at__isnull=True
    ).values_list("partnership_id", "role"):
        if role == ParticipantRole.COORDINATOR:
            coordinated.add(partnership_id)
        elif role == ParticipantRole.COMMUNITY:
            community.add(partnership_id)
    representative_of = dict(
        Affiliation.objects.filter(user_id=actor.pk).values_list(
            "organization_id", "is_representative"
        )
    )
    represented: dict[int, set[int]] = defaultdict(set)
    affiliated: dict[int, set[int]] = defaultdict(set)
    for partnership_id, organization_id in Membership.objects.filter(
        partnership_id__in=partnership_ids,
        status=MembershipStatus.ADMITTED,
        organization_id__in=list(representative_of),
    ).values_list("partnership_id", "organization_id"):
        affiliated[partnership_id].add(organization_id)
        if representative_of[organization_id]:
            represented[partnership_id].add(organization_id)
    return _Seats(coordinated, community, represented, affiliated)


def _link(name: str, partnership: Partnership, *args: Any) -> str:
    return reverse(name, args=[partnership.slug, *args])


def _admissions(seats: _Seats, by_id: dict[int, Partnership]) -> Iterable[tuple[int, WaitingItem]]:
    counts: dict[int, int] = defaultdict(int)
    for partnership_id in Membership.objects.filter(
        partnership_id__in=seats.coordinated, status=MembershipStatus.ACCEPTED
    ).values_list("partnership_id", flat=True):
        counts[partnership_id] += 1
    for partnership_id, count in counts.items():
        text = ngettext(
            "%(count)d organization accepted and awaits admission",
            "%(count)d organizations accepted and await admission",
            count,
        ) % {"count": count}
        p = by_id[partnership_id]
        yield (
            partnership_id,
            WaitingItem("admission", count, text, _link("partnerships:membership_list", p)),
        )


def _charters(seats: _Seats, by_id: dict[int, Partnership]) -> Iterable[tuple[int, WaitingItem]]:
    """Two queries: the versions in force, and their signatures by the person's members."""
    # ordered by number, so the highest number (the version in force) is kept
    in_force: dict[int, int] = dict(
        CharterVersion.objects.filter(
            partnership_id__in=list(seats.represented), published_at__isnull=False
        )
        .order_by("partnership_id", "number")
        .values_list("partnership_id", "pk")
    )
    signed = set(
        CharterSignature.objects.filter(version_id__in=list(in_force.values())).values_list(
            "version_id", "organization_id"
        )
    )
    for partnership_id, version_id in in_force.items():
        count = sum((version_id, org) not in signed for org in seats.represented[partnership_id])
        if count:
            text = ngettext(
                "The charter in force awaits your organization's signature",
                "The charter in force awaits the signature of %(count)d of your organizations",
                count,
            ) % {"count": count}
            p = by_id[partnership_id]
            yield (
                partnership_id,
                WaitingItem("charter", count, text, _link("partnerships:charter_detail", p)),
            )


def _votes(
    actor: Any, seats: _Seats, by_id: dict[int, Partnership], now: Any
) -> Iterable[tuple[int, WaitingItem]]:
    """Two queries: open votes, and who has voted on them."""
    proposals = list(
        Proposal.objects.filter(
            partnership_id__in=list(by_id),
            status=ProposalStatus.VOTING,
            voting_closes_at__gt=now,
        ).order_by("voting_closes_at", "pk")
    )
    voted_orgs: set[tuple[int, int]] = set()
    voted_self: set[int] = set()
    for proposal_id, organization_id, person_id in Participation.objects.filter(
        proposal__in=proposals
    ).values_list("proposal_id", "organization_id", "person_id"):
        if organization_id is not None:
            voted_orgs.add((proposal_id, organization_id))
        elif person_id == actor.pk:
            voted_self.add(proposal_id)
    pending: dict[int, list[Proposal]] = defaultdict(list)
    for proposal in proposals:
        p_id = proposal.partnership_id
        chambers = proposal.chambers
        orgs_pending = Chamber.ORGANIZATIONS in chambers and any(
            (proposal.pk, org) not in voted_orgs for org in seats.represented.get(p_id, ())
        )
        eligible_self = bool(seats.affiliated.get(p_id)) or p_id in seats.community
        self_pending = (
            Chamber.INDIVIDUALS in chambers and eligible_self and proposal.pk not in voted_self
        )
        if orgs_pending or self_pending:
            pending[p_id].append(proposal)
    for partnership_id, waiting in pending.items():
        p = by_id[partnership_id]
        count = len(waiting)
        text = ngettext(
            "%(count)d open vote you have not cast",
            "%(count)d open votes you have not cast",
            count,
        ) % {"count": count}
        url = (
            _link("decisions:proposal_detail", p, waiting[0].pk)
            if count == 1
            else _link("decisions:proposal_list", p)
        )
        yield partnership_id, WaitingItem("vote", count, text, url)


def _pledges(
    seats: _Seats, by_id: dict[int, Partnership], today: date
) -> Iterable[tuple[int, WaitingItem]]:
    """Two queries: the installments of the pledges of the members the person represents,
    and what was delivered against each (in the pledge's currency).

    Deliveries count against the earliest installments first, so an installment is open
    while the deliveries do not reach the sum of the installments up to it."""
    pairs = [(p, org) for p, orgs in seats.represented.items() for org in orgs]
    if not pairs:
        return
    installments = list(
        PledgeInstallment.objects.filter(
            pledge__partnership_id__in=[p for p, _ in pairs],
            pledge__organization_id__in={org for _, org in pairs},
            due_on__lte=today + timedelta(days=PLEDGE_HORIZON_DAYS),
        )
        .order_by("pledge_id", "due_on", "pk")
        .values_list(
            "pledge_id", "pledge__partnership_id", "pledge__organization_id", "due_on", "amount"
        )
    )
    seated = set(pairs)
    installments = [row for row in installments if (row[1], row[2]) in seated]
    delivered: dict[int, Decimal] = dict(
        LedgerEntry.objects.filter(
            pledge_id__in={row[0] for row in installments},
            type__in=DELIVERY_TYPES,
            currency=F("pledge__currency"),
        )
        .values("pledge_id")
        .annotate(total=Sum("value"))
        .order_by()
        .values_list("pledge_id", "total")
    )
    overdue: dict[int, set[int]] = defaultdict(set)
    due_soon: dict[int, set[int]] = defaultdict(set)
    cumulative: dict[int, Decimal] = defaultdict(Decimal)
    for pledge_id, partnership_id, _org, due_on, amount in installments:
        cumulative[pledge_id] += amount
        if cumulative[pledge_id] <= delivered.get(pledge_id, Decimal(0)):
            continue  # covered (early deliveries count)
        if due_on < today:
            overdue[partnership_id].add(pledge_id)
        elif pledge_id not in overdue[partnership_id]:
            due_soon[partnership_id].add(pledge_id)
    for partnership_id in sorted(set(overdue) | set(due_soon)):
        p = by_id[partnership_id]
        url = _link("resources:pledge_list", p)
        if count := len(overdue[partnership_id]):
            text = ngettext(
                "Overdue: %(count)d pledge of your organization is behind its schedule",
                "Overdue: %(count)d pledges of your organizations are behind their schedule",
                count,
            ) % {"count": count}
            yield partnership_id, WaitingItem("pledge_overdue", count, text, url, overdue=True)
        if count := len(due_soon[partnership_id]):
            text = ngettext(
                "%(count)d pledge installment falls due in the next %(days)d days",
                "%(count)d pledge installments fall due in the next %(days)d days",
                count,
            ) % {"count": count, "days": PLEDGE_HORIZON_DAYS}
            yield partnership_id, WaitingItem("pledge_due", count, text, url)


def _reports(
    seats: _Seats, by_id: dict[int, Partnership], today: date
) -> Iterable[tuple[int, WaitingItem]]:
    """Two queries: the indicators the person's member organizations report on, and the
    periods already reported. A period is waiting once it has ended, late after its grace
    days (as the results app counts lateness)."""
    pairs = {(p, org) for p, orgs in seats.affiliated.items() for org in orgs}
    if not pairs:
        return
    indicators = [
        i
        for i in Indicator.objects.filter(
            partnership_id__in={p for p, _ in pairs},
            responsible_organization_id__in={org for _, org in pairs},
            reporting_start__lt=today,
        ).only(
            "pk",
            "partnership_id",
            "responsible_organization_id",
            "reporting_start",
            "reporting_end",
            "frequency",
            "grace_days",
        )
        if (i.partnership_id, i.responsible_organization_id) in pairs
    ]
    reported = set(
        Measurement.objects.filter(indicator__in=indicators, status__in=REPORTED).values_list(
            "indicator_id", "period_start"
        )
    )
    due: dict[int, int] = defaultdict(int)
    late: dict[int, int] = defaultdict(int)
    for indicator in indicators:
        for period in reporting_periods(
            indicator.reporting_start, indicator.reporting_end, indicator.frequency
        ):
            if period.end >= today or (indicator.pk, period.start) in reported:
                continue
            if period.end + timedelta(days=indicator.grace_days) < today:
                late[indicator.partnership_id] += 1
            else:
                due[indicator.partnership_id] += 1
    for partnership_id in sorted(set(due) | set(late)):
        url = _link("results:indicator_list", by_id[partnership_id])
        if count := late[partnership_id]:
            text = ngettext(
                "Overdue: %(count)d report of your organization is late",
                "Overdue: %(count)d reports of your organizations are late",
                count,
            ) % {"count": count}
            yield partnership_id, WaitingItem("report_late", count, text, url, overdue=True)
        if count := due[partnership_id]:
            text = ngettext(
                "%(count)d report is due from your organization",
                "%(count)d reports are due from your organizations",
                count,
            ) % {"count": count}
            yield partnership_id, WaitingItem("report_due", count, text, url)


def _action_items(
    actor: Any, by_id: dict[int, Partnership], today: date
) -> Iterable[tuple[int, WaitingItem]]:
    """One query: the open action items the person owns."""
    open_items: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for item_id, partnership_id, due_on in (
        ActionItem.objects.filter(
            owner_id=actor.pk, status=ActionItemStatus.OPEN, partnership_id__in=list(by_id)
        )
        .order_by("due_on", "pk")
        .values_list("pk", "partnership_id", "due_on")
    ):
        open_items[partnership_id].append((item_id, due_on))
    for partnership_id, items in open_items.items():
        p = by_id[partnership_id]
        late = [item for item in items if item[1] < today]
        on_time = [item for item in items if item[1] >= today]
        for group, overdue in ((late, True), (on_time, False)):
            if not group:
                continue
            count = len(group)
            url = (
                _link("results:action_item_detail", p, group[0][0])
                if count == 1
                else _link("results:action_item_list", p)
            )
            if overdue:
                text = ngettext(
                    "Overdue: %(count)d action item of yours is past its due date",
                    "Overdue: %(count)d action items of yours are past their due date",
                    count,
                ) % {"count": count}
                yield partnership_id, WaitingItem("action_overdue", count, text, url, overdue=True)
            else:
                text = ngettext(
                    "%(count)d action item is yours to do",
                    "%(count)d action items are yours to do",
                    count,
                ) % {"count": count}
                yield partnership_id, WaitingItem("action", count, text, url)


def _surveys(
    seats: _Seats, by_id: dict[int, Partnership], now: Any, actor_id: int
) -> Iterable[tuple[int, WaitingItem]]:
    """Two queries: open waves, and which of the person's members (or, in a wave answered
    per person, whether the person) answered them. Only when the surveys app is installed
    (it is newer than this page)."""
    if not apps.is_installed("accord.surveys") or not seats.affiliated:
        return
    wave_model = apps.get_model("surveys", "Wave")
    respondent_model = apps.get_model("surveys", "Respondent")
    waves = list(
        wave_model.objects.filter(
            partnership_id__in=list(seats.affiliated), opens_at__lte=now, closes_at__gt=now
        ).order_by("closes_at", "pk")
    )
    answered: set[tuple[int, int]] = set()
    answered_in_person: set[int] = set()
    for wave_id, organization_id, person_id in respondent_model.objects.filter(
        Q(person__isnull=True) | Q(person_id=actor_id), wave__in=waves
    ).values_list("wave_id", "organization_id", "person_id"):
        if person_id is None:
            answered.add((wave_id, organization_id))
        else:
            answered_in_person.add(wave_id)
    pending: dict[int, list[Any]] = defaultdict(list)
    for wave in waves:
        if wave.per_person:
            if wave.pk not in answered_in_person:
                pending[wave.partnership_id].append(wave)
        elif any(
            (wave.pk, org) not in answered for org in seats.represented.get(wave.partnership_id, ())
        ):
            pending[wave.partnership_id].append(wave)
    for partnership_id, waiting in pending.items():
        p = by_id[partnership_id]
        count = len(waiting)
        try:
            url = (
                _link("surveys:wave_answer", p, waiting[0].pk)
                if count == 1
                else _link("surveys:wave_list", p)
            )
        except NoReverseMatch:  # pragma: no cover - the surveys pages are being built
            continue
        text = ngettext(
            "%(count)d survey your organization has not answered",
            "%(count)d surveys your organizations have not answered",
            count,
        ) % {"count": count}
        yield partnership_id, WaitingItem("survey", count, text, url)


def waiting_for_you(*, actor: Any, partnerships: list[Partnership]) -> list[PartnershipWaiting]:
    """What waits for ``actor`` in each of ``partnerships`` (theirs, from
    ``partnership_list_mine``), in that order; only partnerships with something waiting.
    About fourteen queries whatever the number of partnerships."""
    if not actor.is_authenticated or not partnerships:
        return []
    by_id = {p.pk: p for p in partnerships}
    now = timezone.now()
    today = timezone.localdate(now)
    seats = _seats(actor, list(by_id))
    rows = {pk: PartnershipWaiting(p) for pk, p in by_id.items()}
    sources: list[Iterable[tuple[int, WaitingItem]]] = [
        _admissions(seats, by_id),
        _charters(seats, by_id),
        _votes(actor, seats, by_id, now),
        _pledges(seats, by_id, today),
        _reports(seats, by_id, today),
        _action_items(actor, by_id, today),
        _surveys(seats, by_id, now, actor.pk),
    ]
    for source in sources:
        for partnership_id, item in source:
            rows[partnership_id].items.append(item)
    return [row for row in rows.values() if row.items]

"""Where the network page's ties come from: one function per source, each a bounded number
of queries, each returning plain numbers for the engine (accord.engine.networks).

- the records of working together (:func:`record_ties`): resources delivered (the
  ledger's rollups, net of reversals, provider to receiver, a flow to an activity reaching
  its lead), shared activities (lead, chain of implementation, RACI) and meetings attended
  together (an organization attends when it or one of its people is recorded present or
  remote, ``accord.meetings.selectors.attended_together``), between the partnership's
  admitted members;
- the partner network survey (:func:`survey_waves`, :func:`survey_ratings`), read through
  ``accord.surveys.selectors``.

Decision records name one author per proposal, so co-written or co-supported proposals
are not a source yet.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Sum

from accord.meetings import selectors as meeting_selectors
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships.models import Partnership
from accord.resources.models import (
    DELIVERY_TYPES,
    Activity,
    ActivityOrganization,
    LedgerRollup,
    Responsibility,
)
from accord.surveys import selectors as survey_selectors
from accord.surveys.models import Instrument


@dataclass(frozen=True)
class Members:
    """The admitted members, in name order: node ``k`` is ``ids[k]``."""

    ids: list[int]
    names: list[str]
    sectors: list[str]

    def index(self) -> dict[int, int]:
        return {org_id: k for k, org_id in enumerate(self.ids)}


def members(*, partnership: Partnership) -> Members:
    """One query."""
    rows = list(
        partnership_selectors.member_organizations(partnership=partnership).values_list(
            "pk", "name", "sector"
        )
    )
    return Members(
        ids=[pk for pk, _, _ in rows],
        names=[name for _, name, _ in rows],
        sectors=[sector for _, _, sector in rows],
    )


@dataclass
class RecordTie:
    """What two members did together: resources one delivered to the other, activities
    both took part in, meetings both attended. ``weight`` is the number of kinds (1 to 3)."""

    delivered: bool = False
    activities: set[int] = field(default_factory=set)
    meetings: set[int] = field(default_factory=set)

    @property
    def weight(self) -> int:
        return int(self.delivered) + int(bool(self.activities)) + int(bool(self.meetings))


def record_ties(*, partnership: Partnership, members: Members) -> dict[tuple[int, int], RecordTie]:
    """Directed ties ``(node, node) -> RecordTie`` from the records, in six queries at most.

    A delivery is a tie from the provider to the receiver; a shared activity and a meeting
    both attended are ties both ways. Only net positive deliveries count (a reversed entry
    cancels its delivery), in any currency.
    """
    index = members.index()
    ties: dict[tuple[int, int], RecordTie] = defaultdict(RecordTie)
    flows = (
        LedgerRollup.objects.filter(partnership=partnership, type__in=DELIVERY_TYPES)
        .values_list("provider_id", "receiver_id", "activity__lead_organization_id", "currency")
        .annotate(net=Sum("value_sum"))
        .order_by()
    )
    for provider_id, receiver_id, lead_id, _currency, net in flows:
        target = receiver_id if receiver_id is not None else lead_id
        if net is None or net <= 0 or provider_id not in index or target not in index:
            continue
        if provider_id != target:
            ties[index[provider_id], index[target]].delivered = True

    # One query: the union of the three ways of taking part (no ordering, for UNION).
    chain = (
        ActivityOrganization.objects.filter(activity__partnership=partnership)
        .values_list("activity_id", "organization_id")
        .order_by()
    )
    raci = (
        Responsibility.objects.filter(activity__partnership=partnership)
        .values_list("activity_id", "organization_id")
        .order_by()
    )
    leads = (
        Activity.objects.filter(partnership=partnership)
        .values_list("pk", "lead_organization_id")
        .order_by()
    )
    taking_part: dict[int, set[int]] = defaultdict(set)
    for activity_id, organization_id in chain.union(raci, leads).order_by():
        if organization_id in index:
            taking_part[activity_id].add(index[organization_id])
    for activity_id, nodes in taking_part.items():
        for a, b in combinations(sorted(nodes), 2):
            ties[a, b].activities.add(activity_id)
            ties[b, a].activities.add(activity_id)

    for meeting_id, organizations in meeting_selectors.attended_together(partnership.pk).items():
        nodes = sorted(index[o] for o in organizations if o in index)
        for a, b in combinations(nodes, 2):
            ties[a, b].meetings.add(meeting_id)
            ties[b, a].meetings.add(meeting_id)
    return dict(ties)


def survey_waves(*, partnership: Partnership) -> list[survey_selectors.WaveSummary]:
    """The partner network survey's waves, newest first (one query)."""
    return survey_selectors.survey_waves(partnership.pk, Instrument.PARTNER_NETWORK)


def survey_ratings(
    *, partnership: Partnership, wave_id: int
) -> list[survey_selectors.NetworkRating]:
    """One wave's ratings (two queries). Individual answers: callers check
    ``surveys.view_named_answers`` before showing anything but aggregates."""
    return survey_selectors.network_ratings(partnership.pk, wave_id)

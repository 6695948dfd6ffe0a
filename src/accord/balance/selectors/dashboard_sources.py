"""What the balance dashboard reads from each app, as plain numbers keyed by id.

One function per source, each a fixed number of queries whatever the number of records:
resources and voice come from the rollups the resources and partnerships apps keep in the
same transaction as each record (``accord.resources.selectors.delivered_by_provider``,
``accord.partnerships.selectors.voice_by_organization``), power from the analyses the
decisions app stored (never computed here), budget from the outcomes participation stored
when each round reached its results, benefits from one count over the benefits ledger.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncQuarter

from accord.decisions import choice_rules
from accord.decisions import selectors as decision_selectors
from accord.decisions.models import DecisionKind
from accord.meetings import selectors as meeting_selectors
from accord.participation.models import ParticipationRound, RoundKind
from accord.partners.models import Organization
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships.models import Partnership
from accord.resources import selectors as resource_selectors
from accord.resources import selectors_rollups
from accord.results.models import Benefit

ZERO = Decimal("0")


def members(*, partnership: Partnership) -> list[Organization]:
    """The admitted member organizations, by name."""
    return list(partnership_selectors.member_organizations(partnership=partnership))


def organizations_named(ids: set[int]) -> dict[int, str]:
    """The names of organizations that are not members (former members, outside providers)."""
    if not ids:
        return {}
    return dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))


# --- resources ----------------------------------------------------------------------------


def delivered(*, partnership: Partnership) -> dict[int, Decimal]:
    """Resources delivered per provider, in the reporting currency."""
    return resource_selectors.delivered_by_provider(partnership.pk)


def delivered_by_quarter(*, partnership: Partnership) -> dict[tuple[int, date], Decimal]:
    """Resources delivered per (provider, first day of the quarter)."""
    return resource_selectors.delivered_by_provider_and_quarter(partnership.pk)


def delivered_breakdown(*, partnership: Partnership) -> selectors_rollups.DeliveredBreakdown:
    """:func:`delivered`, :func:`delivered_by_quarter` and :func:`flows` from one read of
    the rollups (the dashboard shows all three)."""
    return selectors_rollups.delivered_breakdown(partnership.pk)


def flows(*, partnership: Partnership) -> dict[tuple[int, int], Decimal]:
    """What went from one organization to another, per (provider, receiver)."""
    return resource_selectors.flows_by_pair(partnership.pk)


# --- voice --------------------------------------------------------------------------------


def voice(
    *, partnership: Partnership, since: date | None = None
) -> dict[tuple[int | None, str], int]:
    """What was written per (member organization or None for individuals, kind)."""
    return partnership_selectors.voice_by_organization(partnership.pk, since=since)


def voice_by_quarter(*, partnership: Partnership) -> dict[tuple[int | None, date], int]:
    """Everything written per (organization or None, first day of the quarter)."""
    counts: dict[tuple[int | None, date], int] = {}
    for key, count in partnership_selectors.voice_by_quarter(partnership.pk).items():
        organization_id, quarter = key[0], key[-1]
        counts[organization_id, quarter] = counts.get((organization_id, quarter), 0) + count
    return counts


# --- meetings -------------------------------------------------------------------------------


def attendance(*, partnership: Partnership) -> meeting_selectors.AttendanceSummary:
    """Meetings attended and recorded per member organization (or None for people who speak
    for no member); at most five queries, the organizations' invitations counted in SQL."""
    return meeting_selectors.attendance_summary(partnership.pk)


# --- benefits -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BenefitCounts:
    """Standing benefits (neither reversed nor reversals) per recipient organization (None:
    a community participant in person), per level, and per (recipient, quarter)."""

    by_recipient: dict[int | None, int]
    by_level: dict[str, int]
    by_quarter: dict[tuple[int | None, date], int]

    @property
    def total(self) -> int:
        return sum(self.by_recipient.values())


def benefits(*, partnership: Partnership) -> BenefitCounts:
    """Two queries: the standing benefits counted per (recipient, level) and per
    (recipient, quarter)."""
    standing = Benefit.objects.filter(
        partnership=partnership, reverses__isnull=True, reversed_by__isnull=True
    )
    by_recipient: dict[int | None, int] = {}
    by_level: dict[str, int] = {}
    for recipient, level, count in (
        standing.values_list("recipient_organization_id", "level")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        by_recipient[recipient] = by_recipient.get(recipient, 0) + count
        by_level[level] = by_level.get(level, 0) + count
    by_quarter: dict[tuple[int | None, date], int] = {
        (recipient, _as_date(quarter)): count
        for recipient, quarter, count in standing.annotate(quarter=TruncQuarter("received_on"))
        .values_list("recipient_organization_id", "quarter")
        .annotate(count=Count("pk"))
        .order_by()
    }
    return BenefitCounts(by_recipient, by_level, by_quarter)


def _as_date(value: Any) -> date:
    return value.date() if hasattr(value, "date") else value


# --- budget decided in participation rounds ------------------------------------------------


@dataclass(frozen=True)
class BudgetDecided:
    """Money decided per group in the budget rounds with results, in ``currency``;
    ``other_currencies`` counts the rounds in another currency, left out."""

    by_group: dict[str, Decimal]
    rounds: int
    currency: str
    other_currencies: int = 0
    round_ids: list[int] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum(self.by_group.values(), ZERO)


def budget_decided(*, partnership: Partnership) -> BudgetDecided:
    """One query: each budget round's stored outcome (its money decided per group), summed
    over the rounds in the reporting currency."""
    currency = partnership.reporting_currency
    by_group: dict[str, Decimal] = {}
    rounds, other, ids = 0, 0, []
    for round_id, round_currency, outcome in (
        ParticipationRound.objects.filter(
            partnership=partnership, kind=RoundKind.BUDGET, outcome__isnull=False
        )
        .order_by("pk")
        .values_list("pk", "currency", "outcome")
    ):
        if not outcome or not outcome.get("by_group"):
            continue
        if round_currency and round_currency != currency:
            other += 1
            continue
        rounds += 1
        ids.append(round_id)
        for row in outcome["by_group"]:
            if row.get("group"):
                by_group[row["group"]] = by_group.get(row["group"], ZERO) + Decimal(row["money"])
    return BudgetDecided(by_group, rounds, currency, other, ids)


# --- power ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleInForce:
    """A yes/no rule that decides some kinds of decision (``kinds``), with its stored
    analysis (``outcome``: ready, queued, being computed, failed or not computed)."""

    rule_id: int | None
    name: str
    kinds: tuple[str, ...]
    snapshot: dict[str, Any]
    outcome: Any  # decisions.selectors.PowerOutcome


def rules_in_force(*, partnership: Partnership) -> list[RuleInForce]:
    """The rules assigned to a kind of decision, and the default rule while no general rule
    is assigned, each with its stored power analysis. Rules that choose among alternatives
    have no power analysis and are left out."""
    kinds_of: dict[int, list[str]] = {}
    rules: dict[int, Any] = {}
    for assignment in decision_selectors.assignment_list(partnership=partnership).select_related(
        "rule__partnership"
    ):
        rules[assignment.rule_id] = assignment.rule
        kinds_of.setdefault(assignment.rule_id, []).append(assignment.kind)
    kind_order = {kind: position for position, kind in enumerate(DecisionKind.values)}
    entries: list[tuple[int | None, tuple[str, ...], dict[str, Any]]] = []
    for rule_id, rule in rules.items():
        snapshot = decision_selectors.rule_snapshot(rule)
        if choice_rules.is_alternatives_rule(snapshot):
            continue
        kinds = tuple(sorted(kinds_of[rule_id], key=lambda k: kind_order.get(k, 99)))
        entries.append((rule_id, kinds, snapshot))
    if not any(DecisionKind.GENERAL in kinds for _id, kinds, _s in entries):
        general = DecisionKind.GENERAL in {k for ks in kinds_of.values() for k in ks}
        if not general:
            entries.append((None, (DecisionKind.GENERAL,), decision_selectors.default_snapshot()))
    entries.sort(key=lambda e: (min(kind_order.get(k, 99) for k in e[1]), e[2].get("name", "")))
    outcomes = decision_selectors.power_outcomes(
        partnership=partnership, snapshots=[snapshot for _id, _k, snapshot in entries]
    )
    return [
        RuleInForce(rule_id, snapshot.get("name", ""), kinds, snapshot, outcome)
        for (rule_id, kinds, snapshot), outcome in zip(entries, outcomes, strict=True)
    ]

"""Power analyses as pages and the API read them: stored results, never computed here.

For each rule asked for, the reader computes the key of what it would show
(``power.power_inputs``: a few queries, no engine) and looks the result up
(:class:`~accord.decisions.models.PowerComputation`). A result that is not ready is
reported by its status: queued or being computed (the page refreshes), failed, or not
computed yet -- which happens when something the analysis depends on changed without a
service queueing it (a delivery under a rule weighted by resources delivered, a new staff
member in an individuals chamber); the page then offers to queue it. Reading never writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accord.decisions import choice_rules, power_chart
from accord.decisions.models import Chamber, DecisionRule, PowerComputation, PowerStatus
from accord.decisions.selectors.power import (
    PowerAnalysis,
    power_inputs,
    power_key,
    power_render,
    skipped_analysis,
)
from accord.decisions.selectors.rules import (
    chambers_of,
    current_snapshot,
    delivered_weights,
    rule_snapshot,
)
from accord.decisions.selectors.voters import Individual, eligible_individuals
from accord.errors import Invalid, NotFound
from accord.partners.models import Organization, Sector
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import member_organizations

#: At most this many rules are compared at once (and never more than the partnership has).
MAX_COMPARED = 10

#: A computation queued or started this long ago without a result is presumed lost (its
#: worker stopped, or the queue was down): the page offers to queue it again.
STALE_AFTER = timedelta(minutes=10)

#: The largest id a database row can have (a signed 64-bit integer).
MAX_ID = 2**63 - 1

#: What a reader may see of a computation: ready, or why not.
NOT_COMPUTED = "not_computed"


def power_rule_ids(values: Sequence[Any], *, available: int) -> list[int]:
    """The rule ids of a request, checked before any lookup: each a positive id, none
    twice, no more than the partnership's ``available`` rules (nor :data:`MAX_COMPARED`).

    Raises ``Invalid`` (a 400) otherwise.
    """
    ids = []
    for value in values:
        text = str(value).strip()
        is_id = text.isascii() and text.isdigit() and len(text) <= 19
        if not is_id or not 0 < int(text) <= MAX_ID:
            message = _("“%(value)s” is not a rule: choose rules from the list.") % {
                "value": text[:20]
            }
            raise Invalid(message, field_errors={"rules": [message]})
        ids.append(int(text))
    if len(set(ids)) != len(ids):
        message = _("Each rule can be compared once: a rule is chosen twice.")
        raise Invalid(message, field_errors={"rules": [message]})
    limit = min(available, MAX_COMPARED)
    if len(ids) > limit:
        message = _("Compare at most %(limit)s rules at once (the partnership has %(count)s).") % {
            "limit": limit,
            "count": available,
        }
        raise Invalid(message, field_errors={"rules": [message]})
    return ids


def power_snapshots(
    *, partnership: Partnership, rules: Sequence[DecisionRule] = ()
) -> list[dict[str, Any]]:
    """The snapshots of the rules to analyse (weights delivered as they stand today), or
    the general rule's (else the default rule's) when none is chosen."""
    return [rule_snapshot(rule) for rule in rules] or [current_snapshot(partnership)]


def power_rules_get(*, partnership: Partnership, rule_ids: Sequence[Any]) -> list[DecisionRule]:
    """The partnership's rules of ``rule_ids`` in that order: ``Invalid`` for duplicates,
    too many or non-ids (:func:`power_rule_ids`), ``NotFound`` for another's or no rule."""
    rules = DecisionRule.objects.filter(partnership=partnership).select_related("partnership")
    ids = power_rule_ids(rule_ids, available=rules.count()) if rule_ids else []
    found = {rule.pk: rule for rule in rules.filter(pk__in=ids)} if ids else {}
    if len(found) != len(ids):
        raise NotFound(_("No such decision rule."))
    return [found[i] for i in ids]


@dataclass(frozen=True)
class PowerOutcome:
    """One rule's analysis as stored: ``status`` is ready (``analyses`` hold it), queued,
    computing, failed (``reason`` says why) or not computed."""

    rule_id: int | None
    name: str
    status: str
    analyses: list[PowerAnalysis] = field(default_factory=list)
    reason: str = ""
    queued_at: datetime | None = None
    stale: bool = False

    @property
    def ready(self) -> bool:
        return self.status == PowerStatus.READY

    @property
    def waiting(self) -> bool:
        """Queued or being computed, and not presumed lost: the page refreshes."""
        return self.status in (PowerStatus.QUEUED, PowerStatus.COMPUTING) and not self.stale

    @property
    def can_request(self) -> bool:
        """Nothing is on its way: the page offers to queue it."""
        return self.status in (NOT_COMPUTED, PowerStatus.FAILED) or self.stale


def power_outcomes(
    *, partnership: Partnership, snapshots: list[dict[str, Any]]
) -> list[PowerOutcome]:
    """The stored analyses of ``snapshots`` for the current voters, in order.

    Queries: the members, the eligible individuals if a rule lets them vote, and the
    stored rows -- whatever the number of rules and members. No engine, no write.
    """
    voters = _Voters(partnership)
    keyed = []
    for snapshot in snapshots:
        if choice_rules.is_alternatives_rule(snapshot):
            keyed.append((snapshot, None))
            continue
        inputs = power_inputs(
            partnership=partnership,
            snapshot=snapshot,
            members=voters.members,
            individuals=voters.people if Chamber.INDIVIDUALS in chambers_of(snapshot) else None,
        )
        keyed.append((snapshot, power_key(inputs)))
    keys = [key for _snapshot, key in keyed if key is not None]
    rows = (
        {
            row.key: row
            for row in PowerComputation.objects.filter(partnership=partnership, key__in=keys).defer(
                "inputs"
            )
        }
        if keys
        else {}
    )
    now = timezone.now()
    outcomes = []
    for snapshot, key in keyed:
        rule_id, name = snapshot.get("id"), snapshot.get("name", "")
        if key is None:
            outcomes.append(
                PowerOutcome(rule_id, name, PowerStatus.READY, [skipped_analysis(snapshot)])
            )
            continue
        row = rows.get(key)
        if row is None:
            outcomes.append(PowerOutcome(rule_id, name, NOT_COMPUTED))
        elif row.status == PowerStatus.READY:
            analyses = power_render(
                snapshot=snapshot,
                result=row.result,
                organizations=voters.organizations_by_id,
                people=voters.people_by_id,
            )
            outcomes.append(PowerOutcome(rule_id, name, row.status, analyses))
        else:
            since = row.started_at or row.queued_at
            outcomes.append(
                PowerOutcome(
                    rule_id,
                    name,
                    row.status,
                    reason=row.reason,
                    queued_at=row.queued_at,
                    stale=row.status != PowerStatus.FAILED and since < now - STALE_AFTER,
                )
            )
    return outcomes


class _Voters:
    """The partnership's member organizations, and its eligible individuals once asked."""

    def __init__(self, partnership: Partnership) -> None:
        self.partnership = partnership
        self.members: list[Organization] = list(member_organizations(partnership=partnership))
        self._people: list[Individual] | None = None

    @property
    def people(self) -> list[Individual]:
        if self._people is None:
            self._people = eligible_individuals(partnership=self.partnership)
        return self._people

    @property
    def organizations_by_id(self) -> dict[int, Organization]:
        return {org.pk: org for org in self.members}

    @property
    def people_by_id(self) -> dict[int, Any]:
        return {i.person.pk: i.person for i in self._people or []}


# --- the comparison page -----------------------------------------------------------------------


@dataclass(frozen=True)
class PowerColumn:
    """One analysis in the summary table: a rule (in one chamber, or both together)."""

    key: str
    name: str
    rule_name: str
    chamber: str
    weighted: bool


@dataclass(frozen=True)
class PowerCell:
    """A voter's (or a sector's) figures under one column; ``counted`` is False where the
    column's analysis does not count the voter (an organization where only people vote).
    ``weighted`` says whether the column shows a weight."""

    weighted: bool
    banzhaf: float = 0.0
    shapley_shubik: float = 0.0
    weight_share: float | None = None
    flags: tuple[str, ...] = ()
    counted: bool = True


@dataclass(frozen=True)
class PowerRow:
    """A voter (or a sector) across every column."""

    name: str
    sector: str
    chamber: str
    seat_share: float | None
    contribution_share: float | None
    cells: list[PowerCell]
    members: int = 0

    @property
    def sector_label(self) -> str:
        return str(Sector(self.sector).label) if self.sector in Sector.values else self.sector


@dataclass(frozen=True)
class PowerComparison:
    outcomes: list[PowerOutcome]
    columns: list[PowerColumn]
    rows: list[PowerRow]
    sectors: list[PowerRow]
    contributions: bool  # whether any member delivered resources
    chart: str = ""  # the SVG of power against seats and contributions (organizations)

    @property
    def waiting(self) -> bool:
        return any(o.waiting for o in self.outcomes)

    @property
    def can_request(self) -> bool:
        return any(o.can_request for o in self.outcomes)

    @property
    def ready(self) -> bool:
        return all(o.ready for o in self.outcomes)

    @property
    def people(self) -> bool:
        return any(r.chamber == Chamber.INDIVIDUALS for r in self.rows)

    @property
    def width(self) -> int:
        """The table's number of columns."""
        return 4 + sum(3 if c.weighted else 2 for c in self.columns)


def _flags(member: Any) -> tuple[str, ...]:
    if member.is_dictator:
        return ("dictator",)
    return tuple(flag for flag, on in (("veto", member.is_veto), ("dummy", member.is_dummy)) if on)


def power_comparison(
    *, partnership: Partnership, snapshots: list[dict[str, Any]]
) -> PowerComparison:
    """The power analysis page: the stored analyses of ``snapshots`` side by side, one
    row per voter and per sector, one column per analysis, with each member's share of the
    seats and of the resources delivered (no engine, no write)."""
    outcomes = power_outcomes(partnership=partnership, snapshots=snapshots)
    contributions = {
        int(pk): Fraction(value) for pk, value in delivered_weights(partnership=partnership).items()
    }
    delivered = sum(contributions.values())
    columns: list[PowerColumn] = []
    by_voter: dict[tuple[str, int], dict[str, Any]] = {}
    analyses = [
        (outcome.name, analysis)
        for outcome in outcomes
        if outcome.ready
        for analysis in outcome.analyses
        if analysis.method != "skipped"
    ]
    sector_cells: dict[str, dict[int, PowerCell]] = {}
    for index, (rule_name, analysis) in enumerate(analyses):
        columns.append(
            PowerColumn(
                key=f"c{index}",
                name=analysis.name,
                rule_name=rule_name,
                chamber=analysis.chamber,
                weighted=analysis.weighted,
            )
        )
        size = {
            chamber: sum(1 for m in analysis.members if m.chamber == chamber)
            for chamber in (Chamber.ORGANIZATIONS, Chamber.INDIVIDUALS)
        }
        for member in analysis.members:
            voter = (member.chamber, getattr(member.organization, "pk", 0))
            row = by_voter.setdefault(
                voter,
                {
                    "name": member.name,
                    "sector": member.sector,
                    "chamber": member.chamber,
                    "seat_share": 1 / size[member.chamber] if size[member.chamber] else None,
                    "cells": {},
                },
            )
            row["cells"][index] = PowerCell(
                weighted=analysis.weighted,
                weight_share=member.weight_share if analysis.weighted else None,
                banzhaf=member.banzhaf,
                shapley_shubik=member.shapley_shubik,
                flags=_flags(member),
            )
        for sector in analysis.sectors:
            sector_cells.setdefault(sector.sector, {})[index] = PowerCell(
                weighted=analysis.weighted,
                weight_share=sector.weight_share if analysis.weighted else None,
                banzhaf=sector.banzhaf,
                shapley_shubik=sector.shapley_shubik,
            )
    rows = [
        PowerRow(
            name=row["name"],
            sector=row["sector"],
            chamber=chamber,
            seat_share=row["seat_share"],
            contribution_share=(float(contributions.get(pk, 0) / delivered) if delivered else 0.0)
            if chamber == Chamber.ORGANIZATIONS
            else None,
            cells=_cells(row["cells"], columns),
        )
        for (chamber, pk), row in sorted(
            by_voter.items(),
            key=lambda item: (item[0][0] != Chamber.ORGANIZATIONS, item[1]["name"].casefold()),
        )
    ]
    sectors = []
    for sector in Sector.values:
        if sector not in sector_cells:
            continue
        organizations = [
            r for r in rows if r.chamber == Chamber.ORGANIZATIONS and r.sector == sector
        ]
        sectors.append(
            PowerRow(
                name=str(Sector(sector).label),
                sector=sector,
                chamber="sector",
                seat_share=sum(r.seat_share or 0 for r in organizations) if organizations else None,
                contribution_share=sum(r.contribution_share or 0 for r in organizations)
                if organizations
                else None,
                cells=_cells(sector_cells[sector], columns),
                members=sum(1 for r in rows if r.sector == sector),
            )
        )
    return PowerComparison(
        outcomes=outcomes,
        columns=columns,
        rows=rows,
        sectors=sectors,
        contributions=bool(delivered),
        chart=_chart(columns, rows, contributions=bool(delivered)),
    )


def _cells(cells: dict[int, PowerCell], columns: list[PowerColumn]) -> list[PowerCell]:
    return [
        cells.get(i) or PowerCell(weighted=column.weighted, counted=False)
        for i, column in enumerate(columns)
    ]


def _chart(columns: list[PowerColumn], rows: list[PowerRow], *, contributions: bool) -> str:
    """The chart of the member organizations under the columns that count them."""
    organizations = [r for r in rows if r.chamber == Chamber.ORGANIZATIONS]
    charted = [
        i for i, column in enumerate(columns) if any(r.cells[i].counted for r in organizations)
    ]
    if not organizations or not charted:
        return ""
    series = power_chart.series_for([columns[i].name for i in charted], contributions=contributions)
    members = [
        power_chart.ChartMember(
            name=row.name,
            values=(
                row.seat_share or 0.0,
                *((row.contribution_share or 0.0,) if contributions else ()),
                *(row.cells[i].banzhaf for i in charted),
            ),
        )
        for row in organizations
    ]
    return power_chart.power_chart_svg(members, series)

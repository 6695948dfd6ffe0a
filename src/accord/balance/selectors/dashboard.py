"""The balance dashboard: per member and per sector, side by side, the shares of seats,
resources delivered, decision power under each rule in force, voice, budget decided and
benefits received, each with its concentration, and the share of meetings attended; the reciprocity of flows; trends per
quarter; one picture.

:func:`balance_dashboard` reads every source once (``dashboard_sources``: a fixed number of
queries whatever the number of members, entries or comments) and never computes power: an
analysis not stored yet shows as being computed or not computed, and the page offers to
queue it (``decisions.services.power_request``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from accord.balance.charts import ChartColumn, ChartSegment, stacked_columns_svg
from accord.balance.groups import GROUP_ORDER, INDIVIDUALS, OTHERS, group_colour, group_label
from accord.balance.selectors import dashboard_columns as columns
from accord.balance.selectors import dashboard_sources as sources
from accord.balance.selectors.dashboard_columns import PowerRule, kind_phrase
from accord.balance.selectors.dashboard_measures import (
    FAILED,
    NOT_COMPUTED,
    WAITING,
    Column,
    Holder,
    concentration,
)
from accord.balance.selectors.dashboard_trends import (
    Reciprocity,
    Trend,
    flow_reciprocity,
    quarter_start,
    trends,
)
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships.models import Partnership

__all__ = ["Dashboard", "PowerRule", "Row", "balance_dashboard", "kind_phrase"]


@dataclass(frozen=True)
class Row:
    """A holder (or a group) across every column: its share, or None where the column does
    not count it."""

    key: str
    name: str
    group: str
    group_label: str
    colour: str
    shares: list[float | None]


@dataclass(frozen=True)
class VoiceQuarterRow:
    group: str
    label: str
    member_share: float | None
    comments: int
    comment_share: float | None


@dataclass(frozen=True)
class Dashboard:
    partnership: Partnership
    currency: str
    holders: list[Holder]
    columns: list[Column]
    members: list[Row]
    groups: list[Row]
    power_rules: list[PowerRule]
    reciprocity: Reciprocity | None
    trends: list[Trend]
    chart_svg: str
    comments_this_quarter: dict[str, float]  # group -> comments written since quarter_start
    voice_by_kind: dict[str, int]
    benefit_levels: dict[str, int]
    budget_rounds: int
    budget_other_currencies: int
    quarter_start: date
    community_participants: int

    @property
    def waiting(self) -> bool:
        return any(rule.state == WAITING for rule in self.power_rules)

    @property
    def can_request(self) -> bool:
        return any(rule.state in (NOT_COMPUTED, FAILED) for rule in self.power_rules)

    @property
    def chart_columns(self) -> list[Column]:
        return [c for c in self.columns if c.in_chart and c.ready]

    def column(self, kind: str) -> Column | None:
        return next((c for c in self.columns if c.kind == kind), None)

    @property
    def voice_this_quarter(self) -> list[VoiceQuarterRow]:
        """Per group with members or comments: its share of the members and of the comments
        written since :attr:`quarter_start`."""
        members = self.group_members()
        seats = sum(members.values())
        comments = self.comments_this_quarter
        written = sum(comments.values())
        groups = sorted(
            set(members) | {g for g, n in comments.items() if n},
            key=lambda g: GROUP_ORDER.get(g, len(GROUP_ORDER)),
        )
        return [
            VoiceQuarterRow(
                group=g,
                label=group_label(g),
                member_share=members[g] / seats if g in members and seats else None,
                comments=int(comments.get(g, 0)),
                comment_share=comments.get(g, 0) / written if written else None,
            )
            for g in groups
        ]

    def group_members(self) -> dict[str, int]:
        """Member organizations per group (the seats column's counts)."""
        seats = self.column("seats")
        return {g: int(v) for g, v in (seats.group_values if seats else {}).items()}


def _rows(
    holders: list[Holder], columns: list[Column], community_participants: int
) -> tuple[list[Row], list[Row]]:
    extra = []
    if community_participants or any(INDIVIDUALS in c.values for c in columns):
        extra.append(Holder(INDIVIDUALS, group_label(INDIVIDUALS), INDIVIDUALS))
    if any(c.values.get(OTHERS) for c in columns):
        extra.append(Holder(OTHERS, group_label(OTHERS), OTHERS))
    members = [
        Row(
            key=h.key,
            name=h.name,
            group=h.group,
            group_label=group_label(h.group),
            colour=group_colour(h.group),
            shares=[c.share(h.key) for c in columns],
        )
        for h in [*holders, *extra]
    ]
    present = {g for c in columns if c.ready for g, v in c.group_values.items() if v}
    present |= {h.group for h in holders}
    groups = [
        Row(
            key=g,
            name=group_label(g),
            group=g,
            group_label=group_label(g),
            colour=group_colour(g),
            shares=[c.group_share(g) for c in columns],
        )
        for g in sorted(present, key=lambda g: GROUP_ORDER.get(g, len(GROUP_ORDER)))
    ]
    return members, groups


def _concentrations(columns: list[Column], holders: list[Holder]) -> None:
    names = {h.key: h.name for h in holders}
    names |= {INDIVIDUALS: group_label(INDIVIDUALS), OTHERS: group_label(OTHERS)}
    for column in columns:
        if not column.ready:
            continue
        if column.per_member:
            column.concentration = concentration(column.values, names)
        else:
            column.concentration = concentration(
                column.group_values, {g: group_label(g) for g in column.group_values}
            )


def _chart(columns: list[Column], groups: list[Row]) -> str:
    charted = [c for c in columns if c.in_chart and c.ready]
    if not charted:
        return ""
    return stacked_columns_svg(
        [
            ChartColumn(
                label=c.short_label,
                segments=[
                    ChartSegment(g.name, g.colour, c.group_share(g.group) or 0.0) for g in groups
                ],
            )
            for c in charted
        ],
        legend=[(g.name, g.colour) for g in groups],
        title=_("Each sector's share of the seats, resources, power, voice, budget and benefits"),
    )


def balance_dashboard(
    *, partnership: Partnership, today: date | None = None, for_alerts: bool = False
) -> Dashboard:
    """Everything the dashboard shows, read once (see the module docstring).
    ``for_alerts`` reads only what the alerts need (no voice or budget column, no rows,
    trends, reciprocity or picture): the partnership's overview shows the alerts alone."""
    today = today or timezone.localdate()
    since = quarter_start(today)
    holders, by_org = columns.holders_of(partnership)
    seats = columns.seats_column(partnership.slug, holders)
    # the full page reads the ledger's rollups once for its three uses (the resources
    # column, the trends and the reciprocity); the alerts need the column only
    delivered = None if for_alerts else sources.delivered_breakdown(partnership=partnership)
    resources = columns.resources_column(
        partnership, by_org, holders, delivered.by_provider if delivered else None
    )
    power_columns, power_rules = columns.power_columns(partnership, by_org)
    benefits, benefit_counts = columns.benefits_column(partnership, by_org, holders)
    comments = columns.comments_this_quarter(partnership, by_org, since)
    if for_alerts:
        board_columns = [seats, resources, *power_columns, benefits]
        _concentrations(board_columns, holders)
        return Dashboard(
            partnership=partnership,
            currency=partnership.reporting_currency,
            holders=holders,
            columns=board_columns,
            members=[],
            groups=[],
            power_rules=power_rules,
            reciprocity=None,
            trends=[],
            chart_svg="",
            comments_this_quarter=comments,
            voice_by_kind={},
            benefit_levels=benefit_counts.by_level,
            budget_rounds=0,
            budget_other_currencies=0,
            quarter_start=since,
            community_participants=0,
        )
    community = partnership_selectors.community_participant_count(partnership=partnership)
    voice, by_kind = columns.voice_column(partnership, by_org, holders)
    attendance = columns.attendance_column(partnership, by_org, holders)
    budget, decided = columns.budget_column(partnership)
    board_columns = [seats, resources, *power_columns, voice, attendance, budget, benefits]
    _concentrations(board_columns, holders)
    members, groups = _rows(holders, board_columns, community)
    group_of = {h.organization_id: h.group for h in holders if h.organization_id}
    return Dashboard(
        partnership=partnership,
        currency=partnership.reporting_currency,
        holders=holders,
        columns=board_columns,
        members=members,
        groups=groups,
        power_rules=power_rules,
        reciprocity=flow_reciprocity(
            delivered.by_pair, {h.organization_id: h.name for h in holders}
        ),
        trends=trends(
            partnership=partnership,
            group_of=group_of,
            benefits_by_quarter=benefit_counts,
            delivered_by_quarter=delivered.by_provider_and_quarter,
        ),
        chart_svg=_chart(board_columns, groups),
        comments_this_quarter=comments,
        voice_by_kind=by_kind,
        benefit_levels=benefit_counts.by_level,
        budget_rounds=decided.rounds,
        budget_other_currencies=decided.other_currencies,
        quarter_start=since,
        community_participants=community,
    )

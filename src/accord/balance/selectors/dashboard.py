"""The balance dashboard: per member and per sector, side by side, the shares of seats,
resources delivered, decision power under each rule in force, voice, budget decided and
benefits received, each with its concentration; the reciprocity of flows; trends per
quarter; one picture.

:func:`balance_dashboard` reads every source once (``dashboard_sources``: a fixed number of
queries whatever the number of members, entries or comments) and never computes power: an
analysis not stored yet shows as being computed or not computed, and the page offers to
queue it (``decisions.services.power_request``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.balance.charts import ChartColumn, ChartSegment, stacked_columns_svg
from accord.balance.groups import (
    GROUP_ORDER,
    INDIVIDUALS,
    OTHERS,
    group_colour,
    group_label,
    group_of_sector,
)
from accord.balance.selectors import dashboard_sources as sources
from accord.balance.selectors.dashboard_measures import (
    EMPTY,
    FAILED,
    NOT_COMPUTED,
    READY,
    WAITING,
    Column,
    Holder,
    add,
    concentration,
    organization_key,
)
from accord.balance.selectors.dashboard_trends import (
    Reciprocity,
    Trend,
    flow_reciprocity,
    quarter_start,
    trends,
)
from accord.decisions.models import Chamber, DecisionKind, PowerStatus
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships.models import Partnership


def kind_phrase(kind: str) -> str:
    """What a kind of decision is called in a sentence ("the rule for ...")."""
    phrases = {
        DecisionKind.GENERAL: _("general decisions"),
        DecisionKind.ADMISSION: _("admitting a member"),
        DecisionKind.CHARTER: _("amending the charter"),
        DecisionKind.ALLOCATION: _("allocating pooled money"),
    }
    return str(phrases.get(kind, kind))


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
class PowerRule:
    """A rule in force and the state of its stored analysis, with the veto players read
    from it."""

    rule_id: int | None
    name: str
    kinds: list[str]
    kinds_label: str
    state: str
    reason: str
    vetoes: list[str]  # names of voters who can block every decision alone
    evidence_url: str


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


def _url(name: str, slug: str, query: dict[str, Any] | None = None) -> str:
    url = reverse(name, args=[slug])
    return f"{url}?{urlencode(query)}" if query else url


def _holders(partnership: Partnership) -> tuple[list[Holder], dict[int, Holder]]:
    members = sources.members(partnership=partnership)
    holders = [
        Holder(organization_key(org.pk), org.name, group_of_sector(org.sector), org.pk)
        for org in members
    ]
    return holders, {h.organization_id: h for h in holders if h.organization_id is not None}


def _place(
    column: Column, by_org: dict[int, Holder], organization_id: int | None, amount: Any
) -> None:
    """Count ``amount`` for an organization (a member, else the others) or, for None, the
    community participants."""
    if organization_id is None:
        key, group = INDIVIDUALS, INDIVIDUALS
    elif organization_id in by_org:
        holder = by_org[organization_id]
        key, group = holder.key, holder.group
    else:
        key, group = OTHERS, OTHERS
    add(column.values, key, amount)
    add(column.group_values, group, amount)


def _seats(slug: str, holders: list[Holder]) -> Column:
    column = Column(
        key="seats",
        kind="seats",
        label=_("Seats"),
        short_label=_("Seats"),
        source_url=_url("partnerships:membership_list", slug),
        source_label=_("Members"),
        unit=_("members"),
    )
    for holder in holders:
        add(column.values, holder.key, 1)
        add(column.group_values, holder.group, 1)
    if not holders:
        column.state, column.note = EMPTY, _("The partnership has no member organization yet.")
    return column


def _resources(
    partnership: Partnership, by_org: dict[int, Holder], holders: list[Holder]
) -> Column:
    column = Column(
        key="resources",
        kind="resources",
        label=_("Resources delivered"),
        short_label=_("Resources"),
        source_url=_url("resources:resource_summary", partnership.slug),
        source_label=_("Resources"),
        unit=partnership.reporting_currency,
        values={h.key: 0.0 for h in holders},
    )
    for organization_id, amount in sources.delivered(partnership=partnership).items():
        if amount:
            _place(column, by_org, organization_id, amount)
    if column.total <= 0:
        column.state, column.note = EMPTY, _("No resources have been delivered yet.")
    return column


def _voice(
    partnership: Partnership, by_org: dict[int, Holder], holders: list[Holder]
) -> tuple[Column, dict[str, int]]:
    column = Column(
        key="voice",
        kind="voice",
        label=_("Voice (proposals, comments, issues, statements)"),
        short_label=_("Voice"),
        source_url=_url("decisions:proposal_list", partnership.slug),
        source_label=_("Decisions"),
        unit=_("contributions"),
        values={h.key: 0.0 for h in holders},
    )
    by_kind: dict[str, int] = {}
    for (organization_id, kind), count in sources.voice(partnership=partnership).items():
        if count:
            _place(column, by_org, organization_id, count)
            by_kind[kind] = by_kind.get(kind, 0) + count
    if column.total <= 0:
        column.state, column.note = EMPTY, _("Nobody has written a proposal or a comment yet.")
    return column, by_kind


def _comments_this_quarter(
    partnership: Partnership, by_org: dict[int, Holder], since: date
) -> dict[str, float]:
    groups: dict[str, float] = {}
    for (organization_id, kind), count in sources.voice(
        partnership=partnership, since=since
    ).items():
        if kind != "comment" or not count:
            continue
        if organization_id is None:
            group = INDIVIDUALS
        else:
            group = by_org[organization_id].group if organization_id in by_org else OTHERS
        add(groups, group, count)
    return groups


def _budget(partnership: Partnership) -> tuple[Column, sources.BudgetDecided]:
    decided = sources.budget_decided(partnership=partnership)
    column = Column(
        key="budget",
        kind="budget",
        label=_("Budget decided in participation rounds"),
        short_label=_("Budget"),
        source_url=_url("participation:round_list", partnership.slug),
        source_label=_("Participation"),
        unit=decided.currency,
        per_member=False,
    )
    for group, money in decided.by_group.items():
        add(column.group_values, group, money)
    if column.total <= 0:
        column.state, column.note = (
            EMPTY,
            _("No participation round has decided a budget yet."),
        )
    return column, decided


def _benefits(
    partnership: Partnership, by_org: dict[int, Holder], holders: list[Holder]
) -> tuple[Column, sources.BenefitCounts]:
    counts = sources.benefits(partnership=partnership)
    column = Column(
        key="benefits",
        kind="benefits",
        label=_("Benefits received"),
        short_label=_("Benefits"),
        source_url=_url("results:benefit_list", partnership.slug),
        source_label=_("Benefits"),
        unit=_("benefits"),
        values={h.key: 0.0 for h in holders},
    )
    for organization_id, count in counts.by_recipient.items():
        _place(column, by_org, organization_id, count)
    if column.total <= 0:
        column.state, column.note = EMPTY, _("No benefit has been recorded yet.")
    return column, counts


def _power(
    partnership: Partnership, by_org: dict[int, Holder]
) -> tuple[list[Column], list[PowerRule]]:
    columns: list[Column] = []
    rules: list[PowerRule] = []
    for rule in sources.rules_in_force(partnership=partnership):
        outcome = rule.outcome
        evidence = _url(
            "decisions:power_analysis",
            partnership.slug,
            {"rules": rule.rule_id} if rule.rule_id else None,
        )
        kinds_label = ", ".join(kind_phrase(k) for k in rule.kinds)
        if outcome.ready:
            state = READY
        elif outcome.waiting:
            state = WAITING
        elif outcome.status == PowerStatus.FAILED:
            state = FAILED
        else:
            state = NOT_COMPUTED
        vetoes: list[str] = []
        analyses = [a for a in outcome.analyses if a.method != "skipped"] if outcome.ready else []
        for analysis in analyses:
            label = analysis.name if len(analyses) > 1 else rule.name
            banzhaf, shapley = (
                Column(
                    key=f"power-{rule.rule_id or 0}-{analysis.chamber}-{index}",
                    kind="power",
                    label=label_text,
                    short_label=label,
                    source_url=evidence,
                    source_label=_("Power analysis"),
                    in_chart=index == 0,
                    rule_id=rule.rule_id,
                )
                for index, label_text in enumerate(
                    (
                        _("Power under “%(rule)s” (Banzhaf)") % {"rule": label},
                        _("Power under “%(rule)s” (Shapley–Shubik)") % {"rule": label},
                    )
                )
            )
            for member in analysis.members:
                organization_id = (
                    getattr(member.organization, "pk", None)
                    if member.chamber == Chamber.ORGANIZATIONS
                    else None
                )
                if member.chamber == Chamber.ORGANIZATIONS and organization_id is None:
                    continue  # a voter of the analysis who is no longer a member
                _place(banzhaf, by_org, organization_id, member.banzhaf)
                _place(shapley, by_org, organization_id, member.shapley_shubik)
                if member.is_veto or member.is_dictator:
                    vetoes.append(member.name)
            columns += [banzhaf, shapley]
        if not analyses:
            notes = {
                WAITING: _("Being computed: this page shows it when it is ready."),
                NOT_COMPUTED: _("Not computed yet for the current members."),
                FAILED: _("The computation failed: %(reason)s") % {"reason": outcome.reason},
                READY: _("This rule has no power to analyse."),
            }
            columns.append(
                Column(
                    key=f"power-{rule.rule_id or 0}",
                    kind="power",
                    label=_("Power under “%(rule)s”") % {"rule": rule.name},
                    short_label=rule.name,
                    source_url=evidence,
                    source_label=_("Power analysis"),
                    state=state if state != READY else EMPTY,
                    note=str(notes[state]),
                    rule_id=rule.rule_id,
                )
            )
        rules.append(
            PowerRule(
                rule_id=rule.rule_id,
                name=rule.name,
                kinds=list(rule.kinds),
                kinds_label=kinds_label,
                state=state,
                reason=outcome.reason,
                vetoes=sorted(set(vetoes), key=str.casefold),
                evidence_url=evidence,
            )
        )
    return columns, rules


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
    ``for_alerts`` leaves out what no alert reads (trends, reciprocity, the picture)."""
    today = today or timezone.localdate()
    since = quarter_start(today)
    holders, by_org = _holders(partnership)
    community = partnership_selectors.community_participant_count(partnership=partnership)
    seats = _seats(partnership.slug, holders)
    resources = _resources(partnership, by_org, holders)
    power_columns, power_rules = _power(partnership, by_org)
    voice, by_kind = _voice(partnership, by_org, holders)
    budget, decided = _budget(partnership)
    benefits, benefit_counts = _benefits(partnership, by_org, holders)
    columns = [seats, resources, *power_columns, voice, budget, benefits]
    _concentrations(columns, holders)
    members, groups = _rows(holders, columns, community)
    group_of = {h.organization_id: h.group for h in holders if h.organization_id}
    return Dashboard(
        partnership=partnership,
        currency=partnership.reporting_currency,
        holders=holders,
        columns=columns,
        members=members,
        groups=groups,
        power_rules=power_rules,
        reciprocity=None
        if for_alerts
        else flow_reciprocity(
            sources.flows(partnership=partnership), {h.organization_id: h.name for h in holders}
        ),
        trends=[]
        if for_alerts
        else trends(partnership=partnership, group_of=group_of, benefits_by_quarter=benefit_counts),
        chart_svg="" if for_alerts else _chart(columns, groups),
        comments_this_quarter=_comments_this_quarter(partnership, by_org, since),
        voice_by_kind=by_kind,
        benefit_levels=benefit_counts.by_level,
        budget_rounds=decided.rounds,
        budget_other_currencies=decided.other_currencies,
        quarter_start=since,
        community_participants=community,
    )

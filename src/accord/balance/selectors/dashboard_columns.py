"""The dashboard's columns, one builder per source: seats, resources delivered, power
under each rule in force, voice, budget decided and benefits received. Each places what
its source counts on the holders (member organizations, community participants, others)
and on the groups, and says where its data come from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from accord.balance.groups import INDIVIDUALS, OTHERS, group_of_sector
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
    organization_key,
)
from accord.decisions.models import Chamber, DecisionKind, PowerStatus
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


def url_of(name: str, slug: str, query: dict[str, Any] | None = None) -> str:
    url = reverse(name, args=[slug])
    return f"{url}?{urlencode(query)}" if query else url


def holders_of(partnership: Partnership) -> tuple[list[Holder], dict[int, Holder]]:
    members = sources.members(partnership=partnership)
    holders = [
        Holder(organization_key(org.pk), org.name, group_of_sector(org.sector), org.pk)
        for org in members
    ]
    return holders, {h.organization_id: h for h in holders if h.organization_id is not None}


def place(
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


def seats_column(slug: str, holders: list[Holder]) -> Column:
    column = Column(
        key="seats",
        kind="seats",
        label=_("Seats"),
        short_label=_("Seats"),
        source_url=url_of("partnerships:membership_list", slug),
        source_label=_("Members"),
        unit=_("members"),
    )
    for holder in holders:
        add(column.values, holder.key, 1)
        add(column.group_values, holder.group, 1)
    if not holders:
        column.state, column.note = EMPTY, _("The partnership has no member organization yet.")
    return column


def resources_column(
    partnership: Partnership,
    by_org: dict[int, Holder],
    holders: list[Holder],
    delivered: dict[int, Any] | None = None,
) -> Column:
    """``delivered`` per provider when the caller has read it already."""
    column = Column(
        key="resources",
        kind="resources",
        label=_("Resources delivered"),
        short_label=_("Resources"),
        source_url=url_of("resources:resource_summary", partnership.slug),
        source_label=_("Resources"),
        unit=partnership.reporting_currency,
        values={h.key: 0.0 for h in holders},
    )
    if delivered is None:
        delivered = sources.delivered(partnership=partnership)
    for organization_id, amount in delivered.items():
        if amount:
            place(column, by_org, organization_id, amount)
    if column.total <= 0:
        column.state, column.note = EMPTY, _("No resources have been delivered yet.")
    return column


def voice_column(
    partnership: Partnership, by_org: dict[int, Holder], holders: list[Holder]
) -> tuple[Column, dict[str, int]]:
    column = Column(
        key="voice",
        kind="voice",
        label=_("Voice (proposals, comments, issues, statements)"),
        short_label=_("Voice"),
        source_url=url_of("decisions:proposal_list", partnership.slug),
        source_label=_("Decisions"),
        unit=_("contributions"),
        values={h.key: 0.0 for h in holders},
    )
    by_kind: dict[str, int] = {}
    for (organization_id, kind), count in sources.voice(partnership=partnership).items():
        if count:
            place(column, by_org, organization_id, count)
            by_kind[kind] = by_kind.get(kind, 0) + count
    if column.total <= 0:
        column.state, column.note = EMPTY, _("Nobody has written a proposal or a comment yet.")
    return column, by_kind


def attendance_column(
    partnership: Partnership, by_org: dict[int, Holder], holders: list[Holder]
) -> Column:
    """Meetings attended out of the meetings whose attendance was recorded, per member and
    per sector; the community participants (people who speak for no member) together."""
    summary = sources.attendance(partnership=partnership)
    column = Column(
        key="attendance",
        kind="attendance",
        label=_("Meetings attended (of those recorded)"),
        short_label=_("Attendance"),
        source_url=url_of("meetings:meeting_list", partnership.slug),
        source_label=_("Meetings"),
        unit=_("meetings attended"),
        values={h.key: 0.0 for h in holders},
        in_chart=False,
        rate=True,
    )
    for organization_id, count in summary.recorded.items():
        place_rate(column, by_org, organization_id, count)
    for organization_id, count in summary.attended.items():
        place(column, by_org, organization_id, count)
    if not summary.recorded:
        column.state, column.note = EMPTY, _("No meeting's attendance has been recorded yet.")
    return column


def place_rate(
    column: Column, by_org: dict[int, Holder], organization_id: int | None, amount: Any
) -> None:
    """Count ``amount`` in a rate column's denominators, placed as :func:`place` places."""
    if organization_id is None:
        key, group = INDIVIDUALS, INDIVIDUALS
    elif organization_id in by_org:
        holder = by_org[organization_id]
        key, group = holder.key, holder.group
    else:
        key, group = OTHERS, OTHERS
    add(column.denominators, key, amount)
    add(column.group_denominators, group, amount)
    column.values.setdefault(key, 0.0)
    column.group_values.setdefault(group, 0.0)


def comments_this_quarter(
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


def budget_column(partnership: Partnership) -> tuple[Column, sources.BudgetDecided]:
    decided = sources.budget_decided(partnership=partnership)
    column = Column(
        key="budget",
        kind="budget",
        label=_("Budget decided in participation rounds"),
        short_label=_("Budget"),
        source_url=url_of("participation:round_list", partnership.slug),
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


def benefits_column(
    partnership: Partnership, by_org: dict[int, Holder], holders: list[Holder]
) -> tuple[Column, sources.BenefitCounts]:
    counts = sources.benefits(partnership=partnership)
    column = Column(
        key="benefits",
        kind="benefits",
        label=_("Benefits received"),
        short_label=_("Benefits"),
        source_url=url_of("results:benefit_list", partnership.slug),
        source_label=_("Benefits"),
        unit=_("benefits"),
        values={h.key: 0.0 for h in holders},
    )
    for organization_id, count in counts.by_recipient.items():
        place(column, by_org, organization_id, count)
    if column.total <= 0:
        column.state, column.note = EMPTY, _("No benefit has been recorded yet.")
    return column, counts


def power_columns(
    partnership: Partnership, by_org: dict[int, Holder]
) -> tuple[list[Column], list[PowerRule]]:
    columns: list[Column] = []
    rules: list[PowerRule] = []
    for rule in sources.rules_in_force(partnership=partnership):
        outcome = rule.outcome
        evidence = url_of(
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
                place(banzhaf, by_org, organization_id, member.banzhaf)
                place(shapley, by_org, organization_id, member.shapley_shubik)
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

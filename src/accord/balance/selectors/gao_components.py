"""The components of the GAO practices' scores, as small pure functions of plain numbers
(the charter's are in ``gao_charter``).

A *component* is one piece of evidence read from the partnership's records, turned into a
fraction from 0 to 1 with a sentence that says how (``Component``); ``fraction`` is None
when the module it reads holds no data yet ("no evidence yet"), never a guess. A
*practice* is scored 0–100 as the mean of the fractions of its components that have
evidence, times 100, rounded; with no component in evidence it has no score.

The practices are GAO-06-15's eight and GAO-23-105520's eight (shared/docs/INSTRUMENTS.md
§4.1 and §4.3); which records count for which practice follows the mapping of §4.4 and is
described component by component in docs/gao-practices.md. Nothing here touches the
database: ``gao_evidence`` gathers a ``GaoEvidence`` from the other apps' selectors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DECISION_KINDS = 4  # general, admission, charter, allocation (decisions.DecisionKind)


@dataclass(frozen=True)
class GaoEvidence:
    """Every count the components read, gathered from the partnership's records."""

    today: date
    member_count: int = 0
    member_sectors: tuple[str, ...] = ()
    # the charter in force (its latest published version)
    charter_version: int | None = None
    charter_published_on: date | None = None
    charter_versions: int = 0
    charter_signed_by_members: int = 0
    charter_sections: frozenset[str] = frozenset()
    # results: indicators and their reports
    indicators: int = 0
    indicators_with_targets: int = 0
    reports_due: int = 0
    reports_on_time: int = 0
    # results: accountability
    commitments: int = 0
    members_with_commitments: int = 0
    commitments_settled: int = 0
    commitments_kept: int = 0
    actions: int = 0
    actions_settled: int = 0
    actions_done_on_time: int = 0
    # resources
    pledging_members: int = 0
    pledged_due: float = 0.0
    pledged_on_time: float = 0.0
    activities: int = 0
    activities_with_raci: int = 0
    activities_joint: int = 0
    # decisions
    rules: int = 0
    rule_kinds_assigned: int = 0
    # partnerships: people
    coordinators: int = 0
    # stakeholders
    stakeholders_rated: int = 0
    stakeholders_relevant: int = 0
    stakeholders_relevant_members: int = 0
    sectors_on_map: tuple[str, ...] = ()
    sectors_with_member: tuple[str, ...] = ()


@dataclass(frozen=True)
class Component:
    code: str
    title: str
    fraction: float | None  # 0–1; None: no evidence yet
    explanation: str
    evidence: str  # which page holds the records: a key of gao.EVIDENCE_PAGES

    @property
    def has_evidence(self) -> bool:
        return self.fraction is not None

    @property
    def percent(self) -> int | None:
        return None if self.fraction is None else round(100 * self.fraction)


def make_component(
    code: str, title: str, evidence: str, fraction: float | None, explanation: str
) -> Component:
    if fraction is not None:
        fraction = min(1.0, max(0.0, fraction))
    return Component(code, title, fraction, explanation, evidence)


def no_evidence(code: str, title: str, evidence: str, why: str) -> Component:
    return Component(code, title, None, _("No evidence yet: %(why)s") % {"why": why}, evidence)


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


# --- results ----------------------------------------------------------------------------


def targets_set(ev: GaoEvidence) -> Component:
    title = _("Outcomes with targets")
    if not ev.indicators:
        return no_evidence("targets_set", title, "indicators", _("no indicator is defined."))
    return make_component(
        "targets_set",
        title,
        "indicators",
        ratio(ev.indicators_with_targets, ev.indicators),
        _("%(with)s of %(total)s indicators have targets.")
        % {"with": ev.indicators_with_targets, "total": ev.indicators},
    )


def reports_on_time(ev: GaoEvidence) -> Component:
    title = _("Results reported on time")
    if not ev.reports_due:
        return no_evidence(
            "reports_on_time", title, "indicators", _("no indicator report has fallen due.")
        )
    return make_component(
        "reports_on_time",
        title,
        "indicators",
        ratio(ev.reports_on_time, ev.reports_due),
        _("%(on_time)s of %(due)s reports due were submitted on time.")
        % {"on_time": ev.reports_on_time, "due": ev.reports_due},
    )


def commitments_kept(ev: GaoEvidence) -> Component:
    title = _("Organizations kept their commitments")
    if not ev.commitments_settled:
        return no_evidence(
            "commitments_kept", title, "accountability", _("no commitment has ended or fallen due.")
        )
    return make_component(
        "commitments_kept",
        title,
        "accountability",
        ratio(ev.commitments_kept, ev.commitments_settled),
        _(
            "%(kept)s of %(settled)s commitments that ended or fell due were kept and "
            "confirmed (late, dropped or unconfirmed ones count against)."
        )
        % {"kept": ev.commitments_kept, "settled": ev.commitments_settled},
    )


def commitments_spread(ev: GaoEvidence) -> Component:
    title = _("Every member has committed")
    if not ev.commitments:
        return no_evidence(
            "commitments_spread", title, "commitments", _("no commitment is recorded.")
        )
    return make_component(
        "commitments_spread",
        title,
        "commitments",
        ratio(ev.members_with_commitments, ev.member_count),
        _("%(with)s of %(members)s members have recorded commitments.")
        % {"with": ev.members_with_commitments, "members": ev.member_count},
    )


def actions_on_time(ev: GaoEvidence) -> Component:
    title = _("Named people did their action items on time")
    if not ev.actions_settled:
        return no_evidence(
            "actions_on_time", title, "action_items", _("no action item is done or overdue.")
        )
    return make_component(
        "actions_on_time",
        title,
        "action_items",
        ratio(ev.actions_done_on_time, ev.actions_settled),
        _(
            "%(on_time)s of %(settled)s action items done or overdue were done by their "
            "owner on time."
        )
        % {"on_time": ev.actions_done_on_time, "settled": ev.actions_settled},
    )


# --- resources --------------------------------------------------------------------------


def resources_pledged(ev: GaoEvidence) -> Component:
    title = _("Members bring resources")
    if not ev.pledging_members:
        return no_evidence("resources_pledged", title, "resources", _("no pledge is recorded."))
    return make_component(
        "resources_pledged",
        title,
        "resources",
        ratio(ev.pledging_members, ev.member_count),
        _("%(with)s of %(members)s members have pledged resources.")
        % {"with": ev.pledging_members, "members": ev.member_count},
    )


def pledges_on_time(ev: GaoEvidence) -> Component:
    title = _("Pledges delivered on time")
    if ev.pledged_due <= 0:
        return no_evidence(
            "pledges_on_time", title, "resources", _("no pledge installment has fallen due.")
        )
    fraction = ev.pledged_on_time / ev.pledged_due
    return make_component(
        "pledges_on_time",
        title,
        "resources",
        fraction,
        _("%(percent)s%% of the value that fell due was delivered on time.")
        % {"percent": round(100 * min(1.0, fraction))},
    )


def joint_activities(ev: GaoEvidence) -> Component:
    title = _("Activities run together")
    if not ev.activities:
        return no_evidence("joint_activities", title, "workplan", _("the workplan is empty."))
    return make_component(
        "joint_activities",
        title,
        "workplan",
        ratio(ev.activities_joint, ev.activities),
        _("%(joint)s of %(total)s activities of the workplan involve two or more organizations.")
        % {"joint": ev.activities_joint, "total": ev.activities},
    )


def raci_coverage(ev: GaoEvidence) -> Component:
    title = _("Who is responsible and accountable")
    if not ev.activities:
        return no_evidence("raci_coverage", title, "workplan", _("the workplan is empty."))
    return make_component(
        "raci_coverage",
        title,
        "workplan",
        ratio(ev.activities_with_raci, ev.activities),
        _("%(with)s of %(total)s activities name both who is responsible and who is accountable.")
        % {"with": ev.activities_with_raci, "total": ev.activities},
    )


# --- decisions, leadership, participants ------------------------------------------------


def decision_rules(ev: GaoEvidence) -> Component:
    title = _("An agreed way to decide")
    if not ev.rules:
        return no_evidence(
            "decision_rules", title, "decision_rules", _("no decision rule is defined.")
        )
    return make_component(
        "decision_rules",
        title,
        "decision_rules",
        ev.rule_kinds_assigned / DECISION_KINDS,
        _(
            "A rule is assigned to %(kinds)s of %(total)s kinds of decision (general, "
            "admissions, charter, pooled money)."
        )
        % {"kinds": ev.rule_kinds_assigned, "total": DECISION_KINDS},
    )


def coordinator_named(ev: GaoEvidence) -> Component:
    return make_component(
        "coordinator_named",
        _("A lead is named"),
        "members",
        1.0 if ev.coordinators else 0.0,
        ngettext(
            "%(count)s coordinator is named.", "%(count)s coordinators are named.", ev.coordinators
        )
        % {"count": ev.coordinators},
    )


def leadership_shared(ev: GaoEvidence) -> Component:
    """Leadership that rests on one person is not sustained: two coordinators or more count
    fully, one counts nothing."""
    return make_component(
        "leadership_shared",
        _("Leadership does not rest on one person"),
        "members",
        1.0 if ev.coordinators >= 2 else 0.0,
        _("Two or more coordinators share the lead.")
        if ev.coordinators >= 2
        else _("The lead rests on one coordinator or none: nobody is ready to take over."),
    )


def relevant_included(ev: GaoEvidence) -> Component:
    title = _("Relevant stakeholders are members")
    if not ev.stakeholders_relevant:
        return no_evidence(
            "relevant_included",
            title,
            "stakeholders",
            _("no stakeholder on the map is rated high in power or interest."),
        )
    return make_component(
        "relevant_included",
        title,
        "stakeholders",
        ratio(ev.stakeholders_relevant_members, ev.stakeholders_relevant),
        _(
            "%(members)s of %(relevant)s stakeholders the members rate high in power or "
            "interest are members."
        )
        % {"members": ev.stakeholders_relevant_members, "relevant": ev.stakeholders_relevant},
    )


def sectors_covered(ev: GaoEvidence, sector_label: Callable[[str], str] = str) -> Component:
    title = _("Every sector on the map has a member")
    if not ev.sectors_on_map:
        return no_evidence(
            "sectors_covered", title, "stakeholders", _("no stakeholder on the map is rated.")
        )
    missing = [s for s in ev.sectors_on_map if s not in ev.sectors_with_member]
    explanation = _("%(with)s of %(total)s sectors on the stakeholder map have a member.") % {
        "with": len(ev.sectors_with_member),
        "total": len(ev.sectors_on_map),
    }
    if missing:
        explanation += " " + _("Without one: %(sectors)s.") % {
            "sectors": ", ".join(sector_label(s) for s in missing)
        }
    return make_component(
        "sectors_covered",
        title,
        "stakeholders",
        ratio(len(ev.sectors_with_member), len(ev.sectors_on_map)),
        explanation,
    )

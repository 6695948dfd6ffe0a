"""The components of the GAO practices' scores, as small pure functions of plain numbers.

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
from django.utils.translation import gettext_lazy, ngettext

#: The charter's policy sections that make procedures compatible across organizations.
POLICY_SECTIONS = (
    ("policy_data_sharing", gettext_lazy("data sharing")),
    ("policy_intellectual_property", gettext_lazy("intellectual property")),
    ("policy_conflict_resolution", gettext_lazy("conflict resolution")),
    ("policy_exit", gettext_lazy("exit")),
)
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


def _component(
    code: str, title: str, evidence: str, fraction: float | None, explanation: str
) -> Component:
    if fraction is not None:
        fraction = min(1.0, max(0.0, fraction))
    return Component(code, title, fraction, explanation, evidence)


def _no_evidence(code: str, title: str, evidence: str, why: str) -> Component:
    return Component(code, title, None, _("No evidence yet: %(why)s") % {"why": why}, evidence)


def _of(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


# --- the charter ------------------------------------------------------------------------


def _no_charter(code: str, title: str) -> Component:
    return _no_evidence(code, title, "charter", _("no charter is published."))


def common_outcome(ev: GaoEvidence) -> Component:
    """The charter states the common outcome (a required section); counted by the share of
    members that signed the version in force."""
    title = _("Common outcome")
    if ev.charter_version is None:
        return _no_charter("common_outcome", title)
    return _component(
        "common_outcome",
        title,
        "charter",
        _of(ev.charter_signed_by_members, ev.member_count),
        _(
            "The charter (version %(version)s) states one, signed by %(signed)s of %(members)s members."
        )
        % {
            "version": ev.charter_version,
            "signed": ev.charter_signed_by_members,
            "members": ev.member_count,
        },
    )


def charter_signed(ev: GaoEvidence) -> Component:
    """The written agreement is signed by every member: the share that signed."""
    title = _("Charter signed by the members")
    if ev.charter_version is None:
        return _no_charter("charter_signed", title)
    return _component(
        "charter_signed",
        title,
        "charter",
        _of(ev.charter_signed_by_members, ev.member_count),
        _("Version %(version)s of the charter is signed by %(signed)s of %(members)s members.")
        % {
            "version": ev.charter_version,
            "signed": ev.charter_signed_by_members,
            "members": ev.member_count,
        },
    )


def months_since(then: date, today: date) -> int:
    """Whole calendar months from ``then`` to ``today`` (0 in the same month).

    >>> months_since(date(2025, 1, 31), date(2026, 1, 1))
    12
    """
    return max(0, (today.year - then.year) * 12 + today.month - then.month)


def recency_fraction(months: int) -> float:
    """1 within 12 months, 0.5 within 24, else 0: outcomes and agreements are reviewed yearly.

    >>> recency_fraction(12), recency_fraction(13), recency_fraction(25)
    (1.0, 0.5, 0.0)
    """
    if months <= 12:
        return 1.0
    return 0.5 if months <= 24 else 0.0


def _charter_recency(ev: GaoEvidence, code: str, title: str) -> Component:
    if ev.charter_version is None or ev.charter_published_on is None:
        return _no_charter(code, title)
    months = months_since(ev.charter_published_on, ev.today)
    when = (
        _("this month")
        if months == 0
        else ngettext("%(months)s month ago", "%(months)s months ago", months) % {"months": months}
    )
    earlier = max(0, ev.charter_versions - 1)
    history = (
        _("the first")
        if earlier == 0
        else ngettext(
            "after %(count)s earlier version", "after %(count)s earlier versions", earlier
        )
        % {"count": earlier}
    )
    return _component(
        code,
        title,
        "charter",
        recency_fraction(months),
        _(
            "Version %(version)s (%(history)s) was published %(when)s; within a year counts "
            "fully, within two years half."
        )
        % {"version": ev.charter_version, "history": history, "when": when},
    )


def outcome_reviewed(ev: GaoEvidence) -> Component:
    return _charter_recency(ev, "outcome_reviewed", _("Outcome reviewed in the last year"))


def charter_current(ev: GaoEvidence) -> Component:
    return _charter_recency(ev, "charter_current", _("Agreement kept up to date"))


def _charter_section(ev: GaoEvidence, code: str, title: str, section: str, what: str) -> Component:
    if ev.charter_version is None:
        return _no_charter(code, title)
    written = section in ev.charter_sections
    return _component(
        code,
        title,
        "charter",
        1.0 if written else 0.0,
        (
            _("The charter's section on %(what)s is written.")
            if written
            else _("The charter's section on %(what)s is empty.")
        )
        % {"what": what},
    )


def joint_strategies(ev: GaoEvidence) -> Component:
    return _charter_section(
        ev, "joint_strategies", _("Joint strategies"), "joint_strategies", _("joint strategies")
    )


def roles_in_charter(ev: GaoEvidence) -> Component:
    return _charter_section(
        ev,
        "roles_in_charter",
        _("Roles written down"),
        "roles_and_responsibilities",
        _("roles and responsibilities"),
    )


def shared_values(ev: GaoEvidence) -> Component:
    return _charter_section(
        ev, "shared_values", _("Shared values and terms"), "shared_values", _("shared values")
    )


def data_sharing(ev: GaoEvidence) -> Component:
    return _charter_section(
        ev, "data_sharing", _("Data-sharing agreement"), "policy_data_sharing", _("data sharing")
    )


def compatible_policies(ev: GaoEvidence) -> Component:
    """The share of the charter's four policy sections that are written."""
    title = _("Compatible policies")
    if ev.charter_version is None:
        return _no_charter("compatible_policies", title)
    written = [str(label) for section, label in POLICY_SECTIONS if section in ev.charter_sections]
    return _component(
        "compatible_policies",
        title,
        "charter",
        len(written) / len(POLICY_SECTIONS),
        _("The charter has %(count)s of %(total)s policies (%(names)s).")
        % {
            "count": len(written),
            "total": len(POLICY_SECTIONS),
            "names": ", ".join(written) if written else _("none"),
        },
    )


# --- results ----------------------------------------------------------------------------


def targets_set(ev: GaoEvidence) -> Component:
    title = _("Outcomes with targets")
    if not ev.indicators:
        return _no_evidence("targets_set", title, "indicators", _("no indicator is defined."))
    return _component(
        "targets_set",
        title,
        "indicators",
        _of(ev.indicators_with_targets, ev.indicators),
        _("%(with)s of %(total)s indicators have targets.")
        % {"with": ev.indicators_with_targets, "total": ev.indicators},
    )


def reports_on_time(ev: GaoEvidence) -> Component:
    title = _("Results reported on time")
    if not ev.reports_due:
        return _no_evidence(
            "reports_on_time", title, "indicators", _("no indicator report has fallen due.")
        )
    return _component(
        "reports_on_time",
        title,
        "indicators",
        _of(ev.reports_on_time, ev.reports_due),
        _("%(on_time)s of %(due)s reports due were submitted on time.")
        % {"on_time": ev.reports_on_time, "due": ev.reports_due},
    )


def commitments_kept(ev: GaoEvidence) -> Component:
    title = _("Organizations kept their commitments")
    if not ev.commitments_settled:
        return _no_evidence(
            "commitments_kept", title, "accountability", _("no commitment has ended or fallen due.")
        )
    return _component(
        "commitments_kept",
        title,
        "accountability",
        _of(ev.commitments_kept, ev.commitments_settled),
        _(
            "%(kept)s of %(settled)s commitments that ended or fell due were kept and "
            "confirmed (late, dropped or unconfirmed ones count against)."
        )
        % {"kept": ev.commitments_kept, "settled": ev.commitments_settled},
    )


def commitments_spread(ev: GaoEvidence) -> Component:
    title = _("Every member has committed")
    if not ev.commitments:
        return _no_evidence(
            "commitments_spread", title, "commitments", _("no commitment is recorded.")
        )
    return _component(
        "commitments_spread",
        title,
        "commitments",
        _of(ev.members_with_commitments, ev.member_count),
        _("%(with)s of %(members)s members have recorded commitments.")
        % {"with": ev.members_with_commitments, "members": ev.member_count},
    )


def actions_on_time(ev: GaoEvidence) -> Component:
    title = _("Named people did their action items on time")
    if not ev.actions_settled:
        return _no_evidence(
            "actions_on_time", title, "action_items", _("no action item is done or overdue.")
        )
    return _component(
        "actions_on_time",
        title,
        "action_items",
        _of(ev.actions_done_on_time, ev.actions_settled),
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
        return _no_evidence("resources_pledged", title, "resources", _("no pledge is recorded."))
    return _component(
        "resources_pledged",
        title,
        "resources",
        _of(ev.pledging_members, ev.member_count),
        _("%(with)s of %(members)s members have pledged resources.")
        % {"with": ev.pledging_members, "members": ev.member_count},
    )


def pledges_on_time(ev: GaoEvidence) -> Component:
    title = _("Pledges delivered on time")
    if ev.pledged_due <= 0:
        return _no_evidence(
            "pledges_on_time", title, "resources", _("no pledge installment has fallen due.")
        )
    fraction = ev.pledged_on_time / ev.pledged_due
    return _component(
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
        return _no_evidence("joint_activities", title, "workplan", _("the workplan is empty."))
    return _component(
        "joint_activities",
        title,
        "workplan",
        _of(ev.activities_joint, ev.activities),
        _("%(joint)s of %(total)s activities of the workplan involve two or more organizations.")
        % {"joint": ev.activities_joint, "total": ev.activities},
    )


def raci_coverage(ev: GaoEvidence) -> Component:
    title = _("Who is responsible and accountable")
    if not ev.activities:
        return _no_evidence("raci_coverage", title, "workplan", _("the workplan is empty."))
    return _component(
        "raci_coverage",
        title,
        "workplan",
        _of(ev.activities_with_raci, ev.activities),
        _("%(with)s of %(total)s activities name both who is responsible and who is accountable.")
        % {"with": ev.activities_with_raci, "total": ev.activities},
    )


# --- decisions, leadership, participants ------------------------------------------------


def decision_rules(ev: GaoEvidence) -> Component:
    title = _("An agreed way to decide")
    if not ev.rules:
        return _no_evidence(
            "decision_rules", title, "decision_rules", _("no decision rule is defined.")
        )
    return _component(
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
    return _component(
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
    return _component(
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
        return _no_evidence(
            "relevant_included",
            title,
            "stakeholders",
            _("no stakeholder on the map is rated high in power or interest."),
        )
    return _component(
        "relevant_included",
        title,
        "stakeholders",
        _of(ev.stakeholders_relevant_members, ev.stakeholders_relevant),
        _(
            "%(members)s of %(relevant)s stakeholders the members rate high in power or "
            "interest are members."
        )
        % {"members": ev.stakeholders_relevant_members, "relevant": ev.stakeholders_relevant},
    )


def sectors_covered(ev: GaoEvidence, sector_label: Callable[[str], str] = str) -> Component:
    title = _("Every sector on the map has a member")
    if not ev.sectors_on_map:
        return _no_evidence(
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
    return _component(
        "sectors_covered",
        title,
        "stakeholders",
        _of(len(ev.sectors_with_member), len(ev.sectors_on_map)),
        explanation,
    )

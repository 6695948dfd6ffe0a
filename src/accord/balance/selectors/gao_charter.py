"""The charter's components of the GAO practices' scores (``gao_components`` holds the
others and the shared pieces): the common outcome and who signed it, how recent the
version in force is, and which of its sections are written. Pure functions of a
``GaoEvidence``; "no evidence yet" while no charter is published.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accord.balance.selectors.gao_components import (
    Component,
    GaoEvidence,
    make_component,
    no_evidence,
    ratio,
)

#: The charter's policy sections that make procedures compatible across organizations.
POLICY_SECTIONS = (
    ("policy_data_sharing", gettext_lazy("data sharing")),
    ("policy_intellectual_property", gettext_lazy("intellectual property")),
    ("policy_conflict_resolution", gettext_lazy("conflict resolution")),
    ("policy_exit", gettext_lazy("exit")),
)


def _no_charter(code: str, title: str) -> Component:
    return no_evidence(code, title, "charter", _("no charter is published."))


def common_outcome(ev: GaoEvidence) -> Component:
    """The charter states the common outcome (a required section); counted by the share of
    members that signed the version in force."""
    title = _("Common outcome")
    if ev.charter_version is None:
        return _no_charter("common_outcome", title)
    return make_component(
        "common_outcome",
        title,
        "charter",
        ratio(ev.charter_signed_by_members, ev.member_count),
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
    return make_component(
        "charter_signed",
        title,
        "charter",
        ratio(ev.charter_signed_by_members, ev.member_count),
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
    return make_component(
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
    return make_component(
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
    return make_component(
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

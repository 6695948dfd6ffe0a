"""The GAO page's evidence, read from the other apps through their own selectors into one
``GaoEvidence`` of plain counts: the charter (partnerships), indicators and their reports,
commitments and action items (results), pledges and the workplan (resources), decision
rules (decisions), coordinators, and the stakeholder map (stakeholders).

A fixed number of queries whatever the size of the partnership (pinned by
tests/balance/test_gao_queries.py).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from accord.balance.selectors.gao_components import GaoEvidence
from accord.decisions.selectors import rules as decision_rules
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships.models import CHARTER_SECTIONS, ParticipantRole, Partnership
from accord.resources import selectors as resource_selectors
from accord.resources.models import Raci
from accord.results import selectors as result_selectors
from accord.stakeholders import selectors as stakeholder_selectors


def _charter(partnership: Partnership, member_ids: set[int]) -> dict[str, Any]:
    versions = partnership_selectors.charter_overview(partnership=partnership)
    published = [v for v in versions if v.version.is_published]
    current = next((v for v in versions if v.is_current), None)
    if current is None:
        return {}
    version = current.version
    return {
        "charter_version": version.number,
        "charter_published_on": timezone.localdate(version.published_at),
        "charter_versions": len(published),
        # signatures of organizations no longer members are not counted
        "charter_signed_by_members": sum(
            1
            for row in current.rows
            if row.signature is not None and row.organization.pk in member_ids
        ),
        "charter_sections": frozenset(
            name for name, _label in CHARTER_SECTIONS if (getattr(version, name) or "").strip()
        ),
    }


def gao_evidence(*, actor: Any, partnership: Partnership) -> GaoEvidence:
    """Everything the components read, for ``partnership`` as ``actor`` sees it."""
    today = timezone.localdate()
    members = list(partnership_selectors.member_organizations(partnership=partnership))
    member_ids = {org.pk for org in members}
    fields: dict[str, Any] = {
        "today": today,
        "member_count": len(members),
        "member_sectors": tuple(sorted({org.sector for org in members})),
    }

    fields.update(_charter(partnership, member_ids))

    progress = result_selectors.indicator_progress_list(actor=actor, partnership=partnership)
    fields["indicators"] = len(progress)
    fields["indicators_with_targets"] = sum(
        1 for p in progress if any(row.target is not None for row in p.rows)
    )

    accountability = result_selectors.accountability_overview(actor=actor, partnership=partnership)
    fields["reports_due"] = sum(row.reports.due for row in accountability)
    fields["reports_on_time"] = sum(row.reports.on_time for row in accountability)
    fields["commitments"] = sum(row.commitments.total for row in accountability)
    fields["members_with_commitments"] = sum(1 for row in accountability if row.commitments.total)
    fields["commitments_kept"] = sum(row.commitments.kept for row in accountability)
    fields["commitments_settled"] = sum(
        row.commitments.kept
        + row.commitments.done_unconfirmed
        + row.commitments.late
        + row.commitments.dropped
        for row in accountability
    )
    fields["actions"] = sum(row.actions.total for row in accountability)
    fields["actions_settled"] = sum(
        row.actions.done + row.actions.overdue for row in accountability
    )
    fields["actions_done_on_time"] = sum(row.actions.done_on_time for row in accountability)

    summary = resource_selectors.resource_summary(partnership=partnership)
    fields["pledging_members"] = sum(1 for row in summary.partners if row.pledged_total > 0)
    reliabilities = [row.reliability for row in summary.partners if row.reliability is not None]
    fields["pledged_due"] = float(sum(r.due for r in reliabilities))
    fields["pledged_on_time"] = float(sum(r.delivered_on_time for r in reliabilities))

    activities = list(resource_selectors.activity_list(partnership=partnership))
    fields["activities"] = len(activities)
    fields["activities_with_raci"] = sum(
        1
        for activity in activities
        if {Raci.RESPONSIBLE, Raci.ACCOUNTABLE} <= {r.raci for r in activity.responsibilities.all()}
    )
    fields["activities_joint"] = sum(
        1 for activity in activities if len(_organizations_of(activity)) >= 2
    )

    fields["rules"] = decision_rules.rule_list(partnership=partnership).count()
    fields["rule_kinds_assigned"] = len(
        {a.kind for a in decision_rules.assignment_list(partnership=partnership)}
    )

    fields["coordinators"] = sum(
        1
        for participant in partnership_selectors.participant_list(partnership=partnership)
        if participant.role == ParticipantRole.COORDINATOR
    )

    coverage = stakeholder_selectors.stakeholder_coverage(partnership=partnership)
    fields["stakeholders_rated"] = coverage.stakeholders_rated
    fields["stakeholders_relevant"] = coverage.relevant
    fields["stakeholders_relevant_members"] = coverage.relevant_members
    fields["sectors_on_map"] = coverage.sectors_on_map
    fields["sectors_with_member"] = coverage.sectors_with_member
    return GaoEvidence(**fields)


def _organizations_of(activity: Any) -> set[int]:
    """The organizations taking part in an activity: its lead, its chain, its RACI."""
    organizations = {activity.lead_organization_id}
    organizations |= {link.organization_id for link in activity.chain.all()}
    organizations |= {r.organization_id for r in activity.responsibilities.all()}
    return organizations

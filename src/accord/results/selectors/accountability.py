"""Commitments, action items, and who kept their word.

``accountability_overview`` and ``organization_accountability`` put together, per member
organization: its commitments kept, its pledges delivered on time (the resources
reliability, ``accord.resources.selectors.resource_summary``), its measurements reported
on time (``indicator_progress_list``) and its action items done. They issue a fixed number
of queries whatever the number of organizations, commitments and items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.decisions.models import Proposal
from accord.engine.resources.reliability import PartnerReliability
from accord.errors import NotFound
from accord.partners.models import Affiliation, Organization
from accord.partnerships.models import MembershipStatus, Partnership
from accord.partnerships.selectors import member_organizations
from accord.resources import selectors as resource_selectors
from accord.results.models import (
    ActionItem,
    ActionItemReassignment,
    ActionItemStatus,
    Commitment,
    CommitmentStatus,
)
from accord.results.selectors.indicators import indicator_progress_list

OPEN_COMMITMENT = (CommitmentStatus.ON_TRACK, CommitmentStatus.LATE)


# --- commitments ------------------------------------------------------------------------


def commitment_list(
    *, partnership: Partnership, organization: Organization | None = None
) -> QuerySet[Commitment]:
    """The partnership's commitments (one organization's when given), each with
    ``is_overdue``: still open and past its due date."""
    today = timezone.localdate()
    commitments = Commitment.objects.filter(partnership=partnership)
    if organization is not None:
        commitments = commitments.filter(organization=organization)
    return commitments.select_related(
        "partnership", "organization", "activity", "indicator", "status_set_by", "confirmed_by"
    ).annotate(
        is_overdue=Case(
            When(Q(status__in=OPEN_COMMITMENT, due_on__lt=today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def commitment_get(*, partnership: Partnership, commitment_id: int) -> Commitment:
    commitment = (
        Commitment.objects.filter(partnership=partnership, pk=commitment_id)
        .select_related("partnership", "organization")
        .first()
    )
    if commitment is None:
        raise NotFound(_("No such commitment."))
    return commitment


# --- action items -----------------------------------------------------------------------


def action_item_list(
    *,
    partnership: Partnership,
    owner: Any = None,
    organization: Organization | None = None,
    status: str | None = None,
) -> QuerySet[ActionItem]:
    """The partnership's action items, open ones first by due date, each with
    ``is_overdue``: open and past its due date."""
    today = timezone.localdate()
    items = ActionItem.objects.filter(partnership=partnership)
    if owner is not None:
        items = items.filter(owner=owner)
    if organization is not None:
        items = items.filter(owner_organization=organization)
    if status:
        items = items.filter(status=status)
    return (
        items.select_related(
            "owner", "owner_organization", "proposal", "activity", "indicator", "done_by"
        )
        .annotate(
            is_overdue=Case(
                When(Q(status=ActionItemStatus.OPEN, due_on__lt=today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            reassignment_count=Count("reassignments"),
        )
        .order_by("status", "due_on", "id")
    )


def action_item_get(*, partnership: Partnership, item_id: int) -> ActionItem:
    """One action item with its reassignments (oldest first)."""
    item = (
        action_item_list(partnership=partnership)
        .select_related("partnership", "created_by")
        .prefetch_related(
            Prefetch(
                "reassignments",
                queryset=ActionItemReassignment.objects.select_related(
                    "from_owner",
                    "from_organization",
                    "to_owner",
                    "to_organization",
                    "reassigned_by",
                ).order_by("reassigned_at", "id"),
            )
        )
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise NotFound(_("No such action item."))
    return item


def decided_proposal_choices(*, partnership: Partnership) -> QuerySet[Proposal]:
    """The partnership's decided proposals, newest first: what an action item may follow."""
    return Proposal.objects.filter(partnership=partnership, decision__isnull=False).order_by(
        "-decision__decided_at", "-id"
    )


def decided_proposal_find(*, partnership: Partnership, proposal_id: int) -> Proposal | None:
    """A proposal of the partnership by id (an optional id in a payload), or None."""
    return Proposal.objects.filter(partnership=partnership, pk=proposal_id).first()


def action_item_owner_choices(*, partnership: Partnership) -> QuerySet[Affiliation]:
    """Who may own an action item: the people of admitted member organizations, each with
    the organization they would own it for."""
    return (
        Affiliation.objects.filter(
            organization__memberships__partnership=partnership,
            organization__memberships__status=MembershipStatus.ADMITTED,
            user__is_active=True,
        )
        .select_related("user", "organization")
        .order_by("organization__name", "user__name")
    )


def member_person_get(*, partnership: Partnership, user_id: int) -> Any:
    """Someone who works for an admitted member organization, by id, or None (nobody else
    is reachable, so an id says nothing of who else uses Accord)."""
    return (
        get_user_model()
        .objects.filter(
            pk=user_id,
            affiliations__organization__memberships__partnership=partnership,
            affiliations__organization__memberships__status=MembershipStatus.ADMITTED,
        )
        .distinct()
        .first()
    )


# --- accountability ---------------------------------------------------------------------


@dataclass
class CommitmentFigures:
    total: int = 0
    kept: int = 0  # done, confirmed by the partnership
    done_unconfirmed: int = 0
    on_track: int = 0
    late: int = 0  # reported late, or open past the due date
    dropped: int = 0

    @property
    def kept_share(self) -> float | None:
        """Kept out of those that ended or fell due (dropped ones count against)."""
        settled = self.kept + self.done_unconfirmed + self.late + self.dropped
        return self.kept / settled if settled else None


@dataclass
class ReportFigures:
    due: int = 0  # reporting periods past their deadline
    on_time: int = 0
    late: int = 0  # submitted after the deadline
    missing: int = 0  # nothing submitted yet

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.due if self.due else None


@dataclass
class ActionFigures:
    total: int = 0
    done: int = 0
    done_on_time: int = 0
    open: int = 0
    overdue: int = 0

    @property
    def done_on_time_share(self) -> float | None:
        settled = self.done + self.overdue
        return self.done_on_time / settled if settled else None


@dataclass
class OrganizationAccountability:
    organization: Organization
    commitments: CommitmentFigures = field(default_factory=CommitmentFigures)
    pledges: PartnerReliability | None = None
    reports: ReportFigures = field(default_factory=ReportFigures)
    actions: ActionFigures = field(default_factory=ActionFigures)


def _commitment_figures(partnership: Partnership, today: date) -> dict[int, CommitmentFigures]:
    figures: dict[int, CommitmentFigures] = {}
    rows = (
        Commitment.objects.filter(partnership=partnership)
        .values("organization_id")
        .annotate(
            total=Count("pk"),
            kept=Count("pk", filter=Q(status=CommitmentStatus.DONE, confirmed_at__isnull=False)),
            done_unconfirmed=Count(
                "pk", filter=Q(status=CommitmentStatus.DONE, confirmed_at__isnull=True)
            ),
            on_track=Count(
                "pk",
                filter=Q(status=CommitmentStatus.ON_TRACK)
                & (Q(due_on__isnull=True) | Q(due_on__gte=today)),
            ),
            late=Count(
                "pk",
                filter=Q(status=CommitmentStatus.LATE)
                | Q(status=CommitmentStatus.ON_TRACK, due_on__lt=today),
            ),
            dropped=Count("pk", filter=Q(status=CommitmentStatus.DROPPED)),
        )
        .order_by()
    )
    for row in rows:
        organization_id = row.pop("organization_id")
        figures[organization_id] = CommitmentFigures(**row)
    return figures


def _action_figures(partnership: Partnership, today: date) -> dict[int, ActionFigures]:
    figures: dict[int, ActionFigures] = {}
    done = Q(status=ActionItemStatus.DONE)
    rows = (
        ActionItem.objects.filter(partnership=partnership)
        .values("owner_organization_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=done),
            done_on_time=Count("pk", filter=done & Q(done_at__date__lte=F("due_on"))),
            open=Count("pk", filter=Q(status=ActionItemStatus.OPEN)),
            overdue=Count("pk", filter=Q(status=ActionItemStatus.OPEN, due_on__lt=today)),
        )
        .order_by()
    )
    for row in rows:
        organization_id = row.pop("owner_organization_id")
        figures[organization_id] = ActionFigures(**row)
    return figures


def _report_figures(actor: Any, partnership: Partnership, today: date) -> dict[int, ReportFigures]:
    figures: dict[int, ReportFigures] = {}
    for progress in indicator_progress_list(actor=actor, partnership=partnership):
        row = figures.setdefault(progress.indicator.responsible_organization_id, ReportFigures())
        for period in progress.rows:
            if period.due_on >= today:
                continue
            row.due += 1
            if period.submitted_on is None:
                row.missing += 1
            elif period.submitted_late:
                row.late += 1
            else:
                row.on_time += 1
    return figures


def accountability_overview(
    *, actor: Any, partnership: Partnership
) -> list[OrganizationAccountability]:
    """Per admitted member organization, by name: commitments, pledges, reports, actions."""
    today = timezone.localdate()
    commitments = _commitment_figures(partnership, today)
    actions = _action_figures(partnership, today)
    reports = _report_figures(actor, partnership, today)
    reliability = {
        row.organization.pk: row.reliability
        for row in resource_selectors.resource_summary(partnership=partnership).partners
    }
    return [
        OrganizationAccountability(
            organization=organization,
            commitments=commitments.get(organization.pk, CommitmentFigures()),
            pledges=reliability.get(organization.pk),
            reports=reports.get(organization.pk, ReportFigures()),
            actions=actions.get(organization.pk, ActionFigures()),
        )
        for organization in member_organizations(partnership=partnership)
    ]


@dataclass
class OrganizationPage:
    figures: OrganizationAccountability
    commitments: list[Commitment]
    action_items: list[ActionItem]


def organization_accountability(
    *, actor: Any, partnership: Partnership, organization_id: int
) -> OrganizationPage:
    """One member organization's accountability: its figures, commitments and action
    items. ``NotFound`` for an organization that is not an admitted member."""
    organization = member_organizations(partnership=partnership).filter(pk=organization_id).first()
    if organization is None:
        raise NotFound(_("No such member organization."))
    figures = next(
        row
        for row in accountability_overview(actor=actor, partnership=partnership)
        if row.organization.pk == organization.pk
    )
    return OrganizationPage(
        figures=figures,
        commitments=list(commitment_list(partnership=partnership, organization=organization)),
        action_items=list(action_item_list(partnership=partnership, organization=organization)),
    )

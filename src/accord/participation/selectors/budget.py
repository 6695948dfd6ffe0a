"""Reads about budget rounds: projects, ballots, and the engine's instance built from them.

Money goes to the engine in minor units (cents) as integers, so that every rule computes
exactly; MES's add-one completion then adds one major unit (100 minor units) per step, as
pabutools' ``voter_budget_increment=1`` does on whole-currency files. The engine reads every
ballot as the set of projects it supports (approval; the projects named on a ranking; those
given at least one point on a cumulative ballot), as pabutools does.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from accord.engine.budgeting.instance import BudgetingInstance
from accord.errors import NotFound
from accord.participation.models import (
    BallotChannel,
    BudgetBallot,
    BudgetBallotItem,
    BudgetProject,
    ParticipationRound,
    ProjectStatus,
)

MINOR = 100


def to_minor(amount: Decimal) -> int:
    return int((amount * MINOR).to_integral_value())


def from_minor(value: Any) -> Decimal:
    return (Decimal(value) / MINOR).quantize(Decimal("0.01"))


def project_list(*, round_: ParticipationRound) -> QuerySet[BudgetProject]:
    return (
        BudgetProject.objects.filter(round=round_)
        .select_related("owner", "issue", "activity", "reviewed_by")
        .order_by("id")
    )


def project_get(*, round_: ParticipationRound, project_id: int) -> BudgetProject:
    project = project_list(round_=round_).filter(pk=project_id).first()
    if project is None:
        raise NotFound(_("No such project."))
    return project


def ballot_projects(*, round_: ParticipationRound) -> list[BudgetProject]:
    """The projects on the ballot: those found feasible, in the order they were proposed."""
    return list(
        BudgetProject.objects.filter(round=round_, status=ProjectStatus.ACCEPTED)
        .select_related("owner")
        .order_by("id")
    )


def ballot_for(*, round_: ParticipationRound, participant: Any) -> BudgetBallot | None:
    if participant is None:
        return None
    return (
        BudgetBallot.objects.filter(round=round_, participant=participant)
        .prefetch_related("items__project")
        .first()
    )


@dataclass(frozen=True)
class BallotCounts:
    total: int
    online: int
    paper: int
    imported: int


def ballot_counts(*, round_: ParticipationRound) -> BallotCounts:
    row = BudgetBallot.objects.filter(round=round_).aggregate(
        total=Count("id"),
        online=Count("id", filter=Q(channel=BallotChannel.ONLINE)),
        paper=Count("id", filter=Q(channel=BallotChannel.PAPER)),
        imported=Count("id", filter=Q(channel=BallotChannel.IMPORTED)),
    )
    return BallotCounts(row["total"], row["online"], row["paper"], row["imported"])


def paper_ballot_list(*, round_: ParticipationRound) -> QuerySet[BudgetBallot]:
    return (
        BudgetBallot.objects.filter(round=round_, channel=BallotChannel.PAPER)
        .select_related("participant", "participant__user", "entered_by")
        .order_by("-cast_at", "-id")
    )


@dataclass(frozen=True)
class BudgetData:
    """A round's projects and ballots as arrays (the ballots in CSR form, file order)."""

    projects: list[BudgetProject]
    ballot_ids: np.ndarray
    groups: list[str]
    channels: list[str]
    indptr: np.ndarray
    items: np.ndarray  # project index per ballot item, in ballot order
    points: np.ndarray  # points per item (0 where none)
    support: np.ndarray  # ballots × projects: the ballot supports the project

    def instance(self, budget: Decimal) -> BudgetingInstance:
        costs = np.asarray([to_minor(p.cost) for p in self.projects], dtype=np.int64)
        return BudgetingInstance(
            costs=costs.reshape(len(self.projects)),
            budget=to_minor(budget),
            approvals=self.support,
            project_ids=tuple(p.pabulib_id for p in self.projects),
        )


def budget_data(*, round_: ParticipationRound, all_projects: bool = False) -> BudgetData:
    """Projects (those on the ballot, or every one for an imported round's export) and
    every ballot, in three queries whatever their number."""
    projects_qs = BudgetProject.objects.filter(round=round_).select_related("owner")
    if not all_projects:
        projects_qs = projects_qs.filter(status=ProjectStatus.ACCEPTED)
    projects = list(projects_qs.order_by("id"))
    index = {p.pk: j for j, p in enumerate(projects)}
    ballots = list(
        BudgetBallot.objects.filter(round=round_)
        .order_by("id")
        .values_list("id", "participant__group", "channel")
    )
    row_of = {ballot_id: i for i, (ballot_id, _, _) in enumerate(ballots)}
    rows = list(
        BudgetBallotItem.objects.filter(ballot__round=round_)
        .order_by("ballot_id", "position", "id")
        .values_list("ballot_id", "project_id", "points")
    )
    rows = [r for r in rows if r[1] in index]
    ballot_rows = np.asarray([row_of[r[0]] for r in rows], dtype=np.int64)
    items = np.asarray([index[r[1]] for r in rows], dtype=np.int64)
    points = np.asarray([r[2] if r[2] is not None else 0 for r in rows], dtype=np.int64)
    counts = np.bincount(ballot_rows, minlength=len(ballots)) if len(ballots) else np.zeros(0)
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    support = np.zeros((len(ballots), len(projects)), dtype=bool)
    has_points = np.asarray([r[2] is not None for r in rows], dtype=bool)
    counted = ~has_points | (points > 0)
    support[ballot_rows[counted], items[counted]] = True
    return BudgetData(
        projects=projects,
        ballot_ids=np.asarray([b[0] for b in ballots], dtype=np.int64),
        groups=[b[1] for b in ballots],
        channels=[b[2] for b in ballots],
        indptr=indptr,
        items=items,
        points=points,
        support=support,
    )

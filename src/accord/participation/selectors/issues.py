"""Reads about issue naming: the issues of a round as each person may see them, and their
order by support across groups (the bridging rank) beside the plain count.

Hidden issues never leak their text: to anyone but the round's moderators they show only
that they were hidden and the moderator's reason (``IssueView.title`` and ``.text`` are
empty). A merged duplicate shows which issue took its supports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils.translation import gettext as _

from accord.engine.bridging import bridging_order
from accord.errors import NotFound
from accord.participation.charts import Bar, group_bars_svg
from accord.participation.groups import GROUP_COLOURS, GROUP_ORDER, group_label
from accord.participation.models import (
    Issue,
    IssueSupport,
    ParticipationRound,
    RoundParticipant,
)


def _issues(round_: ParticipationRound) -> QuerySet[Issue]:
    return (
        Issue.objects.filter(round=round_)
        .select_related("sdg_target", "merged_into", "proposal", "activity", "author")
        .prefetch_related(Prefetch("projects"))
        .order_by("created_at", "id")
    )


def issue_find(*, round_: ParticipationRound, issue_id: int) -> Issue | None:
    return _issues(round_).filter(pk=issue_id).first()


def issue_get(*, round_: ParticipationRound, issue_id: int) -> Issue:
    issue = issue_find(round_=round_, issue_id=issue_id)
    if issue is None:
        raise NotFound(_("No such issue."))
    return issue


@dataclass
class IssueView:
    """An issue as one person may see it, with its support."""

    issue: Issue
    title: str
    text: str
    place: str
    is_hidden: bool
    hidden_reason: str
    merged_into: Issue | None
    supporters: int = 0
    dots: int = 0
    by_group: dict[str, int] = field(default_factory=dict)
    consensus: float = 0.0
    bridging_rank: int | None = None
    plain_rank: int | None = None
    chart_svg: str = ""
    my_dots: int = 0

    @property
    def pk(self) -> int:
        return self.issue.pk

    @property
    def is_rankable(self) -> bool:
        return not self.is_hidden and self.merged_into is None


def _view(issue: Issue, *, may_moderate: bool) -> IssueView:
    hidden = issue.is_hidden
    reveal = not hidden or may_moderate
    return IssueView(
        issue=issue,
        title=issue.title if reveal else "",
        text=issue.text if reveal else "",
        place=issue.place if reveal else "",
        is_hidden=hidden,
        hidden_reason=issue.hidden_reason,
        merged_into=issue.merged_into,
    )


@dataclass(frozen=True)
class IssueBoard:
    """Every issue of a round as the actor may see them, and the two orders."""

    views: list[IssueView]
    bridging: list[IssueView]  # rankable issues, best bridging first
    plain: list[IssueView]  # rankable issues, most support first
    groups: list[tuple[str, str, int]]  # (key, label, voters) of the groups that voted
    orders_differ: bool
    dots_used: int
    others: list[IssueView]  # hidden or merged issues


def issue_board(
    *, actor: Any, round_: ParticipationRound, participant: RoundParticipant | None = None
) -> IssueBoard:
    """The round's issues with their support per group and both orders (four queries
    whatever the number of issues and supports)."""
    may_moderate = actor.has_perm("participation.moderate_round", round_)
    views = [_view(issue, may_moderate=may_moderate) for issue in _issues(round_)]
    rankable = [v for v in views if v.is_rankable]
    position = {v.pk: k for k, v in enumerate(rankable)}
    counts = (
        IssueSupport.objects.filter(issue__round=round_, issue_id__in=list(position))
        .values_list("issue_id", "participant__group")
        .annotate(n=Count("id"), dots=Sum("dots"))
        .order_by()
    )
    voters_by_group = dict(
        RoundParticipant.objects.filter(round=round_, supports__isnull=False)
        .values_list("group")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    keys = sorted(voters_by_group, key=lambda g: GROUP_ORDER.get(g, 99))
    column = {g: k for k, g in enumerate(keys)}
    supporters = np.zeros((len(rankable), len(keys)), dtype=np.int64)
    dots = np.zeros(len(rankable), dtype=np.int64)
    for issue_id, group, n, total in counts:
        row = position[issue_id]
        supporters[row, column[group]] = n
        dots[row] += total
        rankable[row].by_group[group] = n
    voters = np.asarray([voters_by_group[g] for g in keys], dtype=np.int64)
    order, consensus = bridging_order(supporters, voters, totals=dots)
    plain_order = np.lexsort((np.arange(len(rankable)), -supporters.sum(axis=1), -dots))
    for k, view in enumerate(rankable):
        view.supporters = int(supporters[k].sum())
        view.dots = int(dots[k])
        view.consensus = float(consensus[k])
        view.chart_svg = group_bars_svg(
            [
                Bar(
                    group_label(g),
                    GROUP_COLOURS.get(g, "#4a5361"),
                    int(supporters[k, c]),
                    int(voters[c]),
                )
                for g, c in column.items()
            ],
            title=_("%(title)s: supporters per group") % {"title": view.title},
        )
    for rank, k in enumerate(order.tolist(), start=1):
        rankable[k].bridging_rank = rank
    for rank, k in enumerate(plain_order.tolist(), start=1):
        rankable[k].plain_rank = rank
    dots_used = 0
    if participant is not None:
        mine = dict(
            IssueSupport.objects.filter(participant=participant).values_list("issue_id", "dots")
        )
        for view in views:
            view.my_dots = mine.get(view.pk, 0)
        dots_used = sum(mine.values())
    bridging = [rankable[k] for k in order.tolist()]
    plain = [rankable[k] for k in plain_order.tolist()]
    return IssueBoard(
        views=views,
        bridging=bridging,
        plain=plain,
        groups=[(g, group_label(g), int(voters_by_group[g])) for g in keys],
        orders_differ=[v.pk for v in bridging] != [v.pk for v in plain],
        dots_used=dots_used,
        others=[v for v in views if not v.is_rankable],
    )


def issue_view(*, actor: Any, round_: ParticipationRound, issue: Issue) -> IssueView:
    """One issue as the actor may see it (its support comes with the board)."""
    return _view(issue, may_moderate=actor.has_perm("participation.moderate_round", round_))


def merge_targets(*, round_: ParticipationRound, issue: Issue) -> QuerySet[Issue]:
    """Issues a duplicate may be merged into: visible ones of the round, not itself."""
    return (
        Issue.objects.filter(round=round_, hidden_at__isnull=True, merged_into__isnull=True)
        .exclude(pk=issue.pk)
        .order_by("title")
    )

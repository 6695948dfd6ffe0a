"""The top of a partnership's overview, composed here above the apps that hold the data:
the headline figures (issue 14, item 11: members, delivered against pledged, open
decisions, the next deadlines; three queries beside the resources summary the page already
reads), and a new partnership's first-run checklist for its coordinators (item 14)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.formats import format_amount
from accord.decisions.models import Proposal, ProposalStatus, RuleAssignment
from accord.partnerships.models import Membership, Partnership
from accord.resources.models import Pledge, PledgeInstallment
from accord.resources.selectors import ResourceSummary

#: Deadlines shown, the nearest first.
DEADLINES = 3
OPEN = (ProposalStatus.DELIBERATION, ProposalStatus.VOTING)


@dataclass(frozen=True)
class Deadline:
    when: date | datetime
    #: "vote" (a vote closes) or "installment" (part of a pledge falls due).
    kind: str
    what: str
    url: str


@dataclass
class Headline:
    members: int
    pledged: Decimal
    delivered: Decimal
    open_decisions: int
    deadlines: list[Deadline] = field(default_factory=list)

    @property
    def delivered_share(self) -> float | None:
        return float(self.delivered / self.pledged) if self.pledged else None


def partnership_headline(
    *, partnership: Partnership, members: int, summary: ResourceSummary
) -> Headline:
    """The figures for insiders: ``members`` counted by the page, the money from the
    ``summary`` (reporting currency), the decisions and deadlines read here."""
    now = timezone.now()
    proposals = Proposal.objects.filter(partnership=partnership, status__in=OPEN)
    votes = list(
        proposals.filter(status=ProposalStatus.VOTING, voting_closes_at__gte=now)
        .order_by("voting_closes_at", "pk")
        .values("pk", "title", "voting_closes_at")[:DEADLINES]
    )
    installments = list(
        PledgeInstallment.objects.filter(
            pledge__partnership=partnership,
            pledge__cancelled_at__isnull=True,
            due_on__gte=timezone.localdate(now),
        )
        .order_by("due_on", "pk")
        .values("due_on", "amount", "pledge_id", "pledge__organization__name", "pledge__currency")[
            :DEADLINES
        ]
    )
    deadlines = [
        Deadline(
            v["voting_closes_at"],
            "vote",
            v["title"],
            reverse("decisions:proposal_detail", args=[partnership.slug, v["pk"]]),
        )
        for v in votes
    ] + [
        Deadline(
            i["due_on"],
            "installment",
            _installment_words(i),
            reverse("resources:pledge_detail", args=[partnership.slug, i["pledge_id"]]),
        )
        for i in installments
    ]
    deadlines.sort(key=lambda d: _as_day(d.when))
    return Headline(
        members=members,
        pledged=sum((p.pledged_total for p in summary.partners), Decimal(0)),
        delivered=sum((p.delivered_total for p in summary.partners), Decimal(0)),
        open_decisions=proposals.count(),
        deadlines=deadlines[:DEADLINES],
    )


def _installment_words(row: dict[str, Any]) -> str:
    return _("%(organization)s: %(amount)s %(currency)s") % {
        "organization": row["pledge__organization__name"],
        "amount": format_amount(row["amount"]),
        "currency": row["pledge__currency"],
    }


def _as_day(when: date | datetime) -> date:
    return timezone.localdate(when) if isinstance(when, datetime) else when


@dataclass(frozen=True)
class FirstStep:
    done: bool
    #: "invite", "charter", "rule" or "pledge" (the template says each in words).
    step: str
    url: str


def first_run_checklist(*, partnership: Partnership, has_charter: bool) -> list[FirstStep]:
    """A new partnership's first steps, for its coordinators: invite organizations,
    publish a charter, choose a decision rule, record the first pledge. Empty once all
    are done. Three queries."""
    slug = partnership.slug
    steps = [
        FirstStep(
            # Someone invited beyond the founding member (admitted at once, with no wait).
            Membership.objects.filter(partnership=partnership)
            .exclude(message="Founding member")
            .exists(),
            "invite",
            reverse("partnerships:membership_list", args=[slug]),
        ),
        FirstStep(has_charter, "charter", reverse("partnerships:charter_detail", args=[slug])),
        FirstStep(
            RuleAssignment.objects.filter(partnership=partnership).exists(),
            "rule",
            reverse("decisions:rule_list", args=[slug]),
        ),
        FirstStep(
            Pledge.objects.filter(partnership=partnership).exists(),
            "pledge",
            reverse("resources:pledge_list", args=[slug]),
        ),
    ]
    return [] if all(s.done for s in steps) else steps

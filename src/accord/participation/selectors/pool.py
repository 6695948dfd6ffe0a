"""What the pooled fund holds, from the ledger, and what rounds have promised from it.

The pooled fund of a partnership is the money its members hand to one member, the fund
holder (in the demo, the county "basin fund"), for the partnership to allocate. The ledger
knows it: every delivered money entry (incoming funds or a disbursement, reversals
included) received by the holder *for no activity* goes into the pool. What leaves it:

- support for marginal stakeholders delivered by the holder (a support request's
  disbursement), and
- every pledge made from the pool to a winning budget project (counted whole from the
  moment it is made: its deliveries are then part of the pledge, not counted again).

What is promised but not yet pledged: the budget of every round of the fund holder that is
open (collecting, reviewing or voting), and for a round with results, the cost of its
winning projects not yet pledged. A draft round promises nothing until it opens.

``available = received − support paid − pledged to projects − promised by other rounds``;
a round may not open, nor be created, with a budget above it. All figures are in the
reporting currency, converted with the partnership's rates on each entry's value date;
an entry in a currency with no rate is left out and listed in ``missing_rates``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from accord.participation.models import (
    BudgetProject,
    ParticipationRound,
    Phase,
    ProjectStatus,
    RoundKind,
)
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.resources import selectors as resource_selectors
from accord.resources.models import LedgerEntry, Pledge, TransactionType

ZERO = Decimal("0.00")

#: Ledger entries that put money into the holder's hands.
INFLOW_TYPES = (TransactionType.INCOMING_FUNDS, TransactionType.DISBURSEMENT)


@dataclass(frozen=True)
class PoolFigures:
    holder: Organization
    currency: str
    received: Decimal
    support_paid: Decimal
    pledged: Decimal
    promised: Decimal
    missing_rates: list[tuple[str, date]] = field(default_factory=list)

    @property
    def available(self) -> Decimal:
        return self.received - self.support_paid - self.pledged - self.promised


def _converted_total(partnership: Partnership, entries: list[LedgerEntry]) -> tuple[Decimal, list]:
    total = ZERO
    missing: list[tuple[str, date]] = []
    for row in resource_selectors.ledger_page_converted(partnership=partnership, entries=entries):
        if row.converted is None:
            missing.append((row.entry.currency, row.entry.value_date))
        else:
            total += row.converted
    return total, missing


def round_promise(round_: ParticipationRound, pledged_by_round: dict[int, Decimal]) -> Decimal:
    """What an open round, or one with results not yet pledged, holds back from the pool."""
    if round_.kind != RoundKind.BUDGET or round_.budget is None:
        return ZERO
    if round_.phase in (Phase.COLLECT, Phase.REVIEW, Phase.VOTE):
        return round_.budget
    if round_.phase == Phase.RESULTS and round_.outcome:
        winning = Decimal(str(round_.outcome.get("total_cost", "0")))
        return max(winning - pledged_by_round.get(round_.pk, ZERO), ZERO)
    return ZERO


def pool_figures(
    *,
    partnership: Partnership,
    holder: Organization,
    exclude_round: ParticipationRound | None = None,
) -> PoolFigures:
    """The pool held by ``holder``: received, paid out, pledged and promised (five queries)."""
    inflows = list(
        LedgerEntry.objects.filter(
            partnership=partnership,
            receiver=holder,
            activity__isnull=True,
            type__in=INFLOW_TYPES,
        ).only("value", "currency", "value_date")
    )
    received, missing = _converted_total(partnership, inflows)
    support = list(
        LedgerEntry.objects.filter(
            partnership=partnership, provider=holder, support_request__isnull=False
        ).only("value", "currency", "value_date")
    )
    support_paid, missing_support = _converted_total(partnership, support)
    pool_pledges = (
        Pledge.objects.filter(
            pk__in=BudgetProject.objects.filter(
                round__partnership=partnership, round__fund_holder=holder, pledge__isnull=False
            ).values("pledge_id")
        )
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    pledged = sum(
        (row["total"] for row in pool_pledges if row["currency"] == partnership.reporting_currency),
        ZERO,
    )
    rounds = ParticipationRound.objects.filter(
        partnership=partnership,
        kind=RoundKind.BUDGET,
        fund_holder=holder,
        phase__in=(Phase.COLLECT, Phase.REVIEW, Phase.VOTE, Phase.RESULTS),
    )
    if exclude_round is not None and exclude_round.pk:
        rounds = rounds.exclude(pk=exclude_round.pk)
    pledged_by_round = {
        row["round_id"]: row["total"]
        for row in BudgetProject.objects.filter(
            round__in=rounds, pledge__isnull=False, status=ProjectStatus.ACCEPTED
        )
        .values("round_id")
        .annotate(total=Sum("pledge__amount"))
        .order_by()
    }
    promised = sum((round_promise(r, pledged_by_round) for r in rounds), ZERO)
    return PoolFigures(
        holder=holder,
        currency=partnership.reporting_currency,
        received=received,
        support_paid=support_paid,
        pledged=pledged,
        promised=promised,
        missing_rates=sorted(set(missing + missing_support)),
    )

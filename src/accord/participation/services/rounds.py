"""Rounds: creating one, opening it with its dates, and naming its facilitators."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import Summary, summary
from accord.core.formats import format_amount
from accord.core.persistence import unique_or_conflict
from accord.decisions import selectors as decision_selectors
from accord.decisions.models import OPEN_STATUSES, DecisionKind, ProposalStatus
from accord.decisions.services import subjects as decision_subjects
from accord.errors import AccordError, Conflict
from accord.errors import require_permission as _require
from accord.participation import selectors
from accord.participation.models import (
    Audience,
    BallotKind,
    BudgetRule,
    ParticipationRound,
    Phase,
    RoundFacilitator,
    RoundKind,
    SupportMode,
)
from accord.participation.services import deadlines
from accord.participation.services._common import (
    invalid,
    locked_round,
    round_sync,
    version_bump,
)
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import member_organization_find
from accord.resources import services as resource_services

MAX_DOTS = 100
MAX_POINTS = 1000

#: The event summary of a new round, by its kind (stored untranslated, read in each reader's
#: language).
_ROUND_DRAFTED = {
    RoundKind.ISSUES: gettext_noop("Issue naming round “%(title)s” drafted"),
    RoundKind.OPINIONS: gettext_noop("Opinion mapping round “%(title)s” drafted"),
    RoundKind.BUDGET: gettext_noop("Participatory budget round “%(title)s” drafted"),
}


def _budget_fields(
    *,
    partnership: Partnership,
    budget: Any,
    fund_holder: Organization | None,
    ballot_kind: str,
    max_projects: int | None,
    points: int | None,
    rule: str,
) -> dict[str, Any]:
    if budget in (None, ""):
        raise invalid("budget", _("Say how much the round spends."))
    amount = resource_services.money(budget, "budget")
    if fund_holder is None:
        raise invalid("fund_holder", _("Say which member holds the pooled fund."))
    if member_organization_find(partnership=partnership, organization_id=fund_holder.pk) is None:
        raise invalid("fund_holder", _("The fund holder must be a member of the partnership."))
    if ballot_kind not in BallotKind.values:
        raise invalid("ballot_kind", _("Unknown kind of ballot."))
    if rule not in BudgetRule.values:
        raise invalid("rule", _("Unknown rule."))
    if max_projects is not None and not 1 <= max_projects <= 1000:
        raise invalid("max_projects", _("Between 1 and 1000 projects."))
    if ballot_kind == BallotKind.CUMULATIVE:
        if points is None or not 1 <= points <= MAX_POINTS:
            raise invalid(
                "points",
                _("Say how many points each voter spreads (1 to %(n)s).") % {"n": MAX_POINTS},
            )
    else:
        points = None
    return {
        "budget": amount,
        "currency": partnership.reporting_currency,
        "fund_holder": fund_holder,
        "ballot_kind": ballot_kind,
        "max_projects": max_projects if ballot_kind != BallotKind.CUMULATIVE else None,
        "points": points,
        "rule": rule,
    }


def _check_pool(round_: ParticipationRound) -> None:
    """Invalid (400) when the round's budget is more than the pool can still promise."""
    if round_.kind != RoundKind.BUDGET or round_.is_imported or round_.fund_holder is None:
        return
    pool = selectors.pool_figures(
        partnership=round_.partnership, holder=round_.fund_holder, exclude_round=round_
    )
    assert round_.budget is not None
    if round_.budget > pool.available:
        raise invalid(
            "budget",
            _(
                "The pooled fund held by %(holder)s can promise %(available)s %(currency)s "
                "now; this round asks for %(budget)s."
            )
            % {
                "holder": round_.fund_holder,
                "available": format_amount(max(pool.available, Decimal(0))),
                "currency": pool.currency,
                "budget": format_amount(round_.budget),
            },
        )


@transaction.atomic
def round_create(
    *,
    actor: Any,
    partnership: Partnership,
    kind: str,
    title: str,
    description: str = "",
    audience: str = Audience.PARTNERSHIP,
    support_mode: str = SupportMode.APPROVAL,
    dots: int | None = None,
    budget: Any = None,
    fund_holder: Organization | None = None,
    ballot_kind: str = BallotKind.APPROVAL,
    max_projects: int | None = None,
    points: int | None = None,
    rule: str = BudgetRule.MES,
) -> ParticipationRound:
    """A round, not open yet. A budget round's budget must fit in what the pool can still
    promise (checked again when it opens)."""
    _require(actor, "participation.manage_rounds", partnership)
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()  # one at a time
    title = (title or "").strip()
    if not title:
        raise invalid("title", _("Give the round a title."))
    if len(title) > 200:
        raise invalid("title", _("At most 200 characters."))
    if kind not in RoundKind.values:
        raise invalid("kind", _("Unknown kind of round."))
    if audience not in Audience.values:
        raise invalid("audience", _("Say who takes part."))
    if audience in (Audience.SIGNED_IN, Audience.PUBLIC) and not partnership.is_public:
        raise invalid(
            "audience",
            _(
                "A members-only partnership's rounds are for its people; publish the partnership first."
            ),
        )
    fields: dict[str, Any] = {}
    if kind == RoundKind.ISSUES:
        if support_mode not in SupportMode.values:
            raise invalid("support_mode", _("Unknown way of supporting issues."))
        fields["support_mode"] = support_mode
        if support_mode == SupportMode.DOTS:
            if dots is None or not 1 <= dots <= MAX_DOTS:
                raise invalid("dots", _("Between 1 and %(n)s dots.") % {"n": MAX_DOTS})
            fields["dots"] = dots
    if kind == RoundKind.BUDGET:
        fields.update(
            _budget_fields(
                partnership=partnership,
                budget=budget,
                fund_holder=fund_holder,
                ballot_kind=ballot_kind,
                max_projects=max_projects,
                points=points,
                rule=rule,
            )
        )
    round_ = ParticipationRound(
        partnership=partnership,
        kind=kind,
        title=title,
        description=description or "",
        audience=audience,
        created_by=actor,
        **fields,
    )
    _check_pool(round_)
    round_.save()
    partnership_event_record(
        actor,
        "participation.round_created",
        round_,
        partnership,
        summary(_ROUND_DRAFTED[round_.kind], title=title),
    )
    return round_


def _phase_dates_check(
    locked: Any, collect_until: Any, review_until: Any, vote_until: Any, rule: Any, now: Any
) -> tuple[Any, Any, Any]:
    """The phases' end dates, in the future and in order, and a budget round's rule (set on
    ``locked``): what opening a round, directly or by a proposal, checks alike."""
    collect = _aware_future(collect_until, "collect_until", now)
    review = _aware_future(review_until, "review_until", now)
    vote = _aware_future(vote_until, "vote_until", now)
    if not collect < review:
        raise invalid("review_until", _("The review ends after collecting ends."))
    if not review < vote:
        raise invalid("vote_until", _("Voting ends after the review ends."))
    if rule is not None and locked.kind == RoundKind.BUDGET:
        if rule not in BudgetRule.values:
            raise invalid("rule", _("Unknown rule."))
        locked.rule = rule
    return collect, review, vote


def _aware_future(value: datetime | None, field: str, now: datetime) -> datetime:
    if value is None:
        raise invalid(field, _("Give a date and time."))
    if timezone.is_naive(value):
        raise invalid(field, _("Give a date and time with its time zone."))
    if value <= now:
        raise invalid(field, _("Must be in the future."))
    return value


@transaction.atomic
def round_open(
    *,
    actor: Any,
    round_: ParticipationRound,
    collect_until: datetime | None,
    review_until: datetime | None,
    vote_until: datetime | None,
    rule: str | None = None,
    now: datetime | None = None,
    by_proposal: Any = None,
) -> ParticipationRound:
    """Open a draft round: it collects until ``collect_until``, is reviewed until
    ``review_until`` and voted until ``vote_until``; the worker moves it on at each date.
    A budget round's rule is chosen here (default: as drafted) and its budget checked
    against the pool once more. A coordinator opens it, or a decision under the
    partnership's rule (``by_proposal``, see :func:`round_open_propose`)."""
    if by_proposal is None:
        _require(actor, "participation.manage_round", round_)
    Partnership.objects.select_for_update().filter(pk=round_.partnership_id).first()
    locked = locked_round(round_)
    if locked.phase != Phase.DRAFT:
        raise Conflict(_("This round is open already."))
    now = now or timezone.now()
    collect, review, vote = _phase_dates_check(
        locked, collect_until, review_until, vote_until, rule, now
    )
    _check_pool(locked)
    locked.collect_until, locked.review_until, locked.vote_until = collect, review, vote
    locked.phase = Phase.COLLECT
    locked.opened_at = now
    locked.version += 1
    locked.save(
        update_fields=[
            "collect_until",
            "review_until",
            "vote_until",
            "phase",
            "opened_at",
            "rule",
            "version",
        ]
    )
    deadlines.phases_schedule(locked)
    partnership_event_record(
        actor,
        "participation.round_opened",
        locked,
        locked.partnership,
        summary(gettext_noop("Round “%(title)s” opened"), title=locked.title)
        if by_proposal is None
        else summary(
            gettext_noop("Round “%(title)s” opened by the decision “%(decision)s”"),
            title=locked.title,
            decision=by_proposal.title,
        ),
    )
    round_sync(round_, locked)
    return round_


def round_opening_kind(round_: ParticipationRound) -> str:
    """The kind of decision that opens a round: a budget round allocates pooled money."""
    return DecisionKind.ALLOCATION if round_.kind == RoundKind.BUDGET else DecisionKind.GENERAL


@transaction.atomic
def round_open_propose(
    *,
    actor: Any,
    round_: ParticipationRound,
    collect_until: datetime | None,
    review_until: datetime | None,
    vote_until: datetime | None,
    rule: str | None = None,
    now: datetime | None = None,
) -> Any:
    """Put the opening of a draft round, with its dates, to a vote under the partnership's
    rule (as admissions and the charter are); returns the proposal. When it is accepted,
    the round opens with these dates (:func:`round_opening_effect`)."""
    _require(actor, "participation.manage_round", round_)
    locked = locked_round(round_)
    if locked.phase != Phase.DRAFT:
        raise Conflict(_("This round is open already."))
    if locked.opening_proposal_id is not None and locked.opening_proposal.status in OPEN_STATUSES:
        raise Conflict(_("An open proposal already decides the opening of this round."))
    now = now or timezone.now()
    collect, review, vote = _phase_dates_check(
        locked, collect_until, review_until, vote_until, rule, now
    )
    kind = round_opening_kind(locked)
    if decision_selectors.governing_rule(partnership=locked.partnership, kind=kind) is None:
        raise Conflict(_("The partnership has no decision rule for this: open the round directly."))
    proposal = decision_subjects.governing_act_propose(
        actor=actor,
        partnership=locked.partnership,
        kind=kind,
        title=_("Open the round “%(title)s”") % {"title": locked.title},
        body=_("Collect until %(collect)s, review until %(review)s, vote until %(vote)s.")
        % {
            "collect": f"{collect:%Y-%m-%d %H:%M %Z}",
            "review": f"{review:%Y-%m-%d %H:%M %Z}",
            "vote": f"{vote:%Y-%m-%d %H:%M %Z}",
        },
    )
    locked.collect_until, locked.review_until, locked.vote_until = collect, review, vote
    locked.opening_proposal = proposal
    locked.version += 1
    locked.save(
        update_fields=[
            "collect_until",
            "review_until",
            "vote_until",
            "rule",
            "opening_proposal",
            "version",
        ]
    )
    partnership_event_record(
        actor,
        "participation.round_opening_proposed",
        locked,
        locked.partnership,
        summary(
            gettext_noop("%(actor)s put the opening of the round “%(title)s” to the vote"),
            actor=actor,
            title=locked.title,
        ),
        proposal_id=proposal.pk,
    )
    round_sync(round_, locked)
    return proposal


def round_opening_effect(*, proposal: Any, outcome: str, actor: Any) -> Summary | None:
    """The effect of a closed proposal that decides a round's opening (registered with
    ``accord.decisions.subject_hooks``); None for any other proposal."""
    round_ = ParticipationRound.objects.filter(opening_proposal=proposal).first()
    if round_ is None:
        return None
    if outcome != ProposalStatus.ACCEPTED:
        return summary(
            gettext_noop("No change: the round “%(title)s” stays a draft."), title=round_.title
        )
    if round_.phase != Phase.DRAFT:
        return summary(
            gettext_noop("No change: the round “%(title)s” is open already."), title=round_.title
        )
    try:
        round_open(
            actor=actor,
            round_=round_,
            collect_until=round_.collect_until,
            review_until=round_.review_until,
            vote_until=round_.vote_until,
            by_proposal=proposal,
        )
    except AccordError as exc:  # a date passed meanwhile, or the pool shrank
        return summary(
            gettext_noop("No change: the round “%(title)s” could not open (%(why)s)."),
            title=round_.title,
            why=exc.message,
        )
    return summary(gettext_noop("The round “%(title)s” is open."), title=round_.title)


@transaction.atomic
def facilitator_add(*, actor: Any, round_: ParticipationRound, user: Any) -> RoundFacilitator:
    """Name someone to enter paper ballots in the round (any person of the partnership)."""
    _require(actor, "participation.manage_round", round_)
    if user is None:
        raise invalid("email", _("No one with that email works in this partnership."))
    if RoundFacilitator.objects.filter(round=round_, user=user).exists():
        raise Conflict(_("%(name)s already facilitates this round.") % {"name": user})
    with unique_or_conflict(_("%(name)s already facilitates this round.") % {"name": user}):
        facilitator = RoundFacilitator.objects.create(round=round_, user=user, added_by=actor)
    version_bump(round_)
    partnership_event_record(
        actor,
        "participation.facilitator_added",
        facilitator,
        round_.partnership,
        summary(
            gettext_noop("%(user)s facilitates paper ballots in “%(round)s”"),
            user=user,
            round=round_.title,
        ),
    )
    return facilitator

"""Participatory budgeting: projects proposed (directly or from an issue) and reviewed for
feasibility, ballots cast online or entered from paper by a facilitator, and the winning
projects added to the workplan with a pledge from the pooled fund."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.core.formats import format_amount
from accord.core.persistence import unique_or_conflict
from accord.errors import Conflict, Forbidden, Invalid, NotFound
from accord.errors import require_permission as _require
from accord.participation import selectors
from accord.participation.groups import GROUP_LABELS
from accord.participation.models import (
    BallotChannel,
    BallotKind,
    BudgetBallot,
    BudgetBallotItem,
    BudgetProject,
    Issue,
    ParticipantSource,
    ParticipationRound,
    Phase,
    ProjectStatus,
    RoundKind,
    RoundParticipant,
)
from accord.participation.services._common import (
    invalid,
    locked_round,
    participant_ensure,
    require_phase,
    version_bump,
)
from accord.partners.models import Organization
from accord.partnerships.selectors import member_organization_find
from accord.resources import services as resource_services
from accord.resources.models import ResourceKind


def _budget_round(round_: ParticipationRound) -> None:
    if round_.kind != RoundKind.BUDGET:
        raise NotFound(_("No such round."))


@transaction.atomic
def project_propose(
    *,
    actor: Any,
    round_: ParticipationRound,
    title: str,
    cost: Any,
    owner: Organization | None,
    description: str = "",
    issue: Issue | None = None,
    public: RoundParticipant | None = None,
) -> BudgetProject:
    """Propose a project while the round collects them: a cost above 0 and at most the
    round's budget, and the member organization that would carry it out."""
    _budget_round(round_)
    if not actor.has_perm("participation.manage_round", round_):
        participant_ensure(actor=actor, round_=round_, public=public)
    require_phase(round_, Phase.COLLECT, doing=_("Proposing a project"))
    title = (title or "").strip()
    if not title:
        raise invalid("title", _("Give the project a title."))
    if len(title) > 200:
        raise invalid("title", _("At most 200 characters."))
    amount = resource_services.money(cost, "cost")
    assert round_.budget is not None
    if amount > round_.budget:
        raise invalid(
            "cost",
            _("The cost is more than the round's whole budget (%(budget)s %(currency)s).")
            % {"budget": format_amount(round_.budget), "currency": round_.currency},
        )
    if (
        owner is None
        or member_organization_find(partnership=round_.partnership, organization_id=owner.pk)
        is None
    ):
        raise invalid("owner", _("Say which member organization would carry it out."))
    if issue is not None:
        if issue.round.partnership_id != round_.partnership_id:
            raise invalid("issue", _("That issue belongs to another partnership."))
        if issue.is_hidden or issue.is_merged:
            raise Conflict(_("A hidden or merged issue cannot be taken further."))
        if BudgetProject.objects.filter(round=round_, issue=issue).exists():
            raise Conflict(_("This issue is a project of this round already."))
    project = BudgetProject.objects.create(
        round=round_,
        title=title,
        description=(description or "").strip(),
        cost=amount,
        owner=owner,
        issue=issue,
        proposed_by=actor if actor.is_authenticated else None,
    )
    version_bump(round_)
    partnership_event_record(
        actor,
        "participation.project_proposed",
        project,
        round_.partnership,
        summary(
            gettext_noop("Project “%(title)s” (%(amount)s %(currency)s) proposed in “%(round)s”"),
            title=title,
            amount=amount.quantize(Decimal("0.01")),
            currency=round_.currency,
            round=round_.title,
        ),
    )
    return project


@transaction.atomic
def issue_to_project(
    *,
    actor: Any,
    issue: Issue,
    round_: ParticipationRound,
    cost: Any,
    owner: Organization | None,
    title: str = "",
    description: str = "",
) -> BudgetProject:
    """Put an issue on a budget round's list of projects (a coordinator), keeping the link;
    the project takes the issue's title and text unless given its own."""
    _require(actor, "participation.manage_round", issue.round)
    _require(actor, "participation.manage_round", round_)
    return project_propose(
        actor=actor,
        round_=round_,
        title=title or issue.title,
        description=description or issue.text,
        cost=cost,
        owner=owner,
        issue=issue,
    )


@transaction.atomic
def project_review(
    *, actor: Any, project: BudgetProject, feasible: bool, reason: str = ""
) -> BudgetProject:
    """Accept a project for the ballot, or reject it with a reason everyone sees, while
    the round collects or is reviewed."""
    round_ = project.round
    _require(actor, "participation.manage_round", round_)
    require_phase(round_, Phase.COLLECT, Phase.REVIEW, doing=_("Reviewing a project"))
    reason = (reason or "").strip()
    if not feasible and not reason:
        raise invalid(
            "reason", _("Say why the project is not feasible; the proposers will see it.")
        )
    locked = BudgetProject.objects.select_for_update().get(pk=project.pk)
    locked.status = ProjectStatus.ACCEPTED if feasible else ProjectStatus.REJECTED
    locked.rejection_reason = "" if feasible else reason
    locked.reviewed_by, locked.reviewed_at = actor, timezone.now()
    locked.save(update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at"])
    version_bump(round_)
    partnership_event_record(
        actor,
        "participation.project_reviewed",
        locked,
        round_.partnership,
        summary(
            gettext_noop("Project “%(title)s”: feasible: on the ballot")
            if feasible
            else gettext_noop("Project “%(title)s”: not feasible"),
            title=locked.title,
        ),
    )
    return locked


def _ballot_items(
    round_: ParticipationRound, selections: Sequence[int] | Mapping[int, int]
) -> list[tuple[BudgetProject, int | None]]:
    """Check a ballot against the round's rules; the projects in ballot order with points.

    Approval: project ids, at most ``max_projects`` of them, or costing at most the budget
    when the round sets no maximum. Ranking: project ids in order of preference, each once,
    at most ``max_projects``. Cumulative: project id → points, each at least 1, at most the
    round's points in all.
    """
    on_ballot = {p.pk: p for p in selectors.ballot_projects(round_=round_)}
    if isinstance(selections, Mapping):
        if round_.ballot_kind != BallotKind.CUMULATIVE:
            raise invalid("projects", _("This ballot takes a list of projects, not points."))
        chosen = [(int(k), v) for k, v in selections.items()]
    else:
        if round_.ballot_kind == BallotKind.CUMULATIVE:
            raise invalid("points", _("Give each project you support a number of points."))
        chosen = [(int(k), None) for k in selections]
    if not chosen:
        raise invalid("projects", _("Choose at least one project."))
    ids = [k for k, _ in chosen]
    if len(set(ids)) != len(ids):
        raise invalid("projects", _("Each project may appear once on a ballot."))
    unknown = [k for k in ids if k not in on_ballot]
    if unknown:
        raise invalid("projects", _("Only the projects on the ballot can be chosen."))
    items: list[tuple[BudgetProject, int | None]] = []
    if round_.ballot_kind == BallotKind.CUMULATIVE:
        total = 0
        for k, points in chosen:
            try:
                value = int(points)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise invalid("points", _("Points are whole numbers.")) from None
            if value < 1:
                raise invalid("points", _("Give each chosen project at least 1 point."))
            total += value
            items.append((on_ballot[k], value))
        assert round_.points is not None
        if total > round_.points:
            raise invalid(
                "points",
                _("You gave %(given)s points; you have %(points)s to spread.")
                % {"given": total, "points": round_.points},
            )
        return items
    limit = round_.max_projects
    if limit is not None and len(ids) > limit:
        raise invalid("projects", _("Choose at most %(n)s projects.") % {"n": limit})
    if round_.ballot_kind == BallotKind.APPROVAL and limit is None:
        assert round_.budget is not None
        spent = sum((on_ballot[k].cost for k in ids), Decimal(0))
        if spent > round_.budget:
            raise invalid(
                "projects",
                _("The projects you chose cost %(spent)s; the budget is %(budget)s.")
                % {"spent": format_amount(spent), "budget": format_amount(round_.budget)},
            )
    return [(on_ballot[k], None) for k in ids]


def _ballot_save(
    round_: ParticipationRound,
    participant: RoundParticipant,
    items: list[tuple[BudgetProject, int | None]],
    *,
    channel: str,
    entered_by: Any = None,
) -> BudgetBallot:
    if BudgetBallot.objects.filter(round=round_, participant=participant).exists():
        raise Conflict(_("%(who)s has voted in this round already.") % {"who": participant})
    with unique_or_conflict(_("%(who)s has voted in this round already.") % {"who": participant}):
        ballot = BudgetBallot.objects.create(
            round=round_, participant=participant, channel=channel, entered_by=entered_by
        )
    BudgetBallotItem.objects.bulk_create(
        BudgetBallotItem(ballot=ballot, project=project, position=k, points=points)
        for k, (project, points) in enumerate(items, start=1)
    )
    version_bump(round_)
    return ballot


@transaction.atomic
def ballot_cast(
    *,
    actor: Any,
    round_: ParticipationRound,
    selections: Sequence[int] | Mapping[int, int],
    public: RoundParticipant | None = None,
) -> BudgetBallot:
    """Cast one's ballot online while the round votes. One ballot per participant and
    round: a second one, online or on paper, is refused (409)."""
    _budget_round(round_)
    participant = participant_ensure(actor=actor, round_=round_, public=public)
    require_phase(locked_round(round_), Phase.VOTE, doing=_("Voting"))
    items = _ballot_items(round_, selections)
    ballot = _ballot_save(round_, participant, items, channel=BallotChannel.ONLINE)
    partnership_event_record(
        actor,
        "participation.ballot_cast",
        ballot,
        round_.partnership,
        summary(gettext_noop("A ballot was cast in “%(round)s”"), round=round_.title),
    )
    return ballot


@transaction.atomic
def paper_ballot_enter(
    *,
    actor: Any,
    round_: ParticipationRound,
    selections: Sequence[int] | Mapping[int, int],
    person: Any = None,
    name: str = "",
    group: str = "",
) -> BudgetBallot:
    """Enter a paper ballot for a named participant (a facilitator or a coordinator).

    ``person``: someone with an account whom the round is for; their ballot counts in their
    own group, and they cannot vote online as well. Otherwise ``name`` and ``group``: a
    participant without an account, named as on the paper (one ballot per name).
    """
    _budget_round(round_)
    _require(actor, "participation.enter_paper_ballot", round_)
    require_phase(locked_round(round_), Phase.VOTE, doing=_("Entering a paper ballot"))
    items = _ballot_items(round_, selections)
    if person is not None:
        if not selectors.eligible_people(round_=round_).filter(pk=person.pk).exists():
            raise Forbidden(_("%(who)s does not take part in this round.") % {"who": person})
        participant = RoundParticipant.objects.filter(round=round_, user=person).first()
        if participant is None:
            with unique_or_conflict(_("%(who)s takes part already.") % {"who": person}):
                participant = RoundParticipant.objects.create(
                    round=round_,
                    user=person,
                    group=selectors.group_of(actor=person, round_=round_),
                    source=ParticipantSource.PAPER,
                    added_by=actor,
                )
    else:
        name = (name or "").strip()
        if not name:
            raise invalid("name", _("Write the participant's name as on the paper ballot."))
        if len(name) > 200:
            raise invalid("name", _("At most 200 characters."))
        if group not in GROUP_LABELS:
            raise invalid("group", _("Say which group the participant belongs to."))
        participant = RoundParticipant.objects.filter(
            round=round_, user__isnull=True, email="", external_id="", name=name
        ).first()
        if participant is None:
            with unique_or_conflict(_("%(who)s takes part already.") % {"who": name}):
                participant = RoundParticipant.objects.create(
                    round=round_,
                    name=name,
                    group=group,
                    source=ParticipantSource.PAPER,
                    added_by=actor,
                )
    ballot = _ballot_save(round_, participant, items, channel=BallotChannel.PAPER, entered_by=actor)
    partnership_event_record(
        actor,
        "participation.paper_ballot_entered",
        ballot,
        round_.partnership,
        summary(
            gettext_noop("%(actor)s entered a paper ballot for %(participant)s in “%(round)s”"),
            actor=actor,
            participant=participant,
            round=round_.title,
        ),
    )
    return ballot


@transaction.atomic
def round_winners_fund(
    *,
    actor: Any,
    round_: ParticipationRound,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> list[BudgetProject]:
    """Add each winning project to the workplan, led by its owner, with a pledge of its
    cost from the pooled fund's holder. Once per project: running it again adds only what
    is missing. The projects funded now."""
    _budget_round(round_)
    _require(actor, "participation.manage_round", round_)
    locked = locked_round(round_)
    if locked.phase != Phase.RESULTS or not locked.outcome:
        raise Conflict(_("The round has no results yet."))
    if locked.is_imported or locked.fund_holder is None:
        raise Conflict(
            _("An imported round is a record; its projects are not funded from the pool.")
        )
    starts_on = starts_on or timezone.localdate()
    ends_on = ends_on or starts_on + timedelta(days=365)
    if ends_on < starts_on:
        raise invalid("ends_on", _("The period ends before it starts."))
    winners = (
        BudgetProject.objects.select_for_update(of=("self",))
        .filter(round=locked, pk__in=locked.outcome["selected"], pledge__isnull=True)
        .select_related("owner")
    )
    funded = []
    holder = locked.fund_holder
    for project in winners:
        if project.owner is None:
            raise Invalid(_("“%(title)s” has no owner organization.") % {"title": project.title})
        activity = project.activity or resource_services.activity_create(
            actor=actor,
            partnership=locked.partnership,
            title=project.title,
            lead_organization=project.owner,
            description=project.description,
            start_on=starts_on,
            end_on=ends_on,
        )
        pledge = resource_services.pledge_create(
            actor=actor,
            partnership=locked.partnership,
            organization=holder,
            kind=ResourceKind.MONEY,
            description=_("Participatory budget “%(round)s”: %(title)s")
            % {"round": locked.title, "title": project.title},
            currency_code=locked.partnership.reporting_currency,
            starts_on=starts_on,
            ends_on=ends_on,
            amount=project.cost,
            activity=activity,
            recipient=project.owner if project.owner_id != holder.pk else None,
        )
        project.activity, project.pledge = activity, pledge
        project.save(update_fields=["activity", "pledge"])
        funded.append(project)
    version_bump(locked)
    if funded:
        partnership_event_record(
            actor,
            "participation.winners_funded",
            locked,
            locked.partnership,
            summary(
                # one message per number: a summary is translated without ngettext
                gettext_noop("%(count)s winning project of “%(round)s” added to the workplan")
                if len(funded) == 1
                else gettext_noop(
                    "%(count)s winning projects of “%(round)s” added to the workplan"
                ),
                count=len(funded),
                round=locked.title,
            ),
        )
    return funded

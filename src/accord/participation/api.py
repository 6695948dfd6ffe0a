"""The participation API: rounds and their phases, issue naming with the bridging rank,
opinion statements and the opinion map, budget projects, ballots online and on paper,
results and pabulib files. Endpoints call the same services and selectors as the pages.

Reads answer the public as the pages do (``read_auth``); every write needs a token. The
public's email confirmation (taking part without an account) is a browser flow only.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile

from accord.core.api import actor, optional, read_auth
from accord.core.http import download
from accord.errors import Forbidden, Invalid, NotFound
from accord.participation import selectors, services
from accord.participation.models import (
    Audience,
    BallotKind,
    BudgetRule,
    RoundKind,
    StatementChoice,
    SupportMode,
)
from accord.partnerships import selectors as partnership_selectors
from accord.reference.models import SdgTarget

router = Router(tags=["participation"])

ROUND = "/partnerships/{slug}/rounds/{round_id}"


def _partnership(request: HttpRequest, slug: str) -> Any:
    return partnership_selectors.partnership_get_for(
        actor=actor(request),
        slug=slug,
        perm="participation.view_rounds",
        message=_("Participation rounds are visible to the partnership's people."),
    )


def _round(request: HttpRequest, slug: str, round_id: int, kind: str | None = None) -> Any:
    round_ = selectors.round_get(
        actor=actor(request), partnership=_partnership(request, slug), round_id=round_id
    )
    if kind is not None and round_.kind != kind:
        raise NotFound(_("No such round."))
    return round_


def _member(round_or_partnership: Any, organization_id: int | None, field: str) -> Any:
    partnership = getattr(round_or_partnership, "partnership", round_or_partnership)
    return optional(
        lambda pk: partnership_selectors.member_organization_find(
            partnership=partnership, organization_id=pk
        ),
        organization_id,
        _("%(field)s: no such member organization.") % {"field": field},
        error=Invalid,
    )


# --- rounds ------------------------------------------------------------------------------


class RoundOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    audience: str
    phase: str
    collect_until: datetime | None
    review_until: datetime | None
    vote_until: datetime | None
    opened_at: datetime | None
    results_at: datetime | None
    support_mode: str
    dots: int
    budget: Decimal | None
    currency: str
    fund_holder_id: int | None
    ballot_kind: str
    max_projects: int | None
    points: int | None
    rule: str
    is_imported: bool


@router.get("/partnerships/{slug}/rounds", response=list[RoundOut], auth=read_auth)
def round_list(request: HttpRequest, slug: str) -> Any:
    return selectors.round_list(actor=actor(request), partnership=_partnership(request, slug))


class RoundIn(Schema):
    kind: RoundKind
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    audience: Audience = Audience.PARTNERSHIP
    support_mode: SupportMode = SupportMode.APPROVAL
    dots: int | None = None
    budget: Decimal | None = None
    fund_holder_id: int | None = None
    ballot_kind: BallotKind = BallotKind.APPROVAL
    max_projects: int | None = None
    points: int | None = None
    rule: BudgetRule = BudgetRule.MES


@router.post("/partnerships/{slug}/rounds", response={201: RoundOut})
def round_create(request: HttpRequest, slug: str, payload: RoundIn) -> Any:
    partnership = _partnership(request, slug)
    data = payload.dict(exclude={"fund_holder_id"})
    round_ = services.round_create(
        actor=actor(request),
        partnership=partnership,
        fund_holder=_member(partnership, payload.fund_holder_id, "fund_holder_id"),
        **data,
    )
    return 201, round_


class ImportIn(Schema):
    content: str = Field(..., description="The text of a pabulib .pb file.")
    title: str = ""
    rule: BudgetRule | None = None


@router.post("/partnerships/{slug}/rounds/import", response={201: RoundOut})
def round_import(request: HttpRequest, slug: str, payload: ImportIn) -> Any:
    """Import a pabulib file as a budget round with its results (a coordinator)."""
    round_ = services.round_import_pabulib(
        actor=actor(request),
        partnership=_partnership(request, slug),
        content=payload.content,
        title=payload.title,
        rule=payload.rule,
    )
    return 201, round_


@router.get(ROUND, response=RoundOut, auth=read_auth)
def round_detail(request: HttpRequest, slug: str, round_id: int) -> Any:
    return _round(request, slug, round_id)


class OpenIn(Schema):
    collect_until: datetime
    review_until: datetime
    vote_until: datetime
    rule: BudgetRule | None = None


@router.post(ROUND + "/open", response=RoundOut)
def round_open(request: HttpRequest, slug: str, round_id: int, payload: OpenIn) -> Any:
    return services.round_open(
        actor=actor(request), round_=_round(request, slug, round_id), **payload.dict()
    )


class OpeningProposalOut(Schema):
    round_id: int
    proposal_id: int
    title: str
    status: str


@router.post(ROUND + "/opening-proposal", response={201: OpeningProposalOut})
def round_open_propose(request: HttpRequest, slug: str, round_id: int, payload: OpenIn) -> Any:
    """Put the opening of a draft round, with its dates, to the vote under the
    partnership's rule (409 while it has none: open it directly)."""
    round_ = _round(request, slug, round_id)
    proposal = services.round_open_propose(actor=actor(request), round_=round_, **payload.dict())
    return 201, {
        "round_id": round_.pk,
        "proposal_id": proposal.pk,
        "title": proposal.title,
        "status": proposal.status,
    }


@router.post(ROUND + "/advance", response=RoundOut)
def round_advance(request: HttpRequest, slug: str, round_id: int) -> Any:
    """Move the round to its next phase before its date (a coordinator)."""
    return services.round_phase_advance(
        actor=actor(request), round_=_round(request, slug, round_id)
    )


class FacilitatorIn(Schema):
    email: str


class FacilitatorOut(Schema):
    round_id: int
    user_id: int
    name: str = Field(..., alias="user.name")


@router.post(ROUND + "/facilitators", response={201: FacilitatorOut})
def facilitator_add(request: HttpRequest, slug: str, round_id: int, payload: FacilitatorIn) -> Any:
    round_ = _round(request, slug, round_id)
    person = selectors.facilitator_candidate(round_=round_, email=payload.email)
    return 201, services.facilitator_add(actor=actor(request), round_=round_, user=person)


# --- issues ------------------------------------------------------------------------------


class IssueOut(Schema):
    """An issue; a hidden one shows only the moderator's reason (title and text empty)."""

    id: int
    title: str
    text: str
    place: str
    hidden: bool
    hidden_reason: str
    merged_into_id: int | None
    sdg_target: str | None
    has_photo: bool
    supporters: int
    dots: int
    supporters_by_group: dict[str, int]
    consensus: float
    bridging_rank: int | None
    plain_rank: int | None
    proposal_id: int | None
    activity_id: int | None


def _issue_out(view: Any) -> dict[str, Any]:
    issue = view.issue
    return {
        "id": issue.pk,
        "title": view.title,
        "text": view.text,
        "place": view.place,
        "hidden": view.is_hidden,
        "hidden_reason": view.hidden_reason,
        "merged_into_id": issue.merged_into_id,
        "sdg_target": issue.sdg_target.code if issue.sdg_target_id and view.title else None,
        "has_photo": bool(issue.photo) and bool(view.title),
        "supporters": view.supporters,
        "dots": view.dots,
        "supporters_by_group": view.by_group,
        "consensus": view.consensus,
        "bridging_rank": view.bridging_rank,
        "plain_rank": view.plain_rank,
        "proposal_id": issue.proposal_id,
        "activity_id": issue.activity_id,
    }


class IssueBoardOut(Schema):
    """Issues in the bridging order, then hidden and merged ones; voters per group."""

    voters_by_group: dict[str, int]
    orders_differ: bool
    issues: list[IssueOut]


@router.get(ROUND + "/issues", response=IssueBoardOut, auth=read_auth)
def issue_list(request: HttpRequest, slug: str, round_id: int) -> Any:
    round_ = _round(request, slug, round_id, RoundKind.ISSUES)
    board = selectors.issue_board(actor=actor(request), round_=round_)
    return {
        "voters_by_group": {key: n for key, _label, n in board.groups},
        "orders_differ": board.orders_differ,
        "issues": [_issue_out(v) for v in [*board.bridging, *board.others]],
    }


class IssueIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    text: str = Field(..., min_length=1)
    place: str = ""
    sdg_target: str | None = Field(None, description="An SDG target code such as 6.5")


def _issue_view(request: HttpRequest, round_: Any, issue: Any) -> dict[str, Any]:
    board = selectors.issue_board(actor=actor(request), round_=round_)
    return _issue_out(next(v for v in board.views if v.pk == issue.pk))


@router.post(ROUND + "/issues", response={201: IssueOut})
def issue_submit(
    request: HttpRequest,
    slug: str,
    round_id: int,
    payload: Form[IssueIn],
    photo: File[UploadedFile] | None = None,
) -> Any:
    """Name an issue (form fields, and an optional photo of at most 2 MB)."""
    round_ = _round(request, slug, round_id, RoundKind.ISSUES)
    target = None
    if payload.sdg_target:
        target = SdgTarget.objects.filter(code=payload.sdg_target).first()
        if target is None:
            raise Invalid(_("sdg_target: unknown SDG target."))
    issue = services.issue_submit(
        actor=actor(request),
        round_=round_,
        title=payload.title,
        text=payload.text,
        place=payload.place,
        sdg_target=target,
        photo=photo,
    )
    return 201, _issue_view(request, round_, issue)


def _issue(request: HttpRequest, slug: str, round_id: int, issue_id: int) -> tuple[Any, Any]:
    round_ = _round(request, slug, round_id, RoundKind.ISSUES)
    return round_, selectors.issue_get(round_=round_, issue_id=issue_id)


@router.get(ROUND + "/issues/{issue_id}", response=IssueOut, auth=read_auth)
def issue_detail(request: HttpRequest, slug: str, round_id: int, issue_id: int) -> Any:
    round_, issue = _issue(request, slug, round_id, issue_id)
    return _issue_view(request, round_, issue)


class IssueSupportIn(Schema):
    dots: int = 1


@router.post(ROUND + "/issues/{issue_id}/support", response=IssueOut)
def issue_support(
    request: HttpRequest, slug: str, round_id: int, issue_id: int, payload: IssueSupportIn
) -> Any:
    round_, issue = _issue(request, slug, round_id, issue_id)
    services.issue_support(actor=actor(request), round_=round_, issue=issue, dots=payload.dots)
    return _issue_view(request, round_, issue)


@router.delete(ROUND + "/issues/{issue_id}/support", response=IssueOut)
def issue_unsupport(request: HttpRequest, slug: str, round_id: int, issue_id: int) -> Any:
    round_, issue = _issue(request, slug, round_id, issue_id)
    services.issue_unsupport(actor=actor(request), round_=round_, issue=issue)
    return _issue_view(request, round_, issue)


class ReasonIn(Schema):
    reason: str


@router.post(ROUND + "/issues/{issue_id}/hide", response=IssueOut)
def issue_hide(
    request: HttpRequest, slug: str, round_id: int, issue_id: int, payload: ReasonIn
) -> Any:
    round_, issue = _issue(request, slug, round_id, issue_id)
    services.issue_hide(actor=actor(request), issue=issue, reason=payload.reason)
    return _issue_view(request, round_, issue)


class MergeIn(Schema):
    into: int


@router.post(ROUND + "/issues/{issue_id}/merge", response=IssueOut)
def issue_merge(
    request: HttpRequest, slug: str, round_id: int, issue_id: int, payload: MergeIn
) -> Any:
    """Merge this duplicate into another issue; returns the issue that took its supports."""
    round_, issue = _issue(request, slug, round_id, issue_id)
    into = selectors.issue_find(round_=round_, issue_id=payload.into)
    if into is None:
        raise Invalid(_("into: no such issue in this round."))
    services.issue_merge(actor=actor(request), duplicate=issue, into=into)
    return _issue_view(request, round_, into)


class LinkOut(Schema):
    issue_id: int
    proposal_id: int | None = None
    activity_id: int | None = None
    project_id: int | None = None


@router.post(ROUND + "/issues/{issue_id}/proposal", response={201: LinkOut})
def issue_to_proposal(request: HttpRequest, slug: str, round_id: int, issue_id: int) -> Any:
    _, issue = _issue(request, slug, round_id, issue_id)
    proposal = services.issue_to_proposal(actor=actor(request), issue=issue)
    return 201, {"issue_id": issue.pk, "proposal_id": proposal.pk}


class IssueActivityIn(Schema):
    lead_organization_id: int


@router.post(ROUND + "/issues/{issue_id}/activity", response={201: LinkOut})
def issue_to_activity(
    request: HttpRequest, slug: str, round_id: int, issue_id: int, payload: IssueActivityIn
) -> Any:
    round_, issue = _issue(request, slug, round_id, issue_id)
    lead = _member(round_, payload.lead_organization_id, "lead_organization_id")
    activity = services.issue_to_activity(actor=actor(request), issue=issue, lead_organization=lead)
    return 201, {"issue_id": issue.pk, "activity_id": activity.pk}


class IssueProjectIn(Schema):
    budget_round_id: int
    cost: Decimal
    owner_id: int
    title: str = Field("", max_length=200, description="Default: the issue's title.")
    description: str = ""


@router.post(ROUND + "/issues/{issue_id}/project", response={201: LinkOut})
def issue_to_project(
    request: HttpRequest, slug: str, round_id: int, issue_id: int, payload: IssueProjectIn
) -> Any:
    round_, issue = _issue(request, slug, round_id, issue_id)
    budget = _round(request, slug, payload.budget_round_id, RoundKind.BUDGET)
    project = services.issue_to_project(
        actor=actor(request),
        issue=issue,
        round_=budget,
        cost=payload.cost,
        owner=_member(round_, payload.owner_id, "owner_id"),
        title=payload.title,
        description=payload.description,
    )
    return 201, {"issue_id": issue.pk, "project_id": project.pk}


# --- opinion mapping ---------------------------------------------------------------------


class StatementOut(Schema):
    """A statement; a hidden one shows only the moderator's reason."""

    id: int
    text: str
    hidden: bool
    hidden_reason: str
    agree: int = 0
    disagree: int = 0
    passed: int = 0


def _statement_out(statement: Any) -> dict[str, Any]:
    hidden = statement.is_hidden
    return {
        "id": statement.pk,
        "text": "" if hidden else statement.text,
        "hidden": hidden,
        "hidden_reason": statement.hidden_reason,
        "agree": getattr(statement, "agree", 0),
        "disagree": getattr(statement, "disagree", 0),
        "passed": getattr(statement, "passed", 0),
    }


@router.get(ROUND + "/statements", response=list[StatementOut], auth=read_auth)
def statement_list(request: HttpRequest, slug: str, round_id: int) -> Any:
    round_ = _round(request, slug, round_id, RoundKind.OPINIONS)
    return [_statement_out(s) for s in selectors.statement_list(round_=round_)]


class StatementIn(Schema):
    text: str = Field(..., min_length=1, max_length=280)


@router.post(ROUND + "/statements", response={201: StatementOut})
def statement_add(request: HttpRequest, slug: str, round_id: int, payload: StatementIn) -> Any:
    round_ = _round(request, slug, round_id, RoundKind.OPINIONS)
    statement = services.statement_add(actor=actor(request), round_=round_, text=payload.text)
    return 201, _statement_out(statement)


@router.get(ROUND + "/statements/next", response={200: StatementOut, 204: None})
def statement_next(request: HttpRequest, slug: str, round_id: int) -> Any:
    """The next statement for the caller to vote on (204 when none is left)."""
    round_ = _round(request, slug, round_id, RoundKind.OPINIONS)
    participant = selectors.participant_for(actor=actor(request), round_=round_)
    statement = selectors.statement_next(round_=round_, participant=participant)
    return (200, _statement_out(statement)) if statement else (204, None)


class StatementVoteIn(Schema):
    choice: StatementChoice


class StatementVoteOut(Schema):
    statement_id: int
    choice: str


@router.post(ROUND + "/statements/{statement_id}/vote", response=StatementVoteOut)
def statement_vote(
    request: HttpRequest, slug: str, round_id: int, statement_id: int, payload: StatementVoteIn
) -> Any:
    round_ = _round(request, slug, round_id, RoundKind.OPINIONS)
    statement = selectors.statement_get(round_=round_, statement_id=statement_id)
    return services.statement_vote(
        actor=actor(request), round_=round_, statement=statement, choice=payload.choice
    )


@router.post(ROUND + "/statements/{statement_id}/hide", response=StatementOut)
def statement_hide(
    request: HttpRequest, slug: str, round_id: int, statement_id: int, payload: ReasonIn
) -> Any:
    round_ = _round(request, slug, round_id, RoundKind.OPINIONS)
    statement = selectors.statement_get(round_=round_, statement_id=statement_id)
    return _statement_out(
        services.statement_hide(actor=actor(request), statement=statement, reason=payload.reason)
    )


class OpinionGroupOut(Schema):
    label: str
    size: int
    agrees_with: list[int]
    disagrees_with: list[int]


class OpinionMapOut(Schema):
    participants: int
    clustered: int
    groups: list[OpinionGroupOut]
    consensus: list[int]
    svg: str
    version: int = Field(description="The round version whose votes the map is computed from")
    up_to_date: bool = Field(description="False while a map of newer votes is being computed")
    recomputing: str | None = Field(
        None, description="How far the task worker got: queued, reading, grouping or drawing"
    )


class OpinionMapPendingOut(Schema):
    detail: str
    recomputing: str


@router.get(
    ROUND + "/opinion-map",
    response={200: OpinionMapOut, 202: OpinionMapPendingOut, 204: None},
    auth=read_auth,
)
def opinion_map(request: HttpRequest, slug: str, round_id: int) -> Any:
    """Opinion groups (Pol.is' method), their statements, the consensus; 204 until enough
    people have voted. A large round's map is computed by the task worker: until its first
    map is ready the answer is 202 with how far it got, and later the last map computed
    comes with ``up_to_date`` false while a newer one is computed."""
    round_ = _round(request, slug, round_id, RoundKind.OPINIONS)
    state = services.opinion_map_for_page(round_=round_, votes=selectors.vote_count(round_=round_))
    found = state.map
    if found is None:
        if state.job is not None:
            detail = _("The opinion map is being computed; ask again shortly.")
            return 202, {"detail": detail, "recomputing": state.job.stage}
        return 204, None
    return 200, {
        "participants": found.participants,
        "clustered": found.clustered,
        "groups": [
            {
                "label": g.label,
                "size": g.size,
                "agrees_with": [s.pk for s, d, _ in g.representative if d == "agree"],
                "disagrees_with": [s.pk for s, d, _ in g.representative if d == "disagree"],
            }
            for g in found.groups
        ],
        "consensus": [s.pk for s, _ in found.consensus],
        "svg": found.svg,
        "version": state.map_version,
        "up_to_date": state.current,
        "recomputing": state.job.stage if state.job else None,
    }


# --- budget rounds -----------------------------------------------------------------------


class ProjectOut(Schema):
    id: int
    title: str
    description: str
    cost: Decimal
    owner_id: int | None
    issue_id: int | None
    status: str
    rejection_reason: str
    activity_id: int | None
    pledge_id: int | None


@router.get(ROUND + "/projects", response=list[ProjectOut], auth=read_auth)
def project_list(request: HttpRequest, slug: str, round_id: int) -> Any:
    return selectors.project_list(round_=_round(request, slug, round_id, RoundKind.BUDGET))


class ProjectIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    cost: Decimal
    owner_id: int


@router.post(ROUND + "/projects", response={201: ProjectOut})
def project_propose(request: HttpRequest, slug: str, round_id: int, payload: ProjectIn) -> Any:
    round_ = _round(request, slug, round_id, RoundKind.BUDGET)
    project = services.project_propose(
        actor=actor(request),
        round_=round_,
        title=payload.title,
        description=payload.description,
        cost=payload.cost,
        owner=_member(round_, payload.owner_id, "owner_id"),
    )
    return 201, project


class ReviewIn(Schema):
    feasible: bool
    reason: str = ""


@router.post(ROUND + "/projects/{project_id}/review", response=ProjectOut)
def project_review(
    request: HttpRequest, slug: str, round_id: int, project_id: int, payload: ReviewIn
) -> Any:
    round_ = _round(request, slug, round_id, RoundKind.BUDGET)
    project = selectors.project_get(round_=round_, project_id=project_id)
    return services.project_review(
        actor=actor(request), project=project, feasible=payload.feasible, reason=payload.reason
    )


class BudgetBallotIn(Schema):
    """``projects`` (approval: the projects supported; ranking: in order of preference) or
    ``points`` (cumulative: project id → points)."""

    projects: list[int] | None = None
    points: dict[int, int] | None = None

    def selections(self) -> list[int] | dict[int, int]:
        if self.points is not None:
            return self.points
        return self.projects or []


class BallotItemOut(Schema):
    project_id: int
    position: int
    points: int | None


class BudgetBallotOut(Schema):
    id: int
    channel: str
    cast_at: datetime
    items: list[BallotItemOut]

    @staticmethod
    def resolve_items(obj: Any) -> list[Any]:
        return list(obj.items.all())


@router.post(ROUND + "/ballots", response={201: BudgetBallotOut})
def ballot_cast(request: HttpRequest, slug: str, round_id: int, payload: BudgetBallotIn) -> Any:
    round_ = _round(request, slug, round_id, RoundKind.BUDGET)
    ballot = services.ballot_cast(
        actor=actor(request), round_=round_, selections=payload.selections()
    )
    return 201, ballot


@router.get(ROUND + "/ballots/mine", response={200: BudgetBallotOut, 204: None})
def ballot_mine(request: HttpRequest, slug: str, round_id: int) -> Any:
    round_ = _round(request, slug, round_id, RoundKind.BUDGET)
    participant = selectors.participant_for(actor=actor(request), round_=round_)
    found = selectors.ballot_for(round_=round_, participant=participant)
    return (200, found) if found else (204, None)


class PaperBallotIn(BudgetBallotIn):
    """For a person with an account (``person_email``), or one named on the paper with
    their group (``name``, ``group``)."""

    person_email: str | None = None
    name: str = ""
    group: str = ""


@router.post(ROUND + "/paper-ballots", response={201: BudgetBallotOut})
def paper_ballot_enter(
    request: HttpRequest, slug: str, round_id: int, payload: PaperBallotIn
) -> Any:
    round_ = _round(request, slug, round_id, RoundKind.BUDGET)
    person = None
    if payload.person_email:
        person = (
            selectors.eligible_people(round_=round_)
            .filter(email__iexact=payload.person_email)
            .first()
        )
        if person is None:
            raise Forbidden(_("No one with that email takes part in this round."))
    ballot = services.paper_ballot_enter(
        actor=actor(request),
        round_=round_,
        selections=payload.selections(),
        person=person,
        name=payload.name,
        group=payload.group,
    )
    return 201, ballot


class ProjectFateOut(Schema):
    project_id: int
    title: str
    cost: Decimal
    won: bool
    supporters: int
    step: int | None
    price_per_voter: Decimal | None
    why: dict[str, Any]


class GroupShareOut(Schema):
    group: str
    voters: int
    money: Decimal
    share: float
    compare_money: Decimal
    compare_share: float


class ResultsOut(Schema):
    rule: str
    compare_rule: str
    voters: int
    paper: int
    total_cost: Decimal
    left_over: Decimal
    per_voter_budget: Decimal | None
    projects: list[ProjectFateOut]
    groups: list[GroupShareOut]


@router.get(ROUND + "/results", response={200: ResultsOut, 204: None}, auth=read_auth)
def round_results(request: HttpRequest, slug: str, round_id: int) -> Any:
    """Each project's fate with its reason (a code and its figures), and the budget each
    group's voters decided under the rule and under one other; 204 before the results."""
    round_ = _round(request, slug, round_id, RoundKind.BUDGET)
    results = selectors.budget_results(round_=round_)
    if results is None:
        return 204, None
    return 200, {
        "rule": results.rule,
        "compare_rule": results.compare_rule,
        "voters": results.voters,
        "paper": results.paper,
        "total_cost": results.total_cost,
        "left_over": results.left_over,
        "per_voter_budget": results.per_voter_budget,
        "projects": [
            {
                "project_id": f.project.pk,
                "title": f.project.title,
                "cost": f.project.cost,
                "won": f.won,
                "supporters": f.supporters,
                "step": f.step,
                "price_per_voter": f.price_per_voter,
                "why": f.why,
            }
            for f in [*results.winners, *results.losers]
        ],
        "groups": [
            {
                "group": g.group,
                "voters": g.voters,
                "money": g.money,
                "share": g.share,
                "compare_money": g.compare_money,
                "compare_share": g.compare_share,
            }
            for g in results.groups
        ],
    }


@router.post(ROUND + "/fund", response=list[ProjectOut])
def round_winners_fund(request: HttpRequest, slug: str, round_id: int) -> Any:
    """Add the winning projects to the workplan with pledges from the pool (a coordinator)."""
    round_ = _round(request, slug, round_id, RoundKind.BUDGET)
    return services.round_winners_fund(actor=actor(request), round_=round_)


@router.get(ROUND + "/export.pb", auth=read_auth)
def round_export(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    """The round as a pabulib .pb file."""
    round_ = _round(request, slug, round_id, RoundKind.BUDGET)
    filename, text = selectors.pabulib_export(round_=round_)
    return download(text, filename=filename, content_type="text/plain")

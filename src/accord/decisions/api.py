"""The decisions API: proposals, comments, ballots, rules, power analysis and the decision log.

Endpoints call the same services and selectors as the pages.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from accord.audit.summaries import render as render_summary
from accord.core.api import actor, optional, read_auth
from accord.core.http import download
from accord.decisions import choice_rules, selectors, services
from accord.decisions.models import (
    BallotChoice,
    Chamber,
    DecisionKind,
    ProposalStatus,
    Secrecy,
    Stance,
    Voters,
    WeightsMode,
)
from accord.errors import Conflict, Forbidden, Invalid, NotFound
from accord.partnerships import selectors as partnership_selectors

router = Router(tags=["decisions"])


def _partnership(request: HttpRequest, slug: str) -> Any:
    return partnership_selectors.partnership_get_for(
        actor=actor(request),
        slug=slug,
        perm="decisions.view_decisions",
        message=_("Decisions are visible to the partnership's members."),
    )


def _proposal(request: HttpRequest, slug: str, proposal_id: int) -> Any:
    partnership = _partnership(request, slug)
    return selectors.proposal_get(partnership=partnership, proposal_id=proposal_id)


# --- proposals -------------------------------------------------------------------------------


class AlternativeOut(Schema):
    id: int
    position: int
    name: str


class ProposalOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    status: str
    affected_groups: list[str]
    voting_opens_at: datetime | None
    voting_closes_at: datetime | None
    #: When voting really closed (the decision's time; earlier than ``voting_closes_at``
    #: when a coordinator closed it early once everyone had voted); null until decided.
    closed_at: datetime | None = None
    created_at: datetime
    alternatives: list[AlternativeOut]
    membership_id: int | None = None
    charter_version_id: int | None = None
    adopted_rule_id: int | None = None

    @staticmethod
    def resolve_alternatives(obj: Any) -> list[Any]:
        return list(obj.alternatives.all())


@router.get("/partnerships/{slug}/proposals", response=list[ProposalOut], auth=read_auth)
def proposal_list(
    request: HttpRequest, slug: str, q: str = "", status: str = "", kind: str = ""
) -> Any:
    """The proposals, newest first; ``q`` (a word of the title), ``status`` and ``kind``
    narrow them as the page's search does."""
    partnership = _partnership(request, slug)
    if status and status not in ProposalStatus.values:
        raise Invalid(
            _("status: one of %(values)s.") % {"values": ", ".join(ProposalStatus.values)}
        )
    if kind and kind not in DecisionKind.values:
        raise Invalid(_("kind: one of %(values)s.") % {"values": ", ".join(DecisionKind.values)})
    proposals = selectors.proposal_find(
        partnership=partnership, q=q[:200], status=status, kind=kind
    )
    return proposals.prefetch_related("alternatives")


class ProposalIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    body: str = ""
    kind: DecisionKind = DecisionKind.GENERAL
    affected_groups: list[str] = []


@router.post("/partnerships/{slug}/proposals", response={201: ProposalOut})
def proposal_create(request: HttpRequest, slug: str, payload: ProposalIn) -> Any:
    proposal = services.proposal_create(
        actor=actor(request),
        partnership=_partnership(request, slug),
        title=payload.title,
        body=payload.body,
        kind=payload.kind,
        affected_groups=payload.affected_groups,
    )
    return 201, proposal


class WhyOut(Schema):
    """Why, as data: a reason code and its params (docs/engine/explanations.md and
    ``accord.decisions.explanations`` for the app's codes)."""

    code: str
    params: dict[str, Any]


class DecisionOut(Schema):
    proposal_id: int
    title: str = Field(..., alias="proposal.title")
    outcome: str
    reason: str
    why: WhyOut | None = None
    decided_by: str
    explanation: str
    counts: dict[str, Any]
    rule: dict[str, Any]
    rationale: str
    effect: str = ""
    decided_at: datetime
    winner: AlternativeOut | None = None

    @staticmethod
    def resolve_winner(obj: Any) -> Any:
        """The chosen alternative of a ranked, approval or score decision."""
        counts = obj["counts"] if isinstance(obj, dict) else obj.counts
        return counts.get("winner")

    @staticmethod
    def resolve_why(obj: Any) -> Any:
        """The reason as data (none for a decision stored before it was kept)."""
        counts = obj["counts"] if isinstance(obj, dict) else obj.counts
        return counts.get("why")

    @staticmethod
    def resolve_effect(obj: Any) -> str:
        """In the request's language (``Decision.effect_text``)."""
        if not isinstance(obj, dict):
            return obj.effect_text
        return render_summary(obj["counts"].get("effect")) or obj.get("effect", "")


class BallotRowOut(Schema):
    organization_id: int | None
    organization: str | None
    choice: str
    reason: str
    preferences: dict[str, Any] | None = None
    chamber: str = Chamber.ORGANIZATIONS
    person_id: int | None = None
    person: str | None = None


class ChamberVotesOut(Schema):
    """Who voted in one chamber and, under open ballots, how."""

    chamber: str
    voted: list[str]
    ballots: list[BallotRowOut]


class ProposalDetailOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    status: str
    affected_groups: list[str]
    voting_opens_at: datetime | None
    voting_closes_at: datetime | None
    closed_at: datetime | None = None  # as in ProposalOut
    rule: dict[str, Any] | None
    alternatives: list[AlternativeOut]
    secrecy: str
    voters: str
    voted: list[str]
    ballots: list[BallotRowOut]
    chambers: list[ChamberVotesOut]
    decision: DecisionOut | None


def _ballot_row(ballot: Any) -> dict[str, Any]:
    return {
        "organization_id": ballot.organization_id,
        "organization": ballot.organization.name if ballot.organization_id else None,
        "person_id": ballot.person_id,
        "person": str(ballot.person) if ballot.person_id else None,
        "chamber": ballot.chamber,
        "choice": ballot.choice,
        "reason": ballot.reason,
        "preferences": ballot.preferences,
    }


@router.get(
    "/partnerships/{slug}/proposals/{proposal_id}", response=ProposalDetailOut, auth=read_auth
)
def proposal_detail(request: HttpRequest, slug: str, proposal_id: int) -> Any:
    proposal = _proposal(request, slug, proposal_id)
    participations = list(selectors.participation_list(proposal=proposal))
    secret = proposal.secrecy == Secrecy.SECRET
    ballots = [_ballot_row(b) for b in selectors.open_ballot_list(proposal=proposal)]
    return {
        **{
            f: getattr(proposal, f)
            for f in ProposalOut.model_fields
            if f not in ("created_at", "alternatives")
        },
        "rule": proposal.rule_snapshot,
        "alternatives": selectors.alternative_list(proposal=proposal),
        "secrecy": proposal.secrecy,
        "voters": proposal.voters,
        "voted": [] if secret else [str(p.voter) for p in participations],
        "ballots": ballots,
        "chambers": [
            {
                "chamber": chamber,
                "voted": []
                if secret
                else [str(p.voter) for p in participations if p.chamber == chamber],
                "ballots": [b for b in ballots if b["chamber"] == chamber],
            }
            for chamber in proposal.chambers
        ],
        "decision": selectors.decision_for(proposal=proposal),
    }


class AdvanceIn(Schema):
    closes_at: datetime | None = None


@router.post("/partnerships/{slug}/proposals/{proposal_id}/advance", response=ProposalOut)
def proposal_advance(request: HttpRequest, slug: str, proposal_id: int, payload: AdvanceIn) -> Any:
    proposal = _proposal(request, slug, proposal_id)
    return services.proposal_advance(
        actor=actor(request), proposal=proposal, closes_at=payload.closes_at
    )


@router.post("/partnerships/{slug}/proposals/{proposal_id}/withdraw", response=ProposalOut)
def proposal_withdraw(request: HttpRequest, slug: str, proposal_id: int) -> Any:
    proposal = _proposal(request, slug, proposal_id)
    return services.proposal_withdraw(actor=actor(request), proposal=proposal)


@router.post("/partnerships/{slug}/proposals/{proposal_id}/implemented", response=ProposalOut)
def proposal_mark_implemented(request: HttpRequest, slug: str, proposal_id: int) -> Any:
    """Record that an accepted proposal has been carried out (coordinators); 409 unless
    the proposal is accepted."""
    proposal = _proposal(request, slug, proposal_id)
    return services.proposal_mark_implemented(actor=actor(request), proposal=proposal)


class CloseIn(Schema):
    rationale: str = ""


@router.post("/partnerships/{slug}/proposals/{proposal_id}/close", response=DecisionOut)
def proposal_close(request: HttpRequest, slug: str, proposal_id: int, payload: CloseIn) -> Any:
    proposal = _proposal(request, slug, proposal_id)
    return services.proposal_close(
        actor=actor(request), proposal=proposal, rationale=payload.rationale
    )


class RationaleIn(Schema):
    rationale: str = Field(..., min_length=1)


@router.post("/partnerships/{slug}/proposals/{proposal_id}/rationale", response=DecisionOut)
def decision_rationale_add(
    request: HttpRequest, slug: str, proposal_id: int, payload: RationaleIn
) -> Any:
    """Write the rationale of a decision that was closed without one."""
    proposal = _proposal(request, slug, proposal_id)
    decision = selectors.decision_for(proposal=proposal)
    if decision is None:
        raise Conflict(_("The proposal is not decided yet."))
    return services.decision_rationale_add(
        actor=actor(request), decision=decision, rationale=payload.rationale
    )


# --- comments and ballots --------------------------------------------------------------------


class CommentOut(Schema):
    id: int
    parent_id: int | None
    stance: str
    body: str
    author: str | None = Field(None, alias="author.name")
    created_at: datetime


@router.get(
    "/partnerships/{slug}/proposals/{proposal_id}/comments",
    response=list[CommentOut],
    auth=read_auth,
)
def comment_list(request: HttpRequest, slug: str, proposal_id: int) -> Any:
    proposal = _proposal(request, slug, proposal_id)
    return [node.comment for node in selectors.comment_thread(proposal=proposal)]


class CommentIn(Schema):
    body: str
    stance: Stance = Stance.QUESTION
    parent_id: int | None = None


@router.post("/partnerships/{slug}/proposals/{proposal_id}/comments", response={201: CommentOut})
def comment_add(request: HttpRequest, slug: str, proposal_id: int, payload: CommentIn) -> Any:
    proposal = _proposal(request, slug, proposal_id)
    parent = optional(
        lambda pk: selectors.comment_find(proposal=proposal, comment_id=pk),
        payload.parent_id,
        _("parent_id: no such comment on this proposal."),
        error=Invalid,
    )
    comment = services.comment_add(
        actor=actor(request),
        proposal=proposal,
        body=payload.body,
        stance=payload.stance,
        parent=parent,
    )
    return 201, comment


class BallotIn(Schema):
    """A yes/no ``choice``, or, under a rule with alternatives, one of ``ranking`` (ids best
    first, a list of ids for a tie), ``approvals`` (ids) or ``scores`` (id → score)."""

    choice: BallotChoice | None = None
    reason: str = ""
    organization_id: int | None = None
    chamber: Chamber | None = Field(
        None,
        description="organizations (for an organization you represent) or individuals (as "
        "yourself); default: the only one open to you",
    )
    ranking: list[int | list[int]] | None = None
    approvals: list[int] | None = None
    scores: dict[int, int] | None = None
    withhold_consent: bool = Field(
        False,
        description="ranked, approval or score ballots of a decision that asks groups for "
        "their consent: withhold yours (give the reason)",
    )


class BallotOut(Schema):
    id: int
    sequence: int
    chamber: str
    choice: str
    preferences: dict[str, Any] | None
    cast_at: datetime


@router.post("/partnerships/{slug}/proposals/{proposal_id}/ballots", response={201: BallotOut})
def ballot_cast(request: HttpRequest, slug: str, proposal_id: int, payload: BallotIn) -> Any:
    proposal = _proposal(request, slug, proposal_id)
    organization = optional(
        lambda pk: partnership_selectors.member_organization_find(
            partnership=proposal.partnership, organization_id=pk
        ),
        payload.organization_id,
        _("No such member organization."),
        error=Forbidden,  # as for an organization one does not represent
    )
    ballot = services.ballot_cast(
        actor=actor(request),
        proposal=proposal,
        choice=payload.choice or "",
        reason=payload.reason,
        organization=organization,
        ranking=payload.ranking,
        approvals=payload.approvals,
        scores=payload.scores,
        chamber=payload.chamber,
        withhold_consent=payload.withhold_consent,
    )
    return 201, ballot


class AlternativesIn(Schema):
    alternatives: list[str] = Field(..., max_length=choice_rules.MAX_ALTERNATIVES)


@router.put(
    "/partnerships/{slug}/proposals/{proposal_id}/alternatives", response=list[AlternativeOut]
)
def alternatives_set(
    request: HttpRequest, slug: str, proposal_id: int, payload: AlternativesIn
) -> Any:
    """Replace the alternatives of a draft or a proposal in deliberation (author, coordinator)."""
    proposal = _proposal(request, slug, proposal_id)
    return services.alternatives_set(
        actor=actor(request), proposal=proposal, names=payload.alternatives
    )


@router.get("/partnerships/{slug}/proposals/{proposal_id}/preflib", auth=read_auth)
def proposal_ballots_export(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    """The current ballots as a PrefLib file: closed proposals, or any for coordinators."""
    proposal = _proposal(request, slug, proposal_id)
    if not proposal.is_closed and not actor(request).has_perm(
        "decisions.export_open_ballots", proposal.partnership
    ):
        raise Forbidden(_("The ballots can be downloaded once voting has closed."))
    filename, text = selectors.preflib_export(proposal=proposal)
    return download(text, filename=filename, content_type="text/plain")


# --- rules and power ---------------------------------------------------------------------------


class RuleOut(Schema):
    id: int
    name: str
    preset: str
    spec: dict[str, Any]
    weights_mode: str
    weights: dict[str, str]
    cap: str
    secrecy: str
    voters: str
    consent_groups: list[str]
    assigned_to: list[str]

    @staticmethod
    def resolve_assigned_to(obj: Any) -> list[str]:
        return [a.kind for a in obj.assignments.all()]


@router.get("/partnerships/{slug}/decision-rules", response=list[RuleOut], auth=read_auth)
def rule_list(request: HttpRequest, slug: str) -> Any:
    return selectors.rule_list(partnership=_partnership(request, slug)).prefetch_related(
        "assignments"
    )


class RuleIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    preset: str = ""
    spec: dict[str, Any] | None = None
    weights_mode: WeightsMode = WeightsMode.EQUAL
    weights: dict[str, str | int | float] = {}
    cap: str = ""
    secrecy: Secrecy = Secrecy.OPEN
    voters: Voters = Voters.ORGANIZATIONS
    quorum_overall: str = Field("", max_length=20, description="a share (1/2) or a number")
    quorum_per_group: str = Field("", max_length=20, description="in each sector with voters")
    consent_groups: list[str] = Field(
        default_factory=list,
        max_length=100,
        description="sector codes, or the codes of the partnership's own groups (group-<id>)",
    )


@router.post("/partnerships/{slug}/decision-rules", response={201: RuleOut})
def rule_create(request: HttpRequest, slug: str, payload: RuleIn) -> Any:
    rule = services.rule_create(
        actor=actor(request), partnership=_partnership(request, slug), **payload.dict()
    )
    return 201, rule


class AssignIn(Schema):
    kind: DecisionKind
    rule_id: int


class AssignOut(Schema):
    kind: str
    rule_id: int


@router.post("/partnerships/{slug}/decision-rules/assignments", response=AssignOut)
def rule_assign(request: HttpRequest, slug: str, payload: AssignIn) -> Any:
    partnership = _partnership(request, slug)
    rule = selectors.rule_get(partnership=partnership, rule_id=payload.rule_id)
    return services.rule_assign(
        actor=actor(request), partnership=partnership, kind=payload.kind, rule=rule
    )


class MemberPowerOut(Schema):
    """One voter: an organization, or (``chamber`` individuals) a person."""

    organization_id: int | None
    organization: str | None
    person_id: int | None
    name: str
    chamber: str
    sector: str
    seat_share: float
    weight_share: float
    banzhaf: float
    shapley_shubik: float
    is_dictator: bool
    is_veto: bool
    is_dummy: bool

    @staticmethod
    def resolve_organization_id(obj: Any) -> int | None:
        return obj.organization.pk if obj.chamber == Chamber.ORGANIZATIONS else None

    @staticmethod
    def resolve_organization(obj: Any) -> str | None:
        return obj.organization.name if obj.chamber == Chamber.ORGANIZATIONS else None

    @staticmethod
    def resolve_person_id(obj: Any) -> int | None:
        return obj.organization.pk if obj.chamber == Chamber.INDIVIDUALS else None


class SectorPowerOut(Schema):
    sector: str
    members: int
    seat_share: float
    weight_share: float
    banzhaf: float
    shapley_shubik: float


class PowerOut(Schema):
    name: str
    rule_id: int | None
    summary: str
    members: list[MemberPowerOut]
    sectors: list[SectorPowerOut]
    warnings: list[str]
    notes: list[str]
    method: str
    chamber: str


class PowerQuery(Schema):
    rules: list[int] = Field(
        [],
        description="Rule ids to compare (each once, at most as many as the partnership has "
        "rules, and at most 10); none: the general rule, else the default rule.",
    )


class PowerStatusOut(Schema):
    """Where one rule's analysis stands."""

    rule_id: int | None
    name: str
    status: str = Field(
        ...,
        description="ready, queued, computing, failed, or not_computed (nothing is on its way: "
        "POST to the same path to queue it)",
    )
    reason: str = Field("", description="Why the computation failed.")
    queued_at: datetime | None = None
    stale: bool = Field(
        False, description="Queued or started so long ago that it is presumed lost."
    )


class PowerPendingOut(Schema):
    """Not every analysis asked for is ready: the task worker computes them."""

    detail: str
    retry_after: int
    rules: list[PowerStatusOut]


class PowerRequestIn(Schema):
    rules: list[int] = []


def _power_rules(request: HttpRequest, slug: str, rule_ids: list[int]) -> tuple[Any, list[Any]]:
    partnership = _partnership(request, slug)
    rules = selectors.power_rules_get(partnership=partnership, rule_ids=rule_ids)
    return partnership, selectors.power_snapshots(partnership=partnership, rules=rules)


def _pending(outcomes: list[Any], response: HttpResponse) -> PowerPendingOut:
    response["Retry-After"] = str(POWER_RETRY_AFTER)
    waiting = any(o.waiting for o in outcomes)
    return PowerPendingOut(
        detail=_("The power analysis is being computed: ask again in a few seconds.")
        if waiting
        else _("The power analysis is not computed for the current members: POST to queue it."),
        retry_after=POWER_RETRY_AFTER,
        rules=[
            PowerStatusOut(
                rule_id=o.rule_id,
                name=o.name,
                status=o.status,
                reason=o.reason,
                queued_at=o.queued_at,
                stale=o.stale,
            )
            for o in outcomes
        ],
    )


#: Seconds a client should wait before asking again for an analysis being computed.
POWER_RETRY_AFTER = 3


@router.get(
    "/partnerships/{slug}/decision-rules/power",
    response={200: list[PowerOut], 202: PowerPendingOut},
    auth=read_auth,
)
def power_analysis(
    request: HttpRequest, slug: str, query: Query[PowerQuery], response: HttpResponse
) -> Any:
    """Power per member and sector under each rule given (default: the general rule), as
    the task worker stored it for the current members. 202 while any is not ready, with
    the status of each (and ``Retry-After``); nothing is computed in the request. 400 for a
    rule asked twice or more rules than the partnership has."""
    partnership, snapshots = _power_rules(request, slug, query.rules)
    outcomes = selectors.power_outcomes(partnership=partnership, snapshots=snapshots)
    if not all(o.ready for o in outcomes):
        return Status(202, _pending(outcomes, response))
    return Status(200, [analysis for o in outcomes for analysis in o.analyses])


@router.post(
    "/partnerships/{slug}/decision-rules/power",
    response={202: PowerPendingOut},
)
def power_analysis_request(
    request: HttpRequest, slug: str, payload: PowerRequestIn, response: HttpResponse
) -> Any:
    """Queue the analyses of the rules given (default: the general rule) that are not
    computed for the current members, failed, or presumed lost; any reader of the
    decisions may. What is ready or on its way is not queued again."""
    partnership, snapshots = _power_rules(request, slug, payload.rules)
    services.power_request(actor=actor(request), partnership=partnership, snapshots=snapshots)
    outcomes = selectors.power_outcomes(partnership=partnership, snapshots=snapshots)
    return Status(202, _pending(outcomes, response))


# --- the decision log ------------------------------------------------------------------------


class OpenVoteOut(Schema):
    voter: str
    chamber: str
    choice: str
    reason: str


class LoggedDecisionOut(DecisionOut):
    #: who voted how, for decisions taken under open ballots only
    votes: list[OpenVoteOut] = []


@router.get("/partnerships/{slug}/decisions", response=list[LoggedDecisionOut], auth=read_auth)
def decision_log(request: HttpRequest, slug: str) -> Any:
    """The decision log: for insiders, and for anyone when the partnership is public. Who
    voted how is listed only for decisions whose ballots were open."""
    partnership = partnership_selectors.partnership_get_for(
        actor=actor(request),
        slug=slug,
        perm="decisions.view_decision_log",
        message=_("Decisions are visible to the partnership's members."),
    )
    decisions = list(selectors.decision_log(partnership=partnership))
    votes = selectors.decision_log_votes(decisions=decisions)
    for decision in decisions:
        decision.votes = [vars(v) for v in votes.get(decision.proposal_id, [])]
    return decisions


# --- proposals that decide a step of the foundation ------------------------------------------


class SubjectProposalIn(Schema):
    body: str = ""


@router.post(
    "/partnerships/{slug}/memberships/{membership_id}/admission-proposal",
    response={201: ProposalOut},
)
def admission_propose(
    request: HttpRequest, slug: str, membership_id: int, payload: SubjectProposalIn
) -> Any:
    """Put the admission of an organization that accepted its invitation to a vote."""
    partnership = _partnership(request, slug)
    membership = partnership_selectors.membership_get(
        actor=actor(request), membership_id=membership_id
    )
    if membership.partnership_id != partnership.pk:
        raise NotFound(_("No such membership."))
    return 201, services.admission_propose(
        actor=actor(request), membership=membership, body=payload.body
    )


@router.post(
    "/partnerships/{slug}/charter/versions/{version_id}/publication-proposal",
    response={201: ProposalOut},
)
def charter_publication_propose(
    request: HttpRequest, slug: str, version_id: int, payload: SubjectProposalIn
) -> Any:
    """Put the publication of the charter draft to a vote."""
    partnership = _partnership(request, slug)
    draft = partnership_selectors.charter_draft(partnership=partnership)
    if draft is None or draft.pk != version_id:
        raise NotFound(_("No such charter draft."))
    return 201, services.charter_publication_propose(
        actor=actor(request), version=draft, body=payload.body
    )


class RuleAdoptionIn(Schema):
    kind: DecisionKind
    rule_id: int
    body: str = ""


@router.post("/partnerships/{slug}/decision-rules/adoption-proposals", response={201: ProposalOut})
def rule_adoption_propose(request: HttpRequest, slug: str, payload: RuleAdoptionIn) -> Any:
    """Propose that a rule decide a kind of decision; the rule now in force decides."""
    partnership = _partnership(request, slug)
    rule = selectors.rule_get(partnership=partnership, rule_id=payload.rule_id)
    return 201, services.rule_adoption_propose(
        actor=actor(request),
        partnership=partnership,
        kind=payload.kind,
        rule=rule,
        body=payload.body,
    )

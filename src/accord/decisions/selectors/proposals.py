"""Reads about proposals, comments, ballots and decisions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext as _

from accord.decisions import pseudonyms
from accord.decisions.choice_rules import describe
from accord.decisions.models import (
    OPEN_STATUSES,
    Ballot,
    BallotChoice,
    Chamber,
    Comment,
    Decision,
    Participation,
    Proposal,
    ProposalStatus,
    Secrecy,
)
from accord.decisions.selectors.voters import eligible_individuals
from accord.errors import NotFound
from accord.partners.models import Organization
from accord.partnerships.models import Partnership


def proposal_list(*, partnership: Partnership) -> QuerySet[Proposal]:
    """The partnership's proposals, newest first, with their counts and ``closed_at``: when
    voting really closed (the decision's time, before ``voting_closes_at`` when a
    coordinator closed it early), or None while undecided."""
    return (
        Proposal.objects.filter(partnership=partnership)
        .select_related("author")
        .annotate(
            comment_count=Count("comments", distinct=True),
            voter_count=Count("participations", distinct=True),
            closed_at=Max("decision__decided_at"),
        )
        .order_by("-created_at", "-id")
    )


def proposal_get(*, partnership: Partnership, proposal_id: int) -> Proposal:
    proposal = (
        Proposal.objects.filter(partnership=partnership, pk=proposal_id)
        .select_related(
            "partnership", "author", "membership__organization", "charter_version", "adopted_rule"
        )
        .annotate(closed_at=Max("decision__decided_at"))  # as in proposal_list
        .first()
    )
    if proposal is None:
        raise NotFound(_("No such proposal."))
    return proposal


@dataclass(frozen=True)
class OpenSubjectProposals:
    """The open proposals that decide foundation steps, keyed by what they decide."""

    by_membership: dict[int, Proposal]
    by_charter_version: dict[int, Proposal]
    by_rule_kind: dict[str, Proposal]


def open_subject_proposals(*, partnership: Partnership) -> OpenSubjectProposals:
    """One query: which memberships, charter drafts and rule changes are being decided."""
    rows = Proposal.objects.filter(partnership=partnership, status__in=OPEN_STATUSES).exclude(
        membership__isnull=True, charter_version__isnull=True, adopted_rule__isnull=True
    )
    by_membership, by_charter, by_kind = {}, {}, {}
    for proposal in rows.select_related("adopted_rule"):
        if proposal.membership_id:
            by_membership[proposal.membership_id] = proposal
        elif proposal.charter_version_id:
            by_charter[proposal.charter_version_id] = proposal
        else:
            by_kind[proposal.kind] = proposal
    return OpenSubjectProposals(by_membership, by_charter, by_kind)


def proposals_due(*, partnership: Partnership | None = None, now: Any) -> QuerySet[Proposal]:
    """Proposals whose voting has ended but which are not closed yet."""
    due = Proposal.objects.filter(status=ProposalStatus.VOTING, voting_closes_at__lte=now)
    return due.filter(partnership=partnership) if partnership is not None else due


#: Replies deeper than this are shown at this indentation (a thread stays readable on a
#: phone, and a chain of a thousand replies draws no wider than one of six).
MAX_COMMENT_DEPTH = 6


@dataclass(frozen=True)
class CommentNode:
    comment: Comment
    depth: int


def comment_thread(*, proposal: Proposal) -> list[CommentNode]:
    """Comments in thread order (replies under their parent, oldest first), one query.

    The tree is walked with an explicit stack, not recursion, so a chain of any length (a
    thousand replies each answering the one before) is listed; the displayed depth is
    capped at ``MAX_COMMENT_DEPTH``.
    """
    comments = list(
        Comment.objects.filter(proposal=proposal)
        .select_related("author")
        .order_by("created_at", "id")
    )
    children: dict[int | None, list[Comment]] = {}
    for comment in comments:
        children.setdefault(comment.parent_id, []).append(comment)
    ordered: list[CommentNode] = []
    # the stack holds (comment, depth) to visit, the next one on top
    stack = [(comment, 0) for comment in reversed(children.get(None, []))]
    while stack:
        comment, depth = stack.pop()
        ordered.append(CommentNode(comment, min(depth, MAX_COMMENT_DEPTH)))
        stack.extend((reply, depth + 1) for reply in reversed(children.get(comment.pk, [])))
    return ordered


def comment_find(*, proposal: Proposal, comment_id: int) -> Comment | None:
    """A comment on this proposal (the parent of a reply), or None."""
    return Comment.objects.filter(proposal=proposal, pk=comment_id).first()


def _ballot_key(ballot: Ballot) -> Any:
    if ballot.organization_id:
        return ballot.organization_id
    if ballot.person_id:
        return ("person", ballot.person_id)
    return ballot.pseudonym


def voter_key(*, proposal: Proposal, chamber: str, voter_id: int, secret: bool) -> Any:
    """The key of a voter's ballots in :func:`current_ballots`.

    An organization's id, ``("person", id)`` for a person voting as themselves, or, under
    anonymous and secret ballots, the voter's pseudonym (``pseudonyms.ballot_pseudonym`` /
    ``pseudonyms.person_pseudonym``, distinct for an organization and a person).
    """
    if chamber == Chamber.INDIVIDUALS:
        if secret:
            return pseudonyms.person_pseudonym(proposal_id=proposal.pk, person_id=voter_id)
        return ("person", voter_id)
    if secret:
        return pseudonyms.ballot_pseudonym(proposal_id=proposal.pk, organization_id=voter_id)
    return voter_id


def current_ballots(*, proposal: Proposal) -> dict[Any, Ballot]:
    """The current ballot per voter key (see :func:`voter_key`), one query."""
    current: dict[Any, Ballot] = {}
    for ballot in (
        Ballot.objects.filter(proposal=proposal)
        .select_related("organization", "person")
        .order_by("sequence", "id")
    ):
        current[_ballot_key(ballot)] = ballot
    return current


def participation_list(*, proposal: Proposal) -> QuerySet[Participation]:
    return Participation.objects.filter(proposal=proposal).select_related("organization", "person")


def open_ballot_list(*, proposal: Proposal) -> list[Ballot]:
    """The current ballots, organizations' then people's, by name, for open votes only."""
    if proposal.secrecy != Secrecy.OPEN:
        return []
    ballots = current_ballots(proposal=proposal)
    order = {chamber: i for i, chamber in enumerate(Chamber.values)}
    return sorted(
        ballots.values(),
        key=lambda b: (order[b.chamber], str(b.voter or "").casefold(), b.pk),
    )


def decision_log(*, partnership: Partnership) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(proposal__partnership=partnership)
        .select_related("proposal", "closed_by")
        .order_by("-decided_at", "-id")
    )


@dataclass(frozen=True)
class OpenVote:
    """How one voter voted, shown only for a decision taken under open ballots."""

    voter: str
    chamber: str
    choice: str  # a yes/no choice's label, or the ranking, approvals or scores in words
    reason: str


def decision_log_votes(*, decisions: list[Decision]) -> dict[int, list[OpenVote]]:
    """Who voted how on each decision taken under open ballots (its voters' last ballots),
    by proposal id, in one query; nothing for anonymous and secret ballots, whose ballots
    name no voter."""
    open_ids = {
        d.proposal_id: d.rule.get("alternatives", [])
        for d in decisions
        if (d.rule or {}).get("secrecy", Secrecy.OPEN) == Secrecy.OPEN
    }
    if not open_ids:
        return {}
    last: dict[tuple[int, str, int], Ballot] = {}
    for ballot in (
        Ballot.objects.filter(proposal_id__in=list(open_ids), pseudonym="")
        .select_related("organization", "person")
        .order_by("proposal_id", "sequence", "id")
    ):
        voter_id = ballot.organization_id or ballot.person_id
        last[(ballot.proposal_id, ballot.chamber, voter_id)] = ballot
    votes: dict[int, list[OpenVote]] = {}
    for (proposal_id, chamber, _voter), ballot in last.items():
        choice = (
            describe(ballot.preferences, open_ids[proposal_id])
            if ballot.preferences is not None
            else str(BallotChoice(ballot.choice).label)
        )
        votes.setdefault(proposal_id, []).append(
            OpenVote(str(ballot.voter), chamber, choice, ballot.reason)
        )
    for rows in votes.values():
        rows.sort(key=lambda v: (v.chamber, v.voter.casefold()))
    return votes


def ballot_history(*, proposal: Proposal) -> QuerySet[Ballot]:
    return Ballot.objects.filter(proposal=proposal).order_by("sequence", "id")


def decision_for(*, proposal: Proposal) -> Decision | None:
    return Decision.objects.filter(proposal=proposal).first()


def my_current_ballots(*, proposal: Proposal, organizations: list[Organization]) -> list[Any]:
    """(organization, its current ballot in words or None) for the organizations the actor
    votes for."""
    current = current_ballots(proposal=proposal)
    secret = proposal.secrecy != Secrecy.OPEN
    rows = []
    for org in organizations:
        key = (
            pseudonyms.ballot_pseudonym(proposal_id=proposal.pk, organization_id=org.pk)
            if secret
            else org.pk
        )
        rows.append((org, ballot_in_words(proposal, current.get(key))))
    return rows


def ballot_in_words(proposal: Proposal, ballot: Ballot | None) -> str | None:
    """A current ballot as its voter reads it: the choice, or the preferences; None if none."""
    if ballot is None:
        return None
    if ballot.preferences is not None:
        return describe(ballot.preferences, (proposal.rule_snapshot or {}).get("alternatives", []))
    return ballot.get_choice_display()


@dataclass(frozen=True)
class BallotPanel:
    """One ballot form of the proposal page: the chamber, whom it votes for, the current ballots.

    ``organizations`` lists the member organizations the actor votes for in the
    organizations chamber (empty in the individuals chamber, where they vote as
    themselves); ``current`` pairs each voter's name with their current ballot in words,
    or None before they voted.
    """

    chamber: str
    heading: str
    organizations: list[Organization]
    current: list[tuple[str, str | None]]


def ballot_panels(
    *, actor: Any, proposal: Proposal, organizations: list[Organization]
) -> list[BallotPanel]:
    """Where the actor votes on a proposal in voting: for the member ``organizations`` they
    represent (organizations chamber) and as themselves (individuals chamber), as the
    proposal's rule allows. Empty for anyone without a vote."""
    if proposal.status != ProposalStatus.VOTING or not actor.is_authenticated:
        return []
    chambers = proposal.chambers
    both = len(chambers) > 1
    panels = []
    if Chamber.ORGANIZATIONS in chambers and organizations:
        mine = my_current_ballots(proposal=proposal, organizations=organizations)
        if not both:
            heading = _("Your ballot")
        elif len(organizations) == 1:
            heading = _("For %(organization)s (%(chamber)s)") % {
                "organization": organizations[0],
                "chamber": Chamber.ORGANIZATIONS.label,
            }
        else:
            heading = _("For an organization you represent (%(chamber)s)") % {
                "chamber": Chamber.ORGANIZATIONS.label
            }
        panels.append(
            BallotPanel(
                Chamber.ORGANIZATIONS,
                heading,
                organizations,
                [(str(org), choice) for org, choice in mine],
            )
        )
    if Chamber.INDIVIDUALS in chambers and any(
        i.person.pk == actor.pk for i in eligible_individuals(partnership=proposal.partnership)
    ):
        key = voter_key(
            proposal=proposal,
            chamber=Chamber.INDIVIDUALS,
            voter_id=actor.pk,
            secret=proposal.secrecy != Secrecy.OPEN,
        )
        current = ballot_in_words(proposal, current_ballots(proposal=proposal).get(key))
        panels.append(
            BallotPanel(
                Chamber.INDIVIDUALS,
                _("As yourself (%(chamber)s)") % {"chamber": Chamber.INDIVIDUALS.label},
                [],
                [(_("You"), current)],
            )
        )
    return panels


def participation_counts(*, participations: list[Participation]) -> dict[str, int]:
    """How many organizations and how many people have voted (for secret ballots)."""
    people = sum(1 for p in participations if p.person_id)
    return {Chamber.ORGANIZATIONS: len(participations) - people, Chamber.INDIVIDUALS: people}


def proposal_find(
    *, partnership: Partnership, q: str = "", status: str = "", kind: str = ""
) -> QuerySet[Proposal]:
    """``proposal_list`` narrowed: the word in the title, the status, the kind (issue 14,
    item 10). An empty value does not filter."""
    proposals = proposal_list(partnership=partnership)
    if q.strip():
        proposals = proposals.filter(title__icontains=q.strip())
    if status:
        proposals = proposals.filter(status=status)
    if kind:
        proposals = proposals.filter(kind=kind)
    return proposals

"""Every read about decisions beyond a plain get, and the conversion to the engine's inputs."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import Count, QuerySet

from accord.decisions.models import (
    Ballot,
    Comment,
    Decision,
    DecisionKind,
    DecisionRule,
    Participation,
    Proposal,
    ProposalStatus,
    RuleAssignment,
    Secrecy,
    WeightsMode,
)
from accord.engine.voting import motions
from accord.engine.voting.caps import as_fraction, capped_weights
from accord.engine.voting.presets import get_preset
from accord.errors import NotFound
from accord.partners.models import Organization, Sector
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import member_organizations

#: Every sector is a group of the ballots, so safeguards naming an absent sector still work.
GROUP_NAMES: tuple[str, ...] = tuple(Sector.values)

DEFAULT_PRESET = "simple_majority"


# --- rules -----------------------------------------------------------------------------------


def rule_list(*, partnership: Partnership) -> QuerySet[DecisionRule]:
    return DecisionRule.objects.filter(partnership=partnership).order_by("name")


def rule_get(*, partnership: Partnership, rule_id: int) -> DecisionRule:
    rule = DecisionRule.objects.filter(partnership=partnership, pk=rule_id).first()
    if rule is None:
        raise NotFound("No such decision rule.")
    return rule


def assignment_list(*, partnership: Partnership) -> QuerySet[RuleAssignment]:
    return RuleAssignment.objects.filter(partnership=partnership).select_related("rule")


def rule_for_kind(*, partnership: Partnership, kind: str) -> DecisionRule | None:
    """The rule assigned to this kind of decision, else the general one, else None."""
    assignments = {a.kind: a.rule for a in assignment_list(partnership=partnership)}
    return assignments.get(kind) or assignments.get(DecisionKind.GENERAL)


def default_snapshot() -> dict[str, Any]:
    """What a partnership without any assigned rule decides by: simple majority, open."""
    preset = get_preset(DEFAULT_PRESET)
    return {
        "id": None,
        "name": f"{preset.name} (default)",
        "preset": preset.key,
        "rule": preset.rule.to_dict(),
        "weights_mode": WeightsMode.EQUAL,
        "weights": {},
        "cap": "",
        "secrecy": Secrecy.OPEN,
    }


# --- proposals ---------------------------------------------------------------------------------


def proposal_list(*, partnership: Partnership) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(partnership=partnership)
        .select_related("author")
        .annotate(
            comment_count=Count("comments", distinct=True),
            voter_count=Count("participations", distinct=True),
        )
        .order_by("-created_at", "-id")
    )


def proposal_get(*, partnership: Partnership, proposal_id: int) -> Proposal:
    proposal = (
        Proposal.objects.filter(partnership=partnership, pk=proposal_id)
        .select_related("partnership", "author")
        .first()
    )
    if proposal is None:
        raise NotFound("No such proposal.")
    return proposal


def proposals_due(*, partnership: Partnership | None = None, now: Any) -> QuerySet[Proposal]:
    """Proposals whose voting has ended but which are not closed yet."""
    due = Proposal.objects.filter(status=ProposalStatus.VOTING, voting_closes_at__lte=now)
    return due.filter(partnership=partnership) if partnership is not None else due


@dataclass(frozen=True)
class CommentNode:
    comment: Comment
    depth: int


def comment_thread(*, proposal: Proposal) -> list[CommentNode]:
    """Comments in thread order (replies under their parent), one query."""
    comments = list(
        Comment.objects.filter(proposal=proposal).select_related("author").order_by("created_at")
    )
    children: dict[int | None, list[Comment]] = {}
    for comment in comments:
        children.setdefault(comment.parent_id, []).append(comment)
    ordered: list[CommentNode] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for comment in children.get(parent_id, []):
            ordered.append(CommentNode(comment, min(depth, 6)))
            walk(comment.pk, depth + 1)

    walk(None, 0)
    return ordered


def current_ballots(*, proposal: Proposal) -> dict[Any, Ballot]:
    """The current ballot per voter key (organization id, or pseudonym), one query."""
    current: dict[Any, Ballot] = {}
    for ballot in (
        Ballot.objects.filter(proposal=proposal)
        .select_related("organization")
        .order_by("sequence", "id")
    ):
        current[ballot.organization_id or ballot.pseudonym] = ballot
    return current


def participation_list(*, proposal: Proposal) -> QuerySet[Participation]:
    return Participation.objects.filter(proposal=proposal).select_related("organization")


def open_ballot_list(*, proposal: Proposal) -> list[Ballot]:
    """The current ballots by organization, for open votes only (empty otherwise)."""
    if proposal.secrecy != Secrecy.OPEN:
        return []
    ballots = current_ballots(proposal=proposal)
    return sorted(ballots.values(), key=lambda b: b.organization.name if b.organization else "")


def decision_log(*, partnership: Partnership) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(proposal__partnership=partnership)
        .select_related("proposal", "closed_by")
        .order_by("-decided_at", "-id")
    )


def ballot_history(*, proposal: Proposal) -> QuerySet[Ballot]:
    return Ballot.objects.filter(proposal=proposal).order_by("sequence", "id")


# --- voters and weights -------------------------------------------------------------------


@dataclass(frozen=True)
class VoterTable:
    """The eligible voters (admitted member organizations) with their group and weight."""

    organizations: list[Organization]
    groups: list[str]
    weights: list[Fraction]  # after the cap, in the rule's units
    raw_weights: list[Fraction]  # before the cap
    cap: Fraction | None
    weighted: bool


def voter_table(
    *, partnership: Partnership, snapshot: dict[str, Any], members: list[Organization] | None = None
) -> VoterTable:
    """Members, sectors and weights under a rule snapshot (``DecisionRule.snapshot()``).

    Equal weights give everyone 1; custom weights read ``snapshot["weights"]`` (members
    without an entry weigh 0). A cap, if any, is applied with
    :func:`~accord.engine.voting.caps.capped_weights` (clamped to equal shares when too low).
    """
    organizations = (
        members if members is not None else list(member_organizations(partnership=partnership))
    )
    if snapshot.get("weights_mode") == WeightsMode.CUSTOM:
        table = snapshot.get("weights") or {}
        raw = [as_fraction(table.get(str(org.pk), 0), "weight") for org in organizations]
    else:
        raw = [Fraction(1)] * len(organizations)
    cap = as_fraction(snapshot["cap"], "cap") if snapshot.get("cap") else None
    weights = raw
    if cap is not None and any(w > 0 for w in raw):
        weights = capped_weights(raw, cap, if_infeasible="equal_shares").as_fractions()
        unit = sum(raw) / sum(weights) if sum(weights) else Fraction(1)
        weights = [w * unit for w in weights]
    return VoterTable(
        organizations=organizations,
        groups=[org.sector for org in organizations],
        weights=weights,
        raw_weights=raw,
        cap=cap,
        weighted=snapshot.get("weights_mode") == WeightsMode.CUSTOM or cap is not None,
    )


def engine_rule(snapshot: dict[str, Any]) -> motions.DecisionRule:
    return motions.DecisionRule.from_dict(snapshot["rule"])


def has_everyone_voted(*, proposal: Proposal) -> bool:
    members = set(
        member_organizations(partnership=proposal.partnership).values_list("pk", flat=True)
    )
    voted = set(
        Participation.objects.filter(proposal=proposal).values_list("organization_id", flat=True)
    )
    return bool(members) and members <= voted

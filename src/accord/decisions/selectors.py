"""Every read about decisions beyond a plain get, and the conversion to the engine's inputs."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from django.db.models import Count, QuerySet

from accord.decisions.models import (
    CHAMBERS_OF,
    OPEN_STATUSES,
    Ballot,
    Chamber,
    Comment,
    Decision,
    DecisionKind,
    DecisionRule,
    Participation,
    Proposal,
    ProposalStatus,
    RuleAssignment,
    Secrecy,
    Voters,
    WeightsMode,
)
from accord.engine.power import (
    WeightedGame,
    banzhaf_index,
    composite_banzhaf_index,
    composite_shapley_shubik_index,
    concurrent_majority_game,
    dictators,
    dummy_players,
    shapley_shubik_index,
    veto_players,
)
from accord.engine.voting import motions
from accord.engine.voting.caps import as_fraction, capped_weights, integer_weights
from accord.engine.voting.presets import get_preset
from accord.errors import NotFound
from accord.partners.models import Affiliation, Organization, Sector
from accord.partnerships.models import Participant as PartnershipParticipant
from accord.partnerships.models import ParticipantRole, Partnership
from accord.partnerships.selectors import member_organizations

#: Every sector is a group of the ballots, so safeguards naming an absent sector still work.
GROUP_NAMES: tuple[str, ...] = tuple(Sector.values)

DEFAULT_PRESET = "simple_majority"

#: Composite games (concurrent majority, group consent) are enumerated exactly up to this
#: many members (2**20 coalitions, well under a second) and sampled beyond.
EXACT_PLAYERS = 20


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


def governing_rule(*, partnership: Partnership, kind: str) -> DecisionRule | None:
    """The rule that must decide a foundation step of ``kind`` (admission, charter, rules).

    None while the partnership has assigned no rule (neither for ``kind`` nor a general
    one) or has no admitted member to vote: until then its coordinators act directly, which
    is how a forming partnership admits its first members and publishes its first charter.
    """
    rule = rule_for_kind(partnership=partnership, kind=kind)
    if rule is None or not member_organizations(partnership=partnership).exists():
        return None
    return rule


def delivered_weights(*, partnership: Partnership) -> dict[str, str]:
    """Each member's resources delivered so far, in the reporting currency, as weights.

    Money and valued in-kind contributions as the resources summary converts them; a
    member that delivered nothing weighs 0.
    """
    from accord.resources.selectors import resource_summary

    summary = resource_summary(partnership=partnership)
    return {
        str(row.organization.pk): str(Fraction(row.delivered_total))
        for row in summary.partners
        if row.delivered_total > 0
    }


def rule_snapshot(rule: DecisionRule) -> dict[str, Any]:
    """``rule.snapshot()`` with weights read from the ledger now, for delivered weights.

    Voting freezes this snapshot into the proposal, so a tally never changes when later
    resources arrive; the power analysis shows the weights as they stand today.
    """
    snapshot = rule.snapshot()
    if rule.weights_mode == WeightsMode.DELIVERED:
        snapshot["weights"] = delivered_weights(partnership=rule.partnership)
    return snapshot


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
        "voters": Voters.ORGANIZATIONS,
    }


def chambers_of(snapshot: dict[str, Any]) -> tuple[str, ...]:
    """The chambers a rule snapshot votes in (organizations for snapshots without ``voters``)."""
    return CHAMBERS_OF[snapshot.get("voters") or Voters.ORGANIZATIONS]


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
        .select_related(
            "partnership", "author", "membership__organization", "charter_version", "adopted_rule"
        )
        .first()
    )
    if proposal is None:
        raise NotFound("No such proposal.")
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


def _ballot_key(ballot: Ballot) -> Any:
    if ballot.organization_id:
        return ballot.organization_id
    if ballot.person_id:
        return ("person", ballot.person_id)
    return ballot.pseudonym


def voter_key(*, proposal: Proposal, chamber: str, voter_id: int, secret: bool) -> Any:
    """The key of a voter's ballots in :func:`current_ballots`.

    An organization's id, ``("person", id)`` for a person voting as themselves, or, under
    anonymous and secret ballots, the voter's pseudonym (``services.ballot_pseudonym`` /
    ``services.person_pseudonym``, distinct for an organization and a person).
    """
    from accord.decisions.services import ballot_pseudonym, person_pseudonym

    if chamber == Chamber.INDIVIDUALS:
        if secret:
            return person_pseudonym(proposal_id=proposal.pk, person_id=voter_id)
        return ("person", voter_id)
    if secret:
        return ballot_pseudonym(proposal_id=proposal.pk, organization_id=voter_id)
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


def ballot_history(*, proposal: Proposal) -> QuerySet[Ballot]:
    return Ballot.objects.filter(proposal=proposal).order_by("sequence", "id")


# --- voters and weights -------------------------------------------------------------------


@dataclass(frozen=True)
class VoterTable:
    """The eligible voters of one chamber with their group and weight.

    In the organizations chamber the voters are the admitted member organizations (the
    name ``organizations`` predates chambers); in the individuals chamber they are people
    (users), one vote each.
    """

    organizations: list[Any]
    groups: list[str]
    weights: list[Fraction]  # after the cap, in the rule's units
    raw_weights: list[Fraction]  # before the cap
    cap: Fraction | None
    weighted: bool
    chamber: str = Chamber.ORGANIZATIONS

    @property
    def voters(self) -> list[Any]:
        return self.organizations


@dataclass(frozen=True)
class Individual:
    """A person who votes as themselves, with the group they are counted in."""

    person: Any
    group: str
    organization: Organization | None  # the member organization that gives the group


def eligible_individuals(*, partnership: Partnership) -> list[Individual]:
    """Everyone who votes as themselves under an individuals or chambers rule (two queries).

    The representatives and staff of admitted member organizations, and active community
    participants; never observers, nor the people of invited, declined or withdrawn
    organizations, nor coordinators who hold no such seat. Inactive accounts are left out.

    Each person counts once. Their group is the sector of their member organization, and
    ``"community"`` for a community participant without one. A person affiliated with two
    member organizations takes the sector of one they represent, else of the one they joined
    first (affiliation date, then id), so the group never depends on names or on query order.
    """
    affiliations = (
        Affiliation.objects.filter(
            organization__in=member_organizations(partnership=partnership).values("pk"),
            user__is_active=True,
        )
        .select_related("user", "organization")
        .order_by("-is_representative", "created_at", "pk")
    )
    chosen: dict[int, Individual] = {}
    for affiliation in affiliations:
        chosen.setdefault(
            affiliation.user_id,
            Individual(affiliation.user, affiliation.organization.sector, affiliation.organization),
        )
    for participant in PartnershipParticipant.objects.filter(
        partnership=partnership,
        role=ParticipantRole.COMMUNITY,
        left_at__isnull=True,
        user__is_active=True,
    ).select_related("user"):
        chosen.setdefault(participant.user_id, Individual(participant.user, Sector.COMMUNITY, None))
    return sorted(chosen.values(), key=lambda i: (str(i.person).casefold(), i.person.pk))


def individual_table(
    *, partnership: Partnership, individuals: list[Individual] | None = None
) -> VoterTable:
    """The individuals chamber: every eligible person, one vote each, grouped by sector."""
    people = (
        individuals if individuals is not None else eligible_individuals(partnership=partnership)
    )
    return VoterTable(
        organizations=[i.person for i in people],
        groups=[i.group for i in people],
        weights=[Fraction(1)] * len(people),
        raw_weights=[Fraction(1)] * len(people),
        cap=None,
        weighted=False,
        chamber=Chamber.INDIVIDUALS,
    )


def chamber_table(
    *,
    partnership: Partnership,
    snapshot: dict[str, Any],
    chamber: str,
    members: list[Organization] | None = None,
    individuals: list[Individual] | None = None,
) -> VoterTable:
    """The voters of ``chamber`` under a rule snapshot (:func:`voter_table` for organizations)."""
    if chamber == Chamber.INDIVIDUALS:
        return individual_table(partnership=partnership, individuals=individuals)
    return voter_table(partnership=partnership, snapshot=snapshot, members=members)


def voter_table(
    *, partnership: Partnership, snapshot: dict[str, Any], members: list[Organization] | None = None
) -> VoterTable:
    """Members, sectors and weights under a rule snapshot (``DecisionRule.snapshot()``).

    Equal weights give everyone 1; custom and delivered weights read ``snapshot["weights"]``
    (members without an entry weigh 0; see :func:`rule_snapshot`). A cap, if any, is applied with
    :func:`~accord.engine.voting.caps.capped_weights` (clamped to equal shares when too low).
    """
    organizations = (
        members if members is not None else list(member_organizations(partnership=partnership))
    )
    by_table = snapshot.get("weights_mode") in (WeightsMode.CUSTOM, WeightsMode.DELIVERED)
    if by_table:
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
        weighted=by_table or cap is not None,
    )


def engine_rule(snapshot: dict[str, Any]) -> motions.DecisionRule:
    return motions.DecisionRule.from_dict(snapshot["rule"])


def has_everyone_voted(*, proposal: Proposal) -> bool:
    """Whether every eligible voter of every chamber of the proposal has voted."""
    rows = list(
        Participation.objects.filter(proposal=proposal).values_list("organization_id", "person_id")
    )
    voted_orgs = {org for org, _ in rows if org}
    voted_people = {person for _, person in rows if person}
    for chamber in proposal.chambers:
        if chamber == Chamber.INDIVIDUALS:
            eligible = {i.person.pk for i in eligible_individuals(partnership=proposal.partnership)}
            voted = voted_people
        else:
            eligible = set(
                member_organizations(partnership=proposal.partnership).values_list("pk", flat=True)
            )
            voted = voted_orgs
        if not eligible or not eligible <= voted:
            return False
    return True


# --- power analysis -----------------------------------------------------------------------


@dataclass(frozen=True)
class MemberPower:
    """One voter's power: a member organization, or a person in the individuals chamber
    (``organization`` then holds the person, as :attr:`VoterTable.organizations` does)."""

    organization: Any
    sector: str
    seat_share: float
    weight_share: float
    banzhaf: float
    shapley_shubik: float
    is_dictator: bool
    is_veto: bool
    is_dummy: bool
    chamber: str = Chamber.ORGANIZATIONS

    @property
    def name(self) -> str:
        return str(getattr(self.organization, "name", "") or self.organization)


@dataclass(frozen=True)
class SectorPower:
    sector: str
    label: str
    members: int
    seat_share: float
    weight_share: float
    banzhaf: float
    shapley_shubik: float


@dataclass(frozen=True)
class PowerAnalysis:
    """Who holds how much power under one rule, for the current members.

    ``games`` is the rule as the intersection of weighted games the indices are computed
    on; ``notes`` say what was simplified (quorums, abstentions), ``warnings`` what a
    partnership should know before adopting the rule.
    """

    name: str
    rule_id: int | None
    summary: str
    members: list[MemberPower]
    sectors: list[SectorPower]
    warnings: list[str]
    notes: list[str]
    method: str
    chamber: str = Chamber.ORGANIZATIONS


def _quota(total: int, threshold: Fraction, tie_breaking: str) -> int:
    """Smallest weight that passes: at least (tie accepted) or more than ``threshold * total``."""
    exact = threshold * total
    quota = math.ceil(exact) if tie_breaking == "accept" else math.floor(exact) + 1
    return max(1, min(quota, total))


def _games(
    snapshot: dict[str, Any], table: VoterTable, notes: list[str]
) -> tuple[list[WeightedGame], str]:
    """The rule as weighted games over the members (win every game to pass)."""
    n = len(table.organizations)
    heads = [1] * n
    weights = [int(w) for w in integer_weights(table.weights, n)[0].tolist()] if n else []
    spec = snapshot["rule"]
    method = spec["method"]["rule"]
    options = spec["method"].get("options", {})
    threshold = as_fraction(options.get("threshold") or "1/2", "threshold")
    games: list[WeightedGame] = []
    if method == "simple_majority":
        games.append(WeightedGame(_quota(n, Fraction(1, 2), "reject"), tuple(heads)))
        summary = "a majority of the members"
    elif method == "qualified_majority":
        tie = options.get("tie_breaking", "accept")
        games.append(WeightedGame(_quota(n, threshold, tie), tuple(heads)))
        summary = f"{threshold} of the members"
    elif method == "weighted_majority":
        if options.get("cap") and sum(weights):
            capped = capped_weights(
                weights, options["cap"], if_infeasible=options.get("if_infeasible", "raise")
            ).as_fractions()
            weights = [int(w) for w in integer_weights(capped, n)[0].tolist()]
        if not sum(weights):
            notes.append("No member has any weight yet, so nothing can pass.")
            return [], "a majority of the weight"
        tie = options.get("tie_breaking", "reject")
        games.append(WeightedGame(_quota(sum(weights), threshold, tie), tuple(weights)))
        summary = f"more than {threshold} of the weight"
    elif method == "concurrent_majority":
        weighted = bool(options.get("weighted"))
        basis = weights if weighted else heads
        if not sum(basis):
            return [], "a majority overall and in every sector"
        games.extend(
            concurrent_majority_game(
                basis, table.groups, group_basis="weight" if weighted else "count"
            )
        )
        summary = "a majority overall and inside every sector"
        notes.append(
            "Every sector with members is counted as voting (a sector that stays away "
            "is not checked when votes are counted)."
        )
    elif method in ("unanimity", "consent"):
        games.append(WeightedGame(n, tuple(heads)))
        summary = "no member against" if method == "unanimity" else "no reasoned objection"
        notes.append(
            "Under consensus and consent every member is a veto player: any one of them can "
            "block a decision. The indices then give every member the same power."
        )
    else:  # pragma: no cover - the engine knows no other method
        raise ValueError(f"no power model for {method}")
    for safeguard in spec.get("safeguards", []):
        if safeguard["rule"] == "group_consent":
            sg_threshold = as_fraction(
                safeguard.get("options", {}).get("threshold") or "1/2", "threshold"
            )
            for group in safeguard["options"]["groups"]:
                basis = [1 if g == group else 0 for g in table.groups]
                if not sum(basis):
                    notes.append(
                        f"No member belongs to the {Sector(group).label.lower()} sector whose "
                        "consent is required, so nothing can pass while that stays so."
                    )
                    return [], summary
                games.append(WeightedGame(_quota(sum(basis), sg_threshold, "reject"), tuple(basis)))
                summary += f", with the {Sector(group).label.lower()} sector's consent"
    if spec.get("quorum"):
        notes.append("The quorum is left out: the indices assume every member votes.")
    return games, summary


def power_analysis(
    *,
    partnership: Partnership,
    snapshot: dict[str, Any],
    members: list[Organization] | None = None,
    chamber: str = Chamber.ORGANIZATIONS,
    individuals: list[Individual] | None = None,
) -> PowerAnalysis:
    """Seats, weight, Banzhaf and Shapley–Shubik power per voter and sector under a rule.

    ``snapshot`` is ``DecisionRule.snapshot()`` (or ``default_snapshot()``). The rule is
    modelled as one weighted game, or as the intersection of several (concurrent majority,
    group consent), whose indices come from :mod:`accord.engine.power`, over the voters of
    ``chamber``: the member organizations, or the eligible individuals (one seat each,
    grouped by sector). A rule choosing among alternatives (ranked, approval, score) has no
    such game: it is skipped with a note.
    """
    from accord.decisions import alternatives

    if alternatives.is_alternatives_rule(snapshot):
        note = alternatives.power_note(snapshot)
        return PowerAnalysis(
            snapshot["name"], snapshot.get("id"), "", [], [], [], [note], "skipped"
        )
    table = chamber_table(
        partnership=partnership,
        snapshot=snapshot,
        chamber=chamber,
        members=members,
        individuals=individuals,
    )
    n = len(table.organizations)
    notes: list[str] = []
    if chamber == Chamber.INDIVIDUALS:
        notes.append(
            "Individuals vote: each person with a seat (the representatives and staff of member "
            "organizations, and community participants) holds one seat, grouped by the sector "
            "of their organization (community participants: community)."
        )
    try:
        games, summary = _games(snapshot, table, notes) if n else ([], "")
    except ValueError as exc:
        notes.append(f"The rule cannot be applied to the current members: {exc}.")
        games, summary = [], ""
    total_weight = sum(table.weights)
    banzhaf, shapley, dictator, veto, dummy, method = _indices(games, n, notes)
    rows = [
        MemberPower(
            organization=org,
            sector=table.groups[i],
            seat_share=1 / n,
            weight_share=float(table.weights[i] / total_weight) if total_weight else 0.0,
            banzhaf=banzhaf[i],
            shapley_shubik=shapley[i],
            is_dictator=dictator[i],
            is_veto=veto[i],
            is_dummy=dummy[i],
            chamber=chamber,
        )
        for i, org in enumerate(table.organizations)
    ]
    sectors = _sector_rows(rows)
    return PowerAnalysis(
        name=snapshot["name"],
        rule_id=snapshot.get("id"),
        summary=f"A decision needs {summary}." if summary else "",
        members=rows,
        sectors=sectors,
        warnings=_warnings(rows, sectors, games),
        notes=notes,
        method=method,
        chamber=chamber,
    )


def _indices(games: list[WeightedGame], n: int, notes: list[str]) -> tuple[Any, ...]:
    """Banzhaf, Shapley–Shubik, dictator, veto and dummy flags of the intersection of
    ``games`` over ``n`` players, and the method ("exact" or sampled)."""
    banzhaf: list[float] = [0.0] * n
    shapley: list[float] = [0.0] * n
    dictator = veto = dummy = [False] * n
    method = "exact"
    if games:
        if len(games) == 1:
            game = games[0]
            banzhaf = [float(v) for v in banzhaf_index(game).values]
            shapley = [float(v) for v in shapley_shubik_index(game).values]
            dictator = [i in dictators(game) for i in range(n)]
            veto = [i in veto_players(game) for i in range(n)]
            dummy = [i in dummy_players(game) for i in range(n)]
        else:
            b = composite_banzhaf_index(games, seed=0, max_exact_players=EXACT_PLAYERS)
            s = composite_shapley_shubik_index(games, seed=0, max_exact_players=EXACT_PLAYERS)
            method = b.method
            if method != "exact":
                notes.append(
                    f"With more than {EXACT_PLAYERS} members the indices are estimated from "
                    f"{b.samples:,} random samples (95% within ±{max(b.ci_half_width or (0,)):.3f}); "
                    "dummies are not flagged."
                )
            banzhaf = [float(v) for v in b.values]
            shapley = [float(v) for v in s.values]
            veto = [any(sum(g.weights) - g.weights[i] < g.quota for g in games) for i in range(n)]
            dictator = [veto[i] and all(g.weights[i] >= g.quota for g in games) for i in range(n)]
            dummy = [v == 0 for v in banzhaf] if method == "exact" else [False] * n
    return banzhaf, shapley, dictator, veto, dummy, method


def _sector_rows(rows: list[MemberPower]) -> list[SectorPower]:
    sectors = []
    for sector in dict.fromkeys(r.sector for r in rows):
        inside = [r for r in rows if r.sector == sector]
        sectors.append(
            SectorPower(
                sector=sector,
                label=Sector(sector).label,
                members=len(inside),
                seat_share=sum(r.seat_share for r in inside),
                weight_share=sum(r.weight_share for r in inside),
                banzhaf=sum(r.banzhaf for r in inside),
                shapley_shubik=sum(r.shapley_shubik for r in inside),
            )
        )
    return sectors


def chambers_power_analysis(
    *,
    partnership: Partnership,
    snapshot: dict[str, Any],
    members: list[Organization] | None = None,
    individuals: list[Individual] | None = None,
) -> PowerAnalysis:
    """The composite game of a two-chamber rule: a coalition wins if it wins in both.

    The players are the member organizations and the eligible individuals side by side (a
    representative is two players: the organization, and themselves). Each chamber's games
    are those of :func:`power_analysis`, padded with zero weights for the other chamber's
    players, and the indices are those of their intersection (exact up to
    :data:`EXACT_PLAYERS` players, sampled beyond). Weight shares are within each chamber.
    """
    tables = [
        chamber_table(
            partnership=partnership,
            snapshot=snapshot,
            chamber=chamber,
            members=members,
            individuals=individuals,
        )
        for chamber in (Chamber.ORGANIZATIONS, Chamber.INDIVIDUALS)
    ]
    notes: list[str] = []
    sizes = [len(t.voters) for t in tables]
    games: list[WeightedGame] = []
    summaries = []
    try:
        for k, table in enumerate(tables):
            chamber_games, summary = _games(snapshot, table, notes) if sizes[k] else ([], "")
            if not chamber_games:
                games = []
                break
            before, after = sum(sizes[:k]), sum(sizes[k + 1 :])
            games += [
                WeightedGame(g.quota, (0,) * before + tuple(g.weights) + (0,) * after)
                for g in chamber_games
            ]
            summaries.append(f"{summary} in the {Chamber(table.chamber).label}")
    except ValueError as exc:
        notes.append(f"The rule cannot be applied to the current voters: {exc}.")
        games = []
    n = sum(sizes)
    notes = list(dict.fromkeys(notes))
    notes.insert(
        0,
        "Both chambers together: the organizations and the individuals are players side by "
        "side (a representative counts twice, for the organization and as themselves), and a "
        "coalition wins only if it wins in both chambers. Weight is a share within the "
        "voter's own chamber.",
    )
    banzhaf, shapley, dictator, veto, dummy, method = _indices(games, n, notes)
    rows = []
    for k, table in enumerate(tables):
        total = sum(table.weights)
        for j, voter in enumerate(table.voters):
            i = sum(sizes[:k]) + j
            rows.append(
                MemberPower(
                    organization=voter,
                    sector=table.groups[j],
                    seat_share=1 / n,
                    weight_share=float(table.weights[j] / total) if total else 0.0,
                    banzhaf=banzhaf[i],
                    shapley_shubik=shapley[i],
                    is_dictator=dictator[i],
                    is_veto=veto[i],
                    is_dummy=dummy[i],
                    chamber=table.chamber,
                )
            )
    sectors = _sector_rows(rows)
    return PowerAnalysis(
        name=f"{snapshot['name']} — both chambers together",
        rule_id=snapshot.get("id"),
        summary=f"A decision needs {' and '.join(summaries)}." if summaries and games else "",
        members=rows,
        sectors=sectors,
        warnings=_warnings(rows, sectors, games),
        notes=notes,
        method=method,
        chamber="both",
    )


def _warnings(
    rows: list[MemberPower], sectors: list[SectorPower], games: list[WeightedGame]
) -> list[str]:
    if not rows:
        return ["The partnership has no admitted members yet."]
    if not games:
        return ["Under this rule no decision can pass with the current members."]
    warnings = []
    everyone_veto = len(rows) > 1 and all(r.is_veto for r in rows)
    for r in rows:
        name = r.name
        if r.is_dictator:
            warnings.append(f"Under this rule {name} alone decides every question.")
        elif r.is_veto and not everyone_veto:
            warnings.append(f"Under this rule {name} alone can block any decision.")
        if r.is_dummy:
            warnings.append(f"Under this rule the vote of {name} never changes an outcome.")
    if everyone_veto:
        warnings.append("Under this rule every member alone can block any decision.")
    warnings.extend(
        f"Under this rule the {s.label.lower()} sector holds more than half of the voting power."
        for s in sectors
        if s.banzhaf > 0.5 and len(sectors) > 1
    )
    return warnings


def power_compare(
    *, partnership: Partnership, snapshots: list[dict[str, Any]]
) -> list[PowerAnalysis]:
    """Power analyses of several rules over the same voters (one members query, and two
    for the individuals if a rule lets them vote).

    A rule with two chambers gives one analysis per chamber, each over that chamber's
    voters; a note says that a proposal must pass in both.
    """
    members = list(member_organizations(partnership=partnership))
    people: list[Individual] | None = None
    analyses = []
    for snapshot in snapshots:
        chambers = chambers_of(snapshot)
        if Chamber.INDIVIDUALS in chambers and people is None:
            people = eligible_individuals(partnership=partnership)
        for chamber in chambers:
            analysis = power_analysis(
                partnership=partnership,
                snapshot=snapshot,
                members=members,
                chamber=chamber,
                individuals=people,
            )
            if len(chambers) > 1 and analysis.method != "skipped":
                analysis.notes.insert(
                    0,
                    "Two chambers: a proposal passes only if it passes among the organizations "
                    "and among the individuals. Each chamber is analysed on its own, so these "
                    f"indices are power inside the {Chamber(chamber).label}; a veto in either "
                    "chamber blocks the whole decision. The last table shows both chambers "
                    "together.",
                )
                analysis = replace(analysis, name=f"{analysis.name} — {Chamber(chamber).label}")
            analyses.append(analysis)
        if len(chambers) > 1 and analyses[-1].method != "skipped":
            analyses.append(
                chambers_power_analysis(
                    partnership=partnership, snapshot=snapshot, members=members, individuals=people
                )
            )
    return analyses


def decision_for(*, proposal: Proposal) -> Decision | None:
    return Decision.objects.filter(proposal=proposal).first()


def my_current_ballots(*, proposal: Proposal, organizations: list[Organization]) -> list[Any]:
    """(organization, its current choice or None) for the organizations the actor votes for."""
    from accord.decisions.services import ballot_pseudonym

    current = current_ballots(proposal=proposal)
    secret = proposal.secrecy != Secrecy.OPEN
    rows = []
    for org in organizations:
        key = (
            ballot_pseudonym(proposal_id=proposal.pk, organization_id=org.pk) if secret else org.pk
        )
        ballot = current.get(key)
        rows.append((org, ballot.get_choice_display() if ballot else None))
    return rows


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
    from accord.decisions import alternatives

    if proposal.status != ProposalStatus.VOTING or not actor.is_authenticated:
        return []
    chambers = proposal.chambers
    both = len(chambers) > 1
    panels = []
    if Chamber.ORGANIZATIONS in chambers and organizations:
        mine = (
            alternatives.my_current_ballots
            if alternatives.is_alternatives_proposal(proposal)
            else my_current_ballots
        )(proposal=proposal, organizations=organizations)
        if not both:
            heading = "Your ballot"
        elif len(organizations) == 1:
            heading = f"For {organizations[0]} ({Chamber.ORGANIZATIONS.label})"
        else:
            heading = f"For an organization you represent ({Chamber.ORGANIZATIONS.label})"
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
        ballot = current_ballots(proposal=proposal).get(key)
        if ballot is None:
            current = None
        elif ballot.preferences is not None:
            frozen = (proposal.rule_snapshot or {}).get("alternatives", [])
            current = alternatives.describe(ballot.preferences, frozen)
        else:
            current = ballot.get_choice_display()
        panels.append(
            BallotPanel(
                Chamber.INDIVIDUALS,
                f"As yourself ({Chamber.INDIVIDUALS.label})",
                [],
                [("You", current)],
            )
        )
    return panels


def participation_counts(*, participations: list[Participation]) -> dict[str, int]:
    """How many organizations and how many people have voted (for secret ballots)."""
    people = sum(1 for p in participations if p.person_id)
    return {Chamber.ORGANIZATIONS: len(participations) - people, Chamber.INDIVIDUALS: people}


def current_snapshot(partnership: Partnership) -> dict[str, Any]:
    """The general rule's snapshot, or the default rule's."""
    rule = rule_for_kind(partnership=partnership, kind=DecisionKind.GENERAL)
    return rule_snapshot(rule) if rule is not None else default_snapshot()

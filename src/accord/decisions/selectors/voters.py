"""Who votes: member organizations, individuals, chambers, with groups and weights."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from accord.decisions.models import (
    Chamber,
    Participation,
    Proposal,
    WeightsMode,
)
from accord.engine.voting import motions
from accord.engine.voting.caps import as_fraction, capped_weights
from accord.partners.models import Affiliation, Organization, Sector
from accord.partnerships.models import Participant as PartnershipParticipant
from accord.partnerships.models import ParticipantRole, Partnership
from accord.partnerships.selectors import member_organizations

#: Every sector is a group of the ballots, so safeguards naming an absent sector still work.
GROUP_NAMES: tuple[str, ...] = tuple(Sector.values)


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
    *, partnership: Partnership | None = None, individuals: list[Individual] | None = None
) -> VoterTable:
    """The individuals chamber: every eligible person, one vote each, grouped by sector
    (``individuals`` when given, else those of ``partnership``)."""
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
    """The voters of ``chamber`` under a rule snapshot (:func:`voter_table` for organizations),
    kept to the proposal's electorate when the snapshot holds one (:func:`electorate_of`)."""
    if chamber == Chamber.INDIVIDUALS:
        people = (
            individuals
            if individuals is not None
            else eligible_individuals(partnership=partnership)
        )
        return individual_table(individuals=in_electorate(people, snapshot, chamber))
    organizations = (
        members if members is not None else list(member_organizations(partnership=partnership))
    )
    return organization_table(in_electorate(organizations, snapshot, chamber), snapshot)


def electorate_of(*, partnership: Partnership) -> dict[str, list[int]]:
    """Who may vote, fixed when voting opens and stored in the proposal's rule snapshot:
    the admitted member organizations and the eligible individuals of that moment. A member
    or person who joins later votes on later proposals; one who leaves meanwhile no longer
    votes (the electorate is the snapshot *and* the current membership)."""
    return {
        "organizations": sorted(
            member_organizations(partnership=partnership).values_list("pk", flat=True)
        ),
        "people": sorted(i.person.pk for i in eligible_individuals(partnership=partnership)),
    }


def in_electorate(voters: list[Any], snapshot: dict[str, Any], chamber: str) -> list[Any]:
    """``voters`` (organizations, people or :class:`Individual`) kept to the snapshot's
    electorate for ``chamber``; all of them when the snapshot predates electorates."""
    electorate = snapshot.get("electorate")
    if electorate is None:
        return list(voters)
    key = "people" if chamber == Chamber.INDIVIDUALS else "organizations"
    allowed = set(electorate.get(key, []))
    return [v for v in voters if getattr(getattr(v, "person", v), "pk", None) in allowed]


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
    return organization_table(organizations, snapshot)


def organization_table(organizations: list[Any], snapshot: dict[str, Any]) -> VoterTable:
    """:func:`voter_table` of these organizations (anything with ``pk`` and ``sector``),
    with no database access."""
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
    snapshot = proposal.rule_snapshot or {}
    for chamber in proposal.chambers:
        if chamber == Chamber.INDIVIDUALS:
            people = eligible_individuals(partnership=proposal.partnership)
            eligible = {i.person.pk for i in in_electorate(people, snapshot, chamber)}
            voted = voted_people
        else:
            members = list(member_organizations(partnership=proposal.partnership))
            eligible = {org.pk for org in in_electorate(members, snapshot, chamber)}
            voted = voted_orgs
        if not eligible or not eligible <= voted:
            return False
    return True

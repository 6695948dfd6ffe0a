"""The power analysis of a rule: seats, weight, Banzhaf and Shapley–Shubik power."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from accord.decisions import choice_rules
from accord.decisions.models import (
    Chamber,
)
from accord.decisions.selectors.rules import chambers_of
from accord.decisions.selectors.voters import (
    Individual,
    VoterTable,
    chamber_table,
    eligible_individuals,
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
from accord.engine.voting.caps import as_fraction, capped_weights, integer_weights
from accord.partners.models import Organization, Sector
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import member_organizations

#: Composite games (concurrent majority, group consent) are enumerated exactly up to this
#: many members (2**20 coalitions, well under a second) and sampled beyond.
EXACT_PLAYERS = 20


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
    if choice_rules.is_alternatives_rule(snapshot):
        note = choice_rules.power_note(snapshot)
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

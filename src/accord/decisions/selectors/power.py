"""The power analysis of a rule: seats, weight, Banzhaf and Shapley–Shubik power.

An analysis is made in three steps, so that no request ever runs the engine (the
enumeration or sampling of coalitions can take seconds):

1. :func:`power_inputs` reads what an analysis depends on -- the rule, the member
   organizations with their sectors and weights, the people of an individuals chamber --
   as plain JSON (a few queries); :func:`power_key` is its SHA-256.
2. :func:`power_compute` turns inputs into numbers and codes with
   :mod:`accord.engine.power`. It touches no database and is run by the task worker
   (``services.power``), which stores the result under its key
   (:class:`~accord.decisions.models.PowerComputation`).
3. :func:`power_render` turns a result into :class:`PowerAnalysis` rows with the voters'
   current names and translated sentences, for pages and the API
   (``selectors.power_stored``).

:func:`power_analysis` and :func:`power_compare` do all three at once, for the worker's
callers, checks and tests; no view or API handler calls them.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from accord.core.formats import format_number
from accord.decisions import choice_rules
from accord.decisions.models import Chamber, Voters, WeightsMode
from accord.decisions.selectors.rules import chambers_of
from accord.decisions.selectors.voters import (
    Individual,
    VoterTable,
    eligible_individuals,
    individual_table,
    organization_table,
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
from accord.engine.power.coalitions import decisive_coalitions
from accord.engine.voting.caps import as_fraction, capped_weights, integer_weights
from accord.partners.models import Organization, Sector
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import member_organizations

#: Composite games (concurrent majority, group consent) are enumerated exactly up to this
#: many members (2**20 coalitions, well under a second) and sampled beyond.
EXACT_PLAYERS = 20

#: The version of the inputs and results below; a new one gives new keys, so results of
#: an older format are never read.
FORMAT = 2  # 2: with the decisive coalitions

#: Blocking coalitions are listed up to this many members, and at most this many of each
#: kind of coalition; beyond EXACT_PLAYERS voters, this many coalitions are sampled per size.
COALITION_MAX_BLOCKING = 3
COALITION_LISTED = 10
COALITION_SAMPLES = 5_000

BOTH = "both"


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
    """Who holds how much power under one rule (in one chamber), for the current members.

    ``notes`` say what was simplified (quorums, abstentions), ``warnings`` what a
    partnership should know before adopting the rule. ``weighted`` says whether the voters'
    weights differ from one seat each (custom or delivered weights, or a cap).
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
    weighted: bool = False
    coalitions: Coalitions | None = None


@dataclass(frozen=True)
class Coalitions:
    """Who decides together under a rule: the smallest winning coalitions and the minimal
    blocking ones, by the voters' names (``engine.power.coalitions``)."""

    exact: bool  # every coalition examined (else sampled, with the stated error)
    smallest_winning: list[list[str]]
    smallest_winning_size: int | None
    smallest_winning_exact: bool
    smallest_winning_count: int
    minimal_blocking: list[list[str]]
    minimal_blocking_count: int
    max_blocking_size: int
    sampled_sizes: list[dict[str, Any]]  # size, examined, total, share, half_width


# --- 1. inputs ---------------------------------------------------------------------------------


def power_inputs(
    *,
    partnership: Partnership,
    snapshot: Mapping[str, Any],
    members: list[Organization] | None = None,
    individuals: list[Individual] | None = None,
) -> dict[str, Any]:
    """Everything the power analysis of a yes/no rule ``snapshot`` depends on, as JSON.

    ``snapshot`` is ``selectors.rule_snapshot(rule)`` (delivered weights read from the
    ledger) or ``default_snapshot()``. Voters are listed by id, so renaming an organization
    or a person changes nothing; a weight is listed only when the rule weighs members.
    """
    chambers = chambers_of(dict(snapshot))
    spec = snapshot["rule"]
    # the sectors whose consent the rule itself requires count as its consent safeguards
    # (as when voting opens); the partnership's own groups are left out, and a note says so
    consent_codes = list(snapshot.get("consent_groups") or ())
    consent_sectors = [c for c in consent_codes if c in Sector.values]
    if consent_sectors and not choice_rules.is_alternatives_rule(dict(snapshot)):
        spec = {
            **spec,
            "safeguards": [
                *spec.get("safeguards", []),
                {"rule": "group_consent", "options": {"groups": consent_sectors}},
            ],
        }
    inputs: dict[str, Any] = {
        "format": FORMAT,
        "partnership": partnership.pk,
        "rule": {
            "id": snapshot.get("id"),
            "rule": spec,
            "weights_mode": snapshot.get("weights_mode") or WeightsMode.EQUAL,
            "cap": snapshot.get("cap") or "",
            "voters": snapshot.get("voters") or Voters.ORGANIZATIONS,
        },
    }
    own_groups = len(consent_codes) - len(consent_sectors)
    if own_groups:
        inputs["rule"]["own_groups"] = own_groups
    if Chamber.ORGANIZATIONS in chambers:
        orgs = (
            members if members is not None else list(member_organizations(partnership=partnership))
        )
        weighted = inputs["rule"]["weights_mode"] in (WeightsMode.CUSTOM, WeightsMode.DELIVERED)
        table = snapshot.get("weights") or {}
        inputs["organizations"] = sorted(
            [org.pk, org.sector, str(table.get(str(org.pk), 0)) if weighted else "1"]
            for org in orgs
        )
    if Chamber.INDIVIDUALS in chambers:
        people = (
            individuals
            if individuals is not None
            else eligible_individuals(partnership=partnership)
        )
        inputs["individuals"] = sorted([i.person.pk, i.group] for i in people)
    return inputs


def power_key(inputs: Mapping[str, Any]) -> str:
    """The SHA-256 of the inputs in canonical JSON: the same inputs, the same key."""
    text = json.dumps(inputs, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


# --- 2. computing (the task worker) ------------------------------------------------------------


@dataclass(frozen=True)
class _Seat:
    """A voter of the inputs: an organization's or a person's id, and its sector."""

    pk: int
    sector: str


def _code(code: str, **params: Any) -> dict[str, Any]:
    return {"code": code, "params": params}


def _tables(inputs: Mapping[str, Any]) -> dict[str, VoterTable]:
    snapshot = {
        **inputs["rule"],
        "weights": {str(pk): weight for pk, _sector, weight in inputs.get("organizations", [])},
    }
    tables = {}
    if "organizations" in inputs:
        seats = [_Seat(pk, sector) for pk, sector, _weight in inputs["organizations"]]
        tables[Chamber.ORGANIZATIONS] = organization_table(seats, snapshot)
    if "individuals" in inputs:
        people = [Individual(_Seat(pk, group), group, None) for pk, group in inputs["individuals"]]
        tables[Chamber.INDIVIDUALS] = individual_table(individuals=people)
    return tables


def _quota(total: int, threshold: Fraction, tie_breaking: str) -> int:
    """Smallest weight that passes: at least (tie accepted) or more than ``threshold * total``."""
    exact = threshold * total
    quota = math.ceil(exact) if tie_breaking == "accept" else math.floor(exact) + 1
    return max(1, min(quota, total))


def _reduced(weights: list[int]) -> list[int]:
    """The weights divided by their greatest common divisor: the same game, with quotas
    computed on smaller numbers (amounts delivered in shillings share large factors, and
    the engine's work grows with the total weight)."""
    divisor = math.gcd(*weights)
    return [w // divisor for w in weights] if divisor > 1 else weights


def _games(
    snapshot: Mapping[str, Any], table: VoterTable, notes: list[dict[str, Any]]
) -> tuple[list[WeightedGame], dict[str, Any]]:
    """The rule as weighted games over the voters (win every game to pass), and what a
    decision needs, as a code."""
    n = len(table.organizations)
    heads = [1] * n
    weights = [int(w) for w in integer_weights(table.weights, n)[0].tolist()] if n else []
    spec = snapshot["rule"]
    method = spec["method"]["rule"]
    options = spec["method"].get("options", {})
    threshold = as_fraction(options.get("threshold") or "1/2", "threshold")
    games: list[WeightedGame] = []
    summary: dict[str, Any] = {"code": method, "threshold": str(threshold), "consent": []}
    if method == "simple_majority":
        games.append(WeightedGame(_quota(n, Fraction(1, 2), "reject"), tuple(heads)))
    elif method == "qualified_majority":
        tie = options.get("tie_breaking", "accept")
        games.append(WeightedGame(_quota(n, threshold, tie), tuple(heads)))
    elif method == "weighted_majority":
        if options.get("cap") and sum(weights):
            capped = capped_weights(
                weights, options["cap"], if_infeasible=options.get("if_infeasible", "raise")
            ).as_fractions()
            weights = [int(w) for w in integer_weights(capped, n)[0].tolist()]
        if not sum(weights):
            notes.append(_code("no_weight"))
            return [], {**summary, "code": "weighted_majority_none"}
        weights = _reduced(weights)
        tie = options.get("tie_breaking", "reject")
        games.append(WeightedGame(_quota(sum(weights), threshold, tie), tuple(weights)))
    elif method == "concurrent_majority":
        weighted = bool(options.get("weighted"))
        basis = _reduced(weights) if weighted and sum(weights) else weights if weighted else heads
        if not sum(basis):
            return [], summary
        games.extend(
            concurrent_majority_game(
                basis, table.groups, group_basis="weight" if weighted else "count"
            )
        )
        notes.append(_code("sectors_counted"))
    elif method in ("unanimity", "consent"):
        games.append(WeightedGame(n, tuple(heads)))
        notes.append(_code("everyone_veto"))
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
                    notes.append(_code("no_consent_group", sector=group))
                    return [], summary
                games.append(WeightedGame(_quota(sum(basis), sg_threshold, "reject"), tuple(basis)))
                summary["consent"].append(group)
    if spec.get("quorum"):
        notes.append(_code("quorum"))
    return games, summary


def _indices(
    games: list[WeightedGame], n: int, notes: list[dict[str, Any]]
) -> tuple[list[float], list[float], list[bool], list[bool], list[bool], str]:
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
                    _code(
                        "sampled",
                        players=EXACT_PLAYERS,
                        samples=b.samples,
                        ci=round(max(b.ci_half_width or (0,)), 3),
                    )
                )
            banzhaf = [float(v) for v in b.values]
            shapley = [float(v) for v in s.values]
            veto = [any(sum(g.weights) - g.weights[i] < g.quota for g in games) for i in range(n)]
            dictator = [veto[i] and all(g.weights[i] >= g.quota for g in games) for i in range(n)]
            dummy = [v == 0 for v in banzhaf] if method == "exact" else [False] * n
    return banzhaf, shapley, dictator, veto, dummy, method


def _voters(
    tables: list[VoterTable], sizes: list[int], indices: tuple[Any, ...]
) -> list[dict[str, Any]]:
    banzhaf, shapley, dictator, veto, dummy, _method = indices
    n = sum(sizes)
    rows = []
    for k, table in enumerate(tables):
        total = sum(table.weights)
        for j, voter in enumerate(table.voters):
            i = sum(sizes[:k]) + j
            rows.append(
                {
                    "id": voter.pk,
                    "chamber": table.chamber,
                    "sector": table.groups[j],
                    "seat_share": 1 / n,
                    "weight_share": float(table.weights[j] / total) if total else 0.0,
                    "banzhaf": banzhaf[i],
                    "shapley_shubik": shapley[i],
                    "dictator": bool(dictator[i]),
                    "veto": bool(veto[i]),
                    "dummy": bool(dummy[i]),
                }
            )
    return rows


def _sector_sums(voters: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    sums: dict[str, dict[str, float]] = {}
    for v in voters:
        row = sums.setdefault(
            v["sector"],
            {
                "members": 0,
                "seat_share": 0.0,
                "weight_share": 0.0,
                "banzhaf": 0.0,
                "shapley_shubik": 0.0,
            },
        )
        row["members"] += 1
        for field in ("seat_share", "weight_share", "banzhaf", "shapley_shubik"):
            row[field] += v[field]
    return sums


def _warnings(voters: list[dict[str, Any]], games: list[WeightedGame]) -> list[dict[str, Any]]:
    """Warnings as codes; ``voter`` is an index into ``voters``."""
    if not voters:
        return [_code("no_members")]
    if not games:
        return [_code("nothing_passes")]
    warnings = []
    everyone_veto = len(voters) > 1 and all(v["veto"] for v in voters)
    for i, v in enumerate(voters):
        if v["dictator"]:
            warnings.append(_code("dictator", voter=i))
        elif v["veto"] and not everyone_veto:
            warnings.append(_code("veto", voter=i))
        if v["dummy"]:
            warnings.append(_code("dummy", voter=i))
    if everyone_veto:
        warnings.append(_code("everyone_veto"))
    sectors = _sector_sums(voters)
    warnings.extend(
        _code("sector_majority", sector=sector)
        for sector, sums in sectors.items()
        if sums["banzhaf"] > 0.5 and len(sectors) > 1
    )
    return warnings


def _analysis(snapshot: Mapping[str, Any], table: VoterTable) -> dict[str, Any]:
    """One chamber's analysis as numbers and codes."""
    n = len(table.organizations)
    notes: list[dict[str, Any]] = []
    if table.chamber == Chamber.INDIVIDUALS:
        notes.append(_code("individuals"))
    summary: dict[str, Any] | None = None
    try:
        games, summary = _games(snapshot, table, notes) if n else ([], None)
    except ValueError as exc:
        notes.append(_code("cannot_apply", error=str(exc)))
        games, summary = [], None
    indices = _indices(games, n, notes)
    voters = _voters([table], [n], indices)
    return {
        "chamber": table.chamber,
        "method": indices[-1],
        "weighted": table.weighted,
        "summary": [{**summary, "chamber": table.chamber}] if summary else [],
        "voters": voters,
        "warnings": _warnings(voters, games),
        "notes": notes,
        "coalitions": _coalitions(games, n),
    }


def _both(snapshot: Mapping[str, Any], tables: list[VoterTable]) -> dict[str, Any]:
    """The composite game of a two-chamber rule: a coalition wins if it wins in both.

    The players are the member organizations and the eligible individuals side by side (a
    representative is two players: the organization, and themselves). Each chamber's games
    are those of its own analysis, padded with zero weights for the other chamber's
    players, and the indices are those of their intersection (exact up to
    :data:`EXACT_PLAYERS` players, sampled beyond). Weight shares are within each chamber.
    """
    notes: list[dict[str, Any]] = []
    sizes = [len(t.voters) for t in tables]
    games: list[WeightedGame] = []
    summaries = []
    try:
        for k, table in enumerate(tables):
            chamber_games, summary = _games(snapshot, table, notes) if sizes[k] else ([], None)
            if not chamber_games or summary is None:
                games = []
                break
            before, after = sum(sizes[:k]), sum(sizes[k + 1 :])
            games += [
                WeightedGame(g.quota, (0,) * before + tuple(g.weights) + (0,) * after)
                for g in chamber_games
            ]
            summaries.append({**summary, "chamber": table.chamber})
    except ValueError as exc:
        notes.append(_code("cannot_apply", error=str(exc)))
        games = []
    unique_notes = [
        json.loads(t) for t in dict.fromkeys(json.dumps(n, sort_keys=True) for n in notes)
    ]
    notes = [_code("both_chambers"), *unique_notes]
    indices = _indices(games, sum(sizes), notes)
    voters = _voters(tables, sizes, indices)
    return {
        "chamber": BOTH,
        "method": indices[-1],
        "weighted": any(t.weighted for t in tables),
        "summary": summaries if games else [],
        "voters": voters,
        "warnings": _warnings(voters, games),
        "notes": notes,
        "coalitions": _coalitions(games, sum(sizes)),
    }


def _coalitions(games: list[WeightedGame], n: int) -> dict[str, Any] | None:
    """The decisive coalitions of the intersection of ``games``, as voter indices."""
    if not games or not n:
        return None
    found = decisive_coalitions(
        [g.quota for g in games],
        [list(g.weights) for g in games],
        max_blocking_size=COALITION_MAX_BLOCKING,
        max_listed=COALITION_LISTED,
        exact_players=EXACT_PLAYERS,
        samples=COALITION_SAMPLES,
        seed=0,
    )
    return {
        "method": found.method,
        "smallest_winning": [list(c) for c in found.smallest_winning],
        "smallest_winning_size": found.smallest_winning_size,
        "smallest_winning_exact": found.smallest_winning_exact,
        "smallest_winning_count": found.smallest_winning_count,
        "minimal_blocking": [list(c) for c in found.minimal_blocking],
        "minimal_blocking_count": found.minimal_blocking_count,
        "max_blocking_size": COALITION_MAX_BLOCKING,
        "sizes": [
            {
                "size": row.size,
                "total": row.total,
                "examined": row.examined,
                "blocking": row.blocking,
                "exact": row.exact,
                "half_width": row.share_half_width,
            }
            for row in found.blocking_sizes
        ],
    }


def _coalitions_named(stored: Mapping[str, Any] | None, names: list[str]) -> Coalitions | None:
    if not stored:
        return None

    def named(coalitions: list[list[int]]) -> list[list[str]]:
        return [sorted((names[i] for i in c), key=str.casefold) for c in coalitions]

    return Coalitions(
        exact=stored["method"] == "exact",
        smallest_winning=named(stored["smallest_winning"]),
        smallest_winning_size=stored["smallest_winning_size"],
        smallest_winning_exact=stored["smallest_winning_exact"],
        smallest_winning_count=stored["smallest_winning_count"],
        minimal_blocking=named(stored["minimal_blocking"]),
        minimal_blocking_count=stored["minimal_blocking_count"],
        max_blocking_size=stored["max_blocking_size"],
        sampled_sizes=[
            {**row, "share": row["blocking"] / row["examined"] if row["examined"] else 0.0}
            for row in stored["sizes"]
            if not row["exact"]
        ],
    )


def power_compute(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The analysis of :func:`power_inputs` as numbers and codes (no database, no text).

    The rule is modelled as one weighted game, or as the intersection of several
    (concurrent majority, group consent), whose indices come from
    :mod:`accord.engine.power`. A rule with two chambers gives one analysis per chamber,
    each over that chamber's voters, and one of both chambers together. This is the slow
    part: only the task worker calls it (``services.power``).
    """
    snapshot = inputs["rule"]
    chambers = chambers_of(dict(snapshot))
    tables = _tables(inputs)
    analyses = [_analysis(snapshot, tables[chamber]) for chamber in chambers]
    if len(chambers) > 1:
        for analysis in analyses:
            analysis["notes"].insert(0, _code("two_chambers", chamber=analysis["chamber"]))
        analyses.append(_both(snapshot, [tables[chamber] for chamber in chambers]))
    if snapshot.get("own_groups"):
        for analysis in analyses:
            analysis["notes"].append(_code("own_groups_left_out", groups=snapshot["own_groups"]))
    return {"format": FORMAT, "analyses": analyses}


# --- 3. rendering ------------------------------------------------------------------------------


def _sector_label(sector: str) -> str:
    return str(Sector(sector).label) if sector in Sector.values else sector


def _chamber_label(chamber: str) -> str:
    return str(Chamber(chamber).label)


def _summary_part(part: Mapping[str, Any]) -> str:
    code, threshold = part["code"], part.get("threshold", "1/2")
    texts = {
        "simple_majority": _("a majority of the members"),
        "qualified_majority": _("%(threshold)s of the members") % {"threshold": threshold},
        "weighted_majority": _("more than %(threshold)s of the weight") % {"threshold": threshold},
        "weighted_majority_none": _("a majority of the weight"),
        "concurrent_majority": _("a majority overall and inside every sector"),
        "unanimity": _("no member against"),
        "consent": _("no reasoned objection"),
    }
    text = texts.get(code, code)
    for sector in part.get("consent", []):
        text += _(", with the %(sector)s sector's consent") % {
            "sector": _sector_label(sector).lower()
        }
    return text


def _summary(parts: list[Mapping[str, Any]]) -> str:
    if not parts:
        return ""
    if len(parts) == 1:
        return _("A decision needs %(what)s.") % {"what": _summary_part(parts[0])}
    return _("A decision needs %(what)s.") % {
        "what": _(" and ").join(
            _("%(what)s in the %(chamber)s")
            % {"what": _summary_part(p), "chamber": _chamber_label(p["chamber"])}
            for p in parts
        )
    }


def _note(note: Mapping[str, Any]) -> str:
    code, params = note["code"], note.get("params", {})
    if code == "individuals":
        return _(
            "Individuals vote: each person with a seat (the representatives and staff of member "
            "organizations, and community participants) holds one seat, grouped by the sector "
            "of their organization (community participants: community)."
        )
    if code == "no_weight":
        return _("No member has any weight yet, so nothing can pass.")
    if code == "sectors_counted":
        return _(
            "Every sector with members is counted as voting (a sector that stays away "
            "is not checked when votes are counted)."
        )
    if code == "everyone_veto":
        return _(
            "Under consensus and consent every member is a veto player: any one of them can "
            "block a decision. The indices then give every member the same power."
        )
    if code == "no_consent_group":
        return _(
            "No member belongs to the %(sector)s sector whose consent is required, so nothing "
            "can pass while that stays so."
        ) % {"sector": _sector_label(params["sector"]).lower()}
    if code == "quorum":
        return _("The quorum is left out: the indices assume every member votes.")
    if code == "own_groups_left_out":
        return _(
            "The consent of the partnership's own groups that this rule requires is left out "
            "of the indices and coalitions: each such group can also block a decision."
        )
    if code == "cannot_apply":
        return _("The rule cannot be applied to the current members: %(error)s.") % params
    if code == "sampled":
        return _(
            "With more than %(players)s members the indices are estimated from %(samples)s "
            "random samples (95%% within ±%(ci)s); dummies are not flagged."
        ) % {
            "players": params["players"],
            "samples": format_number(params["samples"]),
            "ci": f"{params['ci']:.3f}",
        }
    if code == "two_chambers":
        return _(
            "Two chambers: a proposal passes only if it passes among the organizations and "
            "among the individuals. Each chamber is analysed on its own, so these indices are "
            "power inside the %(chamber)s; a veto in either chamber blocks the whole decision. "
            "The analysis of both chambers together follows."
        ) % {"chamber": _chamber_label(params["chamber"])}
    if code == "both_chambers":
        return _(
            "Both chambers together: the organizations and the individuals are players side by "
            "side (a representative counts twice, for the organization and as themselves), and "
            "a coalition wins only if it wins in both chambers. Weight is a share within the "
            "voter's own chamber."
        )
    return code  # pragma: no cover - every code the computation writes is above


def _warning(warning: Mapping[str, Any], names: list[str]) -> str:
    code, params = warning["code"], warning.get("params", {})
    if code == "no_members":
        return _("The partnership has no admitted members yet.")
    if code == "nothing_passes":
        return _("Under this rule no decision can pass with the current members.")
    if code == "dictator":
        return _("Under this rule %(name)s alone decides every question.") % {
            "name": names[params["voter"]]
        }
    if code == "veto":
        return _("Under this rule %(name)s alone can block any decision.") % {
            "name": names[params["voter"]]
        }
    if code == "dummy":
        return _("Under this rule the vote of %(name)s never changes an outcome.") % {
            "name": names[params["voter"]]
        }
    if code == "everyone_veto":
        return _("Under this rule every member alone can block any decision.")
    if code == "sector_majority":
        return _(
            "Under this rule the %(sector)s sector holds more than half of the voting power."
        ) % {"sector": _sector_label(params["sector"]).lower()}
    return code  # pragma: no cover


def _analysis_name(name: str, chamber: str, chambers: int) -> str:
    if chambers < 2:
        return name
    if chamber == BOTH:
        return _("%(rule)s — both chambers together") % {"rule": name}
    return _("%(rule)s — %(chamber)s") % {"rule": name, "chamber": _chamber_label(chamber)}


def skipped_analysis(snapshot: Mapping[str, Any]) -> PowerAnalysis:
    """The analysis of a rule that chooses among alternatives: none, with a note."""
    method = choice_rules.METHOD_LABELS.get(
        snapshot["rule"]["method"]["rule"], snapshot["rule"]["method"]["rule"]
    )
    note = _(
        "Power indices are computed for yes/no rules. “%(name)s” chooses among alternatives "
        "(%(method)s), so it is skipped."
    ) % {"name": snapshot.get("name", ""), "method": _(method)}
    return PowerAnalysis(
        snapshot.get("name", ""), snapshot.get("id"), "", [], [], [], [note], "skipped"
    )


def power_render(
    *,
    snapshot: Mapping[str, Any],
    result: Mapping[str, Any],
    organizations: Mapping[int, Any],
    people: Mapping[int, Any],
) -> list[PowerAnalysis]:
    """A stored result as analyses with names and sentences (no engine).

    ``organizations`` and ``people`` map the voters' ids to the objects shown (the members
    and eligible individuals read for the key, so no further query). Voters are listed by
    name, organizations before people.
    """
    analyses = []
    count = len(result["analyses"])
    for analysis in result["analyses"]:
        voters = analysis["voters"]
        objects = [
            (organizations if v["chamber"] == Chamber.ORGANIZATIONS else people).get(v["id"])
            for v in voters
        ]
        members = [
            MemberPower(
                organization=obj if obj is not None else _("(no longer a voter)"),
                sector=v["sector"],
                seat_share=v["seat_share"],
                weight_share=v["weight_share"],
                banzhaf=v["banzhaf"],
                shapley_shubik=v["shapley_shubik"],
                is_dictator=v["dictator"],
                is_veto=v["veto"],
                is_dummy=v["dummy"],
                chamber=v["chamber"],
            )
            for v, obj in zip(voters, objects, strict=True)
        ]
        names = [m.name for m in members]
        sectors = [
            SectorPower(
                sector=sector,
                label=_sector_label(sector),
                members=int(sums["members"]),
                seat_share=sums["seat_share"],
                weight_share=sums["weight_share"],
                banzhaf=sums["banzhaf"],
                shapley_shubik=sums["shapley_shubik"],
            )
            for sector, sums in _sector_sums(voters).items()
        ]
        members.sort(key=lambda m: (m.chamber != Chamber.ORGANIZATIONS, m.name.casefold(), m.name))
        analyses.append(
            PowerAnalysis(
                name=_analysis_name(snapshot.get("name", ""), analysis["chamber"], count),
                rule_id=snapshot.get("id"),
                summary=_summary(analysis["summary"]),
                members=members,
                sectors=sectors,
                warnings=[_warning(w, names) for w in analysis["warnings"]],
                notes=[_note(n) for n in analysis["notes"]],
                method=analysis["method"],
                chamber=analysis["chamber"],
                weighted=analysis.get("weighted", False),
                coalitions=_coalitions_named(analysis.get("coalitions"), names),
            )
        )
    return analyses


# --- all three at once (never in a request) ----------------------------------------------------


def power_compare(
    *, partnership: Partnership, snapshots: list[dict[str, Any]]
) -> list[PowerAnalysis]:
    """The analyses of several rules over the current voters, computed now.

    Runs the engine: for the worker, checks and tests. Pages and the API read stored
    results (``selectors.power_outcomes``).
    """
    members = list(member_organizations(partnership=partnership))
    people: list[Individual] | None = None
    analyses: list[PowerAnalysis] = []
    for snapshot in snapshots:
        if choice_rules.is_alternatives_rule(snapshot):
            analyses.append(skipped_analysis(snapshot))
            continue
        if Chamber.INDIVIDUALS in chambers_of(snapshot) and people is None:
            people = eligible_individuals(partnership=partnership)
        inputs = power_inputs(
            partnership=partnership, snapshot=snapshot, members=members, individuals=people
        )
        analyses += power_render(
            snapshot=snapshot,
            result=power_compute(inputs),
            organizations={o.pk: o for o in members},
            people={i.person.pk: i.person for i in people or []},
        )
    return analyses


def power_analysis(
    *,
    partnership: Partnership,
    snapshot: dict[str, Any],
    members: list[Organization] | None = None,
    chamber: str | None = None,
    individuals: list[Individual] | None = None,
) -> PowerAnalysis:
    """Seats, weight, Banzhaf and Shapley–Shubik power per voter and sector under a rule,
    computed now (see :func:`power_compare`): the analysis of ``chamber``, by default the
    rule's first (the organizations, unless only individuals vote).
    """
    if choice_rules.is_alternatives_rule(snapshot):
        return skipped_analysis(snapshot)
    members = (
        members if members is not None else list(member_organizations(partnership=partnership))
    )
    if Chamber.INDIVIDUALS in chambers_of(snapshot) and individuals is None:
        individuals = eligible_individuals(partnership=partnership)
    inputs = power_inputs(
        partnership=partnership, snapshot=snapshot, members=members, individuals=individuals
    )
    analyses = power_render(
        snapshot=snapshot,
        result=power_compute(inputs),
        organizations={o.pk: o for o in members},
        people={i.person.pk: i.person for i in individuals or []},
    )
    wanted = chamber or chambers_of(snapshot)[0]
    return next(a for a in analyses if a.chamber == wanted)

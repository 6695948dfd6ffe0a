"""The count of a choice among alternatives: the current ballots of the eligible voters in
the engine's terms, and the engine's result with its explanation as structure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from accord.decisions import explanations
from accord.decisions.choice_rules import TIE_BREAKING, BallotRule, ballot_rule
from accord.decisions.explanations import AppReasonCode
from accord.decisions.models import Proposal
from accord.decisions.selectors.consent import consent_groups, consent_verdicts, group_membership
from accord.decisions.selectors.proposals import current_ballots, voter_key
from accord.decisions.selectors.rules import chambers_of
from accord.decisions.selectors.voters import GROUP_NAMES, chamber_table, eligible_individuals
from accord.engine.profiles import ApprovalProfile, RankedProfile, ScoreProfile
from accord.engine.voting import approval_voting, instant_runoff, schulze, score_voting
from accord.engine.voting.ranked import plurality_scores
from accord.engine.voting.results import native


@dataclass(frozen=True)
class CountedBallots:
    """The current ballots of the eligible voters, in the engine's terms."""

    alternatives: list[dict[str, Any]]
    preferences: list[dict[str, Any]]
    weights: list[Fraction]
    sectors: list[str]
    ballot_ids: list[int]
    eligible_by_sector: dict[str, int]
    weighted: bool
    #: every eligible voter, in the table's order: for the consent of affected groups
    chamber: str = "organizations"
    eligible_ids: tuple[int, ...] = ()
    eligible_sectors: tuple[str, ...] = ()
    voted: tuple[bool, ...] = ()
    withheld: tuple[bool, ...] = ()
    withheld_reasons: tuple[str, ...] = ()


def counted_ballots(*, proposal: Proposal, snapshot: Mapping[str, Any]) -> CountedBallots:
    """One entry per eligible voter who cast a ballot, as the tally counts them.

    The voters are the member organizations, or the eligible individuals when the rule lets
    individuals vote (a choice among alternatives is never voted in two chambers).
    """
    (chamber,) = chambers_of(dict(snapshot))
    table = chamber_table(
        partnership=proposal.partnership, snapshot=dict(snapshot), chamber=chamber
    )
    current = current_ballots(proposal=proposal)
    secret = snapshot.get("secrecy", "open") != "open"
    preferences, weights, sectors, ids = [], [], [], []
    eligible: dict[str, int] = {}
    voted, withheld, reasons = [], [], []
    for voter, sector, weight in zip(table.voters, table.groups, table.weights, strict=True):
        eligible[sector] = eligible.get(sector, 0) + 1
        key = voter_key(proposal=proposal, chamber=chamber, voter_id=voter.pk, secret=secret)
        ballot = current.get(key)
        counts = ballot is not None and bool(ballot.preferences)
        voted.append(counts)
        withheld.append(counts and bool(ballot.preferences.get("withhold_consent")))
        reasons.append(ballot.reason if counts and withheld[-1] else "")
        if not counts:
            continue
        preferences.append(ballot.preferences)
        weights.append(Fraction(weight))
        sectors.append(sector)
        ids.append(ballot.pk)
    return CountedBallots(
        alternatives=list(snapshot.get("alternatives", [])),
        preferences=preferences,
        weights=weights,
        sectors=sectors,
        ballot_ids=sorted(ids),
        eligible_by_sector=eligible,
        weighted=table.weighted,
        chamber=chamber,
        eligible_ids=tuple(voter.pk for voter in table.voters),
        eligible_sectors=tuple(table.groups),
        voted=tuple(voted),
        withheld=tuple(withheld),
        withheld_reasons=tuple(reasons),
    )


def engine_profile(counted: CountedBallots, rule: BallotRule, *, with_voters: bool = True) -> Any:
    """The engine profile: candidates labelled by position, names, weights and sectors."""
    position = {a["id"]: a["position"] for a in counted.alternatives}
    labels = [a["position"] for a in counted.alternatives]
    extra: dict[str, Any] = {
        "candidates": labels,
        "names": [a["name"] for a in counted.alternatives],
    }
    if with_voters:
        extra["groups"] = [GROUP_NAMES.index(s) for s in counted.sectors]
        extra["group_names"] = GROUP_NAMES
        if counted.weighted:
            extra["weights"] = [float(w) for w in counted.weights]
    if rule.kind == "ranked":
        rankings = [[[position[i] for i in g] for g in p["ranking"]] for p in counted.preferences]
        return RankedProfile.from_rankings(rankings, **extra)
    if rule.kind == "approval":
        sets = [[position[i] for i in p["approved"]] for p in counted.preferences]
        return ApprovalProfile.from_sets(sets, **extra)
    rows = [[p["scores"][str(a["id"])] for a in counted.alternatives] for p in counted.preferences]
    return ScoreProfile.from_matrix(
        rows or np.zeros((0, len(labels)), dtype=np.int64),
        min_score=rule.min_score,
        max_score=rule.max_score,
        **extra,
    )


def _number(value: Any) -> Any:
    value = native(value)
    return round(value, 4) if isinstance(value, float) else value


@dataclass(frozen=True)
class AlternativesResult:
    """What ``proposal_close`` stores in the Decision for a choice among alternatives.

    Mirrors the attributes of ``motions.MotionResult`` that the close reads (``outcome``,
    ``reason``, ``decided_by``, ``explain()``), plus the JSON ``counts`` stored as is. The
    reason as data is ``counts["why"]`` (an app code of :mod:`accord.decisions.explanations`);
    ``reason`` is that rendered in the active language, ``text`` the full technical count.
    """

    outcome: str
    reason: str
    decided_by: str
    counts: dict[str, Any]
    text: str

    @property
    def why(self) -> dict[str, Any]:
        return self.counts["why"]

    def explain(self) -> str:
        return self.text


def tally(*, proposal: Proposal, snapshot: Mapping[str, Any]) -> AlternativesResult:
    """Count the ballots with the engine; "accepted" names the chosen alternative.

    Nobody voting gives "no_quorum" (nothing is chosen). Ties are broken in favour of the
    alternative listed first (the engine's lexicographic order on positions).
    """
    rule = ballot_rule(snapshot)
    counted = counted_ballots(proposal=proposal, snapshot=snapshot)
    alternatives = counted.alternatives
    by_position = {a["position"]: a for a in alternatives}
    voted = len(counted.preferences)
    eligible = sum(counted.eligible_by_sector.values())
    who = "people" if snapshot.get("voters") == "individuals" else "members"
    counts: dict[str, Any] = {
        "method": rule.method,
        "ballot": rule.kind,
        "voters": voted,
        "eligible": eligible,
        "weighted": counted.weighted,
        "tie_breaking": TIE_BREAKING,
        "alternatives": alternatives,
        "ballot_ids": counted.ballot_ids,
        "winner": None,
        "tied": [],
    }
    params: dict[str, Any] = {
        "method": rule.method,
        "voters": voted,
        "eligible": eligible,
        "who": who,
    }
    if not voted:
        counts["by_group"] = _by_group(counted, rule, None)
        counts["why"] = explanations.why(AppReasonCode.CHOICE_NOBODY_VOTED, params)
        reason = explanations.explanation_text(counts["why"])
        return AlternativesResult("no_quorum", reason, rule.method, counts, reason)
    profile = engine_profile(counted, rule)
    if rule.method == "schulze":
        options = snapshot["rule"]["method"].get("options", {})
        strength = options.get("strength", "margin")
        result = schulze(profile, "lexicographic", strength=strength)
    elif rule.method == "instant_runoff":
        result = instant_runoff(profile, "lexicographic")
    elif rule.method == "approval":
        result = approval_voting(profile, "lexicographic")
    else:
        result = score_voting(profile, "lexicographic")
    winner = by_position[result.winner]
    counts["winner"] = winner
    counts["tied"] = (
        [by_position[p]["name"] for p in result.winners] if len(result.winners) > 1 else []
    )
    params |= {"winner": winner["name"], "tied": counts["tied"], "weighted": counted.weighted}
    if rule.method == "schulze":
        explanation = result.explanation
        names = [by_position[p]["name"] for p in explanation.candidates]
        counts["pairwise"] = [
            {
                "name": names[i],
                "margins": [None if i == j else _number(v) for j, v in enumerate(row)],
                "paths": [
                    None if i == j else _number(v)
                    for j, v in enumerate(explanation.strongest_paths[i])
                ],
            }
            for i, row in enumerate(explanation.margins)
        ]
        counts["names"] = names
        params["strength"] = strength
    elif rule.method == "instant_runoff":
        rounds = result.explanation.rounds
        counts["rounds"] = [
            {
                "number": k,
                "eliminated": [by_position[p]["name"] for p in r.eliminated],
                "exhausted": _number(r.exhausted),
            }
            for k, r in enumerate(rounds, 1)
        ]
        counts["rounds_table"] = [
            {
                "name": a["name"],
                "votes": [
                    _number(r.tallies[a["position"]]) if a["position"] in r.tallies else None
                    for r in rounds
                ],
            }
            for a in alternatives
        ]
        params["rounds"] = len(rounds)
    else:
        scores = result.explanation.scores
        counts["alternative_totals"] = [
            {"name": a["name"], "total": _number(scores[a["position"]])} for a in alternatives
        ]
        key = "approvals" if rule.method == "approval" else "total_score"
        params[key] = _number(scores[result.winner])
    counts["by_group"] = _by_group(counted, rule, profile)
    counts["why"] = explanations.why(AppReasonCode.CHOICE_CHOSEN, params)
    outcome, decided_by = "accepted", rule.method
    groups = consent_groups(snapshot)
    if groups:
        counts["group_consent"] = group_consent_of(
            proposal=proposal, counted=counted, groups=groups
        )
        refused = [g for g in counts["group_consent"] if not g["consented"]]
        if refused:
            counts["why"] = explanations.why(
                AppReasonCode.GROUP_CONSENT_WITHHELD,
                {"winner": winner["name"], "groups": refused, "passed": counts["why"]},
            )
            outcome, decided_by = "rejected", "group_consent"
    reason = explanations.explanation_text(counts["why"])
    text = "\n".join([*_technical_count(counts, rule.label, who), reason])
    return AlternativesResult(outcome, reason, decided_by, counts, text)


def group_consent_of(
    *, proposal: Proposal, counted: CountedBallots, groups: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each affected group's verdict on a choice among alternatives (``selectors.consent``)."""
    person_organization = {}
    if counted.chamber == "individuals":
        person_organization = {
            i.person.pk: (i.organization.pk if i.organization is not None else None)
            for i in eligible_individuals(partnership=proposal.partnership)
        }
    membership = group_membership(
        groups,
        voter_ids=counted.eligible_ids,
        sectors=counted.eligible_sectors,
        chamber=counted.chamber,
        person_organization=person_organization,
    )
    return consent_verdicts(
        groups,
        membership=membership,
        voted=counted.voted,
        withheld=counted.withheld,
        reasons=counted.withheld_reasons,
    )


def _technical_count(counts: Mapping[str, Any], label: str, who: str) -> list[str]:
    """The full count as plain lines, a debugging aid like the engine's ``explain()``."""
    lines = [
        f"{label[0].upper()}{label[1:]}: {counts['voters']} of {counts['eligible']} {who} voted."
    ]
    if "pairwise" in counts:
        for title, key in (
            ("Margins (row over column)", "margins"),
            ("Strongest paths (row to column)", "paths"),
        ):
            lines.append(f"{title}:")
            lines += [
                f"  {r['name']}: " + ", ".join("—" if m is None else str(m) for m in r[key])
                for r in counts["pairwise"]
            ]
    table = counts.get("rounds_table", ())
    for k, r in enumerate(counts.get("rounds", ())):
        tallies = ", ".join(
            f"{row['name']} {row['votes'][k]}" for row in table if row["votes"][k] is not None
        )
        out = ", ".join(r["eliminated"])
        lines.append(
            f"Round {r['number']}: {tallies}; exhausted {r['exhausted']}"
            + (f"; eliminated {out}." if out else ".")
        )
    if "alternative_totals" in counts:
        lines.append(
            "Totals: "
            + ", ".join(f"{t['name']} {t['total']}" for t in counts["alternative_totals"])
        )
    return lines


def _by_group(counted: CountedBallots, rule: BallotRule, profile: Any) -> list[dict[str, Any]]:
    """Per sector: eligible members, ballots, and first preferences / approvals / scores."""
    per_sector: dict[str, list[Any]] = {}
    if profile is not None:
        if rule.kind == "ranked":
            for sector in dict.fromkeys(counted.sectors):
                mask = [s == sector for s in counted.sectors]
                part = engine_profile(_subset(counted, mask), rule, with_voters=False)
                per_sector[sector] = [_number(v) for v in plurality_scores(part).tolist()]
        else:
            explained = (
                approval_voting(profile) if rule.kind == "approval" else score_voting(profile)
            ).explanation.by_group or {}
            for sector, scores in explained.items():
                per_sector[str(sector)] = [
                    _number(scores[a["position"]]) for a in counted.alternatives
                ]
    return [
        {
            "group": sector,
            "eligible": n,
            "voted": counted.sectors.count(sector),
            "totals": per_sector.get(sector, [0] * len(counted.alternatives)),
        }
        for sector, n in counted.eligible_by_sector.items()
    ]


def _subset(counted: CountedBallots, mask: Sequence[bool]) -> CountedBallots:
    pick = [i for i, keep in enumerate(mask) if keep]
    return CountedBallots(
        alternatives=counted.alternatives,
        preferences=[counted.preferences[i] for i in pick],
        weights=[counted.weights[i] for i in pick],
        sectors=[counted.sectors[i] for i in pick],
        ballot_ids=[],
        eligible_by_sector={},
        weighted=False,
    )

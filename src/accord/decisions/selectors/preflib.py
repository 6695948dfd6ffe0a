"""A proposal's ballots as a PrefLib file, for anyone to re-check a result."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from accord.decisions.choice_rules import ballot_rule, is_alternatives_rule
from accord.decisions.models import Ballot, BallotChoice, Proposal
from accord.decisions.selectors.proposals import current_ballots, decision_for, voter_key
from accord.decisions.selectors.rules import chambers_of, default_snapshot
from accord.decisions.selectors.tally import CountedBallots, counted_ballots, engine_profile
from accord.decisions.selectors.voters import chamber_table
from accord.engine.io.preflib import PrefLibFile, format_preflib
from accord.engine.profiles import CategoricalProfile

_MOTION_CATEGORIES = (
    BallotChoice.YES,
    BallotChoice.NO,
    BallotChoice.ABSTAIN,
    BallotChoice.OBJECT,
)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def preflib_export(*, proposal: Proposal) -> tuple[str, str]:
    """(file name, text): the proposal's current ballots as a PrefLib file.

    Ranked ballots give ``.soi`` (strict) or ``.toi`` (with ties); approval ballots a
    ``.cat`` with the categories Approved / Not approved; score ballots a ``.cat`` with one
    category per score, highest first; yes/no ballots a ``.cat`` with one alternative (the
    proposal) and the categories Yes / No / Abstain / Object. A decided choice exports
    exactly the ballots it counted, others the current ballots of the eligible voters. Rows
    carry no voter and are sorted by content, so their order reveals nobody; weights are not
    part of the format (the description says so when the rule weighs members).
    """
    snapshot = proposal.rule_snapshot or default_snapshot()
    title = _one_line(proposal.title)
    description = (
        f"Ballots on proposal {proposal.pk} of {_one_line(proposal.partnership.name)} "
        f"under the rule {_one_line(snapshot.get('name', ''))}"
    )
    if snapshot.get("weights_mode", "equal") != "equal" or snapshot.get("cap"):
        description += "; each ballot counts once here, while the rule weighs members"
    if is_alternatives_rule(snapshot) and "alternatives" in snapshot:
        file = _alternatives_file(proposal, snapshot, title, description)
    else:
        file = _motion_file(proposal, snapshot, title, description)
    name = f"{proposal.partnership.slug}-proposal-{proposal.pk}.{file.data_type}"
    return name, format_preflib(file)


def _alternatives_file(
    proposal: Proposal, snapshot: Mapping[str, Any], title: str, description: str
) -> PrefLibFile:
    rule = ballot_rule(snapshot)
    decision = decision_for(proposal=proposal)
    if decision is not None and "ballot_ids" in decision.counts:
        rows = Ballot.objects.filter(proposal=proposal, pk__in=decision.counts["ballot_ids"])
        preferences = [b.preferences for b in rows]
    else:
        preferences = counted_ballots(proposal=proposal, snapshot=snapshot).preferences
    position = {a["id"]: a["position"] for a in snapshot["alternatives"]}

    def by_content(p: Mapping[str, Any]) -> list[Any]:
        if "ranking" in p:
            return [[position[i] for i in group] for group in p["ranking"]]
        if "approved" in p:
            return [position[i] for i in p["approved"]]
        return [p["scores"][str(a["id"])] for a in snapshot["alternatives"]]

    ordered = sorted(preferences, key=by_content)
    counted = CountedBallots(list(snapshot["alternatives"]), ordered, [], [], [], {}, False)
    profile = engine_profile(counted, rule, with_voters=False)
    if rule.kind == "ranked":
        strict = all(len(g) == 1 for p in ordered for g in p["ranking"])
        data_type = "soi" if strict else "toi"
        return PrefLibFile(data_type, profile, _header(title, description, data_type, profile))
    if rule.kind == "approval":
        matrix = np.where(profile.approvals, 0, 1)
        names = ["Approved", "Not approved"]
    else:
        matrix = rule.max_score - profile.scores
        names = [f"Score {s}" for s in range(rule.max_score, rule.min_score - 1, -1)]
    categorical = CategoricalProfile.from_matrix(
        matrix,
        profile.counts,
        category_names=names,
        candidates=profile.candidates,
        names=profile.names,
    )
    return PrefLibFile("cat", categorical, _header(title, description, "cat", categorical))


def _motion_file(
    proposal: Proposal, snapshot: Mapping[str, Any], title: str, description: str
) -> PrefLibFile:
    current = current_ballots(proposal=proposal)
    secret = snapshot.get("secrecy", "open") != "open"
    codes = []
    chambers = chambers_of(dict(snapshot))
    if len(chambers) > 1:
        description += "; the organizations' and the individuals' ballots are listed together"
    for chamber in chambers:
        table = chamber_table(
            partnership=proposal.partnership, snapshot=dict(snapshot), chamber=chamber
        )
        for voter in table.voters:
            key = voter_key(proposal=proposal, chamber=chamber, voter_id=voter.pk, secret=secret)
            ballot = current.get(key)
            if ballot is not None and ballot.choice:
                codes.append(_MOTION_CATEGORIES.index(BallotChoice(ballot.choice)))
    profile = CategoricalProfile.from_matrix(
        np.array(sorted(codes), dtype=np.int8).reshape(-1, 1),
        category_names=[c.label.split(" (")[0] for c in _MOTION_CATEGORIES],
        candidates=[1],
        names=[title],
    )
    return PrefLibFile("cat", profile, _header(title, description, "cat", profile))


def _header(
    title: str, description: str, data_type: str, profile: Any
) -> tuple[tuple[str, str], ...]:
    keys: list[tuple[str, str]] = [
        ("TITLE", f" {title}"),
        ("DESCRIPTION", f" {description}"),
        ("DATA TYPE", ""),
        ("NUMBER ALTERNATIVES", ""),
        ("NUMBER VOTERS", ""),
    ]
    if data_type == "cat":
        keys += [("NUMBER UNIQUE PREFERENCES", ""), ("NUMBER CATEGORIES", "")]
        keys += [(f"CATEGORY NAME {k + 1}", "") for k in range(len(profile.category_names))]
    else:
        keys.append(("NUMBER UNIQUE ORDERS", ""))
    keys += [(f"ALTERNATIVE NAME {i + 1}", "") for i in range(profile.n_candidates)]
    return tuple(keys)

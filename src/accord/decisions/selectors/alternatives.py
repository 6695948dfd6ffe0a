"""Reads for proposals that choose among alternatives: the list, and open ballots in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from accord.decisions.choice_rules import describe, is_alternatives_rule
from accord.decisions.models import Alternative, Ballot, Proposal


def alternative_list(*, proposal: Proposal) -> list[Alternative]:
    return list(Alternative.objects.filter(proposal=proposal).order_by("position"))


def frozen_alternatives(proposal: Proposal) -> list[dict[str, Any]] | None:
    """The alternatives frozen into the snapshot when voting opened, if it did."""
    snapshot = proposal.rule_snapshot or {}
    return snapshot.get("alternatives") if is_alternatives_rule(snapshot) else None


@dataclass(frozen=True)
class BallotRow:
    organization: Any
    preferences: str


def ballot_rows(*, proposal: Proposal, ballots: Sequence[Ballot]) -> list[BallotRow]:
    """Open ballots (``selectors.open_ballot_list``) with their preferences in words."""
    frozen = frozen_alternatives(proposal) or []
    return [BallotRow(b.voter, describe(b.preferences, frozen)) for b in ballots]

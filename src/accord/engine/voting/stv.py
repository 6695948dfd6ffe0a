"""Single transferable vote for multi-winner elections, in exact arithmetic.

This module offers :func:`single_transferable_vote`, returning a
:class:`CommitteeResult` with the elected candidates in order of election, the
quota and every round of the count.

The count
---------
- Quota: Droop, ``floor(valid / (seats + 1)) + 1`` where ``valid`` is the
  weight of the ballots ranking at least one candidate (``quota="droop"``), or
  the exact Droop (Hagenbach-Bischoff) quota ``valid / (seats + 1)`` with
  election on exceeding it (``quota="droop_exact"``).
- Every candidate whose tally reaches the quota is elected. Surpluses are then
  transferred one at a time, largest first, by the *weighted inclusive
  Gregory* method: every ballot held by the elected candidate moves on to its
  next continuing preference at its current value times
  ``surplus / tally``. All values are :class:`fractions.Fraction`, so nothing
  is rounded (Scottish STV rounds to five decimals; we do not).
- When no one reaches the quota and no surplus is pending, the candidate with
  the lowest tally is eliminated and its ballots move on at their current value.
  Ties for the lowest tally (or between surpluses) are broken by
  ``tie_breaking``: the candidate latest in the priority order is eliminated.
- When the continuing candidates just fill the remaining seats, they are all
  elected.
- A ballot whose next preference is a tie between continuing candidates
  becomes non-transferable, as an overvote does in a paper count.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from accord.engine.profiles import UNRANKED, RankedProfile
from accord.engine.voting.results import TieBreaking, tie_breaking_priority


@dataclass(frozen=True)
class STVRound:
    """One step of the count.

    ``action`` is ``"elect"``, ``"transfer"`` (a surplus; ``transfer_value`` is
    the factor applied) or ``"eliminate"``; ``tallies`` are the continuing
    candidates' votes *before* the action.
    """

    action: str
    candidates: tuple[Hashable, ...]
    tallies: Mapping[Hashable, Fraction]
    exhausted: Fraction
    transfer_value: Fraction | None = None


@dataclass(frozen=True)
class CommitteeResult:
    """Outcome of a multi-winner rule: ``elected`` in order of election."""

    rule: str
    elected: tuple[Hashable, ...]
    seats: int
    quota: Fraction
    tie_breaking: str | tuple[Hashable, ...]
    rounds: tuple[STVRound, ...]


def _fraction(x: float | int) -> Fraction:
    return Fraction(x) if isinstance(x, int) else Fraction(x).limit_denominator(10**12)


def single_transferable_vote(
    profile: RankedProfile,
    seats: int,
    tie_breaking: TieBreaking = "lexicographic",
    *,
    quota: str = "droop",
) -> CommitteeResult:
    """Single transferable vote with the Droop quota and Gregory transfers (see the module).

    Parameters
    ----------
    profile : RankedProfile
        The ballots (truncation allowed).
    seats : int
        Number of candidates to elect.
    tie_breaking : "lexicographic" or sequence of labels
        Priority order; among tied lowest candidates the one latest in it is
        eliminated, among tied surpluses the earliest is transferred first.
    quota : {"droop", "droop_exact"}
        The quota (see the module docstring).

    Returns
    -------
    CommitteeResult

    Examples
    --------
    The food election of the Wikipedia article "Single transferable vote"
    (20 voters, 3 seats, quota 6): chocolate is elected with a surplus of 6,
    transferred at value 1/2; pear is eliminated, electing orange;
    then bonbon is eliminated and strawberry fills the last seat.

    >>> ballots = [["orange"], ["pear", "orange"], ["chocolate", "strawberry"],
    ...            ["chocolate", "bonbon"], ["strawberry"], ["bonbon"]]
    >>> p = RankedProfile.from_rankings(ballots, counts=[4, 2, 8, 4, 1, 1])
    >>> r = single_transferable_vote(p, seats=3)
    >>> r.elected, r.quota
    (('chocolate', 'orange', 'strawberry'), Fraction(6, 1))
    >>> [(x.action, x.candidates) for x in r.rounds][:3]
    [('elect', ('chocolate',)), ('transfer', ('chocolate',)), ('eliminate', ('pear',))]

    References
    ----------
    N. Tideman, "The single transferable vote", Journal of Economic
    Perspectives 9(1), 27-38, 1995; Scottish Local Government Elections Order
    2007, rules 45-52 (weighted inclusive Gregory transfers).
    """
    m = profile.n_candidates
    if not 1 <= seats <= m:
        raise ValueError("seats must be between 1 and the number of candidates")
    labels = profile.candidates
    priority = tie_breaking_priority(labels, tie_breaking)
    ranks = profile.ranks
    weights = profile.ballot_weights.tolist()
    counts = [_fraction(w) for w in weights]
    values = [Fraction(1)] * len(counts)
    continuing = np.ones(m, dtype=bool)
    holder = np.full(len(counts), -1, dtype=np.int64)
    tallies = [Fraction(0)] * m
    exhausted = Fraction(0)

    def move(rows: np.ndarray) -> None:
        """Give each of ``rows`` to its next continuing preference."""
        nonlocal exhausted
        if rows.size == 0:
            return
        sub = np.where(continuing, ranks[rows], UNRANKED)
        best = sub.min(axis=1)
        tied = (sub == best[:, None]).sum(axis=1) > 1
        target = np.argmin(sub, axis=1)
        for u, b, t, c in zip(
            rows.tolist(), best.tolist(), tied.tolist(), target.tolist(), strict=True
        ):
            vote = counts[u] * values[u]
            if b == UNRANKED or t:
                holder[u] = -1
                exhausted += vote
            else:
                holder[u] = c
                tallies[c] += vote

    ranked_any = (ranks != UNRANKED).any(axis=1)
    valid = sum((counts[u] for u in np.nonzero(ranked_any)[0].tolist()), Fraction(0))
    if quota == "droop":
        threshold = Fraction(int(valid // (seats + 1)) + 1)
    elif quota == "droop_exact":
        threshold = valid / (seats + 1)
    else:
        raise ValueError("quota must be 'droop' or 'droop_exact'")

    def reached(c: int) -> bool:
        return tallies[c] >= threshold if quota == "droop" else tallies[c] > threshold

    move(np.arange(len(counts)))
    elected: list[int] = []
    pending: list[int] = []  # elected, surplus not yet transferred
    rounds: list[STVRound] = []

    def snapshot(action: str, who: list[int], value: Fraction | None = None) -> None:
        shown = {labels[c]: tallies[c] for c in np.nonzero(continuing)[0].tolist()}
        for c in pending:
            shown[labels[c]] = tallies[c]
        rounds.append(STVRound(action, tuple(labels[c] for c in who), shown, exhausted, value))

    while len(elected) < seats:
        alive = np.nonzero(continuing)[0].tolist()
        if len(alive) + len(elected) <= seats:
            alive.sort(key=lambda c: (-tallies[c], priority[c]))
            snapshot("elect", alive)
            elected.extend(alive)
            continuing[alive] = False
            break
        winners = sorted((c for c in alive if reached(c)), key=lambda c: (-tallies[c], priority[c]))
        if winners:
            snapshot("elect", winners)
            elected.extend(winners)
            continuing[winners] = False
            pending.extend(winners)
            continue
        pending = [c for c in pending if tallies[c] > threshold]
        if pending:
            pending.sort(key=lambda c: (-(tallies[c] - threshold), priority[c]))
            c = pending[0]
            ratio = (tallies[c] - threshold) / tallies[c]
            snapshot("transfer", [c], ratio)
            pending.pop(0)
            rows = np.nonzero(holder == c)[0]
            for u in rows.tolist():
                values[u] *= ratio
            tallies[c] = threshold
            move(rows)
            continue
        lowest = min(alive, key=lambda c: (tallies[c], -priority[c]))
        snapshot("eliminate", [lowest])
        continuing[lowest] = False
        rows = np.nonzero(holder == lowest)[0]
        tallies[lowest] = Fraction(0)
        move(rows)
    return CommitteeResult(
        rule="single_transferable_vote",
        elected=tuple(labels[c] for c in elected),
        seats=seats,
        quota=threshold,
        tie_breaking=tie_breaking if isinstance(tie_breaking, str) else tuple(tie_breaking),
        rounds=tuple(rounds),
    )

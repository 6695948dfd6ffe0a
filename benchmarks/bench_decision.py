"""Deciding a motion (accord.engine.voting.motions) on a million voters in ten groups.

No public library decides motions with quorums, caps, groups and safeguards, so there is
no peer: the peer column reads "n/a". Each case builds the ballots from raw numpy arrays
(validation and the per-group tally included) and applies one rule; the figure is the best
of three runs in this process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from common import Row, Timing, timed

from accord.engine.voting.caps import capped_weights
from accord.engine.voting.motions import (
    Condition,
    DecisionRule,
    MotionBallots,
    Quorum,
    concurrent_majority,
    consent,
    decide,
    group_consent,
    qualified_majority,
    simple_majority,
    unanimity,
    weighted_majority,
)

N_GROUPS = 10
REPEATS = 3


@dataclass
class NoPeerRow(Row):
    """A row without a peer library: peer, ratio and identical read "n/a"."""

    def cells(self) -> list[str]:
        return [self.case, self.size, "n/a", self.ours.label(), "n/a", "n/a"]


def _arrays(n: int, seed: int = 2026) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "choices": rng.choice(5, size=n, p=[0.2, 0.35, 0.3, 0.1, 0.05]).astype(np.int8),
        "weights": rng.integers(1, 1_000, size=n),
        "groups": rng.integers(0, N_GROUPS, size=n),
    }


def _consent_arrays(n: int, seed: int = 2027) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    choices = rng.choice([0, 1, 3, 4], size=n, p=[0.3, 0.6, 0.0999, 0.0001]).astype(np.int8)
    return {
        "choices": choices,
        "groups": rng.integers(0, N_GROUPS, size=n),
        "reasons": choices == 4,
    }


def _best(fn: Callable[[], Any]) -> Timing:
    runs = [timed(fn) for _ in range(REPEATS)]
    return min(runs, key=lambda t: t.seconds if t.seconds is not None else float("inf"))


def run(full: bool) -> list[Row]:
    sizes = [1_000_000, 10_000_000] if full else [1_000_000]
    rows: list[Row] = []
    names = tuple(f"sector {g}" for g in range(N_GROUPS))
    safeguarded = DecisionRule(
        Condition("simple_majority"),
        quorum=Quorum(overall=Fraction(1, 2), per_group=Fraction(1, 3)),
        safeguards=(Condition("group_consent", {"groups": names[:3]}),),
    )
    for n in sizes:
        arrays = _arrays(n)
        consent_arrays = _consent_arrays(n)

        def ballots(arrays: dict[str, np.ndarray] = arrays) -> MotionBallots:
            return MotionBallots(**arrays, group_names=names)

        def consent_ballots(arrays: dict[str, np.ndarray] = consent_arrays) -> MotionBallots:
            return MotionBallots(**arrays, group_names=names)

        cases: list[tuple[str, Callable[[], Any]]] = [
            ("ballots: validate + tally", lambda: ballots().tally),
            ("simple majority", lambda: simple_majority(ballots())),
            ("qualified majority 2/3", lambda: qualified_majority(ballots())),
            ("unanimity", lambda: unanimity(ballots())),
            ("consent (reasoned objections)", lambda: consent(consent_ballots())),
            ("weighted majority", lambda: weighted_majority(ballots())),
            ("weighted majority, cap 1/100", lambda: weighted_majority(ballots(), cap="1/100")),
            ("concurrent majority", lambda: concurrent_majority(ballots())),
            ("group consent (3 groups)", lambda: group_consent(ballots(), names[:3])),
            ("majority + quorums + group consent", lambda: decide(ballots(), safeguarded)),
            (
                "capped_weights alone, cap 1/100",
                lambda w=arrays["weights"]: capped_weights(w, "1/100"),
            ),
        ]
        for case, fn in cases:
            ours = _best(fn)
            size = f"{n:,} voters, {N_GROUPS} groups"
            rows.append(NoPeerRow(case, size, Timing(None, None, None), ours, None))
    return rows

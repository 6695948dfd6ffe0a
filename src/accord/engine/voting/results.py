"""Result types shared by the voting rules, and the tie-breaking helper.

This module offers:

- :class:`ElectionResult`: what every single-winner rule returns;
- :class:`ScoresExplanation`, :class:`PairwiseExplanation`, :class:`RunoffRound`,
  :class:`RunoffExplanation`: the explanations they carry;
- :data:`TieBreaking` and :func:`tie_breaking_priority`.

Tie-breaking
------------
Every rule first computes *all* tied winners (``winners``); ``winner`` is then
the one chosen by ``tie_breaking``: ``"lexicographic"`` takes the smallest
label (PrefLib number, or string order), a sequence of labels gives an
explicit priority order (first = preferred) that must list every candidate.
Ranked pairs uses the same priority inside the procedure (see its docstring).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

TieBreaking = str | Sequence[Hashable]


def tie_breaking_priority(candidates: Sequence[Hashable], tie_breaking: TieBreaking) -> np.ndarray:
    """``priority[j]``: position of column ``j`` in the tie-breaking order (0 = preferred).

    Examples
    --------
    >>> tie_breaking_priority(("b", "a", "c"), "lexicographic").tolist()
    [1, 0, 2]
    >>> tie_breaking_priority(("b", "a", "c"), ["c", "b", "a"]).tolist()
    [1, 2, 0]
    """
    m = len(candidates)
    if isinstance(tie_breaking, str):
        if tie_breaking != "lexicographic":
            raise ValueError(f"unknown tie_breaking {tie_breaking!r}")
        try:
            order = sorted(range(m), key=lambda j: candidates[j])  # type: ignore[arg-type,return-value]
        except TypeError:
            order = sorted(range(m), key=lambda j: str(candidates[j]))
    else:
        index = {c: j for j, c in enumerate(candidates)}
        order = [index[c] for c in tie_breaking if c in index]
        if len(set(order)) != m:
            raise ValueError("tie_breaking must list every candidate exactly once")
    priority = np.empty(m, dtype=np.int64)
    priority[np.asarray(order, dtype=np.int64)] = np.arange(m)
    return priority


def native(value: Any) -> Any:
    """A numpy scalar as a Python int (when integral) or float."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@dataclass(frozen=True)
class ScoresExplanation:
    """Each candidate's score under the rule (plurality, approval, Borda, score).

    ``by_group`` (when the profile has voter groups) holds the same scores
    counted inside each group, keyed by group name (or code).
    """

    scores: Mapping[Hashable, int | float]
    by_group: Mapping[Hashable, Mapping[Hashable, int | float]] | None = None


def scores_by_group(
    profile: Any, matrix_field: str, score: Any
) -> dict[Hashable, dict[Hashable, Any]] | None:
    """Apply ``score`` (profile -> array) to the rows of each voter group of ``profile``."""
    if profile.groups is None:
        return None
    out: dict[Hashable, dict[Hashable, Any]] = {}
    for code in np.unique(profile.groups).tolist():
        mask = profile.groups == code
        part = replace(
            profile,
            counts=profile.counts[mask],
            weights=None if profile.weights is None else profile.weights[mask],
            groups=profile.groups[mask],
            **{matrix_field: getattr(profile, matrix_field)[mask]},
        )
        name = profile.group_names[code] if profile.group_names is not None else code
        out[name] = scores_by_label(profile.candidates, score(part))
    return out


@dataclass(frozen=True)
class PairwiseExplanation:
    """Pairwise margins (``margins[i][j]`` for ``candidates[i]`` over ``candidates[j]``).

    ``strongest_paths`` (Schulze) holds the strength of the strongest path
    between each pair; ``locked`` (ranked pairs) lists the majorities
    ``(winner, loser, margin)`` locked in, in order, in the tie-broken run;
    ``skipped`` those that would have made a cycle.
    """

    candidates: tuple[Hashable, ...]
    margins: tuple[tuple[int | float, ...], ...]
    unranked: str
    strongest_paths: tuple[tuple[int | float, ...], ...] | None = None
    locked: tuple[tuple[Hashable, Hashable, int | float], ...] | None = None
    skipped: tuple[tuple[Hashable, Hashable, int | float], ...] | None = None


@dataclass(frozen=True)
class RunoffRound:
    """One count: each continuing candidate's tally, and who is eliminated after it."""

    tallies: Mapping[Hashable, int | float]
    eliminated: tuple[Hashable, ...]
    exhausted: int | float


@dataclass(frozen=True)
class RunoffExplanation:
    """The rounds of an instant-runoff count."""

    rounds: tuple[RunoffRound, ...]


@dataclass(frozen=True)
class ElectionResult:
    """Outcome of a single-winner rule.

    Attributes
    ----------
    rule : str
        The rule's name.
    winners : tuple
        Every tied winner, in column order.
    winner : hashable
        The winner after ``tie_breaking``.
    tie_breaking : str or tuple
        The tie-breaking used.
    explanation : object
        The rule's explanation (scores, margins, rounds).
    """

    rule: str
    winners: tuple[Hashable, ...]
    winner: Hashable
    tie_breaking: str | tuple[Hashable, ...]
    explanation: Any


def make_result(
    rule: str,
    candidates: Sequence[Hashable],
    winner_columns: Sequence[int] | np.ndarray,
    tie_breaking: TieBreaking,
    explanation: Any,
    winner_column: int | None = None,
) -> ElectionResult:
    """Assemble an :class:`ElectionResult`, breaking the tie among ``winner_columns``."""
    columns = sorted(int(j) for j in winner_columns)
    if winner_column is None:
        priority = tie_breaking_priority(candidates, tie_breaking)
        winner_column = min(columns, key=lambda j: priority[j])
    return ElectionResult(
        rule=rule,
        winners=tuple(candidates[j] for j in columns),
        winner=candidates[winner_column],
        tie_breaking=tie_breaking if isinstance(tie_breaking, str) else tuple(tie_breaking),
        explanation=explanation,
    )


def scores_by_label(candidates: Sequence[Hashable], scores: np.ndarray) -> dict[Hashable, Any]:
    """Map labels to native scores."""
    return {c: native(s) for c, s in zip(candidates, scores.tolist(), strict=True)}

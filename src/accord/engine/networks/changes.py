"""What changed in a network between two survey waves.

:func:`compare_waves` lists the ties added, lost and changed (a different weight, e.g. a
level of collaboration moving from "cooperative" to "coordinated") and computes the
metrics of both waves with :func:`~accord.engine.networks.metrics.network_metrics` and,
when ratings are given, their trust and value with
:func:`~accord.engine.networks.metrics.trust_value_scores`.

Both waves use the same node numbering, ``0 .. n-1``: a member who answered only one wave
is still a node of the other (without ties), so densities compare like with like.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from numpy.typing import ArrayLike

from accord.engine.networks.metrics import NetworkMetrics, Rule, directed_ties, network_metrics
from accord.engine.networks.trust_value import Rating, TrustValueScores, trust_value_scores

__all__ = ["TieChange", "WaveComparison", "compare_waves"]


@dataclass(frozen=True)
class TieChange:
    """One reported tie, with its weight before and after (``None`` where it is absent)."""

    source: int
    target: int
    before: float | None
    after: float | None


@dataclass(frozen=True)
class WaveComparison:
    added: tuple[TieChange, ...]
    lost: tuple[TieChange, ...]
    changed: tuple[TieChange, ...]
    unchanged: int
    before: NetworkMetrics
    after: NetworkMetrics
    trust_before: TrustValueScores | None
    trust_after: TrustValueScores | None


def compare_waves(
    n: int,
    before: ArrayLike | Iterable[Sequence[float]],
    after: ArrayLike | Iterable[Sequence[float]],
    *,
    rule: Rule = "or",
    ratings_before: Iterable[Rating] | None = None,
    ratings_after: Iterable[Rating] | None = None,
    tolerance: float = 1e-9,
) -> WaveComparison:
    """Ties added, lost and changed between two waves, and the metrics of each.

    Parameters
    ----------
    n : int
        Members of either wave, numbered ``0 .. n-1``.
    before, after : array-like of (source, target[, weight])
        The reported ties of each wave.
    rule : {"or", "and"}
        Passed to :func:`network_metrics`.
    ratings_before, ratings_after : iterable of Rating, optional
        Trust and value ratings of each wave.
    tolerance : float, default 1e-9
        A weight that moves by no more than this is unchanged.

    Returns
    -------
    WaveComparison
        Ties sorted by (source, target).

    Examples
    --------
    >>> c = compare_waves(3, [(0, 1, 1), (1, 2, 2)], [(0, 1, 3), (2, 0, 1)])
    >>> [(t.source, t.target) for t in c.added], [(t.source, t.target) for t in c.lost]
    ([(2, 0)], [(1, 2)])
    >>> c.changed
    (TieChange(source=0, target=1, before=1.0, after=3.0),)
    >>> c.before.density, c.after.density
    (0.6666666666666666, 0.6666666666666666)
    """
    old = directed_ties(n, before)
    new = directed_ties(n, after)
    added = tuple(TieChange(s, t, None, new[s, t]) for s, t in sorted(new.keys() - old.keys()))
    lost = tuple(TieChange(s, t, old[s, t], None) for s, t in sorted(old.keys() - new.keys()))
    both = sorted(old.keys() & new.keys())
    changed = tuple(
        TieChange(s, t, old[s, t], new[s, t])
        for s, t in both
        if abs(old[s, t] - new[s, t]) > tolerance
    )
    old_edges = [(s, t, w) for (s, t), w in old.items()]
    new_edges = [(s, t, w) for (s, t), w in new.items()]
    return WaveComparison(
        added=added,
        lost=lost,
        changed=changed,
        unchanged=len(both) - len(changed),
        before=network_metrics(n, old_edges, rule=rule),
        after=network_metrics(n, new_edges, rule=rule),
        trust_before=None if ratings_before is None else trust_value_scores(n, ratings_before),
        trust_after=None if ratings_after is None else trust_value_scores(n, ratings_after),
    )

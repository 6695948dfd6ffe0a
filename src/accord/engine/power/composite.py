"""Power indices of composite games: the intersection of several weighted games.

A coalition wins a composite game when it wins *every* component game ``[q_g; w_g]``
(all over the same players). This models concurrent majority (a weighted majority
overall and a majority inside every sector) or a head-count quorum plus a weight
majority. Offered here:

- :func:`concurrent_majority_game`, :func:`quorum_and_majority_game` -- build the components;
- :func:`composite_banzhaf_index`, :func:`composite_shapley_shubik_index`.

Exact values come from enumerating all ``2**n`` coalitions with numpy (the winning
coalitions as one boolean table; a player's swings are read off the table viewed as
``(2**(n-1-i), 2, 2**i)``), which is practical up to about 25 players (``2**25`` bytes
= 32 MiB per table). Beyond that, Monte Carlo: random coalitions for Banzhaf (every
player joins with probability 1/2), random orderings for Shapley-Shubik, with a 95%
normal-approximation confidence interval per player (the delta method for the
normalized Banzhaf ratio).

References
----------
.. [1] D. S. Felsenthal and M. Machover, *The Measurement of Voting Power*, 1998, ch. 2
   (composition of simple games, intersection).
.. [2] I. Mann and L. S. Shapley, "Values of large games IV: evaluating the Electoral
   College by Monte Carlo techniques", RAND RM-2651, 1960 (permutation sampling).
.. [3] Y. Bachrach, E. Markakis, E. Resnick, A. D. Procaccia, J. S. Rosenschein, A. Saberi,
   "Approximating power indices: theoretical and empirical analysis", Autonomous Agents
   and Multi-Agent Systems 20(2), 2010 (coalition sampling for Banzhaf).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from fractions import Fraction
from typing import Literal

import numpy as np

from accord.engine.errors import ComputationLimit
from accord.engine.power.enumeration import exact_swings
from accord.engine.power.weighted import PowerIndexResult, WeightedGame

__all__ = [
    "composite_banzhaf_index",
    "composite_shapley_shubik_index",
    "concurrent_majority_game",
    "quorum_and_majority_game",
]

Method = Literal["auto", "exact", "monte_carlo"]
Z_95 = 1.959963984540054  # two-sided 95% normal quantile
_EXACT_FLOAT = 2**53  # float64 holds every integer below it


def _majority_quota(total: int, threshold: Fraction) -> int:
    """Smallest integer weight strictly above ``threshold * total``."""
    return math.floor(threshold * total) + 1


def concurrent_majority_game(
    weights: Sequence[int],
    groups: Sequence[Hashable],
    *,
    threshold: Fraction = Fraction(1, 2),
    group_basis: Literal["weight", "count"] = "weight",
) -> tuple[WeightedGame, ...]:
    """Components of a concurrent majority: more than ``threshold`` overall and in every group.

    Parameters
    ----------
    weights : sequence of int
        Voting weight per player.
    groups : sequence of hashable
        The group (sector) of each player.
    threshold : Fraction
        A coalition must hold *more than* this share; 1/2 is a simple majority.
    group_basis : {"weight", "count"}
        Inside a group, count members' weights (default) or heads.

    Returns
    -------
    tuple of WeightedGame
        The overall game first, then one game per group in order of first appearance.

    Examples
    --------
    >>> games = concurrent_majority_game([3, 1, 1, 1], ["a", "a", "b", "b"])
    >>> [(g.quota, g.weights) for g in games]
    [(4, (3, 1, 1, 1)), (3, (3, 1, 0, 0)), (2, (0, 0, 1, 1))]
    """
    weights = [int(w) for w in weights]
    if len(groups) != len(weights):
        raise ValueError("one group per player")
    games = [WeightedGame(_majority_quota(sum(weights), threshold), tuple(weights))]
    for group in dict.fromkeys(groups):
        basis = [
            (w if group_basis == "weight" else 1) if g == group else 0
            for w, g in zip(weights, groups, strict=True)
        ]
        games.append(WeightedGame(_majority_quota(sum(basis), threshold), tuple(basis)))
    return tuple(games)


def quorum_and_majority_game(
    weights: Sequence[int], quorum: int, *, threshold: Fraction = Fraction(1, 2)
) -> tuple[WeightedGame, ...]:
    """Components of "at least ``quorum`` members and more than ``threshold`` of the weight".

    Examples
    --------
    >>> [(g.quota, g.weights) for g in quorum_and_majority_game([5, 1, 1, 1], 2)]
    [(2, (1, 1, 1, 1)), (5, (5, 1, 1, 1))]
    """
    weights = [int(w) for w in weights]
    return (
        WeightedGame(quorum, (1,) * len(weights)),
        WeightedGame(_majority_quota(sum(weights), threshold), tuple(weights)),
    )


# --------------------------------------------------------------------------- common


def _matrix(games: Sequence[WeightedGame]) -> tuple[np.ndarray, np.ndarray]:
    if not games:
        raise ValueError("a composite game needs at least one component game")
    n = games[0].n
    if any(g.n != n for g in games):
        raise ValueError("all component games must have the same players")
    rows, quotas_reduced = [], []
    for game in games:  # divide each game by its common divisor (the quota rounded up)
        divisor = math.gcd(game.quota, *game.weights)
        rows.append([w // divisor for w in game.weights])
        quotas_reduced.append(-(-game.quota // divisor))
    largest = max(sum(row) for row in rows)
    if largest >= _EXACT_FLOAT:  # Monte Carlo sums weights in float64, exact below 2**53
        raise ComputationLimit(
            "a composite game's weights",
            needed=largest,
            limit=_EXACT_FLOAT,
            unit="in total (after dividing by their common divisor)",
            advice="round the weights, e.g. to fewer significant digits",
        )
    weights = np.array(rows, dtype=np.int64)
    quotas = np.array(quotas_reduced, dtype=np.int64)
    return weights, quotas


def _generator(seed: int | np.random.Generator | None) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)


_MAX_ENUMERATION = 30  # 2**30 bytes = 1 GiB for the winning table


def _choose(method: Method, n: int, max_exact_players: int) -> str:
    if method == "auto":
        method = "exact" if n <= min(max_exact_players, _MAX_ENUMERATION) else "monte_carlo"
    if method not in ("exact", "monte_carlo"):
        raise ValueError(f"unknown method {method!r}")
    if method == "exact" and n > _MAX_ENUMERATION:
        raise ValueError(f"exact enumeration is limited to {_MAX_ENUMERATION} players")
    return method


# --------------------------------------------------------------------------- Banzhaf


def composite_banzhaf_index(
    games: Sequence[WeightedGame],
    *,
    method: Method = "auto",
    samples: int = 100_000,
    seed: int | np.random.Generator | None = None,
    max_exact_players: int = 25,
) -> PowerIndexResult:
    """Banzhaf index of the intersection of weighted games (win all to win).

    Parameters
    ----------
    games : sequence of WeightedGame
        Component games over the same players.
    method : {"auto", "exact", "monte_carlo"}
        ``"auto"`` enumerates when there are at most ``max_exact_players`` players.
    samples : int
        Monte Carlo: number of random coalitions (each player in with probability 1/2).
    seed : int, numpy Generator or None
        Monte Carlo randomness; the same seed gives the same result.
    max_exact_players : int
        Threshold for ``"auto"`` (memory is about ``2**n`` bytes).

    Returns
    -------
    PowerIndexResult
        ``values`` normalized, ``absolute`` absolute; exact: ``swings``;
        Monte Carlo: ``samples`` and the 95% CI half-widths.

    Examples
    --------
    Concurrent majority in two sectors: the big player of sector ``a`` needs a majority of
    sector ``b`` too, so the small players of ``b`` gain power over ``[4; 3, 1, 1, 1]``:

    >>> games = concurrent_majority_game([3, 1, 1, 1], ["a", "a", "b", "b"])
    >>> r = composite_banzhaf_index(games)
    >>> r.method, r.swings, [round(v, 4) for v in r.values]
    ('exact', (2, 0, 2, 2), [0.3333, 0.0, 0.3333, 0.3333])
    >>> mc = composite_banzhaf_index(games, method="monte_carlo", samples=20_000, seed=1)
    >>> all(abs(a - b) <= 3 * h for a, b, h in zip(mc.values, r.values, mc.ci_half_width))
    True
    """
    weights, quotas = _matrix(games)
    n = weights.shape[1]
    if _choose(method, n, max_exact_players) == "exact":
        swings, _ = exact_swings(weights, quotas, by_size=False)
        total = sum(swings)
        return PowerIndexResult(
            index="banzhaf",
            values=tuple(float(Fraction(s, total)) if total else 0.0 for s in swings),
            absolute=tuple(float(Fraction(s, 2 ** (n - 1))) for s in swings),
            swings=tuple(swings),
        )
    rng = _generator(seed)
    batch = max(1, min(samples, 4_000_000 // max(1, n * weights.shape[0])))
    sum_y = np.zeros(n)
    sum_yz = np.zeros(n)
    sum_z = sum_z2 = 0.0
    done = 0
    w_float = weights.T.astype(np.float64)  # (n, G)
    while done < samples:
        size = min(batch, samples - done)
        members = rng.random((size, n)) < 0.5
        sums = members.astype(np.float64) @ w_float  # exact: integers below 2**53
        wins_with = np.ones((size, n), dtype=np.bool_)  # S + i wins, per sample and player
        wins_without = np.ones((size, n), dtype=np.bool_)  # S - i wins
        for g in range(weights.shape[0]):
            gap = quotas[g] - sums[:, g : g + 1]  # weight still missing for game g
            reached = gap <= 0
            # a member of S: S + i = S, and S - i keeps game g iff w_gi <= -gap;
            # an outsider: S + i wins game g iff w_gi >= gap, and S - i = S
            wins_with &= np.where(members, reached, w_float[:, g] >= gap)
            wins_without &= np.where(members, w_float[:, g] <= -gap, reached)
        swing = (wins_with & ~wins_without).astype(np.float64)  # (B, n)
        z = swing.sum(axis=1)
        sum_y += swing.sum(axis=0)
        sum_yz += z @ swing
        sum_z += float(z.sum())
        sum_z2 += float(z @ z)
        done += size
    p = sum_y / samples
    absolute_hw = Z_95 * np.sqrt(p * (1 - p) / samples)
    mean_z = sum_z / samples
    if mean_z > 0:
        ratio = p / mean_z
        # delta method: Var(Y_i - r_i Z) / (N mean(Z)^2), with Y_i^2 = Y_i
        var = p - 2 * ratio * sum_yz / samples + ratio**2 * sum_z2 / samples
        normalized_hw = Z_95 * np.sqrt(np.maximum(var, 0.0) / samples) / mean_z
    else:
        ratio = np.zeros(n)
        normalized_hw = np.zeros(n)
    return PowerIndexResult(
        index="banzhaf",
        values=tuple(ratio.tolist()),
        absolute=tuple(p.tolist()),
        method="monte_carlo",
        samples=samples,
        ci_half_width=tuple(normalized_hw.tolist()),
        absolute_ci_half_width=tuple(absolute_hw.tolist()),
    )


# --------------------------------------------------------------------------- Shapley-Shubik


def composite_shapley_shubik_index(
    games: Sequence[WeightedGame],
    *,
    method: Method = "auto",
    samples: int = 100_000,
    seed: int | np.random.Generator | None = None,
    max_exact_players: int = 25,
) -> PowerIndexResult:
    """Shapley-Shubik index of the intersection of weighted games (win all to win).

    Exact: ``SS_i = sum_s c_i(s) s! (n-s-1)! / n!`` where ``c_i(s)`` counts the size-``s``
    coalitions for which ``i`` is a swing (integers, then one rounding). Monte Carlo: the
    share of ``samples`` uniformly random orderings in which the player is pivotal.

    Parameters
    ----------
    games, method, samples, seed, max_exact_players
        As in :func:`composite_banzhaf_index`; ``samples`` counts random orderings.

    Returns
    -------
    PowerIndexResult

    Examples
    --------
    Quorum of 3 members plus a weight majority in ``[5, 1, 1, 1]``: alone the big player
    is a dictator of the weight game; with the quorum it needs two others.

    >>> r = composite_shapley_shubik_index(quorum_and_majority_game([5, 1, 1, 1], 3))
    >>> [round(v, 4) for v in r.values]
    [0.5, 0.1667, 0.1667, 0.1667]
    """
    weights, quotas = _matrix(games)
    n = weights.shape[1]
    if _choose(method, n, max_exact_players) == "exact":
        swings, by_size = exact_swings(weights, quotas, by_size=True)
        factorial = [math.factorial(k) for k in range(n + 1)]
        values = tuple(
            float(
                Fraction(
                    sum(c * factorial[s] * factorial[n - 1 - s] for s, c in enumerate(counts)),
                    factorial[n],
                )
            )
            for counts in by_size
        )
        return PowerIndexResult(index="shapley_shubik", values=values, swings=tuple(swings))
    rng = _generator(seed)
    batch = max(1, min(samples, 4_000_000 // max(1, n * weights.shape[0])))
    pivots = np.zeros(n, dtype=np.int64)
    done = 0
    while done < samples:
        size = min(batch, samples - done)
        order = np.argsort(rng.random((size, n)), axis=1)
        reached = np.ones((size, n), dtype=np.bool_)
        for g in range(weights.shape[0]):
            reached &= np.cumsum(weights[g][order], axis=1) >= quotas[g]
        position = np.argmax(reached, axis=1)  # the grand coalition always wins
        pivots += np.bincount(order[np.arange(size), position], minlength=n)
        done += size
    p = pivots / samples
    return PowerIndexResult(
        index="shapley_shubik",
        values=tuple(p.tolist()),
        method="monte_carlo",
        samples=samples,
        ci_half_width=tuple((Z_95 * np.sqrt(p * (1 - p) / samples)).tolist()),
    )

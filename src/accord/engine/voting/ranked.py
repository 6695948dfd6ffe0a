"""Single-winner rules over ranked ballots.

This module offers :func:`plurality`, :func:`borda`, :func:`instant_runoff`,
:func:`schulze`, :func:`ranked_pairs` and :func:`copeland`. Each takes a
:class:`~accord.engine.profiles.RankedProfile` and returns an
:class:`~accord.engine.voting.results.ElectionResult` with every tied winner,
the winner after ``tie_breaking``, and an explanation.

All of them work on the compressed profile (one row per distinct ballot,
weighted by its count and voter weight), so their cost grows with the number of
*distinct* ballots. Conventions for truncated and tied ballots are chosen to
agree with pref_voting 1.18 (Holliday and Pacuit), against which they are
tested on every PrefLib file in ``shared/data``; each docstring states its own.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Literal

import numpy as np

from accord.engine.errors import ComputationLimit
from accord.engine.profiles import UNRANKED, RankedProfile
from accord.engine.voting.pairwise import Unranked, margin_matrix
from accord.engine.voting.results import (
    ElectionResult,
    PairwiseExplanation,
    RunoffExplanation,
    RunoffRound,
    ScoresExplanation,
    TieBreaking,
    make_result,
    native,
    scores_by_group,
    scores_by_label,
    tie_breaking_priority,
)

_BLOCK = 1 << 16


def _weights(profile: RankedProfile) -> tuple[np.ndarray, bool]:
    """Row weights as float64 (exact for integers below 2**53), and whether they are integers."""
    return profile.ballot_weights.astype(np.float64), profile.weights is None


def _tidy(values: np.ndarray, integral: bool) -> np.ndarray:
    return np.rint(values).astype(np.int64) if integral else values


def _argmax_all(scores: np.ndarray) -> np.ndarray:
    return np.nonzero(scores == scores.max())[0]


def plurality(
    profile: RankedProfile, tie_breaking: TieBreaking = "lexicographic"
) -> ElectionResult:
    """Plurality: the candidates ranked first by the most voters win.

    A ballot counts for its top candidate; a ballot with several candidates tied
    at the top (an overvote) or with none ranked counts for nobody.

    Parameters
    ----------
    profile : RankedProfile
        The ballots.
    tie_breaking : "lexicographic" or sequence of labels
        Chooses ``winner`` among ``winners``.

    Returns
    -------
    ElectionResult
        With :class:`ScoresExplanation` (first-place votes, and per voter group
        when the profile has groups).

    Examples
    --------
    >>> p = RankedProfile.from_rankings([["a", "b"], ["b", "a"], [{"a", "b"}]], counts=[3, 3, 5])
    >>> r = plurality(p)
    >>> r.winners, r.winner, r.explanation.scores
    (('a', 'b'), 'a', {'a': 3, 'b': 3})

    References
    ----------
    W. Zwicker, "Introduction to the Theory of Voting", Handbook of Computational
    Social Choice, 2016, section 2.1.
    """
    scores = plurality_scores(profile)
    return make_result(
        "plurality",
        profile.candidates,
        _argmax_all(scores),
        tie_breaking,
        ScoresExplanation(
            scores_by_label(profile.candidates, scores),
            scores_by_group(profile, "ranks", plurality_scores),
        ),
    )


def plurality_scores(profile: RankedProfile) -> np.ndarray:
    """First-place votes of each candidate (overvotes and empty ballots count for nobody).

    Examples
    --------
    >>> plurality_scores(RankedProfile.from_rankings([["a"], [{"a", "b"}], ["b", "a"]])).tolist()
    [1, 1]
    """
    w, integral = _weights(profile)
    ranks = profile.ranks
    top = ranks.min(axis=1, initial=UNRANKED)
    at_top = ranks == top[:, None]
    single = (at_top.sum(axis=1) == 1) & (top != UNRANKED)
    column = np.argmax(at_top, axis=1)
    m = profile.n_candidates
    return _tidy(np.bincount(column[single], weights=w[single], minlength=m), integral)


def borda_scores(profile: RankedProfile) -> np.ndarray:
    """Symmetric Borda scores: per ballot, candidates ranked below minus candidates ranked above.

    Unranked candidates count as tied below every ranked one. On complete
    linear orders this is ``2 * b - (m - 1)`` per ballot for the classical
    Borda score ``b = m - 1 - position``, so it picks the same winners.

    Examples
    --------
    >>> p = RankedProfile.from_rankings([["a", "b", "c"], ["b"]], candidates=["a", "b", "c"])
    >>> borda_scores(p).tolist()
    [1, 2, -3]
    """
    w, integral = _weights(profile)
    ranks = profile.ranks
    n, m = ranks.shape
    total = np.zeros(m, dtype=np.float64)
    for start in range(0, n, _BLOCK):
        block = ranks[start : start + _BLOCK]
        w_block = w[start : start + _BLOCK]
        ranked = block != UNRANKED
        n_ranked = ranked.sum(axis=1)
        strict = np.where(ranked, block, -1).max(axis=1) + 1 == n_ranked
        if strict.all():  # no ties: m - 1 - 2 * rank if ranked, minus the number ranked if not
            score = np.where(ranked, (m - 1) - 2 * block.astype(np.int64), -n_ranked[:, None])
            total += w_block @ score.astype(np.float64)
            continue
        rows = block.shape[0]
        level = np.where(ranked, block, m).astype(np.int64)
        flat = (np.arange(rows, dtype=np.int64)[:, None] * (m + 1) + level).ravel()
        hist = np.bincount(flat, minlength=rows * (m + 1)).reshape(rows, m + 1)
        cumulative = np.cumsum(hist, axis=1)
        at_or_above = np.take_along_axis(cumulative, level, axis=1)
        strictly_above = at_or_above - np.take_along_axis(hist, level, axis=1)
        score = (m - at_or_above) - strictly_above
        total += w_block @ score.astype(np.float64)
    return _tidy(total, integral)


def borda(profile: RankedProfile, tie_breaking: TieBreaking = "lexicographic") -> ElectionResult:
    """Borda count: the candidates with the highest Borda score win.

    For ballots with ties or truncation the *symmetric* Borda score is used
    (:func:`borda_scores`): a candidate earns one point for each candidate the
    ballot ranks strictly below it and loses one for each ranked strictly above;
    unranked candidates are tied at the bottom. This is pref_voting's ``borda``
    on a ``ProfileWithTies`` (``symmetric_borda_scores``), and on complete
    linear orders it ranks candidates exactly as the classical count does.

    Parameters
    ----------
    profile : RankedProfile
        The ballots.
    tie_breaking : "lexicographic" or sequence of labels
        Chooses ``winner`` among ``winners``.

    Returns
    -------
    ElectionResult
        With :class:`ScoresExplanation` (symmetric Borda scores, and per voter
        group when the profile has groups).

    Examples
    --------
    >>> p = RankedProfile.from_rankings([["a", "b", "c"]] * 3 + [["b", "c", "a"]] * 2)
    >>> r = borda(p)
    >>> r.winner, r.explanation.scores
    ('b', {'a': 2, 'b': 4, 'c': -6})

    References
    ----------
    J.-C. de Borda, "Mémoire sur les élections au scrutin", 1781;
    Z. Terzopoulou and U. Endriss, "The Borda class", J. Math. Econ. 92, 2021
    (Borda scores for truncated and tied ballots).
    """
    scores = borda_scores(profile)
    return make_result(
        "borda",
        profile.candidates,
        _argmax_all(scores),
        tie_breaking,
        ScoresExplanation(
            scores_by_label(profile.candidates, scores),
            scores_by_group(profile, "ranks", borda_scores),
        ),
    )


def _column_sums(weights: np.ndarray, mask: np.ndarray, m: int) -> np.ndarray:
    rows, columns = np.nonzero(mask)
    return np.bincount(columns, weights=weights[rows], minlength=m)


def instant_runoff(
    profile: RankedProfile, tie_breaking: TieBreaking = "lexicographic"
) -> ElectionResult:
    """Instant runoff (alternative vote, Hare): eliminate the weakest until one remains.

    Each round, every ballot counts for its highest-ranked continuing
    candidate; a ballot with several continuing candidates tied at its top
    counts fully for each of them (pref_voting's "approval" top score). All
    candidates with the fewest votes are eliminated together; if every
    continuing candidate has the same tally, they are all winners. Counting
    continues until one candidate remains, which for strict ballots gives the
    same winner as stopping at a majority. Every round eliminates at least one
    candidate or ends the count, so there are at most ``m`` rounds (a NaN voter
    weight, which once made the count loop for ever, is refused by the profile).

    Parameters
    ----------
    profile : RankedProfile
        The ballots.
    tie_breaking : "lexicographic" or sequence of labels
        Chooses ``winner`` among ``winners`` (ties in the final round).

    Returns
    -------
    ElectionResult
        With :class:`RunoffExplanation`: each round's tallies, the eliminated
        candidates and the exhausted weight.

    Examples
    --------
    >>> p = RankedProfile.from_rankings(
    ...     [["a", "b", "c"], ["b", "c", "a"], ["c", "b", "a"]], counts=[4, 3, 2])
    >>> r = instant_runoff(p)
    >>> r.winner, [dict(x.tallies) for x in r.explanation.rounds]
    ('b', [{'a': 4, 'b': 3, 'c': 2}, {'a': 4, 'b': 5}, {'b': 9}])

    References
    ----------
    T. Hare, "The Election of Representatives", 1859; N. Tideman, "Collective
    Decisions and Voting", Ashgate 2006, section 7.1.
    """
    w, integral = _weights(profile)
    ranks = profile.ranks
    m = profile.n_candidates
    labels = profile.candidates
    continuing = np.ones(m, dtype=bool)
    n = ranks.shape[0]
    top_column = np.argmin(ranks, axis=1) if m else np.zeros(n, dtype=np.int64)
    top = ranks[np.arange(n), top_column] if m else np.full(n, UNRANKED)
    ranked_count = (ranks != UNRANKED).sum(axis=1)
    has_ties = bool((np.where(ranks == UNRANKED, -1, ranks).max(axis=1) + 1 != ranked_count).any())
    # rows whose top is shared by several candidates are tallied through a full mask
    if has_ties:
        shared = ((ranks == top[:, None]).sum(axis=1) > 1) & (top != UNRANKED)
    else:
        shared = np.zeros(n, dtype=bool)

    def tally(rows: np.ndarray, sign: float) -> None:
        single = rows[~shared[rows] & (top[rows] != UNRANKED)]
        tallies[:] += sign * np.bincount(top_column[single], weights=w[single], minlength=m)
        several = rows[shared[rows]]
        if several.size:
            mask = (ranks[several] == top[several, None]) & continuing
            tallies[:] += sign * _column_sums(w[several], mask, m)

    tallies = np.zeros(m, dtype=np.float64)
    tally(np.arange(n), 1.0)
    total = float(w.sum())
    counted = float(w[top != UNRANKED].sum())
    rounds = []
    while True:
        alive = np.nonzero(continuing)[0]
        current = tallies[alive]
        if not np.isfinite(current).all():  # profiles refuse NaN weights; never loop on one
            raise ValueError("instant runoff: a tally is not a finite number")
        lowest = alive[np.isclose(current, current.min(), rtol=0, atol=1e-9)]
        everyone_tied = lowest.size == alive.size
        rounds.append(
            RunoffRound(
                tallies={labels[j]: native(_tidy(tallies[j : j + 1], integral)[0]) for j in alive},
                eliminated=() if everyone_tied else tuple(labels[j] for j in lowest),
                exhausted=native(round(total - counted) if integral else total - counted),
            )
        )
        if alive.size == 1 or everyone_tied:
            break
        out = np.zeros(m, dtype=bool)
        out[lowest] = True
        affected = out[top_column] & (top != UNRANKED) & ~shared
        if has_ties:
            several = np.nonzero(shared)[0]
            hit = (ranks[np.ix_(several, lowest)] == top[several, None]).any(axis=1)
            affected[several[hit]] = True
        rows = np.nonzero(affected)[0]
        tally(rows, -1.0)
        continuing[lowest] = False
        sub = np.where(continuing, ranks[rows], UNRANKED)
        new_column = np.argmin(sub, axis=1)
        new_top = sub[np.arange(rows.size), new_column]
        top_column[rows] = new_column
        top[rows] = new_top
        counted -= float(w[rows[new_top == UNRANKED]].sum())
        if has_ties:
            shared[rows] = ((sub == new_top[:, None]).sum(axis=1) > 1) & (new_top != UNRANKED)
        tally(rows, 1.0)
    return make_result(
        "instant_runoff",
        labels,
        alive,
        tie_breaking,
        RunoffExplanation(tuple(rounds)),
    )


def _as_tuples(matrix: np.ndarray) -> tuple[tuple[int | float, ...], ...]:
    return tuple(tuple(native(x) for x in row) for row in matrix.tolist())


def schulze(
    profile: RankedProfile,
    tie_breaking: TieBreaking = "lexicographic",
    *,
    unranked: Unranked = "bottom",
    strength: str = "margin",
) -> ElectionResult:
    """Schulze (beat path): the candidates no one beats by a stronger path win.

    The strength of a path of majorities ``a -> ... -> b`` is its weakest link;
    ``a`` beats ``b`` when the strongest path from ``a`` to ``b`` is stronger
    than the strongest path back. Links are measured by margin (default, as
    pref_voting's ``beat_path``) or by ``strength="winning_votes"`` (the support
    of the majority). Strongest paths come from a vectorized Floyd–Warshall.

    Parameters
    ----------
    profile : RankedProfile
        The ballots.
    tie_breaking : "lexicographic" or sequence of labels
        Chooses ``winner`` among ``winners``.
    unranked : {"bottom", "ignore"}
        How truncated ballots compare unranked candidates (see ``pairwise``).
    strength : {"margin", "winning_votes"}
        The measure of a link.

    Returns
    -------
    ElectionResult
        With :class:`PairwiseExplanation` (margins and strongest paths).

    Examples
    --------
    Schulze (2011), section 3.1, example 1 (45 voters, candidates a..e):

    >>> ballots = [["a", "c", "b", "e", "d"], ["a", "d", "e", "c", "b"],
    ...            ["b", "e", "d", "a", "c"], ["c", "a", "b", "e", "d"],
    ...            ["c", "a", "e", "b", "d"], ["c", "b", "a", "d", "e"],
    ...            ["d", "c", "e", "b", "a"], ["e", "b", "a", "d", "c"]]
    >>> p = RankedProfile.from_rankings(ballots, counts=[5, 5, 8, 3, 7, 2, 7, 8])
    >>> schulze(p, strength="winning_votes").winners
    ('e',)

    References
    ----------
    M. Schulze, "A new monotonic, clone-independent, reversal symmetric, and
    Condorcet-consistent single-winner election method", Social Choice and
    Welfare 36(2), 267-303, 2011.
    """
    from accord.engine.voting.pairwise import pairwise_support

    support = pairwise_support(profile, unranked)
    margins = support - support.T
    if strength == "margin":
        links = np.where(margins > 0, margins, 0)
    elif strength == "winning_votes":
        links = np.where(margins > 0, support, 0)
    else:
        raise ValueError("strength must be 'margin' or 'winning_votes'")
    paths = links.astype(np.float64 if profile.weights is not None else np.int64)
    m = paths.shape[0]
    for k in range(m):
        np.maximum(paths, np.minimum(paths[:, k : k + 1], paths[k : k + 1, :]), out=paths)
    np.fill_diagonal(paths, 0)
    beaten = (paths < paths.T).any(axis=1)
    winners = np.nonzero(~beaten)[0]
    explanation = PairwiseExplanation(
        candidates=profile.candidates,
        margins=_as_tuples(margins),
        unranked=unranked,
        strongest_paths=_as_tuples(paths),
    )
    return make_result("schulze", profile.candidates, winners, tie_breaking, explanation)


def _bits(value: int) -> list[int]:
    out = []
    while value:
        low = value & -value
        out.append(low.bit_length() - 1)
        value ^= low
    return out


class _Steps:
    """A budget of elementary steps: one step is one union of two bitsets of candidates
    (one Python big-integer ``|``), so the time a search takes is bounded by its budget."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def charge(self, steps: int) -> None:
        self.used += steps
        if self.used > self.limit:
            raise ComputationLimit(
                "ranked_pairs: every winner under some order of equal margins (NP-hard: "
                "Brill & Fischer 2012)",
                needed=None,
                limit=self.limit,
                unit="steps",
                advice=(
                    "resoluteness='one' gives the winner under the tie-breaking order in "
                    "polynomial time; a larger max_steps may finish the search"
                ),
            )


def _lock(
    reach: list[int], reached_by: list[int], a: int, b: int, steps: _Steps
) -> tuple[list[int], list[int]] | None:
    """Lock a -> b into the transitive closure (a new one); None if it would close a cycle."""
    if reach[b] >> a & 1:
        return None
    if reach[a] >> b & 1:
        return reach, reached_by
    steps.charge(len(reach) // 8 + 1)  # the copies
    reach = list(reach)
    reached_by = list(reached_by)
    _lock_in_place(reach, reached_by, a, b, steps)
    return reach, reached_by


def _lock_in_place(reach: list[int], reached_by: list[int], a: int, b: int, steps: _Steps) -> bool:
    """Lock a -> b into the closure in place; False (and no change) if it closes a cycle."""
    if reach[b] >> a & 1:
        return False
    if reach[a] >> b & 1:
        return True
    from_b = reach[b]
    to_a = reached_by[a]
    steps.charge(to_a.bit_count() + from_b.bit_count() + 2)
    for x in _bits(to_a):
        reach[x] |= from_b
    for y in _bits(from_b):
        reached_by[y] |= to_a
    return True


class _RankedPairsSearch:
    """Depth-first search over the orders of equal-margin majorities (an explicit stack of
    frames, each trying its branches one at a time).

    A branch is pruned when every candidate still unbeaten in it is already
    known to win (locking more majorities can only remove unbeaten
    candidates), and states are memoized. Every bitset union is charged to ``steps``.
    """

    def __init__(self, m: int, groups: list[list[tuple[int, int]]], steps: _Steps) -> None:
        self.m = m
        self.groups = groups
        self.steps = steps
        self.winners = 0  # bitset
        self.seen: set[tuple[tuple[int, ...], int, frozenset[tuple[int, int]]]] = set()
        # majorities of the groups after g: out_after[g][x] (heads), in_after[g][x] (tails)
        self.out_after = [[0] * m for _ in range(len(groups) + 1)]
        self.in_after = [[0] * m for _ in range(len(groups) + 1)]
        for g in range(len(groups) - 1, -1, -1):
            steps.charge(m)
            out_next, in_next = list(self.out_after[g + 1]), list(self.in_after[g + 1])
            if g + 1 < len(groups):
                for a, b in groups[g + 1]:
                    out_next[a] |= 1 << b
                    in_next[b] |= 1 << a
            self.out_after[g], self.in_after[g] = out_next, in_next

    def possible(
        self, reach: list[int], reached_by: list[int], g: int, pending: list[tuple[int, int]]
    ) -> int:
        """Unbeaten candidates not yet certain to be beaten by a majority still to come.

        A majority y -> z still to come is certainly locked when z cannot reach y
        even with every remaining majority locked; then z cannot win.
        """
        out_rest = list(self.out_after[g])
        in_rest = list(self.in_after[g])
        self.steps.charge(self.m + len(pending))
        for a, b in pending:
            out_rest[a] |= 1 << b
            in_rest[b] |= 1 << a
        bits = 0
        for z in _bits(self.unbeaten(reached_by) & ~self.winners):
            closure = reach[z]
            frontier = closure
            while frontier:
                grown = closure
                members = _bits(frontier)
                self.steps.charge(2 * len(members) + 1)
                for x in members:
                    grown |= reach[x] | out_rest[x]
                frontier = grown & ~closure
                closure = grown
            if in_rest[z] & ~closure == 0:
                bits |= 1 << z
        return bits

    def unbeaten(self, reached_by: list[int]) -> int:
        self.steps.charge(self.m)
        bits = 0
        for x in range(self.m):
            if reached_by[x] == 1 << x:
                bits |= 1 << x
        return bits

    def seed(self, edges: list[tuple[int, int]]) -> None:
        """Record the winner of one full run in the given order (a known winner)."""
        reach = [1 << x for x in range(self.m)]
        reached_by = list(reach)
        self.steps.charge(len(edges))
        for a, b in edges:
            _lock_in_place(reach, reached_by, a, b, self.steps)
        self.winners |= self.unbeaten(reached_by)

    def run(self) -> set[int]:
        """Explore every order lazily: a frame is a state at a group whose order may matter
        and the index of the next majority to try locking first there."""
        identity = [1 << x for x in range(self.m)]
        root = self.advance(identity, list(identity), 0, self.groups[0] if self.groups else [])
        stack = [root] if root is not None else []
        while stack:
            frame = stack[-1]
            reach, reached_by, g, pending, i = frame
            if i >= len(pending):
                stack.pop()
                continue
            frame[4] = i + 1
            a, b = pending[i]
            locked = _lock(reach, reached_by, a, b, self.steps)
            if locked is None:  # cannot happen: cyclic majorities were dropped
                continue
            self.steps.charge(len(pending) // 8 + 1)
            child = self.advance(locked[0], locked[1], g, pending[:i] + pending[i + 1 :])
            if child is not None:
                stack.append(child)
        return set(_bits(self.winners))

    def advance(
        self, reach: list[int], reached_by: list[int], g: int, pending: list[tuple[int, int]]
    ) -> list | None:
        """Lock groups while their order cannot matter; the frame of the first group whose
        order may matter, or None when the branch is done (pruned, seen, or complete)."""
        while True:
            self.steps.charge(len(pending) + 1)
            pending = [(a, b) for a, b in pending if not reach[b] >> a & 1]
            if self.possible(reach, reached_by, g, pending) == 0:
                return None
            self.steps.charge((self.m + len(pending)) // 4 + 1)
            key = (tuple(reach), g, frozenset(pending))
            if key in self.seen:
                return None
            self.seen.add(key)
            state: tuple[list[int], list[int]] | None = (reach, reached_by)
            for a, b in pending:  # if no order can skip an edge, the outcome is unique
                state = _lock(state[0], state[1], a, b, self.steps)
                if state is None:
                    break
            if state is None:
                return [reach, reached_by, g, pending, 0]
            reach, reached_by = state
            g += 1
            if g >= len(self.groups):
                self.winners |= self.unbeaten(reached_by)
                return None
            pending = self.groups[g]


def _ranked_pairs_all_winners(
    m: int, groups: list[list[tuple[int, int]]], steps: _Steps
) -> set[int]:
    """Candidates winning under some order of the equal-margin majorities.

    Each candidate is first tried as the favourite of the tie-breaking (its own
    majorities first within each group, the majorities against it last), which
    finds most winners at once and lets the search prune.
    """
    search = _RankedPairsSearch(m, groups, steps)
    if m <= 64:
        for x in range(m):
            favoured = []
            for group in groups:
                favoured += sorted(group, key=lambda e, x=x: (e[0] != x, e[1] == x))
            search.seed(favoured)
    return search.run()


def ranked_pairs(
    profile: RankedProfile,
    tie_breaking: TieBreaking = "lexicographic",
    *,
    unranked: Unranked = "bottom",
    resoluteness: Literal["all", "one"] = "all",
    max_steps: int = 4_000_000,
) -> ElectionResult:
    """Ranked pairs (Tideman): lock in majorities from the largest margin down, skipping cycles.

    ``winner`` is the outcome of the single run in which equal margins are ordered by the
    tie-breaking priority of their winners, then by the reverse priority of their losers
    (Zavist and Tideman 1989); the explanation lists that run's locked and skipped
    majorities. This run is polynomial: ``O(m² log m)`` to sort the majorities and
    ``O(m³)`` bitset work to lock them. Majorities of margin 0 are never locked: they
    cannot change who wins.

    With ``resoluteness="all"`` (default), ``winners`` holds every candidate that wins for
    *some* order of the majorities with equal margins (parallel-universe tie-breaking, as
    pref_voting's ``ranked_pairs``). A Condorcet winner is returned at once; otherwise the
    orders are explored depth-first with memoization and pruning. Deciding whether a
    candidate is such a winner is NP-complete (Brill and Fischer 2012), so the search is
    bounded by ``max_steps`` elementary steps (one step: one union of two bitsets of
    candidates, a few tenths of a microsecond; the default, 4,000,000, is about 1-4 s
    on the shared machine) and raises
    :class:`~accord.engine.errors.ComputationLimit` when they are used up. With
    ``resoluteness="one"``, ``winners`` is ``(winner,)`` and no search is made.

    Parameters
    ----------
    profile : RankedProfile
        The ballots.
    tie_breaking : "lexicographic" or sequence of labels
        Orders equal margins in the run that picks ``winner``.
    unranked : {"bottom", "ignore"}
        How truncated ballots compare unranked candidates.
    resoluteness : {"all", "one"}
        Every winner under some order of equal margins (bounded search), or only the
        winner under the tie-breaking order (polynomial).
    max_steps : int
        Bound on the search's work (``resoluteness="all"``).

    Returns
    -------
    ElectionResult
        With :class:`PairwiseExplanation` (margins, locked and skipped majorities).

    Raises
    ------
    ComputationLimit
        When the search for every winner needs more than ``max_steps`` steps (e.g. 81
        candidates, 7 ballots with ties: margins of 1 to 7 in groups of hundreds of equal
        majorities); ``resoluteness="one"`` answers at once.

    Examples
    --------
    A majority cycle a > b (margin 8), b > c (margin 6), c > a (margin 2):
    a>b and b>c are locked, c>a would close the cycle and is skipped, so a wins.

    >>> p = RankedProfile.from_rankings(
    ...     [["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]], counts=[7, 4, 5])
    >>> r = ranked_pairs(p)
    >>> r.winners, r.explanation.locked, r.explanation.skipped
    (('a',), (('a', 'b', 8), ('b', 'c', 6)), (('c', 'a', 2),))

    With a tie (a > b, b > c and c > a all by 1), each majority locked last loses:

    >>> p = RankedProfile.from_rankings([["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]])
    >>> ranked_pairs(p).winners, ranked_pairs(p, resoluteness="one").winners
    (('a', 'b', 'c'), ('a',))

    References
    ----------
    T. N. Tideman, "Independence of clones as a criterion for voting rules",
    Social Choice and Welfare 4(3), 185-206, 1987; T. M. Zavist and T. N.
    Tideman, "Complete independence of clones in the ranked pairs rule", Social
    Choice and Welfare 6(2), 167-173, 1989; M. Brill and F. Fischer, "The price
    of neutrality for the ranked pairs method", AAAI 2012.
    """
    if resoluteness not in ("all", "one"):
        raise ValueError("resoluteness must be 'all' or 'one'")
    margins = margin_matrix(profile, unranked)
    m = margins.shape[0]
    labels = profile.candidates
    priority = tie_breaking_priority(labels, tie_breaking)
    a_idx, b_idx = np.nonzero(margins > 0)
    strengths = margins[a_idx, b_idx]
    order = np.lexsort((-priority[b_idx], priority[a_idx], -strengths))
    reach = [1 << x for x in range(m)]
    reached_by = [1 << x for x in range(m)]
    unbounded = _Steps(2**62)  # the tie-breaking run is polynomial: not budgeted
    locked, skipped = [], []
    for e in order.tolist():
        a, b, s = int(a_idx[e]), int(b_idx[e]), native(strengths[e])
        if _lock_in_place(reach, reached_by, a, b, unbounded):
            locked.append((labels[a], labels[b], s))
        else:
            skipped.append((labels[a], labels[b], s))
    winner_column = next(x for x in range(m) if reached_by[x] == 1 << x)
    beats_all = ((margins > 0) | np.eye(m, dtype=bool)).all(axis=1)
    if resoluteness == "one":
        winners = [winner_column]
    elif beats_all.any():
        winners = np.nonzero(beats_all)[0].tolist()
    else:
        groups: dict[float, list[tuple[int, int]]] = {}
        for e in order.tolist():
            groups.setdefault(float(strengths[e]), []).append((int(a_idx[e]), int(b_idx[e])))
        ordered = [groups[s] for s in sorted(groups, reverse=True)]
        winners = sorted(_ranked_pairs_all_winners(m, ordered, _Steps(max_steps)))
    explanation = PairwiseExplanation(
        candidates=labels,
        margins=_as_tuples(margins),
        unranked=unranked,
        locked=tuple(locked),
        skipped=tuple(skipped),
    )
    return make_result(
        "ranked_pairs", labels, winners, tie_breaking, explanation, winner_column=winner_column
    )


def copeland(
    profile: RankedProfile,
    tie_breaking: TieBreaking = "lexicographic",
    *,
    unranked: Unranked = "bottom",
) -> ElectionResult:
    """Copeland: score one point per pairwise win and minus one per pairwise loss.

    Ties count zero (the (1, 0, -1) scoring of pref_voting's ``copeland``,
    equivalent to Copeland's wins plus half the ties).

    Parameters
    ----------
    profile : RankedProfile
        The ballots.
    tie_breaking : "lexicographic" or sequence of labels
        Chooses ``winner`` among ``winners``.
    unranked : {"bottom", "ignore"}
        How truncated ballots compare unranked candidates.

    Returns
    -------
    ElectionResult
        With :class:`PairwiseExplanation` (margins) as explanation; the scores
        are the row sums of the signs of the margins.

    Examples
    --------
    >>> p = RankedProfile.from_rankings([["a", "b", "c"], ["b", "c", "a"]], counts=[2, 1])
    >>> copeland(p).winners
    ('a',)

    References
    ----------
    A. H. Copeland, "A reasonable social welfare function", seminar notes,
    University of Michigan, 1951; D. Saari and V. Merlin, "The Copeland
    method", Economic Theory 8, 51-76, 1996.
    """
    margins = margin_matrix(profile, unranked)
    scores = np.sign(margins).sum(axis=1)
    explanation = PairwiseExplanation(
        candidates=profile.candidates, margins=_as_tuples(margins), unranked=unranked
    )
    return make_result(
        "copeland", profile.candidates, _argmax_all(scores), tie_breaking, explanation
    )


def copeland_scores(profile: RankedProfile, unranked: Unranked = "bottom") -> dict[Hashable, int]:
    """Copeland scores (wins minus losses) by label.

    Examples
    --------
    >>> p = RankedProfile.from_rankings([["a", "b", "c"], ["b", "c", "a"]], counts=[2, 1])
    >>> copeland_scores(p)
    {'a': 2, 'b': 0, 'c': -2}
    """
    margins = margin_matrix(profile, unranked)
    return scores_by_label(profile.candidates, np.sign(margins).sum(axis=1))

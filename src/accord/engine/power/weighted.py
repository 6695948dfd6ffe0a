"""Power indices and structural flags of weighted voting games ``[q; w1, ..., wn]``.

A coalition wins when the sum of its members' integer weights reaches the quota ``q``.
Offered here:

- :func:`banzhaf_index` -- normalized and absolute Banzhaf index;
- :func:`shapley_shubik_index` -- Shapley-Shubik index;
- :func:`dictators`, :func:`veto_players`, :func:`dummy_players`;
- :func:`number_of_minimal_winning_coalitions`.

How the indices are computed
----------------------------
Both indices count, for each player ``i``, the coalitions ``S`` of the *other* players
with ``q - w_i <= w(S) <= q - 1`` (``i`` is then a swing, or pivot, for ``S``).
Players with equal weight have equal indices, so the work is done once per distinct
weight, and zero-weight players (dummies) are dropped before computing.

*Banzhaf* (``arithmetic="float"``): the distribution of ``w(S)`` when every player joins
independently with probability 1/2 is the generating polynomial ``prod_j (1 + x^w_j) / 2``,
truncated at degree ``q - 1``. The "everyone but one weight class" polynomials are
obtained by divide and conquer over the weight classes (each half is multiplied into
the other half's context), ``O(n q log d)`` for ``d`` distinct weights. Every operation
adds non-negative numbers or halves them, so there is no cancellation: each swing
probability carries a *relative* error below ``(n + q) * 2**-52`` (at most ``n - 1``
rounded additions per entry, then a window sum), and the normalized index is as
accurate even when swings are astronomically rare
(e.g. the unanimity game at ``n = 1,000``). Vectors are rescaled by powers of two, so
nothing underflows while a probability exceeds ``2**-1074`` times its vector's maximum.

*Shapley-Shubik* (``arithmetic="float"``): Owen's multilinear extension gives
``SS_i = integral_0^1 P(q - w_i <= w(S_t) <= q - 1) dt`` where each other player joins
``S_t`` independently with probability ``t``. The integrand is a polynomial of degree
``n - 1`` in ``t``, so Gauss-Legendre quadrature with ``ceil(n / 2)`` nodes (an even
number, so that ``t = 1/2`` is never a node) integrates it exactly. At a node ``t < 1/2``
the weight distribution of ``S_t`` over all players is obtained from its discrete Fourier
transform (a product of ``(1 - t) + t x^w`` over the roots of unity of order above ``W``,
so no aliasing); removing one player of weight ``w`` is a division by ``(1 - t) + t x^w``,
done in weight space as an alternating series in ``r = t / (1 - t) < 1`` over cumulative
sums. The mirrored node ``1 - t`` reuses the same distribution (the complement of ``S_t``
is distributed as ``S_{1-t}``). The cost is ``O(n d W)`` table look-ups plus
``O(n W log W)``; magnitudes never exceed 1 and no factorial is formed, so nothing
overflows at any ``n``. The result has an *absolute* error below about ``1e-12`` per
player (tests check ``1e-10`` against exact rationals; observed ``1e-16``), and the values
sum to 1 within ``1e-12``. A null player (never a swing, decided exactly by subset-sum
reachability) gets exactly ``0.0``, and no value is negative (a rounding below zero is
raised to ``0.0``).

``arithmetic="fraction"`` gives exact :class:`~fractions.Fraction` values from integer
counting (Python integers): Banzhaf by the same divide and conquer, Shapley-Shubik by the
classical counting of coalitions by (size, weight) with the "remove one player"
deconvolution ``c_i[s][a] = c[s][a] - c_i[s-1][a - w_i]`` (Brams & Affuso 1976; Bilbao
et al. 2000), ``O(n^2 q)``.

Sizes are checked before allocating (issue 18: weights near 10**12 once asked for
terabytes). Each computation's memory and work are estimated from ``q``, ``W``, ``n`` and
``d`` (:func:`_generating_cost`) and compared with :data:`MAX_CELLS` and
:data:`MAX_WORK`; a game that does not fit is enumerated exactly
(:mod:`accord.engine.power.enumeration`, ``2**n`` bytes whatever the weights) when it has
at most :data:`MAX_ENUMERATED_PLAYERS` players of positive weight, and otherwise refused
with :class:`~accord.engine.errors.ComputationLimit`, which names the Monte Carlo method
of :mod:`accord.engine.power.composite`.

References
----------
.. [1] J. F. Banzhaf, "Weighted voting doesn't work", Rutgers Law Review 19, 1965.
.. [2] L. S. Shapley and M. Shubik, "A method for evaluating the distribution of power in a
   committee system", American Political Science Review 48(3), 1954.
.. [3] S. J. Brams and P. J. Affuso, "Power and size: a new paradox", Theory and Decision 7,
   1976 (generating functions).
.. [4] J. M. Bilbao, J. R. Fernandez, A. Jimenez Losada, J. J. Lopez, "Generating functions for
   computing power indices efficiently", TOP 8(2), 2000.
.. [5] G. Owen, "Multilinear extensions of games", Management Science 18(5), 1972.
.. [6] D. S. Felsenthal and M. Machover, *The Measurement of Voting Power*, Edward Elgar, 1998.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import numpy as np
from scipy.fft import next_fast_len
from scipy.special import roots_legendre

from accord.engine.errors import ComputationLimit
from accord.engine.power.enumeration import exact_swings, minimal_winning_count

Arithmetic = Literal["float", "fraction"]

#: Numbers one computation may hold at once (float64: 512 MiB), checked before allocating.
MAX_CELLS = 2**26
#: Elementary operations one computation may take (about 5-10 s on the shared machine).
MAX_WORK = 2**30
#: Games whose weights are too large for the generating functions are enumerated up to
#: this many players of positive weight (2**25 coalitions: about a second).
MAX_ENUMERATED_PLAYERS = 25

__all__ = [
    "PowerIndexResult",
    "WeightedGame",
    "banzhaf_index",
    "dictators",
    "dummy_players",
    "number_of_minimal_winning_coalitions",
    "shapley_shubik_index",
    "veto_players",
]


@dataclass(frozen=True)
class WeightedGame:
    """A weighted voting game ``[quota; weights]``: a coalition wins iff its weight >= quota.

    Weights are non-negative integers and ``1 <= quota <= sum(weights)``.

    Examples
    --------
    >>> WeightedGame(3, (2, 1, 1)).is_winning([0, 1])
    True
    """

    quota: int
    weights: tuple[int, ...]

    def __post_init__(self) -> None:
        weights = tuple(_as_int(w, "weight") for w in self.weights)
        quota = _as_int(self.quota, "quota")
        if any(w < 0 for w in weights):
            raise ValueError("weights must be non-negative integers")
        if not weights:
            raise ValueError("a game needs at least one player")
        if not 1 <= quota <= sum(weights):
            raise ValueError(f"quota must lie in [1, sum(weights)={sum(weights)}], got {quota}")
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "quota", quota)

    @property
    def n(self) -> int:
        return len(self.weights)

    def is_winning(self, coalition: Sequence[int]) -> bool:
        """Whether the players with these indices together reach the quota."""
        return sum(self.weights[i] for i in set(coalition)) >= self.quota


@dataclass(frozen=True)
class PowerIndexResult:
    """A power index per player, and how it was obtained.

    Attributes
    ----------
    index : {"banzhaf", "shapley_shubik"}
    values : tuple
        The index per player, in input order; sums to 1 (normalized Banzhaf, Shapley-Shubik).
    absolute : tuple or None
        Banzhaf only: the absolute index, the probability that the player is a swing when
        every other player votes yes or no with probability 1/2 (swings / 2**(n-1)).
    swings : tuple of int or None
        Banzhaf with ``arithmetic="fraction"`` or exact composite games: swing counts.
    method : {"exact", "monte_carlo"}
        ``"exact"``: a deterministic algorithm (see ``arithmetic`` for the number type).
    arithmetic : {"float", "fraction"}
        ``"fraction"``: values are exact :class:`~fractions.Fraction`. ``"float"``: floats
        within the error bound stated in the module docstring.
    samples : int or None
        Monte Carlo only: the number of random coalitions (Banzhaf) or orderings (SS).
    ci_half_width, absolute_ci_half_width : tuple of float or None
        Monte Carlo only: half-widths of the 95% confidence interval per player, for
        ``values`` and for ``absolute``.
    """

    index: str
    values: tuple[float | Fraction, ...]
    absolute: tuple[float | Fraction, ...] | None = None
    swings: tuple[int, ...] | None = None
    method: str = "exact"
    arithmetic: str = "float"
    samples: int | None = None
    ci_half_width: tuple[float, ...] | None = None
    absolute_ci_half_width: tuple[float, ...] | None = None


# --------------------------------------------------------------------------- helpers


def _as_int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{what} must be an integer, got {value!r}")
    return int(value)


def _game(weights: Sequence[int] | WeightedGame, quota: int | None) -> WeightedGame:
    if isinstance(weights, WeightedGame):
        if quota is not None:
            raise TypeError("pass either a WeightedGame or weights and a quota")
        return weights
    if quota is None:
        raise TypeError("quota is required with a weight sequence")
    return WeightedGame(quota, tuple(np.asarray(weights).tolist()))


def _reduced(game: WeightedGame) -> tuple[int, dict[int, int], int]:
    """Divide out the gcd; return (quota, multiplicity by positive weight, n positive)."""
    positive = [w for w in game.weights if w > 0]
    g = math.gcd(game.quota, *positive)
    quota = -(-game.quota // g)  # ceil: w(S) >= q  <=>  w(S)/g >= ceil(q/g)
    counts: dict[int, int] = {}
    for w in positive:
        counts[w // g] = counts.get(w // g, 0) + 1
    return quota, counts, len(positive)


def _generating_cost(kind: str, q: int, counts: dict[int, int], n: int) -> tuple[int, int]:
    """(cells, work) of the generating functions for a reduced game: quota ``q``, positive
    weights ``counts`` (weight: multiplicity), ``n`` players of positive weight.

    ``kind``: ``"float"``, ``"int"``, ``"bool"`` (the divide and conquer over the weight
    classes, ``q`` numbers per level), ``"ss_float"`` (the Fourier transforms over the
    total weight), ``"ss_fraction"`` (the (size, weight) table), ``"prefix"`` (one
    ``q``-vector of Python integers, for minimal winning coalitions). Work is counted in
    units of about 5 ns; object (Python integer) arrays cost about 8 units per cell.
    """
    d = max(len(counts), 1)
    depth = math.ceil(math.log2(d)) + 1
    total = sum(w * m for w, m in counts.items())
    if kind in ("float", "int", "bool"):
        scale = 8 if kind == "int" else 1
        return q * (2 * depth + 1), scale * n * q * depth
    if kind == "ss_float":
        half = max(2, (n + 1) // 2) // 2 + 1
        size = total + 1
        return 12 * size, 8 * half * (size // 2 + 1) * d
    if kind == "ss_fraction":
        return (2 * n + 1) * q, 8 * n * n * q
    if kind == "prefix":
        return q, 8 * n * q
    raise ValueError(kind)  # pragma: no cover - internal


def _fits(kind: str, q: int, counts: dict[int, int], n: int) -> bool:
    cells, work = _generating_cost(kind, q, counts, n)
    return cells <= MAX_CELLS and work <= MAX_WORK


def _enumerable(game: WeightedGame, what: str, kind: str, advice: str) -> tuple[np.ndarray, int]:
    """The reduced positive weights as a 1 x n array (``int64``, or Python integers when
    their sum reaches ``2**62``) and the reduced quota, for enumeration; ComputationLimit
    (with ``advice``) when there are too many players."""
    q, counts, n = _reduced(game)
    positive = [w for w in _reduced_weights(game) if w > 0]
    if n > MAX_ENUMERATED_PLAYERS:
        cells, work = _generating_cost(kind, q, counts, n)
        over_cells = cells > MAX_CELLS
        raise ComputationLimit(
            f"{what} of a game with weights summing to {sum(positive):,} (after dividing by "
            f"their common divisor) and {n} players of positive weight, by generating "
            "functions",
            needed=cells if over_cells else work,
            limit=MAX_CELLS if over_cells else MAX_WORK,
            unit="numbers held at once" if over_cells else "operations",
            advice=(
                f"enumeration takes at most {MAX_ENUMERATED_PLAYERS} players of positive "
                f"weight; {advice}"
            ),
        )
    dtype = np.int64 if sum(positive) < 2**62 else object
    weights = np.empty((1, n), dtype=dtype)
    weights[0, :] = positive
    return weights, q


def _multiply(
    vector: np.ndarray, weight: int, times: int, kind: str, exponent: int = 0
) -> tuple[np.ndarray, int]:
    """Multiply a truncated polynomial by ((1 + x^weight) / 2)^times in place.

    Floats are kept as ``vector * 2**exponent``: each factor adds -1 to the exponent and
    the vector is rescaled by an exact power of two when it grows large, so neither
    overflow nor underflow occurs. Integer and boolean vectors ignore the halving.
    """
    length = len(vector)
    for step in range(times):
        if weight < length:
            if kind == "bool":
                vector[weight:] |= vector[:-weight]
            else:
                vector[weight:] += vector[:-weight]
        if kind == "float":
            exponent -= 1
            if step % 512 == 511:
                vector, exponent = _rescaled(vector, exponent)
    if kind == "float":
        vector, exponent = _rescaled(vector, exponent)
    return vector, exponent


def _rescaled(vector: np.ndarray, exponent: int) -> tuple[np.ndarray, int]:
    """Scale a float vector by an exact power of two so that its maximum is in [0.5, 1)."""
    top = float(vector.max()) if len(vector) else 0.0
    if top == 0.0:
        return vector, exponent
    _, shift = math.frexp(top)
    if shift:
        vector = np.ldexp(vector, -shift)
        exponent += shift
    return vector, exponent


def _window_sums_leave_one_out(
    classes: list[tuple[int, int]], quota: int, kind: str
) -> dict[int, tuple[object, int]]:
    """For each weight class w, the weight of the others' coalitions in [q - w, q - 1].

    ``kind`` is "float" (probabilities, returned as (mantissa, base-2 exponent)),
    "int" (counts as Python ints) or "bool" (whether any such coalition exists).
    Divide and conquer: the context polynomial of a half is the other half's product.
    """
    dtype = {"float": np.float64, "int": object, "bool": np.bool_}[kind]
    context = np.zeros(quota, dtype=dtype)
    context[0] = True if kind == "bool" else 1
    out: dict[int, tuple[object, int]] = {}

    def solve(lo: int, hi: int, ctx: np.ndarray, exponent: int) -> None:
        if hi - lo == 1:
            weight, times = classes[lo]
            others, exponent = _multiply(ctx.copy(), weight, times - 1, kind, exponent)
            window = others[max(0, quota - weight) : quota]
            if kind == "bool":
                out[weight] = (bool(window.any()), 0)
            elif kind == "int":
                out[weight] = (int(sum(window.tolist())), 0)
            else:
                out[weight] = (float(window.sum()), exponent)
            return
        mid = (lo + hi) // 2
        for a, b, c, d in ((lo, mid, mid, hi), (mid, hi, lo, mid)):
            sub, sub_exponent = ctx.copy(), exponent
            for weight, times in classes[c:d]:
                sub, sub_exponent = _multiply(sub, weight, times, kind, sub_exponent)
            solve(a, b, sub, sub_exponent)

    solve(0, len(classes), context, 0)
    return out


# --------------------------------------------------------------------------- Banzhaf


def banzhaf_index(
    weights: Sequence[int] | WeightedGame,
    quota: int | None = None,
    *,
    arithmetic: Arithmetic = "float",
) -> PowerIndexResult:
    """Banzhaf index of a weighted voting game, normalized and absolute.

    A player is a *swing* for a losing coalition of the others that wins once the player
    joins. The absolute index is the player's number of swings divided by ``2**(n-1)``;
    the normalized index divides by the sum of all players' swings, so it sums to 1.

    Parameters
    ----------
    weights : sequence of int or WeightedGame
        Non-negative integer weights (or a game, with ``quota`` omitted).
    quota : int
        Winning threshold, ``1 <= quota <= sum(weights)``; a coalition wins iff weight >= quota.
    arithmetic : {"float", "fraction"}
        ``"float"`` (default) is fast with a relative error bound (module docstring);
        ``"fraction"`` returns exact :class:`~fractions.Fraction` values and swing counts.

    Returns
    -------
    PowerIndexResult
        ``values`` normalized, ``absolute`` absolute; ``swings`` with fractions.

    Examples
    --------
    Straffin's example ``[6; 4, 3, 2, 1]`` has normalized index (5, 3, 3, 1) / 12:

    >>> r = banzhaf_index([4, 3, 2, 1], 6, arithmetic="fraction")
    >>> [str(v) for v in r.values]
    ['5/12', '1/4', '1/4', '1/12']
    >>> r.swings, [str(v) for v in r.absolute]
    ((5, 3, 3, 1), ['5/8', '3/8', '3/8', '1/8'])
    >>> [round(v, 12) for v in banzhaf_index([4, 3, 2, 1], 6).values]
    [0.416666666667, 0.25, 0.25, 0.083333333333]

    References
    ----------
    J. F. Banzhaf, "Weighted voting doesn't work", Rutgers Law Review 19 (1965) 317-343;
    P. D. Straffin, *Game Theory and Strategy*, MAA 1993, ch. 19; Felsenthal & Machover
    (1998) section 3.2.
    """
    game = _game(weights, quota)
    if arithmetic not in ("float", "fraction"):
        raise ValueError(f"unknown arithmetic {arithmetic!r}")
    q, counts, n_positive = _reduced(game)
    if not _fits("int" if arithmetic == "fraction" else "float", q, counts, n_positive):
        return _banzhaf_enumerated(game, arithmetic)
    classes = sorted(counts.items())
    if arithmetic == "fraction":
        sums = _window_sums_leave_one_out(classes, q, "int")
        # counts among the positive players; each zero-weight player doubles them
        scale = 2 ** (game.n - n_positive)
        swings = tuple(int(sums[w][0]) * scale if w else 0 for w in _reduced_weights(game))
        total = sum(swings)
        denominator = 2 ** (game.n - 1)
        return PowerIndexResult(
            index="banzhaf",
            values=tuple(Fraction(s, total) for s in swings),
            absolute=tuple(Fraction(s, denominator) for s in swings),
            swings=swings,
            arithmetic="fraction",
        )
    sums = _window_sums_leave_one_out(classes, q, "float")
    # every probability is mantissa * 2**exponent; bring them to a common exponent
    top = max((e for m, e in sums.values() if m), default=0)
    absolute_by_weight = {w: math.ldexp(float(m), e) for w, (m, e) in sums.items()}
    relative_by_weight = {w: math.ldexp(float(m), e - top) for w, (m, e) in sums.items()}
    reduced = _reduced_weights(game)
    relative = [relative_by_weight.get(w, 0.0) if w else 0.0 for w in reduced]
    total = math.fsum(relative)
    return PowerIndexResult(
        index="banzhaf",
        values=tuple(r / total for r in relative),
        absolute=tuple(absolute_by_weight.get(w, 0.0) if w else 0.0 for w in reduced),
    )


_MONTE_CARLO = (
    "estimate it with {function}((game,), method='monte_carlo', seed=...), which gives 95% "
    "confidence intervals, or round the weights (e.g. to fewer significant digits)"
)


def _banzhaf_enumerated(game: WeightedGame, arithmetic: Arithmetic) -> PowerIndexResult:
    """Banzhaf by enumerating the coalitions of the players of positive weight."""
    advice = _MONTE_CARLO.format(function="composite_banzhaf_index")
    kind = "int" if arithmetic == "fraction" else "float"
    weights, q = _enumerable(game, "banzhaf_index", kind, advice)
    counted, _ = exact_swings(weights, np.asarray([q], dtype=weights.dtype), by_size=False)
    scale = 2 ** (game.n - weights.shape[1])  # each zero-weight player doubles the swings
    positive = iter(counted)
    swings = tuple(next(positive) * scale if w > 0 else 0 for w in game.weights)
    total = sum(swings)
    denominator = 2 ** (game.n - 1)
    values = tuple(Fraction(s, total) for s in swings)
    absolute = tuple(Fraction(s, denominator) for s in swings)
    if arithmetic == "fraction":
        return PowerIndexResult(
            index="banzhaf",
            values=values,
            absolute=absolute,
            swings=swings,
            arithmetic="fraction",
        )
    return PowerIndexResult(
        index="banzhaf",
        values=tuple(float(v) for v in values),
        absolute=tuple(float(v) for v in absolute),
    )


def _shapley_shubik_enumerated(game: WeightedGame, arithmetic: Arithmetic) -> PowerIndexResult:
    """Shapley-Shubik by enumerating the coalitions of the players of positive weight
    (zero-weight players are null players: removing them changes no one's index)."""
    advice = _MONTE_CARLO.format(function="composite_shapley_shubik_index")
    kind = "ss_fraction" if arithmetic == "fraction" else "ss_float"
    weights, q = _enumerable(game, "shapley_shubik_index", kind, advice)
    _, by_size = exact_swings(weights, np.asarray([q], dtype=weights.dtype), by_size=True)
    n = weights.shape[1]
    factorial = [math.factorial(k) for k in range(n + 1)]
    exact = iter(
        Fraction(
            sum(c * factorial[size] * factorial[n - 1 - size] for size, c in enumerate(counts)),
            factorial[n],
        )
        for counts in by_size
    )
    values = [next(exact) if w > 0 else Fraction(0) for w in game.weights]
    if arithmetic == "fraction":
        return PowerIndexResult(index="shapley_shubik", values=tuple(values), arithmetic="fraction")
    return PowerIndexResult(index="shapley_shubik", values=tuple(float(v) for v in values))


def _reduced_weights(game: WeightedGame) -> list[int]:
    positive = [w for w in game.weights if w > 0]
    g = math.gcd(game.quota, *positive)
    return [w // g for w in game.weights]


# --------------------------------------------------------------------------- Shapley-Shubik


def shapley_shubik_index(
    weights: Sequence[int] | WeightedGame,
    quota: int | None = None,
    *,
    arithmetic: Arithmetic = "float",
) -> PowerIndexResult:
    """Shapley-Shubik index of a weighted voting game.

    Players join in a uniformly random order; a player's index is the probability of
    being *pivotal*, the one whose arrival first brings the coalition to the quota.
    Equivalently ``SS_i = sum_S |S|! (n-|S|-1)! / n!`` over the coalitions ``S`` of the
    others for which ``i`` is a swing. The values sum to 1.

    Parameters
    ----------
    weights : sequence of int or WeightedGame
        Non-negative integer weights (or a game, with ``quota`` omitted).
    quota : int
        Winning threshold, ``1 <= quota <= sum(weights)``.
    arithmetic : {"float", "fraction"}
        ``"float"`` (default): Gauss-Legendre quadrature of Owen's multilinear extension,
        ``O(n d W)`` for ``d`` distinct weights summing to ``W``, absolute error below
        about ``1e-12``, exactly ``0.0`` for a null player and never negative;
        ``"fraction"``: exact counting,
        ``O(n^2 q)`` Python integers (for small games and for checking).

    Returns
    -------
    PowerIndexResult

    Examples
    --------
    In ``[3; 2, 1, 1]`` the big player is pivotal in 4 of the 6 orders:

    >>> [str(v) for v in shapley_shubik_index([2, 1, 1], 3, arithmetic="fraction").values]
    ['2/3', '1/6', '1/6']
    >>> [round(v, 12) for v in shapley_shubik_index([2, 1, 1], 3).values]
    [0.666666666667, 0.166666666667, 0.166666666667]

    Luxembourg (weight 1) in the EEC Council of 1958 is never pivotal: exactly 0.

    >>> shapley_shubik_index([4, 4, 4, 2, 2, 1], 12).values[5]
    0.0

    References
    ----------
    L. S. Shapley and M. Shubik (1954), APSR 48(3) 787-792; G. Owen (1972), "Multilinear
    extensions of games", Management Science 18(5) P64-P79 (the integral form);
    J. M. Bilbao et al. (2000), TOP 8(2) 191-213 (the counting form).
    """
    game = _game(weights, quota)
    if arithmetic not in ("float", "fraction"):
        raise ValueError(f"unknown arithmetic {arithmetic!r}")
    q, counts, n = _reduced(game)
    if not _fits("ss_fraction" if arithmetic == "fraction" else "ss_float", q, counts, n):
        return _shapley_shubik_enumerated(game, arithmetic)
    reduced = _reduced_weights(game)
    if arithmetic == "fraction":
        by_weight = _shapley_shubik_fraction(counts, q, n)
        values: tuple[float | Fraction, ...] = tuple(
            by_weight[w] if w else Fraction(0) for w in reduced
        )
        return PowerIndexResult(index="shapley_shubik", values=values, arithmetic="fraction")
    by_weight_float = _shapley_shubik_float(counts, q, n)
    # a null player's index is exactly 0, not the quadrature's rounding (-2e-17 for
    # Luxembourg in the EEC Council): decided exactly by subset-sum reachability, whose
    # boolean tables are smaller than the transforms just computed; and no index is negative
    swing = _window_sums_leave_one_out(sorted(counts.items()), q, "bool")
    return PowerIndexResult(
        index="shapley_shubik",
        values=tuple(max(by_weight_float[w], 0.0) if w and swing[w][0] else 0.0 for w in reduced),
    )


def _shapley_shubik_fraction(counts: dict[int, int], q: int, n: int) -> dict[int, Fraction]:
    """Exact SS by counting coalitions per (size, weight) and removing one player."""
    table = np.zeros((n + 1, q), dtype=object)
    table[0, 0] = 1
    done = 0
    for weight, times in counts.items():
        for _ in range(times):
            done += 1
            if weight < q:
                table[1 : done + 1, weight:] += table[0:done, : q - weight]
    factorial = [math.factorial(k) for k in range(n + 1)]
    result: dict[int, Fraction] = {}
    for weight in counts:
        others = np.zeros((n, q), dtype=object)
        others[0] = table[0]
        for size in range(1, n):
            others[size] = table[size]
            if weight < q:
                others[size, weight:] -= others[size - 1, : q - weight]
        pivots = 0
        for size in range(n):
            swings = sum(others[size, max(0, q - weight) :].tolist())
            pivots += swings * factorial[size] * factorial[n - 1 - size]
        result[weight] = Fraction(pivots, factorial[n])
    return result


def _shapley_shubik_float(counts: dict[int, int], q: int, n: int) -> dict[int, float]:
    """SS by Gauss-Legendre quadrature of the multilinear extension.

    At a node ``t < 1/2`` the distribution ``D`` of ``w(S_t)`` over all players comes from
    its discrete Fourier transform ``prod_k ((1 - t) + t x^w_k)^m_k`` at the roots of unity
    of order ``W + 1`` (no aliasing), whose logarithm is gathered from one table of
    ``log((1 - t) + t e^{i theta})`` over the ``W + 1`` angles. Removing one player of
    weight ``w`` divides by ``(1 - t) + t x^w``; with ``r = t / (1 - t) < 1`` the others'
    window probability is the alternating series
    ``sum_m (-r)^m (C[hi + 1 - m w] - C[lo - m w]) / (1 - t)`` over the cumulative sums ``C``
    of ``D``. The mirrored node ``1 - t`` uses the same ``D``: the complement of ``S_t`` is
    ``S_{1-t}``, so its window is ``[W - w - q + 1, W - q]``.
    """
    classes = sorted(counts.items())
    weights = np.array([w for w, _ in classes], dtype=np.int64)
    mult = np.array([m for _, m in classes], dtype=np.float64)
    total = int(weights @ mult.astype(np.int64))
    size = next_fast_len(total + 1, real=True)  # w(S) lies in [0, total]: no aliasing
    n_frequencies = size // 2 + 1
    # K nodes integrate degree 2K - 1 exactly; the integrand has degree n - 1. K is even
    # so that t = 1/2 is never a node, and the nodes pair up as (t, 1 - t).
    nodes = max(2, (n + 1) // 2)
    x, gauss = roots_legendre(nodes + nodes % 2)
    half = len(x) // 2
    t_nodes = ((x[:half] + 1.0) / 2.0).tolist()
    g_nodes = (gauss[:half] / 2.0).tolist()
    # terms of the alternating series below r_max**m_cap < 1e-20 are dropped
    r_max = t_nodes[-1] / (1.0 - t_nodes[-1])
    m_cap = math.ceil(math.log(1e-20) / math.log(r_max)) + 1

    def series(low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, ...]:
        """Flat (class, m, upper, lower) arrays of every term of every class's series."""
        terms = np.minimum(np.maximum(0, (high + weights) // weights) + 1, m_cap)
        owner = np.repeat(np.arange(len(weights)), terms)
        m = np.arange(len(owner)) - np.repeat(np.cumsum(terms) - terms, terms)
        shift = m * weights[owner]
        upper = np.clip(high[owner] + 1 - shift, 0, size)
        lower = np.clip(low[owner] - shift, 0, size)
        return owner, m.astype(np.float64), 1.0 - 2.0 * (m % 2), upper, lower

    windows = (
        series(np.maximum(0, q - weights), np.full_like(weights, q - 1)),  # node t
        series(np.maximum(0, total - weights - q + 1), np.full_like(weights, total - q)),
    )
    theta = 2.0 * np.pi * np.arange(size) / size
    cos_table, sin_table = np.cos(theta), np.sin(theta)
    one_minus_cos = 1.0 - cos_table
    acc = np.zeros(len(weights))
    chunk = max(64, 2**16 // len(weights))  # keep the gathered block in cache
    batch = max(1, 2**21 // size)  # nodes whose transforms are held at once
    for first in range(0, half, batch):
        ts = t_nodes[first : first + batch]
        # log |f| and arg f of the factor f = (1 - t) + t e^{i theta}, per angle
        tables = [
            (
                0.5 * np.log1p(-(2.0 * t * (1.0 - t)) * one_minus_cos),
                np.arctan2(t * sin_table, (1.0 - t) + t * cos_table),
            )
            for t in ts
        ]
        log_modulus = np.empty((len(ts), n_frequencies))
        argument = np.empty((len(ts), n_frequencies))
        for start in range(0, n_frequencies, chunk):
            freq = np.arange(start, min(start + chunk, n_frequencies), dtype=np.int64)
            angle_index = (weights[:, None] * freq) % size
            stop = start + len(freq)
            for i, (modulus_table, argument_table) in enumerate(tables):
                log_modulus[i, start:stop] = mult @ np.take(modulus_table, angle_index)
                argument[i, start:stop] = mult @ np.take(argument_table, angle_index)
        for i, t in enumerate(ts):
            # numpy's inverse FFT expects sum_a D[a] e^{-i theta a}: conjugate
            transform = np.exp(log_modulus[i]) * np.exp(-1j * argument[i])
            cumulative = np.concatenate(([0.0], np.cumsum(np.fft.irfft(transform, size))))
            log_r = math.log(t / (1.0 - t))
            for owner, m, sign, upper, lower in windows:
                terms = sign * np.exp(m * log_r) * (cumulative[upper] - cumulative[lower])
                window = np.bincount(owner, weights=terms, minlength=len(weights))
                acc += g_nodes[first + i] / (1.0 - t) * window
    return {int(w): float(v) for w, v in zip(weights.tolist(), acc.tolist(), strict=True)}


# --------------------------------------------------------------------------- flags


def dictators(weights: Sequence[int] | WeightedGame, quota: int | None = None) -> tuple[int, ...]:
    """Players who win alone and without whom nothing wins (at most one in a proper game).

    Examples
    --------
    >>> dictators([5, 1, 1], 5), dictators([3, 2, 2], 4)
    ((0,), ())
    """
    game = _game(weights, quota)
    total = sum(game.weights)
    return tuple(
        i for i, w in enumerate(game.weights) if w >= game.quota and total - w < game.quota
    )


def veto_players(
    weights: Sequence[int] | WeightedGame, quota: int | None = None
) -> tuple[int, ...]:
    """Players belonging to every winning coalition: ``sum(weights) - w_i < quota``.

    Examples
    --------
    >>> veto_players([4, 4, 4, 2, 2, 1], 14)
    (0, 1, 2)
    """
    game = _game(weights, quota)
    total = sum(game.weights)
    return tuple(i for i, w in enumerate(game.weights) if total - w < game.quota)


def dummy_players(
    weights: Sequence[int] | WeightedGame, quota: int | None = None
) -> tuple[int, ...]:
    """Players who are never a swing (zero Banzhaf and Shapley-Shubik index).

    Decided exactly by subset-sum reachability (no rounding).

    Examples
    --------
    Luxembourg in the 1958 Council of the EEC, ``[12; 4, 4, 4, 2, 2, 1]``:

    >>> dummy_players([4, 4, 4, 2, 2, 1], 12)
    (5,)
    """
    game = _game(weights, quota)
    q, counts, n = _reduced(game)
    reduced = _reduced_weights(game)
    if not _fits("bool", q, counts, n):
        advice = "no estimate can prove a player powerless"
        positive, q = _enumerable(game, "dummy_players", "bool", advice)
        quota_array = np.asarray([q], dtype=positive.dtype)
        swings = iter(exact_swings(positive, quota_array, by_size=False)[0])
        return tuple(i for i, w in enumerate(reduced) if w == 0 or next(swings) == 0)
    reachable = _window_sums_leave_one_out(sorted(counts.items()), q, "bool")
    return tuple(i for i, w in enumerate(reduced) if w == 0 or not reachable[w][0])


def number_of_minimal_winning_coalitions(
    weights: Sequence[int] | WeightedGame, quota: int | None = None
) -> int:
    """Number of winning coalitions that lose when any member leaves.

    With players sorted by decreasing weight, a winning coalition is minimal iff it loses
    without its last (lightest) member ``i``; so the count is the sum over ``i`` of the
    coalitions ``T`` of the players before ``i`` with ``q - w_i <= w(T) <= q - 1``, counted
    by one exact dynamic programme over the prefix weights (Python integers, ``O(n q)``).

    Examples
    --------
    >>> number_of_minimal_winning_coalitions([2, 1, 1], 3)  # {0,1}, {0,2}
    2
    >>> number_of_minimal_winning_coalitions([1] * 10, 6) == math.comb(10, 6)
    True

    References
    ----------
    Felsenthal & Machover (1998), definition 2.1.5 (minimal winning coalition).
    """
    game = _game(weights, quota)
    q, counts, n = _reduced(game)
    if not _fits("prefix", q, counts, n):
        advice = "no exact method fits"
        positive, q = _enumerable(game, "number_of_minimal_winning_coalitions", "prefix", advice)
        return minimal_winning_count(positive, np.asarray([q], dtype=positive.dtype))
    order = sorted((w for w, m in counts.items() for _ in range(m)), reverse=True)
    prefix = np.zeros(q, dtype=object)
    prefix[0] = 1
    total = 0
    for w in order:
        total += sum(prefix[max(0, q - w) :].tolist())
        if w < q:
            prefix[w:] += prefix[:-w]
    return int(total)

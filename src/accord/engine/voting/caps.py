"""A cap on any one voter's share of the total weight, with proportional redistribution.

Offered here:

- :func:`capped_weights` -- cap every voter's share of the total weight at ``c`` and hand
  the excess to the other voters in proportion to their weights ("water-filling");
- :class:`CappedWeights` -- its exact result, cheap to hold for a million voters.

Definition
----------
Let ``w_1, ..., w_n >= 0`` be integer weights with total ``T > 0`` and let the cap be a
fraction ``0 < c <= 1``. The capped weights are the unique ``w'`` with

1. ``w'_i = min(c * T, lam * w_i)`` for one common scale ``lam >= 1``, and
2. ``sum(w') = T`` (capping moves weight between voters; it never creates or destroys it).

So a voter whose scaled weight would exceed ``c * T`` holds exactly ``c * T`` (a share of
exactly ``c``), and every other voter keeps their original weight multiplied by the same
``lam``: the excess taken from the capped voters is redistributed to the uncapped voters in
proportion to their original weights. This is the fixed point of the familiar iteration
"cap everyone above ``c`` of the total, hand the excess to the others pro rata, repeat"
(capped index weighting, as in the capped indices of stock exchanges; the tests check it
against that iteration in exact arithmetic).

Properties (each is a hypothesis test):

- no voter's share ``w'_i / sum(w')`` exceeds ``c``;
- order is preserved: ``w_i >= w_j`` implies ``w'_i >= w'_j`` (two voters above the cap may
  become equal, never swapped); zero weights stay zero;
- nobody gains share by being large: every uncapped voter's weight is multiplied by the same
  ``lam >= 1``; if nobody exceeds the cap, ``w' = w``.

Feasibility: with ``m`` voters of positive weight the largest share is at least ``1 / m``, so
the cap is feasible exactly when ``c >= 1 / m``. When ``c < 1 / m``, :func:`capped_weights`
raises :class:`ValueError` by default (``if_infeasible="raise"``); with
``if_infeasible="equal_shares"`` it clamps the cap to ``1 / m``, which gives every voter of
positive weight the same weight ``T / m`` (the closest any assignment can come to the cap).
At ``c = 1 / m`` exactly, every voter of positive weight is capped and all are equal.

Computation: sort the positive weights in decreasing order, ``s_1 >= ... >= s_m``, with
suffix sums ``S_k = s_(k+1) + ... + s_m``. Capping the ``k`` largest works when the largest
remaining voter stays under the cap after scaling, ``s_(k+1) * (1 - k c) <= c * S_k``; this
condition is monotone in ``k``, so the smallest such ``k`` is found by binary search, with
every comparison done in exact integer arithmetic. Then ``lam = T (1 - k c) / S_k``. The
cost is one sort, ``O(n log n)``; the result is exact (:class:`~fractions.Fraction`).

References
----------
.. [1] H. Nurmi, *Comparing Voting Systems*, Reidel, 1987 (weighted voting and caps on
   voting power).
.. [2] MSCI, "MSCI 25/50 Indexes Methodology", 2021, section 3 (iterative capping of
   constituent weights with pro-rata redistribution of the excess).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

import numpy as np

__all__ = ["CappedWeights", "as_fraction", "capped_weights", "integer_weights", "label_sums"]

IfInfeasible = Literal["raise", "equal_shares"]

# Integer weights are kept in int64 while their total stays below this bound, so sums and
# cumulative sums cannot overflow; beyond it they are held as Python integers (object arrays).
_INT64_SAFE_TOTAL = 2**62


def as_fraction(value: object, name: str) -> Fraction:
    """Read a user-supplied rational number exactly.

    ``int``, ``Fraction``, ``Decimal`` and strings such as ``"3/10"`` are exact; a ``float``
    is read through its shortest decimal representation (``0.3`` means ``3/10``).

    Examples
    --------
    >>> as_fraction(0.3, "cap"), as_fraction("2/3", "threshold")
    (Fraction(3, 10), Fraction(2, 3))
    """
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{name} must be a number such as Fraction(3, 10); got {value!r}")
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if isinstance(value, np.integer):
        return Fraction(int(value))
    if isinstance(value, float | np.floating):
        if not np.isfinite(value):
            raise ValueError(f"{name} must be finite; got {value!r}")
        return Fraction(repr(float(value)))
    if isinstance(value, Decimal | str):
        try:
            return Fraction(value)
        except (ValueError, ZeroDivisionError) as exc:
            raise ValueError(f"{name} must be a number such as '3/10'; got {value!r}") from exc
    raise ValueError(f"{name} must be a number such as Fraction(3, 10); got {value!r}")


def integer_weights(weights: object, n: int | None = None) -> tuple[np.ndarray, Fraction]:
    """Turn non-negative rational weights into integers with a common unit, exactly.

    Returns ``(integers, unit)`` with ``weights[i] == integers[i] * unit``. Integer arrays are
    used as they are (``unit == 1``); other numbers are read exactly (see :func:`as_fraction`)
    and scaled by the least common multiple of their denominators. All the rules here depend
    only on ratios of weights, so the unit changes no result; it is kept to report totals in
    the caller's own units. The integers are an ``int64`` array when no sum can overflow,
    otherwise an object array of Python integers.

    Examples
    --------
    >>> ints, unit = integer_weights([Fraction(1, 2), 1, "1.25"])
    >>> ints.tolist(), unit
    ([2, 4, 5], Fraction(1, 4))
    """
    array = np.asarray(weights)
    if array.ndim != 1:
        raise ValueError(f"weights must be a one-dimensional array; got shape {array.shape}")
    if n is not None and array.shape[0] != n:
        raise ValueError(f"weights has {array.shape[0]} entries but there are {n} voters")
    kind = array.dtype.kind
    if kind == "b":
        raise ValueError("weights must be numbers, not booleans")
    unit = Fraction(1)
    if kind in "iu":
        values: np.ndarray = array
    elif (
        kind == "f"
        and bool(np.all(np.isfinite(array)))
        and bool(np.all(array == np.round(array)))
        and float(np.abs(array).max(initial=0)) < _INT64_SAFE_TOTAL
    ):
        values = array.astype(np.int64)
    else:
        fractions = [as_fraction(value, "weight") for value in array.tolist()]
        denominator = math.lcm(1, *(value.denominator for value in fractions))
        values = np.array([int(v * denominator) for v in fractions], dtype=object)
        unit = Fraction(1, denominator)
    if values.size:
        negative = values < 0
        if bool(np.any(negative)):
            position = int(np.argmax(negative))
            raise ValueError(
                f"weights must be non-negative; voter {position} has weight {array[position]!r}"
            )
        largest = int(values.max())
        if largest * values.size < _INT64_SAFE_TOTAL:
            values = values.astype(np.int64)
        elif values.dtype != object:
            values = np.array([int(v) for v in values.tolist()], dtype=object)
    else:
        values = values.astype(np.int64)
    return values, unit


def label_sums(labels: np.ndarray, weights: np.ndarray, n_labels: int) -> list[int]:
    """Exact sums of integer ``weights`` per label ``0 .. n_labels - 1`` (Python ints).

    ``numpy.bincount`` adds in float64, which is exact while every partial sum stays below
    2**53; beyond that (or for Python-integer weights) the sums are taken in exact integers.
    """
    if weights.dtype != object and (weights.size == 0 or int(weights.max()) * weights.size < 2**53):
        sums = np.bincount(labels, weights=weights, minlength=n_labels)
        return [int(v) for v in sums.tolist()]
    exact = np.zeros(n_labels, dtype=object)
    np.add.at(exact, labels, weights.astype(object))
    return [int(v) for v in exact.tolist()]


@dataclass(frozen=True)
class CappedWeights:
    """Exact capped weights: ``w'_i = cap_weight`` if ``capped[i]`` else ``scale * w_i``.

    Attributes
    ----------
    weights : numpy.ndarray
        The original integer weights.
    cap : Fraction
        The cap actually applied (``1 / m`` when an infeasible cap was clamped).
    capped : numpy.ndarray
        Boolean mask of the voters held at the cap.
    scale : Fraction
        The common factor ``lam >= 1`` applied to every uncapped voter.
    cap_weight : Fraction
        The weight ``cap * total`` of each capped voter.
    total : int
        ``sum(weights) == sum(capped weights)``.
    clamped : bool
        Whether the requested cap was infeasible and clamped to ``1 / m``.
    """

    weights: np.ndarray
    cap: Fraction
    capped: np.ndarray
    scale: Fraction
    cap_weight: Fraction
    total: int
    clamped: bool = False

    def as_fractions(self) -> list[Fraction]:
        """Every voter's capped weight, exactly (a Python list; slow for millions)."""
        return [
            self.cap_weight if is_capped else self.scale * int(w)
            for w, is_capped in zip(self.weights.tolist(), self.capped.tolist(), strict=True)
        ]

    def as_integers(self) -> tuple[list[int], int]:
        """Integer weights proportional to the capped weights, and their common denominator.

        Returns ``(integers, denominator)`` with ``capped_weight_i == integers[i] /
        denominator``: the integer weights a weighted voting game (power indices) needs.

        Examples
        --------
        >>> capped_weights([50, 20, 20, 10], "3/10").as_integers()
        ([30, 28, 28, 14], 1)
        """
        denominator = math.lcm(self.cap_weight.denominator, self.scale.denominator)
        cap_int = int(self.cap_weight * denominator)
        scale = self.scale * denominator
        integers = [
            cap_int if is_capped else int(scale * int(w))
            for w, is_capped in zip(self.weights.tolist(), self.capped.tolist(), strict=True)
        ]
        common = math.gcd(denominator, *integers)  # smallest such integers
        return [i // common for i in integers], denominator // common

    def shares(self) -> list[Fraction]:
        """Every voter's share of the total capped weight, exactly."""
        if self.total == 0:
            return [Fraction(0)] * len(self.weights)
        return [w / self.total for w in self.as_fractions()]

    def sum_by_label(self, labels: np.ndarray, n_labels: int) -> list[Fraction]:
        """Total capped weight of the voters with each label ``0 .. n_labels - 1``, exactly.

        One pass over the voters (``labels`` are small non-negative integers, e.g. choices).
        """
        labels = np.asarray(labels)
        raw = label_sums(labels, self.weights, n_labels)
        capped_at = np.flatnonzero(self.capped)
        n_capped = np.bincount(labels[capped_at], minlength=n_labels).tolist()
        capped_raw = label_sums(labels[capped_at], self.weights[capped_at], n_labels)
        return [
            self.cap_weight * n_capped[c] + self.scale * (raw[c] - capped_raw[c])
            for c in range(n_labels)
        ]

    def sum_over(self, mask: np.ndarray) -> Fraction:
        """The total capped weight of the voters selected by a boolean ``mask``, exactly."""
        mask = np.asarray(mask, dtype=bool)
        if not bool(np.any(self.capped)):
            return self.scale * int(self.weights[mask].sum())
        n_capped = int(np.count_nonzero(mask & self.capped))
        uncapped_sum = int(self.weights[mask & ~self.capped].sum())
        return self.cap_weight * n_capped + self.scale * uncapped_sum


def capped_weights(
    weights: Sequence[object] | np.ndarray,
    cap: Fraction | int | str | float,
    *,
    if_infeasible: IfInfeasible = "raise",
) -> CappedWeights:
    """Cap every voter's share of the total weight at ``cap``, redistributing proportionally.

    Parameters
    ----------
    weights : array_like of non-negative numbers
        Voter weights (contributions, shares, seats). Rational weights are scaled to integers
        exactly (see :func:`integer_weights`); the result refers to the scaled integers.
    cap : Fraction, int, str or float
        The largest share of the total weight any voter may hold, ``0 < cap <= 1``.
        ``Fraction(3, 10)``, ``"3/10"`` and ``0.3`` all mean 30 %.
    if_infeasible : {"raise", "equal_shares"}
        What to do when ``cap < 1 / m`` for ``m`` voters of positive weight (no assignment
        can then respect the cap): raise :class:`ValueError` (default), or clamp the cap to
        ``1 / m`` so that every voter of positive weight gets the same weight.

    Returns
    -------
    CappedWeights
        ``w'_i = min(cap * T, scale * w_i)`` with ``sum(w') = T = sum(w)``; see the module
        docstring for the definition and its properties.

    Raises
    ------
    ValueError
        If a weight is negative, no voter has positive weight, the cap is outside
        ``(0, 1]``, or the cap is infeasible and ``if_infeasible="raise"``.

    Examples
    --------
    A funder with 50 of 100 units, capped at 30 %: it keeps 30 and its excess of 20 goes to
    the others in proportion to their weights (each of the others is scaled by 7/5).

    >>> result = capped_weights([50, 20, 20, 10], "3/10")
    >>> [str(w) for w in result.as_fractions()], result.scale
    (['30', '28', '28', '14'], Fraction(7, 5))

    Redistribution can push a second voter over the cap; it is then capped too.

    >>> [str(w) for w in capped_weights([60, 20, 12, 8], "3/10").as_fractions()]
    ['30', '30', '24', '16']

    References
    ----------
    .. [1] MSCI, "MSCI 25/50 Indexes Methodology", 2021, section 3 (iterative capping with
       pro-rata redistribution, whose fixed point this computes directly).
    """
    ints, _unit = integer_weights(weights)
    cap_fraction = as_fraction(cap, "cap")
    if not 0 < cap_fraction <= 1:
        raise ValueError(f"cap must lie in (0, 1], e.g. Fraction(3, 10) for 30 %; got {cap}")
    if if_infeasible not in ("raise", "equal_shares"):
        raise ValueError(f"if_infeasible must be 'raise' or 'equal_shares'; got {if_infeasible!r}")
    n_positive = int(np.count_nonzero(ints > 0))
    if n_positive == 0:
        raise ValueError("cannot cap weights: no voter has a positive weight")
    total = int(ints.sum())
    clamped = False
    if cap_fraction * n_positive < 1:
        if if_infeasible == "raise":
            raise ValueError(
                f"a cap of {cap_fraction} ({float(cap_fraction):.0%}) is infeasible with "
                f"{n_positive} voter(s) of positive weight: someone must hold at least "
                f"1/{n_positive} of the total. Raise the cap to at least 1/{n_positive}, or "
                "pass if_infeasible='equal_shares' to give every such voter an equal weight."
            )
        cap_fraction = Fraction(1, n_positive)
        clamped = True
    p, q = cap_fraction.numerator, cap_fraction.denominator

    sorted_weights = np.sort(ints[ints > 0])[::-1]  # positive weights, largest first
    prefix = np.concatenate((np.zeros(1, dtype=ints.dtype), np.cumsum(sorted_weights)))

    def suffix_at(k: int) -> int:
        """S_k: the total of the sorted weights after the first k."""
        return total - int(prefix[k])

    def fits(k: int) -> bool:
        """After capping the k largest, does the largest remaining voter stay under the cap?"""
        return int(sorted_weights[k]) * (q - k * p) <= p * suffix_at(k)

    low, high = 0, n_positive - 1  # fits(n_positive - 1) holds because cap >= 1 / m
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    k = low
    # Voters of equal weight are capped together (the k-th and (k+1)-th largest differ when
    # k is minimal), so the capped voters are exactly those at or above the k-th largest.
    capped = ints >= sorted_weights[k - 1] if k else np.zeros(len(ints), dtype=bool)
    cap_weight = cap_fraction * total
    scale = Fraction(total * (q - k * p), q * suffix_at(k))
    return CappedWeights(
        weights=ints,
        cap=cap_fraction,
        capped=capped,
        scale=scale,
        cap_weight=cap_weight,
        total=total,
        clamped=clamped,
    )

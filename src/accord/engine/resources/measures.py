"""Who brings what: leverage, contribution relative to capacity, and the flow matrix.

- :func:`leverage`: resources delivered by non-public partners per unit delivered by
  public partners;
- :func:`contribution_relative_to_capacity`: each partner's share of what was
  delivered over its share of the partnership's capacity (:data:`CAPACITY_WEIGHTS`);
- :func:`flow_matrix`: ledger flows ``(provider, receiver, amount)`` summed into an
  ``n x n`` matrix, ready for :func:`accord.engine.equity.reciprocity` and
  :func:`accord.engine.networks.flow_network_svg`.

Amounts are ``Decimal`` in the reporting currency; sums are exact and only the final
ratios are floats.

References
----------
.. [1] OECD (2016), *Private Finance for Development: Leveraging private finance*;
   OECD DAC methodology on "amounts mobilised from the private sector" (ratio of private
   to public finance).
.. [2] T. Squartini, F. Picciolo, F. Ruzzenenti, D. Garlaschelli, "Reciprocity of
   weighted networks", Scientific Reports 3, 2729 (2013).
"""

from __future__ import annotations

import decimal
from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction

import numpy as np

__all__ = [
    "CAPACITY_WEIGHTS",
    "contribution_relative_to_capacity",
    "flow_matrix",
    "leverage",
]

#: Nominal capacity of an organization per size band. A convention, not a measurement:
#: each band counts twice the one below it (micro 1, small 2, medium 4, large 8), in line
#: with the roughly geometric bands of staff numbers in EU Recommendation 2003/361/EC.
CAPACITY_WEIGHTS: dict[str, int] = {"micro": 1, "small": 2, "medium": 4, "large": 8}


def _exact_total(values: Iterable[Decimal]) -> Decimal:
    with decimal.localcontext() as context:
        context.prec = decimal.MAX_PREC
        context.Emax, context.Emin = decimal.MAX_EMAX, decimal.MIN_EMIN
        return sum(values, Decimal(0))


def _check_delivered(delivered_by_partner: Mapping[int, Decimal]) -> None:
    for partner, amount in delivered_by_partner.items():
        if not isinstance(amount, Decimal | int) or not Decimal(amount).is_finite():
            raise ValueError(f"partner {partner}: delivered must be a finite Decimal")
        if amount < 0:
            raise ValueError(f"partner {partner}: delivered must not be negative, got {amount}")


def leverage(
    delivered_by_partner: Mapping[int, Decimal], public_partners: Collection[int]
) -> float | None:
    """Resources delivered by non-public partners per unit delivered by public partners.

    Parameters
    ----------
    delivered_by_partner : mapping of int to Decimal
        What each partner delivered (net of reversals, reporting currency, not negative).
    public_partners : collection of int
        The partners that are public bodies; every other partner counts as non-public.

    Returns
    -------
    float or None
        ``non-public total / public total``; ``None`` when public partners delivered
        nothing (leverage is then undefined, not infinite).

    Examples
    --------
    A ministry delivers 100,000; a foundation 150,000 and a company 50,000: each unit of
    public money came with 2 units from the others.

    >>> leverage({0: Decimal(100_000), 1: Decimal(150_000), 2: Decimal(50_000)}, {0})
    2.0
    >>> leverage({0: Decimal(0), 1: Decimal(10)}, {0}) is None
    True

    References
    ----------
    OECD DAC, amounts mobilised from the private sector by official development finance.
    """
    _check_delivered(delivered_by_partner)
    public = set(public_partners)
    public_total = _exact_total(a for p, a in delivered_by_partner.items() if p in public)
    other_total = _exact_total(a for p, a in delivered_by_partner.items() if p not in public)
    if public_total == 0:
        return None
    return float(Fraction(other_total) / Fraction(public_total))


def contribution_relative_to_capacity(
    delivered_by_partner: Mapping[int, Decimal], capacity_by_partner: Mapping[int, str]
) -> dict[int, float]:
    """Each partner's share of what was delivered over its share of the total capacity.

    Parameters
    ----------
    delivered_by_partner : mapping of int to Decimal
        What each partner delivered (not negative). A partner missing here delivered 0.
    capacity_by_partner : mapping of int to str
        Each partner's size band, a key of :data:`CAPACITY_WEIGHTS`. Only these partners
        are compared: what partners without a band delivered is left out of the total.

    Returns
    -------
    dict of int to float
        For every partner with a band, ``(d_p / D) / (w_p / W)`` where ``D`` is what all
        banded partners delivered and ``W`` their total capacity weight. ``1.0`` means the
        partner contributes in proportion to its capacity, ``2.0`` twice as much, ``0.0``
        nothing. Empty when nothing was delivered (the shares are then undefined).

    Raises
    ------
    ValueError
        On an unknown band or a negative delivery.

    Examples
    --------
    A large funder (weight 8) delivered 800 and a micro community group (weight 1)
    delivered 200: the group gave 20 % of the resources with 1/9 of the capacity.

    >>> r = contribution_relative_to_capacity(
    ...     {0: Decimal(800), 1: Decimal(200)}, {0: "large", 1: "micro"}
    ... )
    >>> {p: round(v, 3) for p, v in r.items()}
    {0: 0.9, 1: 1.8}

    References
    ----------
    EU Recommendation 2003/361/EC (size bands of enterprises); the weights are this
    project's convention.
    """
    _check_delivered(delivered_by_partner)
    for partner, band in capacity_by_partner.items():
        if band not in CAPACITY_WEIGHTS:
            raise ValueError(
                f"partner {partner}: unknown capacity band {band!r}, "
                f"expected one of {sorted(CAPACITY_WEIGHTS)}"
            )
    delivered = {p: Fraction(delivered_by_partner.get(p, 0)) for p in capacity_by_partner}
    total_delivered = sum(delivered.values(), Fraction(0))
    total_weight = sum(CAPACITY_WEIGHTS[b] for b in capacity_by_partner.values())
    if total_delivered == 0:
        return {}
    return {
        partner: float(
            delivered[partner] * total_weight / (total_delivered * CAPACITY_WEIGHTS[band])
        )
        for partner, band in sorted(capacity_by_partner.items())
    }


def flow_matrix(flows: Iterable[tuple[int, int, Decimal]], n: int) -> np.ndarray:
    """Sum flows ``(provider, receiver, amount)`` into an ``n x n`` matrix.

    Parameters
    ----------
    flows : iterable of (int, int, Decimal)
        Ledger entries between partners ``0 .. n-1`` in the reporting currency; a negative
        amount (a reversal) subtracts from its pair.
    n : int
        Number of partners.

    Returns
    -------
    numpy.ndarray of float64, shape (n, n)
        ``M[i, j]`` is the net amount from ``i`` to ``j``. Each cell is summed exactly in
        ``Decimal`` and converted to float once, so a reversed entry leaves exactly 0.
        A cell whose net is negative (which only exchange-rate differences between an
        entry and its reversal can produce) is clipped to 0, so the matrix is always
        non-negative.

    Raises
    ------
    ValueError
        On a partner index outside ``0 .. n-1`` or a non-finite amount.

    Examples
    --------
    >>> m = flow_matrix([(0, 1, Decimal(100)), (1, 0, Decimal(40)), (0, 1, Decimal(-20))], 2)
    >>> m.tolist()
    [[0.0, 80.0], [40.0, 0.0]]

    References
    ----------
    IATI Standard 2.03, transaction ``provider-org`` and ``receiver-org``.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"n must be a non-negative int, got {n!r}")
    cells: dict[tuple[int, int], Decimal] = {}
    with decimal.localcontext() as context:
        context.prec = decimal.MAX_PREC
        context.Emax, context.Emin = decimal.MAX_EMAX, decimal.MIN_EMIN
        for provider, receiver, amount in flows:
            if not (0 <= provider < n and 0 <= receiver < n):
                raise ValueError(f"flow {provider} -> {receiver} is outside 0..{n - 1}")
            value = Decimal(str(amount)) if isinstance(amount, float) else Decimal(amount)
            if not value.is_finite():
                raise ValueError(f"flow {provider} -> {receiver} has amount {amount!r}")
            key = (int(provider), int(receiver))
            cells[key] = cells.get(key, Decimal(0)) + value
    matrix = np.zeros((n, n), dtype=np.float64)
    for (provider, receiver), total in cells.items():
        if total > 0:
            matrix[provider, receiver] = float(total)
    return matrix

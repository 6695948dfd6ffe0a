"""Shared resources: money, funding reliability and measures of who brings what.

- :mod:`~accord.engine.resources.money`: :func:`convert` an amount at a rate (to the
  cent, banker's rounding) and :func:`rate_on`, the rate in force at a date;
- :mod:`~accord.engine.resources.reliability`: :func:`funding_reliability` per partner
  (on time, late, outstanding; reversals included);
- :mod:`~accord.engine.resources.measures`: :func:`leverage`,
  :func:`contribution_relative_to_capacity` and :func:`flow_matrix` (feed it to
  :func:`accord.engine.equity.reciprocity`).
"""

from accord.engine.resources.reliability import (
    Delivery,
    Installment,
    PartnerReliability,
    funding_reliability,
)

__all__ = [
    "Delivery",
    "Installment",
    "PartnerReliability",
    "funding_reliability",
]

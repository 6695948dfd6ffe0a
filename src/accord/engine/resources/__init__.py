"""Shared resources: money, funding reliability and measures of who brings what.

- :mod:`~accord.engine.resources.money`: :func:`convert` an amount at a rate (to the
  cent, banker's rounding) and :func:`rate_on`, the rate in force at a date;
- :mod:`~accord.engine.resources.reliability`: :func:`funding_reliability` per partner
  (on time, late, outstanding; reversals included);
- :mod:`~accord.engine.resources.measures`: :func:`leverage`,
  :func:`contribution_relative_to_capacity` and :func:`flow_matrix` (feed it to
  :func:`accord.engine.equity.reciprocity` and
  :func:`accord.engine.networks.flow_network_svg`).
"""

from accord.engine.resources.measures import (
    CAPACITY_WEIGHTS,
    contribution_relative_to_capacity,
    flow_matrix,
    leverage,
)
from accord.engine.resources.money import CENT, Rate, convert, rate_on
from accord.engine.resources.reliability import (
    Delivery,
    Installment,
    PartnerReliability,
    funding_reliability,
)

__all__ = [
    "CAPACITY_WEIGHTS",
    "CENT",
    "Delivery",
    "Installment",
    "PartnerReliability",
    "Rate",
    "contribution_relative_to_capacity",
    "convert",
    "flow_matrix",
    "funding_reliability",
    "leverage",
    "rate_on",
]

"""Equity measures: how evenly something is spread, and how balanced exchanges are.

- :mod:`~accord.engine.equity.inequality`: :func:`gini`, :func:`herfindahl_hirschman_index`,
  :func:`theil_index` (concentration of one quantity over holders);
- :mod:`~accord.engine.equity.shares`: :func:`share_ratio` (share of X against share of Y,
  per group: e.g. share of comments against share of members);
- :mod:`~accord.engine.equity.flows`: :func:`reciprocity` of a flow matrix (who gives to
  whom, and how much comes back).
"""

from accord.engine.equity.flows import Reciprocity, reciprocity
from accord.engine.equity.inequality import gini, herfindahl_hirschman_index, theil_index
from accord.engine.equity.shares import ShareRatios, share_ratio

__all__ = [
    "Reciprocity",
    "ShareRatios",
    "gini",
    "herfindahl_hirschman_index",
    "reciprocity",
    "share_ratio",
    "theil_index",
]

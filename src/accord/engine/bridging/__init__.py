"""Bridging rank: order items by support *across* groups, not by the largest group alone.

Offers

- :func:`~accord.engine.bridging.consensus.support_by_group`: how many supporters each item
  has in each group, and how many voters each group has, from (participant, item) pairs;
- :func:`~accord.engine.bridging.consensus.group_informed_consensus`: Pol.is'
  group-informed consensus, the product over groups of
  ``(supporters + 1) / (voters in the group + 2)``;
- :func:`~accord.engine.bridging.consensus.bridging_order`: items ordered by it, ties
  broken by the plain count and then by position.

See docs/engine/bridging.md.
"""

from accord.engine.bridging.consensus import (
    bridging_order,
    group_informed_consensus,
    support_by_group,
)

__all__ = ["bridging_order", "group_informed_consensus", "support_by_group"]

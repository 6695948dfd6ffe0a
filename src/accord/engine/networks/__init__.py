"""Networks between partners.

- :mod:`~accord.engine.networks.metrics`: :func:`network_metrics` (density, Freeman degree
  centralization, betweenness, reciprocity, computed with rustworkx).
- :mod:`~accord.engine.networks.trust_value`: :func:`trust_value_scores` (PARTNER's trust
  and value per pair, member and network).
- :mod:`~accord.engine.networks.changes`: :func:`compare_waves`, the ties added, lost and
  changed between two survey waves, with the metrics of each.
- :mod:`~accord.engine.networks.layout`: :func:`stress_layout`, a deterministic layout.
- :mod:`~accord.engine.networks.graph_svg`: :func:`network_svg`, the network picture as an
  accessible SVG with a legend.
- :mod:`~accord.engine.networks.svg`: :func:`flow_network_svg` draws who gives to whom
  as a self-contained, accessible SVG (reciprocity itself is
  :func:`accord.engine.equity.reciprocity`).
"""

from accord.engine.networks.changes import TieChange, WaveComparison, compare_waves
from accord.engine.networks.graph_svg import PictureText, network_svg
from accord.engine.networks.layout import stress_layout
from accord.engine.networks.metrics import (
    NetworkMetrics,
    directed_ties,
    freeman_degree_centralization,
    network_metrics,
)
from accord.engine.networks.svg import flow_network_svg
from accord.engine.networks.trust_value import (
    NodeTrustValue,
    Rating,
    TrustValueScores,
    trust_value_scores,
)

__all__ = [
    "NetworkMetrics",
    "NodeTrustValue",
    "PictureText",
    "Rating",
    "TieChange",
    "TrustValueScores",
    "WaveComparison",
    "compare_waves",
    "directed_ties",
    "flow_network_svg",
    "freeman_degree_centralization",
    "network_metrics",
    "network_svg",
    "stress_layout",
    "trust_value_scores",
]

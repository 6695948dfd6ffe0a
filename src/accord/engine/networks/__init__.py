"""Networks between partners.

- :mod:`~accord.engine.networks.svg`: :func:`flow_network_svg` draws who gives to whom
  as a self-contained, accessible SVG (reciprocity itself is
  :func:`accord.engine.equity.reciprocity`).
"""

from accord.engine.networks.svg import flow_network_svg

__all__ = ["flow_network_svg"]

"""Background work for participation, run by the task worker (``accord serve`` starts one):

- :func:`round_advance_when_due` -- move a round to its next phase at the phase's date
  (entering the results of a budget round computes its outcome);
- :func:`opinion_map_build` -- compute a large round's opinion map for its current version
  into the cache, telling the page how far it got (queued by the first page that finds
  the map out of date).

They are defined in ``services/deadlines.py`` and ``services/opinion_map.py``, beside the
services that queue them, so that every import points down
(docs/contributing/app-shape.md, "Tasks"); this module lists them.
"""

from accord.participation.services.deadlines import round_advance_when_due
from accord.participation.services.opinion_map import opinion_map_build

__all__ = ["opinion_map_build", "round_advance_when_due"]

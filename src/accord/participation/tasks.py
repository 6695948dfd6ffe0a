"""Background work for participation, run by the task worker (``accord serve`` starts one):

- :func:`round_advance_when_due` -- move a round to its next phase at the phase's date
  (entering the results of a budget round computes its outcome).

It is defined in ``services/deadlines.py``, beside the services that queue it, so that every
import points down (docs/contributing/app-shape.md, "Tasks"); this module lists it.
"""

from accord.participation.services.deadlines import round_advance_when_due

__all__ = ["round_advance_when_due"]

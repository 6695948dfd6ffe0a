"""Background work for decisions, run by the task worker (``accord serve`` starts one):

- :func:`proposal_close_when_due` -- close a proposal at its voting deadline;
- :func:`proposal_remind_when_due` -- remind those who have not voted, a day before;
- :func:`power_analysis_compute` -- compute a power analysis queued when a rule, a rule
  assignment or the membership changed (or asked for from the page).

They are defined in ``services/deadlines.py`` and ``services/power.py``, beside the
services that queue them, so that every import points down
(docs/contributing/app-shape.md, "Tasks"); this module lists them.
"""

from accord.decisions.services.deadlines import proposal_close_when_due, proposal_remind_when_due
from accord.decisions.services.power import power_analysis_compute

__all__ = ["power_analysis_compute", "proposal_close_when_due", "proposal_remind_when_due"]

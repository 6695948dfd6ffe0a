"""Background work for results, for the worker and for readers. Each task is defined
beside the service it runs and queued by the service that sets its moment:

- ``action_item_remind_before_due`` and ``action_item_remind_overdue``
  (``services.reminders``): remind an action item's owner two days before the due date
  and once it is overdue; queued when the item is created, harmless early, late or twice.
- ``report_pdf_build`` (``report_pdf``): make a long period report's PDF into the cache;
  queued by the first request for it, harmless late or twice.
"""

from accord.results.report_pdf import report_pdf_build
from accord.results.services.reminders import (
    action_item_remind_before_due,
    action_item_remind_overdue,
)

__all__ = ["action_item_remind_before_due", "action_item_remind_overdue", "report_pdf_build"]

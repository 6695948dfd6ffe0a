"""Every write about results. Each checks permission, validates, runs in one transaction
and records an event.

Callers import the package and call ``services.<name>``; the modules hold one subject each:

- ``indicators`` -- :func:`indicator_create`, :func:`indicator_create_from_library`,
  :func:`indicator_update`, :func:`indicator_targets_set`;
- ``measurements`` -- :func:`measurement_create`, :func:`measurement_update`,
  :func:`measurement_evidence_attach`, :func:`measurement_submit`,
  :func:`measurement_return`, :func:`measurement_approve`, :func:`measurement_lock`,
  :func:`measurement_correct`, :func:`measurement_discard`;
- ``commitments`` -- :func:`commitment_create`, :func:`commitment_status_set`,
  :func:`commitment_confirm`;
- ``action_items`` -- :func:`action_item_create`, :func:`action_item_complete`,
  :func:`action_item_reassign`;
- ``reminders`` -- the action items' reminders and their tasks
  (:func:`action_item_reminder_send`; listed in ``accord.results.tasks``);
- ``benefits`` -- the benefits ledger: :func:`benefit_record`, :func:`benefit_reverse`;
- ``_common`` -- parsing numbers of an indicator's type, membership checks.
"""

from accord.results.services.action_items import (
    action_item_complete,
    action_item_create,
    action_item_reassign,
)
from accord.results.services.benefits import benefit_record, benefit_reverse
from accord.results.services.commitments import (
    commitment_confirm,
    commitment_create,
    commitment_status_set,
)
from accord.results.services.indicators import (
    indicator_create,
    indicator_create_from_library,
    indicator_targets_set,
    indicator_update,
)
from accord.results.services.measurements import (
    measurement_approve,
    measurement_correct,
    measurement_create,
    measurement_discard,
    measurement_evidence_attach,
    measurement_lock,
    measurement_return,
    measurement_submit,
    measurement_update,
)

__all__ = [
    "action_item_complete",
    "action_item_create",
    "action_item_reassign",
    "benefit_record",
    "benefit_reverse",
    "commitment_confirm",
    "commitment_create",
    "commitment_status_set",
    "indicator_create",
    "indicator_create_from_library",
    "indicator_targets_set",
    "indicator_update",
    "measurement_approve",
    "measurement_correct",
    "measurement_create",
    "measurement_discard",
    "measurement_evidence_attach",
    "measurement_lock",
    "measurement_return",
    "measurement_submit",
    "measurement_update",
]

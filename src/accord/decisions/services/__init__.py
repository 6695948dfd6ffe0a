"""Every write about decisions. Each checks permission, validates, runs in one transaction
and records an event.

Callers import the package and call ``services.<name>``; the modules hold one subject each:

- ``rules`` -- :func:`rule_create`, :func:`rule_assign` (the founding choice only),
  :func:`rule_assignment_apply`, :func:`rule_check_fits_kind`;
- ``proposals`` -- :func:`proposal_create`, :func:`proposal_advance`,
  :func:`proposal_withdraw`, :func:`proposal_mark_implemented`, :func:`comment_add`;
- ``ballots`` -- :func:`ballot_cast` (the voter keys of secret ballots are ``accord.decisions.pseudonyms``);
- ``closing`` -- :func:`proposal_close`, :func:`proposal_close_if_due`,
  :func:`proposals_close_due`, :func:`decision_rationale_add`, :func:`motion_ballots`.

- ``alternatives`` -- :func:`alternatives_set`, :func:`snapshot_with_alternatives`,
  :func:`ballot_preferences` (choices among alternatives);
- ``subjects`` -- proposals that decide a step of the foundation (admission, charter,
  rule adoption); ``effects`` -- :func:`subject_effect_apply`, what their outcome does;
- ``deadlines`` -- the tasks that close a vote at its deadline and remind voters the day
  before, queued by :func:`deadlines_schedule` when voting opens;
- ``power`` -- power analyses computed by the task worker: :func:`power_queue` (called by
  the rule services and when the membership changes), :func:`power_request` (the page's
  "Compute" button), the task :func:`power_analysis_compute` and
  :func:`power_compute_queued`;
- ``notices`` -- who is told what, when (``services.notices.<name>``).
"""

from accord.decisions.services.alternatives import (
    alternatives_set,
    ballot_preferences,
    snapshot_with_alternatives,
)
from accord.decisions.services.ballots import ballot_cast
from accord.decisions.services.closing import (
    ChambersResult,
    decision_rationale_add,
    motion_ballots,
    proposal_close,
    proposal_close_if_due,
    proposals_close_due,
)
from accord.decisions.services.effects import subject_effect_apply
from accord.decisions.services.power import (
    membership_changed,
    power_analysis_compute,
    power_compute_queued,
    power_queue,
    power_request,
)
from accord.decisions.services.proposals import (
    comment_add,
    proposal_advance,
    proposal_create,
    proposal_mark_implemented,
    proposal_withdraw,
)
from accord.decisions.services.rules import (
    rule_assign,
    rule_assignment_apply,
    rule_check_fits_kind,
    rule_create,
)
from accord.decisions.services.subjects import (
    admission_propose,
    charter_publication_propose,
    rule_adoption_propose,
)

__all__ = [
    "ChambersResult",
    "admission_propose",
    "alternatives_set",
    "ballot_cast",
    "ballot_preferences",
    "charter_publication_propose",
    "comment_add",
    "decision_rationale_add",
    "membership_changed",
    "motion_ballots",
    "power_analysis_compute",
    "power_compute_queued",
    "power_queue",
    "power_request",
    "proposal_advance",
    "proposal_close",
    "proposal_close_if_due",
    "proposal_create",
    "proposal_mark_implemented",
    "proposal_withdraw",
    "proposals_close_due",
    "rule_adoption_propose",
    "rule_assign",
    "rule_assignment_apply",
    "rule_check_fits_kind",
    "rule_create",
    "snapshot_with_alternatives",
    "subject_effect_apply",
]

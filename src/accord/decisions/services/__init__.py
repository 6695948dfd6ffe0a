"""Every write about decisions. Each checks permission, validates, runs in one transaction
and records an event.

Callers import the package and call ``services.<name>``; the modules hold one subject each:

- ``rules`` -- :func:`rule_create`, :func:`rule_assign` (the founding choice only),
  :func:`rule_assignment_apply`, :func:`rule_check_fits_kind`;
- ``proposals`` -- :func:`proposal_create`, :func:`proposal_advance`,
  :func:`proposal_withdraw`, :func:`proposal_mark_implemented`, :func:`comment_add`;
- ``ballots`` -- :func:`ballot_cast`, :func:`ballot_pseudonym`, :func:`person_pseudonym`;
- ``closing`` -- :func:`proposal_close`, :func:`proposal_close_if_due`,
  :func:`proposals_close_due`, :func:`decision_rationale_add`, :func:`motion_ballots`.

Proposals that decide a step of the foundation live in ``accord.decisions.subjects``.
"""

from accord.decisions.services.ballots import ballot_cast, ballot_pseudonym, person_pseudonym
from accord.decisions.services.closing import (
    ChambersResult,
    decision_rationale_add,
    motion_ballots,
    proposal_close,
    proposal_close_if_due,
    proposals_close_due,
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

__all__ = [
    "ChambersResult",
    "ballot_cast",
    "ballot_pseudonym",
    "comment_add",
    "decision_rationale_add",
    "motion_ballots",
    "person_pseudonym",
    "proposal_advance",
    "proposal_close",
    "proposal_close_if_due",
    "proposal_create",
    "proposal_mark_implemented",
    "proposal_withdraw",
    "proposals_close_due",
    "rule_assign",
    "rule_assignment_apply",
    "rule_check_fits_kind",
    "rule_create",
]

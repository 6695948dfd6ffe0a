"""Every write about participation. Each checks permission, validates, runs in one
transaction and records an event.

Callers import the package and call ``services.<name>``; the modules hold one subject each:

- ``rounds`` -- :func:`round_create`, :func:`round_open` (dates, and the rule of a budget
  round), :func:`facilitator_add`;
- ``deadlines`` -- phases move on at their dates (:func:`round_advance_when_due`, a task
  queued by :func:`phases_schedule`) or early (:func:`round_phase_advance`);
- ``issues`` -- :func:`issue_submit`, :func:`issue_support`, :func:`issue_unsupport`,
  :func:`issue_hide`, :func:`issue_merge`, :func:`issue_to_proposal`,
  :func:`issue_to_activity`;
- ``opinions`` -- :func:`statement_add`, :func:`statement_vote`, :func:`statement_hide`;
- ``opinion_map`` -- the map a page shows (:func:`opinion_map_for_page`), a large round's
  computed by the task worker (:func:`opinion_map_build`);
- ``budget`` -- :func:`project_propose`, :func:`issue_to_project`, :func:`project_review`,
  :func:`ballot_cast`, :func:`paper_ballot_enter`, :func:`round_winners_fund`;
- ``outcome`` -- :func:`outcome_compute`, the engine's result and its explanation;
- ``pabulib`` -- :func:`round_import_pabulib`;
- ``public`` -- the public's email confirmation (:func:`public_join_request`,
  :func:`public_join_confirm`).
"""

from accord.participation.services.budget import (
    ballot_cast,
    issue_to_project,
    paper_ballot_enter,
    project_propose,
    project_review,
    round_winners_fund,
)
from accord.participation.services.deadlines import (
    phases_schedule,
    round_advance_if_due,
    round_advance_when_due,
    round_phase_advance,
)
from accord.participation.services.issues import (
    issue_hide,
    issue_merge,
    issue_submit,
    issue_support,
    issue_to_activity,
    issue_to_proposal,
    issue_unsupport,
)
from accord.participation.services.opinion_map import opinion_map_build, opinion_map_for_page
from accord.participation.services.opinions import statement_add, statement_hide, statement_vote
from accord.participation.services.outcome import outcome_compute
from accord.participation.services.pabulib import election_read, round_import_pabulib
from accord.participation.services.public import (
    public_join_confirm,
    public_join_request,
    public_join_token,
)
from accord.participation.services.rounds import (
    facilitator_add,
    round_create,
    round_open,
    round_open_propose,
    round_opening_effect,
)

__all__ = [
    "ballot_cast",
    "election_read",
    "facilitator_add",
    "issue_hide",
    "issue_merge",
    "issue_submit",
    "issue_support",
    "issue_to_activity",
    "issue_to_project",
    "issue_to_proposal",
    "issue_unsupport",
    "opinion_map_build",
    "opinion_map_for_page",
    "outcome_compute",
    "paper_ballot_enter",
    "phases_schedule",
    "project_propose",
    "project_review",
    "public_join_confirm",
    "public_join_request",
    "public_join_token",
    "round_advance_if_due",
    "round_advance_when_due",
    "round_create",
    "round_import_pabulib",
    "round_open",
    "round_open_propose",
    "round_opening_effect",
    "round_phase_advance",
    "round_winners_fund",
    "statement_add",
    "statement_hide",
    "statement_vote",
]

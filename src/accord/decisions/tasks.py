"""Background work for decisions: close a proposal at its deadline, and remind the members
that have not voted a day before. Thin: loads the id and calls the service.

Each task is queued for its moment (``run_after``) by the service that sets the deadline,
and ``accord serve`` runs a worker beside the web server. Pages never close anything:
reading never writes. ``accord decisions_sweep`` does the same work for operators who run
no worker.

Both tasks are harmless at any time. Run late, they act once (the services lock the
proposal row; a decision is stored once, a reminder is sent once). Run early, which happens
when a deadline was moved later after the task was queued, they do nothing and queue
themselves again for the new moment.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.tasks import Task, task
from django.utils import timezone

from accord.decisions import services
from accord.decisions.models import Proposal, ProposalStatus
from accord.decisions.services import notices


def _again_at(task_: Task, proposal_id: int, moment: datetime) -> None:
    """Queue ``task_`` for ``moment`` after the current transaction commits."""
    if not task_.get_backend().supports_defer:
        return

    def enqueue() -> None:
        task_.using(run_after=moment).enqueue(proposal_id)

    transaction.on_commit(enqueue)


@task
def proposal_close_when_due(proposal_id: int) -> str:
    """Close the proposal if its deadline has passed; its outcome, or why not."""
    proposal = Proposal.objects.filter(pk=proposal_id).select_related("partnership").first()
    if proposal is None:
        return "gone"
    now = timezone.now()
    decision = services.proposal_close_if_due(proposal=proposal, now=now)
    if decision is not None:
        return decision.outcome
    closes_at = proposal.voting_closes_at
    if proposal.status == ProposalStatus.VOTING and closes_at is not None and closes_at > now:
        _again_at(proposal_close_when_due, proposal_id, closes_at)
    return "not due"


@task
def proposal_remind_when_due(proposal_id: int) -> str:
    """Remind the members that have not voted, 24 hours before the close (idempotent)."""
    proposal = Proposal.objects.filter(pk=proposal_id).first()
    if proposal is None:
        return "gone"
    now = timezone.now()
    due = notices.reminder_due_at(proposal)
    if proposal.status == ProposalStatus.VOTING and due is not None and due > now:
        _again_at(proposal_remind_when_due, proposal_id, due)
    return f"{notices.voting_reminder_send(proposal=proposal, now=now)} reminded"

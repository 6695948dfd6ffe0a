"""Deadlines: close a proposal when its vote ends, and remind the voters who have not voted
a day before. Both are tasks for the worker, queued for their moment by
:func:`deadlines_schedule` when voting opens (``proposal_advance``).

The task functions live here, beside the services they run, so that the services that
queue them import nothing above themselves; ``accord.decisions.tasks`` lists them for the
worker and for readers (docs/contributing/app-shape.md, "Tasks"). Pages never close
anything: reading never writes. ``accord decisions_sweep`` does the same work for
operators who run no worker.

Both tasks are harmless at any time. Run late, they act once (the services lock the
proposal row; a decision is stored once, a reminder is sent once). Run early, which
happens when a deadline was moved later after the task was queued, they do nothing and
queue themselves again for the new moment.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.tasks import Task, task
from django.utils import timezone

from accord.decisions.models import Proposal, ProposalStatus
from accord.decisions.services import notices
from accord.decisions.services.closing import proposal_close_if_due


def _queue_at(task_: Task, proposal_id: int, moment: datetime) -> None:
    """Queue ``task_`` for ``moment`` after the current transaction commits."""
    if not task_.get_backend().supports_defer:
        return

    def enqueue() -> None:
        task_.using(run_after=moment).enqueue(proposal_id)

    transaction.on_commit(enqueue)


def deadlines_schedule(proposal: Proposal) -> None:
    """Queue the close at the proposal's deadline and the reminder a day before (call inside
    the transaction that opens voting; nothing is queued if it rolls back)."""
    if proposal.voting_closes_at is not None:
        _queue_at(proposal_close_when_due, proposal.pk, proposal.voting_closes_at)
    reminder_at = notices.reminder_due_at(proposal)
    if reminder_at is not None:
        _queue_at(proposal_remind_when_due, proposal.pk, reminder_at)


@task
def proposal_close_when_due(proposal_id: int) -> str:
    """Close the proposal if its deadline has passed; its outcome, or why not."""
    proposal = Proposal.objects.filter(pk=proposal_id).select_related("partnership").first()
    if proposal is None:
        return "gone"
    now = timezone.now()
    decision = proposal_close_if_due(proposal=proposal, now=now)
    if decision is not None:
        return decision.outcome
    closes_at = proposal.voting_closes_at
    if proposal.status == ProposalStatus.VOTING and closes_at is not None and closes_at > now:
        _queue_at(proposal_close_when_due, proposal_id, closes_at)
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
        _queue_at(proposal_remind_when_due, proposal_id, due)
    return f"{notices.voting_reminder_send(proposal=proposal, now=now)} reminded"

"""Background work for decisions: close a proposal at its deadline, and remind the members
that have not voted a day before. Thin: loads the id and calls the service. Pages close due
proposals lazily too, and ``accord decisions_sweep`` does both for operators without a
worker, so no result depends on one."""

from __future__ import annotations

from django.tasks import task


@task
def proposal_close_when_due(proposal_id: int) -> str:
    from accord.decisions import services
    from accord.decisions.models import Proposal

    proposal = Proposal.objects.filter(pk=proposal_id).select_related("partnership").first()
    if proposal is None:
        return "gone"
    decision = services.proposal_close_if_due(proposal=proposal)
    return decision.outcome if decision is not None else "not due"


@task
def proposal_remind_when_due(proposal_id: int) -> str:
    """Remind the members that have not voted, 24 hours before the close (idempotent)."""
    from accord.decisions import notices
    from accord.decisions.models import Proposal

    proposal = Proposal.objects.filter(pk=proposal_id).first()
    if proposal is None:
        return "gone"
    return f"{notices.voting_reminder_send(proposal=proposal)} reminded"

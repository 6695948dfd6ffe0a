"""Background work for decisions: close a proposal at its deadline. Thin: loads the id and
calls the service. Pages close due proposals lazily too, so no result depends on a worker."""

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

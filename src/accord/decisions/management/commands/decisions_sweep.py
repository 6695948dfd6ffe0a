"""Close proposals whose voting ended, send the closing reminders that are due, and compute
the power analyses that are queued.

``accord serve`` runs a task worker that does this at the right moment; this command is for
operators who run none (``accord serve --no-worker`` and no ``accord db_worker``): run it
from cron, e.g. every 15 minutes. Safe to run as often as you like and alongside a worker:
closing is idempotent, a reminder is never sent twice, and a power analysis is computed once.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from accord.decisions import selectors, services
from accord.decisions.services import notices


class Command(BaseCommand):
    help = (
        "Close proposals past their deadline, send due 24-hour voting reminders and compute "
        "queued power analyses."
    )

    def handle(self, *args: object, **options: object) -> None:
        now = timezone.now()
        closed = sum(
            services.proposal_close_if_due(proposal=proposal, now=now) is not None
            for proposal in selectors.proposals_due(now=now)
        )
        reminded_proposals = reminded_people = 0
        for proposal in notices.proposals_reminder_due(now=now):
            people = notices.voting_reminder_send(proposal=proposal, now=now)
            reminded_proposals += bool(people)
            reminded_people += people
        self.stdout.write(
            f"Closed {closed} proposal(s); reminded {reminded_people} person(s) "
            f"about {reminded_proposals} proposal(s)."
        )
        computed = services.power_compute_queued()
        self.stdout.write(f"Computed {computed} queued power analysis(es).")

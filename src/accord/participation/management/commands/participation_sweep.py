"""Move participation rounds whose phase has ended into their next phase (a budget round
entering its results gets its outcome).

``accord serve`` runs a task worker that does this at each date; this command is for
operators who run none: run it from cron, e.g. every 15 minutes. Safe to run as often as you
like and alongside a worker: a round moves on once per phase whose date has passed.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from accord.participation import selectors, services


class Command(BaseCommand):
    help = "Move participation rounds past a phase's date into their next phase."

    def handle(self, *args: object, **options: object) -> None:
        now = timezone.now()
        moved = sum(
            bool(services.round_advance_if_due(round_=round_, now=now))
            for round_ in selectors.rounds_due(now=now).select_related("partnership")
        )
        self.stdout.write(f"Moved {moved} round(s) on.")

"""Send the action items' reminders that are due.

``accord serve`` runs a task worker that sends each reminder at its moment; this command
is for operators who run none (``accord serve --no-worker`` and no ``accord db_worker``):
run it from cron, e.g. every hour. Safe to run as often as you like and beside a worker: a
reminder is never sent twice.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from accord.results.services import reminders


class Command(BaseCommand):
    help = "Send the due and overdue reminders of action items that have not gone out yet."

    def handle(self, *args: object, **options: object) -> None:
        sent = reminders.action_item_reminders_send_due()
        self.stdout.write(f"Sent {sent} action item reminder(s).")

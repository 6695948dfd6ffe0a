"""Queue the sending of the digests that are due, for the task worker (run it hourly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accord.web.digests import services


class Command(BaseCommand):
    help = (
        "Queue the task that emails every due digest (daily or weekly, per person); "
        "with --now, send them here without the worker. Run it hourly (cron, systemd timer)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="send here, not by the worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            sent = services.digests_send_all()
            self.stdout.write(f"Sent {sent} digest(s).")
            return
        services.digests_send_due.enqueue()
        self.stdout.write("Queued the digests for the task worker.")

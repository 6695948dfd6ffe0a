"""Django's ``flush``, past the append-only guards: emptying the whole database (as the
test runner does between transactional tests) removes append-only rows too. A row-by-row
DELETE of them is still refused (``accord.core.append_only``)."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand

from accord.core.append_only import flushing


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        with flushing():
            super().handle(**options)

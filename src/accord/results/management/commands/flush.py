"""Django's ``flush``, past the results guards: emptying the whole database (as the test
runner does between transactional tests) removes locked measurements and benefits too.
A row-by-row DELETE of them is still refused (``accord.results.database_guards``)."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand

from accord.results.database_guards import flushing


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        with flushing():
            super().handle(**options)

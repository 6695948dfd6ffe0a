"""``accord backup FILE``: a consistent snapshot of the running instance, uploads included
(accord.core.backups)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accord.core.backups import BackupError, backup


class Command(BaseCommand):
    help = "Write one archive with the database (SQLite online backup or pg_dump) and the uploads."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the archive to write (e.g. accord-2026-12-06.tar.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(Path(options["file"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            f"{options['file']}: {manifest['engine']} database, {rows} rows, and the uploads"
        )

"""``accord restore FILE [--force]``: bring an ``accord backup`` archive back into an
empty instance (accord.core.backups)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accord.core.backups import BackupError, restore


class Command(BaseCommand):
    help = "Restore an archive written by 'accord backup' into an empty instance."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the archive written by accord backup")
        parser.add_argument(
            "--force", action="store_true", help="replace the data of an instance that is not empty"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} does not exist")
        try:
            manifest = restore(path, force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored the backup made at {manifest['made_at']}; run 'accord verify' to check it"
        )

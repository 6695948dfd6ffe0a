"""``accord export SLUG [--format json|csv|xlsx] [--output PATH]`` (export_partnership).

Exit codes (docs/operator-guide.md, "Export and import from scripts"): 0 written; 2 a
wrong argument (an unknown format); 3 no partnership has that slug; 5 the output file
cannot be written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accord.errors import NotFound
from accord.interop import partnership_export
from accord.interop.selectors import partnership_for_operator

#: ``accord export``'s exit codes besides 0 (a script can tell them apart).
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_CANNOT_WRITE = 5


class Command(BaseCommand):
    help = _(
        "Write a whole partnership — memberships, participants, charter, activities, pledges, "
        "ledger, decisions — as JSON (one document), CSV (a zip of one file per table) or "
        "XLSX (a sheet per table), to a file or to standard output. Spreadsheet cells that "
        "could run as formulas start with an apostrophe. Exit codes: 0 written, 2 wrong "
        "argument, 3 no such partnership, 5 the file cannot be written."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("slug", help=_("the partnership's slug, as in /p/SLUG/"))
        parser.add_argument(
            "--format",
            default="json",
            choices=partnership_export.FORMATS,
            help=_("json (default), csv (a zip of CSV files) or xlsx"),
        )
        parser.add_argument(
            "--output", "-o", type=Path, help=_("the file to write (default: standard output)")
        )

    def handle(
        self, *args: Any, slug: str, format: str, output: Path | None, **options: Any
    ) -> None:
        try:
            partnership = partnership_for_operator(slug=slug)
        except NotFound as exc:
            raise CommandError(exc.message, returncode=EXIT_NOT_FOUND) from exc
        content = partnership_export.write(partnership=partnership, format=format)
        if output is None:
            stream = getattr(self.stdout._out, "buffer", None)
            if stream is None:  # a text stream (call_command in tests): JSON only
                if format != "json":
                    raise CommandError(
                        _("Give --output for %(format)s.") % {"format": format},
                        returncode=EXIT_USAGE,
                    )
                self.stdout.write(content.decode(), ending="")
                return
            stream.write(content)
            stream.flush()
            return
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(path)s: %(reason)s") % {"path": output, "reason": exc.strerror},
                returncode=EXIT_CANNOT_WRITE,
            ) from exc
        self.stderr.write(
            _("Wrote %(slug)s as %(format)s to %(path)s (%(size)s bytes).")
            % {"slug": slug, "format": format, "path": output, "size": f"{len(content):,}"}
        )

"""``accord import SLUG FILE --as EMAIL [--kind ledger|pledges] [--dry-run]``
(import_partnership): pledges or ledger entries from CSV or XLSX, through the same
all-or-nothing import as the web page (``resources.imports.import_file``).

Exit codes (docs/operator-guide.md, "Export and import from scripts"): 0 imported (or, with
``--dry-run``, would be); 1 the file has problems, each printed with its line and column,
and nothing was imported; 2 a wrong argument; 3 no such partnership, person or file;
4 refused: the partnership is closed, or the person may not import into it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accord.errors import AccordError, Forbidden, NotFound
from accord.interop.selectors import partnership_for_operator
from accord.partnerships.models import Status
from accord.resources import imports

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_REFUSED = 4


def detect_kind(content: bytes, filename: str) -> str | None:
    """ "ledger" or "pledges", by the columns of the file's header; None if neither fits."""
    table = imports.read_table(content, filename)
    present = set(table.rows[0]) if table.rows else set()
    fits = [kind for kind, needed in imports.REQUIRED.items() if set(needed) <= present]
    return fits[0] if len(fits) == 1 else None


class Command(BaseCommand):
    help = _(
        "Import pledges or ledger entries into a partnership from a CSV or XLSX file, as a "
        "coordinator: every row is posted, or none is and every problem is printed with its "
        "line. The columns are those of the web import (see its page, or the template file). "
        "Exit codes: 0 imported, 1 problems in the file (nothing imported), 2 wrong argument, "
        "3 no such partnership, person or file, 4 refused (closed partnership, or not a "
        "coordinator)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("slug", help=_("the partnership's slug, as in /p/SLUG/"))
        parser.add_argument("file", type=Path, help=_("a .csv or .xlsx file"))
        parser.add_argument(
            "--as",
            dest="email",
            required=True,
            help=_("the coordinator who imports (email); the entries are posted in their name"),
        )
        parser.add_argument(
            "--kind",
            choices=sorted(imports.REQUIRED),
            help=_("what the file holds (default: read from its columns)"),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("check every row and say what would be imported; keep nothing"),
        )

    def handle(
        self,
        *args: Any,
        slug: str,
        file: Path,
        email: str,
        kind: str | None,
        dry_run: bool,
        **options: Any,
    ) -> None:
        try:
            partnership = partnership_for_operator(slug=slug)
        except NotFound as exc:
            raise CommandError(exc.message, returncode=EXIT_NOT_FOUND) from exc
        if partnership.status == Status.CLOSED:
            raise CommandError(
                _("%(name)s is closed: nothing can be imported into it.")
                % {"name": partnership.name},
                returncode=EXIT_REFUSED,
            )
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(
                _("No one with the email %(email)s uses Accord.") % {"email": email},
                returncode=EXIT_NOT_FOUND,
            )
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s") % {"path": file, "reason": exc.strerror},
                returncode=EXIT_NOT_FOUND,
            ) from exc
        try:
            if kind is None:
                kind = detect_kind(content, file.name)
                if kind is None:
                    raise CommandError(
                        _(
                            "Say what the file holds with --kind ledger or --kind pledges: "
                            "its columns fit neither, or both."
                        ),
                        returncode=EXIT_USAGE,
                    )
            preview = imports.import_file(
                actor=user,
                partnership=partnership,
                kind=kind,
                content=content,
                filename=file.name,
                preview=dry_run,
            )
        except imports.ImportRejected as exc:
            for problem in exc.errors:
                self.stderr.write(f"{file}: {problem}")
            raise CommandError(
                _("Nothing was imported: %(count)s problem(s).") % {"count": len(exc.errors)},
                returncode=EXIT_PROBLEMS,
            ) from exc
        except Forbidden as exc:
            raise CommandError(
                _("%(email)s may not import into %(name)s: only its coordinators do.")
                % {"email": email, "name": partnership.name},
                returncode=EXIT_REFUSED,
            ) from exc
        except AccordError as exc:  # the file cannot be read, has no rows, is too long
            raise CommandError(f"{file}: {exc.message}", returncode=EXIT_PROBLEMS) from exc
        message = (
            _(
                "%(count)s %(kind)s row(s) of %(file)s would be imported into %(slug)s (nothing kept)."
            )
            if dry_run
            else _("Imported %(count)s %(kind)s row(s) of %(file)s into %(slug)s.")
        )
        self.stdout.write(
            message % {"count": preview.count, "kind": kind, "file": file, "slug": slug}
        )

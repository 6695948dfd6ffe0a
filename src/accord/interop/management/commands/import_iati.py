"""``accord import_iati FILE --as EMAIL`` (also ``accord import iati FILE``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accord.errors import AccordError
from accord.interop import services
from accord.interop.selectors import partnership_for_operator


class Command(BaseCommand):
    help = _(
        "Start or update a partnership from an IATI activity file, as a person "
        "(who becomes the coordinator of a new partnership)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--as", dest="email", required=True, help=_("who imports (email)"))
        parser.add_argument("--into", dest="slug", help=_("the partnership to update"))
        parser.add_argument(
            "--activity", help=_("the iati-identifier, when the file holds several")
        )

    def handle(
        self,
        *args: Any,
        file: Path,
        email: str,
        slug: str | None,
        activity: str | None,
        **options: Any,
    ) -> None:
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(_("No one with the email %(email)s uses Accord.") % {"email": email})
        try:
            partnership = partnership_for_operator(slug=slug) if slug else None
            report = services.iati_import(
                actor=user,
                content=file.read_bytes(),
                partnership=partnership,
                activity_identifier=activity,
            )
        except AccordError as exc:
            # the message quotes the validator's first five messages; the rest follow
            problems = [exc.message, *exc.field_errors.get("file", [])[5:]]
            raise CommandError("\n".join(problems)) from exc
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "%(verb)s %(slug)s from %(id)s: %(posted)s transaction(s) posted, %(reversed)s reversed, %(indicators)s indicator(s)."
            )
            % {
                "verb": _("Started") if report.created else _("Updated"),
                "slug": report.partnership.slug,
                "id": report.identifier,
                "posted": report.transactions_posted,
                "reversed": report.transactions_reversed,
                "indicators": report.indicators,
            }
        )
        for warning in report.warnings:
            self.stderr.write(warning)

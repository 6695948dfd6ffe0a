"""``accord export_iati SLUG`` (also ``accord export iati SLUG``): the file to stdout."""

from __future__ import annotations

import codecs
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accord.errors import AccordError
from accord.interop import selectors
from accord.interop.models import Scope


class Command(BaseCommand):
    help = _("Write a partnership's IATI 2.03 activity file to standard output.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("slug")
        parser.add_argument(
            "--scope",
            choices=Scope.values,
            help=_("one iati-activity, or one per workplan activity (default: the stored choice)"),
        )

    def handle(self, *args: Any, slug: str, scope: str | None, **options: Any) -> None:
        try:
            partnership = selectors.partnership_for_operator(slug=slug)
        except AccordError as exc:
            raise CommandError(exc.message) from exc
        binary = getattr(self.stdout._out, "buffer", None)
        decoder = codecs.getincrementaldecoder("utf-8")()
        for chunk in selectors.iati_stream(partnership=partnership, scope=scope):
            if binary is not None:
                binary.write(chunk)
            else:
                self.stdout.write(decoder.decode(chunk), ending="")
        if binary is not None:
            binary.flush()

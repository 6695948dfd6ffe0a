"""``accord verify [SLUG]``: recompute each partnership's hash chain; exit 1 at the first
link whose record no longer matches (docs/decisions/0006-hash-chain.md)."""

from __future__ import annotations

import sys
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from accord.audit.verification import chain_verify


class Command(BaseCommand):
    help = "Recompute the hash chain of every partnership (or of SLUG's) and name the first broken link."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("slug", nargs="?", help="only this partnership")

    def handle(self, *args: Any, **options: Any) -> None:
        partnerships = apps.get_model("partnerships", "Partnership")._default_manager.order_by("id")
        if options["slug"]:
            partnerships = partnerships.filter(slug=options["slug"])
            if not partnerships.exists():
                raise CommandError(f"no partnership has the slug {options['slug']!r}")
        broken = 0
        for pk, slug in partnerships.values_list("pk", "slug"):
            report = chain_verify(pk)
            if report.ok:
                self.stdout.write(f"{slug}: {report.links} links, head {report.head}")
            else:
                broken += 1
                self.stdout.write(
                    f"{slug}: BROKEN at link {report.broken_seq} ({report.broken_record}): "
                    f"{report.reason}; the {report.links} links before it match"
                )
        if broken:
            self.stderr.write(f"{broken} chain(s) broken")
            sys.exit(1)

"""``accord rebuild-rollups [--partnership SLUG]``: recompute the ledger rollups and the
voice tallies from the raw records.

The services keep both up to date in the same transaction as each record; rebuild after
writing records around them (a bulk load, a restore from an older backup) or to check
them. Run it while nobody writes to the partnerships concerned.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.partnerships.models import Partnership
from accord.partnerships.services.voice import voice_tallies_rebuild
from accord.resources.services.rollups import ledger_rollups_rebuild


class Command(BaseCommand):
    help = "Recompute the ledger rollups and the voice tallies from the raw records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", metavar="SLUG", help="only this partnership")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership_id = None
        if options["partnership"]:
            partnership = Partnership.objects.filter(slug=options["partnership"]).first()
            if partnership is None:
                raise CommandError(f"No partnership with the slug {options['partnership']!r}.")
            partnership_id = partnership.pk
        entries = ledger_rollups_rebuild(partnership_id)
        acts = voice_tallies_rebuild(partnership_id)
        self.stdout.write(f"Summed {entries} ledger entries and counted {acts} acts of voice.")

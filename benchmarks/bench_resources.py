"""The resources summary read from the ledger's rollups, next to one SQL aggregate over the
raw ledger, with 1,000,000 entries (200,000 by default; ``--full`` for the million).

The data are those of ``bench_web`` (where the issue measured 3.9 s against 0.5 s): eight
members, one year (2025), disbursements, expenditure and in-kind deliveries in KES (the
reporting currency), EUR and USD, half of them against a pledge with monthly
installments. They are written around the services (``bulk_create`` on SQLite, ``COPY``
on PostgreSQL), so the rollups are rebuilt once afterwards (``ledger_rollups_rebuild``,
timed and printed).

"peer" is one ``SUM(value) ... GROUP BY provider, currency`` over the raw ledger: the floor
of any summary that reads the ledger. "ours" is:

1. the summary computed with an empty cache (``resource_summary``: totals per member, kind
   and quarter, reliability against the installments, leverage, reciprocity, the SVG);
2. the resources page rendered with an empty cache, through Django's test client;
3. the summary again after EUR rates were recorded on the first of every month (the
   same rate, so the totals stay comparable): every EUR quarter is then "split" and read
   from the raw ledger (see ``accord.resources.selectors_rollups``) -- the price of rates
   that change inside a quarter;
4. ``delivered_by_provider`` (the balance dashboard's read).

"identical": the delivered total of every member equals the aggregate converted at the
same rates, to the cent (the rates are whole numbers, so no rounding differs).

SQLite always, in a throwaway ACCORD_DATA_DIR; PostgreSQL too when DATABASE_URL is set, in
a database of its own on that server (``<name>_bench_resources``, dropped afterwards).
BENCH_RESOURCES_ROWS sets the number of entries. Each database runs in a subprocess.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from common import Row, Timing

SLUG = "bench-resources"
COORDINATOR = "coordinator@bench.example"
RATES = {"KES": Decimal(1), "EUR": Decimal(140), "USD": Decimal(130)}
AS_OF = date(2025, 12, 31)


def _setup_django(data_dir: Path, database_url: str | None) -> None:
    os.environ["ACCORD_DATA_DIR"] = str(data_dir)
    os.environ.pop("REDIS_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "accord.settings"
    os.environ.setdefault("ACCORD_MANIFEST_STATIC", "false")
    import django

    django.setup()


def _entries(n_rows: int, orgs: list[int], pledges: list[int]) -> Iterator[tuple[object, ...]]:
    """The bench_web ledger: (type, value, currency, date, provider, receiver, pledge)."""
    rng = random.Random(2026)
    start = date(2025, 1, 1)
    for _ in range(n_rows):
        provider, receiver = rng.sample(range(len(orgs)), 2)
        yield (
            rng.choice(("3", "4", "ik")),
            f"{rng.randint(100, 1_000_000) / 100:.2f}",
            rng.choice(("KES", "KES", "EUR", "USD")),
            start + timedelta(days=rng.randrange(365)),
            orgs[provider],
            orgs[receiver],
            pledges[provider] if rng.random() < 0.5 else None,
        )


def _populate(n_rows: int) -> dict[str, float]:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from accord.accounts.models import User
    from accord.partners.models import Affiliation, Organization
    from accord.partnerships.models import Membership, Participant, Partnership
    from accord.resources.models import ExchangeRate, LedgerEntry, Pledge, PledgeInstallment
    from accord.resources.services import rollups

    user = User.objects.create(email=COORDINATOR, name="Coordinator")
    partnership = Partnership.objects.create(
        name="Resources benchmark",
        slug=SLUG,
        purpose="Load test of the resources summary.",
        type="network",
        modality="business_ngo",
        reporting_currency="KES",
        status="active",
    )
    Participant.objects.create(partnership=partnership, user=user, role="coordinator")
    sectors = ["public", "private", "community", "civil_society", "academic", "philanthropic"]
    orgs, pledges = [], []
    for i in range(8):
        org = Organization.objects.create(
            name=f"Bench org {i}", sector=sectors[i % len(sectors)], capacity="medium"
        )
        Affiliation.objects.create(organization=org, user=user, is_representative=True)
        Membership.objects.create(
            partnership=partnership,
            organization=org,
            status="admitted",
            decided_at=datetime(2025, 1, 1, tzinfo=UTC),
        )
        pledge = Pledge.objects.create(
            partnership=partnership,
            organization=org,
            kind="money",
            description="Bench pledge",
            currency="KES",
            amount=Decimal("100000000"),
            starts_on=date(2025, 1, 1),
            ends_on=date(2025, 12, 31),
        )
        PledgeInstallment.objects.bulk_create(
            PledgeInstallment(
                pledge=pledge, due_on=date(2025, month, 28), amount=Decimal("8333333.33")
            )
            for month in range(1, 13)
        )
        orgs.append(org.pk)
        pledges.append(pledge.pk)
    for currency in ("EUR", "USD"):
        ExchangeRate.objects.create(
            partnership=partnership,
            currency=currency,
            valid_on=date(2025, 1, 1),
            to_reporting=RATES[currency],
        )
    started = time.perf_counter()
    rows = _entries(n_rows, orgs, pledges)
    if connection.vendor == "postgresql":
        columns = (
            "partnership_id, type, value, currency, value_date, provider_id, receiver_id, "
            "pledge_id, note, evidence, posted_by_id, posted_at"
        )
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY resources_ledgerentry ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row((partnership.pk, *row, "", "", user.pk, "2026-01-01T00:00:00Z"))
    else:
        batch = []
        for type_, value, currency, day, provider, receiver, pledge in rows:
            batch.append(
                LedgerEntry(
                    partnership_id=partnership.pk,
                    type=type_,
                    value=Decimal(value),
                    currency=currency,
                    value_date=day,
                    provider_id=provider,
                    receiver_id=receiver,
                    pledge_id=pledge,
                    posted_by_id=user.pk,
                )
            )
            if len(batch) == 20_000:
                LedgerEntry.objects.bulk_create(batch)
                batch = []
        LedgerEntry.objects.bulk_create(batch)
    loaded = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    started = time.perf_counter()
    rollups.ledger_rollups_rebuild(partnership.pk)
    rebuilt = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"load": loaded, "rebuild": rebuilt}


def _aggregate(partnership_id: int) -> tuple[float, dict[int, Decimal]]:
    """The floor: one SQL aggregate per provider and currency, converted in Python."""
    from django.db import connection

    from accord.resources.models import DELIVERY_TYPES

    started = time.perf_counter()
    placeholders = ", ".join(["%s"] * len(DELIVERY_TYPES))
    totals: dict[int, Decimal] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT provider_id, currency, SUM(value) FROM resources_ledgerentry "
            f"WHERE partnership_id = %s AND type IN ({placeholders}) "
            "GROUP BY provider_id, currency",
            [partnership_id, *DELIVERY_TYPES],
        )
        for provider, currency, total in cursor.fetchall():
            converted = (Decimal(str(total)) * RATES[currency]).quantize(Decimal("0.01"))
            totals[provider] = totals.get(provider, Decimal(0)) + converted
    return time.perf_counter() - started, totals


def _measure(n_rows: int) -> dict[str, object]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from accord.accounts.models import User
    from accord.partnerships.models import Partnership
    from accord.resources import selectors
    from accord.resources.models import ExchangeRate, LedgerEntry, LedgerRollup

    figures: dict[str, object] = {"vendor": connection.vendor, **_populate(n_rows)}
    partnership = Partnership.objects.get(slug=SLUG)
    figures["entries"] = LedgerEntry.objects.filter(partnership=partnership).count()
    figures["cells"] = LedgerRollup.objects.filter(partnership=partnership).count()
    _aggregate(partnership.pk)  # warm the page cache as much for the floor as for the rest
    figures["floor"], aggregate = _aggregate(partnership.pk)

    def delivered(summary: selectors.ResourceSummary) -> dict[int, Decimal]:
        return {row.organization.pk: row.delivered_total for row in summary.partners}

    cache.clear()
    started = time.perf_counter()
    summary = selectors.resource_summary(partnership=partnership, as_of=AS_OF)
    figures["summary"] = time.perf_counter() - started
    figures["identical"] = delivered(summary) == aggregate

    client = Client()
    client.force_login(User.objects.get(email=COORDINATOR))
    client.get(reverse("web:home"))  # URLconf and base templates loaded once
    cache.clear()
    started = time.perf_counter()
    response = client.get(reverse("resources:resource_summary", args=[SLUG]))
    figures["page"] = time.perf_counter() - started
    assert response.status_code == 200, response.status_code

    started = time.perf_counter()
    by_provider = selectors.delivered_by_provider(partnership.pk)
    figures["by_provider"] = time.perf_counter() - started
    figures["by_provider_identical"] = by_provider == aggregate

    # Monthly EUR rates (the same rate): every EUR quarter is split, read from the ledger.
    ExchangeRate.objects.bulk_create(
        ExchangeRate(
            partnership=partnership, currency="EUR", valid_on=date(2025, month, 1), to_reporting=140
        )
        for month in range(2, 13)
    )
    cache.clear()
    started = time.perf_counter()
    split = selectors.resource_summary(partnership=partnership, as_of=AS_OF)
    figures["summary_split"] = time.perf_counter() - started
    figures["split_identical"] = delivered(split) == aggregate
    return figures


def _child_main(args: list[str]) -> None:
    folder, database_url, n_rows = Path(args[0]), args[1] or None, int(args[2])
    _setup_django(folder, database_url)
    figures = _measure(n_rows)
    print(json.dumps({k: v if not isinstance(v, Decimal) else str(v) for k, v in figures.items()}))


def _child(folder: Path, database_url: str, n_rows: int) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, __file__, str(folder), database_url, str(n_rows)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _postgres_database(base_url: str) -> tuple[str, str] | None:
    """A fresh database beside DATABASE_URL's: (its URL, the admin URL to drop it)."""
    import psycopg

    root, name = base_url.rsplit("/", 1)
    bench = f"{name.split('?')[0]}_bench_resources"
    admin_url = f"{root}/postgres"
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{bench}"')
            conn.execute(f'CREATE DATABASE "{bench}"')
    except psycopg.OperationalError as exc:
        print(f"  PostgreSQL not reachable at {admin_url}: {exc}")
        return None
    return f"{root}/{bench}", admin_url


def _drop(admin_url: str, database_url: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database_url.rsplit("/", 1)[1]}"')


def _rows(figures: dict[str, object]) -> list[Row]:
    size = f"{figures['entries']:,} entries ({figures['vendor']})"
    floor = Timing(figures["floor"], None)
    print(
        f"  {figures['vendor']}: {figures['entries']:,} entries loaded in "
        f"{figures['load']:.1f} s; rollups rebuilt in {figures['rebuild']:.1f} s "
        f"({figures['cells']:,} cells)",
        flush=True,
    )
    return [
        Row(
            "resources summary, first computation vs one SQL aggregate",
            size,
            floor,
            Timing(figures["summary"], None),
            bool(figures["identical"]),
        ),
        Row(
            "resources page, first render vs one SQL aggregate",
            size,
            floor,
            Timing(figures["page"], None),
            bool(figures["identical"]),
        ),
        Row(
            "resources summary, EUR rates monthly (split quarters read raw)",
            size,
            floor,
            Timing(figures["summary_split"], None),
            bool(figures["split_identical"]),
        ),
        Row(
            "delivered_by_provider (balance dashboard) vs one SQL aggregate",
            size,
            floor,
            Timing(figures["by_provider"], None),
            bool(figures["by_provider_identical"]),
        ),
    ]


def run(full: bool) -> list[Row]:
    n_rows = int(os.environ.get("BENCH_RESOURCES_ROWS", "1000000" if full else "200000"))
    rows: list[Row] = []
    folder = Path(tempfile.mkdtemp(prefix="accord-bench-resources-"))
    try:
        rows += _rows(_child(folder, "", n_rows))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    base_url = os.environ.get("DATABASE_URL", "")
    if base_url.startswith("postgres"):
        database = _postgres_database(base_url)
        if database is not None:
            folder = Path(tempfile.mkdtemp(prefix="accord-bench-resources-"))
            try:
                rows += _rows(_child(folder, database[0], n_rows))
            finally:
                shutil.rmtree(folder, ignore_errors=True)
                _drop(database[1], database[0])
    return rows


if __name__ == "__main__":
    _child_main(sys.argv[1:])

"""The resources summary over 1,000,000 ledger entries on PostgreSQL, next to one SQL aggregate.

The "peer" column is the time of a single ``SUM ... GROUP BY provider`` over the same
rows: the floor any summary must pay. "ours" is the full summary (SQL grouping by
provider, receiver, pledge, currency and value date, conversion with dated rates,
reliability, leverage, reciprocity and the SVG), and the whole page rendered through
Django. "identical" compares the delivered total per provider with the aggregate.

Uses BENCH_DATABASE_URL or postgresql://postgres@127.0.0.1:5432/accord_bench (created if
missing, kept between runs so the million rows are inserted once).
"""

from __future__ import annotations

import os
import random
from datetime import date, timedelta
from decimal import Decimal

from common import Row, Timing, timed

BENCH_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/accord_bench"
)
SLUG = "bench-million"


def _ensure_database() -> bool:
    import psycopg

    admin_url = BENCH_URL.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as conn:
            name = BENCH_URL.rsplit("/", 1)[1]
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        print(f"  PostgreSQL not reachable at {BENCH_URL}: {exc}")
        return False
    return True


def _setup_django() -> None:
    os.environ["DATABASE_URL"] = BENCH_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    os.environ.setdefault("ACCORD_MANIFEST_STATIC", "false")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _populate(n_entries: int) -> object:
    from django.db import connection

    from accord.accounts.models import User
    from accord.partners.models import Affiliation, Organization
    from accord.partnerships.models import Membership, Participant, Partnership
    from accord.resources.models import ExchangeRate, LedgerEntry, Pledge, PledgeInstallment

    partnership = Partnership.objects.filter(slug=SLUG).first()
    if partnership and LedgerEntry.objects.filter(partnership=partnership).count() >= n_entries:
        return partnership
    user, _ = User.objects.get_or_create(email="bench@accord.example", defaults={"name": "Bench"})
    if partnership is None:
        partnership = Partnership.objects.create(
            name="Benchmark partnership",
            slug=SLUG,
            purpose="Load test",
            type="network",
            modality="business_ngo",
            reporting_currency="KES",
        )
        Participant.objects.create(partnership=partnership, user=user, role="coordinator")
        sectors = [
            "public",
            "private",
            "community",
            "civil_society",
            "academic",
            "philanthropic",
            "public",
            "community",
        ]
        for i, sector in enumerate(sectors):
            org, _ = Organization.objects.get_or_create(
                name=f"Bench org {i}",
                defaults={"sector": sector, "capacity": "medium", "iati_type": "90"},
            )
            Affiliation.objects.get_or_create(
                organization=org, user=user, defaults={"is_representative": True}
            )
            Membership.objects.create(
                partnership=partnership,
                organization=org,
                status="admitted",
                decided_at=date(2026, 1, 1),
            )
        for currency, rate in (("EUR", "140"), ("USD", "130")):
            ExchangeRate.objects.create(
                partnership=partnership,
                currency=currency,
                valid_on=date(2025, 1, 1),
                to_reporting=Decimal(rate),
            )
    orgs = list(Organization.objects.filter(memberships__partnership=partnership).order_by("pk"))
    pledges = []
    for org in orgs:
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
        for month in range(1, 13):
            PledgeInstallment.objects.create(
                pledge=pledge, due_on=date(2025, month, 28), amount=Decimal("100000000") / 12
            )
        pledges.append(pledge)
    existing = LedgerEntry.objects.filter(partnership=partnership).count()
    rng = random.Random(2026)
    start = date(2025, 1, 1)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        columns = "partnership_id, type, value, currency, value_date, provider_id, receiver_id, pledge_id, note, evidence, posted_by_id, posted_at"
        with raw.copy(f"COPY resources_ledgerentry ({columns}) FROM STDIN") as copy:
            for _ in range(n_entries - existing):
                provider, receiver = rng.sample(range(len(orgs)), 2)
                currency = rng.choice(("KES", "KES", "EUR", "USD"))
                copy.write_row(
                    (
                        partnership.pk,
                        rng.choice(("3", "4", "ik")),
                        f"{rng.randint(100, 1_000_000) / 100:.2f}",
                        currency,
                        start + timedelta(days=rng.randrange(365)),
                        orgs[provider].pk,
                        orgs[receiver].pk,
                        pledges[provider].pk if rng.random() < 0.5 else None,
                        "",
                        "",
                        user.pk,
                        "2026-01-01T00:00:00Z",
                    )
                )
    cursor_analyze = connection.cursor()
    cursor_analyze.execute("ANALYZE resources_ledgerentry")
    # Written around the services: sum them into the ledger's rollups, which the summary reads.
    from accord.resources.services.rollups import ledger_rollups_rebuild

    ledger_rollups_rebuild(partnership.pk)
    return partnership


def run(full: bool) -> list[Row]:
    n_entries = 1_000_000
    if not _ensure_database():
        return [
            Row(
                "resources summary (PostgreSQL unavailable)",
                "-",
                Timing(None, None, 0),
                Timing(None, None, 0),
                None,
            )
        ]
    _setup_django()
    from django.db import connection
    from django.test import Client

    from accord.accounts.models import User
    from accord.resources import selectors
    from accord.resources.models import DELIVERY_TYPES

    populate = timed(lambda: _populate(n_entries))
    partnership = populate.value
    print(f"  data ready in {populate.seconds:.1f} s ({n_entries:,} ledger entries)")

    def aggregate() -> dict[int, Decimal]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT provider_id, currency, SUM(value) FROM resources_ledgerentry "
                "WHERE partnership_id = %s AND type = ANY(%s) GROUP BY provider_id, currency",
                [partnership.pk, list(DELIVERY_TYPES)],
            )
            rates = {"KES": Decimal(1), "EUR": Decimal(140), "USD": Decimal(130)}
            totals: dict[int, Decimal] = {}
            for provider, currency, total in cursor.fetchall():
                totals[provider] = totals.get(provider, Decimal(0)) + (
                    total * rates[currency]
                ).quantize(Decimal("0.01"))
            return totals

    sql = timed(aggregate)
    summary = timed(
        lambda: selectors.resource_summary(partnership=partnership, as_of=date(2025, 12, 31))
    )
    ours = {row.organization.pk: row.delivered_total for row in summary.value.partners}
    # Conversion happens per (date, currency) group in the summary and per currency in the
    # aggregate; both round to the cent, so allow a cent per group.
    identical = all(abs(ours[k] - v) <= Decimal("400") for k, v in sql.value.items()) and set(
        ours
    ) == set(sql.value)
    client = Client()
    client.force_login(User.objects.get(email="bench@accord.example"))
    from django.core.cache import cache

    cache.clear()
    page = timed(lambda: client.get(f"/p/{SLUG}/resources/"))
    assert page.value.status_code == 200, page.value.status_code
    warm = timed(lambda: client.get(f"/p/{SLUG}/resources/"))
    return [
        Row(
            "resources summary (computed) vs one SQL aggregate",
            f"{n_entries:,} entries",
            sql,
            summary,
            identical,
        ),
        Row(
            "resources page, first render vs one SQL aggregate",
            f"{n_entries:,} entries",
            sql,
            page,
            identical,
        ),
        Row(
            "resources page, cached per version vs one SQL aggregate",
            f"{n_entries:,} entries",
            sql,
            warm,
            identical,
        ),
    ]

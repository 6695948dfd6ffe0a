"""The period report of a large partnership: 200 indicators x 40 quarterly periods x 20
disaggregation cells (8,000 locked values, 160,000 cells, 8,000 targets) and 1,000,000
ledger entries, on SQLite.

"ours" is the report page (``results:report``) through Django's test client, signed in as
the coordinator: once with an empty cache (the report computed: the indicators with
their progress and 200 SVG charts, the resources summary over the million entries,
commitments, action items, benefits) and once more (the report read from the cache, per
partnership version, and rendered). The issue's target is the second: under 2 s. The PDF
(WeasyPrint) of a report this long is made by the task worker: the task is timed, then
the download that finds it in the cache. The "peer" column is the floor any report pays:
one SQL aggregate of the ledger per provider and currency plus a count of the values and
cells; "identical" compares the delivered totals per partner in the report with that
aggregate.

The data live in a throwaway SQLite database under a temporary ACCORD_DATA_DIR (the
file cache goes there too), written with bulk_create and removed afterwards. Each step
runs in a subprocess of its own. Run alone: ``python benchmarks/run.py report``;
BENCH_REPORT_ROWS changes the number of ledger entries.
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
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from common import Row, Timing

SLUG = "bench-report"
INDICATORS, PERIODS = 200, 40
PERIOD = "2025-Q4"
COORDINATOR = "coordinator@bench.example"
#: 20 cells per value: sex (3), age band (7), sector or group (8), place (2 of 4).
CELLS = [
    *(("sex", c) for c in ("female", "male", "other")),
    *(("age", c) for c in ("0-14", "15-24", "25-34", "35-49", "50-64", "65+", "unknown")),
    *(
        ("group", c)
        for c in (
            "public",
            "private",
            "civil_society",
            "academic",
            "community",
            "philanthropic",
            "multilateral",
            "households",
        )
    ),
    ("place", "rural"),
    ("place", "remote"),
]


def _setup_django(data_dir: Path) -> None:
    os.environ["ACCORD_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "accord.settings"
    os.environ.setdefault("ACCORD_MANIFEST_STATIC", "false")
    import django

    django.setup()


def _quarters() -> list[tuple[date, date]]:
    quarters = []
    for year in range(2016, 2026):
        for first in (1, 4, 7, 10):
            end = (date(year + 1, 1, 1) if first == 10 else date(year, first + 3, 1)) - timedelta(
                days=1
            )
            quarters.append((date(year, first, 1), end))
    return quarters


def _populate(data_dir: Path, n_rows: int) -> None:
    _setup_django(data_dir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from accord.accounts.models import User
    from accord.partners.models import Affiliation, Organization
    from accord.partnerships.models import Membership, Participant, Partnership
    from accord.reference.models import SdgTarget
    from accord.resources.models import ExchangeRate, LedgerEntry
    from accord.results.models import (
        ActionItem,
        Benefit,
        Commitment,
        Indicator,
        IndicatorDimension,
        IndicatorTarget,
        Measurement,
        MeasurementCell,
    )

    coordinator = User.objects.create(email=COORDINATOR, name="Coordinator")
    verifier = User.objects.create(email="verifier@bench.example", name="Verifier")
    partnership = Partnership.objects.create(
        name="Report benchmark",
        slug=SLUG,
        purpose="Load test of the period report.",
        type="co_management",
        modality="government_initiated",
        reporting_currency="KES",
        status="active",
    )
    Participant.objects.create(partnership=partnership, user=coordinator, role="coordinator")
    sectors = ["public", "private", "civil_society", "academic", "philanthropic", "community"]
    orgs = []
    for i in range(8):
        org = Organization.objects.create(
            name=f"Bench org {i}", sector=sectors[i % len(sectors)], capacity="medium"
        )
        Membership.objects.create(
            partnership=partnership,
            organization=org,
            status="admitted",
            decided_at=datetime(2016, 1, 1, tzinfo=UTC),
        )
        Affiliation.objects.create(organization=org, user=coordinator, is_representative=True)
        orgs.append(org)
    for currency, rate in (("EUR", "140"), ("USD", "130")):
        ExchangeRate.objects.create(
            partnership=partnership,
            currency=currency,
            valid_on=date(2015, 1, 1),
            to_reporting=Decimal(rate),
        )

    rng = random.Random(2026)
    quarters = _quarters()
    target = SdgTarget.objects.filter(code="14.4").first()
    indicators = Indicator.objects.bulk_create(
        Indicator(
            partnership=partnership,
            name=f"Indicator {i:03d}",
            unit="people",
            responsible_organization=orgs[i % len(orgs)],
            sdg_target=target,
            baseline_value=Decimal(100),
            baseline_date=date(2015, 12, 31),
            reporting_start=quarters[0][0],
            reporting_end=quarters[-1][1],
            frequency="quarterly",
            grace_days=30,
        )
        for i in range(INDICATORS)
    )
    IndicatorDimension.objects.bulk_create(
        IndicatorDimension(indicator=indicator, dimension=d, exhaustive=d != "place")
        for indicator in indicators
        for d in ("sex", "age", "group", "place")
    )
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(
            indicator=indicator,
            period_start=start,
            period_end=end,
            value=Decimal(100 + 5 * n),
        )
        for indicator in indicators
        for n, (start, end) in enumerate(quarters)
    )
    submitted = datetime(2026, 1, 10, tzinfo=UTC)
    measurements = Measurement.objects.bulk_create(
        Measurement(
            indicator=indicator,
            period_start=start,
            period_end=end,
            value=Decimal(rng.randint(80, 400)),
            reporter_organization=indicator.responsible_organization,
            status="approved",
            evidence_note="Bench",
            created_by=coordinator,
            submitted_by=coordinator,
            submitted_at=submitted,
            verifier=verifier,
            approved_at=submitted,
        )
        for indicator in indicators
        for start, end in quarters
    )
    # Cells are written before the values are locked: the database refuses new cells of a
    # locked value.
    for first in range(0, len(measurements), 1000):
        MeasurementCell.objects.bulk_create(
            MeasurementCell(
                measurement=m, dimension=d, category=c, value=Decimal(rng.randint(0, 20))
            )
            for m in measurements[first : first + 1000]
            for d, c in CELLS
        )
    Measurement.objects.filter(indicator__partnership=partnership).update(
        status="locked", locked_at=submitted
    )
    today = date(2025, 12, 1)
    Commitment.objects.bulk_create(
        Commitment(
            partnership=partnership,
            organization=orgs[i % len(orgs)],
            text=f"Commitment {i}",
            due_on=today + timedelta(days=rng.randint(-200, 200)),
        )
        for i in range(100)
    )
    ActionItem.objects.bulk_create(
        ActionItem(
            partnership=partnership,
            title=f"Action item {i}",
            owner=coordinator,
            owner_organization=orgs[i % len(orgs)],
            due_on=today + timedelta(days=rng.randint(-200, 200)),
        )
        for i in range(100)
    )
    Benefit.objects.bulk_create(
        Benefit(
            partnership=partnership,
            recipient_organization=orgs[i % len(orgs)],
            level=rng.choice(("individual", "organizational", "institutional", "system")),
            kind="skills",
            description=f"Benefit {i}",
            received_on=today - timedelta(days=rng.randint(0, 400)),
            recorded_by=coordinator,
        )
        for i in range(200)
    )
    start = date(2016, 1, 1)
    batch = []
    for _ in range(n_rows):
        provider, receiver = rng.sample(range(len(orgs)), 2)
        batch.append(
            LedgerEntry(
                partnership=partnership,
                type=rng.choice(("1", "3", "4")),
                value=Decimal(rng.randint(100, 10_000_000)) / 100,
                currency=rng.choice(("KES", "KES", "EUR", "USD")),
                value_date=start + timedelta(days=rng.randrange(3650)),
                provider=orgs[provider],
                receiver=orgs[receiver],
                posted_by=coordinator,
            )
        )
        if len(batch) == 20_000:
            LedgerEntry.objects.bulk_create(batch)
            batch = []
    LedgerEntry.objects.bulk_create(batch)
    # Written around the services: sum them into the ledger's rollups, which the summary reads.
    from accord.resources.services.rollups import ledger_rollups_rebuild

    ledger_rollups_rebuild(partnership.pk)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _floor(partnership_id: int) -> tuple[float, dict[str, str]]:
    """One pass over what the report reads: the ledger summed per provider and currency,
    the values and cells counted."""
    from django.db import connection

    from accord.resources.models import DELIVERY_TYPES

    started = time.perf_counter()
    rates = {"KES": Decimal(1), "EUR": Decimal(140), "USD": Decimal(130)}
    totals: dict[str, Decimal] = {}
    placeholders = ", ".join(["%s"] * len(DELIVERY_TYPES))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT o.name, l.currency, SUM(l.value) FROM resources_ledgerentry l "
            "JOIN partners_organization o ON o.id = l.provider_id "
            f"WHERE l.partnership_id = %s AND l.type IN ({placeholders}) "
            "GROUP BY o.name, l.currency",
            [partnership_id, *DELIVERY_TYPES],
        )
        for name, currency, total in cursor.fetchall():
            totals[name] = totals.get(name, Decimal(0)) + Decimal(str(total)) * rates[currency]
        cursor.execute(
            "SELECT COUNT(*), (SELECT COUNT(*) FROM results_measurementcell) "
            "FROM results_measurement"
        )
        cursor.fetchall()
    return time.perf_counter() - started, {k: str(v) for k, v in totals.items()}


def _measure(data_dir: Path) -> dict[str, object]:
    """In the subprocess: the page twice, the PDF twice, and the SQL floor."""
    _setup_django(data_dir)
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from accord.accounts.models import User
    from accord.partnerships.models import Partnership

    partnership = Partnership.objects.get(slug=SLUG)
    client = Client()
    client.force_login(User.objects.get(email=COORDINATOR))
    client.get(reverse("web:home"))  # the URLconf and the base templates, loaded once
    cache.clear()
    url = reverse("results:report", args=[SLUG]) + f"?period={PERIOD}"
    pdf_url = reverse("results:report_pdf", args=[SLUG]) + f"?period={PERIOD}"
    figures: dict[str, object] = {}

    def get(name: str, target: str) -> None:
        started = time.perf_counter()
        response = client.get(target)
        figures[name] = time.perf_counter() - started
        assert response.status_code == 200, (name, response.status_code)
        figures[f"{name}_bytes"] = len(response.content)

    for name in ("first", "cached", "cached_again"):
        get(name, url)
    # A report this long is made into a PDF by the task worker: time the task, then the
    # download that finds it in the cache.
    from django.utils import translation

    from accord.results.report_pdf import report_pdf_build

    started = time.perf_counter()
    report_pdf_build.call(SLUG, PERIOD, "internal", translation.get_language())
    figures["pdf_first"] = time.perf_counter() - started
    get("pdf_cached", pdf_url)
    figures["pdf_first_bytes"] = figures["pdf_cached_bytes"]
    from accord.results import selectors

    report = selectors.period_report(  # from the cache
        actor=User.objects.get(email=COORDINATOR),
        partnership=partnership,
        period=selectors.report_period(PERIOD),
    ).report
    figures["delivered"] = {p.name: str(p.delivered_total) for p in report.resources.partners}
    figures["indicators"] = len(report.indicators)
    # Where the first computation goes: the resources summary over the ledger (cached per
    # version by the resources app), and the rest of the report once that summary is cached.
    from accord.resources import selectors as resource_selectors

    cache.clear()
    started = time.perf_counter()
    resource_selectors.resource_summary(partnership=partnership)
    figures["resources_summary"] = time.perf_counter() - started
    started = time.perf_counter()
    selectors.period_report(
        actor=User.objects.get(email=COORDINATOR),
        partnership=partnership,
        period=selectors.report_period(PERIOD),
    )
    figures["report_without_resources"] = time.perf_counter() - started
    figures["floor"], figures["aggregate"] = _floor(partnership.pk)
    return figures


def _child(args: list[str]) -> str:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return done.stdout


def _close(ours: dict[str, str], floor: dict[str, str]) -> bool:
    """The report's delivered totals, converted and rounded per rate period, against the
    aggregate converted per currency: equal to within a cent per summed group."""
    if set(ours) != set(floor):
        return False
    return all(abs(Decimal(ours[k]) - Decimal(floor[k])) <= Decimal(50) for k in ours)


def run(full: bool) -> list[Row]:
    n_rows = int(os.environ.get("BENCH_REPORT_ROWS", "1000000"))
    folder = Path(tempfile.mkdtemp(prefix="accord-bench-report-"))
    try:
        started = time.perf_counter()
        _child(["--populate", str(folder), str(n_rows)])
        print(
            f"  data ready in {time.perf_counter() - started:.1f} s "
            f"({INDICATORS} indicators x {PERIODS} periods x {len(CELLS)} cells, "
            f"{n_rows:,} ledger entries)",
            flush=True,
        )
        figures = json.loads(_child(["--measure", str(folder)]).strip().splitlines()[-1])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"  report page: first {figures['first']:.2f} s, cached {figures['cached']:.3f} s "
        f"and {figures['cached_again']:.3f} s ({figures['first_bytes'] / 1e6:.1f} MB of HTML, "
        f"{figures['indicators']} indicators with their charts); PDF: made by the task "
        f"{figures['pdf_first']:.1f} s, download from the cache {figures['pdf_cached']:.3f} s "
        f"({figures['pdf_first_bytes'] / 1e6:.1f} MB)\n"
        f"  of the first computation: the resources summary {figures['resources_summary']:.2f} s, "
        f"the rest of the report {figures['report_without_resources']:.2f} s"
    )
    size = f"{INDICATORS}x{PERIODS}x{len(CELLS)}, {n_rows:,} entries"
    floor = Timing(figures["floor"], None)
    identical = _close(figures["delivered"], figures["aggregate"])
    return [
        Row(
            "period report page, first computation",
            size,
            floor,
            Timing(figures["first"], None),
            identical,
        ),
        Row(
            "period report page, cached per version",
            size,
            floor,
            Timing(figures["cached"], None),
            identical,
        ),
        Row(
            "period report PDF, made by the task worker",
            size,
            floor,
            Timing(figures["pdf_first"], None),
            identical,
        ),
        Row(
            "period report PDF, download once made",
            size,
            floor,
            Timing(figures["pdf_cached"], None),
            identical,
        ),
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    if sys.argv[1] == "--populate":
        _populate(Path(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1] == "--measure":
        print(json.dumps(_measure(Path(sys.argv[2]))))

"""The IATI export of 1,000,000 ledger transactions: streamed (``lxml.etree.xmlfile``, ours)
next to the same document built as one lxml tree (the "peer" column).

Each variant runs in a subprocess of its own, so that its peak resident memory (RSS,
``getrusage``) is its own; both hash the bytes they write, and "identical" says the two
files are byte for byte the same. The data live in a throwaway SQLite database
(bulk_create; the ledger's append-only triggers only refuse UPDATE and DELETE), made in a
temporary folder and removed afterwards.

Run alone: ``python benchmarks/run.py iati``. BENCH_IATI_ROWS changes the number of rows.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from common import Row, Timing

SLUG = "bench-iati"
GENERATED = datetime(2026, 1, 1, tzinfo=UTC)


def _setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "accord.settings"
    os.environ.setdefault("ACCORD_MANIFEST_STATIC", "false")
    import django

    django.setup()


def _populate(db_path: Path, n_rows: int) -> None:
    _setup_django(db_path)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from accord.accounts.models import User
    from accord.partners.models import Organization
    from accord.partnerships.models import Membership, Participant, Partnership
    from accord.resources.models import Activity, ActivityOrganization, LedgerEntry

    user = User.objects.create(email="bench@accord.example", name="Bench")
    partnership = Partnership.objects.create(
        name="IATI benchmark",
        slug=SLUG,
        purpose="Load test of the IATI export.",
        type="network",
        modality="business_ngo",
        reporting_currency="KES",
        status="active",
    )
    Participant.objects.create(partnership=partnership, user=user, role="coordinator")
    sectors = ["public", "private", "civil_society", "academic", "philanthropic", "community"]
    orgs = []
    for i in range(8):
        sector = sectors[i % len(sectors)]
        org = Organization.objects.create(
            name=f"Bench org {i}", sector=sector, capacity="medium", iati_type="22"
        )
        Membership.objects.create(
            partnership=partnership,
            organization=org,
            status="admitted",
            decided_at=datetime(2025, 1, 1, tzinfo=UTC),
        )
        orgs.append(org)
    activity = Activity.objects.create(
        partnership=partnership, title="Bench activity", lead_organization=orgs[0], status="2"
    )
    for role, org in zip("1234", orgs, strict=False):
        ActivityOrganization.objects.create(activity=activity, organization=org, role=role)
    rng = random.Random(2026)
    start = date(2020, 1, 1)
    batch = []
    for i in range(n_rows):
        provider, receiver = rng.sample(range(len(orgs)), 2)
        batch.append(
            LedgerEntry(
                partnership=partnership,
                type=rng.choice(("1", "2", "3", "4", "11")),
                value=Decimal(rng.randint(100, 10_000_000)) / 100,
                currency=rng.choice(("KES", "KES", "EUR", "USD")),
                value_date=start + timedelta(days=rng.randrange(2000)),
                provider=orgs[provider],
                receiver=orgs[receiver],
                activity=activity if i % 3 == 0 else None,
                note="Delivery" if i % 10 == 0 else "",
                posted_by=user,
            )
        )
        if len(batch) == 20_000:
            LedgerEntry.objects.bulk_create(batch)
            batch = []
    LedgerEntry.objects.bulk_create(batch)


def _measure(db_path: Path, variant: str) -> dict[str, object]:
    """Run in the subprocess: export once, hash the bytes, report time and peak RSS."""
    _setup_django(db_path)
    from accord.interop import iati_xml, selectors
    from accord.partnerships.models import Partnership

    partnership = Partnership.objects.get(slug=SLUG)
    from django.urls import reverse

    reverse("web:home")  # load the URLconf (a one-time cost of any first request) first
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    digest, size = hashlib.sha256(), 0
    started = time.perf_counter()
    documents = selectors.iati_documents(partnership=partnership, scope="partnership")
    if variant == "stream":
        for chunk in iati_xml.stream(documents, generated=GENERATED):
            digest.update(chunk)
            size += len(chunk)
    else:
        content = iati_xml.tree_bytes(iati_xml.build_tree(documents, generated=GENERATED))
        digest.update(content)
        size = len(content)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": seconds,
        "peak_rss_mb": peak / 1024,
        "rss_before_mb": rss_before / 1024,
        "bytes": size,
        "sha256": digest.hexdigest(),
    }


def _child(db_path: Path, variant: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, __file__, "--measure", variant, str(db_path)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(full: bool) -> list[Row]:
    n_rows = int(os.environ.get("BENCH_IATI_ROWS", "1000000"))
    folder = Path(tempfile.mkdtemp(prefix="accord-bench-iati-"))
    db_path = folder / "bench.sqlite3"
    try:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, __file__, "--populate", str(db_path), str(n_rows)],
            check=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        print(f"  data ready in {time.perf_counter() - started:.1f} s ({n_rows:,} ledger rows)")
        stream = _child(db_path, "stream")
        tree = _child(db_path, "tree")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for name, figures in (("streamed (xmlfile)", stream), ("one lxml tree", tree)):
        print(
            f"  {name}: {figures['seconds']:.1f} s, peak RSS {figures['peak_rss_mb']:.0f} MB "
            f"(after Django setup {figures['rss_before_mb']:.0f} MB), "
            f"{figures['bytes'] / 1e6:.0f} MB of XML"
        )
    return [
        Row(
            "IATI export: streamed (ours) vs one lxml tree (peer)",
            f"{n_rows:,} transactions",
            Timing(tree["seconds"], None),
            Timing(stream["seconds"], None),
            stream["sha256"] == tree["sha256"],
        )
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    if sys.argv[1] == "--populate":
        _populate(Path(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1] == "--measure":
        print(json.dumps(_measure(Path(sys.argv[3]), sys.argv[2])))

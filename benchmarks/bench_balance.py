"""The balance dashboard of a large partnership: 500 members, 1,000,000 ledger entries and
100,000 comments (``--full``; 100,000 entries and 10,000 comments by default), and 24
meetings to which every member was invited (12,000 recorded attendances).

The data are written around the services (``bulk_create`` on SQLite), then the rollups are
rebuilt once (``ledger_rollups_rebuild``, ``voice_tallies_rebuild``, timed and printed), as
an operator would after an import. Two rules are in force -- the default simple majority
for general decisions and a rule weighted by contribution (weights 1..20) for allocating
pooled money -- and their power analyses are computed by the worker's function beforehand
(timed and printed): the dashboard never computes power.

"peer" is one ``SUM(value) ... GROUP BY provider`` over the raw ledger, the floor of any
figure read from the ledger. "ours" is:

1. the dashboard page, first view with an empty cache, through Django's test client
   (every column, concentration, reciprocity over 500 x 500 flows, trends, picture and
   alerts);
2. the same page viewed again (nothing of the dashboard is cached: the same work);
3. ``/api/v1/partnerships/<slug>/balance``, the same figures as JSON;
4. the overview's alerts with an empty cache.

"identical": every member's resources delivered on the dashboard equals the raw
aggregate, its voice the raw count of comments per author's organization plus its
meetings attended, and its meetings attended the raw count of its attended invitations.

SQLite, in a throwaway ACCORD_DATA_DIR, in a subprocess. BENCH_BALANCE_ROWS and
BENCH_BALANCE_COMMENTS set the sizes. BENCH_BALANCE_DIR names a folder to keep the generated
database in: a later run with the same sizes reuses it (the load, rebuild and power figures
printed are then those of the run that made it).

Every figure is given as wall time and as CPU time of the benchmark's process
(``time.process_time``), with the load average before and after the run: on a shared
machine the wall times grow with the load, the CPU times much less.
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
from itertools import accumulate
from pathlib import Path

from common import Row, Timing

SLUG = "bench-balance"
COORDINATOR = "coordinator@bench.example"
MEMBERS = 500
PROPOSALS = 200
SECTORS = ["public", "private", "community", "civil_society", "academic", "philanthropic"]


def _setup_django(data_dir: Path) -> None:
    os.environ["ACCORD_DATA_DIR"] = str(data_dir)
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "accord.settings"
    os.environ.setdefault("ACCORD_MANIFEST_STATIC", "false")
    import django

    django.setup()
    from django.urls import get_resolver

    get_resolver().url_patterns  # import every view now, before the long load  # noqa: B018


MEETINGS = 24  # two a month, every member invited
ATTENDANCE = (("present", 70), ("remote", 10), ("excused", 5), ("absent", 15))


def _add_meetings() -> int:
    """Two meetings a month for a year, every member organization invited, attendance
    recorded at random (seeded); the meetings' voice counted as ``attendance_record`` counts
    it, by rebuilding the voice tallies. Returns the meetings attended (organization x
    meeting)."""
    from accord.meetings.models import Invitation, Meeting
    from accord.partners.models import Organization
    from accord.partnerships.models import Partnership
    from accord.partnerships.services.voice import voice_tallies_rebuild

    rng = random.Random(13)
    partnership = Partnership.objects.get(slug=SLUG)
    orgs = list(Organization.objects.filter(name__startswith="Bench org").order_by("pk"))
    meetings = Meeting.objects.bulk_create(
        Meeting(
            partnership=partnership,
            title=f"Board meeting {k + 1}",
            starts_at=datetime(2025, 1 + k // 2, 4 + 14 * (k % 2), 8, tzinfo=UTC),
            ends_at=datetime(2025, 1 + k // 2, 4 + 14 * (k % 2), 11, tzinfo=UTC),
            time_zone="Africa/Nairobi",
        )
        for k in range(MEETINGS)
    )
    choices, weights = zip(*ATTENDANCE, strict=True)
    invitations = [
        Invitation(
            meeting=meeting,
            organization=org,
            attendance=rng.choices(choices, weights=weights)[0],
        )
        for meeting in meetings
        for org in orgs
    ]
    Invitation.objects.bulk_create(invitations, batch_size=5_000)
    voice_tallies_rebuild(partnership.pk)
    return sum(1 for i in invitations if i.attendance in ("present", "remote"))


def _populate(n_rows: int, n_comments: int) -> dict[str, float]:
    from django.db import connection

    from accord.accounts.models import User
    from accord.decisions import services as decision_services
    from accord.decisions.models import Comment, DecisionRule, Proposal, RuleAssignment
    from accord.partners.models import Affiliation, Organization
    from accord.partnerships.models import Membership, Participant, Partnership
    from accord.partnerships.services.voice import voice_tallies_rebuild
    from accord.resources.models import LedgerEntry
    from accord.resources.services import rollups
    from accord.results.models import Benefit

    rng = random.Random(2026)
    coordinator = User.objects.create(email=COORDINATOR, name="Coordinator")
    partnership = Partnership.objects.create(
        name="Balance benchmark",
        slug=SLUG,
        purpose="Load test of the balance dashboard.",
        type="network",
        modality="business_ngo",
        reporting_currency="KES",
        status="active",
    )
    Participant.objects.create(partnership=partnership, user=coordinator, role="coordinator")
    started = time.perf_counter()
    orgs = Organization.objects.bulk_create(
        Organization(name=f"Bench org {i:03d}", sector=SECTORS[i % len(SECTORS)], capacity="small")
        for i in range(MEMBERS)
    )
    people = User.objects.bulk_create(
        User(email=f"rep{i}@bench.example", name=f"Rep {i}") for i in range(MEMBERS)
    )
    Affiliation.objects.bulk_create(
        Affiliation(organization=org, user=person, is_representative=True)
        for org, person in zip(orgs, people, strict=True)
    )
    Membership.objects.bulk_create(
        Membership(
            partnership=partnership,
            organization=org,
            status="admitted",
            decided_at=datetime(2025, 1, 1, tzinfo=UTC),
        )
        for org in orgs
    )
    start = date(2025, 1, 1)
    weights = [rng.randint(1, 20) for _ in orgs]  # the bigger providers give more often
    cum_weights = list(accumulate(weights))  # what rng.choices computes on each call
    # each member gives to a few partners of its own (four), as in a real partnership
    partners = [rng.sample([j for j in range(MEMBERS) if j != i], 4) for i in range(MEMBERS)]
    batch: list[LedgerEntry] = []
    for _ in range(n_rows):
        provider = rng.choices(range(MEMBERS), cum_weights=cum_weights)[0]
        receiver = rng.choice(partners[provider])
        batch.append(
            LedgerEntry(
                partnership_id=partnership.pk,
                type=rng.choice(("3", "4", "ik")),
                value=Decimal(rng.randint(100, 1_000_000)) / 100,
                currency="KES",
                value_date=start + timedelta(days=rng.randrange(365)),
                provider_id=orgs[provider].pk,
                receiver_id=orgs[receiver].pk,
                posted_by_id=coordinator.pk,
            )
        )
        if len(batch) == 20_000:
            LedgerEntry.objects.bulk_create(batch)
            batch = []
    LedgerEntry.objects.bulk_create(batch)
    proposals = Proposal.objects.bulk_create(
        Proposal(partnership=partnership, title=f"Proposal {i}", author=coordinator)
        for i in range(PROPOSALS)
    )
    batch_comments: list[Comment] = []
    for k in range(n_comments):
        batch_comments.append(
            Comment(
                proposal=proposals[k % PROPOSALS],
                stance="question",
                body="A comment.",
                author=people[rng.randrange(MEMBERS)],
                created_at=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=5 * k),
            )
        )
        if len(batch_comments) == 20_000:
            Comment.objects.bulk_create(batch_comments)
            batch_comments = []
    Comment.objects.bulk_create(batch_comments)
    Benefit.objects.bulk_create(
        Benefit(
            partnership=partnership,
            recipient_organization=orgs[rng.randrange(MEMBERS)],
            level=rng.choice(("organizational", "institutional", "system")),
            kind="knowledge",
            description="Learned.",
            received_on=start + timedelta(days=rng.randrange(365)),
            recorded_by=coordinator,
        )
        for _ in range(5_000)
    )
    loaded = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    started = time.perf_counter()
    rollups.ledger_rollups_rebuild(partnership.pk)
    voice_tallies_rebuild(partnership.pk)
    rebuilt = time.perf_counter() - started
    rule = DecisionRule.objects.create(
        partnership=partnership,
        name="Weighted by contribution",
        spec={"method": {"rule": "weighted_majority"}},
        weights_mode="custom",
        weights={str(org.pk): str(w) for org, w in zip(orgs, weights, strict=True)},
    )
    RuleAssignment.objects.create(partnership=partnership, kind="allocation", rule=rule)
    started = time.perf_counter()
    decision_services.power_queue(partnership=partnership)
    decision_services.power_compute_queued(partnership=partnership)
    power = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"load": loaded, "rebuild": rebuilt, "power": power}


def _floor(partnership_id: int) -> tuple[float, float, dict[int, Decimal]]:
    """One SQL aggregate per provider over the raw ledger (wall and CPU seconds, totals)."""
    from django.db import connection

    from accord.resources.models import DELIVERY_TYPES

    started, cpu = time.perf_counter(), time.process_time()
    placeholders = ", ".join(["%s"] * len(DELIVERY_TYPES))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT provider_id, SUM(value) FROM resources_ledgerentry "
            f"WHERE partnership_id = %s AND type IN ({placeholders}) GROUP BY provider_id",
            [partnership_id, *DELIVERY_TYPES],
        )
        totals = {provider: Decimal(str(total)) for provider, total in cursor.fetchall()}
    return time.perf_counter() - started, time.process_time() - cpu, totals


def _comments_per_organization(partnership_id: int) -> dict[int, int]:
    from django.db.models import Count

    from accord.decisions.models import Comment
    from accord.partners.models import Affiliation

    org_of = dict(Affiliation.objects.values_list("user_id", "organization_id"))
    counts: dict[int, int] = {}
    for author, count in (
        Comment.objects.filter(proposal__partnership_id=partnership_id)
        .values_list("author_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[org_of[author]] = counts.get(org_of[author], 0) + count
    return counts


def _clocked(fn):
    """``fn()`` with its wall and CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, value


def _loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def _populated(folder: Path, n_rows: int, n_comments: int) -> dict[str, float]:
    """Generate the data once per folder and sizes; a later run reuses them."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    marker = folder / "bench-balance.json"
    if marker.exists():
        kept = json.loads(marker.read_text())
        if kept.get("sizes") != [n_rows, n_comments]:
            raise RuntimeError(f"{folder} holds data of other sizes: use another BENCH_BALANCE_DIR")
        figures, reused = kept["figures"], 1
    else:
        figures, reused = _populate(n_rows, n_comments), 0
    if "attended" not in figures:  # data made before the meetings were part of it
        figures["attended"] = _add_meetings()
    marker.write_text(json.dumps({"sizes": [n_rows, n_comments], "figures": figures}))
    return {**figures, "reused": reused}


def _attended_per_organization(partnership_id: int) -> dict[int, int]:
    from django.db.models import Count

    from accord.meetings.models import Invitation

    return dict(
        Invitation.objects.filter(
            meeting__partnership_id=partnership_id, attendance__in=("present", "remote")
        )
        .values_list("organization_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _measure(folder: Path, n_rows: int, n_comments: int) -> dict[str, object]:
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from accord.accounts import services as account_services
    from accord.accounts.models import User
    from accord.balance.selectors import alerts
    from accord.balance.selectors.dashboard import balance_dashboard
    from accord.partnerships.models import Partnership

    figures: dict[str, object] = {**_populated(folder, n_rows, n_comments)}
    figures["load_before"] = _loadavg()
    partnership = Partnership.objects.get(slug=SLUG)
    figures["entries"], figures["comments"] = n_rows, n_comments
    _floor(partnership.pk)
    figures["floor"], figures["floor_cpu"], aggregate = _floor(partnership.pk)

    coordinator = User.objects.get(email=COORDINATOR)
    client = Client()
    client.force_login(coordinator)
    client.get(reverse("web:home"))  # URLconf and base templates loaded once
    url = reverse("balance:dashboard", args=[SLUG])
    cache.clear()
    figures["first"], figures["first_cpu"], response = _clocked(lambda: client.get(url))
    assert response.status_code == 200, response.status_code
    figures["html_kb"] = len(response.content) / 1024
    figures["again"], figures["again_cpu"], _ = _clocked(lambda: client.get(url))

    _, secret = account_services.access_token_create(
        actor=coordinator, name=f"bench {time.time_ns()}"
    )
    figures["api"], figures["api_cpu"], response = _clocked(
        lambda: client.get(
            f"/api/v1/partnerships/{SLUG}/balance", headers={"Authorization": f"Bearer {secret}"}
        )
    )
    assert response.status_code == 200, response.status_code

    cache.clear()
    figures["alerts"], figures["alerts_cpu"], fired = _clocked(
        lambda: alerts.partnership_alerts(partnership=partnership)
    )
    figures["load_after"] = _loadavg()
    figures["alert_count"] = len(fired)

    board = balance_dashboard(partnership=partnership)
    resources = board.column("resources")
    voice = board.column("voice")
    delivered = {
        int(k[1:]): Decimal(str(v)) for k, v in resources.values.items() if v and k.startswith("o")
    }
    figures["identical"] = all(
        abs(delivered.get(pk, Decimal(0)) - total) < Decimal("0.01")
        for pk, total in aggregate.items()
    ) and len(delivered) == len(aggregate)
    comments = _comments_per_organization(partnership.pk)
    attended_by = _attended_per_organization(partnership.pk)
    spoken = {int(k[1:]): int(v) for k, v in voice.values.items() if v and k.startswith("o")}
    # the voice column also counts the 200 proposals, written by the coordinator (no
    # organization: counted with the individuals)
    # the voice column also counts each meeting attended (one act of voice per member and
    # meeting, in the tallies)
    figures["voice_identical"] = {
        k: v - attended_by.get(k, 0) for k, v in spoken.items() if v - attended_by.get(k, 0)
    } == comments and voice.total == n_comments + PROPOSALS + figures["attended"]
    attendance = board.column("attendance")
    figures["attendance_identical"] = attendance.total == figures["attended"] and all(
        attendance.values.get(f"o{pk}", 0) == n for pk, n in attended_by.items()
    )
    return figures


def _child_main(args: list[str]) -> None:
    folder, n_rows, n_comments = Path(args[0]), int(args[1]), int(args[2])
    _setup_django(folder)
    print(json.dumps(_measure(folder, n_rows, n_comments)))


def _child(folder: Path, n_rows: int, n_comments: int) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, __file__, str(folder), str(n_rows), str(n_comments)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _rows(figures: dict[str, object]) -> list[Row]:
    size = f"{MEMBERS} members, {figures['entries']:,} entries, {figures['comments']:,} comments"
    made = "reused from an earlier run that" if figures["reused"] else ""
    print(
        f"  data {made} loaded in {figures['load']:.1f} s; rollups and voice tallies rebuilt "
        f"in {figures['rebuild']:.1f} s; power under both rules computed in "
        f"{figures['power']:.1f} s; page {figures['html_kb']:.0f} KB; "
        f"{figures['alert_count']} alerts",
        flush=True,
    )
    print(
        f"  load average {figures['load_before']} before the timed requests, "
        f"{figures['load_after']} after; CPU seconds of the process (wall in the table): "
        f"floor {figures['floor_cpu']:.3f}, first view {figures['first_cpu']:.3f}, "
        f"again {figures['again_cpu']:.3f}, API {figures['api_cpu']:.3f}, "
        f"alerts {figures['alerts_cpu']:.3f}",
        flush=True,
    )
    floor = Timing(figures["floor"], None)
    identical = (
        bool(figures["identical"])
        and bool(figures["voice_identical"])
        and bool(figures["attendance_identical"])
    )
    return [
        Row(
            "balance dashboard, first view vs one SQL aggregate",
            size,
            floor,
            Timing(figures["first"], None),
            identical,
        ),
        Row(
            "balance dashboard, viewed again",
            size,
            floor,
            Timing(figures["again"], None),
            identical,
        ),
        Row("balance API (JSON)", size, floor, Timing(figures["api"], None), identical),
        Row(
            "overview alerts, empty cache", size, floor, Timing(figures["alerts"], None), identical
        ),
    ]


def run(full: bool) -> list[Row]:
    n_rows = int(os.environ.get("BENCH_BALANCE_ROWS", "1000000" if full else "100000"))
    n_comments = int(os.environ.get("BENCH_BALANCE_COMMENTS", "100000" if full else "10000"))
    kept = os.environ.get("BENCH_BALANCE_DIR")
    if kept:
        folder = Path(kept)
        folder.mkdir(parents=True, exist_ok=True)
        return _rows(_child(folder, n_rows, n_comments))
    folder = Path(tempfile.mkdtemp(prefix="accord-bench-balance-"))
    try:
        return _rows(_child(folder, n_rows, n_comments))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    _child_main(sys.argv[1:])

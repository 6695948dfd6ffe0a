"""Deadlines happen without cron, and reading never writes.

A proposal's close is a task queued for its deadline; the task worker decides it and tells
the members with no request in between. Pages and API reads past the deadline change
nothing. The Redis queue (the redis extra) does the same as the database one.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.tasks.signals import task_finished
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from accord.decisions import services
from accord.decisions.models import Decision, Proposal
from accord.notifications.models import Notification
from tests.api.conftest import Api

DECIDED_VERB = "decisions.proposal_decided"
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def open_for(world, seconds: float, title: str = "Close the north bay to nets"):
    """A proposal of ``world`` whose vote closes ``seconds`` from now, one yes cast (as the
    vote opened, so that a slow machine cannot make it late)."""
    coordinator = world.users["coordinator"]
    proposal = services.proposal_create(
        actor=coordinator, partnership=world.partnership, title=title, body="For two seasons."
    )
    services.proposal_advance(actor=coordinator, proposal=proposal)
    proposal = services.proposal_advance(
        actor=coordinator,
        proposal=proposal,
        closes_at=timezone.now() + timedelta(seconds=seconds),
    )
    services.ballot_cast(
        actor=world.users["representative"],
        proposal=proposal,
        choice="yes",
        now=proposal.voting_opens_at,
    )
    return proposal


# --- the database worker -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_worker_decides_at_the_deadline_and_tells_the_members_with_no_request():
    """django-tasks-db's own worker loop, in a thread with its own database connection,
    against the committed test database (SQLite or PostgreSQL)."""
    from tests.conftest import build_world

    world = build_world()
    proposal = open_for(world, seconds=4)
    closes_at = proposal.voting_closes_at
    closed = threading.Event()

    def on_finished(sender, task_result, **kwargs):
        if task_result.task.name == "proposal_close_when_due":
            closed.set()

    worker = Worker(
        queue_names=["*"],
        interval=0.1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"test-{uuid.uuid4().hex[:12]}",
        excluded_queue_names=[],
    )

    def run() -> None:
        try:
            worker.run()
        finally:
            connections.close_all()

    task_finished.connect(on_finished)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        assert closed.wait(timeout=60), "the worker did not close the proposal"
    finally:
        worker.running = False
        thread.join(timeout=30)
        task_finished.disconnect(on_finished)
    assert not thread.is_alive()

    decision = Decision.objects.get(proposal=proposal)
    assert decision.outcome == "accepted" and decision.closed_by is None
    assert decision.decided_at >= closes_at  # not a moment early
    assert Proposal.objects.get(pk=proposal.pk).status == "accepted"
    told = Notification.objects.filter(verb=DECIDED_VERB, partnership=world.partnership)
    assert {n.user for n in told} >= {world.users["coordinator"], world.users["representative"]}
    assert all("accepted" in n.text for n in told)
    emailed = [m for m in mail.outbox if "Close the north bay to nets" in m.body]
    assert {m.to[0] for m in emailed if "accepted" in m.body} >= {
        "coord@county.test",
        "rep@foundation.test",
    }


def test_the_close_task_is_harmless_early_and_late(voting, django_capture_on_commit_callbacks):
    from accord.decisions.tasks import proposal_close_when_due

    proposal = voting.proposal
    with django_capture_on_commit_callbacks() as queued:  # early: it waits for the deadline
        assert proposal_close_when_due.call(proposal.pk) == "not due"
    assert len(queued) == 1 and not Decision.objects.exists()
    Proposal.objects.filter(pk=proposal.pk).update(voting_closes_at=timezone.now())
    assert proposal_close_when_due.call(proposal.pk) == "rejected"  # nobody voted yes
    with django_capture_on_commit_callbacks() as queued:  # late and again: nothing more
        assert proposal_close_when_due.call(proposal.pk) == "not due"
    assert not queued and Decision.objects.count() == 1


def test_a_deadline_moved_later_is_followed(voting, settings, django_capture_on_commit_callbacks):
    """The close queued for the old deadline runs, finds it moved, and queues itself again."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    from accord.decisions.tasks import proposal_close_when_due

    later = timezone.now() + timedelta(days=3)
    Proposal.objects.filter(pk=voting.proposal.pk).update(voting_closes_at=later)
    with django_capture_on_commit_callbacks(execute=True):
        assert proposal_close_when_due.call(voting.proposal.pk) == "not due"
    (again,) = default_task_backend.results
    assert again.task.name == "proposal_close_when_due" and again.task.run_after == later


# --- reading never writes ----------------------------------------------------------------------


def test_reading_after_the_deadline_closes_nothing(client, voting):
    """Every page and API read of the decisions, past the deadline: no decision, no write."""
    proposal = voting.proposal
    services.ballot_cast(actor=voting.users["representative"], proposal=proposal, choice="yes")
    now = timezone.now()
    Proposal.objects.filter(pk=proposal.pk).update(
        voting_opens_at=now - timedelta(days=2), voting_closes_at=now - timedelta(minutes=5)
    )
    slug = voting.partnership.slug
    api = Api(client, voting)
    client.force_login(voting.users["coordinator"])
    pages = [
        reverse(f"decisions:{name}", args=[slug, *args])
        for name, args in [
            ("proposal_list", []),
            ("proposal_detail", [proposal.pk]),
            ("decision_log", []),
            ("decision_log_export", []),
            ("proposal_ballots_export", [proposal.pk]),
        ]
    ]
    reads = [
        f"/partnerships/{slug}/proposals",
        f"/partnerships/{slug}/proposals/{proposal.pk}",
        f"/partnerships/{slug}/proposals/{proposal.pk}/comments",
        f"/partnerships/{slug}/proposals/{proposal.pk}/preflib",
        f"/partnerships/{slug}/decisions",
    ]
    with CaptureQueriesContext(connection) as queries:
        for page in pages:
            assert client.get(page).status_code == 200, page
        for path in reads:
            assert api.get("coordinator", path).status_code == 200, path
    # The API token's own bookkeeping (created on first use, last use noted once a minute)
    # is the one write a read may make; nothing of the decisions.
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(WRITES) and "accesstoken" not in q["sql"]
    ]
    assert writes == []
    assert not Decision.objects.exists()
    assert Proposal.objects.get(pk=proposal.pk).status == "voting"
    # What the worker does at the deadline; then the same pages show the decision.
    call_command("decisions_sweep", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Decision.objects.get(proposal=proposal).outcome == "accepted"
    detail = api.get("coordinator", f"/partnerships/{slug}/proposals/{proposal.pk}").json()
    assert detail["status"] == "accepted"


# --- the Redis queue ---------------------------------------------------------------------------


def redis_url_or_skip() -> str:
    """The Redis server for the tests; a missing one skips loudly, or fails when CI=true."""
    import redis

    url = os.environ.get("ACCORD_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        message = f"Redis at {url} does not answer ({exc}); `redis-cli ping` should say PONG"
        if os.environ.get("CI") in {"true", "1"}:
            pytest.fail(f"{message}, and CI=true.")
        pytest.skip(f"SKIPPED LOUDLY: {message}. CI would fail here.")
    return url


@pytest.fixture
def redis_tasks(settings):
    """The default task backend is django-tasks-redis, on keys of this test's own."""
    import redis

    url = redis_url_or_skip()
    prefix = f"accord_test_{uuid.uuid4().hex[:12]}"
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_redis.RedisTaskBackend",
            "OPTIONS": {"REDIS_URL": url, "REDIS_KEY_PREFIX": prefix, "REDIS_BLOCK_TIMEOUT": 100},
        }
    }
    yield url
    server = redis.Redis.from_url(url)
    for key in server.scan_iter(f"{prefix}*"):
        server.delete(key)


def run_redis_worker() -> None:
    """``run_redis_tasks``: runs the tasks that are due, then stops (the app need not be
    installed for that, only for ``accord run_redis_tasks``)."""
    from django_tasks_redis.management.commands.run_redis_tasks import Command

    call_command(Command(), "--no-graceful-shutdown", verbosity=0)


def test_the_redis_worker_decides_at_the_deadline(
    redis_tasks, world, django_capture_on_commit_callbacks
):
    """Voting opens: its close goes to Redis for the deadline; ``run_redis_tasks`` (the
    worker ``accord serve`` runs for this backend) leaves it until then, and decides it after."""
    with django_capture_on_commit_callbacks(execute=True):
        proposal = open_for(world, seconds=3)

    run_redis_worker()
    if timezone.now() < proposal.voting_closes_at:  # (a loaded machine may be past it already)
        assert not Decision.objects.exists()  # not before its time
    time.sleep(max(0.0, (proposal.voting_closes_at - timezone.now()).total_seconds()) + 0.5)
    with django_capture_on_commit_callbacks(execute=True):
        run_redis_worker()
    decision = Decision.objects.get(proposal=proposal)
    assert decision.outcome == "accepted" and decision.decided_at >= proposal.voting_closes_at
    assert Notification.objects.filter(verb=DECIDED_VERB, partnership=world.partnership).exists()


def test_the_redis_task_result_is_djangos_own(redis_tasks, voting):
    """django-tasks-redis is a backend of Django's django.tasks (not of the backport)."""
    from django.tasks import TaskResult, TaskResultStatus

    from accord.decisions.tasks import proposal_close_when_due

    Proposal.objects.filter(pk=voting.proposal.pk).update(voting_closes_at=timezone.now())
    result = proposal_close_when_due.enqueue(voting.proposal.pk)
    assert isinstance(result, TaskResult) and result.status == TaskResultStatus.READY
    run_redis_worker()
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == "rejected"

"""The ``accord`` command.

accord serve [--host H] [--port P] [--workers N] [--threads T] [--demo] [--no-migrate] [--no-worker]
                                 gunicorn, and beside it the task worker (see serve())
accord demo                      load the demo partnerships (idempotent)
accord opinion-groups DIR        opinion groups of a Pol.is export folder (no database)
accord export iati SLUG          a partnership's IATI 2.03 file to stdout (export_iati)
accord import iati FILE --as E   start or update a partnership from an IATI file (import_iati)
accord export SLUG [--format json|csv|xlsx] [--output PATH]
                                 the whole partnership: JSON, a zip of CSV files or an XLSX
                                 workbook (export_partnership; exit 0, 2 usage, 3 not found,
                                 5 cannot write)
accord import SLUG FILE --as E [--kind ledger|pledges] [--dry-run]
                                 pledges or ledger entries, all rows or none (import_partnership;
                                 exit 0, 1 problems printed by line, 2 usage, 3 not found,
                                 4 refused: closed partnership or not a coordinator)
accord rebuild-rollups [--partnership SLUG]
                                 recompute the ledger rollups and voice tallies (rebuild_rollups)
accord verify [SLUG]             recompute each partnership's record chain; exit 1 at the first
                                 broken link (accord.audit, docs/decisions/0006-hash-chain.md)
accord backup FILE               database snapshot and uploads in one archive (accord.core.backups)
accord restore FILE [--force]    bring a backup back into an empty instance
accord <django command> ...      e.g. accord migrate, accord createsuperuser, accord db_worker
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

logger = logging.getLogger("accord.serve")

#: Set to 0 to make ``accord serve`` run no task worker (the same as ``--no-worker``).
WORKER_ENV = "ACCORD_SERVE_WORKER"


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    from django.conf import settings

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() not in {"0", "false", "no", "off"}


def task_worker_args(backend: Any) -> list[str] | None:
    """The ``accord`` arguments that run ``backend``'s worker, or None if Accord knows none.

    The database backend has ``db_worker``, the Redis backend ``run_redis_tasks``. Other
    backends (Django's immediate and dummy ones, or a queue whose workers are run apart)
    get no worker from ``accord serve``.
    """
    from django_tasks_db.backend import DatabaseBackend

    if isinstance(backend, DatabaseBackend):
        # Every queue, no autoreload: serve restarts the worker itself if it stops.
        return ["db_worker", "--queue-name", "*", "--no-reload"]
    try:
        from django_tasks_redis.backends import RedisTaskBackend
    except ImportError:  # the redis extra is not installed
        return None
    if isinstance(backend, RedisTaskBackend):
        return ["run_redis_tasks", "--continuous"]
    return None


def _stop_with_parent() -> None:
    """Run in each child before it starts: on Linux, get SIGTERM if ``accord serve`` dies,
    even by SIGKILL, so that no gunicorn or worker outlives it."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def supervise(
    web_command: list[str],
    worker_command: list[str] | None,
    *,
    restart_delay: float = 1.0,
    max_restart_delay: float = 60.0,
    stop_timeout: float = 30.0,
) -> int:
    """Run the web server and the task worker as child processes until the web server exits
    or this process gets SIGINT/SIGTERM; the web server's exit code.

    A worker that stops is started again after ``restart_delay`` seconds, doubled (up to
    ``max_restart_delay``) each time it stops again within a minute. On SIGINT or SIGTERM
    the web server gets the same signal and the worker SIGTERM, which lets it finish its
    current task; a second signal is passed on too, which makes both stop at once. A child
    still running ``stop_timeout`` seconds later is killed.

    The children run in process groups of their own, so that Ctrl+C in a terminal reaches
    them once, through this process. gunicorn does not run in this process because its
    master reaps every child process, which would hide the worker's exit from us.
    """
    preexec: Callable[[], None] | None = (
        _stop_with_parent if sys.platform.startswith("linux") else None
    )
    children: dict[str, subprocess.Popen[bytes]] = {}
    signals_received: list[int] = []
    signalled: set[int] = set()  # pids

    def start(name: str, command: list[str]) -> None:
        children[name] = subprocess.Popen(command, process_group=0, preexec_fn=preexec)  # noqa: S603

    def pass_on(signum: int, _frame: object) -> None:
        signals_received.append(signum)
        for name, child in list(children.items()):
            if child.poll() is None:
                child.send_signal(signum if name == "web" else signal.SIGTERM)
                signalled.add(child.pid)

    handled = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, pass_on) for signum in handled}
    try:
        start("web", web_command)
        if worker_command is not None:
            start("worker", worker_command)
        started_at, delay, restart_at = time.monotonic(), restart_delay, None
        while not signals_received and children["web"].poll() is None:
            worker = children.get("worker")
            if worker is not None and worker.poll() is not None:
                now = time.monotonic()
                if restart_at is None:
                    if now - started_at > 60:  # it ran a while: not a crash loop
                        delay = restart_delay
                    logger.warning(
                        "accord serve: the task worker stopped (exit code %s); "
                        "starting it again in %g s",
                        worker.returncode,
                        delay,
                    )
                    restart_at = now + delay
                elif now >= restart_at:
                    start("worker", worker_command or [])
                    started_at, restart_at = now, None
                    delay = min(delay * 2, max_restart_delay)
            time.sleep(0.2)
        # The web server stopped on its own, or a child started as the signal came.
        for child in children.values():
            if child.poll() is None and child.pid not in signalled:
                child.terminate()
        deadline = time.monotonic() + stop_timeout
        for child in children.values():
            try:
                child.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for child in children.values():
            if child.poll() is None:
                child.kill()
                child.wait()
    web_code = children["web"].returncode
    # gunicorn stops with 0 on SIGINT/SIGTERM; a child killed by a signal reports -N.
    return web_code if web_code >= 0 else 128 - web_code


def default_web_workers(cores: int | None = None) -> int:
    """gunicorn's rule of thumb, 2 per core plus 1, capped at 9 so that a large machine
    does not hold dozens of idle Django processes; ACCORD_WORKERS or --workers overrides."""
    cores = cores or os.cpu_count() or 1
    return min(2 * cores + 1, 9)


def _serve_parser() -> Any:
    import argparse

    parser = argparse.ArgumentParser(
        prog="accord serve",
        description="Serve Accord with gunicorn (static files by WhiteNoise), and run the "
        "background task worker beside it.",
    )
    parser.add_argument("--host", default=os.environ.get("ACCORD_HOST", "127.0.0.1"))
    parser.add_argument("--port", default=os.environ.get("ACCORD_PORT", "8000"))
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("ACCORD_WORKERS") or default_web_workers()),
        help="gunicorn worker processes (default: 2 per CPU core plus 1, at most 9)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=int(os.environ.get("ACCORD_THREADS") or 2),
        help="threads per worker process (default 2: a request waiting on the database "
        "lets another run)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="allow the built-in demo secret key (never in production)",
    )
    parser.add_argument(
        "--no-migrate", action="store_true", help="do not apply database migrations first"
    )
    parser.add_argument(
        "--worker",
        action=argparse.BooleanOptionalAction,
        default=_env_flag(WORKER_ENV, True),
        help="run the task worker (deadlines, reminders, emails) as a child process, "
        f"restarted if it stops; --no-worker or {WORKER_ENV}=0 when workers run apart "
        "(default: run it)",
    )
    return parser


def serve_url(host: str, port: str | int) -> str:
    """The address to open for ``accord serve --host HOST --port PORT``: a wildcard host
    (every interface) is reached on this machine through the loopback address."""
    shown = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)  # noqa: S104
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def serve(argv: list[str]) -> int:
    args = _serve_parser().parse_args(argv)
    _django_setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.tasks import task_backends

    if settings.SECRET_KEY == settings.DEMO_SECRET_KEY and not (args.demo or settings.DEBUG):
        print(
            "accord serve: set ACCORD_SECRET_KEY (a long random string), or pass --demo for a local demo.",
            file=sys.stderr,
        )
        return 2
    if not args.no_migrate:
        call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    connections.close_all()  # the children open their own

    backend = task_backends["default"]
    backend_path = f"{type(backend).__module__}.{type(backend).__qualname__}"
    worker_args = task_worker_args(backend) if args.worker else None
    if not args.worker:
        logger.info(
            "accord serve: no task worker (--no-worker or %s=0): run one apart, or "
            "`accord decisions_sweep` from cron, or deadlines will pass unnoticed.",
            WORKER_ENV,
        )
    elif worker_args is None:
        logger.warning(
            "accord serve: no task worker is known for the task backend %s: run its workers apart.",
            backend_path,
        )
    else:
        logger.info(
            "accord serve: running the task worker `accord %s` for %s beside gunicorn.",
            " ".join(worker_args),
            backend_path,
        )
    web_command = [
        sys.executable,
        "-m",
        "gunicorn",
        "accord.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(max(1, args.workers)),
        "--threads",
        str(max(1, args.threads)),
        "--access-logfile",
        "-",
        "--timeout",
        "60",
    ]
    worker_command = (
        None if worker_args is None else [sys.executable, "-m", "accord.cli", *worker_args]
    )
    warm_up = _warm_up_engine_kernels()
    everywhere = " (on every interface)" if args.host in ("", "0.0.0.0", "::") else ""  # noqa: S104
    print(
        f"\nAccord is serving on {serve_url(args.host, args.port)}{everywhere}  (Ctrl+C to stop)\n",
        flush=True,
    )
    try:
        return supervise(web_command, worker_command)
    finally:
        if warm_up is not None and warm_up.poll() is None:
            warm_up.kill()
            warm_up.wait()


def _warm_up_engine_kernels() -> subprocess.Popen[bytes] | None:
    """Compile the engine's numba kernels in a low-priority child as serve starts, so that
    the first participatory-budgeting result a user asks for does not wait for the compiler
    (9-45 s in a fresh install; docs/engine/budgeting.md, "Cold start"). The child has a
    process group of its own (Ctrl+C reaches serve once) and is stopped with serve."""

    def detach() -> None:
        os.nice(10)
        if sys.platform.startswith("linux"):
            _stop_with_parent()

    try:
        return subprocess.Popen(
            [sys.executable, "-m", "accord.engine.budgeting.warm_up"],
            stdout=subprocess.DEVNULL,
            process_group=0,
            preexec_fn=detach,
        )
    except OSError as error:  # the kernels then compile at the first add-one call
        logger.warning("accord serve: could not warm up the engine's kernels: %s", error)
        return None


def opinion_groups(argv: list[str]) -> int:
    """``accord opinion-groups DIR``: print ``participant,group`` for each participant that
    the engine clusters in a Pol.is export folder (docs/engine/opinion-groups.md)."""
    import argparse

    from accord.engine.io.polis import read_polis_export
    from accord.engine.opinions import adjusted_rand_index
    from accord.engine.opinions import opinion_groups as compute

    parser = argparse.ArgumentParser(
        prog="accord opinion-groups",
        description="Compute opinion groups, as Pol.is does, from a Pol.is export folder "
        "(comments.csv, votes.csv, participants-votes.csv) and print one "
        "'participant,group' line per participant clustered (Pol.is participant ids; "
        "groups numbered from 0 by decreasing size).",
    )
    parser.add_argument("directory", help="the export folder")
    parser.add_argument("--seed", type=int, default=0, help="seed of the k-means++ runs")
    parser.add_argument(
        "--min-votes", type=int, default=7, help="votes needed to be clustered (Pol.is: 7)"
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also print to stderr the adjusted Rand index against Pol.is' own groups "
        "(the group-id column of participants-votes.csv)",
    )
    args = parser.parse_args(argv)
    try:
        export = read_polis_export(args.directory)
        result = compute(
            export.votes,
            moderated_out=export.moderated_out,
            min_votes=args.min_votes,
            seed=args.seed,
        )
    except ValueError as exc:  # PolisFormatError names the file and line
        print(f"accord opinion-groups: {exc}", file=sys.stderr)
        return 2
    lines = [
        f"{pid},{label}"
        for pid, label in zip(export.participant_ids, result.labels, strict=True)
        if label >= 0
    ]
    try:
        if lines:
            print("\n".join(lines), flush=True)
    except BrokenPipeError:  # e.g. piped into head
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 0
    if args.compare:
        both = [
            (ours, theirs)
            for ours, theirs in zip(result.labels, export.polis_groups, strict=True)
            if ours >= 0 and theirs >= 0
        ]
        if both:
            ari = adjusted_rand_index([a for a, _ in both], [b for _, b in both])
            print(
                f"adjusted Rand index against Pol.is' groups: {ari:.3f} "
                f"({len(both)} participants grouped by both)",
                file=sys.stderr,
            )
        else:
            print("no participant is grouped by both Pol.is and Accord", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "serve":
        return serve(argv[1:])
    if argv and argv[0] == "opinion-groups":  # no database: before Django is set up
        return opinion_groups(argv[1:])
    if argv and argv[0] == "rebuild-rollups":
        argv = ["rebuild_rollups", *argv[1:]]
    if argv[:2] in (["export", "iati"], ["import", "iati"]):  # accord export iati SLUG
        argv = [f"{argv[0]}_iati", *argv[2:]]
    elif argv and argv[0] in ("export", "import"):  # accord export SLUG, accord import SLUG FILE
        argv = [f"{argv[0]}_partnership", *argv[1:]]
    _django_setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["accord", *argv])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

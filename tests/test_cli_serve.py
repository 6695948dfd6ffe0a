"""``accord serve``: gunicorn and the task worker run as children of serve; a worker that
stops is started again, and both stop when serve stops.

The supervisor runs in a subprocess of its own (it installs signal handlers), with small
Python programs standing in for gunicorn and the worker; one test runs the real thing.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from accord import cli

PYTHON = sys.executable

SUPERVISOR = """
import json, sys
from accord.cli import supervise
web, worker, options = json.loads(sys.argv[1])
raise SystemExit(supervise(web, worker, **options))
"""


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def sleeper(
    pid_file: Path, *, exit_after: float | None = None, code: int = 0, once: Path | None = None
) -> list[str]:
    """A child that appends its pid to ``pid_file``, then sleeps (until signalled, or for
    ``exit_after`` seconds, once the file ``once`` exists, before exiting with ``code``)."""
    wait = f"while not os.path.exists({str(once)!r}): time.sleep(0.05)\n" if once else ""
    program = (
        "import os, time\n"
        f"with open({str(pid_file)!r}, 'a') as f: f.write(f'{{os.getpid()}}\\n')\n"
        f"{wait}"
        f"time.sleep({600 if exit_after is None else exit_after})\n"
        f"raise SystemExit({code})\n"
    )
    return [PYTHON, "-c", program]


def pids(pid_file: Path) -> list[int]:
    return [int(line) for line in pid_file.read_text().split()] if pid_file.exists() else []


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in {"Z", "X"}


def start_supervisor(web: list[str], worker: list[str] | None) -> subprocess.Popen[bytes]:
    options = {"restart_delay": 0.2, "stop_timeout": 10}
    return subprocess.Popen([PYTHON, "-c", SUPERVISOR, json.dumps([web, worker, options])])  # noqa: S603


pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads child processes from /proc"
)


def test_a_worker_that_stops_is_started_again_and_serve_stops_both(tmp_path):
    web_pids, worker_pids = tmp_path / "web", tmp_path / "worker"
    serve = start_supervisor(sleeper(web_pids), sleeper(worker_pids))
    try:
        wait_for(lambda: pids(web_pids) and pids(worker_pids), 20, "both children")
        (first_worker,) = pids(worker_pids)
        os.kill(first_worker, signal.SIGKILL)
        wait_for(lambda: len(pids(worker_pids)) == 2, 20, "the worker to be started again")
        assert is_running(pids(worker_pids)[1])
        serve.send_signal(signal.SIGTERM)
        # The stand-in web server dies of the SIGTERM passed on to it (gunicorn exits 0).
        assert serve.wait(timeout=30) == 128 + signal.SIGTERM
    finally:
        serve.kill()
    assert not [pid for pid in pids(web_pids) + pids(worker_pids) if is_running(pid)]


def test_serve_stops_the_worker_when_the_web_server_exits(tmp_path):
    web_pids, worker_pids = tmp_path / "web", tmp_path / "worker"
    web = sleeper(web_pids, exit_after=0.2, code=3, once=worker_pids)  # once the worker runs
    serve = start_supervisor(web, sleeper(worker_pids))
    try:
        assert serve.wait(timeout=30) == 3
    finally:
        serve.kill()
    assert pids(worker_pids)
    assert not [pid for pid in pids(worker_pids) if is_running(pid)]


def test_a_killed_serve_takes_its_children_along(tmp_path):
    web_pids, worker_pids = tmp_path / "web", tmp_path / "worker"
    serve = start_supervisor(sleeper(web_pids), sleeper(worker_pids))
    try:
        wait_for(lambda: pids(web_pids) and pids(worker_pids), 20, "both children")
    finally:
        serve.kill()  # SIGKILL: no handler runs
        serve.wait()
    children = pids(web_pids) + pids(worker_pids)
    wait_for(lambda: not [pid for pid in children if is_running(pid)], 10, "the children to stop")


def test_without_a_worker_serve_runs_the_web_server_alone(tmp_path):
    web_pids = tmp_path / "web"
    serve = start_supervisor(sleeper(web_pids, exit_after=0.5), None)
    try:
        assert serve.wait(timeout=30) == 0
    finally:
        serve.kill()
    assert len(pids(web_pids)) == 1


def test_the_worker_is_on_unless_turned_off_by_flag_or_environment(monkeypatch):
    monkeypatch.delenv(cli.WORKER_ENV, raising=False)
    assert cli._serve_parser().parse_args([]).worker is True
    assert cli._serve_parser().parse_args(["--no-worker"]).worker is False
    monkeypatch.setenv(cli.WORKER_ENV, "0")
    assert cli._serve_parser().parse_args([]).worker is False
    assert cli._serve_parser().parse_args(["--worker"]).worker is True
    monkeypatch.setenv(cli.WORKER_ENV, "1")
    assert cli._serve_parser().parse_args([]).worker is True


@pytest.mark.parametrize(
    ("backend", "command"),
    [
        ("django_tasks_db.DatabaseBackend", "db_worker"),
        ("django_tasks_redis.RedisTaskBackend", "run_redis_tasks"),
        ("django.tasks.backends.dummy.DummyBackend", None),
        ("django.tasks.backends.immediate.ImmediateBackend", None),
    ],
)
def test_serve_runs_the_worker_of_the_configured_backend(settings, backend, command):
    from django.tasks import task_backends

    settings.TASKS = {
        "default": {"BACKEND": backend, "OPTIONS": {"REDIS_URL": "redis://127.0.0.1:6379/0"}}
        if "redis" in backend
        else {"BACKEND": backend}
    }
    args = cli.task_worker_args(task_backends["default"])
    assert (args[0] if args else None) == command


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> dict[int, str]:
    """The command line of each child of ``pid``, by pid."""
    found = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            except FileNotFoundError:
                continue
            found[int(child)] = cmdline.replace(b"\0", b" ").decode()
    return found


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def test_accord_serve_runs_gunicorn_and_the_database_worker_and_stops_both(tmp_path):
    """The real ``accord serve --demo`` (what ``make run`` starts), on a fresh SQLite file."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and k != cli.WORKER_ENV}
    env |= {"ACCORD_DATA_DIR": str(tmp_path), "ACCORD_TASKS_BACKEND": "database"}
    serve = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "accord.cli", "serve", "--demo", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(log := (tmp_path / "serve.log").open("wb")),
    )
    try:
        wait_for(
            lambda: answers(f"http://127.0.0.1:{port}/"), 300, "the web server"
        )  # migrates first
        children = children_of(serve.pid)
        assert [c for c in children.values() if "gunicorn" in c], children
        assert [c for c in children.values() if "db_worker" in c], children
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=60) == 0
    finally:
        serve.kill()
        log.close()
    assert "running the task worker `accord db_worker" in (tmp_path / "serve.log").read_text()
    assert not [pid for pid in children if is_running(pid)]
    assert not answers(f"http://127.0.0.1:{port}/")


def test_serve_picks_its_workers_from_the_machine(monkeypatch):
    """Two web workers on any machine left cores idle under load (issue 15, item 12)."""
    from accord import cli

    assert cli.default_web_workers(1) == 3
    assert cli.default_web_workers(2) == 5
    assert cli.default_web_workers(64) == 9
    monkeypatch.setenv("ACCORD_WORKERS", "4")
    monkeypatch.setenv("ACCORD_THREADS", "3")
    args = cli._serve_parser().parse_args([])
    assert (args.workers, args.threads) == (4, 3)
    monkeypatch.delenv("ACCORD_WORKERS")
    monkeypatch.delenv("ACCORD_THREADS")
    args = cli._serve_parser().parse_args([])
    assert args.workers == cli.default_web_workers() and args.threads == 2

"""Load: signed-in coordinators reading the demo with locust, one client and then 20.

`make bench` (short runs) or `python benchmarks/run.py --full load` (60 s each, as issue 15
asks). Loads the demo into its own SQLite data directory (kept between runs), serves it with
``accord serve`` as an operator would (its default worker and thread counts), and runs
``benchmarks/locustfile.py`` headless twice: one user, then 20 at once. Prints requests per
second and the p50/p95/p99 times per page for both, and the throughput ratio against the
target of issue 15 (20 clients ≥ 0.8 × CPU cores × one client).
"""

from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DATA_DIR = Path(os.environ.get("BENCH_LOAD_DATA_DIR", "/tmp/accord_bench_load"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"ACCORD_DATA_DIR": str(DATA_DIR), "ACCORD_SERVE_WORKER": "0", "CI": ""}
    return env


def _prepare() -> None:
    marker = DATA_DIR / ".demo-loaded"
    if marker.exists():
        return
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    for command in (["migrate", "--no-input"], ["demo"], ["collectstatic", "--no-input"]):
        subprocess.run([str(BIN / "accord"), *command], env=_env(), check=True, capture_output=True)
    marker.touch()


SESSIONS_CODE = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.get(email="amina@kivuli-county.example")
keys = []
for _ in range(USERS):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    keys.append(session.session_key)
print(",".join(keys))
"""


def _sessions(users: int) -> str:
    """Signed-in sessions of the coordinator, made beforehand: signing in costs an Argon2
    hash by design (about 0.1 s of CPU each), which is not what this measures."""
    done = subprocess.run(
        [str(BIN / "accord"), "shell", "-c", SESSIONS_CODE.replace("USERS", str(users))],
        env=_env(),
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip().splitlines()[-1]


def _serve(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [str(BIN / "accord"), "serve", "--demo", "--port", str(port), "--no-migrate"],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=(DATA_DIR / "serve.log").open("wb"),
        start_new_session=True,
    )
    for _ in range(600):  # collectstatic runs first: up to minutes on a busy machine
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError(
        f"accord serve did not answer within 5 minutes: see {DATA_DIR / 'serve.log'}"
    )


def _locust(port: int, users: int, seconds: int) -> dict[str, dict[str, str]]:
    env = _env() | {"BENCH_LOAD_SESSIONS": _sessions(users)}
    with tempfile.TemporaryDirectory() as out:
        prefix = str(Path(out) / "load")
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "--host",
                f"http://127.0.0.1:{port}",
                "-u",
                str(users),
                "-r",
                str(users),
                "-t",
                f"{seconds}s",
                "--csv",
                prefix,
                "--only-summary",
                "--loglevel",
                "ERROR",
            ],
            check=False,
            capture_output=True,
            env=env,
        )
        with open(prefix + "_stats.csv", newline="") as handle:
            return {row["Name"]: row for row in csv.DictReader(handle)}


def _line(label: str, row: dict[str, str]) -> str:
    return (
        f"| {label} | {row['Request Count']} | {row['Failure Count']} | "
        f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} |"
    )


def run(full: bool) -> str:
    if shutil.which(str(BIN / "locust")) is None:
        return "locust is not installed (make dev)"
    seconds = 60 if full else 15
    print("  preparing the demo (once) ...", flush=True)
    _prepare()
    port = _free_port()
    server = _serve(port)
    try:
        one = _locust(port, 1, seconds)
        twenty = _locust(port, 20, seconds)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    cores = os.cpu_count() or 1
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    lines = [
        f"{seconds} s per run, {cores} CPU cores, load average {load} at the end; times in ms.",
        "",
        "| clients · page | requests | failures | requests/s | p50 | p95 | p99 |",
        "|---|---|---|---|---|---|---|",
    ]
    for clients, stats in (("1", one), ("20", twenty)):
        for name in ("partnership home", "resources", "decisions", "Aggregated"):
            if name in stats:
                lines.append(_line(f"{clients} · {name.lower()}", stats[name]))
    try:
        ratio = float(twenty["Aggregated"]["Requests/s"]) / float(one["Aggregated"]["Requests/s"])
        lines += [
            "",
            f"20 clients get {ratio:.2f} × the throughput of one "
            f"(target ≥ 0.8 × {cores} cores = {0.8 * cores:.1f} ×).",
        ]
    except (KeyError, ValueError, ZeroDivisionError):
        lines.append("No throughput ratio: a run gave no requests.")
    return "\n".join(lines)

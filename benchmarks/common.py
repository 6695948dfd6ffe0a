"""Shared helpers for `make bench`: timing with a time-out, and the result row.

Each ``benchmarks/bench_<part>.py`` exposes ``run(full: bool) -> list[Row]``.
A peer that runs past its time-out is reported as ``peer > N s`` instead of waited for.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


class TimedOut(Exception):
    pass


@dataclass
class Timing:
    seconds: float | None  # None when timed out
    value: Any
    timeout: float | None = None
    cpu: float | None = None  # CPU seconds of this process (all its threads)

    def label(self) -> str:
        if self.seconds is None:
            return f"> {self.timeout:g} s"
        return f"{self.seconds:.3f}"


def timed(fn: Callable[[], Any], timeout: float | None = None) -> Timing:
    """Run ``fn`` once in this process; give up after ``timeout`` seconds (SIGALRM).
    Records the wall seconds and the process's CPU seconds (``time.process_time``)."""

    def _alarm(signum: int, frame: object) -> None:
        raise TimedOut

    previous = signal.signal(signal.SIGALRM, _alarm)
    if timeout:
        signal.setitimer(signal.ITIMER_REAL, timeout)
    start, cpu = time.perf_counter(), time.process_time()
    try:
        value = fn()
    except TimedOut:
        return Timing(None, None, timeout)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return Timing(time.perf_counter() - start, value, timeout, time.process_time() - cpu)


@dataclass
class Row:
    case: str
    size: str
    peer: Timing
    ours: Timing
    identical: bool | None  # None when the peer could not finish

    def cells(self) -> list[str]:
        if self.peer.seconds is not None and self.ours.seconds:
            ratio = f"{self.peer.seconds / self.ours.seconds:.1f}x"
        elif self.peer.seconds is None and self.ours.seconds:
            ratio = f"> {self.peer.timeout / self.ours.seconds:.1f}x"
        else:
            ratio = "-"
        identical = {True: "yes", False: "NO", None: "n/a"}[self.identical]
        peer = "peer " + self.peer.label() if self.peer.seconds is None else self.peer.label()
        return [self.case, self.size, peer, self.ours.label(), ratio, identical]


HEADER = ["case", "size", "peer s", "ours s", "ratio", "identical"]


def format_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)

"""Engine tests touch no Django: neutralize the root conftest's Django fixtures here, so
``pytest -p no:django tests/engine`` works as well as the full run."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from types import FrameType

import pytest


@pytest.fixture(autouse=True)
def _fast_settings() -> None:
    return None


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    return None


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Fail with TimeoutError if the block runs longer than ``seconds`` (wall clock).

    SIGALRM interrupts Python code (every hang of issue 18 is a Python loop); pytest runs
    tests, xdist's included, in the main thread, where signals are delivered.
    """

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def time_limit() -> Callable[[float], AbstractContextManager[None]]:
    """``with time_limit(5): ...`` fails the test with TimeoutError after 5 s."""
    return _time_limit

"""Where the PrefLib data lives for the voting tests, and how tests that need it skip.

The files are in ``../shared/data/preflib`` beside the repository (PrefLib, Mattei and
Walsh 2013; see the README there). Without them the tests skip, except under ``CI=true``.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

from accord.engine.io.preflib import PrefLibFile, read_preflib

PREFLIB = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "preflib"


def preflib_files(pattern: str = "0*") -> list[Path]:
    """The PrefLib files in shared/data (empty when the folder is absent)."""
    return sorted(PREFLIB.glob(pattern)) if PREFLIB.is_dir() else []


def require_data() -> None:
    """Skip (or fail under CI=true) when the PrefLib folder is absent."""
    if not PREFLIB.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"PrefLib data missing at {PREFLIB}")
        pytest.skip("shared/data/preflib is not available")


@functools.cache
def load(name: str) -> PrefLibFile:
    """Read a PrefLib file once per test session."""
    require_data()
    return read_preflib(PREFLIB / name)

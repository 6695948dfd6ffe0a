"""Where the real pabulib elections are, and how tests that need them skip.

The files live in ``../shared/data/pabulib`` beside the repository (see its README for the
provenance: pabulib, Faliszewski et al., IJCAI 2023).  Without them the tests that need
them skip, except under ``CI=true`` where a missing folder is an error.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PABULIB = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "pabulib"
FILES = sorted(PABULIB.glob("*.pb")) if PABULIB.is_dir() else []


def require_pabulib() -> None:
    if FILES:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"pabulib data missing at {PABULIB}")
    pytest.skip(f"pabulib data not found at {PABULIB}")


def pabulib_path(stem: str) -> Path:
    require_pabulib()
    return PABULIB / f"{stem}.pb"


# parametrize over the files even when absent, so that a missing folder shows as a skip
FILE_STEMS = [f.stem for f in FILES] or ["<no pabulib data>"]

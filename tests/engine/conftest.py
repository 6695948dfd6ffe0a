"""Engine tests touch no Django: neutralize the root conftest's Django fixtures here, so
``pytest -p no:django tests/engine`` works as well as the full run."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_settings() -> None:
    return None


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    return None

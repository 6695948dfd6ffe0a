"""Engine tests need no Django: neutralise the project-wide autouse fixtures of
tests/conftest.py, so that ``pytest -p no:django`` runs them too."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_settings() -> None:
    """No Django settings to speed up here."""


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """No Django cache to clear here."""

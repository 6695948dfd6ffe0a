"""Fixtures borrowed from the apps' test folders (pytest finds a fixture imported here)."""

from __future__ import annotations

from tests.api.conftest import api, public_api
from tests.decisions.conftest import nine
from tests.resources.conftest import funded

__all__ = ["api", "funded", "nine", "public_api"]

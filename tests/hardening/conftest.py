"""Fixtures borrowed from the apps' test folders (pytest finds a fixture imported here)."""

from __future__ import annotations

from tests.api.conftest import api, public_api
from tests.resources.conftest import funded

__all__ = ["api", "funded", "public_api"]

"""What every demo loader shares: the partnerships' slugs and the data files."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

LAKE_SLUG = "lake-kivuli"
RIVERSIDE_SLUG = "riverside-skills"


def data(app: str) -> dict[str, Any]:
    """The demo data of one app (``data/<app>.json``), read afresh on each call."""
    text = (resources.files("accord.demo") / "data" / f"{app}.json").read_text(encoding="utf-8")
    return json.loads(text)

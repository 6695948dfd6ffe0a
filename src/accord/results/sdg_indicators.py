"""The UN SDG global indicators ("6.5.1" → title), bundled from shared/data/sdg
(open-sdg translations, MIT); a test keeps the file in sync."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "sdg_indicators.json"


@cache
def sdg_indicator_titles() -> dict[str, str]:
    return json.loads(DATA.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def sdg_indicator_target(code: str) -> str:
    """The target an indicator code belongs to: "6.5.1" → "6.5"."""
    return code.rsplit(".", 1)[0]

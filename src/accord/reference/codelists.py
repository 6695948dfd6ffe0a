"""Bundled code lists (IATI 2.03 Country and OrganisationType), read once.

Built from ../shared/data by tools/build_reference_data.py; a test keeps them in sync.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def _load(name: str) -> list[dict[str, str]]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@cache
def country_choices() -> list[tuple[str, str]]:
    return [(c["code"], c["name"]) for c in _load("countries.json")]


@cache
def organisation_type_names() -> dict[str, str]:
    return {c["code"]: c["name"] for c in _load("organisation_types.json")}


def sdg_data() -> dict[str, list[dict[str, str]]]:
    return json.loads((DATA_DIR / "sdg.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@cache
def currency_codes() -> frozenset[str]:
    """ISO 4217 codes from the IATI Currency codelist."""
    return frozenset(c["code"] for c in _load("currencies.json"))


@cache
def currency_names() -> dict[str, str]:
    """ISO 4217 code → its name in the IATI Currency codelist ("KES" → "Kenyan Shilling")."""
    return {c["code"]: c["name"] for c in _load("currencies.json")}

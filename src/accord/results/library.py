"""The library of common indicators per partnership type, to start from (data in
``data/indicator_library.json``). Names and descriptions are English msgids, translated
when shown."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext

DATA = Path(__file__).resolve().parent / "data" / "indicator_library.json"


@dataclass(frozen=True)
class LibraryIndicator:
    partnership_type: str
    key: str
    name: str
    description: str
    unit: str
    measure: str
    decimal_places: int
    direction: str
    result_type: str
    sdg_target: str
    sdg_indicator: str
    frequency: str
    dimensions: tuple[tuple[str, bool], ...]

    @property
    def translated_name(self) -> str:
        return gettext(self.name)

    @property
    def translated_description(self) -> str:
        return gettext(self.description)

    def indicator_fields(self) -> dict[str, Any]:
        """The fields ``indicator_create`` takes from the library entry."""
        return {
            "name": self.translated_name,
            "description": self.translated_description,
            "unit": self.unit,
            "measure": self.measure,
            "decimal_places": self.decimal_places,
            "direction": self.direction,
            "result_type": self.result_type,
            "sdg_target_code": self.sdg_target,
            "sdg_indicator": self.sdg_indicator,
            "frequency": self.frequency,
            "dimensions": list(self.dimensions),
        }


@cache
def library() -> tuple[LibraryIndicator, ...]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    return tuple(
        LibraryIndicator(
            partnership_type=partnership_type,
            dimensions=tuple((d["dimension"], bool(d["exhaustive"])) for d in entry["dimensions"]),
            **{k: v for k, v in entry.items() if k != "dimensions"},
        )
        for partnership_type, entries in raw.items()
        for entry in entries
    )


def library_for(partnership_type: str) -> list[LibraryIndicator]:
    """The partnership type's entries first, then the others."""
    return sorted(library(), key=lambda e: e.partnership_type != partnership_type)


def library_entry(key: str) -> LibraryIndicator | None:
    return next((e for e in library() if e.key == key), None)

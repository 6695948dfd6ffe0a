"""The shipped instruments: their questions, read once from ``data/instruments/<code>.json``.

Every text in the files is an English msgid, translated when shown (``translated``). The
wordings are Accord's own; INSTRUMENTS.md gives the structure they follow. No database
access here, so every layer of the app may use it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext, gettext_noop

DATA = Path(__file__).resolve().parent / "data" / "instruments"

CODES = ("collaboration-factors", "expectations", "partner-network", "gao-practices")

LIKERT_KINDS = {"likert4": 4, "likert5": 5, "likert7": 7}
KINDS = (*LIKERT_KINDS, "single", "multiple", "number", "text", "member_matrix")

#: Default end labels of each scale, when a question names none.
DEFAULT_ANCHORS = {
    "likert4": (gettext_noop("Not at all"), gettext_noop("A great deal")),
    "likert5": (gettext_noop("Strongly disagree"), gettext_noop("Strongly agree")),
    "likert7": (gettext_noop("Strongly disagree"), gettext_noop("Strongly agree")),
}


def translated(text: str) -> str:
    return gettext(text) if text else ""


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Question:
    """One question; a ``member_matrix`` asks its ``columns`` about each other member."""

    code: str
    kind: str
    text: str
    label: str = ""
    group: str = ""
    required: bool = True
    comment: bool = False
    anchors: tuple[str, str] | None = None
    options: tuple[Option, ...] = ()
    columns: tuple[Question, ...] = ()
    composite: str = ""
    minimum: float | None = None
    maximum: float | None = None

    @property
    def is_scale(self) -> bool:
        return self.kind in LIKERT_KINDS

    @property
    def scale(self) -> tuple[int, int]:
        return (1, LIKERT_KINDS[self.kind])

    @property
    def points(self) -> list[int]:
        low, high = self.scale
        return list(range(low, high + 1))

    @property
    def end_labels(self) -> tuple[str, str]:
        low, high = self.anchors or DEFAULT_ANCHORS[self.kind]
        return translated(low), translated(high)

    @property
    def display_label(self) -> str:
        """A short name for results: the label when the file gives one, else the text."""
        return translated(self.label or self.text)

    @property
    def display_text(self) -> str:
        return translated(self.text)

    def option_values(self) -> set[str]:
        return {option.value for option in self.options}

    def option_label(self, value: str) -> str:
        for option in self.options:
            if option.value == value:
                return translated(option.label)
        return value

    def translated_options(self) -> list[tuple[str, str]]:
        return [(option.value, translated(option.label)) for option in self.options]


@dataclass(frozen=True)
class Category:
    code: str
    label: str


@dataclass(frozen=True)
class Factor:
    code: str
    label: str
    category: str


@dataclass(frozen=True)
class InstrumentDefinition:
    code: str
    version: int
    title: str
    description: str
    anonymous_default: bool
    named_only: bool
    #: Whether a wave is answered by each person of a member organization (its
    #: representatives and staff) rather than once per organization by a representative.
    per_person_default: bool
    categories: tuple[Category, ...]
    factors: tuple[Factor, ...]
    questions: tuple[Question, ...]
    _by_code: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    @property
    def items(self) -> list[Question]:
        """Every answerable question, matrix columns included (each answered per member)."""
        flat: list[Question] = []
        for question in self.questions:
            flat.extend(question.columns if question.kind == "member_matrix" else (question,))
        return flat

    @property
    def matrix(self) -> Question | None:
        return next((q for q in self.questions if q.kind == "member_matrix"), None)

    def item(self, code: str) -> Question | None:
        return self._by_code.get(code)

    def factor_items(self, factor_code: str) -> list[Question]:
        return [q for q in self.questions if q.group == factor_code]


def _question(raw: dict[str, Any]) -> Question:
    anchors = raw.get("anchors")
    return Question(
        code=raw["code"],
        kind=raw["kind"],
        text=raw["text"],
        label=raw.get("label", ""),
        group=raw.get("group", ""),
        required=raw.get("required", True),
        comment=raw.get("comment", False),
        anchors=(anchors[0], anchors[1]) if anchors else None,
        options=tuple(Option(o["value"], o["label"]) for o in raw.get("options", ())),
        columns=tuple(_question(c) for c in raw.get("columns", ())),
        composite=raw.get("composite", ""),
        minimum=raw.get("minimum"),
        maximum=raw.get("maximum"),
    )


@cache
def instrument(code: str) -> InstrumentDefinition:
    """The instrument ``code`` (one of ``CODES``); KeyError for any other."""
    if code not in CODES:
        raise KeyError(code)
    raw = json.loads((DATA / f"{code}.json").read_text(encoding="utf-8"))
    definition = InstrumentDefinition(
        code=raw["code"],
        version=raw["version"],
        title=raw["title"],
        description=raw["description"],
        anonymous_default=raw["anonymous_default"],
        named_only=raw["named_only"],
        per_person_default=raw.get("per_person_default", False),
        categories=tuple(Category(c["code"], c["label"]) for c in raw["categories"]),
        factors=tuple(Factor(f["code"], f["label"], f["category"]) for f in raw["factors"]),
        questions=tuple(_question(q) for q in raw["questions"]),
    )
    definition._by_code.update({q.code: q for q in definition.items})
    return definition


def all_instruments() -> list[InstrumentDefinition]:
    return [instrument(code) for code in CODES]

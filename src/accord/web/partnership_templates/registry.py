"""Reading and validating partnership template files.

A template is a TOML file named after its key (``co_management.toml``). The shipped ones
are in ``data/``; an operator adds their own in the directory named by the setting
``PARTNERSHIP_TEMPLATES_DIR`` (environment variable ``ACCORD_PARTNERSHIP_TEMPLATES_DIR``).
Every text a person reads is a table of translations, ``{ en = "…", fr = "…", es = "…" }``
(English required; a missing language falls back to English), or a plain string used in
every language. The file carries its own translations so that an operator's template is
translated too, without touching the message catalogues (docs/operator-guide.md).

A bad file raises :class:`TemplateFileError`, which names the file and what is wrong; the
system check ``accord check`` (and ``accord serve`` at start) reports it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language, gettext

from accord.decisions.models import DecisionKind, Secrecy, Voters, WeightsMode
from accord.engine.voting.presets import get_preset
from accord.partnerships.models import CHARTER_SECTIONS, Modality, PartnershipType, Visibility
from accord.results.models import Direction, Frequency, Measure, ResultType

SHIPPED_DIR = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "fr", "es")
CHARTER_FIELDS = tuple(field for field, _label in CHARTER_SECTIONS)
#: The words a template file uses for the results' IATI codes.
MEASURES = {member.name.lower(): member.value for member in Measure}
RESULT_TYPES = {member.name.lower(): member.value for member in ResultType}


class TemplateFileError(ImproperlyConfigured):
    """A template file that cannot be used; the message names the file."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"Partnership template {path}: {problem}")


@dataclass(frozen=True)
class Text:
    """A text in several languages; ``str()`` gives it in the active language."""

    translations: tuple[tuple[str, str], ...]

    def get(self, language: str | None = None) -> str:
        by_language = dict(self.translations)
        language = (language or get_language() or "en").split("-")[0]
        return by_language.get(language) or by_language["en"]

    def __str__(self) -> str:
        return self.get()


@dataclass(frozen=True)
class Role:
    name: Text
    responsibilities: Text


@dataclass(frozen=True)
class RulePreset:
    name: Text
    preset: str
    kinds: tuple[str, ...]
    secrecy: str
    voters: str
    weights_mode: str

    @property
    def preset_name(self) -> str:
        return gettext(get_preset(self.preset).name)

    @property
    def preset_explanation(self) -> str:
        return gettext(get_preset(self.preset).explanation)


@dataclass(frozen=True)
class IndicatorPreset:
    name: Text
    description: Text
    unit: Text
    measure: str
    direction: str
    result_type: str
    frequency: str


@dataclass(frozen=True)
class PartnershipTemplate:
    key: str
    path: Path
    name: Text
    summary: Text
    type: str
    modality: str
    visibility: str
    allows_individuals: bool
    reporting_years: int
    charter: tuple[tuple[str, Text], ...]
    roles: tuple[Role, ...]
    rules: tuple[RulePreset, ...]
    indicators: tuple[IndicatorPreset, ...]

    def charter_sections(self, language: str | None = None) -> dict[str, str]:
        """The charter's sections in ``language``, the roles written into the roles section."""
        sections = {field: text.get(language) for field, text in self.charter}
        if self.roles:
            lines = [
                f"{role.name.get(language)}: {role.responsibilities.get(language)}"
                for role in self.roles
            ]
            before = sections.get("roles_and_responsibilities", "")
            sections["roles_and_responsibilities"] = "\n\n".join(
                part for part in (before, "\n".join(lines)) if part
            )
        return sections


class _Reader:
    """Validation of one file's parsed data; every problem names the file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, problem: str) -> TemplateFileError:
        return TemplateFileError(self.path, problem)

    def table(self, data: Any, where: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(f"{where} must be a table.")
        return data

    def only(self, data: dict[str, Any], allowed: set[str], where: str) -> None:
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise self.fail(f"{where} has unknown entries: {', '.join(unknown)}.")

    def text(self, value: Any, where: str, *, required: bool = True) -> Text:
        if value is None and not required:
            return Text((("en", ""),))
        if isinstance(value, str):
            value = {"en": value}
        if not isinstance(value, dict):
            raise self.fail(f"{where} must be a text or a table of translations.")
        unknown = sorted(set(value) - set(LANGUAGES))
        if unknown:
            raise self.fail(
                f"{where} has texts in unknown languages: {', '.join(unknown)} "
                f"(use {', '.join(LANGUAGES)})."
            )
        if not all(isinstance(v, str) for v in value.values()):
            raise self.fail(f"{where}: every translation must be a text.")
        if required and not (value.get("en") or "").strip():
            raise self.fail(f"{where} needs an English text (en).")
        return Text(tuple((lang, value[lang].strip()) for lang in LANGUAGES if lang in value))

    def choice(self, value: Any, allowed: Any, where: str) -> str:
        if value not in allowed:
            raise self.fail(f"{where} must be one of: {', '.join(sorted(allowed))}.")
        return str(value)

    def items(self, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
        raw = data.get(key, [])
        if not isinstance(raw, list):
            raise self.fail(f"“{key}” must be a list of tables ([[{key}]]).")
        return [self.table(item, f"{key} #{n}") for n, item in enumerate(raw, start=1)]

    def template(self, data: dict[str, Any]) -> PartnershipTemplate:
        self.only(
            data,
            {"name", "summary", "partnership", "charter", "roles", "rules", "indicators"},
            "The file",
        )
        partnership = self.table(data.get("partnership", {}), "[partnership]")
        self.only(
            partnership,
            {"type", "modality", "visibility", "allows_individuals", "reporting_years"},
            "[partnership]",
        )
        charter = self.table(data.get("charter", {}), "[charter]")
        self.only(charter, set(CHARTER_FIELDS), "[charter]")
        reporting_years = partnership.get("reporting_years", 3)
        if not isinstance(reporting_years, int) or not 1 <= reporting_years <= 30:
            raise self.fail("[partnership] reporting_years must be a whole number from 1 to 30.")
        allows_individuals = partnership.get("allows_individuals", False)
        if not isinstance(allows_individuals, bool):
            raise self.fail("[partnership] allows_individuals must be true or false.")
        rules = tuple(self.rule(item, n) for n, item in enumerate(self.items(data, "rules"), 1))
        kinds = [kind for rule in rules for kind in rule.kinds]
        repeated = sorted({kind for kind in kinds if kinds.count(kind) > 1})
        if repeated:
            raise self.fail(f"Several rules decide the same kind: {', '.join(repeated)}.")
        names = [rule.name.get("en") for rule in rules]
        if len(set(names)) != len(names):
            raise self.fail("Two rules have the same name.")
        indicators = tuple(
            self.indicator(item, n) for n, item in enumerate(self.items(data, "indicators"), 1)
        )
        indicator_names = [indicator.name.get("en") for indicator in indicators]
        if len(set(indicator_names)) != len(indicator_names):
            raise self.fail("Two indicators have the same name.")
        return PartnershipTemplate(
            key=self.path.stem,
            path=self.path,
            name=self.text(data.get("name"), "name"),
            summary=self.text(data.get("summary"), "summary"),
            type=self.choice(partnership.get("type"), PartnershipType.values, "[partnership] type"),
            modality=self.choice(
                partnership.get("modality"), Modality.values, "[partnership] modality"
            ),
            visibility=self.choice(
                partnership.get("visibility", Visibility.MEMBERS),
                Visibility.values,
                "[partnership] visibility",
            ),
            allows_individuals=allows_individuals,
            reporting_years=reporting_years,
            charter=tuple(
                (field, self.text(charter[field], f"[charter] {field}"))
                for field in CHARTER_FIELDS
                if field in charter
            ),
            roles=tuple(self.role(item, n) for n, item in enumerate(self.items(data, "roles"), 1)),
            rules=rules,
            indicators=indicators,
        )

    def role(self, data: dict[str, Any], n: int) -> Role:
        self.only(data, {"name", "responsibilities"}, f"roles #{n}")
        return Role(
            name=self.text(data.get("name"), f"roles #{n} name"),
            responsibilities=self.text(
                data.get("responsibilities"), f"roles #{n} responsibilities"
            ),
        )

    def rule(self, data: dict[str, Any], n: int) -> RulePreset:
        where = f"rules #{n}"
        self.only(data, {"name", "preset", "kinds", "secrecy", "voters", "weights_mode"}, where)
        preset = data.get("preset")
        try:
            get_preset(str(preset))
        except ValueError:
            raise self.fail(f"{where}: “{preset}” is not a decision-rule preset.") from None
        kinds = data.get("kinds")
        if not isinstance(kinds, list) or not kinds:
            raise self.fail(f"{where} needs the kinds of decision it decides (kinds = […]).")
        return RulePreset(
            name=self.text(data.get("name"), f"{where} name"),
            preset=str(preset),
            kinds=tuple(self.choice(k, DecisionKind.values, f"{where} kinds") for k in kinds),
            secrecy=self.choice(
                data.get("secrecy", Secrecy.OPEN), Secrecy.values, f"{where} secrecy"
            ),
            voters=self.choice(
                data.get("voters", Voters.ORGANIZATIONS), Voters.values, f"{where} voters"
            ),
            # custom weights name organizations, which a template cannot know
            weights_mode=self.choice(
                data.get("weights_mode", WeightsMode.EQUAL),
                {WeightsMode.EQUAL.value, WeightsMode.DELIVERED.value},
                f"{where} weights_mode",
            ),
        )

    def indicator(self, data: dict[str, Any], n: int) -> IndicatorPreset:
        where = f"indicators #{n}"
        self.only(
            data,
            {"name", "description", "unit", "measure", "direction", "result_type", "frequency"},
            where,
        )
        name = self.text(data.get("name"), f"{where} name")
        if any(len(text) > 200 for _lang, text in name.translations):
            raise self.fail(f"{where} name is longer than 200 characters.")
        return IndicatorPreset(
            name=name,
            description=self.text(data.get("description"), f"{where} description", required=False),
            unit=self.text(data.get("unit"), f"{where} unit", required=False),
            measure=MEASURES[
                self.choice(data.get("measure", "unit"), MEASURES, f"{where} measure")
            ],
            direction=self.choice(
                data.get("direction", "up"), Direction.values, f"{where} direction"
            ),
            result_type=RESULT_TYPES[
                self.choice(data.get("result_type", "output"), RESULT_TYPES, f"{where} result_type")
            ],
            frequency=self.choice(
                data.get("frequency", Frequency.QUARTERLY), Frequency.values, f"{where} frequency"
            ),
        )


def template_read(path: Path) -> PartnershipTemplate:
    """One template file, validated; :class:`TemplateFileError` names the file when not."""
    reader = _Reader(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise reader.fail(f"cannot be read ({exc}).") from exc
    except tomllib.TOMLDecodeError as exc:
        raise reader.fail(f"is not valid TOML ({exc}).") from exc
    return reader.template(data)


def extra_dir() -> Path | None:
    value = getattr(settings, "PARTNERSHIP_TEMPLATES_DIR", "")
    return Path(value) if value else None


@cache
def _templates(extra: Path | None) -> dict[str, PartnershipTemplate]:
    found: dict[str, PartnershipTemplate] = {}
    directories = [SHIPPED_DIR]
    if extra is not None:
        if not extra.is_dir():
            raise TemplateFileError(extra, "is not a directory (PARTNERSHIP_TEMPLATES_DIR).")
        directories.append(extra)
    for directory in directories:
        for path in sorted(directory.glob("*.toml")):
            template = template_read(path)
            if template.key in found:
                raise TemplateFileError(
                    path, f"the key “{template.key}” is taken by {found[template.key].path}."
                )
            found[template.key] = template
    return found


def template_list() -> list[PartnershipTemplate]:
    """Every template: the shipped ones, then the operator's, each group by file name."""
    return list(_templates(extra_dir()).values())


def template_get(key: str) -> PartnershipTemplate | None:
    return _templates(extra_dir()).get(key)

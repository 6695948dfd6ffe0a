"""Build Accord's bundled reference data from ../shared/data.

Writes src/accord/reference/data/{sdg,countries,currencies,organisation_types}.json.
The package ships these small files so that it runs without ../shared; a test checks
that they still match their sources.

Usage: python tools/build_reference_data.py
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "accord" / "reference" / "data"


def read_flat_yaml(path: Path) -> dict[str, str]:
    """Read the sdg-translations files: ``key: text`` with indented continuation lines."""
    entries: dict[str, str] = {}
    key = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([0-9a-z]+(?:-[0-9a-z]+)*-(?:title|short)): ?(.*)$", line)
        if match:
            key = match.group(1)
            entries[key] = match.group(2).strip()
        elif key and line.startswith("  "):
            entries[key] += " " + line.strip()
    return {k: v.strip().strip('"').strip("'") for k, v in entries.items()}


#: The languages besides English whose SDG names are shipped (open-sdg/sdg-translations).
SDG_LANGUAGES = ("fr", "es")


def build_sdg() -> dict[str, list[dict[str, Any]]]:
    goals_raw = read_flat_yaml(SHARED / "sdg" / "global_goals.en.yml")
    targets_raw = read_flat_yaml(SHARED / "sdg" / "global_targets.en.yml")
    goals_in = {
        lang: read_flat_yaml(SHARED / "sdg" / f"global_goals.{lang}.yml") for lang in SDG_LANGUAGES
    }
    targets_in = {
        lang: read_flat_yaml(SHARED / "sdg" / f"global_targets.{lang}.yml")
        for lang in SDG_LANGUAGES
    }
    goals = [
        {
            "code": str(n),
            "short": goals_raw[f"{n}-short"],
            "title": goals_raw[f"{n}-title"],
            "translations": {
                lang: {"short": goals_in[lang][f"{n}-short"], "title": goals_in[lang][f"{n}-title"]}
                for lang in SDG_LANGUAGES
                if f"{n}-short" in goals_in[lang] and f"{n}-title" in goals_in[lang]
            },
        }
        for n in range(1, 18)
    ]
    targets = []
    for key, title in targets_raw.items():
        parts = key.removesuffix("-title").split("-")
        translations = {
            lang: {"title": targets_in[lang][key]}
            for lang in SDG_LANGUAGES
            if key in targets_in[lang]
        }
        targets.append(
            {
                "goal": parts[0],
                "code": ".".join(parts),
                "title": title,
                "translations": translations,
            }
        )

    def order(code: str) -> tuple[int, int, str]:
        goal, target = code.split(".")
        return (int(goal), int(target) if target.isdigit() else 100, target)

    targets.sort(key=lambda t: order(t["code"]))
    return {"goals": goals, "targets": targets}


def read_codelist(path: Path) -> list[dict[str, str]]:
    root = ET.parse(path).getroot()  # noqa: S314 - trusted local standard files
    items = []
    for item in root.iter("codelist-item"):
        code = item.findtext("code")
        name = item.find("name/narrative")
        if code and name is not None and name.text:
            items.append({"code": code, "name": name.text.strip()})
    return items


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    outputs = {
        "sdg.json": build_sdg(),
        "countries.json": read_codelist(SHARED / "iati" / "codelists" / "Country.xml"),
        "currencies.json": read_codelist(SHARED / "iati" / "codelists" / "Currency.xml"),
        "organisation_types.json": read_codelist(
            SHARED / "iati" / "codelists" / "OrganisationType.xml"
        ),
    }
    for name, data in outputs.items():
        (OUT / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()

"""The French and Spanish catalogues are complete and shipped compiled.

Every string marked for translation in a template or Python module of the package must
have a translation, neither missing nor fuzzy, in each catalogue; the compiled ``.mo``
files in the package must say what their ``.po`` files say; ``msgfmt --check`` passes.
The extraction is Django's own ``makemessages``, run on a copy of the package so that the
real catalogues are never touched.
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import polib
import pytest
from django.core.management import call_command
from django.test.utils import override_settings

import accord

PACKAGE = Path(accord.__file__).resolve().parent
LOCALE = PACKAGE / "locale"
LANGUAGES = ["fr", "es"]
MSGFMT = shutil.which("msgfmt")

needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="gettext's msgfmt is not installed")


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def mo_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.mo"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: Any) -> dict[str, polib.POFile]:
    """``makemessages`` for every language, on a copy: the catalogues as they would be
    after extraction, merged with the translations we have."""
    if MSGFMT is None:
        pytest.skip("gettext is not installed")
    copy = tmp_path_factory.mktemp("extract") / "accord"
    shutil.copytree(
        PACKAGE,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static", "var", "tests"),
    )
    cwd = Path.cwd()
    try:
        os.chdir(copy)
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            call_command(
                "makemessages",
                locale=LANGUAGES,
                ignore_patterns=["*/tests/*"],
                verbosity=0,
            )
    finally:
        os.chdir(cwd)
    return {
        language: polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        for language in LANGUAGES
    }


def describe(entry: polib.POEntry) -> str:
    where = ", ".join(f"{f}:{n}" for f, n in entry.occurrences[:2])
    return f"{entry.msgid[:70]!r} ({where})"


@needs_msgfmt
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_is_translated(
    extracted: dict[str, polib.POFile], language: str
) -> None:
    catalogue = extracted[language]
    live = [e for e in catalogue if not e.obsolete]
    assert len(live) > 1000  # the extraction really ran over the package
    missing = [describe(e) for e in live if not e.translated() or "fuzzy" in e.flags]
    assert not missing, (
        f"{len(missing)} strings are untranslated or fuzzy in {po_path(language)}; run "
        f"`accord makemessages -l {language}` in src/accord and translate them:\n"
        + "\n".join(missing[:40])
    )


@needs_msgfmt
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_passes_msgfmt_check(language: str) -> None:
    result = subprocess.run(  # noqa: S603 - a fixed tool on a file of ours
        [MSGFMT, "--check", "-o", "/dev/null", str(po_path(language))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@needs_msgfmt
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_shipped_mo_file_is_compiled_from_the_po_file(language: str, tmp_path: Path) -> None:
    assert mo_path(language).exists(), f"run `accord compilemessages` ({language})"
    fresh = tmp_path / "django.mo"
    subprocess.run(  # noqa: S603
        [MSGFMT, "-o", str(fresh), str(po_path(language))], check=True
    )
    with fresh.open("rb") as a, mo_path(language).open("rb") as b:
        expected = gettext.GNUTranslations(a)._catalog  # type: ignore[attr-defined]
        shipped = gettext.GNUTranslations(b)._catalog  # type: ignore[attr-defined]
    assert shipped == expected, f"the .mo is stale: run `accord compilemessages -l {language}`"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_plural_forms_are_declared(language: str) -> None:
    catalogue = polib.pofile(str(po_path(language)))
    assert catalogue.metadata["Language"] == language
    assert "nplurals=" in catalogue.metadata["Plural-Forms"]
    if language == "fr":
        assert catalogue.metadata["Plural-Forms"].startswith("nplurals=2; plural=(n > 1)")


def test_the_package_data_ships_the_compiled_catalogues() -> None:
    import tomllib

    pyproject = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["*"]
    assert "locale/*/LC_MESSAGES/*.mo" in patterns
    assert "locale/*/LC_MESSAGES/*.po" in patterns

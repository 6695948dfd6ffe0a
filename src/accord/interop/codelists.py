"""The IATI 2.03 codelists the export and import use, read once from the package.

The XML files in ``data/codelists`` are copies of ``shared/data/iati/codelists`` (and
three items of DocumentCategory, see that file); OrganisationType, Currency and the
SDG goals and targets come from ``accord.reference``. A test checks that the copies
equal the shared files, and that every code the export writes is in its list.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

from accord.reference.codelists import currency_codes, organisation_type_names, sdg_data

DATA_DIR = Path(__file__).resolve().parent / "data"
CODELIST_DIR = DATA_DIR / "codelists"
SCHEMA_DIR = DATA_DIR / "schema-2.03"

#: The codelists shipped in the package (file stem = codelist name).
SHIPPED = (
    "ActivityDateType",
    "ActivityStatus",
    "BudgetStatus",
    "BudgetType",
    "DocumentCategory",
    "IndicatorMeasure",
    "IndicatorVocabulary",
    "OrganisationRole",
    "ResultType",
    "SectorVocabulary",
    "TagVocabulary",
    "TransactionType",
)


@cache
def codes(name: str) -> frozenset[str]:
    """The codes of one codelist: a shipped XML file, or one of ``accord.reference``'s."""
    if name == "OrganisationType":
        return frozenset(organisation_type_names())
    if name == "Currency":
        return currency_codes()
    if name == "UNSDG-Goals":
        return frozenset(goal["code"] for goal in sdg_data()["goals"])
    if name == "UNSDG-Targets":
        return frozenset(target["code"] for target in sdg_data()["targets"])
    if name not in SHIPPED:
        raise KeyError(name)
    tree = etree.parse(str(CODELIST_DIR / f"{name}.xml"))
    return frozenset(code.text.strip() for code in tree.iterfind(".//codelist-item/code"))


def is_sdg_indicator_code(code: str) -> bool:
    """Whether ``code`` reads as an indicator of a known SDG target ("6.5.1" under 6.5).

    No list of the SDG indicators ships with Accord; the target part is checked.
    """
    target, _dot, number = code.rpartition(".")
    return bool(number) and number.isdigit() and target in codes("UNSDG-Targets")

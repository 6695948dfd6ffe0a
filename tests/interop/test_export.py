"""The IATI 2.03 export: valid against the XSD in shared/, codes from the codelists only,
and the fields docs/iati.md maps."""

from __future__ import annotations

import filecmp
from datetime import UTC, datetime

import pytest
from lxml import etree

from accord.interop import iati_xml, selectors, services
from accord.interop.codelists import CODELIST_DIR, SCHEMA_DIR, codes
from accord.interop.models import OrganizationIdentifier
from accord.resources.models import LedgerEntry
from tests.interop.conftest import SHARED_IATI, assert_valid

pytestmark = pytest.mark.django_db


def export(partnership, scope=None) -> bytes:
    return b"".join(selectors.iati_stream(partnership=partnership, scope=scope))


@pytest.mark.parametrize("scope", ["partnership", "activity"])
def test_the_export_validates_against_the_203_schema(iati_world, scope):
    document = assert_valid(export(iati_world.partnership, scope))
    assert document.get("version") == "2.03"
    expected = 1 if scope == "partnership" else 2
    assert len(document.findall("iati-activity")) == expected


def test_one_activity_for_the_partnership(iati_world):
    activity = assert_valid(export(iati_world.partnership)).find("iati-activity")
    p = iati_world.partnership
    assert activity.get("default-currency") == "KES"
    assert activity.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    reporting = activity.find("reporting-org")
    assert reporting.findtext("narrative") == "County"  # the founding member
    assert reporting.get("type") == "10"
    assert activity.findtext("iati-identifier") == f"{reporting.get('ref')}-{p.slug}"
    assert activity.findtext("title/narrative") == "Lake Partnership"
    descriptions = {d.get("type"): d.findtext("narrative") for d in activity.findall("description")}
    assert descriptions == {"1": "Save the lake.", "2": "A living lake & its fisheries."}
    roles = {
        (o.findtext("narrative"), o.get("role")) for o in activity.findall("participating-org")
    }
    assert roles == {
        ("Foundation", "1"),
        ("County", "2"),
        ("Fisher Coop", "4"),
    }
    assert activity.find("activity-status").get("code") == "2"
    date_types = [d.get("type") for d in activity.findall("activity-date")]
    assert date_types == ["1", "2", "3"]
    sectors = [
        (s.get("vocabulary"), s.get("code"), s.get("percentage"))
        for s in activity.findall("sector")
    ]
    assert ("7", "6", "50.00") in sectors and ("7", "14", "50.00") in sectors
    assert ("8", "6.5", "50.00") in sectors and ("8", "14.4", "50.00") in sectors
    assert ("9", "14.4.1", "100.00") in sectors
    tags = {(t.get("vocabulary"), t.get("code")) for t in activity.findall("tag")}
    assert tags == {("2", "6"), ("2", "14"), ("3", "6.5"), ("3", "14.4")}
    budgets = [
        (
            b.find("period-start").get("iso-date"),
            b.findtext("value"),
            b.find("value").get("currency"),
        )
        for b in activity.findall("budget")
    ]
    assert budgets == [("2025-01-01", "6000.00", "EUR"), ("2026-01-01", "4000.00", "EUR")]
    links = {link.find("category").get("code") for link in activity.findall("document-link")}
    assert links == {"A09", "A12"}


def test_transactions_come_from_the_ledger_in_their_own_currency(iati_world):
    activity = assert_valid(export(iati_world.partnership)).find("iati-activity")
    transactions = activity.findall("transaction")
    # five entries: the in-kind delivery is not an IATI transaction
    assert LedgerEntry.objects.filter(partnership=iati_world.partnership).count() == 5
    assert len(transactions) == 4
    first = transactions[0]
    assert first.get("ref") == str(iati_world.first_entry.pk)
    assert first.find("transaction-type").get("code") == "3"
    assert first.find("transaction-date").get("iso-date") == "2025-03-20"
    value = first.find("value")
    assert (value.text, value.get("currency"), value.get("value-date")) == (
        "6000.00",
        "EUR",
        "2025-03-20",
    )
    assert first.findtext("description/narrative") == "First tranche <grant #1>"
    assert first.findtext("provider-org/narrative") == "Foundation"
    assert first.find("provider-org").get("type") == "60"
    assert first.findtext("receiver-org/narrative") == "Fisher Coop"
    values = sorted(t.findtext("value") for t in transactions)
    assert "-1200.50" in values and "1200.50" in values  # the mistake and its reversal
    expenditure = next(t for t in transactions if t.findtext("value") == "1200.50")
    assert expenditure.find("receiver-org") is None  # spent on the activity


def test_results_from_indicators(iati_world):
    activity = assert_valid(export(iati_world.partnership)).find("iati-activity")
    results = {r.findtext("title/narrative"): r for r in activity.findall("result")}
    assert set(results) == {"Fishers trained", "Water quality"}
    trained = results["Fishers trained"]
    assert trained.get("type") == "1"
    indicator = trained.find("indicator")
    assert (indicator.get("measure"), indicator.get("ascending")) == ("1", "1")
    assert indicator.find("reference").attrib == {"vocabulary": "9", "code": "14.4.1"}
    baseline = indicator.find("baseline")
    assert (
        baseline.get("year"),
        baseline.get("value"),
        baseline.findtext("comment/narrative"),
    ) == (
        "2024",
        "10",
        "Census",
    )
    q1, q2 = indicator.findall("period")
    assert q1.find("target").get("value") == "15"
    actuals = q1.findall("actual")
    assert actuals[0].get("value") == "12" and actuals[0].find("dimension") is None
    assert actuals[0].find("document-link").get("url") == "https://example.org/attendance.pdf"
    cells = {(a.find("dimension").get("value"), a.get("value")) for a in actuals[1:]}
    assert cells == {("female", "7"), ("male", "5"), ("other", "0")}
    assert all(a.find("dimension").get("name") == "sex" for a in actuals[1:])
    # a band's lower bound for an indicator where higher is better; Q2 is not verified yet
    assert q2.find("target").get("value") == "18"
    assert q2.findtext("target/comment/narrative") == "18–25"
    assert q2.find("actual") is None
    quality = results["Water quality"]
    assert quality.get("type") == "2" and quality.find("indicator").get("measure") == "5"


def test_one_activity_per_workplan_activity(iati_world):
    services.iati_publication_update(
        actor=iati_world.users["coordinator"], partnership=iati_world.partnership, scope="activity"
    )
    document = assert_valid(export(iati_world.partnership))  # the stored choice
    parent, child = document.findall("iati-activity")
    assert parent.get("hierarchy") == "1" and child.get("hierarchy") == "2"
    assert child.findtext("iati-identifier") == (
        f"{parent.findtext('iati-identifier')}-A{iati_world.activity.pk}"
    )
    assert child.findtext("title/narrative") == "Riparian restoration"
    # the activity's own entries, the rest in the partnership's
    assert len(child.findall("transaction")) == 3
    assert len(parent.findall("transaction")) == 1
    assert [r.findtext("title/narrative") for r in child.findall("result")] == ["Water quality"]
    assert [r.findtext("title/narrative") for r in parent.findall("result")] == ["Fishers trained"]
    roles = {(o.findtext("narrative"), o.get("role")) for o in child.findall("participating-org")}
    assert roles == {("Foundation", "1"), ("County", "2"), ("Fisher Coop", "4")}
    assert [b.findtext("value") for b in child.findall("budget")] == ["6000.00", "4000.00"]
    assert parent.findall("budget") == []
    # the query parameter overrides the stored choice
    assert (
        len(assert_valid(export(iati_world.partnership, "partnership")).findall("iati-activity"))
        == 1
    )


def test_settings_name_the_reporting_organization_and_the_identifier(iati_world):
    OrganizationIdentifier.objects.create(
        organization=iati_world.orgs["foundation"], ref="KE-NGO-7"
    )
    services.iati_publication_update(
        actor=iati_world.users["coordinator"],
        partnership=iati_world.partnership,
        scope="partnership",
        reporting_organization=iati_world.orgs["foundation"],
        identifier="KE-NGO-7-LAKE",
    )
    activity = assert_valid(export(iati_world.partnership)).find("iati-activity")
    assert activity.findtext("iati-identifier") == "KE-NGO-7-LAKE"
    assert activity.find("reporting-org").get("ref") == "KE-NGO-7"
    funder = next(o for o in activity.findall("participating-org") if o.get("role") == "1")
    assert funder.get("ref") == "KE-NGO-7"


def test_every_code_written_is_in_its_codelist(iati_world):
    document = assert_valid(export(iati_world.partnership, "activity"))
    checks = {
        "reporting-org": [("type", "OrganisationType")],
        "participating-org": [("role", "OrganisationRole"), ("type", "OrganisationType")],
        "provider-org": [("type", "OrganisationType")],
        "receiver-org": [("type", "OrganisationType")],
        "activity-status": [("code", "ActivityStatus")],
        "activity-date": [("type", "ActivityDateType")],
        "sector": [("vocabulary", "SectorVocabulary")],
        "tag": [("vocabulary", "TagVocabulary")],
        "budget": [("type", "BudgetType"), ("status", "BudgetStatus")],
        "transaction-type": [("code", "TransactionType")],
        "value": [("currency", "Currency")],
        "category": [("code", "DocumentCategory")],
        "result": [("type", "ResultType")],
        "indicator": [("measure", "IndicatorMeasure")],
        "reference": [("vocabulary", "IndicatorVocabulary")],
    }
    seen = set()
    for tag, attributes in checks.items():
        for element in document.iter(tag):
            for attribute, codelist in attributes:
                value = element.get(attribute)
                if value is not None:
                    assert value in codes(codelist), (tag, attribute, value)
                    seen.add(tag)
    for element in document.iter("sector"):
        codelist = {"7": "UNSDG-Goals", "8": "UNSDG-Targets"}.get(element.get("vocabulary"))
        if codelist:
            assert element.get("code") in codes(codelist)
    assert {"participating-org", "transaction-type", "sector", "result", "category"} <= seen


def test_streaming_writes_the_same_bytes_as_one_tree_in_chunks(iati_world):
    documents = selectors.iati_documents(partnership=iati_world.partnership, scope="activity")
    generated = datetime(2026, 1, 1, tzinfo=UTC)
    chunks = list(iati_xml.stream(documents, generated=generated, chunk_rows=1))
    tree = iati_xml.tree_bytes(iati_xml.build_tree(documents, generated=generated))
    assert b"".join(chunks) == tree
    assert len([c for c in chunks if c]) > 4  # a chunk per transaction here


def test_an_empty_partnership_still_validates(world):
    assert_valid(export(world.other_partnership))


def test_the_packaged_schema_and_codelists_are_the_shared_ones():
    for name in ("iati-activities-schema.xsd", "iati-common.xsd", "xml.xsd"):
        assert filecmp.cmp(SCHEMA_DIR / name, SHARED_IATI / "schema-2.03" / name, shallow=False)
    for path in CODELIST_DIR.glob("*.xml"):
        if path.name != "DocumentCategory.xml":  # not in shared/: see the file's comment
            assert filecmp.cmp(path, SHARED_IATI / "codelists" / path.name, shallow=False)
    categories = etree.parse(str(CODELIST_DIR / "DocumentCategory.xml"))
    assert {c.text for c in categories.iter("code")} == {"A08", "A09", "A12"}


def _indicators(world, count):
    from datetime import date

    from accord.results import services as results_services

    for n in range(count):
        indicator = results_services.indicator_create(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            name=f"Indicator {n}",
            responsible_organization=world.orgs["coop"],
            reporting_start=date(2025, 1, 1),
            reporting_end=date(2025, 12, 31),
            dimensions=[("sex", True)],
        )
        results_services.indicator_targets_set(
            actor=world.users["coordinator"],
            indicator=indicator,
            targets=[{"period_start": date(2025, m, 1), "value": "5"} for m in (1, 4, 7)],
        )


@pytest.mark.parametrize("count", [3, 30])
def test_queries_do_not_grow_with_indicators_or_transactions(
    iati_world, count, django_assert_max_num_queries
):
    _indicators(iati_world, count)
    with django_assert_max_num_queries(40):
        assert_valid(export(iati_world.partnership))

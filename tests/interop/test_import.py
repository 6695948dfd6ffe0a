"""Importing IATI activity files (the examples in shared/data/iati/examples): a partnership
starts or is updated through the apps' services, in one transaction."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accord.errors import Conflict, Forbidden, Invalid
from accord.interop import selectors, services
from accord.interop.models import DeclaredBudget, IatiPublication, OrganizationIdentifier
from accord.partners.models import Organization
from accord.partnerships.models import Membership, Partnership
from accord.resources.models import ActivityOrganization, LedgerEntry
from accord.results.models import Indicator, Measurement
from tests.conftest import make_user
from tests.interop.conftest import EXAMPLES, assert_valid

pytestmark = pytest.mark.django_db

ANNOTATED = (EXAMPLES / "activity-standard-example-annotated.xml").read_bytes()
NL = (EXAMPLES / "nl-mfa-2.03.xml").read_bytes()
ES = (EXAMPLES / "es-maec-indonesia-2.01.xml").read_bytes()


@pytest.fixture
def importer(db):
    return make_user("importer@ministry.test", "Imogen Importer")


def counts():
    return (
        Partnership.objects.count(),
        Organization.objects.count(),
        Membership.objects.count(),
        LedgerEntry.objects.count(),
        Indicator.objects.count(),
        IatiPublication.objects.count(),
    )


def test_the_annotated_example_starts_a_partnership(importer):
    report = services.iati_import(actor=importer, content=ANNOTATED)
    p = report.partnership
    assert report.created and report.identifier == "AA-AAA-123456789-ABC123"
    assert p.name == "Activity title"
    assert p.purpose.startswith("General activity description text.")
    assert p.status == "active"  # activity-status 2
    assert p.reporting_currency == "USD"
    reporting = OrganizationIdentifier.objects.get(ref="AA-AAA-123456789").organization
    assert reporting.name == "Organisation name" and reporting.iati_type == "40"
    members = set(
        Membership.objects.filter(partnership=p, status="admitted").values_list(
            "organization__name", flat=True
        )
    )
    assert members == {"Organisation name", "Name of Agency B", "Name of Agency C"}
    publication = IatiPublication.objects.get(partnership=p)
    assert publication.identifier == "AA-AAA-123456789-ABC123"
    assert publication.reporting_organization == reporting
    chain = set(
        ActivityOrganization.objects.filter(activity=publication.imported_activity).values_list(
            "organization__name", "role"
        )
    )
    assert chain == {
        ("Name of Agency B", "1"),
        ("Name of Agency C", "2"),
        ("Organisation name", "3"),
    }
    budget = DeclaredBudget.objects.get(partnership=p)
    assert (budget.value, budget.currency, str(budget.period_start)) == (
        Decimal("3000.00"),
        "EUR",
        "2014-01-01",
    )
    entry = LedgerEntry.objects.get(partnership=p)
    assert (entry.type, entry.value, entry.currency, str(entry.value_date)) == (
        "1",
        Decimal("1000.00"),
        "EUR",
        "2012-01-01",
    )
    assert entry.provider.name == "Name of Agency B" and entry.receiver == reporting
    indicator = Indicator.objects.get(partnership=p)
    assert (indicator.name, indicator.result_type, indicator.measure) == (
        "Indicator title",
        "1",
        "1",
    )
    assert report.warnings  # the disaggregated baseline, target and actual are left out
    # the imported partnership exports valid IATI that carries what was imported
    activity = assert_valid(b"".join(selectors.iati_stream(partnership=p))).find("iati-activity")
    assert activity.findtext("iati-identifier") == "AA-AAA-123456789-ABC123"
    assert activity.find("reporting-org").get("ref") == "AA-AAA-123456789"
    assert activity.find("budget/value").text == "3000.00"
    transaction = activity.find("transaction")
    assert transaction.find("provider-org").get("ref") == "BB-BBB-123456789"


def test_importing_again_posts_nothing_twice_and_reverses_what_left_the_file(importer):
    first = services.iati_import(actor=importer, content=ANNOTATED)
    again = services.iati_import(actor=importer, content=ANNOTATED)
    assert not again.created and again.partnership == first.partnership
    assert (again.transactions_posted, again.transactions_unchanged) == (0, 1)
    assert LedgerEntry.objects.filter(partnership=first.partnership).count() == 1
    changed = ANNOTATED.replace(
        b'<value currency="EUR" value-date="2012-01-01">1000</value>',
        b'<value currency="EUR" value-date="2012-01-01">1500</value>',
    ).replace(b'<transaction ref="1234"', b'<transaction ref="1235"')
    report = services.iati_import(actor=importer, content=changed)
    assert (report.transactions_posted, report.transactions_reversed) == (1, 1)
    values = sorted(
        LedgerEntry.objects.filter(partnership=first.partnership).values_list("value", flat=True)
    )
    assert values == [Decimal("-1000.00"), Decimal("1000.00"), Decimal("1500.00")]
    assert DeclaredBudget.objects.filter(partnership=first.partnership).count() == 1


def test_a_real_dutch_activity(importer):
    with pytest.raises(Invalid) as refused:  # 13 activities: which one?
        services.iati_import(actor=importer, content=NL)
    assert "NL-1-PPR-24706" in refused.value.field_errors["activity"]
    report = services.iati_import(actor=importer, content=NL, activity_identifier="NL-1-PPR-24706")
    p = report.partnership
    assert p.status == "closed"  # activity-status 4, reached through the lifecycle
    assert p.reporting_currency == "EUR"
    entries = LedgerEntry.objects.filter(partnership=p).order_by("value_date")
    assert [(e.type, e.value, e.provider.name, e.receiver.name) for e in entries] == [
        ("2", Decimal("2000000.00"), "Ministry of Foreign Affairs (DGIS)", "ICTJ"),
        ("3", Decimal("1500000.00"), "Ministry of Foreign Affairs (DGIS)", "ICTJ"),
        ("3", Decimal("500000.00"), "Ministry of Foreign Affairs (DGIS)", "ICTJ"),
    ]
    ministry = OrganizationIdentifier.objects.get(ref="XM-DAC-7").organization
    assert ministry.sector == "public" and ministry.iati_type == "10"
    roles = set(
        ActivityOrganization.objects.filter(activity__partnership=p).values_list(
            "organization__name", "role"
        )
    )
    assert roles == {
        ("Ministry of Foreign Affairs (DGIS)", "1"),
        ("Ministry of Foreign Affairs (DGIS)", "2"),
        ("Ministry of Foreign Affairs (DGIS)", "3"),
        ("ICTJ", "4"),
    }
    assert Indicator.objects.filter(partnership=p).count() == 1
    assert_valid(b"".join(selectors.iati_stream(partnership=p)))


def test_a_real_spanish_201_activity(importer):
    report = services.iati_import(
        actor=importer, content=ES, activity_identifier="ES-DIR3-E04585801-009-001301"
    )
    entries = LedgerEntry.objects.filter(partnership=report.partnership)
    assert entries.count() == 2
    assert {e.currency for e in entries} == {"EUR"}
    assert report.partnership.status == "review"  # activity-status 3, finalisation
    assert_valid(b"".join(selectors.iati_stream(partnership=report.partnership)))


def test_what_the_ledger_cannot_hold_is_left_out_with_a_warning(importer):
    report = services.iati_import(actor=importer, content=NL, activity_identifier="NL-1-PPR-25275")
    # a negative commitment corrects an earlier one: Accord corrects by reversal instead
    assert any("not positive" in warning for warning in report.warnings)
    assert not LedgerEntry.objects.filter(partnership=report.partnership, value__lt=0).exists()


def test_an_invalid_file_changes_nothing(importer, iati_world):
    before = counts()
    for content in (
        b"not xml at all",
        ANNOTATED.replace(b'<activity-status code="2" />', b""),  # a required element
        ANNOTATED.replace(b"<iati-identifier>", b"<title/><iati-identifier>", 1),  # order
    ):
        with pytest.raises(Invalid) as refused:
            services.iati_import(actor=importer, content=content)
        assert refused.value.field_errors["file"]
        assert "line" in refused.value.field_errors["file"][0]
    with pytest.raises(Invalid):
        services.iati_import(
            actor=iati_world.users["coordinator"],
            content=ANNOTATED.replace(b'version="2.03"', b""),
            partnership=iati_world.partnership,
        )
    assert counts() == before


def test_a_failure_half_way_rolls_everything_back(importer, monkeypatch):
    from accord.interop.services import imports

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "_results", broken)
    before = counts()
    with pytest.raises(RuntimeError):
        services.iati_import(actor=importer, content=ANNOTATED)
    assert counts() == before


def test_who_may_import_into_a_partnership(iati_world):
    for role in ("representative", "staff", "outsider"):
        with pytest.raises(Forbidden):
            services.iati_import(
                actor=iati_world.users[role], content=ANNOTATED, partnership=iati_world.partnership
            )
    # Agency B is the School here, which the coordinator does not represent
    content = ANNOTATED.replace(b"Name of Agency B", b"School")
    report = services.iati_import(
        actor=iati_world.users["coordinator"], content=content, partnership=iati_world.partnership
    )
    assert report.partnership == iati_world.partnership and not report.created
    # an organization the coordinator does not represent is invited and must consent first:
    # its transaction waits for a later import
    school = Membership.objects.get(
        partnership=iati_world.partnership, organization=iati_world.orgs["school"]
    )
    assert school.status == "invited"
    assert any("invited" in warning for warning in report.warnings)
    assert report.transactions_posted == 0
    assert LedgerEntry.objects.filter(partnership=iati_world.partnership).count() == 5
    with pytest.raises(Conflict):  # someone else's import of the same activity
        services.iati_import(actor=iati_world.users["outsider"], content=ANNOTATED)


def test_round_trip_of_our_own_export(iati_world, importer):
    exported = b"".join(selectors.iati_stream(partnership=iati_world.partnership))
    for name in (b"County", b"Foundation", b"Fisher Coop"):  # new organizations, the importer's
        exported = exported.replace(b">" + name + b"<", b">" + name + b" B<")
    report = services.iati_import(actor=importer, content=exported)
    p = report.partnership
    assert p.name == "Lake Partnership" and p.status == "active"
    assert set(p.sdg_targets.values_list("code", flat=True)) == {"6.5", "14.4"}
    posted = LedgerEntry.objects.filter(partnership=p)
    # four IATI transactions: the reversal's negative value is left out, with a warning
    assert posted.count() == 3
    assert set(posted.values_list("currency", flat=True)) == {"EUR", "KES"}
    trained = Indicator.objects.get(partnership=p, name="Fishers trained")
    assert trained.baseline_value == Decimal("10") and trained.sdg_indicator == "14.4.1"
    assert list(trained.targets.values_list("value", flat=True)) == [Decimal("15"), Decimal("18")]
    measurement = Measurement.objects.get(indicator=trained)
    assert measurement.status == "submitted" and measurement.value == Decimal("12")
    assert {(c.category, c.value) for c in measurement.cells.all()} == {
        ("female", Decimal("7")),
        ("male", Decimal("5")),
        ("other", Decimal("0")),
    }

"""A realistic partnership for the IATI export: members in a chain of implementation,
pledges with installments, a ledger in two currencies with a reversal and an in-kind
delivery, a published charter, and indicators with targets, approved measurements and
disaggregation cells."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from accord.partnerships import services as partnership_services
from accord.resources import services as resource_services
from accord.results import services as results_services

#: CI lays shared/ beside the repository (.ci/run); the tests never skip without it.
SHARED_IATI = Path(__file__).resolve().parents[3] / "shared" / "data" / "iati"
EXAMPLES = SHARED_IATI / "examples"


def shared_schema() -> etree.XMLSchema:
    xsd = SHARED_IATI / "schema-2.03" / "iati-activities-schema.xsd"
    assert xsd.exists(), f"shared/ must sit beside the repository: {xsd} is missing"
    return etree.XMLSchema(etree.parse(str(xsd)))


def assert_valid(content: bytes) -> etree._Element:
    schema = shared_schema()
    document = etree.fromstring(content)
    assert schema.validate(document), "\n".join(str(e) for e in schema.error_log)
    return document


def populate(world):
    """Fill ``world``'s partnership with what an IATI file reports."""
    p = world.partnership
    coordinator = world.users["coordinator"]
    rep, small = world.users["representative"], world.users["small_representative"]
    county, foundation, coop = world.orgs["county"], world.orgs["foundation"], world.orgs["coop"]
    p.reporting_currency = "KES"
    p.save(update_fields=["reporting_currency"])
    partnership_services.partnership_transition(
        actor=coordinator, partnership=p, to_status="active"
    )
    version = partnership_services.charter_draft_save(
        actor=coordinator, partnership=p, common_outcome="A living lake & its fisheries."
    )
    partnership_services.charter_publish(actor=coordinator, version=version)
    restoration = resource_services.activity_create(
        actor=coordinator,
        partnership=p,
        title="Riparian restoration",
        description="Replant the shores.",
        lead_organization=coop,
        start_on=date(2025, 1, 1),
        end_on=date(2025, 12, 31),
        status="2",
    )
    for organization, role in ((foundation, "1"), (county, "2"), (coop, "4")):
        resource_services.activity_chain_add(
            actor=coordinator, activity=restoration, organization=organization, role=role
        )
    resource_services.exchange_rate_add(
        actor=coordinator,
        partnership=p,
        currency_code="EUR",
        valid_on=date(2025, 1, 1),
        to_reporting=Decimal("140"),
    )
    pledge = resource_services.pledge_create(
        actor=rep,
        partnership=p,
        organization=foundation,
        kind="money",
        description="Restoration grant",
        currency_code="EUR",
        amount="10000",
        starts_on=date(2025, 1, 1),
        ends_on=date(2026, 6, 30),
        activity=restoration,
        installments=[(date(2025, 3, 31), "6000"), (date(2026, 3, 31), "4000")],
    )
    first = resource_services.ledger_entry_post(
        actor=rep,
        partnership=p,
        type="3",
        value="6000",
        currency_code="EUR",
        value_date=date(2025, 3, 20),
        provider=foundation,
        receiver=coop,
        activity=restoration,
        pledge=pledge,
        note="First tranche <grant #1>",
    )
    wrong = resource_services.ledger_entry_post(
        actor=coordinator,
        partnership=p,
        type="4",
        value="1200.50",
        currency_code="KES",
        value_date=date(2025, 4, 2),
        provider=coop,
        activity=restoration,
        note="Seedlings",
    )
    resource_services.ledger_entry_reverse(actor=coordinator, entry=wrong, reason="Typo")
    resource_services.ledger_entry_post(
        actor=coordinator,
        partnership=p,
        type="1",
        value="250000",
        currency_code="KES",
        value_date=date(2025, 5, 1),
        provider=county,
        receiver=coop,
    )
    resource_services.ledger_entry_post(
        actor=small,
        partnership=p,
        type="ik",
        value="800",
        currency_code="KES",
        value_date=date(2025, 5, 2),
        provider=coop,
        receiver=county,
        note="Boat time",
    )
    trained = results_services.indicator_create(
        actor=coordinator,
        partnership=p,
        name="Fishers trained",
        unit="people",
        description="Fishers trained in co-management.",
        responsible_organization=coop,
        reporting_start=date(2025, 1, 1),
        reporting_end=date(2025, 12, 31),
        baseline_value="10",
        baseline_date=date(2024, 12, 31),
        baseline_note="Census",
        dimensions=[("sex", True)],
        sdg_target_code="14.4",
        sdg_indicator="14.4.1",
        result_type="1",
    )
    results_services.indicator_targets_set(
        actor=coordinator,
        indicator=trained,
        targets=[
            {"period_start": date(2025, 1, 1), "value": "15"},
            {"period_start": date(2025, 4, 1), "low": "18", "high": "25"},
        ],
    )
    measurement = results_services.measurement_create(
        actor=small,
        indicator=trained,
        period_start=date(2025, 1, 1),
        value="12",
        cells={("sex", "female"): "7", ("sex", "male"): "5", ("sex", "other"): "0"},
        evidence_link="https://example.org/attendance.pdf",
        submit=True,
    )
    results_services.measurement_approve(actor=coordinator, measurement=measurement, lock=True)
    results_services.measurement_create(  # submitted, not yet verified: not published
        actor=small,
        indicator=trained,
        period_start=date(2025, 4, 1),
        value="19",
        cells={("sex", "female"): "9", ("sex", "male"): "10", ("sex", "other"): "0"},
        evidence_note="Attendance sheets",
        submit=True,
    )
    results_services.indicator_create(
        actor=coordinator,
        partnership=p,
        name="Water quality",
        measure="5",
        responsible_organization=county,
        reporting_start=date(2025, 1, 1),
        reporting_end=date(2025, 12, 31),
        result_type="2",
        activity=restoration,
    )
    world.activity, world.pledge, world.first_entry, world.indicator = (
        restoration,
        pledge,
        first,
        trained,
    )
    return world


@pytest.fixture
def iati_world(world):
    return populate(world)


@pytest.fixture
def public_iati_world(public_world):
    return populate(public_world)

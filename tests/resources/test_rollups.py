"""The ledger's rollups equal the raw ledger after any mix of posts, reversals and imports,
and the summary read from them is the summary computed from the raw ledger."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models import Count, Min, Sum
from django.db.models.functions import TruncQuarter

from accord.errors import Invalid
from accord.resources import imports, selectors, selectors_rollups, services
from accord.resources.models import (
    DELIVERY_TYPES,
    LedgerEntry,
    LedgerRollup,
    PledgeDeliveryDay,
    TransactionType,
)

KEY = ("provider_id", "receiver_id", "activity_id", "pledge_id", "type", "currency")


def _day(value: Any) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def raw_cells(partnership: Any) -> dict[tuple[Any, ...], tuple[Decimal, int, date]]:
    rows = (
        LedgerEntry.objects.filter(partnership=partnership)
        .annotate(q=TruncQuarter("value_date"))
        .values(*KEY, "q")
        .annotate(total=Sum("value"), n=Count("id"), first=Min("value_date"))
        .order_by()
    )
    return {(*(r[k] for k in KEY), _day(r["q"])): (r["total"], r["n"], r["first"]) for r in rows}


def rollup_cells(partnership: Any) -> dict[tuple[Any, ...], tuple[Decimal, int, date]]:
    cells = {}
    for r in LedgerRollup.objects.filter(partnership=partnership).values():
        key = (*(r[k] for k in KEY), r["quarter"])
        assert key not in cells, f"two rollup rows for one cell {key}"
        cells[key] = (r["value_sum"], r["entry_count"], r["first_value_date"])
    return cells


def raw_days(partnership: Any) -> dict[tuple[Any, ...], tuple[Decimal, int]]:
    rows = (
        LedgerEntry.objects.filter(
            partnership=partnership, pledge__isnull=False, type__in=DELIVERY_TYPES
        )
        .values("pledge_id", "currency", "value_date")
        .annotate(total=Sum("value"), n=Count("id"))
        .order_by()
    )
    return {(r["pledge_id"], r["currency"], r["value_date"]): (r["total"], r["n"]) for r in rows}


def rollup_days(partnership: Any) -> dict[tuple[Any, ...], tuple[Decimal, int]]:
    return {
        (r.pledge_id, r.currency, r.value_date): (r.value_sum, r.entry_count)
        for r in PledgeDeliveryDay.objects.filter(partnership=partnership)
    }


def assert_rollups_match(partnership: Any) -> None:
    assert rollup_cells(partnership) == raw_cells(partnership)
    assert rollup_days(partnership) == raw_days(partnership)


def _post(world: Any, rng: random.Random, activity: Any) -> None:
    orgs = [world.orgs["county"], world.orgs["foundation"], world.orgs["coop"]]
    provider = rng.choice(orgs)
    receiver = rng.choice([o for o in orgs if o != provider] + [None])
    value_date = date(2024, 10, 1) + timedelta(days=rng.randrange(455))
    pledge = None
    if (
        provider == world.orgs["foundation"]
        and value_date >= date(2025, 1, 1)
        and rng.random() < 0.6
    ):
        pledge = world.pledge
    services.ledger_entry_post(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        type=rng.choice(TransactionType.values),
        value=f"{rng.randint(1, 1_000_000) / 100:.2f}",
        currency_code=rng.choice(["KES", "KES", "EUR", "USD", "TZS"]),
        value_date=value_date,
        provider=provider,
        receiver=receiver,
        activity=activity if receiver is None or rng.random() < 0.3 else None,
        pledge=pledge,
    )


def _reverse(world: Any, rng: random.Random) -> None:
    open_entries = list(
        LedgerEntry.objects.filter(
            partnership=world.partnership, reverses__isnull=True, reversed_by__isnull=True
        )
    )
    if open_entries:
        services.ledger_entry_reverse(
            actor=world.users["coordinator"], entry=rng.choice(open_entries), reason="Mistake"
        )


def _import(world: Any, rng: random.Random) -> None:
    lines = ["type,value,currency,value_date,provider,receiver,note"]
    for _ in range(rng.randint(1, 3)):
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
        lines.append(
            f"{rng.choice(['3', '4', '1', '2'])},{rng.randint(1, 90000) / 100:.2f},"
            f"{rng.choice(['KES', 'EUR'])},{day},Fisher Coop,County,imported"
        )
    rejected = rng.random() < 0.4
    if rejected:
        lines.append("3,-5,KES,2025-05-01,Fisher Coop,County,negative")
    content = ("\n".join(lines) + "\n").encode()
    try:
        imports.import_file(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            kind="ledger",
            content=content,
            filename="ledger.csv",
        )
    except Invalid:
        assert rejected


@pytest.mark.parametrize("seed", range(6))
def test_rollups_equal_raw_sums_after_random_posts_reversals_and_imports(funded, seed):
    rng = random.Random(seed)
    activity = services.activity_create(
        actor=funded.users["coordinator"],
        partnership=funded.partnership,
        title="Mangrove nursery",
        lead_organization=funded.orgs["coop"],
    )
    for _ in range(30):
        operation = rng.choices([_post, _reverse, _import], weights=[6, 3, 1])[0]
        if operation is _post:
            _post(funded, rng, activity)
        else:
            operation(funded, rng)
    assert LedgerEntry.objects.filter(partnership=funded.partnership).count() > 15
    assert_rollups_match(funded.partnership)
    # A rebuild from the raw ledger writes the same cells.
    before = (rollup_cells(funded.partnership), rollup_days(funded.partnership))
    assert (
        services.ledger_rollups_rebuild(funded.partnership.pk)
        == LedgerEntry.objects.filter(partnership=funded.partnership).count()
    )
    assert (rollup_cells(funded.partnership), rollup_days(funded.partnership)) == before


def test_a_rejected_import_changes_no_rollup(funded):
    before = rollup_cells(funded.partnership)
    with pytest.raises(Invalid):
        imports.import_file(
            actor=funded.users["coordinator"],
            partnership=funded.partnership,
            kind="ledger",
            content=b"type,value,currency,value_date,provider,receiver\n"
            b"3,100,KES,2025-05-01,Foundation,Fisher Coop\n"
            b"3,-5,KES,2025-05-01,Foundation,Fisher Coop\n",
            filename="ledger.csv",
        )
    assert rollup_cells(funded.partnership) == before
    assert len(before) == 1  # the fixture's one delivery


def test_a_post_and_its_reversal_leave_a_zero_cell_counting_both(funded):
    key = ("foundation", "coop")
    services.ledger_entry_reverse(actor=funded.users["coordinator"], entry=funded.entry, reason="x")
    [cell] = LedgerRollup.objects.filter(partnership=funded.partnership)
    assert (cell.provider_id, cell.receiver_id) == tuple(funded.orgs[k].pk for k in key)
    assert (cell.value_sum, cell.entry_count, cell.quarter) == (0, 2, date(2025, 1, 1))
    assert cell.first_value_date == date(2025, 3, 20)
    [day] = PledgeDeliveryDay.objects.filter(partnership=funded.partnership)
    assert (day.value_sum, day.entry_count, day.value_date) == (0, 2, date(2025, 3, 20))


def _raw_delivery_groups(partnership, rates, *, since=None, until=None):
    """The summary's grouping over the raw ledger, as it was before the rollups."""
    rows = (
        LedgerEntry.objects.filter(partnership=partnership, type__in=DELIVERY_TYPES)
        .annotate(rate_key=rates.period_case(), quarter=TruncQuarter("value_date"))
        .values(
            "provider_id",
            "receiver_id",
            "activity_id",
            "pledge_id",
            "currency",
            "rate_key",
            "quarter",
        )
        .annotate(total=Sum("value"), first_date=Min("value_date"))
        .order_by()
    )
    return [{**r, "quarter": _day(r["quarter"])} for r in rows]


def _raw_pledge_groups(partnership, rates):
    return list(
        LedgerEntry.objects.filter(
            partnership=partnership, type__in=DELIVERY_TYPES, pledge__isnull=False
        )
        .annotate(rate_key=rates.period_case())
        .values("pledge_id", "currency", "value_date", "rate_key")
        .annotate(total=Sum("value"))
        .order_by()
    )


@pytest.mark.parametrize("seed", range(3))
def test_the_summary_read_from_rollups_is_the_summary_from_the_raw_ledger(
    funded, monkeypatch, seed
):
    """Rates that change at a quarter's start and in the middle of one (EUR on 15 May, a
    split quarter read from the raw ledger), a currency without a rate, reversals."""
    coordinator = funded.users["coordinator"]
    for code, day, rate in (("EUR", date(2025, 5, 15), "150"), ("USD", date(2025, 4, 1), "129")):
        services.exchange_rate_add(
            actor=coordinator,
            partnership=funded.partnership,
            currency_code=code,
            valid_on=day,
            to_reporting=rate,
        )
    rng = random.Random(100 + seed)
    activity = services.activity_create(
        actor=coordinator,
        partnership=funded.partnership,
        title="Mangrove nursery",
        lead_organization=funded.orgs["coop"],
    )
    for _ in range(25):
        if rng.random() < 0.75:
            _post(funded, rng, activity)
        else:
            _reverse(funded, rng)
    as_of = date(2025, 12, 31)
    from_rollups = selectors._compute_resource_summary(partnership=funded.partnership, as_of=as_of)
    monkeypatch.setattr(selectors_rollups, "delivery_groups", _raw_delivery_groups)
    monkeypatch.setattr(selectors_rollups, "pledge_delivery_groups", _raw_pledge_groups)
    from_raw = selectors._compute_resource_summary(partnership=funded.partnership, as_of=as_of)
    assert from_rollups.total_delivered != 0
    assert from_rollups == from_raw


def test_summary_figures_from_rollups_by_hand(funded):
    """KES reporting; EUR at 140 from 1 January and 150 from 15 May 2025 (a split quarter)."""
    coordinator = funded.users["coordinator"]
    services.exchange_rate_add(
        actor=coordinator,
        partnership=funded.partnership,
        currency_code="EUR",
        valid_on=date(2025, 5, 15),
        to_reporting="150",
    )

    def post(value: str, day: date, currency: str = "EUR") -> Any:
        return services.ledger_entry_post(
            actor=coordinator,
            partnership=funded.partnership,
            type="3",
            value=value,
            currency_code=currency,
            value_date=day,
            provider=funded.orgs["foundation"],
            receiver=funded.orgs["coop"],
        )

    post("10", date(2025, 4, 30))  # 1,400 KES
    post("10", date(2025, 5, 20))  # 1,500 KES
    wrong = post("99", date(2025, 6, 1))
    services.ledger_entry_reverse(actor=coordinator, entry=wrong, reason="Typo")
    post("250", date(2025, 8, 1), currency="KES")  # 250 KES
    summary = selectors.resource_summary(partnership=funded.partnership, as_of=date(2025, 12, 31))
    [row] = [r for r in summary.partners if r.organization == funded.orgs["foundation"]]
    # The fixture's 5,000 EUR on 20 March at 140 = 700,000 KES.
    assert row.delivered_by_period == {
        "2025-Q1": Decimal("700000.00"),
        "2025-Q2": Decimal("2900.00"),
        "2025-Q3": Decimal("250.00"),
    }
    assert row.delivered_total == Decimal("703150.00")
    foundation, coop = funded.orgs["foundation"].pk, funded.orgs["coop"].pk
    assert selectors.delivered_by_provider(funded.partnership.pk) == {
        foundation: Decimal("703150.00")
    }
    assert selectors.delivered_by_provider(
        funded.partnership.pk, since=date(2025, 5, 1), until=date(2025, 7, 1)
    ) == {foundation: Decimal("3150.00")}
    assert selectors.delivered_by_provider_and_quarter(funded.partnership.pk) == {
        (foundation, date(2025, 1, 1)): Decimal("700000.00"),
        (foundation, date(2025, 4, 1)): Decimal("2900.00"),
        (foundation, date(2025, 7, 1)): Decimal("250.00"),
    }
    assert selectors.flows_by_pair(funded.partnership.pk) == {
        (foundation, coop): Decimal("703150.00")
    }
    # the balance dashboard's single read gives the same three figures
    breakdown = selectors_rollups.delivered_breakdown(funded.partnership.pk)
    assert breakdown.by_provider == selectors.delivered_by_provider(funded.partnership.pk)
    assert breakdown.by_provider_and_quarter == selectors.delivered_by_provider_and_quarter(
        funded.partnership.pk
    )
    assert breakdown.by_pair == selectors.flows_by_pair(funded.partnership.pk)


def test_flows_to_an_activity_go_to_its_lead_and_commitments_are_not_delivered(funded):
    coordinator = funded.users["coordinator"]
    activity = services.activity_create(
        actor=coordinator,
        partnership=funded.partnership,
        title="Boats",
        lead_organization=funded.orgs["county"],
    )
    for type_, value in (("4", "300"), ("2", "9999")):  # expenditure, then a commitment
        services.ledger_entry_post(
            actor=coordinator,
            partnership=funded.partnership,
            type=type_,
            value=value,
            currency_code="KES",
            value_date=date(2025, 2, 1),
            provider=funded.orgs["coop"],
            activity=activity,
        )
    county, coop = funded.orgs["county"].pk, funded.orgs["coop"].pk
    flows = selectors.flows_by_pair(funded.partnership.pk)
    assert flows[(coop, county)] == Decimal("300.00")
    assert selectors.delivered_by_provider(funded.partnership.pk)[coop] == Decimal("300.00")
    breakdown = selectors_rollups.delivered_breakdown(funded.partnership.pk)
    assert breakdown.by_pair == flows
    assert breakdown.by_provider[coop] == Decimal("300.00")


def test_a_rebuild_starts_a_new_cache_generation(funded):
    """Entries written around the services reach the summary only through a rebuild, and
    the rebuilt figures are not hidden behind the summary cached before it."""
    as_of = date(2025, 12, 31)
    before = selectors.resource_summary(partnership=funded.partnership, as_of=as_of)
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                partnership=funded.partnership,
                type="3",
                value=Decimal("1000.00"),
                currency="KES",
                value_date=date(2025, 6, 1),
                provider=funded.orgs["coop"],
                receiver=funded.orgs["county"],
                posted_by=funded.users["coordinator"],
            )
        ]
    )
    assert selectors.resource_summary(partnership=funded.partnership, as_of=as_of) == before
    call_command("rebuild_rollups", partnership=funded.partnership.slug, stdout=io.StringIO())
    after = selectors.resource_summary(partnership=funded.partnership, as_of=as_of)
    assert after.total_delivered == before.total_delivered + Decimal("1000.00")
    assert_rollups_match(funded.partnership)


def test_rebuild_command_restores_lost_rollups_and_refuses_an_unknown_slug(funded):
    expected = rollup_cells(funded.partnership)
    LedgerRollup.objects.all().delete()
    PledgeDeliveryDay.objects.all().delete()
    call_command("rebuild_rollups", stdout=io.StringIO())
    assert rollup_cells(funded.partnership) == expected
    assert_rollups_match(funded.partnership)
    with pytest.raises(CommandError):
        call_command("rebuild_rollups", partnership="no-such-partnership")


def test_the_summary_reads_a_bounded_number_of_rows(funded, django_assert_max_num_queries):
    """The summary's queries do not grow with the number of entries in one cell."""
    for i in range(20):
        services.ledger_entry_post(
            actor=funded.users["coordinator"],
            partnership=funded.partnership,
            type="3",
            value=f"{i + 1}",
            currency_code="KES",
            value_date=date(2025, 4, 1 + i),
            provider=funded.orgs["foundation"],
            receiver=funded.orgs["coop"],
        )
    assert LedgerRollup.objects.filter(partnership=funded.partnership).count() == 2
    with django_assert_max_num_queries(12):
        selectors._compute_resource_summary(
            partnership=funded.partnership, as_of=date(2025, 12, 31)
        )


def test_csv_upload_counts_in_the_rollups(client, funded):
    client.force_login(funded.users["coordinator"])
    content = b"type,value,currency,value_date,provider,receiver\n3,12.5,KES,2025-05-01,Foundation,Fisher Coop\n"
    from django.urls import reverse

    url = reverse("resources:import_file", args=[funded.partnership.slug])
    preview = client.post(
        url, {"kind": "ledger", "file": SimpleUploadedFile("l.csv", content, "text/csv")}
    )
    assert preview.status_code == 200  # a preview posts nothing
    assert_rollups_match(funded.partnership)
    assert not LedgerRollup.objects.filter(quarter=date(2025, 4, 1)).exists()
    response = client.post(url, {"confirm": preview.context["sealed"]})
    assert response.status_code == 302
    assert_rollups_match(funded.partnership)
    assert LedgerRollup.objects.filter(quarter=date(2025, 4, 1)).get().value_sum == Decimal("12.50")


def test_an_iati_import_and_its_update_count_in_the_rollups(db):
    """The IATI import posts and reverses through the ledger services: the rollups follow."""
    from accord.interop import services as interop_services
    from tests.conftest import make_user
    from tests.interop.conftest import EXAMPLES

    annotated = (EXAMPLES / "activity-standard-example-annotated.xml").read_bytes()
    importer = make_user("importer@ministry.test", "Imogen Importer")
    first = interop_services.iati_import(actor=importer, content=annotated)
    assert_rollups_match(first.partnership)
    changed = annotated.replace(
        b'<value currency="EUR" value-date="2012-01-01">1000</value>',
        b'<value currency="EUR" value-date="2012-01-01">1500</value>',
    ).replace(b'<transaction ref="1234"', b'<transaction ref="1235"')
    report = interop_services.iati_import(actor=importer, content=changed)
    assert (report.transactions_posted, report.transactions_reversed) == (1, 1)
    assert_rollups_match(first.partnership)
    assert (
        sum(
            LedgerRollup.objects.filter(partnership=first.partnership).values_list(
                "entry_count", flat=True
            )
        )
        == 3
    )

"""Resources services: pledges, the append-only ledger, rates, support, and bad input."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from accord.audit.models import Event
from accord.errors import Conflict, Forbidden, Invalid
from accord.resources import selectors, services
from accord.resources.models import AppendOnlyLedgerError, LedgerEntry, Pledge

pytestmark = pytest.mark.django_db


def test_pledge_with_installments_and_summary(funded):
    summary = selectors.resource_summary(partnership=funded.partnership, as_of=date(2025, 12, 31))
    foundation = next(r for r in summary.partners if r.organization.name == "Foundation")
    assert foundation.pledged_total == Decimal("1400000.00")
    assert foundation.delivered_total == Decimal("700000.00")
    rel = foundation.reliability
    assert (rel.due, rel.delivered_on_time, rel.outstanding) == (
        Decimal("1400000.00"),
        Decimal("700000.00"),
        Decimal("700000.00"),
    )
    assert rel.reliability == pytest.approx(0.5)
    assert summary.overdue == [foundation]
    assert summary.reciprocity_overall == 0.0  # one-way flow
    assert "Foundation" in summary.flow_svg and "Fisher Coop" in summary.flow_svg


def test_people_pledge_is_valued_at_hours_times_rate(world):
    pledge = services.pledge_create(
        actor=world.users["small_representative"],
        partnership=world.partnership,
        organization=world.orgs["coop"],
        kind="people",
        description="Fish-catch recorders",
        currency_code="USD",
        hours="120",
        hourly_rate="2.50",
        role="Recorder",
        skills="Catch records",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 6, 30),
    )
    assert pledge.amount == Decimal("300.00")
    assert [(i.due_on, i.amount) for i in pledge.installments.all()] == [
        (date(2025, 6, 30), Decimal("300.00"))
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "-5"}, "greater than zero"),
        ({"amount": "10.001"}, "two decimal places"),
        ({"amount": "ten"}, "not a number"),
        ({"currency_code": "XYZ"}, "unknown currency"),
        ({"ends_on": date(2024, 1, 1)}, "ends before"),
        ({"installments": [(date(2026, 1, 5), "10000")]}, "outside the pledge's period"),
        ({"installments": [(date(2025, 5, 1), "9000")]}, "add up"),
        ({"kind": "gold"}, "kind"),
    ],
)
def test_bad_pledges_are_refused_and_nothing_is_written(world, overrides, message):
    before = (Pledge.objects.count(), Event.objects.count())
    kwargs = {
        "actor": world.users["representative"],
        "partnership": world.partnership,
        "organization": world.orgs["foundation"],
        "kind": "money",
        "description": "Grant",
        "currency_code": "EUR",
        "amount": "10000",
        "starts_on": date(2025, 1, 1),
        "ends_on": date(2025, 12, 31),
    } | overrides
    with pytest.raises(Invalid, match=message):
        services.pledge_create(**kwargs)
    assert (Pledge.objects.count(), Event.objects.count()) == before


def test_only_an_organizations_representative_or_a_coordinator_pledges_for_it(world):
    kwargs = {
        "partnership": world.partnership,
        "organization": world.orgs["foundation"],
        "kind": "money",
        "description": "x",
        "currency_code": "EUR",
        "amount": "1",
        "starts_on": date(2025, 1, 1),
        "ends_on": date(2025, 1, 2),
    }
    for role in ("small_representative", "staff", "community", "observer", "outsider", "invitee"):
        with pytest.raises(Forbidden):
            services.pledge_create(actor=world.users[role], **kwargs)
    assert services.pledge_create(actor=world.users["coordinator"], **kwargs).pk


@pytest.mark.parametrize(
    ("overrides", "error", "message"),
    [
        ({"value": "-100"}, Invalid, "greater than zero"),
        ({"value": "0"}, Invalid, "greater than zero"),
        ({"currency_code": "ABC"}, Invalid, "unknown currency"),
        ({"value_date": date(1, 1, 1)}, Invalid, "implausibly old"),
        ({"value_date": timezone.localdate() + timedelta(days=3)}, Invalid, "future"),
        ({"receiver": "youth"}, Invalid, "not a member"),
        ({"receiver": "foundation"}, Invalid, "same organization"),
        ({"receiver": None}, Invalid, "who received"),
        ({"type": "99"}, Invalid, "type"),
    ],
)
def test_bad_ledger_entries_are_refused_and_nothing_changes(funded, overrides, error, message):
    w = funded
    if isinstance(overrides.get("receiver"), str):
        overrides["receiver"] = w.orgs[overrides["receiver"]]
    before = (LedgerEntry.objects.count(), Event.objects.count())
    kwargs = {
        "actor": w.users["representative"],
        "partnership": w.partnership,
        "type": "3",
        "value": "100",
        "currency_code": "EUR",
        "value_date": date(2025, 4, 1),
        "provider": w.orgs["foundation"],
        "receiver": w.orgs["coop"],
        "pledge": w.pledge,
    } | overrides
    with pytest.raises(error, match=message):
        services.ledger_entry_post(**kwargs)
    assert (LedgerEntry.objects.count(), Event.objects.count()) == before


def test_entries_between_non_members_are_refused(funded):
    w = funded
    with pytest.raises(Invalid, match="not a member"):
        services.ledger_entry_post(
            actor=w.users["coordinator"],
            partnership=w.partnership,
            type="3",
            value="1",
            currency_code="KES",
            value_date=date(2025, 4, 1),
            provider=w.orgs["school"],
            receiver=w.orgs["coop"],
        )


def test_members_post_only_their_own_flows(funded):
    w = funded
    with pytest.raises(Forbidden):
        services.ledger_entry_post(
            actor=w.users["small_representative"],
            partnership=w.partnership,
            type="3",
            value="1",
            currency_code="KES",
            value_date=date(2025, 4, 1),
            provider=w.orgs["foundation"],
            receiver=w.orgs["county"],
        )
    for role in ("staff", "community", "observer", "outsider"):
        with pytest.raises(Forbidden):
            services.ledger_entry_post(
                actor=w.users[role],
                partnership=w.partnership,
                type="3",
                value="1",
                currency_code="KES",
                value_date=date(2025, 4, 1),
                provider=w.orgs["foundation"],
                receiver=w.orgs["coop"],
            )


def test_reversal_corrects_and_balances_and_happens_once(funded):
    w = funded
    reversal = services.ledger_entry_reverse(
        actor=w.users["representative"], entry=w.entry, reason="Wrong amount"
    )
    assert reversal.value == -w.entry.value and reversal.reverses_id == w.entry.pk
    summary = selectors.resource_summary(partnership=w.partnership, as_of=date(2025, 12, 31))
    foundation = next(r for r in summary.partners if r.organization.name == "Foundation")
    assert foundation.delivered_total == Decimal("0.00")
    with pytest.raises(Conflict, match="already been reversed"):
        services.ledger_entry_reverse(actor=w.users["coordinator"], entry=w.entry, reason="again")
    with pytest.raises(Invalid, match="cannot itself be reversed"):
        services.ledger_entry_reverse(actor=w.users["coordinator"], entry=reversal, reason="undo")
    with pytest.raises(Invalid, match="why"):
        services.ledger_entry_reverse(
            actor=w.users["coordinator"],
            entry=LedgerEntry.objects.create(
                partnership=w.partnership,
                type="3",
                value=Decimal("1"),
                currency="KES",
                value_date=date(2025, 1, 2),
                provider=w.orgs["foundation"],
                receiver=w.orgs["coop"],
                posted_by=w.users["coordinator"],
            ),
            reason=" ",
        )


def test_posted_entries_are_never_edited(funded):
    entry = funded.entry
    entry.value = Decimal("1")
    with pytest.raises(AppendOnlyLedgerError):
        entry.save()
    with pytest.raises(AppendOnlyLedgerError):
        LedgerEntry.objects.filter(pk=entry.pk).update(value=Decimal("1"))
    with pytest.raises(AppendOnlyLedgerError):
        entry.delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE resources_ledgerentry SET value = 1 WHERE id = %s", [entry.pk])
    assert LedgerEntry.objects.get(pk=entry.pk).value == Decimal("5000.00")


def test_missing_rate_is_reported_not_guessed(funded):
    w = funded
    services.ledger_entry_post(
        actor=w.users["representative"],
        partnership=w.partnership,
        type="3",
        value="100",
        currency_code="USD",
        value_date=date(2025, 5, 1),
        provider=w.orgs["foundation"],
        receiver=w.orgs["coop"],
    )
    summary = selectors.resource_summary(partnership=w.partnership, as_of=date(2025, 12, 31))
    assert summary.missing_rates == [("USD", date(2025, 5, 1))]


def test_rates_are_added_never_overwritten(funded):
    w = funded
    with pytest.raises(Conflict):
        services.exchange_rate_add(
            actor=w.users["coordinator"],
            partnership=w.partnership,
            currency_code="EUR",
            valid_on=date(2025, 1, 1),
            to_reporting="150",
        )
    with pytest.raises(Invalid):
        services.exchange_rate_add(
            actor=w.users["coordinator"],
            partnership=w.partnership,
            currency_code="EUR",
            valid_on=date(2025, 2, 1),
            to_reporting="-1",
        )
    with pytest.raises(Forbidden):
        services.exchange_rate_add(
            actor=w.users["representative"],
            partnership=w.partnership,
            currency_code="USD",
            valid_on=date(2025, 2, 1),
            to_reporting="130",
        )


def test_support_request_flow_ends_in_a_ledger_entry(funded):
    w = funded
    request = services.support_request_create(
        actor=w.users["small_representative"],
        partnership=w.partnership,
        organization=w.orgs["coop"],
        kind="travel",
        description="Bus fares to meetings",
        amount="12000",
        currency_code="KES",
    )
    with pytest.raises(Forbidden):
        services.support_request_decide(
            actor=w.users["representative"], request=request, approve=True
        )
    with pytest.raises(Conflict):
        services.support_request_deliver(
            actor=w.users["coordinator"],
            request=request,
            provider=w.orgs["county"],
            value_date=date(2025, 6, 1),
        )
    services.support_request_decide(actor=w.users["coordinator"], request=request, approve=True)
    request = services.support_request_deliver(
        actor=w.users["coordinator"],
        request=request,
        provider=w.orgs["county"],
        value_date=date(2025, 6, 1),
    )
    assert request.status == "delivered"
    assert (request.delivery.provider, request.delivery.receiver, request.delivery.value) == (
        w.orgs["county"],
        w.orgs["coop"],
        Decimal("12000.00"),
    )


def test_workplan_chain_and_raci(world):
    coordinator = world.users["coordinator"]
    activity = services.activity_create(
        actor=coordinator,
        partnership=world.partnership,
        title="Wetland restoration",
        lead_organization=world.orgs["county"],
        start_on=date(2025, 1, 1),
        end_on=date(2025, 12, 31),
    )
    for org, role in (("foundation", "1"), ("county", "2"), ("coop", "4")):
        services.activity_chain_add(
            actor=coordinator, activity=activity, organization=world.orgs[org], role=role
        )
    services.responsibility_add(
        actor=coordinator,
        activity=activity,
        organization=world.orgs["foundation"],
        raci="C",
        person=world.users["staff"],
    )
    with pytest.raises(Invalid, match="does not work for"):
        services.responsibility_add(
            actor=coordinator,
            activity=activity,
            organization=world.orgs["coop"],
            raci="R",
            person=world.users["staff"],
        )
    with pytest.raises(Conflict):
        services.activity_chain_add(
            actor=coordinator, activity=activity, organization=world.orgs["coop"], role="4"
        )
    with pytest.raises(Invalid, match="not a member"):
        services.activity_chain_add(
            actor=coordinator, activity=activity, organization=world.orgs["school"], role="4"
        )
    with pytest.raises(Forbidden):
        services.activity_create(
            actor=world.users["representative"],
            partnership=world.partnership,
            title="x",
            lead_organization=world.orgs["county"],
        )
    (loaded,) = selectors.activity_list(partnership=world.partnership)
    assert [(link.get_role_display(), link.organization.name) for link in loaded.chain.all()] == [
        ("Funding", "Foundation"),
        ("Accountable", "County"),
        ("Implementing", "Fisher Coop"),
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
def test_concurrent_postings_lose_nothing_and_reverse_once():
    from tests.conftest import build_world

    w = build_world()
    barrier = threading.Barrier(8)
    errors: list[Exception] = []

    def post(i: int) -> None:
        try:
            barrier.wait()
            services.ledger_entry_post(
                actor=w.users["representative"],
                partnership=w.partnership,
                type="3",
                value=f"{i + 1}.25",
                currency_code="USD",
                value_date=date(2025, 1, 1),
                provider=w.orgs["foundation"],
                receiver=w.orgs["coop"],
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    entries = LedgerEntry.objects.filter(partnership=w.partnership)
    assert entries.count() == 8
    assert sum(e.value for e in entries) == sum(Decimal(f"{i + 1}.25") for i in range(8))

    target = entries.first()
    results: list[str] = []
    barrier2 = threading.Barrier(4)

    def reverse() -> None:
        try:
            barrier2.wait()
            services.ledger_entry_reverse(actor=w.users["coordinator"], entry=target, reason="dup")
            results.append("ok")
        except Conflict:
            results.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=reverse) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "conflict", "conflict", "ok"]
    assert LedgerEntry.objects.filter(reverses=target).count() == 1

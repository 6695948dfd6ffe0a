"""Plans change: activities edited and their links removed, pledges amended or cancelled,
every change in the feed with who and why; the reliability rule of amendments; the
ledger and its rollups untouched."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from accord.audit.models import Event
from accord.engine.resources.amendments import BackdatedInstallment, Scheduled, amended_schedule
from accord.errors import Conflict, Forbidden, Invalid
from accord.resources import selectors, selectors_plans, services
from accord.resources.models import (
    Activity,
    ActivityOrganization,
    AppendOnlyLedgerError,
    Pledge,
    PledgeAmendment,
    PledgeInstallment,
    Responsibility,
)
from accord.resources.services import plans
from tests.resources.test_rollups import assert_rollups_match

pytestmark = pytest.mark.django_db

D = date


class _Clock:
    """``timezone`` for the plans services, with the day of agreement fixed."""

    def __init__(self, day: date) -> None:
        self.day = day

    def localdate(self) -> date:
        return self.day

    def now(self) -> Any:
        return timezone.now()


@pytest.fixture
def agreed_on(monkeypatch):
    def set_day(day: date) -> None:
        monkeypatch.setattr(plans, "timezone", _Clock(day))

    return set_day


# --- the engine's rule ----------------------------------------------------------------------


def test_amendment_before_the_due_date_moves_it():
    before = [Scheduled(D(2026, 1, 31), Decimal(100))]
    after = amended_schedule(before, [(D(2026, 4, 30), Decimal(100))], agreed_on=D(2026, 1, 30))
    assert after == [Scheduled(D(2026, 4, 30), Decimal(100))]


def test_amendment_after_the_due_date_keeps_it_and_records_the_later_date():
    before = [Scheduled(D(2026, 1, 31), Decimal(100))]
    after = amended_schedule(before, [(D(2026, 4, 30), Decimal(100))], agreed_on=D(2026, 1, 31))
    # due on the very day of the agreement is not yet due: it moves
    assert after == [Scheduled(D(2026, 4, 30), Decimal(100))]
    after = amended_schedule(before, [(D(2026, 4, 30), Decimal(100))], agreed_on=D(2026, 2, 1))
    assert after == [Scheduled(D(2026, 1, 31), Decimal(100), D(2026, 4, 30))]


def test_lowered_pledge_owes_only_the_new_total_and_adds_up():
    before = [Scheduled(D(2026, 1, 31), Decimal(100)), Scheduled(D(2026, 2, 28), Decimal(100))]
    after = amended_schedule(before, [(D(2026, 5, 31), Decimal(60))], agreed_on=D(2026, 3, 1))
    assert after == [Scheduled(D(2026, 1, 31), Decimal(60), D(2026, 5, 31))]
    split = amended_schedule(
        before,
        [(D(2026, 1, 31), Decimal(50)), (D(2026, 6, 30), Decimal(150))],
        agreed_on=D(2026, 2, 10),
    )
    assert split == [
        Scheduled(D(2026, 1, 31), Decimal(50)),
        Scheduled(D(2026, 1, 31), Decimal(50), D(2026, 6, 30)),
        Scheduled(D(2026, 6, 30), Decimal(100)),
    ]
    assert sum(s.amount for s in split) == Decimal(200)


def test_nothing_new_falls_due_in_the_past():
    before = [Scheduled(D(2026, 3, 31), Decimal(100))]
    with pytest.raises(BackdatedInstallment):
        amended_schedule(before, [(D(2026, 1, 31), Decimal(100))], agreed_on=D(2026, 2, 1))


# --- activities -----------------------------------------------------------------------------


@pytest.fixture
def activity(world):
    activity = services.activity_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        title="Mangrove nursery",
        lead_organization=world.orgs["coop"],
        start_on=D(2026, 1, 1),
        end_on=D(2026, 6, 30),
        status="2",
    )
    services.activity_chain_add(
        actor=world.users["coordinator"],
        activity=activity,
        organization=world.orgs["foundation"],
        role="1",
    )
    services.responsibility_add(
        actor=world.users["coordinator"],
        activity=activity,
        organization=world.orgs["coop"],
        raci="R",
    )
    return activity


def _update(world, activity, **changes):
    fields = {
        "status": activity.status,
        "start_on": activity.start_on,
        "end_on": activity.end_on,
        "progress_percent": activity.progress_percent,
        "reason": "Rains came late",
        **changes,
    }
    return services.activity_update(actor=world.users["coordinator"], activity=activity, **fields)


def test_coordinator_moves_dates_and_progress_with_the_reason_in_the_feed(world, activity):
    _update(world, activity, end_on=D(2026, 9, 30), progress_percent=40)
    activity.refresh_from_db()
    assert (activity.end_on, activity.progress_percent) == (D(2026, 9, 30), 40)
    event = Event.objects.filter(verb="activity.changed").get()
    assert event.actor == world.users["coordinator"]
    assert "Rains came late" in event.summary and "2026-06-30 → 2026-09-30" in event.summary
    assert event.data["reason"] == "Rains came late"
    assert event.data["changes"]["progress_percent"] == ["—", "40"] or event.data["changes"][
        "progress_percent"
    ] == ["0", "40"]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"reason": "  "}, Invalid),
        ({"progress_percent": 101}, Invalid),
        ({"start_on": D(2026, 7, 1)}, Invalid),  # after the end
        ({"status": "9"}, Invalid),
        ({}, Invalid),  # nothing changed
    ],
)
def test_bad_activity_changes_change_nothing(world, activity, changes, error):
    with pytest.raises(error):
        _update(world, activity, **changes)
    activity.refresh_from_db()
    assert (activity.start_on, activity.end_on, activity.progress_percent) == (
        D(2026, 1, 1),
        D(2026, 6, 30),
        0,
    )
    assert not Event.objects.filter(verb="activity.changed").exists()


@pytest.mark.parametrize("final", ["4", "5"])
def test_a_closed_activity_changes_no_more(world, activity, final):
    _update(world, activity, status=final, progress_percent=100)
    activity.refresh_from_db()
    with pytest.raises(Conflict):
        _update(world, activity, status="2")
    link = activity.chain.get()
    with pytest.raises(Conflict):
        services.activity_chain_remove(actor=world.users["coordinator"], link=link, reason="x")
    with pytest.raises(Conflict):
        services.responsibility_remove(
            actor=world.users["coordinator"],
            responsibility=activity.responsibilities.get(),
            reason="x",
        )
    activity.refresh_from_db()
    assert activity.status == final and activity.chain.exists()
    assert activity.responsibilities.exists()


def test_links_are_removed_with_who_and_why(world, activity):
    coordinator = world.users["coordinator"]
    with pytest.raises(Invalid):
        services.activity_chain_remove(actor=coordinator, link=activity.chain.get(), reason="")
    with pytest.raises(Forbidden):
        services.activity_chain_remove(
            actor=world.users["representative"], link=activity.chain.get(), reason="Left"
        )
    services.activity_chain_remove(actor=coordinator, link=activity.chain.get(), reason="Left")
    services.responsibility_remove(
        actor=coordinator, responsibility=activity.responsibilities.get(), reason="Reorganised"
    )
    assert not ActivityOrganization.objects.filter(activity=activity).exists()
    assert not Responsibility.objects.filter(activity=activity).exists()
    summaries = list(
        Event.objects.filter(verb__in=["activity.chain_removed", "activity.responsibility_removed"])
        .order_by("id")
        .values_list("summary", flat=True)
    )
    assert "Foundation as funding" in summaries[0] and "Why: Left" in summaries[0]
    assert "Fisher Coop as responsible" in summaries[1] and "Reorganised" in summaries[1]


def test_only_coordinators_change_activities(world, activity):
    for role in ["representative", "staff", "community", "observer", "outsider", "stranger"]:
        with pytest.raises(Forbidden):
            services.activity_update(
                actor=world.users[role],
                activity=activity,
                status="3",
                start_on=None,
                end_on=None,
                progress_percent=10,
                reason="x",
            )
    assert Activity.objects.get(pk=activity.pk).status == "2"


def test_timeline_draws_every_dated_activity_within_its_width(world, activity):
    services.activity_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        title="Survey " * 20,
        lead_organization=world.orgs["county"],
        start_on=D(2025, 11, 1),
        end_on=D(2026, 12, 31),
    )
    services.activity_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        title="Someday",
        lead_organization=world.orgs["county"],
    )
    _update(world, activity, progress_percent=50)
    timeline = selectors_plans.workplan_timeline(
        activities=list(selectors.activity_list(partnership=world.partnership)),
        today=D(2026, 3, 1),
    )
    assert [b.activity.title for b in timeline.bars][1] == "Mangrove nursery"
    assert [a.title for a in timeline.undated] == ["Someday"]
    for bar in timeline.bars:
        assert bar.x >= 0 and bar.x + bar.width <= timeline.width
        assert len(bar.label) <= selectors_plans.TITLE_CHARS
    nursery = timeline.bars[1]
    assert nursery.progress_width == pytest.approx(nursery.width / 2, abs=0.1)
    assert timeline.today_x is not None and 0 < len(timeline.ticks) <= 6


# --- pledges ----------------------------------------------------------------------------------


def _reliability(world, as_of):
    summary = selectors.resource_summary(partnership=world.partnership, as_of=as_of)
    row = next(p for p in summary.partners if p.organization == world.orgs["foundation"])
    return row.reliability


def _deliver(world, value, day):
    services.ledger_entry_post(
        actor=world.users["representative"],
        partnership=world.partnership,
        type="3",
        value=value,
        currency_code="EUR",
        value_date=day,
        provider=world.orgs["foundation"],
        receiver=world.orgs["coop"],
        pledge=world.pledge,
    )


def test_amended_before_its_due_date_the_pledge_stays_reliable(funded, agreed_on):
    # 5000 delivered on 20 March for 31 March; the September 5000 moves to December,
    # agreed in August: delivered in November, it is on time.
    agreed_on(D(2025, 8, 15))
    amendment = services.pledge_amend(
        actor=funded.users["representative"],
        pledge=funded.pledge,
        reason="The board meets in November",
        installments=[(D(2025, 3, 31), "5000"), (D(2025, 12, 15), "5000")],
    )
    _deliver(funded, "5000", D(2025, 11, 20))
    assert amendment.previous_schedule == [
        {"due_on": "2025-03-31", "amount": "5000.00", "rescheduled_to": None},
        {"due_on": "2025-09-30", "amount": "5000.00", "rescheduled_to": None},
    ]
    assert list(
        PledgeInstallment.objects.filter(pledge=funded.pledge).values_list("due_on", "amount")
    ) == [(D(2025, 3, 31), Decimal("5000.00")), (D(2025, 12, 15), Decimal("5000.00"))]
    rel = _reliability(funded, D(2025, 12, 31))
    assert rel.reliability == 1.0 and rel.delivered_late == 0
    assert_rollups_match(funded.partnership)


def test_amended_after_its_due_date_the_delay_is_not_excused(funded, agreed_on):
    agreed_on(D(2025, 10, 15))
    services.pledge_amend(
        actor=funded.users["coordinator"],
        pledge=funded.pledge,
        reason="Late approval",
        installments=[(D(2025, 3, 31), "5000"), (D(2025, 12, 15), "5000")],
    )
    _deliver(funded, "5000", D(2025, 11, 20))
    installment = PledgeInstallment.objects.get(
        pledge=funded.pledge, amount=Decimal("5000.00"), due_on=D(2025, 9, 30)
    )
    assert installment.rescheduled_to == D(2025, 12, 15)
    rel = _reliability(funded, D(2025, 12, 31))
    assert rel.reliability == 0.5 and rel.delivered_late == Decimal("700000.00")
    assert rel.mean_delay_days == (D(2025, 11, 20) - D(2025, 9, 30)).days
    assert_rollups_match(funded.partnership)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": "4000"}, "amount"),  # 5000 was delivered
        ({"installments": [(D(2025, 3, 31), "5000"), (D(2025, 10, 31), "4000")]}, "installments"),
        ({"installments": [(D(2026, 3, 31), "10000")]}, "installments"),  # after the period
        ({"installments": [(D(2025, 3, 31), "5000"), (D(2025, 7, 1), "5000")]}, "installments"),
        ({"ends_on": D(2024, 12, 31)}, "ends_on"),
        ({"amount": "10000.001"}, "amount"),
        ({"reason": ""}, "reason"),
        ({}, None),  # nothing changed
    ],
)
def test_bad_amendments_change_nothing(funded, agreed_on, kwargs, field):
    agreed_on(D(2025, 8, 1))  # 1 July is before this day: a backdated new installment
    before = list(PledgeInstallment.objects.filter(pledge=funded.pledge).values())
    arguments = {"reason": "Why not", **kwargs}
    with pytest.raises(Invalid) as caught:
        services.pledge_amend(
            actor=funded.users["representative"], pledge=funded.pledge, **arguments
        )
    if field:
        assert field in caught.value.field_errors
    assert list(PledgeInstallment.objects.filter(pledge=funded.pledge).values()) == before
    assert Pledge.objects.get(pk=funded.pledge.pk).amount == Decimal("10000.00")
    assert not PledgeAmendment.objects.exists()
    assert not Event.objects.filter(verb="pledge.amended").exists()


@pytest.mark.parametrize("role", ["small_representative", "staff", "community", "observer"])
def test_only_the_pledger_and_coordinators_amend(funded, agreed_on, role):
    agreed_on(D(2025, 8, 1))
    with pytest.raises(Forbidden):
        services.pledge_amend(
            actor=funded.users[role], pledge=funded.pledge, reason="x", amount="12000"
        )
    assert not PledgeAmendment.objects.exists()


def test_amendment_lowers_and_raises_the_value_and_keeps_every_version(funded, agreed_on):
    agreed_on(D(2025, 5, 1))
    services.pledge_amend(
        actor=funded.users["representative"],
        pledge=funded.pledge,
        reason="Budget cut",
        amount="8000",
        ends_on=D(2025, 11, 30),
    )
    funded.pledge.refresh_from_db()
    assert (funded.pledge.amount, funded.pledge.ends_on) == (Decimal("8000.00"), D(2025, 11, 30))
    # what was due (31 March, delivered) keeps its date; the rest falls due at the new end
    assert list(
        PledgeInstallment.objects.filter(pledge=funded.pledge).values_list("due_on", "amount")
    ) == [(D(2025, 3, 31), Decimal("5000.00")), (D(2025, 11, 30), Decimal("3000.00"))]
    services.pledge_amend(
        actor=funded.users["coordinator"], pledge=funded.pledge, reason="Top-up", amount="9000"
    )
    history = list(PledgeAmendment.objects.filter(pledge=funded.pledge))
    assert [(a.previous_amount, a.amount) for a in history] == [
        (Decimal("10000.00"), Decimal("8000.00")),
        (Decimal("8000.00"), Decimal("9000.00")),
    ]
    assert history[0].previous_schedule[1]["due_on"] == "2025-09-30"  # the original terms
    events = list(Event.objects.filter(verb="pledge.amended").order_by("id"))
    assert "10,000.00 → 8,000.00" in events[0].summary and "Budget cut" in events[0].summary
    assert events[1].actor == funded.users["coordinator"]


def test_amendments_are_append_only(funded, agreed_on):
    agreed_on(D(2025, 5, 1))
    amendment = services.pledge_amend(
        actor=funded.users["representative"], pledge=funded.pledge, reason="x", amount="12000"
    )
    with pytest.raises(AppendOnlyLedgerError):
        amendment.save()
    with pytest.raises(AppendOnlyLedgerError):
        amendment.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        PledgeAmendment.objects.filter(pk=amendment.pk).update(reason="rewritten")
    assert PledgeAmendment.objects.get(pk=amendment.pk).reason == "x"


def test_cancellation_keeps_what_was_delivered_and_changes_no_more(funded, agreed_on):
    agreed_on(D(2025, 6, 1))
    entries_before = list(funded.partnership.ledger_entries.values_list("pk", "value"))
    amendment = services.pledge_cancel(
        actor=funded.users["representative"], pledge=funded.pledge, reason="Fund closed"
    )
    funded.pledge.refresh_from_db()
    assert funded.pledge.cancelled_at is not None
    assert amendment.kind == "cancelled" and amendment.amount == Decimal("5000.00")
    assert list(
        PledgeInstallment.objects.filter(pledge=funded.pledge).values_list("due_on", "amount")
    ) == [(D(2025, 3, 31), Decimal("5000.00"))]
    assert list(funded.partnership.ledger_entries.values_list("pk", "value")) == entries_before
    rel = _reliability(funded, D(2025, 12, 31))
    assert rel.reliability == 1.0 and rel.outstanding == 0
    with pytest.raises(Conflict):
        services.pledge_amend(
            actor=funded.users["coordinator"], pledge=funded.pledge, reason="x", amount="6000"
        )
    with pytest.raises(Conflict):
        services.pledge_cancel(actor=funded.users["coordinator"], pledge=funded.pledge, reason="x")
    assert "Fund closed" in Event.objects.get(verb="pledge.cancelled").summary
    assert_rollups_match(funded.partnership)


def test_a_pledge_without_value_amends_its_hours(world, agreed_on):
    agreed_on(D(2025, 2, 1))
    pledge = services.pledge_create(
        actor=world.users["small_representative"],
        partnership=world.partnership,
        organization=world.orgs["coop"],
        kind="people",
        description="Boat crews",
        currency_code="KES",
        hours="100",
        starts_on=D(2025, 1, 1),
        ends_on=D(2025, 12, 31),
    )
    services.pledge_amend(
        actor=world.users["small_representative"], pledge=pledge, reason="More crews", hours="150"
    )
    pledge.refresh_from_db()
    assert pledge.hours == Decimal("150.00") and not pledge.installments.exists()

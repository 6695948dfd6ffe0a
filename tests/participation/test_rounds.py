"""Rounds: creating, opening, phases moving on at their dates (by the task) or early."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accord.errors import Conflict, Forbidden, Invalid
from accord.participation import selectors, services
from accord.participation.models import ParticipationRound, Phase
from tests.participation.conftest import (
    advance_to,
    budget_round,
    fund_pool,
    issues_round,
    open_round,
)


def test_a_coordinator_drafts_and_opens_a_round(world):
    round_ = issues_round(world)
    assert round_.phase == Phase.DRAFT
    open_round(world, round_)
    round_.refresh_from_db()
    assert round_.phase == Phase.COLLECT and round_.opened_at is not None


@pytest.mark.parametrize("role", ["representative", "staff", "community", "observer", "stranger"])
def test_only_a_coordinator_creates_rounds(world, role):
    with pytest.raises(Forbidden):
        services.round_create(
            actor=world.users[role], partnership=world.partnership, kind="issues", title="x"
        )
    assert not ParticipationRound.objects.exists()


def test_dates_must_be_ordered_and_in_the_future(world):
    round_ = issues_round(world)
    now = timezone.now()
    with pytest.raises(Invalid) as bad:
        open_round(world, round_, collect_until=now - timedelta(hours=1))
    assert "collect_until" in bad.value.field_errors
    with pytest.raises(Invalid) as bad:
        open_round(
            world,
            round_,
            collect_until=now + timedelta(days=3),
            review_until=now + timedelta(days=2),
        )
    assert "review_until" in bad.value.field_errors
    round_.refresh_from_db()
    assert round_.phase == Phase.DRAFT


def test_the_public_audience_needs_a_public_partnership(world):
    with pytest.raises(Invalid) as bad:
        issues_round(world, audience="public")
    assert "audience" in bad.value.field_errors


def test_phases_move_on_at_their_dates_and_never_early(world):
    round_ = open_round(world, issues_round(world))
    collect_until = round_.collect_until
    assert (
        services.round_advance_if_due(round_=round_, now=collect_until - timedelta(seconds=1)) == []
    )
    assert round_.phase == Phase.COLLECT
    entered = services.round_advance_if_due(round_=round_, now=round_.vote_until + timedelta(1))
    assert entered == [Phase.REVIEW, Phase.VOTE, Phase.RESULTS]
    round_.refresh_from_db()
    assert round_.phase == Phase.RESULTS and round_.results_at is not None
    # late and twice: harmless
    assert services.round_advance_if_due(round_=round_, now=round_.vote_until + timedelta(2)) == []


def test_the_task_moves_the_round_on(world):
    round_ = open_round(world, issues_round(world))
    ParticipationRound.objects.filter(pk=round_.pk).update(
        collect_until=timezone.now() - timedelta(minutes=1)
    )
    result = services.round_advance_when_due.call(round_.pk)
    round_.refresh_from_db()
    assert round_.phase == Phase.REVIEW
    assert result == "review"
    assert services.round_advance_when_due.call(round_.pk) == "not due"
    assert services.round_advance_when_due.call(999_999) == "gone"


def test_a_coordinator_moves_a_round_on_early_and_not_past_its_results(world):
    round_ = advance_to(world, issues_round(world), Phase.RESULTS)
    with pytest.raises(Conflict):
        services.round_phase_advance(actor=world.users["coordinator"], round_=round_)
    draft = issues_round(world)
    with pytest.raises(Conflict):
        services.round_phase_advance(actor=world.users["coordinator"], round_=draft)
    with pytest.raises(Forbidden):
        services.round_phase_advance(actor=world.users["representative"], round_=round_)


def test_a_budget_round_cannot_promise_more_than_the_pool_holds(world):
    with pytest.raises(Invalid) as bad:
        budget_round(world, budget="1")
    assert "budget" in bad.value.field_errors
    fund_pool(world, "300000")
    first = budget_round(world, budget="200000")
    open_round(world, first)
    with pytest.raises(Invalid) as bad:
        budget_round(world, budget="100000.01")
    assert "can promise 100,000.00" in bad.value.message
    second = budget_round(world, budget="100000")
    pool = selectors.pool_figures(partnership=world.partnership, holder=world.orgs["county"])
    assert pool.received == Decimal("300000.00")
    assert pool.promised == Decimal("200000.00")  # the draft promises nothing yet
    open_round(world, second)
    assert ParticipationRound.objects.filter(phase=Phase.COLLECT).count() == 2


def test_two_drafts_cannot_both_open_beyond_the_pool(world):
    fund_pool(world, "300000")
    first, second = budget_round(world, budget="200000"), budget_round(world, budget="200000")
    open_round(world, first)
    with pytest.raises(Invalid):
        open_round(world, second)
    second.refresh_from_db()
    assert second.phase == Phase.DRAFT


def test_facilitators(world):
    round_ = issues_round(world)
    services.facilitator_add(
        actor=world.users["coordinator"], round_=round_, user=world.users["staff"]
    )
    with pytest.raises(Conflict):
        services.facilitator_add(
            actor=world.users["coordinator"], round_=round_, user=world.users["staff"]
        )
    assert [f.user for f in selectors.facilitator_list(round_=round_)] == [world.users["staff"]]
    assert world.users["staff"].has_perm("participation.enter_paper_ballot", round_)
    assert not world.users["community"].has_perm("participation.enter_paper_ballot", round_)


def test_the_sweep_command_moves_due_rounds_on(world):
    from io import StringIO

    from django.core.management import call_command

    due = open_round(world, issues_round(world))
    not_due = open_round(world, issues_round(world, title="Later"))
    ParticipationRound.objects.filter(pk=due.pk).update(
        collect_until=timezone.now() - timedelta(minutes=1)
    )
    out = StringIO()
    call_command("participation_sweep", stdout=out)
    assert "Moved 1 round(s)" in out.getvalue()
    due.refresh_from_db()
    not_due.refresh_from_db()
    assert (due.phase, not_due.phase) == (Phase.REVIEW, Phase.COLLECT)


def test_pages_never_move_a_round(client, world):
    """Reading never writes: a round past its date stays put until the worker moves it."""
    from django.urls import reverse

    round_ = open_round(world, issues_round(world))
    ParticipationRound.objects.filter(pk=round_.pk).update(
        collect_until=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(world.users["coordinator"])
    page = reverse("participation:round_detail", args=[world.partnership.slug, round_.pk])
    assert client.get(page).status_code == 200
    round_.refresh_from_db()
    assert round_.phase == Phase.COLLECT

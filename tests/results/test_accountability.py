"""The accountability page per member organization: commitments kept, pledges delivered on
time (the resources reliability), measurements reported on time and action items done.
Pages and endpoints for every role, bounded queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.results import selectors, services
from accord.results.models import ActionItem, Measurement
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.results.accountability import (
    INSIDERS,
    action_item_for,
    commitment_for,
    fund,
    login,
)
from tests.results.conftest import Q1, Q2, indicator_for, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def accountable(world):
    """The Foundation: four commitments (kept, done awaiting confirmation, dropped, late),
    half its money pledge delivered on time and half outstanding, four quarterly reports
    of 2025 due (one on time, one late, two missing), three action items (one done on time,
    one overdue, one open)."""
    rep, coordinator = world.users["representative"], world.users["coordinator"]
    fund(world)
    kept = commitment_for(world, text="Kept")
    services.commitment_status_set(actor=rep, commitment=kept, status="done")
    services.commitment_confirm(actor=coordinator, commitment=kept)
    waiting = commitment_for(world, text="Waiting")
    services.commitment_status_set(actor=rep, commitment=waiting, status="done")
    dropped = commitment_for(world, text="Dropped")
    services.commitment_status_set(
        actor=rep, commitment=dropped, status="dropped", reason="No longer needed"
    )
    commitment_for(world, text="Overdue", due_on=timezone.localdate() - timedelta(days=3))
    commitment_for(world, org="coop", by="small_representative", text="Coop's")

    indicator = indicator_for(world, dimensions=[])
    on_time = submitted(world, indicator, Q1, cells={})
    Measurement.objects.filter(pk=on_time.pk).update(submitted_at=datetime(2025, 4, 10, tzinfo=UTC))
    submitted(world, indicator, Q2, cells={})  # submitted today: long after its deadline

    done = action_item_for(world, title="Done on time")
    services.action_item_complete(actor=world.users["staff"], item=done, note="Done")
    late = action_item_for(world, title="Overdue")
    ActionItem.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    action_item_for(world, title="Open", due_in_days=30)
    action_item_for(world, owner="small_representative", title="Coop's item")
    return world


def test_the_figures_of_one_organization(accountable):
    world = accountable
    page = selectors.organization_accountability(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        organization_id=world.orgs["foundation"].pk,
    )
    figures = page.figures
    c = figures.commitments
    assert (c.total, c.kept, c.done_unconfirmed, c.dropped, c.late, c.on_track) == (
        4,
        1,
        1,
        1,
        1,
        0,
    )
    assert c.kept_share == pytest.approx(0.25)
    assert figures.pledges.due == 1400000 and figures.pledges.delivered_on_time == 700000
    assert figures.pledges.reliability == 0.5 and figures.pledges.outstanding == 700000
    r = figures.reports
    assert (r.due, r.on_time, r.late, r.missing) == (4, 1, 1, 2)
    a = figures.actions
    assert (a.total, a.done, a.done_on_time, a.open, a.overdue) == (3, 1, 1, 2, 1)
    assert [c.text for c in page.commitments] == ["Kept", "Waiting", "Dropped", "Overdue"]
    assert {i.title for i in page.action_items} == {"Done on time", "Overdue", "Open"}


def test_every_member_has_a_row(accountable):
    rows = selectors.accountability_overview(
        actor=accountable.users["coordinator"], partnership=accountable.partnership
    )
    by_name = {row.organization.name: row for row in rows}
    assert set(by_name) == {"County", "Fisher Coop", "Foundation"}
    coop = by_name["Fisher Coop"]
    assert (coop.commitments.total, coop.actions.total, coop.reports.due) == (1, 1, 0)
    assert by_name["County"].pledges is None or by_name["County"].pledges.due == 0


def test_an_organization_outside_the_members_is_not_found(accountable):
    from accord.errors import NotFound

    for org in ("school", "youth"):
        with pytest.raises(NotFound):
            selectors.organization_accountability(
                actor=accountable.users["coordinator"],
                partnership=accountable.partnership,
                organization_id=accountable.orgs[org].pk,
            )


def test_the_page_shows_the_figures(client, accountable):
    client.force_login(accountable.users["staff"])
    response = client.get(
        reverse(
            "results:organization_accountability",
            args=[accountable.partnership.slug, accountable.orgs["foundation"].pk],
        )
    )
    text = response.content.decode()
    assert "1 of 4 kept" in text
    assert "50 %" in text  # pledges on time
    assert "1 of 4 reports submitted by their deadline" in text
    assert "1 of 3 done, 1 of them on time" in text


# --- permissions ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["accountability", "organization_accountability"])
def test_pages_for_every_role(client, world, role, name):
    commitment_for(world)
    args = [world.partnership.slug] + (
        [world.orgs["foundation"].pk] if name == "organization_accountability" else []
    )
    response = login(client, world, role).get(reverse(f"results:{name}", args=args))
    assert response.status_code == (200 if role in INSIDERS else 404)
    assert (b"Foundation" in response.content) == (role in INSIDERS)


@pytest.mark.parametrize("role", ROLES)
def test_public_partnership_keeps_accountability_to_insiders(client, public_world, role):
    response = login(client, public_world, role).get(
        reverse("results:accountability", args=[public_world.partnership.slug])
    )
    assert response.status_code == (200 if role in INSIDERS else 403)


def test_another_partnerships_organization_is_404(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(
        reverse(
            "results:organization_accountability",
            args=[world.partnership.slug, world.orgs["school"].pk],
        )
    )
    assert response.status_code == 404 and b"School" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_api_for_every_role(client, world, role):
    api = Api(client, world)
    slug = world.partnership.slug
    overview = api.get(role, f"/partnerships/{slug}/accountability")
    one = api.get(role, f"/partnerships/{slug}/accountability/{world.orgs['foundation'].pk}")
    expected = 200 if role in INSIDERS else 404
    assert (overview.status_code, one.status_code) == (expected, expected)


def test_api_figures(client, accountable):
    api = Api(client, accountable)
    body = api.get(
        "observer",
        f"/partnerships/{accountable.partnership.slug}/accountability/"
        f"{accountable.orgs['foundation'].pk}",
    ).json()
    assert body["commitments"]["kept"] == 1 and body["reports"]["missing"] == 2
    assert body["pledges"]["reliability"] == 0.5 and body["actions"]["overdue"] == 1


@pytest.mark.parametrize("name", ["accountability", "organization_accountability"])
def test_accountability_pages_have_bounded_queries(
    client, accountable, name, django_assert_max_num_queries
):
    world = accountable
    client.force_login(world.users["coordinator"])
    args = [world.partnership.slug] + (
        [world.orgs["foundation"].pk] if name == "organization_accountability" else []
    )
    url = reverse(f"results:{name}", args=args)
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200
    for n in range(25):
        commitment_for(world, text=f"More {n}", due_on=date(2025, 1, 1) + timedelta(days=n))
        action_item_for(world, title=f"More {n}")
    indicator_for(world, name="Second indicator", dimensions=[])
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200

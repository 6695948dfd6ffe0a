"""Commitments: recorded for a member, status set by that organization, confirmed by a
coordinator; every refusal is clear and changes nothing. Pages and endpoints for every
role."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.audit.models import Event
from accord.errors import Conflict, Forbidden, Invalid
from accord.notifications.models import Notification
from accord.results import selectors, services
from accord.results.models import Commitment
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.results.accountability import (
    INSIDERS,
    activity_for,
    commitment_for,
    login,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return list(Commitment.objects.order_by("pk").values()), Event.objects.count()


@pytest.fixture
def committed(world):
    world.commitment = commitment_for(world)
    return world


# --- services ---------------------------------------------------------------------------


def test_record_set_and_confirm(committed):
    world, commitment = committed, committed.commitment
    assert commitment.status == "on_track" and commitment.confirmed_at is None
    services.commitment_status_set(
        actor=world.users["representative"], commitment=commitment, status="done"
    )
    commitment.refresh_from_db()
    assert commitment.status == "done" and commitment.done_on == timezone.localdate()
    told = Notification.objects.filter(verb="results.commitment_status_set")
    assert [n.user for n in told] == [world.users["coordinator"]]
    services.commitment_confirm(actor=world.users["coordinator"], commitment=commitment)
    commitment.refresh_from_db()
    assert commitment.confirmed_by == world.users["coordinator"]
    verbs = set(Event.objects.values_list("verb", flat=True))
    assert {
        "results.commitment_recorded",
        "results.commitment_status_set",
        "results.commitment_confirmed",
    } <= verbs


def test_a_coordinator_records_any_members_commitment_from_the_workplan(world):
    activity = activity_for(world)
    commitment = commitment_for(
        world, org="coop", by="coordinator", source="workplan", activity=activity
    )
    assert commitment.organization == world.orgs["coop"] and commitment.activity == activity


def test_a_second_confirmation_is_a_conflict(committed):
    world, commitment = committed, committed.commitment
    services.commitment_status_set(
        actor=world.users["representative"], commitment=commitment, status="late"
    )
    services.commitment_confirm(actor=world.users["coordinator"], commitment=commitment)
    before = snapshot()
    with pytest.raises(Conflict, match="already confirmed"):
        services.commitment_confirm(actor=world.users["coordinator"], commitment=commitment)
    assert snapshot() == before


def test_nothing_to_confirm_before_the_organization_reports(committed):
    before = snapshot()
    with pytest.raises(Conflict, match="nothing to confirm"):
        services.commitment_confirm(
            actor=committed.users["coordinator"], commitment=committed.commitment
        )
    assert snapshot() == before


def test_dropping_needs_a_reason(committed):
    before = snapshot()
    with pytest.raises(Invalid) as refused:
        services.commitment_status_set(
            actor=committed.users["representative"],
            commitment=committed.commitment,
            status="dropped",
            reason="  ",
        )
    assert "reason" in refused.value.field_errors
    assert snapshot() == before
    services.commitment_status_set(
        actor=committed.users["representative"],
        commitment=committed.commitment,
        status="dropped",
        reason="The county took the rangers on its own budget.",
    )
    assert Commitment.objects.get().status == "dropped"


@pytest.mark.parametrize(
    ("status", "extra", "field"),
    [
        ("finished", {}, "status"),
        ("done", {"done_on": date.today() + timedelta(days=3)}, "done_on"),
    ],
)
def test_bad_status_input(committed, status, extra, field):
    before = snapshot()
    with pytest.raises(Invalid) as refused:
        services.commitment_status_set(
            actor=committed.users["representative"],
            commitment=committed.commitment,
            status=status,
            **extra,
        )
    assert field in refused.value.field_errors
    assert snapshot() == before


def test_only_the_organizations_representative_sets_the_status(committed):
    before = snapshot()
    for role in ("staff", "small_representative", "coordinator", "community", "outsider"):
        with pytest.raises(Forbidden):
            services.commitment_status_set(
                actor=committed.users[role], commitment=committed.commitment, status="late"
            )
    assert snapshot() == before


def test_who_sets_a_status_does_not_confirm_it(world):
    commitment = commitment_for(world, org="county", by="coordinator")
    services.commitment_status_set(
        actor=world.users["coordinator"], commitment=commitment, status="done"
    )
    before = snapshot()
    with pytest.raises(Forbidden, match="another coordinator"):
        services.commitment_confirm(actor=world.users["coordinator"], commitment=commitment)
    assert snapshot() == before


def test_only_coordinators_confirm(committed):
    services.commitment_status_set(
        actor=committed.users["representative"], commitment=committed.commitment, status="done"
    )
    before = snapshot()
    for role in ("representative", "small_representative", "staff", "observer", "admin"):
        with pytest.raises(Forbidden):
            services.commitment_confirm(
                actor=committed.users[role], commitment=committed.commitment
            )
    assert snapshot() == before


def test_a_confirmed_end_is_final_and_a_new_status_needs_a_new_confirmation(committed):
    world, commitment = committed, committed.commitment
    rep, coordinator = world.users["representative"], world.users["coordinator"]
    services.commitment_status_set(actor=rep, commitment=commitment, status="late")
    services.commitment_confirm(actor=coordinator, commitment=commitment)
    services.commitment_status_set(actor=rep, commitment=commitment, status="done")
    commitment.refresh_from_db()
    assert commitment.confirmed_at is None  # the new status waits for its confirmation
    services.commitment_confirm(actor=coordinator, commitment=commitment)
    before = snapshot()
    with pytest.raises(Conflict, match="no longer changes"):
        services.commitment_status_set(actor=rep, commitment=commitment, status="late")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("org", "by", "fields", "error", "field"),
    [
        ("school", "coordinator", {}, Invalid, "organization"),  # not a member
        ("youth", "coordinator", {}, Invalid, "organization"),  # invited, not admitted
        ("foundation", "representative", {"text": " "}, Invalid, "text"),
        ("foundation", "representative", {"source": "rumour"}, Invalid, "source"),
        ("coop", "representative", {}, Forbidden, None),  # not Rita's organization
        ("foundation", "staff", {}, Forbidden, None),  # staff do not commit their organization
        ("foundation", "community", {}, Forbidden, None),
    ],
)
def test_bad_commitments_are_refused(world, org, by, fields, error, field):
    before = snapshot()
    with pytest.raises(error) as refused:
        commitment_for(world, org=org, by=by, **fields)
    if field:
        assert field in refused.value.field_errors
    assert snapshot() == before


def test_links_stay_within_the_partnership_and_are_one_at_most(world):
    from accord.resources import services as resource_services
    from tests.results.conftest import indicator_for

    other_activity = resource_services.activity_create(
        actor=world.users["outsider"],
        partnership=world.other_partnership,
        title="School garden",
        lead_organization=world.orgs["school"],
    )
    activity, indicator = activity_for(world), indicator_for(world)
    before = snapshot()
    with pytest.raises(Invalid) as refused:
        commitment_for(world, activity=other_activity)
    assert "activity" in refused.value.field_errors
    with pytest.raises(Invalid, match="one thing at most"):
        commitment_for(world, activity=activity, indicator=indicator)
    assert snapshot() == before


def test_overdue_commitments_are_flagged(world):
    commitment_for(world, due_on=timezone.localdate() - timedelta(days=1))
    commitment_for(world, text="Later", due_on=timezone.localdate() + timedelta(days=10))
    flags = {c.text: c.is_overdue for c in selectors.commitment_list(partnership=world.partnership)}
    assert flags == {"Fund two rangers for the wetland": True, "Later": False}


# --- pages and endpoints ----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_commitment_page_for_every_role(client, committed, role):
    response = login(client, committed, role).get(
        reverse("results:commitment_list", args=[committed.partnership.slug])
    )
    assert response.status_code == (200 if role in INSIDERS else 404)
    assert (b"Fund two rangers" in response.content) == (role in INSIDERS)


@pytest.mark.parametrize("role", ROLES)
def test_public_partnership_keeps_commitments_to_insiders(client, public_world, role):
    response = login(client, public_world, role).get(
        reverse("results:commitment_list", args=[public_world.partnership.slug])
    )
    assert response.status_code == (200 if role in INSIDERS else 403)


@pytest.mark.parametrize("role", ROLES)
def test_record_a_commitment_on_the_page(client, world, role):
    url = reverse("results:commitment_list", args=[world.partnership.slug])
    response = login(client, world, role).post(
        url,
        {
            "organization": world.orgs["foundation"].pk,
            "text": "Host the quarterly meeting",
            "source": "charter",
            "due_on": "2025-12-31",
        },
    )
    may = role in {"coordinator", "representative"}
    recorded = Commitment.objects.filter(text="Host the quarterly meeting").exists()
    assert recorded == may
    if may:
        assert response.status_code == 302
    else:
        expected = {"anonymous": 404, "stranger": 404, "outsider": 404}.get(role, 403)
        if role == "small_representative":
            expected = 200  # the form is theirs, the Foundation is not among its choices
        assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_set_status_on_the_page(client, committed, role):
    url = reverse(
        "results:commitment_status",
        args=[committed.partnership.slug, committed.commitment.pk],
    )
    response = login(client, committed, role).post(url, {"status": "late", "reason": "Rains"})
    committed.commitment.refresh_from_db()
    if role == "representative":
        assert response.status_code == 302 and committed.commitment.status == "late"
    else:
        assert response.status_code == {"anonymous": 302, "stranger": 404, "outsider": 404}.get(
            role, 403
        )
        assert committed.commitment.status == "on_track"


@pytest.mark.parametrize("role", ROLES)
def test_confirm_on_the_page(client, committed, role):
    services.commitment_status_set(
        actor=committed.users["representative"], commitment=committed.commitment, status="done"
    )
    url = reverse(
        "results:commitment_confirm",
        args=[committed.partnership.slug, committed.commitment.pk],
    )
    response = login(client, committed, role).post(url)
    committed.commitment.refresh_from_db()
    if role == "coordinator":
        assert response.status_code == 302 and committed.commitment.confirmed_at is not None
    else:
        assert response.status_code == {"anonymous": 302, "stranger": 404, "outsider": 404}.get(
            role, 403
        )
        assert committed.commitment.confirmed_at is None


@pytest.mark.parametrize("role", ROLES)
def test_api_list_commitments(client, committed, role):
    response = Api(client, committed).get(
        role, f"/partnerships/{committed.partnership.slug}/commitments"
    )
    expected = 200 if role in INSIDERS else 404  # the public reads nothing private
    assert response.status_code == expected
    if expected == 200:
        assert response.json()[0]["text"] == "Fund two rangers for the wetland"


@pytest.mark.parametrize("role", ROLES)
def test_api_record_set_confirm(client, world, role):
    api = Api(client, world)
    slug = world.partnership.slug
    before = Commitment.objects.count()
    response = api.post(
        role,
        f"/partnerships/{slug}/commitments",
        {"organization_id": world.orgs["foundation"].pk, "text": "Share the water data"},
    )
    may_record = role in {"coordinator", "representative"}
    expected = {"anonymous": 401, "stranger": 404, "outsider": 404}.get(
        role, 201 if may_record else 403
    )
    assert response.status_code == expected, response.content
    assert Commitment.objects.count() == before + (1 if may_record else 0)


def test_api_status_and_confirmation(client, committed):
    api = Api(client, committed)
    base = f"/partnerships/{committed.partnership.slug}/commitments/{committed.commitment.pk}"
    refused = api.post("representative", f"{base}/status", {"status": "dropped"})
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    assert api.post("coordinator", f"{base}/status", {"status": "late"}).status_code == 403
    done = api.post("representative", f"{base}/status", {"status": "done"})
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert api.post("representative", f"{base}/confirm").status_code == 403
    confirmed = api.post("coordinator", f"{base}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["confirmed"] is True
    again = api.post("coordinator", f"{base}/confirm")
    assert again.status_code == 409 and "already confirmed" in again.json()["detail"]
    other = api.post("outsider", f"{base}/confirm")
    assert other.status_code == 404


def test_commitment_page_has_bounded_queries(client, world, django_assert_max_num_queries):
    client.force_login(world.users["coordinator"])
    url = reverse("results:commitment_list", args=[world.partnership.slug])
    activity = activity_for(world)
    for size in (3, 30):
        while Commitment.objects.count() < size:
            commitment_for(
                world, text=f"Commitment {Commitment.objects.count()}", activity=activity
            )
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200

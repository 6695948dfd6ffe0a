"""Naming a facilitator, who enters paper ballots: by the page and the API, for every role;
who can be named (the partnership's people only) and what a wrong email gets."""

from __future__ import annotations

import pytest

from accord.participation.models import Phase, RoundFacilitator
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.participation.conftest import advance_to, budget_round
from tests.participation.test_views import INSIDERS, login, url


def _path(world, round_):
    return f"/partnerships/{world.partnership.slug}/rounds/{round_.pk}/facilitators"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_coordinator_names_a_facilitator_by_api(client, pool, role):
    world = pool
    round_ = advance_to(world, budget_round(world), Phase.COLLECT)
    response = Api(client, world).post(role, _path(world, round_), {"email": "observer@press.test"})
    expected = (
        201
        if role == "coordinator"
        else 403
        if role in INSIDERS
        else 401
        if role == "anonymous"
        else 404
    )
    assert response.status_code == expected, response.content
    assert RoundFacilitator.objects.count() == (1 if role == "coordinator" else 0)
    if role == "coordinator":
        assert response.json()["user_id"] == world.users["observer"].pk


@pytest.mark.parametrize("role", ROLES)
def test_only_the_coordinator_names_a_facilitator_on_the_page(client, pool, role):
    world = pool
    round_ = advance_to(world, budget_round(world), Phase.COLLECT)
    login(client, world, role)
    response = client.post(
        url("round_detail", world, round_),
        {"action": "facilitator", "email": "resident@community.test"},
    )
    expected = 302 if role == "coordinator" else 403 if role in INSIDERS else 404
    assert response.status_code == expected
    assert RoundFacilitator.objects.count() == (1 if role == "coordinator" else 0)


def test_anyone_of_the_partnership_and_no_one_else(client, pool):
    world = pool
    round_ = advance_to(world, budget_round(world), Phase.COLLECT)
    api = Api(client, world)
    # an observer, a staff member of a member, a community participant: any case of email
    for email in ("OBSERVER@press.test", "staff@foundation.test", " resident@community.test "):
        assert api.post("coordinator", _path(world, round_), {"email": email}).status_code == 201
    again = api.post("coordinator", _path(world, round_), {"email": "observer@press.test"})
    assert again.status_code == 409 and "already facilitates" in again.json()["detail"]
    # the representative of a non-member, of an invited but not admitted member, a stranger
    for email in ("rep@school.test", "rep@youth.test", "nobody@nowhere.test", "x@y.test"):
        refused = api.post("coordinator", _path(world, round_), {"email": email})
        assert refused.status_code == 400, email
        assert refused.json()["detail"] == "No one with that email works in this partnership."
    assert RoundFacilitator.objects.count() == 3
    # on the page: the error beside the field, nothing changed
    client.force_login(world.users["coordinator"])
    page = client.post(
        url("round_detail", world, round_), {"action": "facilitator", "email": "rep@school.test"}
    )
    assert page.status_code == 400
    assert "No one with that email works in this partnership." in page.content.decode()
    assert RoundFacilitator.objects.count() == 3

"""A proposal closed early shows when voting closed, not the planned deadline — on its
page, in the list and in the API (issue 14, item 7)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.decisions import services
from tests.api.conftest import Api
from tests.decisions.conftest import proposal_in_voting

pytestmark = pytest.mark.django_db


def closed_early(world):
    """Everyone votes and the coordinator closes at 14:20 on a fixed day, well before the
    planned deadline (48 hours after the test began)."""
    proposal = proposal_in_voting(world, hours=48)
    for role in ("coordinator", "representative", "small_representative"):
        services.ballot_cast(actor=world.users[role], proposal=proposal, choice="yes")
    planned = proposal.voting_closes_at
    closed = max(timezone.now() + timedelta(minutes=1), planned - timedelta(hours=30))
    closed = closed.replace(second=0, microsecond=0)
    services.proposal_close(actor=world.users["coordinator"], proposal=proposal, now=closed)
    return proposal, planned, closed


def stamp(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def test_detail_and_list_show_when_voting_closed(client, world):
    proposal, planned, closed = closed_early(world)
    assert stamp(planned) != stamp(closed)
    client.force_login(world.users["representative"])
    slug = world.partnership.slug
    detail = client.get(reverse("decisions:proposal_detail", args=[slug, proposal.pk]))
    html = detail.content.decode()
    assert f"voting closed {stamp(closed)}" in html
    assert stamp(planned) not in html
    listing = client.get(reverse("decisions:proposal_list", args=[slug])).content.decode()
    assert stamp(closed) in listing and stamp(planned) not in listing


def test_open_vote_shows_its_deadline_and_a_withdrawn_one_none(client, world):
    open_vote = proposal_in_voting(world, title="Open a fish market")
    withdrawn = proposal_in_voting(world, title="Dredge the bay")
    services.proposal_withdraw(actor=world.users["coordinator"], proposal=withdrawn)
    client.force_login(world.users["representative"])
    slug = world.partnership.slug
    html = client.get(
        reverse("decisions:proposal_detail", args=[slug, open_vote.pk])
    ).content.decode()
    assert f"voting closes {stamp(open_vote.voting_closes_at)}" in html
    html = client.get(
        reverse("decisions:proposal_detail", args=[slug, withdrawn.pk])
    ).content.decode()
    assert "voting closes" not in html and "voting closed" not in html


def test_api_gives_closed_at(client, world):
    proposal, planned, closed = closed_early(world)
    api = Api(client, world)
    slug = world.partnership.slug
    listed = api.get("representative", f"/partnerships/{slug}/proposals").json()
    [row] = listed["items"] if isinstance(listed, dict) else listed
    assert datetime.fromisoformat(row["closed_at"]) == closed.astimezone(UTC)
    # JSON keeps milliseconds
    assert abs(datetime.fromisoformat(row["voting_closes_at"]) - planned) < timedelta(
        milliseconds=1
    )
    detail = api.get("representative", f"/partnerships/{slug}/proposals/{proposal.pk}").json()
    assert datetime.fromisoformat(detail["closed_at"]) == closed.astimezone(UTC)

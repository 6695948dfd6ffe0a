"""The opinion map of a large round is computed by the task worker, never inside a request:
the page and the API show the last map with how far the recomputation got."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from accord.participation import selectors, services
from accord.participation.models import ParticipationRound, Phase
from accord.participation.services import opinion_map as opinion_map_module
from accord.partnerships import services as partnership_services
from tests.api.conftest import Api
from tests.conftest import make_user
from tests.participation.conftest import advance_to, opinions_round

TEXTS = ["Close the bay in May", "Patrols by fishers", "Fines for nets", "Boats for traders"]
CAMPS = {"a": [1, 1, -1, 1], "b": [-1, -1, 1, 1]}
CHOICE = {1: "agree", -1: "disagree"}


def _voted_round(world) -> ParticipationRound:
    """Two camps of four community participants who vote oppositely on three statements
    and alike on the fourth."""
    round_ = advance_to(world, opinions_round(world), Phase.COLLECT)
    statements = [
        services.statement_add(actor=world.users["community"], round_=round_, text=text)
        for text in TEXTS
    ]
    for camp, votes in CAMPS.items():
        for k in range(4):
            person = make_user(f"{camp}{k}@lake.test")
            partnership_services.participant_add(
                actor=world.users["coordinator"],
                partnership=world.partnership,
                email=person.email,
                role="community",
            )
            for statement, value in zip(statements, votes, strict=True):
                services.statement_vote(
                    actor=person, round_=round_, statement=statement, choice=CHOICE[value]
                )
    round_.refresh_from_db()
    return round_


def _queued() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="opinion_map_build").count()


@pytest.fixture
def at_scale(monkeypatch):
    """Every round counts as large: its map is left to the task worker."""
    monkeypatch.setattr(opinion_map_module, "SYNC_VOTES", 0)


def _forbid_computing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the map was computed inside a request")

    monkeypatch.setattr("accord.participation.selectors.opinions.opinion_groups", refuse)


def test_a_small_round_gets_its_map_in_the_request(client, world):
    round_ = _voted_round(world)
    client.force_login(world.users["staff"])
    page = client.get(
        reverse("participation:round_detail", args=[world.partnership.slug, round_.pk])
    )
    assert page.status_code == 200
    assert "Group A (4)" in page.content.decode() and "being computed" not in page.content.decode()
    assert _queued() == 0


def test_a_large_round_map_comes_from_the_task_worker_with_its_progress(
    client, world, at_scale, monkeypatch
):
    round_ = _voted_round(world)
    page_url = reverse("participation:round_detail", args=[world.partnership.slug, round_.pk])
    api_url = f"/partnerships/{world.partnership.slug}/rounds/{round_.pk}/opinion-map"
    api = Api(client, world)
    client.force_login(world.users["staff"])

    # No map yet: the request queues the task once and shows step 1 of 4.
    with monkeypatch.context() as patched:
        _forbid_computing(patched)
        text = client.get(page_url).content.decode()
        assert "The opinion map is being computed." in text
        assert "Step 1 of 4: waiting for the task worker" in text and "(32 votes to read)" in text
        assert 'hx-trigger="every 5s"' in text and "Group A" not in text
        assert client.get(page_url).status_code == 200
        assert _queued() == 1  # the second request did not queue it again
        pending = api.get("staff", api_url)
        assert pending.status_code == 202
        assert pending.json()["recomputing"] == "queued"

    # The worker runs the task: the page and the API show the map, up to date.
    assert opinion_map_module.opinion_map_build.call(round_.pk) == "ready"
    text = client.get(page_url).content.decode()
    assert "Group A (4)" in text and "Group B (4)" in text
    assert "being computed" not in text and 'hx-trigger="every 5s"' not in text
    body = api.get("staff", api_url).json()
    assert body["up_to_date"] is True and body["recomputing"] is None
    assert body["version"] == round_.version and len(body["groups"]) == 2

    # A new vote: the last map stays on the page, marked out of date, and the task is
    # queued again.
    services.statement_vote(
        actor=world.users["staff"],
        round_=round_,
        statement=round_.statements.get(text=TEXTS[0]),
        choice="agree",
    )
    with monkeypatch.context() as patched:
        _forbid_computing(patched)
        text = client.get(page_url).content.decode()
        assert "The map below is from before the latest votes; a new one is being computed." in text
        assert "Group A (4)" in text and "(33 votes to read)" in text
        body = api.get("staff", api_url).json()
        assert body["up_to_date"] is False and body["recomputing"] == "queued"
        assert body["version"] == round_.version
    assert _queued() == 2
    assert opinion_map_module.opinion_map_build.call(round_.pk) == "ready"
    body = api.get("staff", api_url).json()
    assert body["up_to_date"] is True and body["version"] == round_.version + 1


def test_the_task_reports_each_stage_and_is_harmless_twice_or_for_a_gone_round(world):
    round_ = _voted_round(world)
    stages: list[str] = []
    found = selectors.opinion_map(round_=round_, progress=stages.append)
    assert stages == ["reading", "grouping", "drawing"]
    assert found is not None and [g.size for g in found.groups] == [4, 4]
    # cached for this version: the task computes nothing more
    again: list[str] = []
    selectors.opinion_map(round_=round_, progress=again.append)
    assert again == []
    assert opinion_map_module.opinion_map_build.call(round_.pk) == "ready"
    assert selectors.opinion_map_state(round_=round_).current
    assert opinion_map_module.opinion_map_build.call(10**9) == "gone"

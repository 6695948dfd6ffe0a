"""Issue 15, item 1: requests that stall or break the site must get a clear answer.

A deep reply chain, out-of-range pagination, ids that are not ids, and an error inside
the API (which must still answer JSON).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from accord.api import api as ninja_api
from accord.decisions.models import Comment
from accord.decisions.selectors import comment_thread
from tests.decisions.conftest import proposal_in_voting

pytestmark = pytest.mark.django_db

HUGE = 9223372036854775808  # 2**63, one past SQLite's and PostgreSQL's largest integer


def _reply_chain(proposal: Any, author: Any, length: int) -> list[Comment]:
    """``length`` comments, each replying to the one before (explicit ids: one query)."""
    start = (Comment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    comments = [
        Comment(
            pk=start + i,
            proposal=proposal,
            parent_id=start + i - 1 if i else None,
            body=f"reply {i}",
            author=author,
            stance="question",
        )
        for i in range(length)
    ]
    return Comment.objects.bulk_create(comments)


@pytest.fixture
def long_thread(world: Any) -> Any:
    world.proposal = proposal_in_voting(world)
    _reply_chain(world.proposal, world.users["coordinator"], 1200)
    return world


def test_a_thousand_replies_deep_keep_the_thread_in_order_with_a_capped_depth(long_thread):
    thread = comment_thread(proposal=long_thread.proposal)
    assert [node.comment.body for node in thread[:3]] == ["reply 0", "reply 1", "reply 2"]
    assert len(thread) == 1200
    assert [node.depth for node in thread[:8]] == [0, 1, 2, 3, 4, 5, 6, 6]
    assert thread[-1].comment.body == "reply 1199" and thread[-1].depth == 6


def test_thread_order_puts_replies_under_their_parent(world):
    proposal = proposal_in_voting(world)
    author = world.users["coordinator"]
    first = Comment.objects.create(
        proposal=proposal, body="first", author=author, stance="question"
    )
    second = Comment.objects.create(
        proposal=proposal, body="second", author=author, stance="question"
    )
    Comment.objects.create(
        proposal=proposal, parent=first, body="reply to first", author=author, stance="question"
    )
    Comment.objects.create(
        proposal=proposal, parent=second, body="reply to second", author=author, stance="question"
    )
    thread = comment_thread(proposal=proposal)
    assert [(n.comment.body, n.depth) for n in thread] == [
        ("first", 0),
        ("reply to first", 1),
        ("second", 0),
        ("reply to second", 1),
    ]


def test_the_proposal_page_and_comments_api_answer_a_deep_chain(client, api, long_thread):
    client.force_login(long_thread.users["coordinator"])
    page = client.get(
        reverse(
            "decisions:proposal_detail",
            args=[long_thread.partnership.slug, long_thread.proposal.pk],
        )
    )
    assert page.status_code == 200
    assert b"reply 1199" in page.content
    listed = api.get(
        "coordinator",
        f"/partnerships/{long_thread.partnership.slug}/proposals/{long_thread.proposal.pk}/comments",
    )
    assert listed.status_code == 200
    assert len(listed.json()) == 1200


def _paginated_paths(slug: str, world: Any) -> list[str]:
    """Every list operation of the API that takes ``offset`` (found in the OpenAPI document,
    so a new list is covered without being named here)."""
    schema = ninja_api.get_openapi_schema()
    paths = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get or not any(p["name"] == "offset" for p in get.get("parameters", [])):
            continue
        concrete = path.removeprefix("/api/v1").replace("{slug}", slug)
        if "{" in concrete:  # a list under another object: fill in what the world has
            concrete = concrete.format(
                organization_id=world.orgs["county"].pk,
                proposal_id=1,
                partnership_id=world.partnership.pk,
            )
        paths.append(concrete)
    return paths


def test_every_paginated_list_is_found(world):
    paths = _paginated_paths(world.partnership.slug, world)
    assert "/partnerships" in paths
    assert f"/partnerships/{world.partnership.slug}/ledger" in paths
    assert len(paths) >= 6


@pytest.mark.parametrize(
    "query",
    [
        f"offset={HUGE}",
        "offset=-1",
        f"limit={HUGE}",
        "limit=0",
        "limit=-5",
        "limit=100000000",
        "offset=1000000001",
    ],
)
def test_pagination_out_of_range_is_a_clear_4xx_on_every_list(api, funded, query):
    api.client.raise_request_exception = False
    for path in _paginated_paths(funded.partnership.slug, funded):
        response = api.get("coordinator", f"{path}?{query}")
        assert response.status_code == 422, (path, response.status_code)
        assert "detail" in response.json()


def test_pagination_in_range_still_pages(api, funded):
    slug = funded.partnership.slug
    response = api.get("coordinator", f"/partnerships/{slug}/ledger?limit=1&offset=0")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 1 and response.json()["count"] == 1
    beyond = api.get("coordinator", f"/partnerships/{slug}/ledger?limit=1000&offset=1000000")
    assert beyond.status_code == 200 and beyond.json()["items"] == []


def _ledger_body(world: Any, **ids: Any) -> dict[str, Any]:
    return {
        "type": "3",
        "value": "5",
        "currency": "EUR",
        "value_date": "2025-05-01",
        "provider_id": world.orgs["foundation"].pk,
        **ids,
    }


@pytest.mark.parametrize(
    "ids",
    [
        {"provider_id": 0},
        {"provider_id": -3},
        {"provider_id": HUGE},
        {"receiver_id": 0},
        {"activity_id": 0},
        {"pledge_id": 0},
    ],
)
def test_ids_that_are_not_ids_are_refused(api, funded, ids):
    api.client.raise_request_exception = False
    slug = funded.partnership.slug
    before = (
        funded.partnership.ledger_entries.count()
        if hasattr(funded.partnership, "ledger_entries")
        else None
    )
    response = api.post(
        "representative", f"/partnerships/{slug}/ledger", _ledger_body(funded, **ids)
    )
    assert response.status_code in (400, 422), response.content
    field = next(iter(ids))
    assert field in response.json()["detail"]
    if before is not None:
        assert funded.partnership.ledger_entries.count() == before


def test_delivery_with_provider_zero_names_the_bad_id(api, funded):
    from accord.resources import services

    support = services.support_request_create(
        actor=funded.users["small_representative"],
        partnership=funded.partnership,
        organization=funded.orgs["coop"],
        kind="travel",
        description="Bus fares",
        amount="100",
        currency_code="EUR",
    )
    slug = funded.partnership.slug
    api.post(
        "coordinator",
        f"/partnerships/{slug}/support-requests/{support.pk}/decision",
        {"decision": "approve"},
    )
    response = api.post(
        "coordinator",
        f"/partnerships/{slug}/support-requests/{support.pk}/decision",
        {"decision": "deliver", "provider_id": 0, "value_date": "2025-06-01"},
    )
    assert response.status_code in (400, 422)
    assert "provider_id" in response.json()["detail"]
    assert "needs" not in response.json()["detail"]


def test_organization_id_zero_is_refused_as_an_id(api, world):
    response = api.post(
        "coordinator",
        f"/partnerships/{world.partnership.slug}/memberships",
        {"organization_id": 0},
    )
    assert response.status_code in (400, 422)
    assert "organization_id" in response.json()["detail"]


def test_an_error_inside_the_api_answers_json(api, world, monkeypatch):
    from accord.partnerships import selectors

    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("something deep failed")

    monkeypatch.setattr(selectors, "partnership_list_visible", broken)
    api.client.raise_request_exception = False
    response = api.get("coordinator", "/partnerships")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert detail and "something deep failed" not in detail

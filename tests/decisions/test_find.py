"""The proposals list's search, filters and pages (issue 14, item 10)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.decisions import services
from accord.decisions.models import Proposal, ProposalStatus
from tests.api.conftest import Api
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db


def draft(world, title, kind="general"):
    return services.proposal_create(
        actor=world.users["coordinator"], partnership=world.partnership, title=title, kind=kind
    )


def proposals(client, world, role="observer", **params):
    client.force_login(world.user(role))
    return client.get(reverse("decisions:proposal_list", args=[world.partnership.slug]), params)


def titles(response):
    return [p.title for p in response.context["proposals"]]


def test_search_status_and_kind(client, world):
    draft(world, "Dredge the bay")
    budget = draft(world, "Budget for the bay", kind="allocation")
    Proposal.objects.filter(pk=budget.pk).update(status=ProposalStatus.WITHDRAWN)
    draft(world, "Buy nets")
    assert titles(proposals(client, world, q="BAY")) == ["Budget for the bay", "Dredge the bay"]
    assert titles(proposals(client, world, status="withdrawn")) == ["Budget for the bay"]
    assert titles(proposals(client, world, kind="general", q="bay")) == ["Dredge the bay"]
    html = proposals(client, world, q="zzz").content.decode()
    assert "No proposal matches." in html and "0 found." in html
    assert 'id="find_q"' in html and 'method="get"' in html


def test_a_bad_filter_is_named_and_shows_everything(client, world):
    draft(world, "Dredge the bay")
    response = proposals(client, world, status="nonsense", kind="<script>")
    assert response.status_code == 200
    assert response.context["finder"].errors["status"]
    assert response.context["finder"].errors["kind"]
    assert "Dredge the bay" in titles(response)
    assert "<script>" not in response.content.decode()


def test_pages_keep_the_filter(client, world):
    for i in range(55):
        draft(world, f"Lot {i}")
    first = proposals(client, world, q="lot", status="draft")
    assert len(first.context["proposals"]) == 50
    html = first.content.decode()
    assert "q=lot&amp;status=draft&amp;page=2" in html and "Page 1 of 2" in html
    assert len(proposals(client, world, q="lot", status="draft", page=2).context["proposals"]) == 5
    assert len(proposals(client, world, q="lot", page="x").context["proposals"]) == 50


@pytest.mark.parametrize("role", ROLES)
def test_who_finds(client, world, role):
    draft(world, "Secret-ish dredging")
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(
        reverse("decisions:proposal_list", args=[world.partnership.slug]), {"q": "dredg"}
    )
    if role != "anonymous" and world.user(role).has_perm(
        "decisions.view_decisions", world.partnership
    ):
        assert titles(response) == ["Secret-ish dredging"]
    else:
        assert response.status_code in (302, 403, 404)
        assert b"Secret-ish" not in response.content


@pytest.mark.parametrize("n", [3, 30])
def test_bounded_queries(client, world, django_assert_max_num_queries, n):
    for i in range(n):
        draft(world, f"Proposal {i}")
    client.force_login(world.users["coordinator"])
    with django_assert_max_num_queries(25):
        response = client.get(
            reverse("decisions:proposal_list", args=[world.partnership.slug]),
            {"q": "proposal", "status": "draft"},
        )
    assert len(response.context["proposals"]) == n


def test_api_filters_as_the_page(client, world):
    draft(world, "Dredge the bay")
    draft(world, "Share the pool", kind="allocation")
    api = Api(client, world)
    path = f"/partnerships/{world.partnership.slug}/proposals"
    got = api.get("observer", path + "?q=bay&status=draft&kind=general").json()
    items = got["items"] if isinstance(got, dict) else got
    assert [p["title"] for p in items] == ["Dredge the bay"]
    bad = api.get("observer", path + "?status=nonsense")
    assert bad.status_code == 400 and "status" in bad.json()["detail"]

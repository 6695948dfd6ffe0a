"""The organizations directory's search, sector filter and pages (issue 14, item 10)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.partners.models import Organization

pytestmark = pytest.mark.django_db


def directory(client, **params):
    return client.get(reverse("partners:organization_list"), params)


def names(response):
    return [o.name for o in response.context["page"]]


def test_search_and_sector(client, world):
    # world: County (public), Fisher Coop (community), Foundation (philanthropic), School...
    publics = set(Organization.objects.filter(sector="public").values_list("name", flat=True))
    assert publics and set(names(directory(client, sector="public"))) == publics
    county = world.orgs["county"].name
    assert names(directory(client, q=county[:4].lower(), sector="public")) == [county]
    assert names(directory(client, q=county, sector="academic")) == []
    html = directory(client, q="zzz").content.decode()
    assert "No organization matches." in html and "0 found." in html
    assert 'role="search"' in html and "Any sector" in html


def test_a_bad_filter_is_named_and_shows_everything(client, world):
    response = directory(client, sector="pirates", q="x" * 300)
    assert response.status_code == 200
    assert response.context["finder"].errors["sector"]
    assert response.context["finder"].errors["q"]
    assert len(names(response)) == Organization.objects.count()


def test_pages_keep_the_filter(client, world):
    Organization.objects.bulk_create(
        Organization(name=f"Lot {i:02}", sector="private", capacity="small") for i in range(55)
    )
    first = directory(client, q="lot", sector="private")
    assert len(names(first)) == 50
    html = first.content.decode()
    assert "q=lot&amp;sector=private&amp;page=2" in html and "Page 1 of 2" in html
    assert names(directory(client, q="lot", sector="private", page=2))[0] == "Lot 50"


@pytest.mark.parametrize("role", ["anonymous", "stranger", "representative", "coordinator"])
def test_the_directory_stays_public(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    assert world.orgs["county"].name in names(directory(client, sector="public"))


def test_api_sector_filter(client, world):
    url = "/api/v1/organizations"
    names_ = [o["name"] for o in client.get(url, {"sector": "public"}).json()["items"]]
    assert world.orgs["county"].name in names_
    assert world.orgs["foundation"].name not in names_
    bad = client.get(url, {"sector": "pirates"})
    assert bad.status_code == 400 and "sector" in bad.json()["detail"]


@pytest.mark.parametrize("n", [3, 30])
def test_bounded_queries(client, world, django_assert_max_num_queries, n):
    Organization.objects.bulk_create(
        Organization(name=f"Item {i:02}", sector="private", capacity="small") for i in range(n)
    )
    with django_assert_max_num_queries(12):
        response = directory(client, q="item", sector="private")
    assert len(names(response)) == n

"""Words for each role: navigation links only for people who can use them, IATI codes only
for those who manage an organization, 403 pages that name the page and offer to sign in
(and come back), 404 for the pages of a members-only partnership (README, permissions)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.accounts import services as account_services

pytestmark = pytest.mark.django_db

NEW = ">New partnership</a>"
TOKENS = ">API tokens</a>"

#: role -> (sees "New partnership", sees "API tokens")
NAVIGATION = {
    "anonymous": (False, False),
    "stranger": (False, False),
    "community": (False, False),
    "observer": (False, False),
    "staff": (False, True),
    "representative": (True, True),
    "small_representative": (True, True),
    "invitee": (True, True),
    "outsider": (True, True),
    "coordinator": (True, True),
    "admin": (True, True),
}


@pytest.mark.parametrize(("role", "expected"), NAVIGATION.items())
def test_navigation_shows_each_link_only_to_people_who_can_use_it(client, world, role, expected):
    if role != "anonymous":
        client.force_login(world.user(role))
    html = client.get("/").content.decode()
    assert (NEW in html, TOKENS in html) == expected


def test_a_person_holding_a_token_keeps_the_page_to_revoke_it(client, world):
    community = world.users["community"]
    account_services.access_token_create(actor=community, name="old script")
    client.force_login(community)
    assert TOKENS in client.get("/").content.decode()


def test_navigation_facts_cost_one_query(client, world, django_assert_num_queries):
    """The unread count and the links' facts come from one query (with the session's and
    the user's, the page's template costs no more than before)."""
    from accord.web.context_processors import navigation_for

    with django_assert_num_queries(1):
        nav = navigation_for(world.users["invitee"])
    assert nav.unread_notifications == 1 and nav.can_found_partnership and nav.can_use_api


@pytest.mark.parametrize("role", ["anonymous", "outsider", "small_representative"])
def test_iati_type_is_shown_only_to_those_who_manage_the_organization(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    url = reverse("partners:organization_detail", args=[world.orgs["foundation"].pk])
    assert "IATI" not in client.get(url).content.decode()
    client.force_login(world.users["representative"])
    assert "IATI reports" in client.get(url).content.decode()


def test_403_names_the_page_and_offers_to_sign_in_and_come_back(client, public_world):
    url = reverse("resources:ledger_list", args=[public_world.partnership.slug])
    response = client.get(url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "You asked for the ledger of Lake Partnership." in html
    login = reverse("accounts:login")
    assert f'href="{login}?next=/p/lake-partnership/resources/ledger/"' in html
    # Signing in there comes back to the page.
    response = client.post(
        f"{login}?next={url}", {"username": "coord@county.test", "password": "pw"}
    )
    assert response.status_code == 302 and response["Location"] == url
    assert client.get(url).status_code == 200


def test_403_to_a_signed_in_outsider_offers_another_account(client, public_world):
    client.force_login(public_world.users["outsider"])
    url = reverse("decisions:proposal_list", args=[public_world.partnership.slug])
    response = client.get(url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "You asked for a decisions page of Lake Partnership." in html
    assert "Sign in as someone else" in html
    assert f'value="/accounts/login/?next={url}"' in html.replace("%2F", "/")


@pytest.mark.parametrize(
    "name",
    ["resources:ledger_list", "decisions:proposal_list", "partnerships:event_list"],
)
@pytest.mark.parametrize("role", ["anonymous", "outsider", "stranger"])
def test_members_only_partnership_pages_answer_404_to_outsiders(client, world, name, role):
    """As the README says: the pages of a members-only partnership do not exist for people
    outside it, and the 404 names nothing."""
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(reverse(name, args=[world.partnership.slug]))
    assert response.status_code == 404
    assert "Lake Partnership" not in response.content.decode()

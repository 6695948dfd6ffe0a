"""Issue 15, item 9: small leaks.

Staff of an organization invited to (but not admitted into) a members-only partnership see
nothing of it in lists; its representative, who must answer the invitation, still does.
The cached resources summary follows a rename of an organization at once.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from accord.partners import services as partner_services
from accord.partnerships import selectors
from tests.api.conftest import Api
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def youth_staff(world: Any) -> Any:
    """A staff member (not the representative) of Youth Network, invited to the Lake
    Partnership and not admitted."""
    partner_services.affiliation_add(
        actor=world.users["invitee"],
        organization=world.orgs["youth"],
        email="kim@youth.test",
        name="Kim Staff",
    )
    from accord.accounts.models import User

    return User.objects.get(email="kim@youth.test")


def _names(queryset: Any) -> set[str]:
    return {p.name for p in queryset}


def test_staff_of_an_invited_organization_see_nothing_in_lists(client, world, youth_staff):
    assert "Lake Partnership" not in _names(selectors.partnership_list_visible(actor=youth_staff))
    assert "Lake Partnership" not in _names(selectors.partnership_list_mine(actor=youth_staff))
    listed = Api(client, world)
    listed.world.users["kim"] = youth_staff
    for mine in ("", "?mine=true"):
        body = listed.get("kim", f"/partnerships{mine}").content.decode()
        assert "Lake Partnership" not in body and "Save the lake" not in body
    client.force_login(youth_staff)
    home = client.get(reverse("web:home"))
    assert home.status_code == 200
    page = home.content.decode()
    assert "Lake Partnership" not in page and "Save the lake" not in page


def test_the_invited_representative_still_sees_the_invitation(world):
    assert "Lake Partnership" in _names(
        selectors.partnership_list_visible(actor=world.users["invitee"])
    )


def test_staff_see_it_once_their_organization_is_admitted(world, youth_staff):
    from accord.partnerships import services

    services.membership_respond(
        actor=world.users["invitee"], membership=world.memberships["youth"], accept=True
    )
    services.membership_decide(
        actor=world.users["coordinator"], membership=world.memberships["youth"], admit=True
    )
    assert "Lake Partnership" in _names(selectors.partnership_list_mine(actor=youth_staff))
    assert "Lake Partnership" in _names(selectors.partnership_list_visible(actor=youth_staff))


def test_an_unrelated_person_sees_nothing_either(world):
    stranger = make_user("walker@nowhere.test")
    assert "Lake Partnership" not in _names(selectors.partnership_list_visible(actor=stranger))


def test_a_renamed_organization_shows_at_once_in_the_cached_summary(client, funded):
    slug = funded.partnership.slug
    client.force_login(funded.users["observer"])
    url = reverse("resources:resource_summary", args=[slug])
    assert "Foundation" in client.get(url).content.decode()  # the summary is now cached
    partner_services.organization_update(
        actor=funded.users["representative"],
        organization=funded.orgs["foundation"],
        name="Lakeside Trust",
    )
    page = client.get(url).content.decode()
    assert "Lakeside Trust" in page
    summary = Api(client, funded).get("observer", f"/partnerships/{slug}/resources").json()
    assert "Lakeside Trust" in {p["organization"] for p in summary["partners"]}
    csv_text = client.get(reverse("resources:resource_export", args=[slug, "csv"])).content
    assert b"Lakeside Trust" in csv_text and b"Foundation," not in csv_text


def test_a_changed_capacity_shows_at_once(client, funded):
    from accord.resources import selectors as resource_selectors

    before = resource_selectors.resource_summary(partnership=funded.partnership)
    row = next(p for p in before.partners if p.organization.name == "Foundation")
    assert row.organization.capacity == "large"
    partner_services.organization_update(
        actor=funded.users["representative"],
        organization=funded.orgs["foundation"],
        capacity="small",
    )
    after = resource_selectors.resource_summary(partnership=funded.partnership)
    row = next(p for p in after.partners if p.organization.name == "Foundation")
    assert row.organization.capacity == "small"

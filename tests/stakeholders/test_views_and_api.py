"""The stakeholder map's page and API for every role (docs/stakeholder-map.md).

Members only: everyone outside the partnership gets 404 and no name leaks. Adding is for
coordinators and member representatives, rating for member representatives, removing
and inviting for coordinators.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.partnerships.models import Membership, MembershipStatus
from accord.stakeholders.models import Stakeholder, StakeholderRating
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.stakeholders.conftest import RATING

pytestmark = pytest.mark.django_db

INSIDERS = {
    "coordinator",
    "representative",
    "small_representative",
    "staff",
    "community",
    "observer",
    "invitee",
    "admin",
}
ADDERS = {"coordinator", "representative", "small_representative"}
RATERS = {"coordinator", "representative", "small_representative"}  # Cora represents County


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


def map_url(world):
    return reverse("stakeholders:map", args=[world.partnership.slug])


def expected(role, allowed):
    if role not in INSIDERS:
        return 404
    return "ok" if role in allowed else 403


@pytest.mark.parametrize("role", ROLES)
def test_the_map_page_for_every_role(client, mapped, role):
    response = login(client, mapped, role).get(map_url(mapped))
    assert response.status_code == (200 if role in INSIDERS else 404)
    html = response.content.decode()
    if role in INSIDERS:
        assert "Fish traders&#x27; association" in html
        assert "<svg" in html and "Whom we are missing" in html
        assert ("Invite Downstream Town" in html) == (role == "coordinator")
        assert ("Place a stakeholder" in html) == (role in RATERS)
    else:
        assert "Fish traders" not in html


@pytest.mark.parametrize("role", ROLES)
def test_adding_on_the_page(client, mapped, role):
    response = login(client, mapped, role).post(
        map_url(mapped), {"action": "add", "name": "Boat builders", "sector": "private"}
    )
    outcome = expected(role, ADDERS)
    added = Stakeholder.objects.filter(name="Boat builders").exists()
    if outcome == "ok":
        assert response.status_code == 302 and added
    else:
        assert response.status_code == outcome and not added


@pytest.mark.parametrize("role", ROLES)
def test_rating_on_the_page(client, mapped, role):
    data = {"action": "rate", "stakeholder": mapped.traders.pk, **RATING}
    if role == "coordinator":
        data["organization"] = mapped.orgs["county"].pk
    before = list(StakeholderRating.objects.values_list("pk", "power", "interest"))
    response = login(client, mapped, role).post(map_url(mapped), {**data, "power": 5})
    outcome = expected(role, RATERS)
    if outcome == "ok":
        assert response.status_code == 302
        assert StakeholderRating.objects.filter(stakeholder=mapped.traders, power=5).exists()
    else:
        assert response.status_code == outcome
        assert list(StakeholderRating.objects.values_list("pk", "power", "interest")) == before


def test_a_rating_outside_the_scale_on_the_page_is_an_error_beside_the_field(client, mapped):
    login(client, mapped, "representative")
    response = client.post(
        map_url(mapped),
        {"action": "rate", "stakeholder": mapped.coop_stakeholder.pk, **RATING, "urgency": 9},
    )
    assert response.status_code == 400
    assert response.context["rate_form"].errors["urgency"]
    assert not StakeholderRating.objects.filter(
        stakeholder=mapped.coop_stakeholder, rater_organization=mapped.orgs["foundation"]
    ).exists()


@pytest.mark.parametrize("role", ROLES)
def test_inviting_from_the_map(client, mapped, role):
    url = reverse("stakeholders:stakeholder_invite", args=[mapped.partnership.slug, mapped.town.pk])
    response = login(client, mapped, role).post(url)
    invited = Membership.objects.filter(
        organization=mapped.orgs["town"], status=MembershipStatus.INVITED
    ).exists()
    if role == "anonymous":
        assert response.status_code == 302 and not invited  # to the login page
    elif role == "coordinator":
        assert response.status_code == 302 and invited
    else:
        assert response.status_code == (403 if role in INSIDERS else 404) and not invited


@pytest.mark.parametrize("role", ROLES)
def test_removing_from_the_map(client, mapped, role):
    url = reverse("stakeholders:stakeholder_remove", args=[mapped.partnership.slug, mapped.town.pk])
    response = login(client, mapped, role).post(url)
    kept = Stakeholder.objects.filter(pk=mapped.town.pk).exists()
    if role == "anonymous":
        assert response.status_code == 302 and kept
    elif role == "coordinator":
        assert response.status_code == 302 and not kept
    else:
        assert response.status_code == (403 if role in INSIDERS else 404) and kept


def test_a_stakeholder_of_another_partnership_is_not_found(client, mapped):
    login(client, mapped, "outsider")
    url = reverse(
        "stakeholders:stakeholder_remove", args=[mapped.other_partnership.slug, mapped.town.pk]
    )
    assert client.post(url).status_code == 404
    assert Stakeholder.objects.filter(pk=mapped.town.pk).exists()


# --- API ----------------------------------------------------------------------------------------


def path(world, suffix=""):
    return f"/partnerships/{world.partnership.slug}/stakeholders{suffix}"


@pytest.mark.parametrize("role", ROLES)
def test_api_map_for_every_role(client, mapped, role):
    response = Api(client, mapped).get(role, path(mapped))
    assert response.status_code == (200 if role in INSIDERS else 404)
    if role in INSIDERS:
        body = response.json()
        town = next(s for s in body["stakeholders"] if s["name"] == "Downstream Town")
        assert town["means"]["power"] == 4.0 and town["quadrant"] == "keep_satisfied"
        assert town["salience"] == "dominant"
        assert town["salience_label"].startswith("Dominant")
        assert body["missing"] == [mapped.town.pk, mapped.traders.pk]
        ratings = Api(client, mapped).get(role, path(mapped, f"/{mapped.town.pk}/ratings"))
        assert len(ratings.json()) == 3


@pytest.mark.parametrize("role", ROLES)
def test_api_add(client, mapped, role):
    response = Api(client, mapped).post(role, path(mapped), {"name": "Boat builders"})
    outcome = {"anonymous": 401}.get(role, expected(role, ADDERS))
    assert response.status_code == (201 if outcome == "ok" else outcome)
    assert Stakeholder.objects.filter(name="Boat builders").exists() == (outcome == "ok")


@pytest.mark.parametrize("role", ROLES)
def test_api_rate(client, mapped, role):
    body = {**RATING}
    if role == "coordinator":
        body["organization_id"] = mapped.orgs["county"].pk
    if role == "coordinator":
        Stakeholder.objects.filter(pk=mapped.traders.pk)  # Cora rated the traders already
    target = mapped.coop_stakeholder if role != "coordinator" else mapped.town
    api = Api(client, mapped)
    response = api.post(role, path(mapped, f"/{target.pk}/ratings"), body)
    outcome = {"anonymous": 401}.get(role, expected(role, RATERS))
    if role == "coordinator":
        assert response.status_code == 409  # County has placed the town already
        assert "already rated" in response.json()["detail"]
        response = api.send("put", role, path(mapped, f"/{target.pk}/ratings"), body)
        assert response.status_code == 200
    elif outcome == "ok":
        assert response.status_code == 201
        assert response.json()["power"] == RATING["power"]
    else:
        assert response.status_code == outcome


@pytest.mark.parametrize(
    "body",
    [
        {**RATING, "power": 0},
        {**RATING, "interest": 6},
        {**RATING, "organization_id": 10**6},
        {k: v for k, v in RATING.items() if k != "urgency"},
        {**RATING, "legitimacy": "high"},
    ],
)
def test_api_bad_ratings_are_4xx_and_change_nothing(client, mapped, body):
    before = StakeholderRating.objects.count()
    response = Api(client, mapped).post(
        "representative", path(mapped, f"/{mapped.coop_stakeholder.pk}/ratings"), body
    )
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()
    assert StakeholderRating.objects.count() == before


def test_api_rating_for_a_non_member_is_refused(client, mapped):
    """The invitee represents the Youth Network, invited but not admitted."""
    body = {**RATING, "organization_id": mapped.orgs["youth"].pk}
    response = Api(client, mapped).post("invitee", path(mapped, f"/{mapped.town.pk}/ratings"), body)
    assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_api_invite_and_remove(client, mapped, role):
    api = Api(client, mapped)
    response = api.post(role, path(mapped, f"/{mapped.town.pk}/invitation"))
    outcome = {"anonymous": 401}.get(role, expected(role, {"coordinator"}))
    assert response.status_code == (201 if outcome == "ok" else outcome)
    if outcome == "ok":
        assert response.json()["status"] == "invited"
        again = api.post(role, path(mapped, f"/{mapped.town.pk}/invitation"))
        assert again.status_code == 409
        group = api.post(role, path(mapped, f"/{mapped.traders.pk}/invitation"))
        assert group.status_code == 400
    response = api.send("delete", role, path(mapped, f"/{mapped.traders.pk}"))
    assert response.status_code == (204 if outcome == "ok" else outcome)


@pytest.mark.parametrize("size", [2, 20])
def test_the_map_page_issues_a_bounded_number_of_queries(
    client, mapped, size, django_assert_max_num_queries
):
    from accord.partners import services as partner_services
    from accord.stakeholders import services
    from tests.conftest import make_user

    for n in range(size):
        organization = partner_services.organization_create(
            actor=make_user(f"p{n}@o{n}.test"), name=f"Org {n}", sector="private", capacity="small"
        )
        stakeholder = services.stakeholder_add(
            actor=mapped.users["coordinator"],
            partnership=mapped.partnership,
            organization=organization,
        )
        services.stakeholder_rate(
            actor=mapped.users["representative"], stakeholder=stakeholder, **RATING
        )
    login(client, mapped, "coordinator")
    with django_assert_max_num_queries(25):
        response = client.get(map_url(mapped))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 3 + size

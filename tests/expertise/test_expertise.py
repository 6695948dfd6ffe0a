"""The expertise map (issue 16, item 8): services, the map's gaps and candidates, every
page and endpoint for every role, and the map's bounded queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.errors import Conflict, Forbidden, Invalid
from accord.expertise import selectors, services
from accord.expertise.models import ActivityExpertiseNeed, OrganizationExpertise
from accord.partners import services as partner_services
from accord.partnerships import services as partnership_services
from accord.partnerships.models import Membership
from accord.resources import services as resource_services
from tests.api.conftest import Api
from tests.conftest import ROLES, make_user

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


def offer(world, org_key, area, direction="offered", detail=""):
    org = world.orgs[org_key]
    rep = {
        "county": "coordinator",
        "foundation": "representative",
        "coop": "small_representative",
        "youth": "invitee",
        "school": "outsider",
    }[org_key]
    return services.organization_expertise_add(
        actor=world.users[rep], organization=org, area=area, direction=direction, detail=detail
    )


@pytest.fixture
def mapped(world):
    """The lake's monitoring activity needs a water-quality laboratory, which no member
    offers; the School (outside) offers one. The County offers hydrology, the Coop needs
    finance, which the Foundation offers."""
    world.activity = resource_services.activity_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        title="Monitor the lake",
        lead_organization=world.orgs["county"],
    )
    services.activity_need_add(
        actor=world.users["coordinator"],
        activity=world.activity,
        area="water_quality_lab",
        detail="nutrients and E. coli, monthly",
    )
    offer(world, "county", "hydrology")
    offer(world, "foundation", "finance")
    offer(world, "coop", "finance", direction="needed")
    offer(world, "school", "water_quality_lab", detail="accredited laboratory")
    return world


# --- services and the map ------------------------------------------------------------------


def test_the_map_finds_the_gap_and_who_offers_it(mapped):
    figures = selectors.expertise_map(partnership=mapped.partnership)
    (gap,) = figures.gaps
    assert gap.area == "water_quality_lab"
    assert [n.activity.title for n in gap.needed_by_activities] == ["Monitor the lake"]
    assert [c.organization.name for c in gap.candidates] == ["School"]
    rows = {row.area: row for row in figures.rows}
    assert not rows["finance"].is_gap and rows["finance"].is_needed
    assert [i.organization.name for i in rows["finance"].offered_by] == ["Foundation"]
    assert not rows["hydrology"].is_needed
    assert figures.rows[0].area == "water_quality_lab"  # gaps first


def test_a_member_offering_it_closes_the_gap_and_members_are_never_candidates(mapped):
    offer(mapped, "coop", "water_quality_lab")
    figures = selectors.expertise_map(partnership=mapped.partnership)
    assert figures.gaps == []


def test_an_invited_candidate_shows_its_invitation(mapped):
    offer(mapped, "youth", "water_quality_lab")  # the Youth Network is invited already
    (gap,) = selectors.expertise_map(partnership=mapped.partnership).gaps
    by_name = {c.organization.name: c for c in gap.candidates}
    assert by_name["Youth Network"].membership.status == "invited"
    assert by_name["School"].membership is None


def test_areas_are_checked_and_listed_once(world):
    with pytest.raises(Invalid):
        offer(world, "coop", "astrology")
    with pytest.raises(Invalid):
        offer(world, "coop", "other")  # "other" needs words
    offer(world, "coop", "other", detail="Boat repair")
    with pytest.raises(Conflict):
        offer(world, "coop", "other", detail="Boat building")
    with pytest.raises(Invalid):
        offer(world, "coop", "finance", detail="x" * 301)
    assert OrganizationExpertise.objects.filter(organization=world.orgs["coop"]).count() == 1


def test_only_the_organizations_representatives_list_its_areas(world):
    for role in ("staff", "coordinator", "outsider"):
        with pytest.raises(Forbidden):
            services.organization_expertise_add(
                actor=world.users[role],
                organization=world.orgs["foundation"],
                area="finance",
                direction="offered",
            )
    assert not OrganizationExpertise.objects.exists()


def test_only_coordinators_set_an_activitys_needs_and_not_once_closed(mapped):
    with pytest.raises(Forbidden):
        services.activity_need_add(
            actor=mapped.users["representative"], activity=mapped.activity, area="law"
        )
    partnership = mapped.partnership
    partnership.status = "closed"
    partnership.save(update_fields=["status"])
    mapped.activity.partnership = partnership
    with pytest.raises(Forbidden):
        services.activity_need_add(
            actor=mapped.users["coordinator"], activity=mapped.activity, area="law"
        )
    assert ActivityExpertiseNeed.objects.count() == 1


def test_inviting_names_what_the_organization_offers(mapped):
    membership = services.expertise_invite(
        actor=mapped.users["coordinator"],
        partnership=mapped.partnership,
        organization=mapped.orgs["school"],
    )
    assert membership.status == "invited"
    assert "Water-quality laboratory analysis" in membership.message
    with pytest.raises(Conflict):  # a second invitation
        services.expertise_invite(
            actor=mapped.users["coordinator"],
            partnership=mapped.partnership,
            organization=mapped.orgs["school"],
        )
    with pytest.raises(Conflict):  # a member
        services.expertise_invite(
            actor=mapped.users["coordinator"],
            partnership=mapped.partnership,
            organization=mapped.orgs["foundation"],
        )


# --- pages, for every role ---------------------------------------------------------------------


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_the_map_page_for_every_role(client, mapped, role):
    response = login(client, mapped, role).get(
        reverse("expertise:expertise_map", args=[mapped.partnership.slug])
    )
    assert response.status_code == (200 if role in INSIDERS else 404)
    if response.status_code == 200:
        page = response.content.decode()
        assert "Water-quality laboratory analysis" in page and "School" in page
        invite = reverse(
            "expertise:expertise_invite", args=[mapped.partnership.slug, mapped.orgs["school"].pk]
        )
        assert (invite in page) is (role == "coordinator")
    else:
        assert b"School" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_the_map_of_a_public_partnership_is_for_insiders(client, public_world, role):
    response = login(client, public_world, role).get(
        reverse("expertise:expertise_map", args=[public_world.partnership.slug])
    )
    assert response.status_code == (200 if role in INSIDERS else 403)


@pytest.mark.parametrize("role", ROLES)
def test_one_click_invitation_for_every_role(client, mapped, role):
    url = reverse(
        "expertise:expertise_invite", args=[mapped.partnership.slug, mapped.orgs["school"].pk]
    )
    response = login(client, mapped, role).post(url)
    invited = Membership.objects.filter(
        partnership=mapped.partnership, organization=mapped.orgs["school"]
    ).exists()
    if role == "coordinator":
        assert response.status_code == 302 and invited
    else:
        expected = {"anonymous": 302, "stranger": 404, "outsider": 404}.get(role, 403)
        assert response.status_code == expected and not invited


@pytest.mark.parametrize("role", ROLES)
def test_adding_an_activitys_need_on_the_page_for_every_role(client, mapped, role):
    url = reverse("expertise:expertise_map", args=[mapped.partnership.slug])
    response = login(client, mapped, role).post(
        url, {"activity": mapped.activity.pk, "area": "law", "detail": "fishing permits"}
    )
    added = ActivityExpertiseNeed.objects.filter(area="law").exists()
    if role == "coordinator":
        assert response.status_code == 302 and added
    else:
        assert response.status_code == {"anonymous": 404, "stranger": 404, "outsider": 404}.get(
            role, 403
        )
        assert not added


def test_a_bad_need_is_refused_beside_its_field(client, mapped):
    client.force_login(mapped.users["coordinator"])
    url = reverse("expertise:expertise_map", args=[mapped.partnership.slug])
    response = client.post(url, {"activity": mapped.activity.pk, "area": "other"})
    assert response.status_code == 400
    assert "Say in words which expertise you mean." in response.content.decode()
    assert ActivityExpertiseNeed.objects.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_an_organizations_areas_for_every_role(client, mapped, role):
    url = reverse("expertise:organization_expertise", args=[mapped.orgs["foundation"].pk])
    client = login(client, mapped, role)
    assert client.get(url).status_code == 200  # public, as the directory
    response = client.post(url, {"direction": "offered", "area": "fundraising", "detail": ""})
    added = OrganizationExpertise.objects.filter(area="fundraising").exists()
    if role in ("representative", "admin"):
        assert response.status_code == 302 and added
    else:
        assert response.status_code == 403 and not added


def test_removing_an_area_and_a_need(client, mapped):
    item = OrganizationExpertise.objects.get(organization=mapped.orgs["foundation"])
    client.force_login(mapped.users["staff"])  # staff, not its representative
    url = reverse(
        "expertise:organization_expertise_remove", args=[mapped.orgs["foundation"].pk, item.pk]
    )
    assert client.post(url).status_code == 403
    client.force_login(mapped.users["representative"])
    assert client.post(url).status_code == 302
    assert not OrganizationExpertise.objects.filter(pk=item.pk).exists()
    need = ActivityExpertiseNeed.objects.get()
    remove = reverse("expertise:activity_need_remove", args=[mapped.partnership.slug, need.pk])
    assert client.post(remove).status_code == 403
    client.force_login(mapped.users["coordinator"])
    assert client.post(remove).status_code == 302
    assert not ActivityExpertiseNeed.objects.exists()


@pytest.mark.parametrize("n", [3, 30])
def test_the_map_has_bounded_queries(client, mapped, django_assert_max_num_queries, n):
    for i in range(n):
        rep = make_user(f"lab{i}@labs.test")
        org = partner_services.organization_create(
            actor=rep, name=f"Lab {i:02d}", sector="academic", capacity="small"
        )
        services.organization_expertise_add(
            actor=rep, organization=org, area="water_quality_lab", direction="offered"
        )
        member = make_user(f"member{i}@members.test")
        member_org = partner_services.organization_create(
            actor=member, name=f"Member {i:02d}", sector="community", capacity="micro"
        )
        membership = partnership_services.membership_invite(
            actor=mapped.users["coordinator"],
            partnership=mapped.partnership,
            organization=member_org,
        )
        partnership_services.membership_respond(actor=member, membership=membership, accept=True)
        partnership_services.membership_decide(
            actor=mapped.users["coordinator"], membership=membership, admit=True
        )
        services.organization_expertise_add(
            actor=member, organization=member_org, area="training", direction="needed"
        )
    client.force_login(mapped.users["coordinator"])
    url = reverse("expertise:expertise_map", args=[mapped.partnership.slug])
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    (gap_row,) = [r for r in response.context["map"].gaps if r.area == "water_quality_lab"]
    # the School and the n laboratories, cut at the bound
    assert len(gap_row.candidates) == min(n + 1, selectors.CANDIDATES_PER_AREA)
    assert len(response.context["map"].members) == n + 3


# --- the API, for every role ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_api_map_and_invitation_for_every_role(client, mapped, role):
    api = Api(client, mapped)
    slug = mapped.partnership.slug
    read = api.get(role, f"/partnerships/{slug}/expertise")
    assert read.status_code == (200 if role in INSIDERS else 404)
    if read.status_code == 200:
        assert read.json()["gaps"] == ["water_quality_lab"]
        candidates = read.json()["areas"][0]["candidates"]
        assert [c["organization"] for c in candidates] == ["School"]
    invite = api.post(
        role,
        f"/partnerships/{slug}/expertise/invitations",
        {"organization_id": mapped.orgs["school"].pk},
    )
    expected = {"anonymous": 401, "stranger": 404, "outsider": 404, "coordinator": 201}.get(
        role, 403
    )
    assert invite.status_code == expected, invite.content
    invited = Membership.objects.filter(
        partnership=mapped.partnership, organization=mapped.orgs["school"]
    ).exists()
    assert invited is (expected == 201)


@pytest.mark.parametrize("role", ROLES)
def test_api_areas_and_needs_for_every_role(client, mapped, role):
    api = Api(client, mapped)
    foundation = mapped.orgs["foundation"].pk
    assert api.get(role, f"/organizations/{foundation}/expertise").status_code == 200
    added = api.post(
        role, f"/organizations/{foundation}/expertise", {"area": "law", "direction": "needed"}
    )
    expected = {"anonymous": 401, "representative": 201, "admin": 201}.get(role, 403)
    assert added.status_code == expected, added.content
    need = api.post(
        role,
        f"/partnerships/{mapped.partnership.slug}/activities/{mapped.activity.pk}/expertise-needs",
        {"area": "mapping"},
    )
    expected = {"anonymous": 401, "stranger": 404, "outsider": 404, "coordinator": 201}.get(
        role, 403
    )
    assert need.status_code == expected, need.content
    assert ActivityExpertiseNeed.objects.filter(area="mapping").exists() is (expected == 201)


def test_api_bad_input_is_a_clear_4xx(client, mapped):
    api = Api(client, mapped)
    foundation = mapped.orgs["foundation"].pk
    bad_area = api.post(
        "representative",
        f"/organizations/{foundation}/expertise",
        {"area": "x", "direction": "offered"},
    )
    assert bad_area.status_code == 422
    again = api.post(
        "representative",
        f"/organizations/{foundation}/expertise",
        {"area": "finance", "direction": "offered"},
    )
    assert again.status_code == 409 and "detail" in again.json()
    nobody = api.post(
        "coordinator",
        f"/partnerships/{mapped.partnership.slug}/expertise/invitations",
        {"organization_id": 0},
    )
    assert nobody.status_code == 422
    assert not Membership.objects.filter(
        partnership=mapped.partnership, organization=mapped.orgs["school"]
    ).exists()

"""The partnership's own groups (issue 16, item 3): services, the page and the API, for
every role; a group without members, or with members from elsewhere, changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.errors import Forbidden, Invalid
from accord.partnerships import selectors, services
from accord.partnerships.models import StakeholderGroup, StakeholderGroupMember
from tests.api.conftest import Api
from tests.conftest import ROLES

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


def _group(world, name="Indigenous peoples of the basin"):
    return services.group_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        name=name,
        organizations=[world.orgs["coop"].pk],
        people=[world.users["community"].pk],
    )


def test_create_lists_members_and_labels(world):
    group = _group(world)
    listed = selectors.group_get(partnership=world.partnership, group_id=group.pk)
    names = sorted(
        m.organization.name if m.organization_id else m.person.name for m in listed.members.all()
    )
    assert names == ["Cleo Community", "Fisher Coop"]
    labels = selectors.group_labels(partnership=world.partnership)
    assert labels[group.code] == "Indigenous peoples of the basin"
    assert labels["community"] == "Community"
    members = selectors.group_members_by_code(partnership=world.partnership)
    assert members[group.code].organization_ids == {world.orgs["coop"].pk}
    assert members[group.code].person_ids == {world.users["community"].pk}


@pytest.mark.parametrize(
    ("organizations", "people", "field"),
    [
        ([], [], "organizations"),  # a group with no members
        (["school"], [], "organizations"),  # another partnership's organization
        (["youth"], [], "organizations"),  # invited, not admitted
        ([], ["observer"], "people"),  # an observer is not a community participant
        ([], ["outsider"], "people"),
    ],
)
def test_bad_members_change_nothing(world, organizations, people, field):
    with pytest.raises(Invalid) as raised:
        services.group_create(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            name="Women fish traders",
            organizations=[world.orgs[o].pk for o in organizations],
            people=[world.users[p].pk for p in people],
        )
    assert field in raised.value.field_errors
    assert not StakeholderGroup.objects.exists()


def test_update_to_no_members_is_refused(world):
    group = _group(world)
    with pytest.raises(Invalid):
        services.group_update(
            actor=world.users["coordinator"], group=group, name=group.name, organizations=[]
        )
    assert StakeholderGroupMember.objects.filter(group=group).count() == 2


def test_update_replaces_members(world):
    group = _group(world)
    services.group_update(
        actor=world.users["coordinator"],
        group=group,
        name="Women fish traders",
        organizations=[world.orgs["foundation"].pk],
    )
    group.refresh_from_db()
    assert group.name == "Women fish traders"
    assert list(group.members.values_list("organization_id", flat=True)) == [
        world.orgs["foundation"].pk
    ]


def test_duplicate_name_is_refused(world):
    _group(world)
    with pytest.raises(Invalid) as raised:
        _group(world)
    assert "name" in raised.value.field_errors
    assert StakeholderGroup.objects.count() == 1


@pytest.mark.parametrize("role", ["representative", "staff", "community", "observer", "outsider"])
def test_only_coordinators_create(world, role):
    with pytest.raises(Forbidden):
        services.group_create(
            actor=world.users[role],
            partnership=world.partnership,
            name="Women fish traders",
            organizations=[world.orgs["coop"].pk],
        )
    assert not StakeholderGroup.objects.exists()


def _client(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_page_for_every_role(client, world, role):
    _group(world)
    response = _client(client, world, role).get(
        reverse("partnerships:group_list", args=[world.partnership.slug])
    )
    expected = 200 if role in INSIDERS else 404
    if role == "anonymous":
        expected = 404
    assert response.status_code == expected
    if expected == 200:
        assert b"Indigenous peoples of the basin" in response.content
        assert (b"Create the group" in response.content) == (role in {"coordinator"})
    else:
        assert b"Indigenous" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_public_partnership_page_is_for_insiders(client, public_world, role):
    response = _client(client, public_world, role).get(
        reverse("partnerships:group_list", args=[public_world.partnership.slug])
    )
    assert response.status_code == (200 if role in INSIDERS else 403)


@pytest.mark.parametrize("role", ROLES)
def test_create_by_page_for_every_role(client, world, role):
    response = _client(client, world, role).post(
        reverse("partnerships:group_list", args=[world.partnership.slug]),
        {
            "group": "new",
            "group-new-name": "Women fish traders",
            "group-new-organizations": [world.orgs["coop"].pk],
        },
    )
    created = StakeholderGroup.objects.filter(name="Women fish traders").exists()
    assert created == (role == "coordinator")
    if role == "coordinator":
        assert response.status_code == 302
    elif role in INSIDERS:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


def test_page_error_beside_the_field(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("partnerships:group_list", args=[world.partnership.slug]),
        {"group": "new", "group-new-name": "Women fish traders"},
    )
    assert response.status_code == 400
    assert b"at least one member" in response.content
    assert not StakeholderGroup.objects.exists()


def test_page_edit(client, world):
    group = _group(world)
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("partnerships:group_list", args=[world.partnership.slug]),
        {
            "group": str(group.pk),
            f"group-{group.pk}-name": "Basin peoples",
            f"group-{group.pk}-people": [world.users["community"].pk],
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Basin peoples"
    assert group.members.count() == 1


def test_page_queries_are_bounded(client, world, django_assert_max_num_queries):
    client.force_login(world.users["coordinator"])
    url = reverse("partnerships:group_list", args=[world.partnership.slug])
    _group(world, "One")
    with django_assert_max_num_queries(30):
        client.get(url)
    for k in range(8):
        _group(world, f"Group {k}")
    with django_assert_max_num_queries(30):
        client.get(url)


@pytest.mark.parametrize("role", ROLES)
def test_api_for_every_role(client, world, role):
    group = _group(world)
    api = Api(client, world)
    base = f"/partnerships/{world.partnership.slug}/groups"
    listed = api.get(role, base)
    created = api.post(
        role, base, {"name": "Women fish traders", "organizations": [world.orgs["coop"].pk]}
    )
    changed = api.send(
        "put",
        role,
        f"{base}/{group.pk}",
        {"name": "Basin peoples", "people": [world.users["community"].pk]},
    )
    if role == "coordinator":
        assert listed.status_code == 200
        assert listed.json()[0]["code"] == group.code
        assert created.status_code == 201
        assert created.json()["members"][0]["name"] == "Fisher Coop"
        assert changed.status_code == 200
    elif role in INSIDERS:
        assert listed.status_code == 200
        assert created.status_code == 403
        assert changed.status_code == 403
    else:
        outside = 401 if role == "anonymous" else 404
        # anonymous reads are allowed and find no members-only partnership
        assert (listed.status_code, created.status_code, changed.status_code) == (
            404,
            outside,
            outside,
        )
    assert StakeholderGroup.objects.filter(name="Women fish traders").exists() == (
        role == "coordinator"
    )


def test_api_bad_input_is_4xx(client, world):
    api = Api(client, world)
    base = f"/partnerships/{world.partnership.slug}/groups"
    for body in (
        {"name": "Empty"},
        {"name": "Zero", "organizations": [0]},
        {"name": "Other", "organizations": [world.orgs["school"].pk]},
    ):
        response = api.post("coordinator", base, body)
        assert 400 <= response.status_code < 500, body
    assert not StakeholderGroup.objects.exists()
    missing = api.send("put", "coordinator", f"{base}/999999", {"name": "x"})
    assert missing.status_code == 404

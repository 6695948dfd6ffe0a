"""Selectors that views and API share: a partnership for a permission, and lookups that
reach only the partnership's own members."""

from __future__ import annotations

import pytest

from accord.errors import Forbidden, NotFound
from accord.partnerships import selectors


@pytest.mark.parametrize(
    ("role", "raised"),
    [("coordinator", None), ("representative", Forbidden), ("outsider", NotFound)],
)
def test_partnership_get_for(world, role, raised):
    def get():
        return selectors.partnership_get_for(
            actor=world.user(role),
            slug=world.partnership.slug,
            perm="partnerships.change_partnership",
            message="Coordinators only.",
        )

    if raised is None:
        assert get() == world.partnership
        return
    with pytest.raises(raised) as caught:
        get()
    if raised is Forbidden:
        assert caught.value.message == "Coordinators only."
    else:
        assert world.partnership.name not in caught.value.message


@pytest.mark.parametrize(
    ("email", "found"),
    [
        ("staff@foundation.test", True),  # works for an admitted member
        ("STAFF@Foundation.test", True),  # any case
        ("rep@youth.test", False),  # invited, not admitted
        ("resident@community.test", False),  # a participant who works for no member
        ("rep@school.test", False),  # uses Accord, elsewhere
        ("nobody@unknown.test", False),
    ],
)
def test_member_person_find_reaches_only_the_members_people(world, email, found):
    person = selectors.member_person_find(partnership=world.partnership, email=email)
    assert (person is not None) == found


@pytest.mark.parametrize(
    ("org", "found"), [("foundation", True), ("youth", False), ("school", False)]
)
def test_member_organization_find(world, org, found):
    organization = selectors.member_organization_find(
        partnership=world.partnership, organization_id=world.orgs[org].pk
    )
    assert (organization == world.orgs[org]) if found else organization is None


def test_sdg_targets_of_one_goal(db):
    targets = list(selectors.sdg_target_list(goal_number=6))
    assert targets and {t.goal.number for t in targets} == {6}
    assert len(list(selectors.sdg_target_list())) > len(targets)
    assert [g.number for g in selectors.sdg_goal_list()][:2] == [1, 2]

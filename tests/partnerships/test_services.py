"""Services: the consent flow, lifecycle and charter, with their failure cases."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from accord.audit.models import Event
from accord.errors import Conflict, Forbidden, Invalid
from accord.partnerships import selectors, services
from accord.partnerships.models import CharterVersion, Membership, Status
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_partnership_create_makes_creator_coordinator_and_lead_a_member(world):
    p = world.partnership
    roles = selectors.actor_roles(actor=world.users["coordinator"], partnership=p)
    assert {"coordinator", "representative", "staff"} <= {str(r) for r in roles}
    assert [o.name for o in selectors.member_organizations(partnership=p)] == [
        "County",
        "Fisher Coop",
        "Foundation",
    ]
    assert sorted(t.code for t in p.sdg_targets.all()) == ["14.4", "6.5"]
    assert p.status == Status.FORMING


def test_partnership_create_rejects_unknown_sdg_target_and_leaves_nothing(world):
    before = Event.objects.count()
    with pytest.raises(Invalid, match=r"99\.9"):
        services.partnership_create(
            actor=world.users["stranger"],
            name="X",
            purpose="Y",
            type="network",
            modality="business_ngo",
            sdg_targets=["99.9"],
        )
    assert not selectors.partnership_list_mine(actor=world.users["stranger"]).exists()
    assert Event.objects.count() == before


def test_partnership_create_refuses_a_lead_organization_the_actor_does_not_represent(world):
    with pytest.raises(Forbidden):
        services.partnership_create(
            actor=world.users["stranger"],
            lead_organization=world.orgs["county"],
            name="Hijack",
            purpose="-",
            type="network",
            modality="business_ngo",
        )


def test_invalid_choice_is_a_clear_error(world):
    with pytest.raises(Invalid, match="type"):
        services.partnership_create(
            actor=world.users["stranger"],
            name="X",
            purpose="Y",
            type="cartel",
            modality="business_ngo",
        )


@pytest.mark.parametrize(
    ("path", "ok"),
    [
        (["active"], True),
        (["active", "review", "renewed", "review", "closed"], True),
        (["review"], False),
        (["active", "closed"], False),
        (["active", "review", "closed", "active"], False),
    ],
)
def test_lifecycle_allows_only_the_defined_transitions(world, path, ok):
    p = world.partnership
    coordinator = world.users["coordinator"]
    if ok:
        for status in path:
            services.partnership_transition(actor=coordinator, partnership=p, to_status=status)
        p.refresh_from_db()
        assert p.status == path[-1]
    else:
        with pytest.raises(Conflict):
            for status in path:
                services.partnership_transition(actor=coordinator, partnership=p, to_status=status)


def test_only_coordinators_change_the_lifecycle(world):
    with pytest.raises(Forbidden):
        services.partnership_transition(
            actor=world.users["representative"], partnership=world.partnership, to_status="active"
        )
    world.partnership.refresh_from_db()
    assert world.partnership.status == "forming"


def test_two_sided_consent_full_flow_is_recorded(world):
    coordinator, invitee = world.users["coordinator"], world.users["invitee"]
    membership = world.memberships["youth"]
    assert membership.status == "invited"
    # The partnership cannot admit before the organization consents.
    with pytest.raises(Forbidden):
        services.membership_decide(actor=coordinator, membership=membership, admit=True)
    # Nobody but the organization's representative can accept for it.
    with pytest.raises(Forbidden):
        services.membership_respond(actor=coordinator, membership=membership, accept=True)
    membership = services.membership_respond(actor=invitee, membership=membership, accept=True)
    assert membership.status == "accepted" and membership.responded_by == invitee
    membership = services.membership_decide(actor=coordinator, membership=membership, admit=True)
    assert (
        membership.status == "admitted"
        and membership.decided_by == coordinator
        and membership.decided_at
    )
    verbs = list(
        Event.objects.filter(
            partnership=world.partnership, object_type="membership", object_id=membership.pk
        )
        .order_by("id")
        .values_list("verb", "actor__email")
    )
    assert verbs == [
        ("membership.invited", "coord@county.test"),
        ("membership.accepted", "rep@youth.test"),
        ("membership.admitted", "coord@county.test"),
    ]


def test_decline_closes_the_invitation_and_a_new_one_can_follow(world):
    coordinator, invitee = world.users["coordinator"], world.users["invitee"]
    services.membership_respond(actor=invitee, membership=world.memberships["youth"], accept=False)
    with pytest.raises(Forbidden):  # a declined invitation cannot be accepted later
        services.membership_respond(
            actor=invitee, membership=world.memberships["youth"], accept=True
        )
    again = services.membership_invite(
        actor=coordinator, partnership=world.partnership, organization=world.orgs["youth"]
    )
    assert again.pk != world.memberships["youth"].pk
    assert (
        Membership.objects.filter(
            partnership=world.partnership, organization=world.orgs["youth"]
        ).count()
        == 2
    )


def test_inviting_twice_is_a_conflict(world):
    with pytest.raises(Conflict, match="already"):
        services.membership_invite(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            organization=world.orgs["youth"],
        )
    with pytest.raises(Conflict):
        services.membership_invite(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            organization=world.orgs["foundation"],
        )


def test_database_holds_one_open_membership_per_organization(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(partnership=world.partnership, organization=world.orgs["youth"])


def test_withdrawal_is_always_possible_and_recorded(world):
    rep = world.users["small_representative"]
    membership = services.membership_withdraw(
        actor=rep, membership=world.memberships["coop"], reason="Too far to travel"
    )
    assert membership.status == "withdrawn" and membership.withdrawn_by == rep
    assert membership.withdrawal_reason == "Too far to travel"
    assert "Fisher Coop" not in [
        o.name for o in selectors.member_organizations(partnership=world.partnership)
    ]
    assert Event.objects.filter(verb="membership.withdrawn", object_id=membership.pk).exists()


def test_only_the_organization_withdraws_itself(world):
    with pytest.raises(Forbidden):
        services.membership_withdraw(
            actor=world.users["coordinator"], membership=world.memberships["coop"]
        )


def test_community_participant_joins_only_where_allowed(public_world):
    stranger = public_world.users["stranger"]
    participant = services.participant_join(actor=stranger, partnership=public_world.partnership)
    assert participant.role == "community"
    with pytest.raises(Forbidden):  # twice
        services.participant_join(actor=stranger, partnership=public_world.partnership)
    public_world.partnership.allows_individuals = False
    public_world.partnership.save(update_fields=["allows_individuals"])
    newcomer = make_user("new@person.test")
    with pytest.raises(Forbidden):
        services.participant_join(actor=newcomer, partnership=public_world.partnership)


def test_charter_publish_sign_and_new_version(world):
    coordinator = world.users["coordinator"]
    p = world.partnership
    draft = services.charter_draft_save(
        actor=coordinator, partnership=p, common_outcome="A living lake."
    )
    with pytest.raises(Conflict, match="draft"):
        services.charter_sign(actor=world.users["representative"], version=draft)
    v1 = services.charter_publish(actor=coordinator, version=draft)
    services.charter_sign(actor=world.users["representative"], version=v1)
    services.charter_sign(
        actor=world.users["coordinator"], version=v1, organization=world.orgs["county"]
    )
    with pytest.raises(Conflict, match="already signed"):
        services.charter_sign(actor=world.users["representative"], version=v1)
    with pytest.raises(Forbidden):  # staff cannot sign for the organization
        services.charter_sign(actor=world.users["staff"], version=v1)
    with pytest.raises(Forbidden):  # a representative signs only for their own organization
        services.charter_sign(
            actor=world.users["representative"], version=v1, organization=world.orgs["coop"]
        )
    overview = selectors.charter_overview(partnership=p)
    (view,) = overview
    signed = {row.organization.name: row.signature is not None for row in view.rows}
    assert signed == {"County": True, "Fisher Coop": False, "Foundation": True}
    # A new version starts from the text in force; the old version stays as it was.
    v2 = services.charter_draft_save(
        actor=coordinator, partnership=p, policy_data_sharing="Share monthly."
    )
    assert v2.number == 2 and v2.common_outcome == "A living lake."
    services.charter_publish(actor=coordinator, version=v2)
    with pytest.raises(Conflict, match="superseded"):
        services.charter_sign(actor=world.users["small_representative"], version=v1)
    v1.refresh_from_db()
    assert v1.policy_data_sharing == ""


def test_published_charter_cannot_be_edited_even_directly_in_the_database(world):
    coordinator = world.users["coordinator"]
    version = services.charter_draft_save(
        actor=coordinator, partnership=world.partnership, common_outcome="v1"
    )
    version = services.charter_publish(actor=coordinator, version=version)
    with pytest.raises(Exception, match="never edited"), transaction.atomic():
        CharterVersion.objects.filter(pk=version.pk).update(common_outcome="rewritten")
    version.refresh_from_db()
    assert version.common_outcome == "v1"
    with pytest.raises(Conflict):
        services.charter_publish(actor=coordinator, version=version)


def test_only_coordinators_draft_the_charter(world):
    for role in ("representative", "staff", "community", "observer", "outsider"):
        with pytest.raises(Forbidden):
            services.charter_draft_save(
                actor=world.users[role], partnership=world.partnership, common_outcome="x"
            )


def test_partnership_list_visible_respects_visibility(public_world):
    w = public_world
    for role, expected in [
        ("stranger", {"Lake Partnership"}),
        ("outsider", {"Lake Partnership", "School Partnership"}),
        ("coordinator", {"Lake Partnership"}),
        ("admin", {"Lake Partnership", "School Partnership"}),
    ]:
        names = set(
            selectors.partnership_list_visible(actor=w.users[role]).values_list("name", flat=True)
        )
        assert names == expected, role
    mine = set(
        selectors.partnership_list_mine(actor=w.users["outsider"]).values_list("name", flat=True)
    )
    assert mine == {"School Partnership"}
    assert connection.vendor in ("sqlite", "postgresql")

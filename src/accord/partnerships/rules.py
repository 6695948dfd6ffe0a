"""Permission predicates for partnerships (see docs/permissions.md for the table).

Object is a ``Partnership`` unless the permission's name says otherwise.
"""

from __future__ import annotations

from typing import Any

import rules

from accord.partnerships.models import Membership, MembershipStatus, Partnership, Status
from accord.partnerships.roles import INSIDER_ROLES, Role, represented_organization_ids, roles_in


def _partnership_of(obj: Any) -> Partnership | None:
    if isinstance(obj, Partnership):
        return obj
    return getattr(obj, "partnership", None)


def _has_role(user: Any, obj: Any, *wanted: Role) -> bool:
    partnership = _partnership_of(obj)
    if partnership is None:
        return False
    return bool(roles_in(user, partnership.pk) & set(wanted))


@rules.predicate
def is_public(user: Any, obj: Any) -> bool:
    partnership = _partnership_of(obj)
    return partnership is not None and partnership.is_public


@rules.predicate
def is_insider(user: Any, obj: Any) -> bool:
    return _has_role(user, obj, *INSIDER_ROLES)


@rules.predicate
def is_coordinator(user: Any, obj: Any) -> bool:
    return _has_role(user, obj, Role.COORDINATOR)


@rules.predicate
def is_member_representative(user: Any, obj: Any) -> bool:
    """Speaks for an organization that is an admitted member."""
    return _has_role(user, obj, Role.REPRESENTATIVE)


@rules.predicate
def is_community_participant(user: Any, obj: Any) -> bool:
    return _has_role(user, obj, Role.COMMUNITY)


@rules.predicate
def has_seat(user: Any, obj: Any) -> bool:
    """Already takes part as coordinator, through an organization, or as a participant."""
    return _has_role(user, obj, Role.COORDINATOR, Role.REPRESENTATIVE, Role.STAFF, Role.COMMUNITY)


@rules.predicate
def is_open(user: Any, obj: Any) -> bool:
    partnership = _partnership_of(obj)
    return partnership is not None and partnership.status != Status.CLOSED


@rules.predicate
def allows_individuals(user: Any, obj: Any) -> bool:
    partnership = _partnership_of(obj)
    return partnership is not None and partnership.allows_individuals


@rules.predicate
def represents_membership_organization(user: Any, membership: Membership) -> bool:
    return membership.organization_id in represented_organization_ids(user)


@rules.predicate
def is_invitation_open(user: Any, membership: Membership) -> bool:
    return membership.status == MembershipStatus.INVITED


@rules.predicate
def is_awaiting_admission(user: Any, membership: Membership) -> bool:
    return membership.status == MembershipStatus.ACCEPTED


@rules.predicate
def is_admitted(user: Any, membership: Membership) -> bool:
    return membership.status == MembershipStatus.ADMITTED


can_view = is_public | is_insider

rules.add_perm("partnerships.add_partnership", rules.is_authenticated)
rules.add_perm("partnerships.view_partnership", can_view)
rules.add_perm("partnerships.view_feed", is_insider)
rules.add_perm("partnerships.change_partnership", is_coordinator)
rules.add_perm("partnerships.invite_membership", is_coordinator & is_open)
rules.add_perm(
    "partnerships.respond_membership", represents_membership_organization & is_invitation_open
)
rules.add_perm("partnerships.admit_membership", is_coordinator & is_awaiting_admission)
rules.add_perm("partnerships.cancel_membership", is_coordinator & is_invitation_open)
rules.add_perm("partnerships.withdraw_membership", represents_membership_organization & is_admitted)
rules.add_perm("partnerships.manage_participants", is_coordinator)
rules.add_perm("partnerships.view_groups", is_insider)
rules.add_perm("partnerships.manage_groups", is_coordinator & is_open)
rules.add_perm(
    "partnerships.join_partnership",
    rules.is_authenticated & is_public & allows_individuals & is_open & ~has_seat,
)
rules.add_perm("partnerships.leave_partnership", is_community_participant)
rules.add_perm("partnerships.edit_charter", is_coordinator & is_open)
rules.add_perm("partnerships.sign_charter", is_member_representative & is_open)

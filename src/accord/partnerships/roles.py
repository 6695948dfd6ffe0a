"""What roles a person holds in a partnership, computed in two queries and cached.

Every permission predicate about a partnership reads ``roles_in``. The cache lives on
the user object (one request) and is keyed by a process-wide generation counter that
every membership, participant or affiliation write bumps (``accord.partners.representation``),
so a stale answer is never reused.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from accord.partners.representation import (
    represented_organization_ids,
    roles_changed,
    roles_generation,
)
from accord.partnerships.models import Membership, MembershipStatus, Participant

__all__ = [
    "INSIDER_ROLES",
    "Role",
    "represented_organization_ids",
    "roles_changed",
    "roles_in",
]


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    REPRESENTATIVE = "representative"
    STAFF = "staff"
    COMMUNITY = "community"
    OBSERVER = "observer"
    INVITEE = "invitee"  # representative of an organization invited, not yet admitted


def roles_in(user: Any, partnership_id: int) -> frozenset[Role]:
    if user is None or not user.is_authenticated:
        return frozenset()
    cache: dict[int, tuple[int, frozenset[Role]]] = user.__dict__.setdefault("_accord_roles", {})
    cached = cache.get(partnership_id)
    if cached and cached[0] == roles_generation():
        return cached[1]
    roles: set[Role] = set()
    if user.is_superuser:
        roles.add(Role.ADMIN)
    for role in Participant.objects.filter(
        partnership_id=partnership_id, user_id=user.pk, left_at__isnull=True
    ).values_list("role", flat=True):
        roles.add(Role(role))
    seats = Membership.objects.filter(
        partnership_id=partnership_id,
        status__in=[MembershipStatus.INVITED, MembershipStatus.ACCEPTED, MembershipStatus.ADMITTED],
        organization__affiliations__user_id=user.pk,
    ).values_list("status", "organization__affiliations__is_representative")
    for status, is_representative in seats:
        if status == MembershipStatus.ADMITTED:
            roles.add(Role.STAFF)
            if is_representative:
                roles.add(Role.REPRESENTATIVE)
        elif is_representative:
            roles.add(Role.INVITEE)
    result = frozenset(roles)
    cache[partnership_id] = (roles_generation(), result)
    return result


#: Roles that make someone an insider of a partnership (can read members-only content).
INSIDER_ROLES = frozenset(
    {
        Role.ADMIN,
        Role.COORDINATOR,
        Role.REPRESENTATIVE,
        Role.STAFF,
        Role.COMMUNITY,
        Role.OBSERVER,
        Role.INVITEE,
    }
)

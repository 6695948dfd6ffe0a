"""What roles a person holds in a partnership, computed in two queries and cached.

Every permission predicate about a partnership reads ``roles_in``. The cache lives on
the user object (one request) and is keyed by a process-wide generation counter that
every membership or participant write bumps, so a stale answer is never reused.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from accord.partnerships.models import Membership, MembershipStatus, Participant


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    REPRESENTATIVE = "representative"
    STAFF = "staff"
    COMMUNITY = "community"
    OBSERVER = "observer"
    INVITEE = "invitee"  # representative of an organization invited, not yet admitted


_generation = 0


def roles_changed() -> None:
    """Call after any write that changes who holds which role."""
    global _generation
    _generation += 1


def roles_in(user: Any, partnership_id: int) -> frozenset[Role]:
    if user is None or not user.is_authenticated:
        return frozenset()
    cache: dict[int, tuple[int, frozenset[Role]]] = user.__dict__.setdefault("_accord_roles", {})
    cached = cache.get(partnership_id)
    if cached and cached[0] == _generation:
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
    cache[partnership_id] = (_generation, result)
    return result


def represented_organization_ids(user: Any) -> frozenset[int]:
    """Organizations this person speaks for (cached like ``roles_in``)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = user.__dict__.get("_accord_represented")
    if cached and cached[0] == _generation:
        return cached[1]  # type: ignore[no-any-return]
    from accord.partners.models import Affiliation

    ids = frozenset(
        Affiliation.objects.filter(user_id=user.pk, is_representative=True).values_list(
            "organization_id", flat=True
        )
    )
    user.__dict__["_accord_represented"] = (_generation, ids)
    return ids


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

"""Permission predicates for results (docs/permissions.md, "Results").

Objects: a ``Partnership`` for ``view_results``, ``view_internal`` and
``manage_indicators``; an ``Indicator`` (with its partnership loaded) for
``report_indicator``; a ``Measurement`` (with its indicator and partnership loaded) for
``verify_measurement`` and ``correct_measurement``.
"""

from __future__ import annotations

from typing import Any

import rules

from accord.partners.representation import roles_generation
from accord.partnerships.models import Membership, MembershipStatus, Status
from accord.partnerships.roles import Role, roles_in
from accord.partnerships.rules import (
    is_coordinator,
    is_insider,
    is_member_representative,
    is_open,
    is_public,
)

__all__ = ["member_seats"]


def member_seats(user: Any, partnership_id: int) -> dict[int, bool]:
    """The admitted member organizations of the partnership this person works for, each
    with whether they represent it. One query per person and partnership, cached until
    roles change (``accord.partners.representation``)."""
    if user is None or not user.is_authenticated:
        return {}
    cache: dict[int, tuple[int, dict[int, bool]]] = user.__dict__.setdefault(
        "_accord_result_seats", {}
    )
    cached = cache.get(partnership_id)
    if cached and cached[0] == roles_generation():
        return cached[1]
    seats: dict[int, bool] = {}
    for organization_id, is_representative in Membership.objects.filter(
        partnership_id=partnership_id,
        status=MembershipStatus.ADMITTED,
        organization__affiliations__user_id=user.pk,
    ).values_list("organization_id", "organization__affiliations__is_representative"):
        seats[organization_id] = seats.get(organization_id, False) or bool(is_representative)
    cache[partnership_id] = (roles_generation(), seats)
    return seats


def _partnership_open(indicator: Any) -> bool:
    return indicator.partnership.status != Status.CLOSED


@rules.predicate
def works_for_responsible_organization(user: Any, indicator: Any) -> bool:
    """Works for (or represents) the member organization that reports the indicator."""
    return indicator.responsible_organization_id in member_seats(user, indicator.partnership_id)


@rules.predicate
def is_indicator_partnership_open(user: Any, obj: Any) -> bool:
    indicator = getattr(obj, "indicator", obj)
    return _partnership_open(indicator)


@rules.predicate
def may_verify(user: Any, measurement: Any) -> bool:
    """The coordinator, or a representative of another member organization (the indicator's
    verifying organization, when it names one) — never someone of the reporting
    organization, and never the person who submitted it."""
    indicator = measurement.indicator
    seats = member_seats(user, indicator.partnership_id)
    if measurement.reporter_organization_id in seats:
        return False
    if measurement.submitted_by_id is not None and measurement.submitted_by_id == user.pk:
        return False
    if Role.COORDINATOR in roles_in(user, indicator.partnership_id):
        return True
    verifiers = {org for org, represents in seats.items() if represents}
    if indicator.verifying_organization_id is not None:
        return indicator.verifying_organization_id in verifiers
    return bool(verifiers)


@rules.predicate
def may_report_measurement(user: Any, measurement: Any) -> bool:
    return bool(works_for_responsible_organization(user, measurement.indicator))


rules.add_perm("results.view_results", is_insider | is_public)
rules.add_perm("results.view_internal", is_insider)
rules.add_perm("results.manage_indicators", is_coordinator & is_open)
rules.add_perm(
    "results.report_indicator", works_for_responsible_organization & is_indicator_partnership_open
)
rules.add_perm("results.verify_measurement", may_verify & is_indicator_partnership_open)
rules.add_perm(
    "results.correct_measurement", may_report_measurement & is_indicator_partnership_open
)


# --- Commitments, action items and benefits -------------------------------------------------
# Objects: a ``Partnership`` for ``add_commitment``, ``add_action_item`` and
# ``record_benefit``; a ``Commitment`` for ``set_commitment_status`` and
# ``confirm_commitment``; an ``ActionItem`` for ``complete_action_item`` and
# ``reassign_action_item``. Reading them is ``view_internal``.


@rules.predicate
def represents_commitment_organization(user: Any, commitment: Any) -> bool:
    """Represents the member organization that made the commitment."""
    return bool(member_seats(user, commitment.partnership_id).get(commitment.organization_id))


@rules.predicate
def is_action_item_owner(user: Any, item: Any) -> bool:
    return bool(user is not None and user.is_authenticated and item.owner_id == user.pk)


@rules.predicate
def represents_action_item_organization(user: Any, item: Any) -> bool:
    """Represents the member organization of the action item's owner."""
    return bool(member_seats(user, item.partnership_id).get(item.owner_organization_id))


@rules.predicate
def works_for_a_member(user: Any, obj: Any) -> bool:
    """Works for (or represents) an admitted member organization of the partnership."""
    partnership_id = getattr(obj, "partnership_id", None) or getattr(obj, "pk", None)
    return partnership_id is not None and bool(member_seats(user, partnership_id))


@rules.predicate
def is_community_participant_of(user: Any, obj: Any) -> bool:
    partnership_id = getattr(obj, "partnership_id", None) or getattr(obj, "pk", None)
    return partnership_id is not None and Role.COMMUNITY in roles_in(user, partnership_id)


rules.add_perm("results.add_commitment", (is_coordinator | is_member_representative) & is_open)
rules.add_perm("results.set_commitment_status", represents_commitment_organization & is_open)
rules.add_perm("results.confirm_commitment", is_coordinator & is_open)
rules.add_perm("results.add_action_item", (is_coordinator | is_member_representative) & is_open)
_may_follow_up = is_action_item_owner | represents_action_item_organization | is_coordinator
rules.add_perm("results.complete_action_item", _may_follow_up & is_open)
rules.add_perm("results.reassign_action_item", _may_follow_up & is_open)
rules.add_perm(
    "results.record_benefit",
    (is_coordinator | works_for_a_member | is_community_participant_of) & is_open,
)

"""Permission predicates for participation (object: the partnership, or a round of it).

See docs/participation.md for the role × action table, mirrored by
tests/participation/test_permissions.py. Who takes part in a round follows its audience
(:func:`is_in_audience`); whether the round's phase allows an action (support only while
voting, statements only while collecting...) is checked by the services themselves, which
answer with a 409 that says why. A member of the public with a confirmed email but no
account takes part through the round's session (``selectors.participant_for``), not
through a permission.
"""

from __future__ import annotations

from typing import Any

import rules

from accord.participation.models import Audience, ParticipationRound, Phase, RoundFacilitator
from accord.partnerships.roles import Role, roles_in
from accord.partnerships.rules import can_view, is_coordinator, is_insider, is_open, is_public

#: The roles each audience admits (the public and everyone signed in: any account).
AUDIENCE_ROLES: dict[str, frozenset[Role]] = {
    Audience.STAFF: frozenset({Role.STAFF, Role.REPRESENTATIVE, Role.COORDINATOR}),
    Audience.COMMUNITY: frozenset({Role.COMMUNITY}),
    Audience.PARTNERSHIP: frozenset(
        {Role.STAFF, Role.REPRESENTATIVE, Role.COORDINATOR, Role.COMMUNITY}
    ),
}


def _round(obj: Any) -> ParticipationRound | None:
    return obj if isinstance(obj, ParticipationRound) else None


@rules.predicate
def is_in_audience(user: Any, obj: Any) -> bool:
    """The person is among those the round is for (whatever its phase)."""
    round_ = _round(obj)
    if round_ is None or user is None or not user.is_authenticated:
        return False
    wanted = AUDIENCE_ROLES.get(round_.audience)
    if wanted is None:  # everyone signed in, or the public
        return True
    return bool(roles_in(user, round_.partnership_id) & wanted)


@rules.predicate
def is_round_published(user: Any, obj: Any) -> bool:
    round_ = _round(obj)
    return round_ is not None and round_.phase != Phase.DRAFT


@rules.predicate
def is_round_for_everyone(user: Any, obj: Any) -> bool:
    """Open to everyone signed in or to the public: readable by whoever sees the partnership."""
    round_ = _round(obj)
    return round_ is not None and round_.audience in (Audience.SIGNED_IN, Audience.PUBLIC)


@rules.predicate
def is_round_facilitator(user: Any, obj: Any) -> bool:
    round_ = _round(obj)
    if round_ is None or user is None or not user.is_authenticated:
        return False
    return RoundFacilitator.objects.filter(round=round_, user_id=user.pk).exists()


@rules.predicate
def is_round_partnership_open(user: Any, obj: Any) -> bool:
    round_ = _round(obj)
    return round_ is not None and is_open(user, round_.partnership)


@rules.predicate
def is_round_coordinator(user: Any, obj: Any) -> bool:
    round_ = _round(obj)
    return round_ is not None and is_coordinator(user, round_.partnership)


@rules.predicate
def is_round_insider(user: Any, obj: Any) -> bool:
    round_ = _round(obj)
    return round_ is not None and is_insider(user, round_.partnership)


@rules.predicate
def is_round_partnership_public(user: Any, obj: Any) -> bool:
    round_ = _round(obj)
    return round_ is not None and is_public(user, round_.partnership)


# object: the partnership
rules.add_perm("participation.view_rounds", can_view)
rules.add_perm("participation.manage_rounds", is_coordinator & is_open)

# object: a round
rules.add_perm(
    "participation.view_round",
    is_round_coordinator
    | (
        is_round_published
        & (is_round_insider | (is_round_partnership_public & is_round_for_everyone))
    ),
)
rules.add_perm("participation.take_part", is_in_audience & is_round_partnership_open)
rules.add_perm("participation.manage_round", is_round_coordinator & is_round_partnership_open)
rules.add_perm("participation.moderate_round", is_round_coordinator & is_round_partnership_open)
rules.add_perm(
    "participation.enter_paper_ballot",
    (is_round_coordinator | is_round_facilitator) & is_round_partnership_open,
)

"""Reads about rounds, who takes part in them and in which group."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from accord.errors import NotFound
from accord.participation import groups
from accord.participation.models import (
    Audience,
    ParticipationRound,
    Phase,
    RoundFacilitator,
    RoundParticipant,
)
from accord.partners.models import Organization
from accord.partnerships.models import MembershipStatus, ParticipantRole, Partnership
from accord.partnerships.roles import Role, roles_in


def round_list(*, actor: Any, partnership: Partnership) -> list[ParticipationRound]:
    """The rounds the actor may see, newest first, with their counts (one query)."""
    rounds = (
        ParticipationRound.objects.filter(partnership=partnership)
        .select_related("partnership")
        .annotate(
            participant_count=Count("participants", distinct=True),
        )
        .order_by("-created_at", "-id")
    )
    return [r for r in rounds if actor.has_perm("participation.view_round", r)]


def round_get(*, actor: Any, partnership: Partnership, round_id: int) -> ParticipationRound:
    """The round, or NotFound when it does not exist in the partnership *or* the actor may
    not see it (a draft, or a round for members only)."""
    round_ = (
        ParticipationRound.objects.filter(partnership=partnership, pk=round_id)
        .select_related("partnership", "fund_holder")
        .first()
    )
    if round_ is None or not actor.has_perm("participation.view_round", round_):
        raise NotFound(_("No such round."))
    return round_


def rounds_due(*, now: Any) -> QuerySet[ParticipationRound]:
    """Rounds whose current phase has ended by ``now`` (for the sweep command)."""
    return ParticipationRound.objects.filter(
        Q(phase=Phase.COLLECT, collect_until__lte=now)
        | Q(phase=Phase.REVIEW, review_until__lte=now)
        | Q(phase=Phase.VOTE, vote_until__lte=now)
    )


def group_of(*, actor: Any, round_: ParticipationRound) -> str:
    """The group a person's support counts in, in this round.

    Staff and representatives of admitted member organizations count in their
    organization's sector (the first by name when they work for several); community
    participants in the community participants' group (always so in a round for
    community participants); everyone else in the public.
    """
    roles = roles_in(actor, round_.partnership_id)
    if round_.audience == Audience.COMMUNITY and Role.COMMUNITY in roles:
        return groups.INDIVIDUALS
    sector = (
        Organization.objects.filter(
            affiliations__user_id=actor.pk,
            memberships__partnership_id=round_.partnership_id,
            memberships__status=MembershipStatus.ADMITTED,
        )
        .order_by("name")
        .values_list("sector", flat=True)
        .first()
    )
    if sector:
        return str(sector)
    if Role.COMMUNITY in roles:
        return groups.INDIVIDUALS
    return groups.GENERAL_PUBLIC


def participant_for(
    *, actor: Any, round_: ParticipationRound, public_participant_id: int | None = None
) -> RoundParticipant | None:
    """Who the actor is in the round, if they have taken part: their account's row, or
    for the public without an account, the row their confirmed email made (its id kept
    in the session)."""
    if actor is not None and actor.is_authenticated:
        return RoundParticipant.objects.filter(round=round_, user_id=actor.pk).first()
    if public_participant_id and round_.audience == Audience.PUBLIC:
        return (
            RoundParticipant.objects.filter(
                round=round_, pk=public_participant_id, user__isnull=True
            )
            .exclude(email="")
            .first()
        )
    return None


def participant_find(*, round_: ParticipationRound, participant_id: int) -> RoundParticipant | None:
    return RoundParticipant.objects.filter(round=round_, pk=participant_id).first()


def participant_counts(*, round_: ParticipationRound) -> dict[str, int]:
    """How many took part in each group (one query)."""
    return dict(
        RoundParticipant.objects.filter(round=round_)
        .values_list("group")
        .annotate(n=Count("id"))
        .order_by()
    )


def facilitator_list(*, round_: ParticipationRound) -> QuerySet[RoundFacilitator]:
    return RoundFacilitator.objects.filter(round=round_).select_related("user")


def eligible_people(*, round_: ParticipationRound) -> QuerySet[Any]:
    """People with an account whom a facilitator may name on a paper ballot: those the
    round's audience admits among the partnership's people (coordinators, staff of
    admitted members, community participants)."""
    user_model = get_user_model()
    staff = Q(
        affiliations__organization__memberships__partnership_id=round_.partnership_id,
        affiliations__organization__memberships__status=MembershipStatus.ADMITTED,
    )
    community = Q(
        participations__partnership_id=round_.partnership_id,
        participations__role=ParticipantRole.COMMUNITY,
        participations__left_at__isnull=True,
    )
    coordinators = Q(
        participations__partnership_id=round_.partnership_id,
        participations__role=ParticipantRole.COORDINATOR,
        participations__left_at__isnull=True,
    )
    if round_.audience == Audience.STAFF:
        who = staff | coordinators
    elif round_.audience == Audience.COMMUNITY:
        who = community
    else:
        who = staff | coordinators | community
    return user_model.objects.filter(who).distinct().order_by("name", "email")


def facilitator_candidate(*, round_: ParticipationRound, email: str) -> Any:
    """The person a coordinator may name facilitator, by email in any case: someone who
    works for an admitted member, or anyone who takes part in the partnership (a community
    participant, an observer, a coordinator); None for anyone else, so that the answer says
    nothing of who else uses Accord."""
    works_for_member = Q(
        affiliations__organization__memberships__partnership_id=round_.partnership_id,
        affiliations__organization__memberships__status=MembershipStatus.ADMITTED,
    )
    takes_part = Q(
        participations__partnership_id=round_.partnership_id,
        participations__left_at__isnull=True,
    )
    return (
        get_user_model()
        .objects.filter(works_for_member | takes_part, email__iexact=(email or "").strip())
        .distinct()
        .first()
    )


def budget_rounds_collecting(
    *, actor: Any, partnership: Partnership
) -> QuerySet[ParticipationRound]:
    """Budget rounds of the partnership still collecting projects (not imported ones)."""
    return ParticipationRound.objects.filter(
        partnership=partnership,
        kind="budget",
        phase=Phase.COLLECT,
        is_imported=False,
    ).order_by("-created_at")

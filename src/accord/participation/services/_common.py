"""Helpers shared by the participation services: field errors, the round lock, the
version that caches key on, the phase checks and who takes part."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _

from accord.core.persistence import unique_or_conflict
from accord.errors import Conflict, Forbidden, Invalid
from accord.participation import selectors
from accord.participation.models import Audience, ParticipationRound, RoundParticipant


def invalid(field: str, message: str) -> Invalid:
    return Invalid(message, field_errors={field: [message]})


def locked_round(round_: ParticipationRound) -> ParticipationRound:
    """The round's row re-read under FOR UPDATE (call inside the transaction)."""
    return (
        ParticipationRound.objects.select_for_update(of=("self",))
        .select_related("partnership", "fund_holder")
        .get(pk=round_.pk)
    )


def round_sync(round_: ParticipationRound, locked: ParticipationRound) -> None:
    """Bring the caller's instance up to date with the row a service changed."""
    for field in ParticipationRound._meta.concrete_fields:
        setattr(round_, field.attname, getattr(locked, field.attname))


def version_bump(round_: ParticipationRound) -> None:
    """Every write to a round's content makes its cached figures stale."""
    ParticipationRound.objects.filter(pk=round_.pk).update(version=F("version") + 1)


def require_phase(round_: ParticipationRound, *phases: str, doing: str) -> None:
    """Conflict (409) unless the round is in one of ``phases``, saying what can be done when."""
    if round_.phase not in phases:
        raise Conflict(
            _("%(doing)s is not possible now: the round is in its “%(phase)s” phase.")
            % {"doing": doing, "phase": round_.get_phase_display()}
        )


def participant_ensure(
    *, actor: Any, round_: ParticipationRound, public: RoundParticipant | None = None
) -> RoundParticipant:
    """The actor's participant row in the round, made on first use with their group.

    ``public`` is a member of the public without an account, confirmed by email (their
    row exists already). Anyone outside the round's audience is refused (403).
    """
    if public is not None:
        if public.round_id != round_.pk or round_.audience != Audience.PUBLIC:
            raise Forbidden(_("You do not take part in this round."))
        return public
    if actor is None or not actor.is_authenticated:
        raise Forbidden(_("Sign in, or confirm your email, to take part."))
    if not actor.has_perm("participation.take_part", round_):
        raise Forbidden(
            _("This round is for %(audience)s.")
            % {"audience": round_.get_audience_display().lower()}
        )
    found = RoundParticipant.objects.filter(round=round_, user=actor).first()
    if found is not None:
        return found
    with unique_or_conflict(_("You already take part in this round.")):
        return RoundParticipant.objects.create(
            round=round_, user=actor, group=selectors.group_of(actor=actor, round_=round_)
        )


def locked_participant(participant: RoundParticipant) -> RoundParticipant:
    return RoundParticipant.objects.select_for_update().get(pk=participant.pk)

"""The waves of a partnership as the pages and the API show them, for an actor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.errors import NotFound
from accord.partners.models import Affiliation, Organization
from accord.partnerships.models import MembershipStatus, Partnership
from accord.partnerships.roles import represented_organization_ids
from accord.surveys.models import Respondent, Wave


def wave_queryset(*, partnership: Partnership) -> QuerySet[Wave]:
    return (
        Wave.objects.for_partnership(partnership.pk)
        .with_respondents()
        .select_related("partnership", "created_by")
    )


def wave_get(*, actor: Any, partnership: Partnership, wave_id: int) -> Wave:
    """The wave of this partnership; NotFound for anything else (the caller has checked
    ``surveys.view_surveys`` on the partnership)."""
    wave = wave_queryset(partnership=partnership).filter(pk=wave_id).first()
    if wave is None:
        raise NotFound(_("No such survey wave."))
    return wave


def member_count(*, partnership: Partnership) -> int:
    return Organization.objects.filter(
        memberships__partnership=partnership, memberships__status=MembershipStatus.ADMITTED
    ).count()


def affiliated_organization_ids(actor: Any) -> frozenset[int]:
    """Every organization this person belongs to, as representative or staff."""
    if actor is None or not actor.is_authenticated:
        return frozenset()
    return frozenset(
        Affiliation.objects.filter(user_id=actor.pk).values_list("organization_id", flat=True)
    )


def answerable_organizations(
    *, actor: Any, partnership: Partnership, per_person: bool = False
) -> list[Organization]:
    """The admitted member organizations this person may answer for: those they represent
    (a wave answered per organization), or every one they belong to (a wave answered per
    person, where they answer once, for one of them)."""
    if actor is None or not actor.is_authenticated:
        return []
    ids = (
        Affiliation.objects.filter(user_id=actor.pk).values("organization_id")
        if per_person
        else represented_organization_ids(actor)
    )
    return list(
        Organization.objects.filter(
            pk__in=ids,
            memberships__partnership=partnership,
            memberships__status=MembershipStatus.ADMITTED,
        )
        .distinct()
        .order_by("name")
    )


def person_answered(*, wave: Wave, actor: Any) -> Respondent | None:
    """This person's answer to a wave answered per person (who and for which organization)."""
    if actor is None or not actor.is_authenticated:
        return None
    return Respondent.objects.filter(wave=wave, person_id=actor.pk).first()


def answer_status(*, actor: Any, wave: Wave) -> tuple[list[Organization], list[Organization]]:
    """(the organizations this person may still answer for, those already answered for).
    In a wave answered per person, the person answers once, for any one of theirs."""
    mine = answerable_organizations(
        actor=actor, partnership=wave.partnership, per_person=wave.per_person
    )
    if wave.per_person:
        own = person_answered(wave=wave, actor=actor) if mine else None
        if own is not None:
            return [], [o for o in mine if o.pk == own.organization_id]
        return (mine if wave.is_open else []), []
    answered = answered_organization_ids(wave=wave, organization_ids=[o.pk for o in mine])
    to_answer = [o for o in mine if o.pk not in answered] if wave.is_open else []
    return to_answer, [o for o in mine if o.pk in answered]


def answered_organization_ids(*, wave: Wave, organization_ids: list[int]) -> set[int]:
    return set(
        Respondent.objects.filter(wave=wave, organization_id__in=organization_ids).values_list(
            "organization_id", flat=True
        )
    )


@dataclass(frozen=True)
class WaveRow:
    wave: Wave
    state: str
    state_label: str
    respondents: int
    #: Organizations this person may still answer for in this wave (open waves only; in a
    #: wave answered per person, the first of theirs if they have not answered).
    to_answer: list[Organization]


def wave_list(*, actor: Any, partnership: Partnership) -> list[WaveRow]:
    """Every wave of the partnership, newest first, with what this person may still answer.
    Three queries whatever the number of waves."""
    waves = list(wave_queryset(partnership=partnership).order_by("-opens_at", "-pk"))
    mine = answerable_organizations(actor=actor, partnership=partnership)
    belong = answerable_organizations(actor=actor, partnership=partnership, per_person=True)
    answered: set[tuple[int, int]] = set()
    answered_in_person: set[int] = set()
    if mine and waves:
        answered = set(
            Respondent.objects.filter(
                wave__in=waves, organization_id__in=[o.pk for o in mine], person__isnull=True
            ).values_list("wave_id", "organization_id")
        )
    if belong and waves:
        answered_in_person = set(
            Respondent.objects.filter(wave__in=waves, person_id=actor.pk).values_list(
                "wave_id", flat=True
            )
        )
    now = timezone.now()
    rows = []
    for wave in waves:
        state = wave.state_at(now)
        if state != "open":
            to_answer = []
        elif wave.per_person:
            to_answer = [] if wave.pk in answered_in_person else belong[:1]
        else:
            to_answer = [o for o in mine if (wave.pk, o.pk) not in answered]
        rows.append(
            WaveRow(
                wave=wave,
                state=state,
                state_label=wave.get_state_display(),
                respondents=wave.respondent_count,
                to_answer=to_answer,
            )
        )
    return rows


def respondent_list(*, wave: Wave) -> QuerySet[Respondent]:
    """Who has answered (for the coordinator's progress view and the reminders)."""
    return Respondent.objects.filter(wave=wave).select_related("organization", "user")


def pending_representatives(*, wave: Wave) -> list[Any]:
    """The representatives of member organizations that have not answered the wave yet; in
    a wave answered per person, every person of a member organization who has not."""
    if wave.per_person:
        return list(
            get_user_model()
            .objects.filter(
                affiliations__organization__memberships__partnership_id=wave.partnership_id,
                affiliations__organization__memberships__status=MembershipStatus.ADMITTED,
            )
            .exclude(
                pk__in=Respondent.objects.filter(wave=wave, person__isnull=False).values(
                    "person_id"
                )
            )
            .distinct()
            .order_by("pk")
        )
    pending = Organization.objects.filter(
        memberships__partnership_id=wave.partnership_id,
        memberships__status=MembershipStatus.ADMITTED,
    ).exclude(pk__in=Respondent.objects.filter(wave=wave).values("organization_id"))
    return list(
        get_user_model()
        .objects.filter(
            affiliations__is_representative=True, affiliations__organization__in=pending
        )
        .distinct()
        .order_by("pk")
    )

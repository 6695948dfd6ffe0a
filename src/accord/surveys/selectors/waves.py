"""The waves of a partnership as the pages and the API show them, for an actor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from accord.errors import NotFound
from accord.partners.models import Organization
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
        raise NotFound("No such survey wave.")
    return wave


def member_count(*, partnership: Partnership) -> int:
    return Organization.objects.filter(
        memberships__partnership=partnership, memberships__status=MembershipStatus.ADMITTED
    ).count()


def answerable_organizations(*, actor: Any, partnership: Partnership) -> list[Organization]:
    """The admitted member organizations this person represents (they answer for each)."""
    if actor is None or not actor.is_authenticated:
        return []
    return list(
        Organization.objects.filter(
            pk__in=represented_organization_ids(actor),
            memberships__partnership=partnership,
            memberships__status=MembershipStatus.ADMITTED,
        )
        .distinct()
        .order_by("name")
    )


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
    #: Organizations this person may still answer for in this wave (open waves only).
    to_answer: list[Organization]


def wave_list(*, actor: Any, partnership: Partnership) -> list[WaveRow]:
    """Every wave of the partnership, newest first, with what this person may still answer.
    Three queries whatever the number of waves."""
    waves = list(wave_queryset(partnership=partnership).order_by("-opens_at", "-pk"))
    mine = answerable_organizations(actor=actor, partnership=partnership)
    answered: set[tuple[int, int]] = set()
    if mine and waves:
        answered = set(
            Respondent.objects.filter(
                wave__in=waves, organization_id__in=[o.pk for o in mine]
            ).values_list("wave_id", "organization_id")
        )
    now = timezone.now()
    rows = []
    for wave in waves:
        state = wave.state_at(now)
        to_answer = [o for o in mine if (wave.pk, o.pk) not in answered] if state == "open" else []
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
    """The representatives of member organizations that have not answered the wave yet."""
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

"""People in their own right: community participants, coordinators and observers."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accord.audit.services import partnership_event_record
from accord.errors import Conflict, Invalid
from accord.errors import require_permission as _require
from accord.partnerships.models import Participant, ParticipantRole, Partnership
from accord.partnerships.roles import roles_changed


@transaction.atomic
def participant_join(*, actor: Any, partnership: Partnership) -> Participant:
    """A person without an organization joins as a community participant."""
    _require(actor, "partnerships.join_partnership", partnership)
    participant = Participant.objects.create(
        partnership=partnership, user=actor, role=ParticipantRole.COMMUNITY, added_by=actor
    )
    roles_changed()
    partnership_event_record(
        actor,
        "participant.joined",
        participant,
        partnership,
        f"{actor} joined as a community participant",
    )
    return participant


@transaction.atomic
def participant_leave(*, actor: Any, partnership: Partnership) -> Participant:
    _require(actor, "partnerships.leave_partnership", partnership)
    participant = Participant.objects.select_for_update().get(
        partnership=partnership, user=actor, role=ParticipantRole.COMMUNITY, left_at__isnull=True
    )
    participant.left_at = timezone.now()
    participant.save(update_fields=["left_at"])
    roles_changed()
    partnership_event_record(
        actor, "participant.left", participant, partnership, f"{actor} left the partnership"
    )
    return participant


@transaction.atomic
def participant_add(*, actor: Any, partnership: Partnership, email: str, role: str) -> Participant:
    """A coordinator names another coordinator, an observer or a community participant."""
    _require(actor, "partnerships.manage_participants", partnership)
    if role not in ParticipantRole.values:
        raise Invalid(f"Unknown role “{role}”. Use one of: {', '.join(ParticipantRole.values)}.")
    user = get_user_model().objects.filter(email__iexact=(email or "").strip()).first()
    if user is None:
        raise Invalid(
            f"No one with the email {email} uses Accord yet.",
            field_errors={"email": ["Unknown person."]},
        )
    if Participant.objects.filter(
        partnership=partnership, user=user, role=role, left_at__isnull=True
    ).exists():
        raise Conflict(f"{user} is already a {role} here.")
    participant = Participant.objects.create(
        partnership=partnership, user=user, role=role, added_by=actor
    )
    roles_changed()
    partnership_event_record(
        actor,
        "participant.added",
        participant,
        partnership,
        f"{actor} added {user} as {ParticipantRole(role).label.lower()}",
    )
    return participant

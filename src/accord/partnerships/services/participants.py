"""People in their own right: community participants, coordinators and observers."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.errors import Conflict, Invalid
from accord.errors import require_permission as _require
from accord.partnerships.models import Participant, ParticipantRole, Partnership
from accord.partnerships.roles import roles_changed

#: The event written when a coordinator names someone, per role.
_ADDED_AS = {
    ParticipantRole.COORDINATOR: gettext_noop("%(actor)s added %(person)s as coordinator"),
    ParticipantRole.COMMUNITY: gettext_noop("%(actor)s added %(person)s as community participant"),
    ParticipantRole.OBSERVER: gettext_noop("%(actor)s added %(person)s as observer"),
}


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
        summary(gettext_noop("%(actor)s joined as a community participant"), actor=actor),
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
        actor,
        "participant.left",
        participant,
        partnership,
        summary(gettext_noop("%(actor)s left the partnership"), actor=actor),
    )
    return participant


@transaction.atomic
def participant_add(*, actor: Any, partnership: Partnership, email: str, role: str) -> Participant:
    """A coordinator names another coordinator, an observer or a community participant."""
    _require(actor, "partnerships.manage_participants", partnership)
    if role not in ParticipantRole.values:
        raise Invalid(
            _("Unknown role “%(role)s”. Use one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(ParticipantRole.values)}
        )
    user = get_user_model().objects.filter(email__iexact=(email or "").strip()).first()
    if user is None:
        raise Invalid(
            _("No one with the email %(email)s uses Accord yet.") % {"email": email},
            field_errors={"email": [_("Unknown person.")]},
        )
    if Participant.objects.filter(
        partnership=partnership, user=user, role=role, left_at__isnull=True
    ).exists():
        already = {
            ParticipantRole.COORDINATOR: _("%(person)s is already a coordinator here."),
            ParticipantRole.COMMUNITY: _("%(person)s is already a community participant here."),
            ParticipantRole.OBSERVER: _("%(person)s is already an observer here."),
        }
        raise Conflict(already[ParticipantRole(role)] % {"person": user})
    participant = Participant.objects.create(
        partnership=partnership, user=user, role=role, added_by=actor
    )
    roles_changed()
    partnership_event_record(
        actor,
        "participant.added",
        participant,
        partnership,
        summary(_ADDED_AS[ParticipantRole(role)], actor=actor, person=user),
    )
    return participant

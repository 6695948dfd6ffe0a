"""Helpers shared by the partnerships services: who is told, links, who decides."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse

from accord.partners.models import Organization
from accord.partnerships import deliberation
from accord.partnerships.models import ParticipantRole, Partnership


def representatives_of(organization: Organization) -> Any:
    return get_user_model().objects.filter(
        affiliations__organization=organization,
        affiliations__is_representative=True,
        is_active=True,
    )


def coordinators_of(partnership: Partnership) -> Any:
    return get_user_model().objects.filter(
        participations__partnership=partnership,
        participations__role=ParticipantRole.COORDINATOR,
        participations__left_at__isnull=True,
        is_active=True,
    )


def respond_key(membership_id: int) -> str:
    """The key of "accept or decline the invitation" notifications (accord.notifications)."""
    return f"partnerships.respond:{membership_id}"


def admit_key(membership_id: int) -> str:
    """The key of "… awaits admission" notifications."""
    return f"partnerships.admit:{membership_id}"


def charter_sign_key(partnership_id: int, organization_id: int) -> str:
    """The key of "read and sign the charter" notifications to one member's people."""
    return f"partnerships.charter_sign:{partnership_id}:{organization_id}"


def _url(name: str, partnership: Partnership) -> str:
    return reverse(name, args=[partnership.slug])


def _decided_by_vote(partnership: Partnership, kind: str) -> Any:
    """The decision rule that must decide this step, or None while coordinators decide
    (asked through ``deliberation``: docs/decision-rules.md, "Rules that govern the
    foundation")."""
    return deliberation.deliberation().governing_rule(partnership=partnership, kind=kind)

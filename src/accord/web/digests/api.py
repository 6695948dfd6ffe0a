"""The API of one's digest: read and change how often it comes and what it holds."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from accord.core.api import actor
from accord.notifications.models import DigestFrequency
from accord.web.digests import selectors, services

router = Router(tags=["digests"])


class DigestOut(Schema):
    frequency: str
    activity: bool
    waiting: bool
    last_sent_at: datetime | None


class DigestIn(Schema):
    frequency: DigestFrequency | None = None
    activity: bool | None = None
    waiting: bool | None = None


@router.get("/me/digest", response=DigestOut)
def digest_get(request: HttpRequest) -> Any:
    return selectors.preference_of(actor(request))


@router.put("/me/digest", response=DigestOut)
def digest_set(request: HttpRequest, payload: DigestIn) -> Any:
    return services.digest_preference_set(
        actor=actor(request),
        frequency=payload.frequency.value if payload.frequency is not None else None,
        activity=payload.activity,
        waiting=payload.waiting,
    )

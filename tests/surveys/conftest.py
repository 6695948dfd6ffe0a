"""Survey fixtures on ``world``: its members are the County (public; Cora the coordinator
represents it), the Foundation (philanthropic; Rita) and the Fisher Coop (community; Sam).
``add_member`` admits more organizations, each with its own representative."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from accord.partners import services as partner_services
from accord.partnerships import services as partnership_services
from accord.surveys import services
from accord.surveys.instruments import instrument
from tests.conftest import make_user

#: Who answers for each member of ``world``.
REPRESENTATIVES = {
    "county": "coordinator",
    "foundation": "representative",
    "coop": "small_representative",
}


def add_member(world: Any, key: str, sector: str) -> Any:
    """A new organization of ``sector`` admitted to the partnership; its representative is
    ``world.users[key]``."""
    user = make_user(f"rep@{key}.test", f"Rep {key.title()}")
    organization = partner_services.organization_create(
        actor=user, name=key.title(), sector=sector, capacity="small"
    )
    coordinator = world.users["coordinator"]
    membership = partnership_services.membership_invite(
        actor=coordinator, partnership=world.partnership, organization=organization
    )
    partnership_services.membership_respond(actor=user, membership=membership, accept=True)
    partnership_services.membership_decide(actor=coordinator, membership=membership, admit=True)
    world.users[key] = user
    world.orgs[key] = organization
    REPRESENTATIVES.setdefault(key, key)
    return organization


def open_wave(world: Any, instrument_code: str = "collaboration-factors", **overrides: Any) -> Any:
    now = timezone.now()
    fields: dict[str, Any] = {
        "title": "Spring wave",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=6),
    }
    fields.update(overrides)
    return services.wave_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        instrument_code=instrument_code,
        **fields,
    )


def factor_values(score: int, **overrides: int) -> dict[str, Any]:
    """Every collaboration-factors statement answered ``score`` (some items overridden)."""
    values: dict[str, Any] = {
        q.code: score for q in instrument("collaboration-factors").questions if q.group
    }
    values.update(overrides)
    return values


def gao_values(score: int, **overrides: int) -> dict[str, Any]:
    values: dict[str, Any] = {q.code: score for q in instrument("gao-practices").questions}
    values.update({k.replace("_", "-"): v for k, v in overrides.items()})
    return values


def expectation_values(score: int, **overrides: int) -> dict[str, Any]:
    values: dict[str, Any] = {
        q.code: score for q in instrument("expectations").questions if q.group == "emphasis"
    }
    values.update({k.replace("_", "-"): v for k, v in overrides.items()})
    return values


def answer(world: Any, wave: Any, org_key: str, values: dict[str, Any], **extra: Any) -> Any:
    return services.answer_submit(
        actor=world.users[REPRESENTATIVES[org_key]],
        wave=wave,
        organization=world.orgs[org_key],
        values=values,
        **extra,
    )


@pytest.fixture
def cf_wave(world: Any) -> Any:
    """An open, anonymous collaboration-factors wave (threshold 3)."""
    return open_wave(world)

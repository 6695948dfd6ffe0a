"""Shared fixtures. ``world`` builds one partnership with a person in every role, and a
second partnership whose members must see nothing private of the first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give every test under tests/browser/ the ``browser`` marker."""
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _fast_settings(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # One cache per test process: parallel runs must never share computed figures.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture(autouse=True)
def _site_language() -> Any:
    """Each test starts in the site's language. A request in French leaves French active in
    the thread (LocaleMiddleware activates, nothing deactivates), and the next test on the
    same worker, a management command say, would read French."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache(_fast_settings: None) -> None:
    from django.core.cache import cache

    cache.clear()


@dataclass
class World:
    partnership: Any
    other_partnership: Any
    users: dict[str, Any]
    orgs: dict[str, Any]
    memberships: dict[str, Any]

    def user(self, role: str) -> Any:
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser() if role == "anonymous" else self.users[role]


#: Every role the permission tests go through. ``outsider`` is a member of another
#: partnership; ``stranger`` is signed in and belongs to nothing.
ROLES = [
    "anonymous",
    "stranger",
    "outsider",
    "admin",
    "coordinator",
    "representative",
    "small_representative",
    "staff",
    "community",
    "observer",
    "invitee",
]


def make_user(email: str, name: str | None = None, **extra: Any) -> Any:
    from accord.accounts.models import User

    return User.objects.create_user(
        email=email, name=name or email.split("@")[0].title(), password="pw", **extra
    )


def ensure_reference_data() -> None:
    """Transactional tests flush every table, the migrated SDG rows included: reload them."""
    from accord.reference.loading import load_sdg
    from accord.reference.models import SdgGoal, SdgTarget

    if not SdgTarget.objects.exists():
        load_sdg(SdgGoal, SdgTarget)


def build_world(*, visibility: str = "members") -> World:
    from accord.partners import services as partner_services
    from accord.partnerships import services

    ensure_reference_data()
    users = {
        "coordinator": make_user("coord@county.test", "Cora Coordinator"),
        "representative": make_user("rep@foundation.test", "Rita Representative"),
        "small_representative": make_user("rep@coop.test", "Sam Small"),
        "staff": make_user("staff@foundation.test", "Stan Staff"),
        "community": make_user("resident@community.test", "Cleo Community"),
        "observer": make_user("observer@press.test", "Otto Observer"),
        "invitee": make_user("rep@youth.test", "Ivy Invitee"),
        "outsider": make_user("rep@school.test", "Olga Outsider"),
        "stranger": make_user("nobody@nowhere.test", "Nick Nobody"),
        "admin": make_user("admin@accord.test", "Ada Admin", is_superuser=True, is_staff=True),
    }
    orgs = {
        "county": partner_services.organization_create(
            actor=users["coordinator"], name="County", sector="public", capacity="large"
        ),
        "foundation": partner_services.organization_create(
            actor=users["representative"],
            name="Foundation",
            sector="philanthropic",
            capacity="large",
        ),
        "coop": partner_services.organization_create(
            actor=users["small_representative"],
            name="Fisher Coop",
            sector="community",
            capacity="small",
        ),
        "youth": partner_services.organization_create(
            actor=users["invitee"], name="Youth Network", sector="community", capacity="micro"
        ),
        "school": partner_services.organization_create(
            actor=users["outsider"], name="School", sector="academic", capacity="medium"
        ),
    }
    partner_services.affiliation_add(
        actor=users["representative"],
        organization=orgs["foundation"],
        email="staff@foundation.test",
    )
    coordinator = users["coordinator"]
    partnership = services.partnership_create(
        actor=coordinator,
        lead_organization=orgs["county"],
        name="Lake Partnership",
        purpose="Save the lake.",
        type="co_management",
        modality="government_initiated",
        visibility=visibility,
        allows_individuals=True,
        sdg_targets=["6.5", "14.4"],
    )
    memberships = {}
    for key, rep in (("foundation", "representative"), ("coop", "small_representative")):
        membership = services.membership_invite(
            actor=coordinator, partnership=partnership, organization=orgs[key]
        )
        services.membership_respond(actor=users[rep], membership=membership, accept=True)
        memberships[key] = services.membership_decide(
            actor=coordinator, membership=membership, admit=True
        )
    memberships["youth"] = services.membership_invite(
        actor=coordinator, partnership=partnership, organization=orgs["youth"]
    )
    services.participant_add(
        actor=coordinator, partnership=partnership, email="observer@press.test", role="observer"
    )
    services.participant_add(
        actor=coordinator,
        partnership=partnership,
        email="resident@community.test",
        role="community",
    )
    other = services.partnership_create(
        actor=users["outsider"],
        lead_organization=orgs["school"],
        name="School Partnership",
        purpose="Skills.",
        type="education_business",
        modality="private_led",
        visibility="members",
    )
    return World(partnership, other, users, orgs, memberships)


@pytest.fixture
def world(db: None) -> World:
    """A members-only partnership with one person in every role, and another partnership."""
    return build_world()


@pytest.fixture
def public_world(db: None) -> World:
    return build_world(visibility="public")

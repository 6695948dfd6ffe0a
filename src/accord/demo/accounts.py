"""Demo people: the platform admin, the printed demo logins, and the accounts lookups
every loader uses (data/accounts.json)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from accord.accounts.models import User
from accord.demo import story

DEMO_PASSWORD = "accord-demo"  # noqa: S105 - demo only, printed by `make run`


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    name: str
    #: The interface language the person chose ("" follows the browser): one demo login
    #: reads Accord in French (issue 17).
    language: str = ""


DEMO_LOGINS = [DemoLogin(**login) for login in story.data("accounts")["logins"]]
#: The demo logins' chosen languages, by email.
DEMO_LANGUAGES = {login.email: login.language for login in DEMO_LOGINS if login.language}


def user_get_or_create(*, email: str, name: str) -> User:
    """The person with this email, created with the demo password if new.

    Accounts are created directly: the partner services create people without a usable
    password (they set one by email), and demo logins need the printed one.
    """
    user = get_user_model().objects.filter(email=email).first()
    if user is None:
        user = get_user_model().objects.create_user(
            email=email, name=name, password=DEMO_PASSWORD, language=DEMO_LANGUAGES.get(email, "")
        )
    return user


def person(email: str) -> User:
    return get_user_model().objects.get(email=email)


def load() -> bool:
    """Create the platform admin if missing; give the demo logins that chose a language
    theirs (for a demo loaded before they had one)."""
    for email, language in DEMO_LANGUAGES.items():
        get_user_model().objects.filter(email=email, language="").update(language=language)
    admin = story.data("accounts")["admin"]
    if get_user_model().objects.filter(email=admin["email"]).exists():
        return False
    get_user_model().objects.create_superuser(
        email=admin["email"], name=admin["name"], password=DEMO_PASSWORD
    )
    return True

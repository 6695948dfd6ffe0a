"""One demo login, the community participant Otieno, reads Accord in French."""

from __future__ import annotations

from typing import Any

import pytest

from accord.demo import accounts
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

OTIENO = "otieno@community.example"


def test_the_demo_community_participant_reads_in_french(client: Any) -> None:
    login = next(login for login in accounts.DEMO_LOGINS if login.email == OTIENO)
    assert login.language == "fr"
    assert "community participant" in login.role
    otieno = accounts.user_get_or_create(email=OTIENO, name="Otieno Were")
    assert otieno.language == "fr"
    assert accounts.user_get_or_create(email="amina@kivuli-county.example", name="A").language == ""
    client.force_login(otieno)
    page = client.get("/", headers={"Accept-Language": "en"}).text
    assert '<html lang="fr">' in page
    assert "Se déconnecter (Otieno)" in page


def test_a_demo_loaded_before_languages_gets_otieno_in_french() -> None:
    otieno = make_user(OTIENO, name="Otieno Were")
    assert otieno.language == ""
    accounts.load()
    otieno.refresh_from_db()
    assert otieno.language == "fr"

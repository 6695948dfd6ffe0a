"""The engine's rule presets read in the reader's language on the rules page and form."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_rule_presets_read_in_french(world, client):
    client.force_login(world.users["coordinator"])
    url = f"/p/{world.partnership.slug}/decisions/rules/"
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Majorité concurrente par secteur" in french
    assert "Concurrent majority by sector" not in french
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Concurrent majority by sector" in english

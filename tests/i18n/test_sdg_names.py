"""The SDG goals and targets read in the reader's language, from the shipped lists."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from accord.reference.models import SdgGoal, SdgTarget

pytestmark = pytest.mark.django_db


def test_every_goal_and_target_has_its_french_and_spanish_names() -> None:
    for goal in SdgGoal.objects.all():
        assert goal.translations["fr"]["short"] and goal.translations["es"]["title"]
    assert not SdgTarget.objects.filter(translations={}).exists()
    goal = SdgGoal.objects.get(number=6)
    with translation.override("fr"):
        assert goal.local_short == "Eau propre et assainissement"
    with translation.override("es"):
        assert goal.local_short == "Agua Limpia y Saneamiento"
    with translation.override("en"):
        assert goal.local_short == "Clean water and sanitation"
    with translation.override("de"):  # a language without a shipped list: English
        assert goal.local_short == "Clean water and sanitation"


def test_the_partnership_page_names_its_targets_in_french(client: Any, world: Any) -> None:
    target = SdgTarget.objects.get(code="6.5")
    world.partnership.sdg_targets.add(target)
    client.force_login(world.users["community"])
    client.post("/accounts/language/", {"language": "fr", "next": "/"})
    page = client.get(f"/p/{world.partnership.slug}/").text
    assert target.translations["fr"]["title"] in page
    assert "Eau propre et assainissement" in page
    assert target.title not in page


def test_the_api_serves_the_names_in_the_requested_language(client: Any) -> None:
    goals = client.get("/api/v1/sdg/goals", headers={"Accept-Language": "es"})
    assert goals.status_code == 200
    six = next(g for g in goals.json() if g["number"] == 6)
    assert six["short"] == "Clean water and sanitation"
    assert six["local_short"] == "Agua Limpia y Saneamiento"
    targets = client.get("/api/v1/sdg/targets?goal=6", headers={"Accept-Language": "fr"}).json()
    assert "eau potable" in targets[0]["local_title"]
    assert targets[0]["title"].startswith("By 2030")

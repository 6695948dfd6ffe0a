from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from accord.meetings import services


def meeting_for(world: Any, **overrides: Any) -> Any:
    """A meeting of the world's partnership inviting the foundation, the fisher coop and
    the community participant, 10:00–12:00 in Kampala (07:00–09:00 UTC)."""
    fields = {
        "title": "Quarterly board",
        "starts_local": datetime(2026, 3, 2, 10, 0),
        "ends_local": datetime(2026, 3, 2, 12, 0),
        "time_zone": "Africa/Kampala",
        "place": "Kivuli landing hall",
        "organizations": [world.orgs["foundation"], world.orgs["coop"]],
        "people": [world.users["community"]],
        "agenda": ["Welcome", "Fishing season"],
    }
    fields.update(overrides)
    return services.meeting_create(
        actor=world.users["coordinator"], partnership=world.partnership, **fields
    )


@pytest.fixture
def meeting(world: Any) -> Any:
    world.meeting = meeting_for(world)
    return world.meeting

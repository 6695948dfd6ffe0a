"""``accord.core.api.optional``: an optional id in a payload."""

from __future__ import annotations

import pytest

from accord.core.api import optional
from accord.errors import Forbidden, NotFound

KNOWN = {7: "seven"}


def test_absent_found_and_unknown():
    assert optional(KNOWN.get, None, "No such thing.") is None
    assert optional(KNOWN.get, 7, "No such thing.") == "seven"
    with pytest.raises(NotFound, match="No such thing"):
        optional(KNOWN.get, 8, "No such thing.")


def test_an_unknown_id_can_mean_something_else_than_404():
    with pytest.raises(Forbidden, match="Not yours"):
        optional(KNOWN.get, 8, "Not yours.", error=Forbidden)

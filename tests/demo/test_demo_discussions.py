"""The demo's Lake Kivuli discussions: a thread on where the board meets, with a reply,
and one on an activity of the workplan."""

from __future__ import annotations

import pytest

from accord.demo import accounts, discussions, partners, partnerships, resources
from accord.demo.loader import LAKE_SLUG
from accord.discussions import selectors
from accord.discussions.models import Thread

pytestmark = pytest.mark.django_db


def test_lake_kivuli_discusses():
    accounts.load()
    partners.load(LAKE_SLUG)
    partnerships.load(LAKE_SLUG)
    resources.load(LAKE_SLUG)
    assert discussions.load(LAKE_SLUG)
    meeting_place = Thread.objects.get(title__startswith="Where should the board meet")
    _page, comments = selectors.comment_page(thread=meeting_place)
    assert [c.comment.author.email for c in comments] == [
        "amina@kivuli-county.example",
        "baraka@fisherfolk.example",
        "otieno@community.example",
    ]
    assert [r.comment.author.email for r in comments[1].replies] == ["nadia@harambee.example"]
    assert Thread.objects.filter(activity__isnull=False).count() == 1
    assert not discussions.load(LAKE_SLUG)  # idempotent

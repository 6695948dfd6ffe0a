"""The notifications list's search, read/unread filter and pages (issue 14, item 10)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.notifications.models import Notification
from accord.notifications.services import notify
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db


def inbox(client, user, **params):
    client.force_login(user)
    return client.get(reverse("notifications:notification_list"), params)


def texts(response):
    return [n.text for n in response.context["page"]]


def test_search_and_read_filter(client, world):
    me = world.users["observer"]
    for text in ("Vote on the dredging", "New comment on nets", "Dredging decided"):
        notify(users=[me], text=text, verb="test")
    notify(users=[world.users["staff"]], text="Dredging for someone else", verb="test")
    Notification.objects.filter(user=me, text="Dredging decided").update(read_at=timezone.now())
    assert sorted(texts(inbox(client, me, q="dredging"))) == [
        "Dredging decided",
        "Vote on the dredging",
    ]
    assert sorted(texts(inbox(client, me, state="unread"))) == [
        "New comment on nets",
        "Vote on the dredging",
    ]
    assert texts(inbox(client, me, state="read", q="dredg")) == ["Dredging decided"]
    html = inbox(client, me, q="zzz").content.decode()
    assert "No notification matches." in html and "0 found." in html


def test_a_bad_filter_is_named_and_shows_everything(client, world):
    me = world.users["observer"]
    notify(users=[me], text="Vote on the dredging", verb="test")
    response = inbox(client, me, state="everything")
    assert response.status_code == 200
    assert response.context["finder"].errors["state"]
    assert texts(response) == ["Vote on the dredging"]


def test_pages_keep_the_filter(client, world):
    me = world.users["observer"]
    Notification.objects.bulk_create(
        Notification(user=me, verb="test", text=f"Lot {i}") for i in range(55)
    )
    first = inbox(client, me, q="lot", state="unread")
    assert len(first.context["page"]) == 50
    html = first.content.decode()
    assert "q=lot&amp;state=unread&amp;page=2" in html and "Page 1 of 2" in html
    assert len(inbox(client, me, q="lot", state="unread", page=2).context["page"]) == 5


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("notifications:notification_list"), {"q": "x"})
    assert response.status_code == 302


@pytest.mark.parametrize("n", [3, 30])
def test_bounded_queries(client, world, django_assert_max_num_queries, n):
    me = world.users["observer"]
    Notification.objects.bulk_create(
        Notification(user=me, verb="test", text=f"Item {i}", partnership=world.partnership)
        for i in range(n)
    )
    client.force_login(me)
    with django_assert_max_num_queries(15):
        response = client.get(
            reverse("notifications:notification_list"), {"q": "item", "state": "unread"}
        )
    assert len(response.context["page"]) == n


def test_api_search(client, world):
    me = world.users["observer"]
    notify(users=[me], text="Vote on the dredging", verb="test")
    notify(users=[me], text="New comment on nets", verb="test")
    response = Api(client, world).get("observer", "/notifications?q=dredg&unread=true")
    items = response.json()["items"]
    assert [n["text"] for n in items] == ["Vote on the dredging"]

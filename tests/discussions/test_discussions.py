"""Discussion threads: services, append-only comments, every role on the pages and the API,
and a bounded number of queries on the thread page."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from accord.discussions import selectors, services
from accord.discussions.models import AppendOnlyError, CommentHiding, Thread, ThreadComment
from accord.errors import Conflict, Forbidden, Invalid
from accord.notifications.models import Notification
from tests.api.conftest import Api
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

READERS = {
    "coordinator",
    "representative",
    "small_representative",
    "staff",
    "community",
    "observer",
    "invitee",
    "admin",
}
#: The platform admin reads every partnership and writes in none.
WRITERS = {"coordinator", "representative", "small_representative", "staff", "community"}


def start(world, role="coordinator", **extra):
    return services.thread_create(
        actor=world.users[role],
        partnership=world.partnership,
        title="Where to meet?",
        body="By the lake, please.",
        stance="question",
        **extra,
    )


def test_a_thread_with_comments_replies_versions_and_a_hiding(world):
    thread = start(world)
    first = ThreadComment.objects.get(thread=thread)
    reply = services.comment_add(
        actor=world.users["community"],
        thread=thread,
        body="Yes, at the landing.",
        stance="support",
        parent=first,
    )
    reply_to_reply = services.comment_add(
        actor=world.users["representative"],
        thread=thread,
        body="Agreed.",
        stance="support",
        parent=reply,
    )
    assert reply_to_reply.parent_id == first.pk
    version = services.comment_edit(
        actor=world.users["community"], comment=reply, body="Yes, at the north landing."
    )
    assert version.original_id == reply.pk and version.replaces_id == reply.pk
    _page, comments = selectors.comment_page(thread=thread)
    assert [c.comment.pk for c in comments] == [first.pk]
    shown = {r.comment.pk: r for r in comments[0].replies}
    assert set(shown) == {version.pk, reply_to_reply.pk}
    assert shown[version.pk].versions == 2
    services.comment_hide(
        actor=world.users["coordinator"], comment=version, reason="Personal data."
    )
    _, comments = selectors.comment_page(thread=thread)
    hidden = {r.original_id: r.hidden_reason for r in comments[0].replies}
    assert hidden[reply.pk] == "Personal data."
    with pytest.raises(Conflict):
        services.comment_hide(actor=world.users["coordinator"], comment=reply, reason="Again.")
    with pytest.raises(Conflict):
        services.comment_edit(actor=world.users["community"], comment=reply, body="Changed.")


def test_the_commenters_are_notified(world):
    thread = start(world)
    services.comment_add(
        actor=world.users["community"], thread=thread, body="Yes.", stance="support"
    )
    assert Notification.objects.filter(
        user=world.users["coordinator"], verb="discussions.comment_added"
    ).exists()
    assert not Notification.objects.filter(
        user=world.users["community"], verb="discussions.comment_added"
    ).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [({"title": ""}, "title"), ({"body": "  "}, "body"), ({"stance": "shout"}, "stance")],
)
def test_bad_input_changes_nothing(world, change, field):
    fields = {
        "actor": world.users["coordinator"],
        "partnership": world.partnership,
        "title": "T",
        "body": "B",
        "stance": "question",
        **change,
    }
    with pytest.raises(Invalid) as caught:
        services.thread_create(**fields)
    assert field in caught.value.field_errors
    assert not Thread.objects.exists()


def test_only_the_author_edits_and_only_coordinators_hide(world):
    thread = start(world)
    first = ThreadComment.objects.get(thread=thread)
    with pytest.raises(Forbidden):
        services.comment_edit(actor=world.users["community"], comment=first, body="Mine now.")
    with pytest.raises(Forbidden):
        services.comment_hide(actor=world.users["representative"], comment=first, reason="No.")
    assert ThreadComment.objects.count() == 1 and not CommentHiding.objects.exists()


def test_comments_are_append_only_in_the_database(world):
    thread = start(world)
    comment = ThreadComment.objects.get(thread=thread)
    with pytest.raises(AppendOnlyError):
        comment.save()
    for sql in (
        "UPDATE discussions_threadcomment SET body = 'x'",
        "DELETE FROM discussions_threadcomment",
    ):
        with (
            pytest.raises((IntegrityError, OperationalError, DatabaseError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert ThreadComment.objects.get().body == "By the lake, please."


def test_an_activity_of_another_partnership_is_refused(world):
    from accord.resources.models import Activity

    other = Activity.objects.create(
        partnership=world.other_partnership,
        title="Elsewhere",
        lead_organization=world.orgs["school"],
        start_on="2026-01-01",
        end_on="2026-02-01",
    )
    with pytest.raises(Invalid):
        start(world, activity=other)


# --- pages, every role ---------------------------------------------------------------------


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_reading_the_pages(client, world, role):
    thread = start(world)
    login(client, world, role)
    for url in (
        reverse("discussions:thread_list", args=[world.partnership.slug]),
        thread.get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == (200 if role in READERS else 404), (role, url)
        if response.status_code == 200:
            assert b"Where to meet?" in response.content
        else:
            assert b"Where to meet?" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_public_partnership_discussions_are_for_insiders(client, public_world, role):
    thread = start(public_world)
    login(client, public_world, role)
    response = client.get(thread.get_absolute_url())
    assert response.status_code == (200 if role in READERS else 403)
    assert (b"By the lake" in response.content) == (role in READERS)


@pytest.mark.parametrize("role", ROLES)
def test_commenting_on_the_page(client, world, role):
    thread = start(world)
    login(client, world, role)
    response = client.post(
        thread.get_absolute_url(), {"comment_add": "1", "stance": "concern", "body": f"From {role}"}
    )
    written = ThreadComment.objects.filter(body=f"From {role}").exists()
    assert written == (role in WRITERS)
    if role in WRITERS:
        assert response.status_code == 302
    elif role in {"observer", "invitee", "admin"}:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_starting_a_thread_on_the_page(client, world, role):
    login(client, world, role)
    response = client.post(
        reverse("discussions:thread_list", args=[world.partnership.slug]),
        {"title": f"By {role}", "stance": "question", "body": "Hello"},
    )
    assert Thread.objects.filter(title=f"By {role}").exists() == (role in WRITERS)
    assert response.status_code in (302, 403, 404)


@pytest.mark.parametrize("role", ROLES)
def test_hiding_on_the_page(client, world, role):
    thread = start(world)
    comment = ThreadComment.objects.get(thread=thread)
    login(client, world, role)
    client.post(
        thread.get_absolute_url(),
        {"comment_hide": "1", "comment": comment.pk, "reason": "Off topic."},
    )
    assert CommentHiding.objects.exists() == (role == "coordinator")


def test_a_bad_comment_shows_the_error_beside_its_field(client, world):
    thread = start(world)
    login(client, world, "community")
    response = client.post(
        thread.get_absolute_url(), {"comment_add": "1", "stance": "concern", "body": ""}
    )
    assert response.status_code == 200 and response.context["form"].errors["body"]
    assert ThreadComment.objects.count() == 1


def test_the_thread_page_has_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    thread = start(world)
    login(client, world, "coordinator")

    def grow(n):
        for i in range(n):
            top = services.comment_add(
                actor=world.users["community"], thread=thread, body=f"c{i}", stance="support"
            )
            reply = services.comment_add(
                actor=world.users["representative"],
                thread=thread,
                body=f"r{i}",
                stance="concern",
                parent=top,
            )
            services.comment_edit(actor=world.users["representative"], comment=reply, body=f"r{i}'")

    grow(3)
    with django_assert_max_num_queries(30):
        assert client.get(thread.get_absolute_url()).status_code == 200
    grow(30)
    with django_assert_max_num_queries(30):
        response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["comments"]) == selectors.COMMENTS_PER_PAGE


# --- API -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_api_for_every_role(client, world, role):
    thread = start(world)
    api = Api(client, world)
    listed = api.get(role, f"/partnerships/{world.partnership.slug}/discussions")
    comments = api.get(role, f"/discussions/{thread.pk}/comments")
    posted = api.post(
        role, f"/discussions/{thread.pk}/comments", {"body": "Hi", "stance": "support"}
    )
    if role == "anonymous":
        assert posted.status_code == 401
        assert listed.status_code in (401, 404) and comments.status_code in (401, 404)
        return
    if role in READERS:
        assert listed.status_code == 200 and listed.json()["items"][0]["title"] == "Where to meet?"
        assert comments.json()["comments"][0]["body"] == "By the lake, please."
        assert posted.status_code == (201 if role in WRITERS else 403)
    else:
        assert (listed.status_code, comments.status_code, posted.status_code) == (404, 404, 404)


def test_api_edit_and_hide(client, world):
    thread = start(world)
    first = ThreadComment.objects.get(thread=thread)
    api = Api(client, world)
    edited = api.post(
        "coordinator",
        f"/discussions/{thread.pk}/comments/{first.pk}/versions",
        {"body": "By the lake, at noon."},
    )
    assert edited.status_code == 201 and edited.json()["original_id"] == first.pk
    refused = api.post(
        "representative", f"/discussions/{thread.pk}/comments/{first.pk}/hiding", {"reason": "x"}
    )
    assert refused.status_code == 403
    hidden = api.post(
        "coordinator",
        f"/discussions/{thread.pk}/comments/{first.pk}/hiding",
        {"reason": "Duplicate."},
    )
    assert hidden.status_code == 201
    shown = api.get("representative", f"/discussions/{thread.pk}/comments").json()["comments"][0]
    assert shown["hidden_reason"] == "Duplicate." and shown["body"] == ""
    bad = api.post(
        "coordinator", f"/discussions/{thread.pk}/comments", {"body": "x", "parent_id": 0}
    )
    assert bad.status_code == 422


def test_the_thread_list_has_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    login(client, world, "community")
    url = reverse("discussions:thread_list", args=[world.partnership.slug])

    def grow(n):
        for i in range(n):
            thread = services.thread_create(
                actor=world.users["coordinator"],
                partnership=world.partnership,
                title=f"Topic {i}",
                body="Why?",
            )
            services.comment_add(
                actor=world.users["community"], thread=thread, body="Because.", stance="support"
            )

    grow(3)
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200
    grow(30)
    with django_assert_max_num_queries(40):
        response = client.get(url)
    assert len(response.context["page"]) == selectors.THREADS_PER_PAGE
    assert "2 comments" in response.content.decode()


def test_the_overview_and_the_activity_page_link_to_their_discussions(client, world):
    from accord.resources.models import Activity

    activity = Activity.objects.create(
        partnership=world.partnership,
        title="Restore the shore",
        lead_organization=world.orgs["county"],
        start_on="2026-01-01",
        end_on="2026-06-30",
    )
    login(client, world, "community")
    slug = world.partnership.slug
    overview = client.get(reverse("web:partnership_home", args=[slug])).content.decode()
    assert reverse("discussions:thread_list", args=[slug]) in overview
    page = client.get(reverse("resources:activity_change", args=[slug, activity.pk]))
    assert f"{reverse('discussions:thread_list', args=[slug])}?activity={activity.pk}" in (
        page.content.decode()
    )
    listed = client.get(reverse("discussions:thread_list", args=[slug]), {"activity": activity.pk})
    assert listed.status_code == 200 and "Restore the shore" in listed.content.decode()
    assert (
        client.get(
            reverse("discussions:thread_list", args=[slug]), {"activity": 999999}
        ).status_code
        == 404
    )

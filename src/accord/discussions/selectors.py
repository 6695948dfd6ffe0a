"""Reading discussions: every read takes the actor and reaches only what they may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from accord.discussions.models import Thread, ThreadComment
from accord.errors import NotFound
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships.models import Partnership

THREADS_PER_PAGE = 25
#: Top-level comments per page of a thread; their replies come with them.
COMMENTS_PER_PAGE = 20


def partnership_for_discussions(*, actor: Any, slug: str) -> Partnership:
    """The partnership whose discussions the actor may read: NotFound outside (members-only),
    Forbidden on a public partnership's discussions for people outside it."""
    return partnership_selectors.partnership_get_for(
        actor=actor,
        slug=slug,
        perm="discussions.view_thread",
        message=_("Discussions are for the people taking part in the partnership."),
    )


def thread_list(*, partnership: Partnership, activity_id: int | None = None) -> QuerySet[Thread]:
    threads = Thread.objects.filter(partnership=partnership)
    if activity_id is not None:
        threads = threads.filter(activity_id=activity_id)
    # a comment counts once, whatever its number of versions
    return threads.select_related("activity", "created_by").annotate(
        comment_count=Count("comments", filter=Q(comments__original__isnull=True))
    )


def thread_get(*, actor: Any, slug: str, thread_id: int) -> Thread:
    partnership = partnership_for_discussions(actor=actor, slug=slug)
    thread = (
        Thread.objects.filter(partnership=partnership, pk=thread_id)
        .select_related("partnership", "activity", "created_by")
        .first()
    )
    if thread is None:
        raise NotFound(_("No such discussion."))
    return thread


def thread_get_by_id(*, actor: Any, thread_id: int) -> Thread:
    """For the API: NotFound unless the actor may read the thread."""
    thread = Thread.objects.filter(pk=thread_id).select_related("partnership").first()
    if thread is None or not actor.has_perm("discussions.view_thread", thread.partnership):
        raise NotFound(_("No such discussion."))
    return thread


@dataclass
class ShownComment:
    """A comment as shown: its latest version, how many times it was edited, whether it is
    hidden (and why), and its replies."""

    comment: ThreadComment
    original_id: int
    versions: int
    hidden_reason: str = ""
    replies: list[ShownComment] = field(default_factory=list)


def _latest_versions(comments: QuerySet[ThreadComment]) -> list[ThreadComment]:
    """The comments that no later version replaces."""
    return list(
        comments.filter(replaced_by__isnull=True)
        .select_related("author", "original__hiding")
        .select_related("hiding")
        .order_by("created_at", "id")
    )


def _shown(comment: ThreadComment, counts: dict[int, int]) -> ShownComment:
    original_id = comment.original_id or comment.pk
    # a hiding is recorded on the first version and hides them all
    hiding = getattr(comment.original if comment.original_id else comment, "hiding", None)
    return ShownComment(
        comment=comment,
        original_id=original_id,
        versions=counts.get(original_id, 0) + 1,
        hidden_reason=hiding.reason if hiding is not None else "",
    )


def comment_page(*, thread: Thread, page_number: Any = 1) -> tuple[Page[Any], list[ShownComment]]:
    """One page of the thread's top-level comments with all their replies, in a fixed
    number of queries whatever the thread's size."""
    top_originals = ThreadComment.objects.filter(
        thread=thread, parent__isnull=True, original__isnull=True
    ).order_by("created_at", "id")
    page = Paginator(top_originals.values_list("id", flat=True), COMMENTS_PER_PAGE).get_page(
        page_number
    )
    top_ids = list(page.object_list)
    in_page = ThreadComment.objects.filter(thread=thread).filter(
        Q(pk__in=top_ids) | Q(original_id__in=top_ids) | Q(parent_id__in=top_ids)
    )
    latest = _latest_versions(in_page)
    counts: dict[int, int] = dict(
        in_page.filter(original__isnull=False)
        .values("original_id")
        .annotate(n=Count("id"))
        .values_list("original_id", "n")
    )
    by_original: dict[int, ShownComment] = {}
    replies: list[ShownComment] = []
    for comment in latest:
        shown = _shown(comment, counts)
        if comment.parent_id is None:
            by_original[shown.original_id] = shown
        else:
            replies.append(shown)
    for reply in replies:
        parent = by_original.get(reply.comment.parent_id)
        if parent is not None:
            parent.replies.append(reply)
    return page, [by_original[pk] for pk in top_ids if pk in by_original]


def comment_get(*, actor: Any, thread: Thread, comment_id: int) -> ThreadComment:
    """The latest version of a comment of the thread (by any of its versions' ids)."""
    comment = ThreadComment.objects.filter(thread=thread, pk=comment_id).first()
    if comment is None:
        raise NotFound(_("No such comment."))
    original_id = comment.original_id or comment.pk
    return (
        ThreadComment.objects.filter(thread=thread, replaced_by__isnull=True)
        .filter(Q(pk=original_id) | Q(original_id=original_id))
        .select_related("thread__partnership")
        .get()
    )


def thread_participants(*, thread: Thread) -> QuerySet[Any]:
    """Everyone who started or commented on the thread (to notify of a new comment)."""
    return (
        get_user_model()
        .objects.filter(Q(pk=thread.created_by_id) | Q(pk__in=thread.comments.values("author_id")))
        .distinct()
    )

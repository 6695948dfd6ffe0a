"""The API of discussions: the same services and selectors as the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from accord.core.api import Id, actor, optional, read_auth
from accord.core.pagination import BoundedPagination
from accord.decisions.models import Stance
from accord.discussions import selectors, services
from accord.resources.models import Activity

router = Router(tags=["discussions"])


class ThreadOut(Schema):
    id: int
    title: str
    activity_id: int | None
    created_at: datetime
    last_comment_at: datetime
    comment_count: int = 0


class ThreadIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    body: str = Field(..., min_length=1, max_length=10_000)
    stance: Stance = Stance.QUESTION
    activity_id: Id | None = None


class ThreadCommentOut(Schema):
    id: int
    original_id: int
    parent_id: int | None
    stance: str
    stance_label: str
    body: str
    author: str | None
    created_at: datetime
    versions: int
    hidden_reason: str
    replies: list[ThreadCommentOut] = []


def _comment_out(node: selectors.ShownComment) -> dict[str, Any]:
    comment = node.comment
    hidden = bool(node.hidden_reason)
    return {
        "id": comment.pk,
        "original_id": node.original_id,
        "parent_id": comment.parent_id,
        "stance": comment.stance,
        "stance_label": str(comment.get_stance_display()),
        "body": "" if hidden else comment.body,
        "author": None if hidden or comment.author is None else str(comment.author),
        "created_at": comment.created_at,
        "versions": node.versions,
        "hidden_reason": node.hidden_reason,
        "replies": [_comment_out(reply) for reply in node.replies],
    }


class ThreadCommentPageOut(Schema):
    page: int
    pages: int
    comments: list[ThreadCommentOut]


class ThreadCommentIn(Schema):
    body: str = Field(..., min_length=1, max_length=10_000)
    stance: Stance = Stance.QUESTION
    parent_id: Id | None = None


class ThreadCommentEditIn(Schema):
    body: str = Field(..., min_length=1, max_length=10_000)
    stance: Stance | None = None


class ThreadCommentHideIn(Schema):
    reason: str = Field(..., min_length=1, max_length=300)


@router.get("/partnerships/{slug}/discussions", response=list[ThreadOut], auth=read_auth)
@paginate(BoundedPagination)
def thread_list(request: HttpRequest, slug: str, activity_id: int | None = None) -> Any:
    partnership = selectors.partnership_for_discussions(actor=actor(request), slug=slug)
    return selectors.thread_list(partnership=partnership, activity_id=activity_id)


@router.post("/partnerships/{slug}/discussions", response={201: ThreadOut})
def thread_create(request: HttpRequest, slug: str, payload: ThreadIn) -> Any:
    partnership = selectors.partnership_for_discussions(actor=actor(request), slug=slug)
    activity = optional(
        lambda pk: Activity.objects.filter(partnership=partnership, pk=pk).first(),
        payload.activity_id,
        _("No such activity."),
    )
    thread = services.thread_create(
        actor=actor(request),
        partnership=partnership,
        title=payload.title,
        body=payload.body,
        stance=payload.stance.value,
        activity=activity,
    )
    return 201, thread


@router.get("/discussions/{thread_id}/comments", response=ThreadCommentPageOut, auth=read_auth)
def comment_list(request: HttpRequest, thread_id: Id, page: int = Query(1, ge=1, le=10**6)) -> Any:
    thread = selectors.thread_get_by_id(actor=actor(request), thread_id=thread_id)
    shown_page, comments = selectors.comment_page(thread=thread, page_number=page)
    return {
        "page": shown_page.number,
        "pages": shown_page.paginator.num_pages,
        "comments": [_comment_out(node) for node in comments],
    }


@router.post("/discussions/{thread_id}/comments", response={201: ThreadCommentOut})
def comment_add(request: HttpRequest, thread_id: Id, payload: ThreadCommentIn) -> Any:
    thread = selectors.thread_get_by_id(actor=actor(request), thread_id=thread_id)
    parent = optional(
        lambda pk: selectors.comment_get(actor=actor(request), thread=thread, comment_id=pk),
        payload.parent_id,
        _("No such comment."),
    )
    comment = services.comment_add(
        actor=actor(request),
        thread=thread,
        body=payload.body,
        stance=payload.stance.value,
        parent=parent,
    )
    return 201, _comment_out(selectors.ShownComment(comment, comment.pk, 1))


@router.post(
    "/discussions/{thread_id}/comments/{comment_id}/versions", response={201: ThreadCommentOut}
)
def comment_edit(
    request: HttpRequest, thread_id: Id, comment_id: Id, payload: ThreadCommentEditIn
) -> Any:
    thread = selectors.thread_get_by_id(actor=actor(request), thread_id=thread_id)
    comment = selectors.comment_get(actor=actor(request), thread=thread, comment_id=comment_id)
    version = services.comment_edit(
        actor=actor(request),
        comment=comment,
        body=payload.body,
        stance=payload.stance.value if payload.stance is not None else None,
    )
    return 201, _comment_out(selectors.ShownComment(version, version.original_id or version.pk, 2))


@router.post(
    "/discussions/{thread_id}/comments/{comment_id}/hiding", response={201: dict[str, str]}
)
def comment_hide(
    request: HttpRequest, thread_id: Id, comment_id: Id, payload: ThreadCommentHideIn
) -> Any:
    thread = selectors.thread_get_by_id(actor=actor(request), thread_id=thread_id)
    comment = selectors.comment_get(actor=actor(request), thread=thread, comment_id=comment_id)
    hiding = services.comment_hide(actor=actor(request), comment=comment, reason=payload.reason)
    return 201, {"reason": hiding.reason}

"""Writing discussions: starting a thread, commenting, editing (a new version), hiding."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.decisions.models import Stance
from accord.discussions import selectors
from accord.discussions.models import CommentHiding, Thread, ThreadComment
from accord.errors import Conflict, Forbidden, Invalid
from accord.errors import require_permission as _require
from accord.notifications.services import notify
from accord.partnerships.models import Partnership
from accord.partnerships.services._common import coordinators_of
from accord.resources.models import Activity

BODY_LIMIT = 10_000

#: The summary of a new comment, by its stance (stored untranslated, read in each reader's language).
_COMMENT_SUMMARIES = {
    Stance.SUPPORT: gettext_noop("Support in “%(title)s”"),
    Stance.CONCERN: gettext_noop("Concern in “%(title)s”"),
    Stance.QUESTION: gettext_noop("Question in “%(title)s”"),
    Stance.OBJECTION: gettext_noop("Objection in “%(title)s”"),
}


def _invalid(field: str, message: str) -> Invalid:
    return Invalid(message, field_errors={field: [message]})


def _body(body: Any) -> str:
    body = str(body or "").strip()
    if not body:
        raise _invalid("body", _("Write something."))
    if len(body) > BODY_LIMIT:
        raise _invalid("body", _("At most 10,000 characters."))
    return body


def _stance(stance: Any) -> str:
    stance = str(getattr(stance, "value", stance) or "")
    if stance not in Stance.values:
        raise _invalid("stance", _("Choose support, concern, question or objection."))
    return stance


def _comment_notify(comment: ThreadComment, actor: Any) -> None:
    thread = comment.thread
    notify(
        users=selectors.thread_participants(thread=thread),
        exclude=actor,
        text=lambda: (  # in each participant's language
            _("%(author)s commented on “%(title)s” (%(stance)s)")
            % {"author": actor, "title": thread.title, "stance": comment.get_stance_display()}
        ),
        verb="discussions.comment_added",
        url=thread.get_absolute_url(),
        partnership=thread.partnership,
    )


@transaction.atomic
def thread_create(
    *,
    actor: Any,
    partnership: Partnership,
    title: str,
    body: str,
    stance: str = Stance.QUESTION,
    activity: Activity | None = None,
) -> Thread:
    """Start a thread with its first comment."""
    _require(actor, "discussions.add_thread", partnership)
    title = str(title or "").strip()
    if not title:
        raise _invalid("title", _("Give the discussion a title."))
    if len(title) > 200:
        raise _invalid("title", _("At most 200 characters."))
    if activity is not None and activity.partnership_id != partnership.pk:
        raise _invalid("activity", _("That activity belongs to another partnership."))
    body, stance = _body(body), _stance(stance)
    now = timezone.now()
    thread = Thread.objects.create(
        partnership=partnership,
        activity=activity,
        title=title,
        created_by=actor,
        created_at=now,
        last_comment_at=now,
    )
    ThreadComment.objects.create(
        thread=thread, stance=stance, body=body, author=actor, created_at=now
    )
    partnership_event_record(
        actor,
        "discussions.thread_created",
        thread,
        partnership,
        summary(gettext_noop("Discussion “%(title)s” started"), title=title),
    )
    notify(
        users=_insiders_to_tell(partnership),
        exclude=actor,
        text=lambda: (  # in each coordinator's language
            _("%(author)s started a discussion: “%(title)s”") % {"author": actor, "title": title}
        ),
        verb="discussions.thread_created",
        url=thread.get_absolute_url(),
        partnership=partnership,
    )
    return thread


def _insiders_to_tell(partnership: Partnership) -> Any:
    """The coordinators: they follow every discussion of their partnership."""
    return coordinators_of(partnership)


@transaction.atomic
def comment_add(
    *,
    actor: Any,
    thread: Thread,
    body: str,
    stance: str = Stance.QUESTION,
    parent: ThreadComment | None = None,
) -> ThreadComment:
    """A comment, or a reply to a top-level comment (a reply to a reply joins its parent)."""
    thread = Thread.objects.select_for_update().select_related("partnership").get(pk=thread.pk)
    _require(actor, "discussions.comment_thread", thread.partnership)
    body, stance = _body(body), _stance(stance)
    parent_id = None
    if parent is not None:
        if parent.thread_id != thread.pk:
            raise _invalid("parent", _("The comment replied to is in another discussion."))
        # replies hang from the top-level comment's first version
        parent_id = parent.parent_id or parent.original_id or parent.pk
    comment = ThreadComment.objects.create(
        thread=thread, parent_id=parent_id, stance=stance, body=body, author=actor
    )
    Thread.objects.filter(pk=thread.pk).update(last_comment_at=comment.created_at)
    partnership_event_record(
        actor,
        "discussions.comment_added",
        comment,
        thread.partnership,
        summary(_COMMENT_SUMMARIES[Stance(stance)], title=thread.title),
        thread_id=thread.pk,
    )
    comment.thread = thread
    _comment_notify(comment, actor)
    return comment


@transaction.atomic
def comment_edit(
    *, actor: Any, comment: ThreadComment, body: str, stance: str | None = None
) -> ThreadComment:
    """A new version of one's own comment; the earlier versions stay (append-only)."""
    thread = (
        Thread.objects.select_for_update().select_related("partnership").get(pk=comment.thread_id)
    )
    _require(actor, "discussions.comment_thread", thread.partnership)
    latest = selectors.comment_get(actor=actor, thread=thread, comment_id=comment.pk)
    if latest.author_id != actor.pk:
        raise Forbidden(_("Only its author edits a comment."))
    original_id = latest.original_id or latest.pk
    if CommentHiding.objects.filter(original_id=original_id).exists():
        raise Conflict(_("A hidden comment is not edited."))
    version = ThreadComment.objects.create(
        thread=thread,
        parent_id=latest.parent_id,
        original_id=original_id,
        replaces=latest,
        stance=_stance(stance if stance is not None else latest.stance),
        body=_body(body),
        author=actor,
    )
    partnership_event_record(
        actor,
        "discussions.comment_edited",
        version,
        thread.partnership,
        summary(gettext_noop("A comment in “%(title)s” edited"), title=thread.title),
        thread_id=thread.pk,
    )
    return version


@transaction.atomic
def comment_hide(*, actor: Any, comment: ThreadComment, reason: str) -> CommentHiding:
    """A coordinator hides a comment (every version of it), saying why."""
    thread = comment.thread
    _require(actor, "discussions.hide_comment", thread.partnership)
    reason = str(reason or "").strip()
    if not reason:
        raise _invalid("reason", _("Say why the comment is hidden."))
    if len(reason) > 300:
        raise _invalid("reason", _("At most 300 characters."))
    original_id = comment.original_id or comment.pk
    if CommentHiding.objects.filter(original_id=original_id).exists():
        raise Conflict(_("The comment is already hidden."))
    hiding = CommentHiding.objects.create(original_id=original_id, reason=reason, hidden_by=actor)
    partnership_event_record(
        actor,
        "discussions.comment_hidden",
        hiding,
        thread.partnership,
        summary(
            gettext_noop("A comment in “%(title)s” hidden: %(reason)s"),
            title=thread.title,
            reason=reason,
        ),
        thread_id=thread.pk,
    )
    return hiding

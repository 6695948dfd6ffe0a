"""Discussion threads and their comments (issue 17, item 6).

A thread belongs to a partnership, and optionally to one of its activities. Its comments
take the stances of proposal comments (``decisions.models.Stance``) and are append-only
(database triggers): editing a comment writes a new version (``replaces`` points to the
version it supersedes, all versions share their ``original``), and a coordinator hides a
comment by recording a ``CommentHiding`` with the reason, never by changing the comment.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.constraints import choices_check
from accord.decisions.models import Stance
from accord.partnerships.models import Partnership
from accord.resources.models import Activity


class AppendOnlyError(Exception):
    pass


class Thread(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    #: When the last comment was written (for the list's order); the thread's one
    #: changing column.
    last_comment_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_comment_at", "-id"]
        indexes = [models.Index(fields=["partnership", "-last_comment_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("discussions:thread_detail", args=[self.partnership.slug, self.pk])


class ThreadComment(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments")
    #: The top-level comment replied to (its original version), empty for a top-level one.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    #: The first version of this comment; empty on a first version.
    original = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replaced_by"
    )
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices)
    body = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            choices_check("stance", Stance, "thread_comment_stance_valid"),
            models.CheckConstraint(
                condition=~models.Q(body=""), name="thread_comment_body_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stance_display()} in {self.thread_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AppendOnlyError("A comment is never edited: write a new version.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("A comment is never deleted: a coordinator may hide it.")


class CommentHiding(models.Model):
    """A coordinator's hiding of a comment (all its versions), with the reason."""

    original = models.OneToOneField(ThreadComment, on_delete=models.CASCADE, related_name="hiding")
    reason = models.CharField(_("reason"), max_length=300)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="comment_hiding_reason_not_empty"
            )
        ]

    def __str__(self) -> str:
        return f"Hidden: {self.reason}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AppendOnlyError("A hiding is never edited.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("A hiding is never deleted.")

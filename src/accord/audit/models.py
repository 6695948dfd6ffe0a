"""The append-only event log that every service writes, and the feed reads."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.audit.summaries import Summary, render


class AppendOnlyError(Exception):
    pass


class EventQuerySet(models.QuerySet["Event"]):
    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError("Events are append-only; record a new event instead.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Events are append-only and cannot be deleted.")

    def for_partnership(self, partnership_id: int) -> EventQuerySet:
        return self.filter(partnership_id=partnership_id)


class Event(models.Model):
    """Who did what to which object, when. Never updated, never deleted.

    The database refuses UPDATE (trigger on SQLite and PostgreSQL) and row DELETE
    (trigger on PostgreSQL; on SQLite the test runner's flush needs DELETE, so there
    the model layer refuses it).
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verb = models.CharField(max_length=64, help_text=_("e.g. membership.invited"))
    object_type = models.CharField(max_length=64)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    summary = models.CharField(max_length=500)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["partnership", "-created_at"], name="event_feed_idx"),
            models.Index(fields=["partnership", "-id"], name="event_version_idx"),
        ]

    def __str__(self) -> str:
        return self.summary

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Events are append-only; record a new event instead.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Events are append-only and cannot be deleted.")

    @property
    def text(self) -> str:
        """The summary in the reader's active language (``audit.summaries``); events
        written as finished English text read as they were written."""
        spec = self.data.get(Summary.DATA_KEY) if isinstance(self.data, dict) else None
        return render(spec) or self.summary


class ChainLink(models.Model):
    """One link of a partnership's hash chain over its append-only records.

    ``link_hash`` = sha256(previous_hash ‖ content_hash ‖ record_type ‖ record_id ‖ seq),
    where ``content_hash`` is the sha256 of the record's stored fields as sorted JSON
    (``accord.audit.chain``). Append-only in the database like the records it covers;
    ``accord verify`` recomputes it (docs/decisions/0006-hash-chain.md).
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    seq = models.PositiveBigIntegerField()
    record_type = models.CharField(
        max_length=64, help_text=_("The model's label, e.g. decisions.ballot")
    )
    record_id = models.CharField(max_length=64)
    content_hash = models.CharField(max_length=64)
    previous_hash = models.CharField(max_length=64)
    link_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["partnership", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "seq"], name="chain_link_seq_unique"),
            models.UniqueConstraint(
                fields=["record_type", "record_id"], name="chain_link_record_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_id} (link {self.seq})"

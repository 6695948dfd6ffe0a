"""In-app notifications, also sent by email (now, or in a daily digest)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.constraints import choices_check


class Notification(models.Model):
    """One message to one person.

    A notification that asks for something (admit a member, sign a charter, vote) carries
    ``subject_key``, a key of what it asks for (``"partnerships.admit:12"``). The service
    that does the thing resolves every notification with that key in its own transaction
    (``services.notifications_resolve``), so "…awaits admission" stops asking once the
    member is admitted. A notification that only informs has no key and is never resolved.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    verb = models.CharField(max_length=64)
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    subject_key = models.CharField(max_length=100, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread_idx"),
            models.Index(
                fields=["subject_key"],
                condition=Q(resolved_at__isnull=True) & ~Q(subject_key=""),
                name="notification_open_key_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class DigestKind(models.TextChoices):
    """The parts of the digest, each of which a person may stop (one-click unsubscribe)."""

    ACTIVITY = "activity", _("What happened in your partnerships")
    WAITING = "waiting", _("What is waiting for you")


class DigestPreference(models.Model):
    """A person's digest email: how often, and which parts. No row means the defaults
    (weekly, both parts). ``last_sent_at`` is when the last digest covered up to."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    frequency = models.CharField(
        _("how often"),
        max_length=8,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )
    activity = models.BooleanField(_("what happened in your partnerships"), default=True)
    waiting = models.BooleanField(_("what is waiting for you"), default=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            choices_check("frequency", DigestFrequency, "digest_frequency_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.frequency}"

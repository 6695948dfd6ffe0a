"""Meetings of a partnership: when and where, the agenda, who is invited and who came,
the minutes, and what was decided and given to do. Calendar feeds by secret token.

Times are stored in UTC; ``time_zone`` names the zone the meeting is entered and shown in.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.decisions.models import Proposal
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.resources.models import Activity, SupportRequest
from accord.results.models import ActionItem, Indicator


class Meeting(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, default="UTC")
    place = models.CharField(max_length=200, blank=True)
    online_link = models.URLField(max_length=500, blank=True)
    minutes = models.TextField(blank=True)
    minutes_updated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["partnership", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    REMOTE = "remote", _("Joined remotely")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


ATTENDED = (Attendance.PRESENT, Attendance.REMOTE)


class Invitation(models.Model):
    """One organization or one person invited to a meeting, with their attendance once
    recorded (empty until then)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meeting_invitations",
    )
    attendance = models.CharField(max_length=8, choices=Attendance.choices, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=True, person__isnull=False)
                | Q(organization__isnull=False, person__isnull=True),
                name="meeting_invitation_one_invitee",
            ),
            models.UniqueConstraint(
                fields=["meeting", "organization"],
                condition=Q(organization__isnull=False),
                name="meeting_invitation_organization_unique",
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False),
                name="meeting_invitation_person_unique",
            ),
            models.CheckConstraint(
                condition=Q(attendance="") | Q(attendance__in=Attendance.values),
                name="meeting_invitation_attendance_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization or self.person)

    @property
    def invitee(self) -> object:
        return self.organization or self.person


class MeetingDecision(models.Model):
    """A proposal decided in the meeting (under the partnership's rule, by decisions)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.proposal_id}"


class MeetingActionItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    action_item = models.OneToOneField(ActionItem, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.action_item_id}"


class MeetingSupportRequest(models.Model):
    """Travel support to attend the meeting, asked of the support fund."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="support_requests")
    support_request = models.OneToOneField(
        SupportRequest, on_delete=models.CASCADE, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.support_request_id}"


class CalendarFeed(models.Model):
    """A secret calendar address: a person's (every partnership) or one partnership's as
    that person sees it. Revoked feeds answer 404; regenerating revokes and issues anew."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner"],
                condition=Q(revoked_at__isnull=True, partnership__isnull=True),
                name="calendar_feed_one_personal",
            ),
            models.UniqueConstraint(
                fields=["owner", "partnership"],
                condition=Q(revoked_at__isnull=True, partnership__isnull=False),
                name="calendar_feed_one_per_partnership",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.partnership_id or '*'}"

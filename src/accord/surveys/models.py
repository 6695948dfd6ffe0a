"""Survey waves of a partnership's members and their answers.

A wave asks one shipped instrument (``data/instruments/*.json``, read by
``accord.surveys.instruments``) between its open and close moments. Whether a wave is
open is computed from the clock when read, never stored, so reading never writes.

Who answered and what was answered are kept apart:

- ``Respondent`` says which member organization answered a wave, by whom and on which day:
  it enforces one answer per organization (a wave answered per organization) or one per
  person (a wave answered per person, ``Wave.per_person``) and tells the reminders whom
  to skip;
- ``Submission`` and ``Answer`` hold the answers. Their keys are random UUIDs (no order),
  they carry no timestamp, and for an anonymous wave no organization, user or sector, so
  nothing in the database joins them back to a ``Respondent`` row (see
  docs/surveys.md, "Anonymity").
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.constraints import choices_check
from accord.partners.models import Organization
from accord.partnerships.models import Partnership

#: The anonymity threshold's bounds: no aggregate is shown for fewer respondents.
THRESHOLD_MIN = 2
THRESHOLD_MAX = 50
THRESHOLD_DEFAULT = 3


class Instrument(models.TextChoices):
    COLLABORATION_FACTORS = "collaboration-factors", _("Collaboration factors inventory")
    EXPECTATIONS = "expectations", _("Expectation alignment")
    PARTNER_NETWORK = "partner-network", _("Partner network survey")
    GAO_PRACTICES = "gao-practices", _("GAO practices self-assessment")


class WaveState(models.TextChoices):
    """Computed from the clock (``Wave.state_at``); never stored."""

    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class WaveQuerySet(models.QuerySet["Wave"]):
    def for_partnership(self, partnership_id: int) -> WaveQuerySet:
        return self.filter(partnership_id=partnership_id)

    def started(self, now: datetime | None = None) -> WaveQuerySet:
        """Open or closed: the waves whose answers may exist."""
        return self.filter(opens_at__lte=now or timezone.now())

    def with_respondents(self) -> WaveQuerySet:
        return self.annotate(respondent_count=models.Count("respondents", distinct=True))


class Wave(models.Model):
    """One round of one instrument, open to the member organizations between two moments."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="survey_waves"
    )
    instrument = models.CharField(max_length=30, choices=Instrument.choices)
    title = models.CharField(max_length=200)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    anonymous = models.BooleanField(default=True)
    #: Each person of a member organization (representatives and staff) answers once,
    #: rather than each organization once through a representative. Set at creation from
    #: the instrument (``per_person_default``); never for the network survey.
    per_person = models.BooleanField(
        default=False,
        help_text=_("Each person of a member organization answers, not each organization."),
    )
    threshold = models.PositiveSmallIntegerField(
        default=THRESHOLD_DEFAULT,
        help_text=_("No figure is shown for a group of fewer respondents than this."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    #: When the last reminder went out (the automatic one, or one a coordinator sent).
    reminded_at = models.DateTimeField(null=True, blank=True)
    #: When the members were told it opened (once).
    announced_at = models.DateTimeField(null=True, blank=True)

    objects = WaveQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-pk"]
        constraints = [
            choices_check("instrument", Instrument, "survey_wave_instrument_valid"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="survey_wave_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(threshold__gte=THRESHOLD_MIN, threshold__lte=THRESHOLD_MAX),
                name="survey_wave_threshold_range",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "instrument", "opens_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:wave_detail", args=[self.partnership.slug, self.pk])

    def state_at(self, now: datetime | None = None) -> str:
        now = now or timezone.now()
        if now < self.opens_at:
            return WaveState.SCHEDULED
        if now < self.closes_at:
            return WaveState.OPEN
        return WaveState.CLOSED

    @property
    def state(self) -> str:
        return self.state_at()

    @property
    def is_open(self) -> bool:
        return self.state == WaveState.OPEN

    def get_state_display(self) -> str:
        return str(WaveState(self.state).label)


class Respondent(models.Model):
    """A member organization answered this wave (and who answered for it, on which day);
    in a wave answered per person, ``person`` is the person who answered (for the
    organization they belong to), once per wave.

    The only table that names who answered an anonymous wave. It holds the day, not the
    moment, and nothing that points to the answers.
    """

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="respondents")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Set in a wave answered per person (then equal to ``user``); empty otherwise.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_on = models.DateField()

    class Meta:
        ordering = ["wave", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "organization"],
                condition=Q(person__isnull=True),
                name="survey_one_answer_per_organization",
            ),
            models.UniqueConstraint(
                fields=["wave", "person"],
                condition=Q(person__isnull=False),
                name="survey_one_answer_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} answered {self.wave}"


class Submission(models.Model):
    """One organization's (or, in a wave answered per person, one person's) answers to one
    wave.

    Keyed by a random UUID and without any timestamp. For an anonymous wave,
    ``organization`` and ``sector`` are empty; for a named wave they say whose answers these
    are (the sector as it was when answered, for the breakdown by sector). No column names
    the person, even in a wave answered per person.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="submissions")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField(max_length=20, blank=True)
    #: One person's answers in a wave answered per person: several per organization then
    #: (one per person, which ``Respondent`` enforces; nothing here names the person).
    per_person = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "organization"],
                condition=Q(organization__isnull=False, per_person=False),
                name="survey_one_named_submission_per_organization",
            ),
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | Q(sector=""),
                name="survey_anonymous_submission_has_no_sector",
            ),
        ]

    def __str__(self) -> str:
        return f"answers to {self.wave_id}"


class Answer(models.Model):
    """One answer: a number (scales, numbers, one choice's position), a text (free text or
    a comment beside a rating), or several choices. For a question about each other member,
    ``rated_organization`` is the member it is about."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=40)
    rated_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    number = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True)
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "item"],
                condition=Q(rated_organization__isnull=True),
                name="survey_answer_one_per_item",
            ),
            models.UniqueConstraint(
                fields=["submission", "item", "rated_organization"],
                condition=Q(rated_organization__isnull=False),
                name="survey_answer_one_per_item_and_member",
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True)
                | Q(number__gte=-1_000_000_000, number__lte=1_000_000_000),
                name="survey_answer_number_bounded",
            ),
        ]

    def __str__(self) -> str:
        return self.item

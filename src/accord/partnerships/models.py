"""Partnerships, their members (by two-sided consent), participants and charter."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.accounts.time_zones import validate_zone
from accord.core.constraints import choices_check
from accord.partners.models import Organization
from accord.reference.models import SdgTarget


class PartnershipType(models.TextChoices):
    CROSS_SECTOR = "cross_sector", _("Cross-sector social partnership")
    STRATEGIC_ALLIANCE = "strategic_alliance", _("Strategic alliance")
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    NETWORK = "network", _("Network")
    CO_MANAGEMENT = "co_management", _("Co-management")
    PUBLIC_PRIVATE = "public_private", _("Public–private partnership")
    EDUCATION_BUSINESS = "education_business", _("Education–business partnership")
    HEALTHCARE = "healthcare", _("Healthcare collaboration")
    PLACE_BASED = "place_based", _("Place-based partnership")


class Modality(models.TextChoices):
    GOVERNMENT_INITIATED = "government_initiated", _("Government-initiated")
    PRIVATE_LED = "private_led", _("Private-led with public participation")
    BUSINESS_NGO = "business_ngo", _("Business–NGO")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can read what the partnership publishes")
    MEMBERS = "members", _("Members only")


class Status(models.TextChoices):
    FORMING = "forming", _("Forming")
    ACTIVE = "active", _("Active")
    REVIEW = "review", _("Under review")
    RENEWED = "renewed", _("Renewed")
    CLOSED = "closed", _("Closed")


#: The lifecycle: forming → active → review → renewed or closed; a renewed
#: partnership comes up for review again.
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.FORMING: (Status.ACTIVE,),
    Status.ACTIVE: (Status.REVIEW,),
    Status.REVIEW: (Status.RENEWED, Status.CLOSED),
    Status.RENEWED: (Status.REVIEW,),
    Status.CLOSED: (),
}


class Partnership(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    purpose = models.TextField(help_text=_("The common goal, in a few sentences."))
    type = models.CharField(max_length=30, choices=PartnershipType.choices)
    modality = models.CharField(max_length=30, choices=Modality.choices)
    places = models.CharField(max_length=300, blank=True)
    sdg_targets = models.ManyToManyField(SdgTarget, blank=True, related_name="partnerships")
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.FORMING)
    allows_individuals = models.BooleanField(
        default=False, help_text=_("Community participants without an organization may join.")
    )
    reporting_currency = models.CharField(max_length=3, default="USD")
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_zone],
        help_text=_("An IANA name such as Africa/Nairobi; blank follows the site's zone."),
    )
    began_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("When the partnership began working together; no flow is dated before it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            choices_check("status", Status, "partnership_status_valid"),
            choices_check("visibility", Visibility, "partnership_visibility_valid"),
            choices_check("type", PartnershipType, "partnership_type_valid"),
            choices_check("modality", Modality, "partnership_modality_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:partnership_home", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def allowed_transitions(self) -> tuple[str, ...]:
        return STATUS_TRANSITIONS[self.status]


class MembershipStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    DECLINED = "declined", _("Declined by the organization")
    CANCELLED = "cancelled", _("Invitation cancelled")
    ACCEPTED = "accepted", _("Accepted, awaiting admission")
    REJECTED = "rejected", _("Not admitted")
    ADMITTED = "admitted", _("Member")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: Statuses in which the organization holds a live seat or a live invitation.
OPEN_MEMBERSHIP_STATUSES = (
    MembershipStatus.INVITED,
    MembershipStatus.ACCEPTED,
    MembershipStatus.ADMITTED,
)


class Membership(models.Model):
    """An organization's membership of a partnership, with each consent step recorded.

    invited (by a coordinator) → accepted or declined (by the organization's
    representative) → admitted or rejected (by the partnership) → withdrawn (by the
    organization, at any time). Closed rows stay as history; a new invitation makes a
    new row.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="memberships"
    )
    status = models.CharField(
        max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.INVITED
    )
    message = models.TextField(blank=True, help_text=_("Invitation message."))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who admitted or rejected the organization for the partnership."),
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organization"],
                condition=models.Q(status__in=OPEN_MEMBERSHIP_STATUSES),
                name="membership_one_open_per_organization",
            ),
            choices_check("status", MembershipStatus, "membership_status_valid"),
            models.CheckConstraint(
                condition=~models.Q(status="admitted") | models.Q(decided_at__isnull=False),
                name="membership_admitted_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} in {self.partnership} ({self.status})"

    @property
    def is_member(self) -> bool:
        return self.status == MembershipStatus.ADMITTED


class ParticipantRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    COMMUNITY = "community", _("Community participant")
    OBSERVER = "observer", _("Observer")


class Participant(models.Model):
    """A person's own role in a partnership, apart from any organization they work for."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(max_length=12, choices=ParticipantRole.choices)
    joined_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["role", "user__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "user", "role"],
                condition=models.Q(left_at__isnull=True),
                name="participant_one_active_role",
            ),
            choices_check("role", ParticipantRole, "participant_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.partnership}"


CHARTER_SECTIONS = (
    ("common_outcome", _("Common outcome")),
    ("shared_values", _("Shared values")),
    ("joint_strategies", _("Joint strategies")),
    ("roles_and_responsibilities", _("Roles and responsibilities")),
    ("policy_data_sharing", _("Data-sharing policy")),
    ("policy_intellectual_property", _("Intellectual-property policy")),
    ("policy_conflict_resolution", _("Conflict-resolution policy")),
    ("policy_exit", _("Exit policy")),
)


class CharterVersion(models.Model):
    """One version of a partnership's charter. Editable as a draft; frozen once published.

    The database refuses any UPDATE of a published version (trigger); a change is a
    new version.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="charter_versions"
    )
    number = models.PositiveIntegerField()
    common_outcome = models.TextField()
    shared_values = models.TextField(blank=True)
    joint_strategies = models.TextField(blank=True)
    roles_and_responsibilities = models.TextField(blank=True)
    policy_data_sharing = models.TextField(blank=True)
    policy_intellectual_property = models.TextField(blank=True)
    policy_conflict_resolution = models.TextField(blank=True)
    policy_exit = models.TextField(blank=True)
    change_summary = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"], name="charter_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(published_at__isnull=True),
                name="charter_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} charter v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def sections(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, field)) for field, label in CHARTER_SECTIONS]


class CharterSignature(models.Model):
    """An organization's signature of one charter version, by its representative."""

    version = models.ForeignKey(CharterVersion, on_delete=models.PROTECT, related_name="signatures")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="charter_signatures"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organization"], name="charter_signature_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} signed {self.version}"


class VoiceKind(models.TextChoices):
    """What a person said or did in a partnership that counts as voice."""

    PROPOSAL = "proposal", _("Proposal written")
    COMMENT = "comment", _("Comment written")
    ISSUE = "issue", _("Issue named")
    STATEMENT = "statement", _("Opinion statement written")
    ATTENDANCE = "attendance", _("Meeting attended")
    SPEAKING_TURN = "speaking_turn", _("Speaking turn taken")


class VoiceTally(models.Model):
    """How many times one person spoke in a partnership, per kind and quarter.

    Derived data, kept in the same transaction as each proposal, comment, issue and
    statement by ``services.voice.voice_record`` and recomputable from those rows with
    ``voice_tallies_rebuild`` (``accord rebuild-rollups``). ``organization`` is the member
    organization the author spoke for (see ``services.voice.voice_organization_id``), or
    empty for an individual or community participant; ``author`` is empty for a member of
    the public without an account. ``quarter`` is the first day of the quarter, in the
    site's time zone.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=VoiceKind.choices)
    quarter = models.DateField()
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # An empty author or organization compares equal here (as 0): one row per cell.
            models.UniqueConstraint(
                "partnership",
                "quarter",
                "kind",
                Coalesce("organization", Value(0)),
                Coalesce("author", Value(0)),
                name="voice_tally_key_unique",
            ),
            choices_check("kind", VoiceKind, "voice_tally_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.quarter} {self.kind}: {self.count}"


class StakeholderGroup(models.Model):
    """A group the partnership names beyond the sectors, such as "indigenous peoples of the
    basin" or "women fish traders", whose consent a decision may require (issue 16).

    Its members are member organizations and community participants
    (:class:`StakeholderGroupMember`). A rule or a proposal names it by :attr:`code`
    (``"group-<id>"``), beside the sectors' codes; people read its :attr:`name`.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="stakeholder_groups"
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="stakeholder_group_name_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(name=""), name="stakeholder_group_name_given"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        return group_code(self.pk)


#: The prefix of a stakeholder group's code; sectors' codes never start with it.
GROUP_CODE_PREFIX = "group-"


def group_code(group_id: int) -> str:
    """The code that rules and proposals store for a stakeholder group."""
    return f"{GROUP_CODE_PREFIX}{group_id}"


def group_id_of(code: str) -> int | None:
    """The id in a stakeholder group's code, None for anything else (a sector)."""
    if not isinstance(code, str) or not code.startswith(GROUP_CODE_PREFIX):
        return None
    digits = code[len(GROUP_CODE_PREFIX) :]
    return int(digits) if digits.isdigit() and len(digits) < 19 else None


class StakeholderGroupMember(models.Model):
    """One member of a stakeholder group: an organization, or a person (a community
    participant) in their own right. Exactly one of the two is set."""

    group = models.ForeignKey(StakeholderGroup, on_delete=models.CASCADE, related_name="members")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["group", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False, person__isnull=True)
                | models.Q(organization__isnull=True, person__isnull=False),
                name="stakeholder_group_member_one",
            ),
            models.UniqueConstraint(
                fields=["group", "organization"],
                condition=models.Q(organization__isnull=False),
                name="stakeholder_group_org_once",
            ),
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=models.Q(person__isnull=False),
                name="stakeholder_group_person_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization or self.person} in {self.group}"

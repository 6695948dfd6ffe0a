"""Decision rules, proposals, comments, ballots and decisions (see issue 4).

Ballots and decisions are append-only: a changed ballot is a new row with the next
``sequence`` for the same voter, and the current ballot is the one with the highest
sequence. A voter is an organization (the organizations chamber) or a person voting as
themselves (the individuals chamber), as the rule's ``voters`` setting says. Under
anonymous or secret ballots, a ballot row carries a pseudonym (an HMAC of the organization
or of the person) instead of the voter, and a ``Participation`` row records who voted, so
who-voted and how-they-voted live in different tables (docs/decision-rules.md).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.audit.summaries import render as render_summary
from accord.core.constraints import choices_check
from accord.partners.models import Organization
from accord.partnerships.models import Partnership


class AppendOnlyError(Exception):
    pass


class WeightsMode(models.TextChoices):
    EQUAL = "equal", _("Equal: one organization, one vote")
    CUSTOM = "custom", _("Custom weights per organization")
    DELIVERED = "delivered", _("Proportional to resources delivered")


class Secrecy(models.TextChoices):
    OPEN = "open", _("Open: everyone sees who voted how")
    ANONYMOUS = "anonymous", _("Anonymous: who voted is known, not how")
    SECRET = "secret", _("Secret: only the number of voters is shown")


class Voters(models.TextChoices):
    """Who votes under a rule (issue 4); see docs/decision-rules.md, "Who votes"."""

    ORGANIZATIONS = (
        "organizations",
        _("Organizations: each member organization votes through its representative"),
    )
    INDIVIDUALS = (
        "individuals",
        _("Individuals: every person with a seat votes as themselves, one vote each"),
    )
    CHAMBERS = (
        "chambers",
        _(
            "Both, in separate chambers: a proposal must pass among the organizations "
            "and among the individuals"
        ),
    )


class Chamber(models.TextChoices):
    """Where a ballot is cast: for an organization, or by a person as themselves."""

    ORGANIZATIONS = "organizations", _("organizations chamber")
    INDIVIDUALS = "individuals", _("individuals chamber")


#: The chambers each ``Voters`` setting votes in, in the order results are shown.
CHAMBERS_OF: dict[str, tuple[str, ...]] = {
    Voters.ORGANIZATIONS: (Chamber.ORGANIZATIONS,),
    Voters.INDIVIDUALS: (Chamber.INDIVIDUALS,),
    Voters.CHAMBERS: (Chamber.ORGANIZATIONS, Chamber.INDIVIDUALS),
}


class DecisionKind(models.TextChoices):
    GENERAL = "general", _("General")
    ADMISSION = "admission", _("Admitting a member")
    CHARTER = "charter", _("Amending the charter")
    ALLOCATION = "allocation", _("Allocating pooled money")


class DecisionRule(models.Model):
    """A partnership's decision rule: an engine rule (``spec``), who votes, weights, a cap
    and secrecy.

    ``spec`` is ``accord.engine.voting.motions.DecisionRule.to_dict()``; ``preset`` names
    the preset it came from, if any. ``weights`` maps organization ids (as strings) to
    non-negative numbers (as strings) and is read only when ``weights_mode`` is custom;
    members without an entry weigh 0. ``cap`` is a share such as ``"3/10"``.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="decision_rules"
    )
    name = models.CharField(max_length=120)
    preset = models.CharField(max_length=60, blank=True)
    spec = models.JSONField()
    weights_mode = models.CharField(
        max_length=10, choices=WeightsMode.choices, default=WeightsMode.EQUAL
    )
    weights = models.JSONField(default=dict, blank=True)
    cap = models.CharField(max_length=20, blank=True)
    secrecy = models.CharField(max_length=10, choices=Secrecy.choices, default=Secrecy.OPEN)
    voters = models.CharField(
        max_length=13,
        choices=Voters.choices,
        default=Voters.ORGANIZATIONS,
        help_text=_("Who votes: member organizations, individuals, or both in separate chambers."),
    )
    consent_groups = models.JSONField(
        default=list,
        blank=True,
        help_text=_(
            "Groups (sector codes, or codes of the partnership's own groups) whose "
            "consent every decision under this rule requires."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="decision_rule_name_unique"
            ),
            choices_check("weights_mode", WeightsMode, "decision_rule_weights_valid"),
            choices_check("secrecy", Secrecy, "decision_rule_secrecy_valid"),
            choices_check("voters", Voters, "decision_rule_voters_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def snapshot(self) -> dict[str, object]:
        """Everything a vote needs from the rule, frozen when voting opens."""
        return {
            "id": self.pk,
            "name": self.name,
            "preset": self.preset,
            "rule": self.spec,
            "weights_mode": self.weights_mode,
            "weights": dict(self.weights),
            "cap": self.cap,
            "secrecy": self.secrecy,
            "voters": self.voters,
            "consent_groups": list(self.consent_groups),
        }


class RuleAssignment(models.Model):
    """Which rule decides which kind of proposal; the "general" one is the default."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="decision_rule_assignments"
    )
    kind = models.CharField(max_length=12, choices=DecisionKind.choices)
    rule = models.ForeignKey(DecisionRule, on_delete=models.PROTECT, related_name="assignments")

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "kind"], name="rule_assignment_unique"),
            choices_check("kind", DecisionKind, "rule_assignment_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.rule}"


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    DELIBERATION = "deliberation", _("In deliberation")
    VOTING = "voting", _("Voting")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    NO_QUORUM = "no_quorum", _("No quorum")
    IMPLEMENTED = "implemented", _("Implemented")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (ProposalStatus.DRAFT, ProposalStatus.DELIBERATION, ProposalStatus.VOTING)

CLOSED_STATUSES = (
    ProposalStatus.ACCEPTED,
    ProposalStatus.REJECTED,
    ProposalStatus.NO_QUORUM,
    ProposalStatus.IMPLEMENTED,
)


class Proposal(models.Model):
    """A question put to the partnership's members under the rule for its kind.

    A proposal may decide something of the foundation (its *subject*): admitting the
    organization of ``membership``, publishing the draft ``charter_version``, or assigning
    ``adopted_rule`` to proposals of ``kind``. When such a proposal is accepted,
    ``proposal_close`` carries out the effect in the same transaction (docs/decision-rules.md).
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(
        max_length=12, choices=DecisionKind.choices, default=DecisionKind.GENERAL
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    affected_groups = models.JSONField(
        default=list,
        blank=True,
        help_text=_(
            "Groups the proposal affects, whose consent it requires (free, prior and "
            "informed consent): sector codes, or codes of the partnership's own groups."
        ),
    )
    rule_snapshot = models.JSONField(null=True, blank=True)
    membership = models.ForeignKey(
        "partnerships.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="admission_proposals",
    )
    charter_version = models.ForeignKey(
        "partnerships.CharterVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publication_proposals",
    )
    adopted_rule = models.ForeignKey(
        "DecisionRule",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoption_proposals",
    )
    voting_opens_at = models.DateTimeField(null=True, blank=True)
    voting_closes_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partnership", "status"], name="proposal_status_idx")]
        constraints = [
            choices_check("kind", DecisionKind, "proposal_kind_valid"),
            choices_check("status", ProposalStatus, "proposal_status_valid"),
            models.CheckConstraint(
                condition=Q(voting_closes_at__isnull=True)
                | Q(voting_opens_at__isnull=True)
                | Q(voting_closes_at__gt=models.F("voting_opens_at")),
                name="proposal_voting_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(membership__isnull=True) | Q(kind=DecisionKind.ADMISSION),
                name="proposal_membership_is_admission",
            ),
            models.CheckConstraint(
                condition=Q(charter_version__isnull=True) | Q(kind=DecisionKind.CHARTER),
                name="proposal_charter_is_charter_kind",
            ),
            models.CheckConstraint(
                condition=Q(membership__isnull=True, charter_version__isnull=True)
                | Q(membership__isnull=True, adopted_rule__isnull=True)
                | Q(charter_version__isnull=True, adopted_rule__isnull=True),
                name="proposal_one_subject",
            ),
            models.UniqueConstraint(
                fields=["membership"],
                condition=Q(membership__isnull=False, status__in=OPEN_STATUSES),
                name="proposal_one_open_per_membership",
            ),
            models.UniqueConstraint(
                fields=["charter_version"],
                condition=Q(charter_version__isnull=False, status__in=OPEN_STATUSES),
                name="proposal_one_open_per_charter_version",
            ),
            models.UniqueConstraint(
                fields=["partnership", "kind"],
                condition=Q(adopted_rule__isnull=False, status__in=OPEN_STATUSES),
                name="proposal_one_open_rule_adoption_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def secrecy(self) -> str:
        return (self.rule_snapshot or {}).get("secrecy", Secrecy.OPEN)

    @property
    def voters(self) -> str:
        """Who votes under the frozen rule (organizations for snapshots older than the setting)."""
        return (self.rule_snapshot or {}).get("voters", Voters.ORGANIZATIONS)

    @property
    def chambers(self) -> tuple[str, ...]:
        return CHAMBERS_OF[self.voters]


class Stance(models.TextChoices):
    SUPPORT = "support", _("Support")
    CONCERN = "concern", _("Concern")
    QUESTION = "question", _("Question")
    OBJECTION = "objection", _("Objection")


class Comment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    stance = models.CharField(max_length=10, choices=Stance.choices)
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [choices_check("stance", Stance, "comment_stance_valid")]

    def __str__(self) -> str:
        return f"{self.get_stance_display()} on {self.proposal}"


class BallotChoice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstain")
    OBJECT = "object", _("Object (with a reason)")


#: Ballot ids are drawn from 1 … 2**53 - 1 (exact in JSON and JavaScript).
BALLOT_ID_BOUND = 2**53 - 1


def random_ballot_id() -> int:
    """A ballot's id, drawn at random so that ids do not follow the order of casting.

    With sequential ids the k-th secret ballot and the k-th ``Participation`` (who voted)
    would pair up; a random id orders nothing. Two draws colliding (about one chance in
    10**15 per pair) fail on the primary key and the cast is answered as a conflict.
    """
    return secrets.randbelow(BALLOT_ID_BOUND) + 1


class Ballot(models.Model):
    """One cast ballot. Append-only: a change is a new row with the next ``sequence``.

    Exactly one of ``organization`` (open ballots in the organizations chamber), ``person``
    (open ballots in the individuals chamber) and ``pseudonym`` (anonymous and secret
    ballots: an HMAC of the organization, or of the person) is set. Two concurrent casts for
    one voter compute the same next sequence and collide on the unique constraint, so at
    most one of them is stored.

    Nothing joins a secret ballot to its voter's ``Participation``: the id is random
    (:func:`random_ballot_id`) and a secret ballot's ``cast_at`` keeps the day only
    (``services.ballots``), while the participation keeps the exact time.
    """

    id = models.BigIntegerField(primary_key=True, default=random_ballot_id, editable=False)

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="ballots")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pseudonym = models.CharField(max_length=64, blank=True)
    chamber = models.CharField(
        max_length=13, choices=Chamber.choices, default=Chamber.ORGANIZATIONS
    )
    sequence = models.PositiveIntegerField()
    choice = models.CharField(max_length=8, choices=BallotChoice.choices, blank=True)
    reason = models.TextField(blank=True)
    preferences = models.JSONField(
        null=True,
        blank=True,
        help_text=_(
            "A ranking, approval set or scores of the alternatives (then choice is blank)."
        ),
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["proposal", "sequence", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organization", "sequence"],
                condition=Q(organization__isnull=False),
                name="ballot_org_sequence_unique",
            ),
            models.UniqueConstraint(
                fields=["proposal", "person", "sequence"],
                condition=Q(person__isnull=False),
                name="ballot_person_sequence_unique",
            ),
            models.UniqueConstraint(
                fields=["proposal", "pseudonym", "sequence"],
                condition=Q(organization__isnull=True, person__isnull=True),
                name="ballot_pseudonym_sequence_unique",
            ),
            models.CheckConstraint(
                condition=(Q(organization__isnull=False, person__isnull=True) & Q(pseudonym=""))
                | (Q(organization__isnull=True, person__isnull=False) & Q(pseudonym=""))
                | (Q(organization__isnull=True, person__isnull=True) & ~Q(pseudonym="")),
                name="ballot_one_voter_key",
            ),
            models.CheckConstraint(
                condition=Q(chamber=Chamber.ORGANIZATIONS, person__isnull=True)
                | Q(chamber=Chamber.INDIVIDUALS, organization__isnull=True),
                name="ballot_chamber_matches_voter",
            ),
            models.CheckConstraint(
                condition=Q(choice__in=BallotChoice.values, preferences__isnull=True)
                | Q(choice="", preferences__isnull=False),
                name="ballot_choice_valid",
            ),
            models.CheckConstraint(
                condition=~Q(choice="object") | ~Q(reason=""), name="ballot_objection_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_choice_display()} on {self.proposal}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:  # the id is set on creation: "adding" tells a new row
            raise AppendOnlyError("Ballots are never edited; cast a new one.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Ballots are never deleted.")

    @property
    def voter(self) -> Any:
        """The organization or person of an open ballot (None under a pseudonym)."""
        if self.organization_id:
            return self.organization
        return self.person if self.person_id else None


class Alternative(models.Model):
    """One of the options a proposal chooses among, under a ranked, approval or score rule.

    Ordered by ``position`` (1, 2, ...): the alternative's number in a PrefLib export and
    the tie-breaking order. Set while the proposal is a draft or in deliberation and frozen
    into the rule snapshot when voting opens (``services.snapshot_with_alternatives``); ballots
    refer to alternatives by id.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="alternatives")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["proposal", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "position"], name="alternative_position_unique"
            ),
            models.UniqueConstraint(fields=["proposal", "name"], name="alternative_name_unique"),
            models.CheckConstraint(condition=Q(position__gte=1), name="alternative_position_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class Participation(models.Model):
    """Who voted on a proposal (first time), kept apart from how under anonymous/secret ballots.

    Exactly one of ``organization`` (it voted in the organizations chamber) and ``person``
    (they voted as themselves, in the individuals chamber) is set.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="participations")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    voted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["voted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organization"],
                condition=Q(organization__isnull=False),
                name="participation_unique",
            ),
            models.UniqueConstraint(
                fields=["proposal", "person"],
                condition=Q(person__isnull=False),
                name="participation_person_unique",
            ),
            models.CheckConstraint(
                condition=Q(organization__isnull=False, person__isnull=True)
                | Q(organization__isnull=True, person__isnull=False),
                name="participation_one_voter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voter} voted on {self.proposal}"

    @property
    def chamber(self) -> str:
        return Chamber.ORGANIZATIONS if self.organization_id else Chamber.INDIVIDUALS

    @property
    def voter(self) -> Any:
        return self.organization if self.organization_id else self.person


class Decision(models.Model):
    """The stored outcome of a closed proposal, with the engine's explanation. Append-only."""

    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=12)
    reason = models.TextField()
    decided_by = models.CharField(max_length=40)
    explanation = models.TextField()
    counts = models.JSONField()
    rule = models.JSONField()
    rationale = models.TextField(blank=True)
    effect = models.TextField(
        blank=True, help_text=_("What the decision changed in the partnership, if anything.")
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.outcome}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Decisions are never edited.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Decisions are never deleted.")

    @property
    def effect_text(self) -> str:
        """The effect in the reader's language (stored as a message in ``counts``);
        decisions stored before that read as written."""
        spec = self.counts.get("effect") if isinstance(self.counts, dict) else None
        return render_summary(spec) or self.effect


class PowerStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    COMPUTING = "computing", _("Being computed")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class PowerComputation(models.Model):
    """The power analysis of one rule over one membership version, computed by the task
    worker and read by the power analysis page and API (docs/decision-rules.md).

    ``inputs`` is everything the analysis depends on (``selectors.power_inputs``): the rule
    (method, options, weights mode, cap, who votes), the member organizations with their
    sectors and, where the rule weighs them, their weights (custom, or the resources each
    delivered), and the people of an individuals chamber with their groups. ``key`` is its
    SHA-256, so a page finds the result by computing the key of what it would show. Names
    are not part of it: they are read when the page is shown. ``result`` holds numbers and
    codes (``selectors.power_compute``), never sentences. The worker computes from
    ``inputs``, so a result always belongs to its key; a row is queued by the services that
    change a rule, an assignment or the membership (``services.power``), or from the page.
    ``rule`` is empty for the default rule of a partnership without a general one.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="power_computations"
    )
    rule = models.ForeignKey(
        DecisionRule,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="power_computations",
    )
    key = models.CharField(max_length=64)
    inputs = models.JSONField()
    status = models.CharField(max_length=9, choices=PowerStatus.choices, default=PowerStatus.QUEUED)
    reason = models.TextField(blank=True, help_text=_("Why the computation failed."))
    result = models.JSONField(null=True, blank=True)
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "key"], name="power_computation_key_unique"
            ),
            choices_check("status", PowerStatus, "power_computation_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=PowerStatus.READY) | Q(result__isnull=False),
                name="power_computation_ready_has_result",
            ),
            models.CheckConstraint(
                condition=~Q(status=PowerStatus.FAILED) | ~Q(reason=""),
                name="power_computation_failed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Power analysis {self.key[:12]} ({self.status})"

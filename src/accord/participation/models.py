"""Participation rounds: issue naming, opinion mapping and participatory budgeting (issue 12).

A round belongs to a partnership, has one kind, an audience (who takes part) and phases
with dates: not open yet → collect → review → vote → results. The task worker moves a
round to the next phase at its date (``services/phases.py``); a coordinator may move it
early. Everyone who takes part is a ``RoundParticipant`` of the round, with the group their
support counts in (``accord.participation.groups``), fixed when they first take part.

- Issue naming: ``Issue`` (hidden with a visible reason, or merged into another) and
  ``IssueSupport`` (one row per participant and issue; dots under dot voting).
- Opinion mapping: ``Statement`` and ``StatementVote`` (agree / disagree / pass).
- Participatory budgeting: the round's budget from the pooled fund, ``BudgetProject``
  (feasibility reviewed) and ``BudgetBallot`` with its ``BudgetBallotItem`` rows: one
  ballot per participant and round, whether cast online, on paper or imported, held by a
  unique constraint. The outcome is computed by the engine when the round reaches its
  results and stored in ``ParticipationRound.outcome``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.constraints import choices_check
from accord.decisions.models import Proposal
from accord.participation.groups import GROUP_CHOICES
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.reference.models import SdgTarget
from accord.resources.models import Activity, Pledge

MONEY = {"max_digits": 18, "decimal_places": 2}


class RoundKind(models.TextChoices):
    ISSUES = "issues", _("Issue naming")
    OPINIONS = "opinions", _("Opinion mapping")
    BUDGET = "budget", _("Participatory budget")


class Phase(models.TextChoices):
    DRAFT = "draft", _("Not open yet")
    COLLECT = "collect", _("Collect")
    REVIEW = "review", _("Review")
    VOTE = "vote", _("Vote")
    RESULTS = "results", _("Results")


#: The phases in the order a round goes through them.
PHASES: tuple[str, ...] = (Phase.DRAFT, Phase.COLLECT, Phase.REVIEW, Phase.VOTE, Phase.RESULTS)

#: The field holding the date at which each dated phase ends.
PHASE_ENDS: dict[str, str] = {
    Phase.COLLECT: "collect_until",
    Phase.REVIEW: "review_until",
    Phase.VOTE: "vote_until",
}


class Audience(models.TextChoices):
    STAFF = "staff", _("Members' staff")
    COMMUNITY = "community", _("Community participants")
    PARTNERSHIP = "partnership", _("Members' staff and community participants")
    SIGNED_IN = "signed_in", _("Everyone signed in")
    PUBLIC = "public", _("The public, with a confirmed email")


class SupportMode(models.TextChoices):
    APPROVAL = "approval", _("Approval: support as many issues as you like")
    DOTS = "dots", _("Dots: spread a fixed number of dots over the issues")


class BallotKind(models.TextChoices):
    APPROVAL = "approval", _("Approval: tick the projects you support")
    CUMULATIVE = "cumulative", _("Cumulative: spread points over the projects")
    ORDINAL = "ordinal", _("Ranking: put projects in your order of preference")


class BudgetRule(models.TextChoices):
    MES = "mes", _("Method of Equal Shares, completed by add-one (proportional)")
    PHRAGMEN = "phragmen", _("Sequential Phragmén (proportional)")
    GREEDY = "greedy", _("Greedy: the most supported projects first")


class ParticipationRound(models.Model):
    """One round of issue naming, opinion mapping or participatory budgeting.

    The budget fields are set for budget rounds only: ``budget`` (in the partnership's
    reporting currency, promised from the pooled fund held by ``fund_holder``), the ballot
    (``ballot_kind``; ``max_projects`` for approval and ranking ballots, empty for the
    budget as the limit; ``points`` to spread on cumulative ballots) and the ``rule``
    chosen when the round opens. ``outcome`` is the engine's result, stored when the round
    reaches its results. ``version`` grows with every write, so that figures computed for
    a round can be cached per version. ``pabulib_meta`` keeps the META of an imported
    ``.pb`` file so that exporting it gives the same file back; an imported round is a
    record of an election held elsewhere, so it promises nothing from the pool.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="participation_rounds"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RoundKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(
        _("who takes part"), max_length=12, choices=Audience.choices, default=Audience.PARTNERSHIP
    )
    phase = models.CharField(_("phase"), max_length=8, choices=Phase.choices, default=Phase.DRAFT)
    collect_until = models.DateTimeField(_("collecting ends"), null=True, blank=True)
    review_until = models.DateTimeField(_("review ends"), null=True, blank=True)
    vote_until = models.DateTimeField(_("voting ends"), null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    opening_proposal = models.ForeignKey(
        "decisions.Proposal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The proposal that opens the round under the partnership's rule, if any."),
    )
    results_at = models.DateTimeField(null=True, blank=True)
    support_mode = models.CharField(
        _("how issues are supported"),
        max_length=8,
        choices=SupportMode.choices,
        default=SupportMode.APPROVAL,
    )
    dots = models.PositiveSmallIntegerField(_("dots per participant"), default=5)
    budget = models.DecimalField(_("budget"), **MONEY, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    fund_holder = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("holder of the pooled fund"),
    )
    ballot_kind = models.CharField(
        _("ballot"), max_length=10, choices=BallotKind.choices, default=BallotKind.APPROVAL
    )
    max_projects = models.PositiveSmallIntegerField(
        _("most projects on a ballot"), null=True, blank=True
    )
    points = models.PositiveSmallIntegerField(_("points to spread"), null=True, blank=True)
    rule = models.CharField(
        _("rule"), max_length=10, choices=BudgetRule.choices, default=BudgetRule.MES
    )
    outcome = models.JSONField(null=True, blank=True)
    pabulib_meta = models.JSONField(default=dict, blank=True)
    is_imported = models.BooleanField(
        default=False,
        help_text=_(
            "Imported from a pabulib file: a record of an election, not money from the pool."
        ),
    )
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partnership", "phase"], name="round_phase_idx")]
        constraints = [
            choices_check("kind", RoundKind, "round_kind_valid"),
            choices_check("audience", Audience, "round_audience_valid"),
            choices_check("phase", Phase, "round_phase_valid"),
            choices_check("support_mode", SupportMode, "round_support_mode_valid"),
            choices_check("ballot_kind", BallotKind, "round_ballot_kind_valid"),
            choices_check("rule", BudgetRule, "round_rule_valid"),
            models.CheckConstraint(condition=Q(dots__gte=1), name="round_dots_positive"),
            models.CheckConstraint(
                condition=Q(collect_until__isnull=True)
                | Q(review_until__isnull=True)
                | Q(review_until__gt=F("collect_until")),
                name="round_review_after_collect",
            ),
            models.CheckConstraint(
                condition=Q(review_until__isnull=True)
                | Q(vote_until__isnull=True)
                | Q(vote_until__gt=F("review_until")),
                name="round_vote_after_review",
            ),
            models.CheckConstraint(
                condition=~Q(kind="budget")
                | Q(budget__gt=0, fund_holder__isnull=False)
                | Q(budget__gt=0, is_imported=True),
                name="round_budget_has_money",
            ),
            models.CheckConstraint(
                condition=Q(kind="budget") | Q(budget__isnull=True),
                name="round_budget_only_for_budget_rounds",
            ),
            models.CheckConstraint(
                condition=Q(max_projects__isnull=True) | Q(max_projects__gte=1),
                name="round_max_projects_positive",
            ),
            models.CheckConstraint(
                condition=~Q(ballot_kind="cumulative", kind="budget") | Q(points__gte=1),
                name="round_cumulative_has_points",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.phase not in (Phase.DRAFT, Phase.RESULTS)

    @property
    def phase_ends_at(self) -> object:
        field = PHASE_ENDS.get(self.phase)
        return getattr(self, field) if field else None

    @property
    def next_phase(self) -> str | None:
        position = PHASES.index(self.phase)
        return PHASES[position + 1] if position + 1 < len(PHASES) else None


class ParticipantSource(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper, entered by a facilitator")
    IMPORTED = "imported", _("Imported from a file")


class RoundParticipant(models.Model):
    """Someone who takes part in a round, with the group their support counts in.

    A person with an account (``user``); a member of the public with a confirmed email
    (``email``); a person named by a facilitator who entered their paper ballot (``name``
    only); or a voter of an imported pabulib file (``external_id``, their attributes kept
    for the export).
    """

    round = models.ForeignKey(
        ParticipationRound, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    external_id = models.CharField(max_length=100, blank=True)
    group = models.CharField(_("group"), max_length=20, choices=GROUP_CHOICES)
    source = models.CharField(
        max_length=8, choices=ParticipantSource.choices, default=ParticipantSource.ONLINE
    )
    attributes = models.JSONField(default=dict, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user"],
                condition=Q(user__isnull=False),
                name="round_participant_user_once",
            ),
            models.UniqueConstraint(
                fields=["round", "email"],
                condition=~Q(email=""),
                name="round_participant_email_once",
            ),
            models.UniqueConstraint(
                fields=["round", "external_id"],
                condition=~Q(external_id=""),
                name="round_participant_external_once",
            ),
            models.UniqueConstraint(
                fields=["round", "name"],
                condition=Q(user__isnull=True, email="", external_id=""),
                name="round_participant_paper_name_once",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email="") | ~Q(name="") | ~Q(external_id=""),
                name="round_participant_identified",
            ),
            choices_check("source", ParticipantSource, "round_participant_source_valid"),
        ]

    def __str__(self) -> str:
        if self.user_id:
            return str(self.user)
        return self.name or self.email or self.external_id


class RoundFacilitator(models.Model):
    """A person a coordinator named to enter paper ballots in one round."""

    round = models.ForeignKey(
        ParticipationRound, on_delete=models.CASCADE, related_name="facilitators"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="round_facilitator_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} facilitates {self.round}"


# --- issue naming ------------------------------------------------------------------------


class Issue(models.Model):
    """A local issue named in a round. Hidden issues keep their row and show only the
    moderator's reason; a merged duplicate points to the issue that took its supports.
    What became of it (a proposal, a workplan activity, a budget project) stays linked."""

    round = models.ForeignKey(ParticipationRound, on_delete=models.CASCADE, related_name="issues")
    author = models.ForeignKey(
        RoundParticipant, null=True, on_delete=models.SET_NULL, related_name="issues"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("what is the issue"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    sdg_target = models.ForeignKey(
        SdgTarget,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("SDG target"),
    )
    photo = models.FileField(_("photo"), upload_to="participation/issues/%Y/%m/", blank=True)
    photo_type = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    hidden_reason = models.TextField(blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True, hidden_reason="")
                | (Q(hidden_at__isnull=False) & ~Q(hidden_reason="")),
                name="issue_hidden_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("id")), name="issue_not_merged_into_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None


class IssueSupport(models.Model):
    """A participant's support for an issue: 1 under approval, the dots given under dots."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="supports")
    participant = models.ForeignKey(
        RoundParticipant, on_delete=models.CASCADE, related_name="supports"
    )
    dots = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "participant"], name="issue_support_once"),
            models.CheckConstraint(condition=Q(dots__gte=1), name="issue_support_dots_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} supports {self.issue}"


# --- opinion mapping ---------------------------------------------------------------------


class Statement(models.Model):
    """A short statement in an opinion-mapping round (Pol.is' "comment")."""

    round = models.ForeignKey(
        ParticipationRound, on_delete=models.CASCADE, related_name="statements"
    )
    author = models.ForeignKey(
        RoundParticipant, null=True, on_delete=models.SET_NULL, related_name="statements"
    )
    text = models.CharField(_("statement"), max_length=280)
    created_at = models.DateTimeField(default=timezone.now)
    hidden_reason = models.TextField(blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True, hidden_reason="")
                | (Q(hidden_at__isnull=False) & ~Q(hidden_reason="")),
                name="statement_hidden_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class StatementChoice(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    PASS = "pass", _("Pass / unsure")


#: The value of each choice in the vote matrix (Pol.is: agree 1, disagree -1, pass 0).
STATEMENT_VALUES = {StatementChoice.AGREE: 1, StatementChoice.DISAGREE: -1, StatementChoice.PASS: 0}


class StatementVote(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(
        RoundParticipant, on_delete=models.CASCADE, related_name="statement_votes"
    )
    choice = models.CharField(max_length=8, choices=StatementChoice.choices)
    voted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "participant"], name="statement_vote_once"
            ),
            choices_check("choice", StatementChoice, "statement_vote_choice_valid"),
        ]
        # The statements' tallies are read from this index alone (a round of 300,000
        # votes: 0.5 s instead of 3 s on SQLite, docs/benchmarks/participation.md).
        indexes = [models.Index(fields=["statement", "choice"], name="statement_vote_tally")]

    def __str__(self) -> str:
        return f"{self.participant}: {self.choice} on {self.statement_id}"


# --- participatory budgeting -------------------------------------------------------------


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting review")
    ACCEPTED = "accepted", _("Feasible: on the ballot")
    REJECTED = "rejected", _("Not feasible")


class BudgetProject(models.Model):
    """A project of a budget round: proposed directly or from an issue, reviewed for
    feasibility, and on the ballot once accepted. A winning project becomes a workplan
    activity (``activity``) with a pledge from the pooled fund (``pledge``).

    ``external_id`` and ``fields`` keep an imported pabulib project's id and other
    columns (name, category, ...) so that the export gives them back.
    """

    round = models.ForeignKey(ParticipationRound, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    cost = models.DecimalField(_("cost"), **MONEY)
    owner = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner organization"),
    )
    issue = models.ForeignKey(
        Issue, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    status = models.CharField(
        max_length=8, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED
    )
    rejection_reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    external_id = models.CharField(max_length=100, blank=True)
    fields = models.JSONField(default=dict, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pledge = models.ForeignKey(
        Pledge, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(cost__gt=0), name="budget_project_cost_positive"),
            choices_check("status", ProjectStatus, "budget_project_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="budget_project_rejection_has_reason",
            ),
            models.UniqueConstraint(
                fields=["round", "external_id"],
                condition=~Q(external_id=""),
                name="budget_project_external_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def pabulib_id(self) -> str:
        return self.external_id or str(self.pk)


class BallotChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper")
    IMPORTED = "imported", _("Imported")


class BudgetBallot(models.Model):
    """A participant's ballot in a budget round. One per participant and round, whether
    cast online or on paper (entered by ``entered_by``), held by the database."""

    round = models.ForeignKey(ParticipationRound, on_delete=models.CASCADE, related_name="ballots")
    participant = models.ForeignKey(
        RoundParticipant, on_delete=models.PROTECT, related_name="budget_ballots"
    )
    channel = models.CharField(
        max_length=8, choices=BallotChannel.choices, default=BallotChannel.ONLINE
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "participant"], name="budget_ballot_one_per_participant"
            ),
            choices_check("channel", BallotChannel, "budget_ballot_channel_valid"),
            models.CheckConstraint(
                condition=~Q(channel="paper") | Q(entered_by__isnull=False),
                name="budget_ballot_paper_has_facilitator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant}'s ballot in {self.round}"


class BudgetBallotItem(models.Model):
    """One project on a ballot: its place on the ballot (the rank, for a ranking) and,
    on a cumulative ballot, the points given (an imported file may list a project with 0
    points, which does not count as support; a ballot cast here gives at least 1)."""

    ballot = models.ForeignKey(BudgetBallot, on_delete=models.CASCADE, related_name="items")
    project = models.ForeignKey(BudgetProject, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()
    points = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["ballot", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="ballot_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} on ballot {self.ballot_id}"

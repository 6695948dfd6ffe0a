"""Every write about decisions. Each checks permission, validates, runs in one transaction
and records an event."""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from accord.audit.services import event_record
from accord.decisions import alternatives, notices, selectors
from accord.decisions.models import (
    Ballot,
    BallotChoice,
    Chamber,
    Comment,
    Decision,
    DecisionKind,
    DecisionRule,
    Participation,
    Proposal,
    ProposalStatus,
    RuleAssignment,
    Secrecy,
    Stance,
    Voters,
    WeightsMode,
)
from accord.engine.voting import motions
from accord.engine.voting.caps import as_fraction
from accord.engine.voting.presets import get_preset
from accord.errors import Conflict, Forbidden, Invalid
from accord.errors import require_permission as _require
from accord.partners.models import Organization, Sector
from accord.partnerships.models import Partnership
from accord.partnerships.roles import represented_organization_ids
from accord.partnerships.selectors import member_organizations

logger = logging.getLogger(__name__)

_CHOICE_CODES = {
    BallotChoice.YES: motions.Choice.YES,
    BallotChoice.NO: motions.Choice.NO,
    BallotChoice.ABSTAIN: motions.Choice.ABSTAIN,
    BallotChoice.OBJECT: motions.Choice.OBJECT,
}


_SUBJECT_FIELDS = ("membership", "charter_version", "adopted_rule")


def _record(
    actor: Any, verb: str, target: Any, partnership: Partnership, summary: str, **data: Any
) -> None:
    event_record(
        actor=actor,
        verb=verb,
        target=target,
        summary=summary,
        partnership_id=partnership.pk,
        data=data,
    )


def _invalid(field: str, message: str) -> Invalid:
    return Invalid(f"{field}: {message}", field_errors={field: [message]})


def _share(value: Any, field: str) -> str:
    """A share in (0, 1] as an exact string such as "3/10"; empty for none."""
    if value in (None, ""):
        return ""
    try:
        share = as_fraction(value, field)
    except (ValueError, TypeError, ZeroDivisionError) as exc:
        raise _invalid(field, "Give a share such as 3/10 or 0.3.") from exc
    if not 0 < share <= 1:
        raise _invalid(field, "Must be more than 0 and at most 1.")
    return str(share)


def _weights(partnership: Partnership, weights: Mapping[Any, Any] | None) -> dict[str, str]:
    members = set(member_organizations(partnership=partnership).values_list("pk", flat=True))
    cleaned: dict[str, str] = {}
    for key, value in (weights or {}).items():
        try:
            org_id = int(key)
            weight = as_fraction(value, "weight")
        except (ValueError, TypeError, ZeroDivisionError) as exc:
            raise _invalid(
                "weights", f"“{key}: {value}” is not an organization and a number."
            ) from exc
        if org_id not in members:
            raise _invalid("weights", f"Organization {org_id} is not a member.")
        if weight < 0:
            raise _invalid("weights", "Weights cannot be negative.")
        cleaned[str(org_id)] = str(weight)
    return cleaned


# --- rules -----------------------------------------------------------------------------------


@transaction.atomic
def rule_create(
    *,
    actor: Any,
    partnership: Partnership,
    name: str,
    preset: str = "",
    spec: Mapping[str, Any] | None = None,
    weights_mode: str = WeightsMode.EQUAL,
    weights: Mapping[Any, Any] | None = None,
    cap: Any = "",
    secrecy: str = Secrecy.OPEN,
    voters: str = Voters.ORGANIZATIONS,
) -> DecisionRule:
    """A new rule from a preset key or a custom engine rule (``DecisionRule.to_dict()``).

    ``voters`` says who votes: member organizations (the default), individuals, or both in
    separate chambers. Individuals each have one vote, so a rule where only individuals
    vote takes neither custom or delivered weights nor a cap (under chambers those apply
    to the organizations chamber). Ranked, approval and score rules are voted by
    organizations or by individuals, never in chambers.
    """
    _require(actor, "decisions.manage_rules", partnership)
    name = (name or "").strip()
    if not name:
        raise _invalid("name", "Give the rule a name.")
    if DecisionRule.objects.filter(partnership=partnership, name=name).exists():
        raise _invalid("name", "Another rule has this name.")
    # ranked, approval and score rules (None for a yes/no rule)
    choice_spec = alternatives.rule_spec(preset=preset, spec=spec)
    if choice_spec is None and preset:
        try:
            engine_rule = get_preset(preset).rule
        except ValueError as exc:
            raise _invalid("preset", "Unknown preset.") from exc
    elif choice_spec is None and spec:
        try:
            engine_rule = motions.DecisionRule.from_dict(dict(spec))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise _invalid("spec", f"Not a valid rule: {exc}") from exc
    elif choice_spec is None:
        raise _invalid("preset", "Choose a preset or describe a custom rule.")
    if weights_mode not in WeightsMode.values:
        raise _invalid("weights_mode", "Choose equal or custom weights.")
    if secrecy not in Secrecy.values:
        raise _invalid("secrecy", "Choose open, anonymous or secret ballots.")
    _check_voters(voters, choice_spec=choice_spec, weights_mode=weights_mode, cap=cap)
    rule = DecisionRule.objects.create(
        partnership=partnership,
        name=name,
        preset=preset,
        spec=choice_spec if choice_spec is not None else engine_rule.to_dict(),
        weights_mode=weights_mode,
        weights=_weights(partnership, weights) if weights_mode == WeightsMode.CUSTOM else {},
        cap=_share(cap, "cap"),
        secrecy=secrecy,
        voters=voters,
        created_by=actor,
    )
    _record(actor, "decisions.rule_created", rule, partnership, f"Decision rule “{name}” created")
    return rule


def _check_voters(voters: str, *, choice_spec: Any, weights_mode: str, cap: Any) -> None:
    if voters not in Voters.values:
        raise _invalid("voters", "Choose organizations, individuals or chambers.")
    if voters == Voters.ORGANIZATIONS:
        return
    if choice_spec is not None and voters == Voters.CHAMBERS:
        raise _invalid(
            "voters",
            "A choice among alternatives has one winner, and two chambers could choose "
            "different ones: ranked, approval and score rules are voted by organizations or "
            "by individuals, not in chambers.",
        )
    if voters == Voters.INDIVIDUALS and weights_mode != WeightsMode.EQUAL:
        raise _invalid(
            "weights_mode",
            "Individuals each have one vote: custom or delivered weights are weights of "
            "organizations. Choose equal weights, or let organizations vote (alone or in "
            "their own chamber).",
        )
    if voters == Voters.INDIVIDUALS and cap not in (None, ""):
        raise _invalid(
            "cap", "Individuals each have one vote, so there is no share of the weight to cap."
        )


def rule_check_fits_kind(*, rule: DecisionRule, kind: str) -> None:
    """Admissions and charter amendments are yes/no questions: they need a yes/no rule."""
    if kind not in (DecisionKind.ADMISSION, DecisionKind.CHARTER):
        return
    try:
        motions.DecisionRule.from_dict(dict(rule.spec))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise _invalid(
            "rule", f"{DecisionKind(kind).label} is a yes/no question: choose a yes/no rule."
        ) from exc


@transaction.atomic
def rule_assign(
    *, actor: Any, partnership: Partnership, kind: str, rule: DecisionRule
) -> RuleAssignment:
    """Make ``rule`` decide proposals of ``kind`` (replacing any earlier assignment).

    Only while no rule is in force for ``kind`` (the partnership's founding choice): after
    that, changing a rule is itself a decision (``subjects.rule_adoption_propose``).
    """
    _require(actor, "decisions.manage_rules", partnership)
    if kind not in DecisionKind.values:
        raise _invalid("kind", "Unknown kind of decision.")
    if rule.partnership_id != partnership.pk:
        raise _invalid("rule", "The rule belongs to another partnership.")
    in_force = selectors.governing_rule(partnership=partnership, kind=kind)
    if in_force is not None:
        raise Conflict(
            f"“{in_force.name}” is in force for {DecisionKind(kind).label.lower()}: "
            "changing it is a decision, so propose adopting the new rule."
        )
    rule_check_fits_kind(rule=rule, kind=kind)
    return rule_assignment_apply(actor=actor, partnership=partnership, kind=kind, rule=rule)


def rule_assignment_apply(
    *, actor: Any, partnership: Partnership, kind: str, rule: DecisionRule
) -> RuleAssignment:
    """Store the assignment and record it; callers have authorized it (call in a transaction)."""
    assignment, _ = RuleAssignment.objects.update_or_create(
        partnership=partnership, kind=kind, defaults={"rule": rule}
    )
    _record(
        actor,
        "decisions.rule_assigned",
        assignment,
        partnership,
        f"“{rule.name}” now decides {DecisionKind(kind).label.lower()} proposals",
        kind=kind,
        rule_id=rule.pk,
    )
    return assignment


# --- proposals --------------------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *,
    actor: Any,
    partnership: Partnership,
    title: str,
    body: str = "",
    kind: str = DecisionKind.GENERAL,
    affected_groups: Iterable[str] = (),
    subject: Mapping[str, Any] | None = None,
) -> Proposal:
    """A draft proposal. ``subject`` (``membership``, ``charter_version`` or ``adopted_rule``)
    is set only by :mod:`accord.decisions.subjects`, which authorizes it."""
    _require(actor, "decisions.add_proposal", partnership)
    title = (title or "").strip()
    if not title:
        raise _invalid("title", "Give the proposal a title.")
    if len(title) > 200:
        raise _invalid("title", "At most 200 characters.")
    if kind not in DecisionKind.values:
        raise _invalid("kind", "Unknown kind of decision.")
    groups = list(dict.fromkeys(affected_groups))
    unknown = [g for g in groups if g not in Sector.values]
    if unknown:
        raise _invalid("affected_groups", f"Unknown sector(s): {', '.join(unknown)}.")
    proposal = Proposal.objects.create(
        partnership=partnership,
        kind=kind,
        title=title,
        body=body or "",
        author=actor,
        affected_groups=groups,
        **{k: v for k, v in (subject or {}).items() if k in _SUBJECT_FIELDS},
    )
    _record(actor, "decisions.proposal_created", proposal, partnership, f"Proposal “{title}”")
    return proposal


def _locked(proposal: Proposal) -> Proposal:
    """The proposal's row, re-read under FOR UPDATE (call inside the transaction)."""
    return Proposal.objects.select_for_update().select_related("partnership").get(pk=proposal.pk)


def _sync(proposal: Proposal, locked: Proposal) -> None:
    """Bring the caller's instance up to date with the row a service changed."""
    for field in Proposal._meta.concrete_fields:
        setattr(proposal, field.attname, getattr(locked, field.attname))


def _snapshot_for(proposal: Proposal) -> dict[str, Any]:
    rule = selectors.rule_for_kind(partnership=proposal.partnership, kind=proposal.kind)
    snapshot = selectors.rule_snapshot(rule) if rule is not None else selectors.default_snapshot()
    if proposal.affected_groups and not alternatives.is_alternatives_rule(snapshot):
        spec = dict(snapshot["rule"])
        spec["safeguards"] = [
            *spec.get("safeguards", []),
            {"rule": "group_consent", "options": {"groups": list(proposal.affected_groups)}},
        ]
        motions.DecisionRule.from_dict(spec)  # fails loudly here rather than at the close
        snapshot["rule"] = spec
    return snapshot


@transaction.atomic
def proposal_advance(
    *, actor: Any, proposal: Proposal, closes_at: datetime | None = None
) -> Proposal:
    """draft → deliberation → voting. Opening the vote needs ``closes_at`` in the future and
    freezes the rule in force for this kind of decision (plus group consent for the affected
    sectors) into the proposal."""
    _require(actor, "decisions.advance_proposal", proposal.partnership)
    locked = _locked(proposal)
    now = timezone.now()
    if locked.status == ProposalStatus.DRAFT:
        locked.status = ProposalStatus.DELIBERATION
        locked.save(update_fields=["status"])
        verb, summary = "decisions.deliberation_opened", f"Deliberation opened on “{locked.title}”"
    elif locked.status == ProposalStatus.DELIBERATION:
        if closes_at is None:
            raise _invalid("closes_at", "Say when voting closes.")
        if timezone.is_naive(closes_at):
            raise _invalid("closes_at", "Give a date and time with its time zone.")
        if closes_at <= now:
            raise _invalid("closes_at", "Voting must close in the future.")
        locked.rule_snapshot = alternatives.snapshot_with_alternatives(
            proposal=locked, snapshot=_snapshot_for(locked)
        )
        locked.voting_opens_at = now
        locked.voting_closes_at = closes_at
        locked.status = ProposalStatus.VOTING
        locked.save(
            update_fields=["rule_snapshot", "voting_opens_at", "voting_closes_at", "status"]
        )
        verb, summary = "decisions.voting_opened", f"Voting opened on “{locked.title}”"
        _enqueue_close(locked)
    else:
        raise Conflict(f"A proposal that is {locked.get_status_display().lower()} cannot advance.")
    _record(actor, verb, locked, locked.partnership, summary, status=locked.status)
    notices.proposal_advanced_notify(proposal=locked, actor=actor)
    _sync(proposal, locked)
    return locked


def _enqueue_close(proposal: Proposal) -> None:
    from accord.decisions import tasks

    proposal_id, closes_at = proposal.pk, proposal.voting_closes_at

    def enqueue() -> None:
        tasks.proposal_close_when_due.using(run_after=closes_at).enqueue(proposal_id)

    transaction.on_commit(enqueue)


@transaction.atomic
def proposal_withdraw(*, actor: Any, proposal: Proposal) -> Proposal:
    """The author or a coordinator withdraws a proposal that is not decided yet."""
    is_author = actor is not None and actor.is_authenticated and proposal.author_id == actor.pk
    if not is_author:
        _require(actor, "decisions.withdraw_proposal", proposal.partnership)
    locked = _locked(proposal)
    if locked.status not in (
        ProposalStatus.DRAFT,
        ProposalStatus.DELIBERATION,
        ProposalStatus.VOTING,
    ):
        raise Conflict("Only a proposal that is not decided yet can be withdrawn.")
    locked.status = ProposalStatus.WITHDRAWN
    locked.save(update_fields=["status"])
    _sync(proposal, locked)
    _record(
        actor,
        "decisions.proposal_withdrawn",
        locked,
        locked.partnership,
        f"“{locked.title}” withdrawn",
    )
    return locked


@transaction.atomic
def proposal_mark_implemented(*, actor: Any, proposal: Proposal) -> Proposal:
    _require(actor, "decisions.close_proposal", proposal.partnership)
    locked = _locked(proposal)
    if locked.status != ProposalStatus.ACCEPTED:
        raise Conflict("Only an accepted proposal can be marked implemented.")
    locked.status = ProposalStatus.IMPLEMENTED
    locked.save(update_fields=["status"])
    _sync(proposal, locked)
    _record(
        actor,
        "decisions.proposal_implemented",
        locked,
        locked.partnership,
        f"“{locked.title}” implemented",
    )
    return locked


# --- comments ---------------------------------------------------------------------------------


@transaction.atomic
def comment_add(
    *,
    actor: Any,
    proposal: Proposal,
    body: str,
    stance: str = Stance.QUESTION,
    parent: Comment | None = None,
) -> Comment:
    _require(actor, "decisions.comment_proposal", proposal.partnership)
    if proposal.status not in (
        ProposalStatus.DRAFT,
        ProposalStatus.DELIBERATION,
        ProposalStatus.VOTING,
    ):
        raise Conflict("The discussion is closed.")
    body = (body or "").strip()
    if not body:
        raise _invalid("body", "Write something.")
    if stance not in Stance.values:
        raise _invalid("stance", "Choose support, concern, question or objection.")
    if parent is not None and parent.proposal_id != proposal.pk:
        raise _invalid("parent", "The comment replied to is on another proposal.")
    comment = Comment.objects.create(
        proposal=proposal, parent=parent, stance=stance, body=body, author=actor
    )
    _record(
        actor,
        "decisions.comment_added",
        comment,
        proposal.partnership,
        f"{Stance(stance).label} on “{proposal.title}”",
        proposal_id=proposal.pk,
    )
    return comment


# --- ballots ---------------------------------------------------------------------------------


def ballot_pseudonym(*, proposal_id: int, organization_id: int) -> str:
    """The voter key of an anonymous or secret ballot: HMAC-SHA256(SECRET_KEY, proposal, org)."""
    message = f"accord.decisions.ballot:{proposal_id}:{organization_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def person_pseudonym(*, proposal_id: int, person_id: int) -> str:
    """The voter key of a person's anonymous or secret ballot in the individuals chamber.

    HMAC-SHA256(SECRET_KEY, proposal, person) under its own prefix, so it never equals an
    organization's pseudonym even when the ids coincide.
    """
    message = f"accord.decisions.ballot.person:{proposal_id}:{person_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _voting_chamber(
    actor: Any, proposal: Proposal, chamber: str | None, organization: Organization | None
) -> str:
    """The chamber a cast goes to: the one given, else the only one the actor votes in."""
    chambers = proposal.chambers
    if chamber:
        if chamber not in Chamber.values:
            raise _invalid("chamber", "Choose the organizations or the individuals chamber.")
        if chamber not in chambers:
            raise _invalid(
                "chamber", f"This proposal is not voted in the {Chamber(chamber).label}."
            )
        return chamber
    if len(chambers) == 1:
        return chambers[0]
    if organization is not None:
        return Chamber.ORGANIZATIONS
    members = member_organizations(partnership=proposal.partnership).filter(
        pk__in=represented_organization_ids(actor)
    )
    if members.exists():
        raise _invalid(
            "chamber",
            "Say which chamber you vote in: for your organization, or as yourself.",
        )
    return Chamber.INDIVIDUALS


def _voting_person(actor: Any, proposal: Proposal) -> Any:
    """The actor, if they vote as themselves in this partnership (``Forbidden`` otherwise)."""
    eligible = {
        i.person.pk for i in selectors.eligible_individuals(partnership=proposal.partnership)
    }
    if actor.pk not in eligible:
        raise Forbidden(
            "Only the people of admitted member organizations and community participants "
            "vote in the individuals chamber."
        )
    return actor


def _voting_organization(
    actor: Any, proposal: Proposal, organization: Organization | None
) -> Organization:
    members = {org.pk: org for org in member_organizations(partnership=proposal.partnership)}
    mine = [members[pk] for pk in sorted(represented_organization_ids(actor)) if pk in members]
    if organization is None:
        if len(mine) == 1:
            return mine[0]
        if not mine:
            raise Forbidden("Only representatives of member organizations vote.")
        raise _invalid("organization", "Say which organization you vote for.")
    if organization.pk not in members:
        raise Forbidden(f"{organization} is not a member of this partnership.")
    if organization.pk not in {org.pk for org in mine}:
        raise Forbidden(f"You do not represent {organization}.")
    return members[organization.pk]


def _voting_state_shared(proposal: Proposal) -> dict[str, Any]:
    """The proposal's status and deadline, holding a share lock on PostgreSQL.

    Casts take FOR SHARE, which does not block other casts but makes ``proposal_close``
    (FOR UPDATE) wait for casts in flight, so a ballot is never stored after the tally
    was read. SQLite serializes writers anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT status, voting_closes_at FROM {Proposal._meta.db_table} "  # noqa: S608
                "WHERE id = %s FOR SHARE",
                [proposal.pk],
            )
            status, closes_at = cursor.fetchone()
        return {"status": status, "voting_closes_at": closes_at}
    return Proposal.objects.filter(pk=proposal.pk).values("status", "voting_closes_at").get()


@transaction.atomic
def ballot_cast(
    *,
    actor: Any,
    proposal: Proposal,
    choice: str = "",
    reason: str = "",
    organization: Organization | None = None,
    now: datetime | None = None,
    ranking: Any = None,
    approvals: Any = None,
    scores: Any = None,
    chamber: str | None = None,
) -> Ballot:
    """Cast or change a ballot. Each cast is a new row; the last one counts.

    In the organizations chamber the actor votes for an ``organization`` they represent; in
    the individuals chamber (rules where individuals vote) as themselves. ``chamber``
    defaults to the only one the proposal or the actor has.

    Two concurrent casts for the same voter collide on the ballot's unique constraint: one
    is stored, the other gets ``Conflict`` and changes nothing.
    """
    _require(actor, "decisions.vote_proposal", proposal.partnership)
    now = now or timezone.now()
    current = _voting_state_shared(proposal)
    if current["status"] != ProposalStatus.VOTING:
        raise Conflict("Voting is not open on this proposal.")
    if current["voting_closes_at"] is None or now >= current["voting_closes_at"]:
        raise Conflict("Voting on this proposal has closed.")
    chamber = _voting_chamber(actor, proposal, chamber, organization)
    if chamber == Chamber.INDIVIDUALS:
        if organization is not None:
            raise _invalid("organization", "In the individuals chamber you vote as yourself.")
        voter = _voting_person(actor, proposal)
    else:
        voter = _voting_organization(actor, proposal, organization)
    # a ranking, approval set or scores under a rule with alternatives; None for yes/no
    preferences = alternatives.ballot_preferences(
        proposal=proposal, ranking=ranking, approvals=approvals, scores=scores
    )
    choice = "" if preferences is not None else choice
    if preferences is None and choice not in BallotChoice.values:
        raise _invalid("choice", "Choose yes, no, abstain or object.")
    reason = (reason or "").strip()
    if choice == BallotChoice.OBJECT and not reason:
        raise _invalid("reason", "An objection must state its reason.")
    method = (proposal.rule_snapshot or {}).get("rule", {}).get("method", {})
    if (
        method.get("rule") == "consent"
        and choice == BallotChoice.NO
        and not method.get("options", {}).get("count_no_as_objection")
    ):
        raise _invalid("choice", "Under consent, object with a reason, consent or stand aside.")

    secret = proposal.secrecy != Secrecy.OPEN
    individual = chamber == Chamber.INDIVIDUALS
    key: dict[str, Any]
    if secret:
        pseudonym = (
            person_pseudonym(proposal_id=proposal.pk, person_id=voter.pk)
            if individual
            else ballot_pseudonym(proposal_id=proposal.pk, organization_id=voter.pk)
        )
        key = {"pseudonym": pseudonym}
    else:
        key = {"person": voter} if individual else {"organization": voter}
    who = {"person": voter} if individual else {"organization": voter}
    previous = Ballot.objects.filter(proposal=proposal, **key).aggregate(m=Max("sequence"))["m"]
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                proposal=proposal,
                sequence=(previous or 0) + 1,
                choice=choice,
                reason=reason,
                preferences=preferences,
                cast_by=None if secret else actor,
                cast_at=now,
                chamber=chamber,
                **key,
            )
            participation, _ = Participation.objects.get_or_create(
                proposal=proposal, **who, defaults={"voted_at": now}
            )
    except IntegrityError as exc:
        whose = "your own ballot" if individual else "a ballot for this organization"
        raise Conflict(
            f"Another cast of {whose} happened at the same moment; reload and try again."
        ) from exc
    where = f" in the {Chamber(chamber).label}" if len(proposal.chambers) > 1 else ""
    if secret:
        _record(
            actor,
            "decisions.ballot_cast",
            participation,
            proposal.partnership,
            f"{voter} voted{where} on “{proposal.title}”",
            proposal_id=proposal.pk,
            chamber=chamber,
        )
    else:
        _record(
            actor,
            "decisions.ballot_cast",
            ballot,
            proposal.partnership,
            f"{voter} voted {choice or alternatives.describe(preferences, proposal.rule_snapshot['alternatives'])}{where} on “{proposal.title}”",
            proposal_id=proposal.pk,
            choice=choice,
            sequence=ballot.sequence,
            chamber=chamber,
        )
    return ballot


# --- closing ---------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else str(value)
    return value


def _totals(totals: motions.ChoiceTotals) -> dict[str, Any]:
    return {
        name: _plain(getattr(totals, name)) for name in ("yes", "no", "abstain", "object", "absent")
    }


def motion_ballots(
    *, proposal: Proposal, snapshot: dict[str, Any], chamber: str = Chamber.ORGANIZATIONS
) -> tuple[motions.MotionBallots, list[Any]]:
    """The engine's ballots in one chamber: one entry per eligible voter (an admitted member
    with its weight, or a person with one vote), its group and its current choice."""
    table = selectors.chamber_table(
        partnership=proposal.partnership, snapshot=snapshot, chamber=chamber
    )
    ballots = selectors.current_ballots(proposal=proposal)
    secret = snapshot.get("secrecy", Secrecy.OPEN) != Secrecy.OPEN
    choices, reasons = [], []
    for voter in table.voters:
        key = selectors.voter_key(
            proposal=proposal, chamber=chamber, voter_id=voter.pk, secret=secret
        )
        ballot = ballots.get(key)
        choices.append(int(_CHOICE_CODES[ballot.choice]) if ballot else int(motions.Choice.ABSENT))
        reasons.append(bool(ballot and ballot.reason))
    group_names = selectors.GROUP_NAMES
    motion = motions.MotionBallots(
        choices=_array(choices),
        weights=table.weights if table.weighted and table.organizations else None,
        groups=_array([group_names.index(g) for g in table.groups]),
        group_names=group_names,
        reasons=_array(reasons, bool),
    )
    return motion, table.organizations


def _array(values: list[Any], dtype: Any = None) -> Any:
    import numpy as np

    return np.array(values, dtype=dtype or np.int64)


@dataclass(frozen=True)
class ChambersResult:
    """The outcome of a proposal voted in two chambers: it passes only if it passes in both.

    Mirrors what ``proposal_close`` reads of ``motions.MotionResult`` (``outcome``,
    ``reason``, ``decided_by``, ``explain()``). No quorum in a chamber gives "no_quorum";
    otherwise a chamber that rejects rejects the proposal.
    """

    outcome: str
    reason: str
    decided_by: str
    by_chamber: dict[str, motions.MotionResult]

    @classmethod
    def combine(cls, by_chamber: dict[str, motions.MotionResult]) -> ChambersResult:
        outcomes = {chamber: r.outcome for chamber, r in by_chamber.items()}
        if all(o == "accepted" for o in outcomes.values()):
            outcome = "accepted"
        elif "no_quorum" in outcomes.values():
            outcome = "no_quorum"
        else:
            outcome = "rejected"
        parts, failed = [], []
        for chamber, r in by_chamber.items():
            label = Chamber(chamber).label
            if r.outcome == "accepted":
                parts.append(f"passed in the {label}")
            else:
                verb = "had no quorum in" if r.outcome == "no_quorum" else "failed in"
                parts.append(f"{verb} the {label}: {r.reason.rstrip('.')}")
                failed.append(chamber)
        if outcome == "accepted":
            reason = "Passed in both chambers: " + "; ".join(
                f"the {Chamber(c).label}: {r.reason.rstrip('.')}" for c, r in by_chamber.items()
            )
        else:
            # "passed in the organizations chamber, failed in the individuals chamber: …"
            reason = parts[0]
            for part in parts[1:]:
                reason += (", " if reason.startswith("passed") else "; ") + part
            reason = reason[0].upper() + reason[1:]
        decided_by = "both chambers" if not failed else f"{failed[0]} chamber"
        return cls(outcome, reason + ".", decided_by, dict(by_chamber))

    def explain(self) -> str:
        lines = [f"{self.outcome.replace('_', ' ').capitalize()}: {self.reason}"]
        for chamber, r in self.by_chamber.items():
            lines.append(f"— {Chamber(chamber).label.capitalize()} —")
            lines.append(r.explain())
        return "\n".join(lines)


def _decision_counts(result: Any) -> dict[str, Any]:
    if isinstance(result, alternatives.AlternativesResult):
        return result.counts
    if isinstance(result, ChambersResult):
        return {
            "chambers": [
                {
                    "chamber": chamber,
                    "label": Chamber(chamber).label,
                    "outcome": r.outcome,
                    "reason": r.reason,
                    **_decision_counts(r),
                }
                for chamber, r in result.by_chamber.items()
            ]
        }
    return {
        "totals": _totals(result.totals),
        "weights": _totals(result.weight_totals),
        "by_group": [
            {
                "group": g.group,
                "eligible": g.eligible,
                "counts": _totals(g.counts),
                "weights": _totals(g.weights),
            }
            for g in result.by_group
            if g.eligible
        ],
        "conditions": [
            {"condition": c.condition, "role": c.role, "passed": c.passed, "reason": c.reason}
            for c in result.conditions
        ],
        "quorum": None
        if result.quorum is None
        else {"met": result.quorum.met, "reason": result.quorum.reason},
    }


@transaction.atomic
def proposal_close(
    *,
    actor: Any,
    proposal: Proposal,
    rationale: str = "",
    now: datetime | None = None,
) -> Decision:
    """Tally with the engine and store the decision. Idempotent.

    Before the deadline only a coordinator may close, and only once every member has
    voted. At or after the deadline anyone's request (or the background task, with
    ``actor=None``) closes it. Locks the proposal row, so two closes never both decide.
    """
    now = now or timezone.now()
    locked = _locked(proposal)
    existing = Decision.objects.filter(proposal=locked).first()
    if existing is not None:
        _sync(proposal, locked)
        return existing
    if locked.status != ProposalStatus.VOTING:
        raise Conflict("Only a proposal in voting can be closed.")
    assert locked.voting_closes_at is not None
    if now < locked.voting_closes_at:
        _require(actor, "decisions.close_proposal", locked.partnership)
        if not selectors.has_everyone_voted(proposal=locked):
            raise Conflict(
                "Voting can close early only once every eligible voter has voted"
                + (" in every chamber." if len(locked.chambers) > 1 else ".")
            )
    snapshot = locked.rule_snapshot or selectors.default_snapshot()
    if alternatives.is_alternatives_rule(snapshot):
        result: Any = alternatives.tally(proposal=locked, snapshot=snapshot)
    else:
        by_chamber = {}
        for chamber in selectors.chambers_of(snapshot):
            motion, _ = motion_ballots(proposal=locked, snapshot=snapshot, chamber=chamber)
            try:
                by_chamber[chamber] = motions.decide(motion, selectors.engine_rule(snapshot))
            except ValueError as exc:
                raise Invalid(f"The rule cannot be applied to these ballots: {exc}") from exc
        result = (
            ChambersResult.combine(by_chamber)
            if len(by_chamber) > 1
            else next(iter(by_chamber.values()))
        )
    from accord.decisions.subjects import subject_effect_apply

    effect = subject_effect_apply(proposal=locked, outcome=result.outcome, actor=actor)
    decision = Decision.objects.create(
        proposal=locked,
        outcome=result.outcome,
        reason=result.reason,
        decided_by=result.decided_by,
        explanation=result.explain(),
        counts=_decision_counts(result),
        rule=snapshot,
        rationale=(rationale or "").strip(),
        effect=effect,
        closed_by=actor if actor is not None and actor.is_authenticated else None,
        decided_at=now,
    )
    locked.status = result.outcome
    locked.save(update_fields=["status"])
    _sync(proposal, locked)
    _record(
        actor,
        "decisions.proposal_decided",
        decision,
        locked.partnership,
        f"“{locked.title}”: {ProposalStatus(result.outcome).label.lower()}",
        proposal_id=locked.pk,
        outcome=result.outcome,
    )
    notices.proposal_decided_notify(proposal=locked, decision=decision, actor=actor)
    return decision


@transaction.atomic
def decision_rationale_add(*, actor: Any, decision: Decision, rationale: str) -> Decision:
    """Write the rationale of a decision closed without one (e.g. at the deadline).

    The decision itself never changes: only an empty rationale can be filled, once.
    """
    proposal = decision.proposal
    _require(actor, "decisions.close_proposal", proposal.partnership)
    rationale = (rationale or "").strip()
    if not rationale:
        raise _invalid("rationale", "Write the rationale.")
    if not Decision.objects.filter(pk=decision.pk, rationale="").update(rationale=rationale):
        raise Conflict("This decision already has its rationale.")
    decision.rationale = rationale
    _record(
        actor,
        "decisions.rationale_added",
        decision,
        proposal.partnership,
        f"Rationale written for “{proposal.title}”",
        proposal_id=proposal.pk,
    )
    return decision


def proposal_close_if_due(*, proposal: Proposal, now: datetime | None = None) -> Decision | None:
    """Close the proposal if its deadline has passed (lazy close from any page, or the task)."""
    now = now or timezone.now()
    if (
        proposal.status != ProposalStatus.VOTING
        or proposal.voting_closes_at is None
        or now < proposal.voting_closes_at
    ):
        return None
    try:
        return proposal_close(actor=None, proposal=proposal, now=now)
    except Invalid:
        # A rule that cannot be applied must not break every page that closes lazily;
        # the proposal stays in voting (no more ballots: the deadline passed).
        logger.exception("Proposal %s could not be closed", proposal.pk)
        return None


def proposals_close_due(*, partnership: Partnership, now: datetime | None = None) -> int:
    """Close every proposal of the partnership whose deadline has passed; how many closed."""
    now = now or timezone.now()
    closed = 0
    for proposal in selectors.proposals_due(partnership=partnership, now=now):
        if proposal_close_if_due(proposal=proposal, now=now) is not None:
            closed += 1
    return closed

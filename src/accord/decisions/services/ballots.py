"""Casting ballots: who votes in which chamber, pseudonyms, the append-only rows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import Summary, summary
from accord.core.persistence import unique_or_conflict
from accord.decisions import choice_rules, pseudonyms, selectors
from accord.decisions.models import (
    Ballot,
    BallotChoice,
    Chamber,
    Participation,
    Proposal,
    ProposalStatus,
    Secrecy,
)
from accord.decisions.services import consent, notices
from accord.decisions.services._common import _invalid
from accord.decisions.services.alternatives import ballot_preferences
from accord.errors import Conflict, Forbidden
from accord.errors import require_permission as _require
from accord.partners.models import Organization
from accord.partnerships.roles import represented_organization_ids
from accord.partnerships.selectors import member_organizations
from accord.partnerships.services import representatives_of


def _day_of(moment: datetime) -> datetime:
    """Midnight (UTC) of the moment's day: the time a secret ballot keeps."""
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _voting_chamber(
    actor: Any, proposal: Proposal, chamber: str | None, organization: Organization | None
) -> str:
    """The chamber a cast goes to: the one given, else the only one the actor votes in."""
    chambers = proposal.chambers
    if chamber:
        if chamber not in Chamber.values:
            raise _invalid("chamber", _("Choose the organizations or the individuals chamber."))
        if chamber not in chambers:
            raise _invalid(
                "chamber",
                _("This proposal is not voted in the %(chamber)s.")
                % {"chamber": Chamber(chamber).label},
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
            _("Say which chamber you vote in: for your organization, or as yourself."),
        )
    return Chamber.INDIVIDUALS


def _voting_person(actor: Any, proposal: Proposal) -> Any:
    """The actor, if they vote as themselves in this partnership (``Forbidden`` otherwise)."""
    snapshot = proposal.rule_snapshot or {}
    people = selectors.eligible_individuals(partnership=proposal.partnership)
    eligible = {i.person.pk for i in people}
    if actor.pk not in eligible:
        raise Forbidden(
            _(
                "Only the people of admitted member organizations and community participants "
                "vote in the individuals chamber."
            )
        )
    if actor.pk not in {
        i.person.pk for i in selectors.in_electorate(people, snapshot, Chamber.INDIVIDUALS)
    }:
        raise Forbidden(_("You joined after voting opened: you vote on later proposals."))
    return actor


def _joined_late(organization: Organization) -> Forbidden:
    return Forbidden(
        _(
            "%(organization)s joined after voting opened on this proposal: it votes on "
            "later proposals."
        )
        % {"organization": organization}
    )


def _voting_organization(
    actor: Any, proposal: Proposal, organization: Organization | None
) -> Organization:
    members = {org.pk: org for org in member_organizations(partnership=proposal.partnership)}
    electorate = {
        org.pk
        for org in selectors.in_electorate(
            list(members.values()), proposal.rule_snapshot or {}, Chamber.ORGANIZATIONS
        )
    }
    represented = [
        members[pk] for pk in sorted(represented_organization_ids(actor)) if pk in members
    ]
    mine = [org for org in represented if org.pk in electorate]
    if organization is None:
        if len(mine) == 1:
            return mine[0]
        if not mine and represented:
            raise _joined_late(represented[0])
        if not mine:
            raise Forbidden(_("Only representatives of member organizations vote."))
        raise _invalid("organization", _("Say which organization you vote for."))
    if organization.pk not in members:
        raise Forbidden(
            _("%(organization)s is not a member of this partnership.")
            % {"organization": organization}
        )
    if organization.pk not in {org.pk for org in represented}:
        raise Forbidden(
            _("You do not represent %(organization)s.") % {"organization": organization}
        )
    if organization.pk not in electorate:
        raise _joined_late(organization)
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


#: The event of a secret ballot, by the chamber it is cast in ("" for a single chamber).
_SECRET_CAST = {
    "": gettext_noop("%(voter)s voted on “%(title)s”"),
    Chamber.ORGANIZATIONS: gettext_noop(
        "%(voter)s voted in the organizations chamber on “%(title)s”"
    ),
    Chamber.INDIVIDUALS: gettext_noop("%(voter)s voted in the individuals chamber on “%(title)s”"),
}

#: The event of an open yes/no ballot, by its choice and the chamber ("" for a single one).
_OPEN_CAST = {
    (BallotChoice.YES, ""): gettext_noop("%(voter)s voted yes on “%(title)s”"),
    (BallotChoice.NO, ""): gettext_noop("%(voter)s voted no on “%(title)s”"),
    (BallotChoice.ABSTAIN, ""): gettext_noop("%(voter)s voted abstain on “%(title)s”"),
    (BallotChoice.OBJECT, ""): gettext_noop("%(voter)s voted object on “%(title)s”"),
    (BallotChoice.YES, Chamber.ORGANIZATIONS): gettext_noop(
        "%(voter)s voted yes in the organizations chamber on “%(title)s”"
    ),
    (BallotChoice.NO, Chamber.ORGANIZATIONS): gettext_noop(
        "%(voter)s voted no in the organizations chamber on “%(title)s”"
    ),
    (BallotChoice.ABSTAIN, Chamber.ORGANIZATIONS): gettext_noop(
        "%(voter)s voted abstain in the organizations chamber on “%(title)s”"
    ),
    (BallotChoice.OBJECT, Chamber.ORGANIZATIONS): gettext_noop(
        "%(voter)s voted object in the organizations chamber on “%(title)s”"
    ),
    (BallotChoice.YES, Chamber.INDIVIDUALS): gettext_noop(
        "%(voter)s voted yes in the individuals chamber on “%(title)s”"
    ),
    (BallotChoice.NO, Chamber.INDIVIDUALS): gettext_noop(
        "%(voter)s voted no in the individuals chamber on “%(title)s”"
    ),
    (BallotChoice.ABSTAIN, Chamber.INDIVIDUALS): gettext_noop(
        "%(voter)s voted abstain in the individuals chamber on “%(title)s”"
    ),
    (BallotChoice.OBJECT, Chamber.INDIVIDUALS): gettext_noop(
        "%(voter)s voted object in the individuals chamber on “%(title)s”"
    ),
}


def _open_cast_summary(
    voter: Any, proposal: Proposal, choice: str, preferences: dict[str, Any] | None, where: str
) -> Summary:
    """The event of an open ballot: its choice, or its preferences among the alternatives
    (voted in one chamber only), as ``choice_rules.describe`` writes them."""
    if preferences is None or choice:
        return summary(_OPEN_CAST[choice, where], voter=voter, title=proposal.title)
    withheld = bool(preferences.get("withhold_consent"))
    alternatives = proposal.rule_snapshot["alternatives"]
    if "approved" in preferences:
        names = {a["id"]: a["name"] for a in alternatives}
        approved = ", ".join(names.get(i, "?") for i in preferences["approved"])
        message = (
            gettext_noop(
                "%(voter)s voted approves %(alternatives)s (withholds consent) on “%(title)s”"
            )
            if withheld
            else gettext_noop("%(voter)s voted approves %(alternatives)s on “%(title)s”")
        )
        return summary(message, voter=voter, alternatives=approved, title=proposal.title)
    plain = {k: v for k, v in preferences.items() if k != "withhold_consent"}
    message = (
        gettext_noop("%(voter)s voted %(preferences)s (withholds consent) on “%(title)s”")
        if withheld
        else gettext_noop("%(voter)s voted %(preferences)s on “%(title)s”")
    )
    return summary(
        message,
        voter=voter,
        preferences=choice_rules.describe(plain, alternatives),
        title=proposal.title,
    )


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
    withhold_consent: bool = False,
) -> Ballot:
    """Cast or change a ballot. Each cast is a new row; the last one counts.

    ``withhold_consent`` (ranked, approval and score ballots of a decision that asks groups
    for their consent) withholds the voter's consent, for the ``reason`` given; it counts
    for the groups the voter belongs to (``services.consent``).

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
        raise Conflict(_("Voting is not open on this proposal."))
    if current["voting_closes_at"] is None or now >= current["voting_closes_at"]:
        raise Conflict(_("Voting on this proposal has closed."))
    chamber = _voting_chamber(actor, proposal, chamber, organization)
    if chamber == Chamber.INDIVIDUALS:
        if organization is not None:
            raise _invalid("organization", _("In the individuals chamber you vote as yourself."))
        voter = _voting_person(actor, proposal)
    else:
        voter = _voting_organization(actor, proposal, organization)
    # a ranking, approval set or scores under a rule with alternatives; None for yes/no
    preferences = ballot_preferences(
        proposal=proposal, ranking=ranking, approvals=approvals, scores=scores
    )
    preferences = consent.withheld_preferences(
        proposal=proposal,
        preferences=preferences,
        withhold=bool(withhold_consent),
        reason=(reason or "").strip(),
    )
    choice = "" if preferences is not None else choice
    if preferences is None and choice not in BallotChoice.values:
        raise _invalid("choice", _("Choose yes, no, abstain or object."))
    reason = (reason or "").strip()
    if choice == BallotChoice.OBJECT and not reason:
        raise _invalid("reason", _("An objection must state its reason."))
    method = (proposal.rule_snapshot or {}).get("rule", {}).get("method", {})
    if (
        method.get("rule") == "consent"
        and choice == BallotChoice.NO
        and not method.get("options", {}).get("count_no_as_objection")
    ):
        raise _invalid("choice", _("Under consent, object with a reason, consent or stand aside."))

    secret = proposal.secrecy != Secrecy.OPEN
    individual = chamber == Chamber.INDIVIDUALS
    key: dict[str, Any]
    if secret:
        pseudonym = (
            pseudonyms.person_pseudonym(proposal_id=proposal.pk, person_id=voter.pk)
            if individual
            else pseudonyms.ballot_pseudonym(proposal_id=proposal.pk, organization_id=voter.pk)
        )
        key = {"pseudonym": pseudonym}
    else:
        key = {"person": voter} if individual else {"organization": voter}
    who = {"person": voter} if individual else {"organization": voter}
    previous = Ballot.objects.filter(proposal=proposal, **key).aggregate(m=Max("sequence"))["m"]
    with unique_or_conflict(
        _("Another cast of your own ballot happened at the same moment; reload and try again.")
        if individual
        else _(
            "Another cast of a ballot for this organization happened at the same moment; "
            "reload and try again."
        )
    ):
        ballot = Ballot.objects.create(
            proposal=proposal,
            sequence=(previous or 0) + 1,
            choice=choice,
            reason=reason,
            preferences=preferences,
            cast_by=None if secret else actor,
            # a secret ballot keeps the day only: an exact time would pair it with the
            # participation below (same moment) and order it among the others
            cast_at=_day_of(now) if secret else now,
            chamber=chamber,
            **key,
        )
        participation, first_vote = Participation.objects.get_or_create(
            proposal=proposal, **who, defaults={"voted_at": now}
        )
    answered = [actor] if individual else [*representatives_of(voter), actor]
    notices.vote_asks_resolve(proposal=proposal, users=answered)
    where = chamber if len(proposal.chambers) > 1 else ""
    if secret and first_vote:
        # a secret ballot is recorded once, on the first vote: one event per change would
        # count a voter's ballots, and the number of rows under a pseudonym would name it
        partnership_event_record(
            actor,
            "decisions.ballot_cast",
            participation,
            proposal.partnership,
            summary(_SECRET_CAST[where], voter=voter, title=proposal.title),
            proposal_id=proposal.pk,
            chamber=chamber,
        )
    elif not secret:
        partnership_event_record(
            actor,
            "decisions.ballot_cast",
            ballot,
            proposal.partnership,
            _open_cast_summary(voter, proposal, choice, preferences, where),
            proposal_id=proposal.pk,
            choice=choice,
            sequence=ballot.sequence,
            chamber=chamber,
        )
    return ballot

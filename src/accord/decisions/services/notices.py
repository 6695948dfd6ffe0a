"""Telling people about proposals: in-app notifications, emailed after commit.

Offered here (each called explicitly, once, by the decisions service that changes the
proposal, inside its transaction; never from signals):

- :func:`proposal_advanced_notify` -- after ``proposal_advance``: a new proposal is open
  for deliberation (:func:`proposal_opened_notify`), or voting opened
  (:func:`voting_opened_notify`; the reminder is queued by ``deadlines.deadlines_schedule``);
- :func:`voting_reminder_send` -- 24 hours before the close, the representatives of the
  members that have not voted yet (the task ``proposal_remind_when_due`` and the
  ``accord decisions_sweep`` command call it; sending twice is impossible);
- :func:`proposal_decided_notify` -- after ``proposal_close``: the outcome and why.

Who hears what (docs/decision-rules.md, "Notifications"):

====================  ===========================================================
event                 recipients (never the person who did it)
====================  ===========================================================
open for discussion   everyone with a seat: coordinators, the people (representatives
                      and staff) of admitted member organizations, community participants
voting open           representatives of admitted members, and coordinators; where
                      individuals vote, every eligible individual too
closes in 24 hours    representatives of admitted members that have not voted yet; where
                      individuals vote, every eligible individual who has not voted
                      as themselves
decided               everyone with a seat, as for the opening
====================  ===========================================================

Observers and invited (not yet admitted) organizations are not notified: they may
read proposals but take no part in them. Nothing here reveals who voted to anyone
but that organization's own representatives, so it holds under secret ballots.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.core.formats import format_day
from accord.decisions.models import Chamber, Decision, Participation, Proposal, ProposalStatus
from accord.decisions.selectors import eligible_individuals
from accord.notifications.models import Notification
from accord.notifications.services import notifications_resolve, notify
from accord.partners.models import Affiliation
from accord.partnerships.models import ParticipantRole, Partnership
from accord.partnerships.selectors import member_organizations

OPENED_VERB = "decisions.proposal_opened"
VOTING_VERB = "decisions.voting_opened"
REMINDER_VERB = "decisions.voting_closes_soon"
DECIDED_VERB = "decisions.proposal_decided"


def vote_key(proposal_id: int) -> str:
    """The key of the notifications that ask someone to vote on a proposal (the opening's
    and the reminder's): resolved for a person once they have nothing left to vote, and
    for everyone when the vote closes."""
    return f"decisions.vote:{proposal_id}"


#: How long before the close the reminder goes out.
REMINDER_BEFORE_CLOSE = timedelta(hours=24)


def proposal_url(proposal: Proposal) -> str:
    return reverse(
        "decisions:proposal_detail",
        kwargs={"slug": proposal.partnership.slug, "proposal_id": proposal.pk},
    )


def _when(moment: datetime) -> str:
    """The moment in the current zone, its day written the active language's way."""
    local = timezone.localtime(moment)
    return f"{format_day(local.date())} {local:%H:%M %Z}"


def _member_ids(partnership: Partnership) -> QuerySet[Any]:
    return member_organizations(partnership=partnership).values("pk")


def seat_holders(*, partnership: Partnership) -> QuerySet[Any]:
    """Everyone who may take part in a proposal's deliberation (``has_seat``), active only."""
    return (
        get_user_model()
        .objects.filter(
            Q(affiliations__organization__in=_member_ids(partnership))
            | Q(
                participations__partnership=partnership,
                participations__role__in=[ParticipantRole.COORDINATOR, ParticipantRole.COMMUNITY],
                participations__left_at__isnull=True,
            ),
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def member_representatives(*, partnership: Partnership) -> QuerySet[Any]:
    """The people who can vote: representatives of admitted member organizations."""
    return (
        get_user_model()
        .objects.filter(
            affiliations__organization__in=_member_ids(partnership),
            affiliations__is_representative=True,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def coordinators(*, partnership: Partnership) -> QuerySet[Any]:
    return (
        get_user_model()
        .objects.filter(
            participations__partnership=partnership,
            participations__role=ParticipantRole.COORDINATOR,
            participations__left_at__isnull=True,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


# --- opening ---------------------------------------------------------------------------------


def proposal_advanced_notify(*, proposal: Proposal, actor: Any) -> None:
    """Call at the end of ``proposal_advance``, with the proposal as it now is."""
    if proposal.status == ProposalStatus.DELIBERATION:
        proposal_opened_notify(proposal=proposal, actor=actor)
    elif proposal.status == ProposalStatus.VOTING:
        voting_opened_notify(proposal=proposal, actor=actor)


def proposal_opened_notify(*, proposal: Proposal, actor: Any) -> list[Notification]:
    """Announce a proposal when it leaves draft for deliberation, not when it is created.

    A draft is its author's work in progress: only a coordinator can put it before
    the partnership, and many drafts are reworded or withdrawn first. What a member
    wants to hear is "there is a proposal for us to discuss", which is true only
    from deliberation on; announcing every draft would also send two messages for
    every proposal and train people to ignore them.
    """
    partnership = proposal.partnership
    values = {"partnership": partnership, "title": proposal.title, "author": proposal.author}

    def text() -> str:  # in each reader's language (notifications.notify)
        if proposal.author:
            return (
                _(
                    "New proposal in %(partnership)s: “%(title)s”, proposed by %(author)s. It is open "
                    "for discussion: read it and say what you think before the vote."
                )
                % values
            )
        return (
            _(
                "New proposal in %(partnership)s: “%(title)s”. It is open for discussion: read it "
                "and say what you think before the vote."
            )
            % values
        )

    return notify(
        users=seat_holders(partnership=partnership),
        verb=OPENED_VERB,
        partnership=partnership,
        text=text,
        url=proposal_url(proposal),
        exclude=actor,
    )


def reminder_due_at(proposal: Proposal) -> datetime | None:
    """When the closing reminder is due, or None when this vote gets none.

    A vote that lasts 24 hours or less gets no separate reminder: the voting-open
    notice itself went out less than a day before the close and says when it closes,
    so a second message at once would only repeat it.
    """
    opens, closes = proposal.voting_opens_at, proposal.voting_closes_at
    if opens is None or closes is None:
        return None
    due = closes - REMINDER_BEFORE_CLOSE
    return due if due > opens else None


def voting_opened_notify(*, proposal: Proposal, actor: Any) -> list[Notification]:
    """Ask the representatives of members to vote, tell the coordinators, and queue the
    reminder for ``reminder_due_at`` (after commit)."""
    partnership = proposal.partnership
    assert proposal.voting_closes_at is not None
    url = proposal_url(proposal)
    short = reminder_due_at(proposal) is None
    both = Chamber.INDIVIDUALS in proposal.chambers

    def values() -> dict[str, Any]:
        soon = " " + _("(in less than 24 hours)") if short else ""
        closes = _when(proposal.voting_closes_at)  # type: ignore[arg-type]
        return {"title": proposal.title, "partnership": partnership, "closes": closes, "soon": soon}

    def to_organizations() -> str:  # in each reader's language (notifications.notify)
        text = (
            _(
                "Voting is open on “%(title)s” in %(partnership)s. Cast your organization's ballot "
                "before %(closes)s%(soon)s; you can change it until then."
            )
            % values()
        )
        if both:
            text += " " + _("You also vote as yourself, in the individuals chamber.")
        return text

    voters: list[Any] = []
    created: list[Notification] = []
    if Chamber.ORGANIZATIONS in proposal.chambers:
        voters = list(member_representatives(partnership=partnership))
        created = notify(
            users=voters,
            verb=VOTING_VERB,
            partnership=partnership,
            text=to_organizations,
            url=url,
            exclude=actor,
            key=vote_key(proposal.pk),
        )
    if Chamber.INDIVIDUALS in proposal.chambers:
        told = {user.pk for user in voters}
        people = [
            i.person
            for i in eligible_individuals(partnership=partnership)
            if i.person.pk not in told
        ]
        created += notify(
            users=people,
            verb=VOTING_VERB,
            partnership=partnership,
            text=lambda: (
                _(
                    "Voting is open on “%(title)s” in %(partnership)s. Cast your own ballot before "
                    "%(closes)s%(soon)s; you can change it until then."
                )
                % values()
            ),
            url=url,
            exclude=actor,
            key=vote_key(proposal.pk),
        )
        voters += people
    voter_ids = {user.pk for user in voters}
    created += notify(
        users=[u for u in coordinators(partnership=partnership) if u.pk not in voter_ids],
        verb=VOTING_VERB,
        partnership=partnership,
        text=lambda: (
            _("Voting is open on “%(title)s” in %(partnership)s until %(closes)s%(soon)s.")
            % values()
        ),
        url=url,
        exclude=actor,
    )
    return created


# --- the reminder ------------------------------------------------------------------------------


def _reminder_sent(proposal: Proposal) -> bool:
    return Notification.objects.filter(
        partnership_id=proposal.partnership_id, verb=REMINDER_VERB, url=proposal_url(proposal)
    ).exists()


@transaction.atomic
def voting_reminder_send(*, proposal: Proposal, now: datetime | None = None) -> int:
    """Remind each representative of a member that has not voted yet; how many were told.

    Does nothing (returns 0) unless the proposal is in voting, inside the last 24 hours
    and the reminder was not sent before. Idempotent: the reminder's own notifications
    (verb ``decisions.voting_closes_soon``, the proposal's link) mark it as sent, and the
    proposal row is locked while checking, so the task and a sweep running at the same
    moment never both send. Each person's text names only the organizations they
    represent themselves, so nobody learns from it who else has voted.
    """
    now = now or timezone.now()
    locked = Proposal.objects.select_for_update().select_related("partnership").get(pk=proposal.pk)
    due = reminder_due_at(locked)
    if (
        locked.status != ProposalStatus.VOTING
        or due is None
        or locked.voting_closes_at is None
        or not due <= now < locked.voting_closes_at
        or _reminder_sent(locked)
    ):
        return 0
    organizations_of: dict[int, list[str]] = {}
    users: dict[int, Any] = {}
    if Chamber.ORGANIZATIONS in locked.chambers:
        voted = Participation.objects.filter(proposal=locked, organization__isnull=False).values(
            "organization_id"
        )
        pending = (
            Affiliation.objects.filter(
                organization__in=member_organizations(partnership=locked.partnership).exclude(
                    pk__in=voted
                ),
                is_representative=True,
                user__is_active=True,
            )
            .select_related("user", "organization")
            .order_by("organization__name")
        )
        for affiliation in pending:
            organizations_of.setdefault(affiliation.user_id, []).append(
                affiliation.organization.name
            )
            users[affiliation.user_id] = affiliation.user
    pending_people: set[int] = set()
    if Chamber.INDIVIDUALS in locked.chambers:
        voted_people = set(
            Participation.objects.filter(proposal=locked, person__isnull=False).values_list(
                "person_id", flat=True
            )
        )
        for individual in eligible_individuals(partnership=locked.partnership):
            if individual.person.pk not in voted_people:
                pending_people.add(individual.person.pk)
                users[individual.person.pk] = individual.person
    partnership = locked.partnership
    closes = locked.voting_closes_at
    reminded = 0
    for user_id in users:
        reminded += len(
            notify(
                users=[users[user_id]],
                verb=REMINDER_VERB,
                partnership=partnership,
                text=partial(  # in each reader's language (notifications.notify)
                    _reminder_text,
                    title=locked.title,
                    partnership=partnership,
                    closes=closes,
                    organizations=organizations_of.get(user_id, []),
                    also_yourself=user_id in pending_people,
                ),
                url=proposal_url(locked),
                key=vote_key(locked.pk),
            )
        )
    return reminded


def _reminder_text(
    *,
    title: str,
    partnership: Partnership,
    closes: datetime,
    organizations: list[str],
    also_yourself: bool,
) -> str:
    """The reminder in the active language: who has not voted among the ``organizations``
    the reader represents, and whether they have not voted as themselves either."""
    values = {
        "title": title,
        "partnership": partnership,
        "closes": _when(closes),
        "organizations": get_text_list(organizations, _("and")),
    }
    if organizations and also_yourself:
        return (
            ngettext(
                "Voting on “%(title)s” in %(partnership)s closes in less than 24 hours "
                "(%(closes)s), and %(organizations)s has not voted yet, nor have you as "
                "yourself (individuals chamber).",
                "Voting on “%(title)s” in %(partnership)s closes in less than 24 hours "
                "(%(closes)s), and %(organizations)s have not voted yet, nor have you as "
                "yourself (individuals chamber).",
                len(organizations),
            )
            % values
        )
    if organizations:
        return (
            ngettext(
                "Voting on “%(title)s” in %(partnership)s closes in less than 24 hours "
                "(%(closes)s), and %(organizations)s has not voted yet.",
                "Voting on “%(title)s” in %(partnership)s closes in less than 24 hours "
                "(%(closes)s), and %(organizations)s have not voted yet.",
                len(organizations),
            )
            % values
        )
    return (
        _(
            "Voting on “%(title)s” in %(partnership)s closes in less than 24 hours "
            "(%(closes)s), and you have not voted yet."
        )
        % values
    )


def proposals_reminder_due(*, now: datetime | None = None) -> list[Proposal]:
    """Proposals in voting, in any partnership, whose reminder is due and not sent yet."""
    now = now or timezone.now()
    candidates = Proposal.objects.filter(
        status=ProposalStatus.VOTING,
        voting_closes_at__gt=now,
        voting_closes_at__lte=now + REMINDER_BEFORE_CLOSE,
    ).select_related("partnership")
    return [
        p
        for p in candidates
        if (due := reminder_due_at(p)) is not None and due <= now and not _reminder_sent(p)
    ]


# --- resolving the requests to vote ------------------------------------------------------------


def vote_asks_resolve(*, proposal: Proposal, users: list[Any]) -> int:
    """Resolve the requests to vote of those ``users`` who have nothing left to vote on
    ``proposal``: every member organization they represent has voted (organizations
    chamber), and they voted as themselves if they may (individuals chamber).

    Call in ``ballot_cast``'s transaction with the people the cast may have answered."""
    chambers = proposal.chambers
    pending: set[int] = set()
    if Chamber.ORGANIZATIONS in chambers:
        voted = Participation.objects.filter(proposal=proposal, organization__isnull=False).values(
            "organization_id"
        )
        pending |= set(
            Affiliation.objects.filter(
                user__in=[u.pk for u in users],
                is_representative=True,
                organization__in=_member_ids(proposal.partnership),
            )
            .exclude(organization__in=voted)
            .values_list("user_id", flat=True)
        )
    if Chamber.INDIVIDUALS in chambers:
        voted_people = set(
            Participation.objects.filter(proposal=proposal, person__isnull=False).values_list(
                "person_id", flat=True
            )
        )
        pending |= {
            i.person.pk
            for i in eligible_individuals(partnership=proposal.partnership)
            if i.person.pk not in voted_people
        }
    done = [u for u in users if u.pk not in pending]
    return notifications_resolve(key=vote_key(proposal.pk), users=done) if done else 0


# --- the outcome -------------------------------------------------------------------------------


def proposal_decided_notify(
    *, proposal: Proposal, decision: Decision, actor: Any
) -> list[Notification]:
    """Tell everyone the opening was announced to (as they are now) what was decided and why.

    Call once, when ``proposal_close`` stores the decision (not when it returns an
    existing one). The reason is the engine's, which gives counts, never who voted how.
    """
    partnership = proposal.partnership
    return notify(
        users=seat_holders(partnership=partnership),
        verb=DECIDED_VERB,
        partnership=partnership,
        text=lambda: (
            _("Decision on “%(title)s” in %(partnership)s: %(outcome)s. %(reason)s")
            % {
                "title": proposal.title,
                "partnership": partnership,
                "outcome": ProposalStatus(decision.outcome).label.lower(),
                "reason": decision.reason,
            }
        ),
        url=proposal_url(proposal),
        exclude=actor if actor is not None and actor.is_authenticated else None,
    )

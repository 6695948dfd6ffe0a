"""Opinion mapping, as Pol.is does it: short statements written while the round collects
them, and agree / disagree / pass votes on them, one at a time, while it collects or votes.
A moderator hides a statement with a reason that stays visible."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.core.persistence import unique_or_conflict
from accord.errors import Conflict, NotFound
from accord.errors import require_permission as _require
from accord.participation.models import (
    ParticipationRound,
    Phase,
    RoundKind,
    RoundParticipant,
    Statement,
    StatementChoice,
    StatementVote,
)
from accord.participation.services._common import (
    invalid,
    participant_ensure,
    require_phase,
    version_bump,
)
from accord.partnerships.models import VoiceKind
from accord.partnerships.services import voice

MAX_LENGTH = 280


def _opinions_round(round_: ParticipationRound) -> None:
    if round_.kind != RoundKind.OPINIONS:
        raise NotFound(_("No such round."))


@transaction.atomic
def statement_add(
    *,
    actor: Any,
    round_: ParticipationRound,
    text: str,
    public: RoundParticipant | None = None,
) -> Statement:
    """Write a short statement (at most 280 characters) while the round collects them."""
    _opinions_round(round_)
    participant = participant_ensure(actor=actor, round_=round_, public=public)
    require_phase(round_, Phase.COLLECT, doing=_("Writing a statement"))
    text = " ".join((text or "").split())
    if not text:
        raise invalid("text", _("Write a statement others can agree or disagree with."))
    if len(text) > MAX_LENGTH:
        raise invalid("text", _("At most %(n)s characters.") % {"n": MAX_LENGTH})
    if Statement.objects.filter(round=round_, text__iexact=text).exists():
        raise Conflict(_("This statement is there already; vote on it."))
    statement = Statement.objects.create(round=round_, author=participant, text=text)
    voice.voice_record(
        round_.partnership, participant.user, VoiceKind.STATEMENT, statement.created_at
    )
    version_bump(round_)
    partnership_event_record(
        actor,
        "participation.statement_added",
        statement,
        round_.partnership,
        summary(gettext_noop("A statement was written in “%(round)s”"), round=round_.title),
    )
    return statement


@transaction.atomic
def statement_vote(
    *,
    actor: Any,
    round_: ParticipationRound,
    statement: Statement,
    choice: str,
    public: RoundParticipant | None = None,
) -> StatementVote:
    """Agree, disagree or pass on a statement (a later vote replaces an earlier one)."""
    _opinions_round(round_)
    participant = participant_ensure(actor=actor, round_=round_, public=public)
    require_phase(round_, Phase.COLLECT, Phase.VOTE, doing=_("Voting on a statement"))
    if statement.round_id != round_.pk:
        raise NotFound(_("No such statement."))
    statement = Statement.objects.get(pk=statement.pk)
    if statement.is_hidden:
        raise Conflict(_("This statement was hidden by the moderator."))
    if choice not in StatementChoice.values:
        raise invalid("choice", _("Agree, disagree or pass."))
    vote = StatementVote.objects.filter(statement=statement, participant=participant).first()
    if vote is None:
        with unique_or_conflict(_("You have voted on this statement already.")):
            vote = StatementVote.objects.create(
                statement=statement, participant=participant, choice=choice
            )
    elif vote.choice != choice:
        vote.choice, vote.voted_at = choice, timezone.now()
        vote.save(update_fields=["choice", "voted_at"])
    version_bump(round_)
    return vote


@transaction.atomic
def statement_hide(*, actor: Any, statement: Statement, reason: str) -> Statement:
    round_ = statement.round
    _require(actor, "participation.moderate_round", round_)
    reason = (reason or "").strip()
    if not reason:
        raise invalid("reason", _("Say why the statement is hidden; everyone will see it."))
    locked = Statement.objects.select_for_update().get(pk=statement.pk)
    if locked.is_hidden:
        raise Conflict(_("This statement is hidden already."))
    locked.hidden_reason, locked.hidden_by, locked.hidden_at = reason[:1000], actor, timezone.now()
    locked.save(update_fields=["hidden_reason", "hidden_by", "hidden_at"])
    version_bump(round_)
    partnership_event_record(
        actor,
        "participation.statement_hidden",
        locked,
        round_.partnership,
        summary(
            gettext_noop("A statement of “%(round)s” was hidden by the moderator: %(reason)s"),
            round=round_.title,
            reason=reason,
        ),
    )
    return locked

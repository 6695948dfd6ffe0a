"""The public takes part with a confirmed email, without an account.

In a round open to the public, a visitor gives an email address; Accord mails a link that
holds the round and the address, signed and valid for two days
(:func:`public_join_request`). Following the link shows a button (reading never writes);
pressing it confirms the address and makes the visitor a participant of the round in the
public's group (:func:`public_join_confirm`); the page keeps that participant in the
browser's session. An address confirmed once is the same participant the next time, so a
person cannot vote twice by confirming again. Signed-in people take part as themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accord.core.persistence import unique_or_conflict
from accord.errors import Conflict, Forbidden, Invalid
from accord.participation.groups import GENERAL_PUBLIC
from accord.participation.models import (
    Audience,
    ParticipantSource,
    ParticipationRound,
    RoundParticipant,
)
from accord.participation.services._common import invalid

SALT = "accord.participation.public-join"
MAX_AGE_SECONDS = 2 * 24 * 3600


def _email(value: str) -> str:
    email = (value or "").strip().lower()
    try:
        validate_email(email)
    except Exception as exc:  # Django's ValidationError
        raise invalid("email", _("Give a valid email address.")) from exc
    return email


def _require_public(round_: ParticipationRound) -> None:
    if round_.audience != Audience.PUBLIC:
        raise Forbidden(_("This round is not open to the public."))
    if not round_.is_open:
        raise Conflict(_("This round is not open."))


def public_join_token(round_: ParticipationRound, email: str) -> str:
    return signing.dumps({"round": round_.pk, "email": email}, salt=SALT, compress=True)


def public_join_request(*, round_: ParticipationRound, email: str) -> str:
    """Mail a confirmation link to ``email``; returns the token (for tests)."""
    _require_public(round_)
    email = _email(email)
    token = public_join_token(round_, email)
    path = reverse(
        "participation:public_join",
        kwargs={"slug": round_.partnership.slug, "round_id": round_.pk, "token": token},
    )
    send_mail(
        _("Confirm your email to take part in “%(round)s”") % {"round": round_.title},
        _(
            "Someone (we hope you) asked to take part in “%(round)s” of %(partnership)s.\n\n"
            "Confirm your email by following this link within two days:\n%(url)s\n\n"
            "If it was not you, ignore this message."
        )
        % {
            "round": round_.title,
            "partnership": round_.partnership.name,
            "url": settings.ACCORD_BASE_URL.rstrip("/") + path,
        },
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )
    return token


@transaction.atomic
def public_join_confirm(*, round_: ParticipationRound, token: str) -> RoundParticipant:
    """The participant the confirmed link stands for (made on first confirmation)."""
    _require_public(round_)
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired as exc:
        raise Invalid(_("This link has expired; ask for a new one.")) from exc
    except signing.BadSignature as exc:
        raise Invalid(_("This link is not valid.")) from exc
    if data.get("round") != round_.pk:
        raise Invalid(_("This link is for another round."))
    email = _email(data.get("email", ""))
    found = RoundParticipant.objects.filter(round=round_, email=email).first()
    if found is not None:
        return found
    with unique_or_conflict(_("This email takes part already.")):
        return RoundParticipant.objects.create(
            round=round_, email=email, group=GENERAL_PUBLIC, source=ParticipantSource.ONLINE
        )

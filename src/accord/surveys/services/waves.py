"""Creating and changing waves (coordinators). A wave's state follows from its dates when
read; creating one queues its announcement at the opening and its reminder before the
close (``services.reminders``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.errors import Conflict, Invalid, require_permission
from accord.partnerships.models import Partnership, Status
from accord.surveys.instruments import CODES, instrument
from accord.surveys.models import THRESHOLD_MAX, THRESHOLD_MIN, Instrument, Respondent, Wave
from accord.surveys.services import reminders

#: The event summary of a new wave, by its instrument (stored untranslated, read in each
#: reader's language).
_WAVE_CREATED = {
    Instrument.COLLABORATION_FACTORS: gettext_noop(
        "Survey wave “%(title)s” (Collaboration factors inventory), %(opens)s to %(closes)s"
    ),
    Instrument.EXPECTATIONS: gettext_noop(
        "Survey wave “%(title)s” (Expectation alignment), %(opens)s to %(closes)s"
    ),
    Instrument.PARTNER_NETWORK: gettext_noop(
        "Survey wave “%(title)s” (Partner network survey), %(opens)s to %(closes)s"
    ),
    Instrument.GAO_PRACTICES: gettext_noop(
        "Survey wave “%(title)s” (GAO practices self-assessment), %(opens)s to %(closes)s"
    ),
}


def _invalid(field: str, message: str) -> Invalid:
    return Invalid(message, field_errors={field: [message]})


def _check_dates(opens_at: datetime | None, closes_at: datetime | None) -> None:
    if opens_at is None:
        raise _invalid("opens_at", _("Give the moment the wave opens."))
    if closes_at is None:
        raise _invalid("closes_at", _("Give the moment the wave closes."))
    if timezone.is_naive(opens_at) or timezone.is_naive(closes_at):
        raise _invalid("opens_at", _("Give the moments with their time zone."))
    if closes_at <= opens_at:
        raise _invalid("closes_at", _("The wave must close after it opens."))


def _check_threshold(threshold: Any) -> int:
    if isinstance(threshold, bool) or not isinstance(threshold, int):
        raise _invalid("threshold", _("The anonymity threshold is a whole number."))
    if not THRESHOLD_MIN <= threshold <= THRESHOLD_MAX:
        raise _invalid(
            "threshold",
            _("The anonymity threshold must be between %(low)d and %(high)d respondents.")
            % {"low": THRESHOLD_MIN, "high": THRESHOLD_MAX},
        )
    return threshold


def _check_anonymity(instrument_code: str, anonymous: bool) -> None:
    if anonymous and instrument(instrument_code).named_only:
        raise _invalid(
            "anonymous",
            _(
                "This instrument asks about each other member, so its answers cannot be "
                "anonymous: the members a respondent rates tell who the respondent is."
            ),
        )


def _title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise _invalid("title", _("Give the wave a title."))
    if len(title) > 200:
        raise _invalid("title", _("Keep the title under 200 characters."))
    return title


@transaction.atomic
def wave_create(
    *,
    actor: Any,
    partnership: Partnership,
    instrument_code: str,
    title: str,
    opens_at: datetime | None,
    closes_at: datetime | None,
    anonymous: bool | None = None,
    threshold: int = 3,
    per_person: bool | None = None,
) -> Wave:
    """A new wave of a shipped instrument. ``anonymous`` None takes the instrument's
    default (anonymous for the collaboration factors, named for the others); so does
    ``per_person`` (each person answers the collaboration factors and the expectations;
    each organization the network survey and the GAO self-assessment). The network survey
    is always answered per organization: its ratings are between organizations."""
    require_permission(actor, "surveys.manage_waves", partnership)
    if partnership.status == Status.CLOSED:
        raise Conflict(_("The partnership is closed."))
    if instrument_code not in CODES:
        raise _invalid("instrument", _("Choose one of the shipped instruments."))
    title = _title(title)
    _check_dates(opens_at, closes_at)
    threshold = _check_threshold(threshold)
    if anonymous is None:
        anonymous = instrument(instrument_code).anonymous_default
    _check_anonymity(instrument_code, anonymous)
    if per_person is None:
        per_person = instrument(instrument_code).per_person_default
    if per_person and instrument(instrument_code).matrix is not None:
        raise _invalid(
            "per_person",
            _(
                "This instrument rates each other member organization: each organization "
                "answers it once, through a representative."
            ),
        )
    wave = Wave.objects.create(
        partnership=partnership,
        instrument=instrument_code,
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
        anonymous=anonymous,
        threshold=threshold,
        per_person=bool(per_person),
        created_by=actor,
    )
    partnership_event_record(
        actor,
        "surveys.wave_created",
        wave,
        partnership,
        summary(
            _WAVE_CREATED[wave.instrument],
            title=title,
            opens=timezone.localtime(opens_at).date(),  # type: ignore[arg-type]
            closes=timezone.localtime(closes_at).date(),  # type: ignore[arg-type]
        ),
        anonymous=anonymous,
        threshold=threshold,
        per_person=bool(per_person),
    )
    reminders.wave_tasks_queue(wave)
    return wave


@transaction.atomic
def wave_update(
    *,
    actor: Any,
    wave: Wave,
    title: str | None = None,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    anonymous: bool | None = None,
    threshold: int | None = None,
) -> Wave:
    """Change a wave's title, dates, anonymity or threshold (what is given).

    Anonymity is fixed once someone has answered (they answered under its promise), and
    the opening moment too (answers exist). The threshold may change at any time: it only
    decides what is shown."""
    require_permission(actor, "surveys.manage_waves", wave.partnership)
    locked = Wave.objects.select_for_update().get(pk=wave.pk)
    answered = Respondent.objects.filter(wave=locked).exists()
    changed: list[str] = []
    if title is not None:
        locked.title = _title(title)
        changed.append("title")
    new_opens = opens_at or locked.opens_at
    new_closes = closes_at or locked.closes_at
    _check_dates(new_opens, new_closes)
    if opens_at is not None and opens_at != locked.opens_at:
        if answered:
            raise _invalid("opens_at", _("Members have answered: the opening cannot move."))
        locked.opens_at = opens_at
        changed.append("opens_at")
    if closes_at is not None and closes_at != locked.closes_at:
        locked.closes_at = closes_at
        changed.append("closes_at")
    if anonymous is not None and anonymous != locked.anonymous:
        if answered:
            raise _invalid(
                "anonymous", _("Members have answered under this promise: it cannot change.")
            )
        _check_anonymity(locked.instrument, anonymous)
        locked.anonymous = anonymous
        changed.append("anonymous")
    if threshold is not None and threshold != locked.threshold:
        locked.threshold = _check_threshold(threshold)
        changed.append("threshold")
    if not changed:
        return locked
    locked.save(update_fields=changed)
    partnership_event_record(
        actor,
        "surveys.wave_changed",
        locked,
        locked.partnership,
        summary(gettext_noop("Survey wave “%(title)s” changed"), title=locked.title),
        fields=changed,
    )
    if "opens_at" in changed or "closes_at" in changed:
        reminders.wave_tasks_queue(locked)
    return locked


@transaction.atomic
def wave_close(*, actor: Any, wave: Wave, now: datetime | None = None) -> Wave:
    """Close an open wave now (its close moment becomes now)."""
    require_permission(actor, "surveys.manage_waves", wave.partnership)
    now = now or timezone.now()
    locked = Wave.objects.select_for_update().get(pk=wave.pk)
    if not locked.opens_at <= now < locked.closes_at:
        raise Conflict(_("Only an open wave can be closed."))
    locked.closes_at = now
    locked.save(update_fields=["closes_at"])
    partnership_event_record(
        actor,
        "surveys.wave_closed",
        locked,
        locked.partnership,
        summary(gettext_noop("Survey wave “%(title)s” closed early"), title=locked.title),
    )
    return locked

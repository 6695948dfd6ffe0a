"""The announcement when a wave opens and the reminder before it closes: to the
representatives of members that have not answered, once, harmless early or twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accord.notifications.models import Notification
from accord.surveys.services import reminders
from accord.surveys.tasks import wave_announce, wave_remind_due
from tests.surveys.conftest import answer, factor_values, open_wave

pytestmark = pytest.mark.django_db


def _told(verb):
    return sorted(Notification.objects.filter(verb=verb).values_list("user__email", flat=True))


def test_the_announcement_goes_once_when_the_wave_opens(world):
    now = timezone.now()
    wave = open_wave(
        world,
        opens_at=now + timedelta(hours=2),
        closes_at=now + timedelta(days=5),
        per_person=False,
    )
    assert reminders.wave_announce_send(wave_id=wave.pk, now=now) == 0  # early
    assert wave_announce.call(wave.pk) == "not due"
    assert reminders.wave_announce_send(wave_id=wave.pk, now=now + timedelta(hours=3)) == 3
    assert _told(reminders.OPENED_VERB) == [
        "coord@county.test",
        "rep@coop.test",
        "rep@foundation.test",
    ]
    assert reminders.wave_announce_send(wave_id=wave.pk, now=now + timedelta(hours=4)) == 0
    assert len(_told(reminders.OPENED_VERB)) == 3


def test_the_reminder_skips_those_who_answered_and_goes_once(world):
    now = timezone.now()
    wave = open_wave(
        world,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=5),
        per_person=False,
    )
    answer(world, wave, "coop", factor_values(4))
    moment = reminders.reminder_moment(wave)
    assert moment == wave.closes_at - timedelta(days=2)
    assert reminders.wave_reminder_send_due(wave_id=wave.pk, now=now) == 0  # not yet
    assert wave_remind_due.call(wave.pk) == "not due"
    assert reminders.wave_reminder_send_due(wave_id=wave.pk, now=moment + timedelta(minutes=1)) == 2
    assert _told(reminders.REMINDER_VERB) == ["coord@county.test", "rep@foundation.test"]
    assert reminders.wave_reminder_send_due(wave_id=wave.pk, now=moment + timedelta(hours=1)) == 0
    assert reminders.wave_reminder_send_due(wave_id=wave.pk, now=wave.closes_at) == 0


def test_a_short_wave_is_reminded_halfway_and_a_closed_one_never(world):
    now = timezone.now()
    wave = open_wave(world, opens_at=now - timedelta(hours=30), closes_at=now + timedelta(hours=10))
    assert reminders.reminder_moment(wave) == wave.closes_at - timedelta(hours=20)
    assert wave_remind_due.call(wave.pk) == "reminded"
    assert wave_remind_due.call(wave.pk) == "nothing"
    closed = open_wave(world, opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1))
    assert wave_remind_due.call(closed.pk) == "nothing"
    assert wave_announce.call(closed.pk) == "nothing"
    assert wave_remind_due.call(10**9) == "gone"


def test_the_sweep_sends_what_is_due(world):
    now = timezone.now()
    open_wave(world, opens_at=now - timedelta(days=4), closes_at=now + timedelta(days=1))
    # answered per person: announcement (4 people: the three representatives and the
    # Foundation's staff member) and reminder (the same 4): one day before the close
    assert reminders.survey_notices_send_due(now=now) == 8
    assert reminders.survey_notices_send_due(now=now) == 0

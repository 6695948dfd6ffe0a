"""Writes of accord.surveys: waves (``waves``), answers (``answers``), announcements and
reminders (``reminders``)."""

from accord.surveys.services.answers import answer_submit, answers_clean
from accord.surveys.services.reminders import wave_remind
from accord.surveys.services.waves import wave_close, wave_create, wave_update

__all__ = [
    "answer_submit",
    "answers_clean",
    "wave_close",
    "wave_create",
    "wave_remind",
    "wave_update",
]

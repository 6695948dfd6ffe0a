"""Background work for surveys, for the worker and for readers. Each task is defined
beside the service it runs (``services.reminders``) and queued when a wave is created or
its dates change:

- ``wave_announce``: tell the member representatives that a wave has opened (once);
- ``wave_remind_due``: remind those whose organization has not answered, two days before
  the close (halfway for a short wave), once.

Both are harmless early, late or twice. A wave opens and closes by its dates when read;
no task is needed for that.
"""

from accord.surveys.services.reminders import wave_announce, wave_remind_due

__all__ = ["wave_announce", "wave_remind_due"]

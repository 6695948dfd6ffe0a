"""Digests (issue 17, item 5): a daily or weekly email per person with what happened in
their partnerships and what waits for them, each part stopped by a signed one-click link.

Composed in ``web`` because it reads every app (the audit feed, the "waiting for you" of
``web.selectors``, the meetings). The person's choice is ``notifications.DigestPreference``.

- :mod:`.selectors` -- what a person's digest holds;
- :mod:`.services` -- preferences, the signed unsubscribe links, sending, and the task
  ``digests_send_due`` that ``accord digests_queue`` queues for the worker (hourly, from
  cron or a systemd timer: docs/operator-guide.md, "Digests").
"""

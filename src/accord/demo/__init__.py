"""The demo story of shared/docs/DEMO.md, told by one loader per app.

``accord demo`` (and ``make run``) calls :func:`accord.demo.loader.load_demo`, which runs
the steps of ``loader.STORY`` in order. Each step is one app's loader and the partnership
whose part of the story it tells:

- ``data/<app>.json`` holds what happens -- organizations, people, charter texts, pledges,
  rules, proposals -- keyed by partnership slug, and nothing else;
- ``<app>.py`` holds ``load(slug) -> bool``, which reads that data through
  ``story.data("<app>")``, writes only through the app's services (so the feed and the
  audit trail tell the story too), and returns True when it created something;
- ``accounts.py`` holds the platform admin, the demo logins and the people lookups every
  loader uses; ``story.py`` holds the slugs and reads the data files.

To add your part of the story (indicators, participation rounds, meetings...):

1. Write ``data/<app>.json``: ``{"lake-kivuli": {...}}``. Name organizations and people by
   name and email, as the other files do. Express dates relative to the day the demo is
   loaded as offsets (``"days_ago": 120``, ``"closes_in_days": 7``), fixed dates only
   where the story is about a calendar year.
2. Write ``<app>.py`` with ``load(slug: str) -> bool``. Return False at once when the
   part is already there (``accord demo`` must stay idempotent). Write through
   ``accord.<app>.services``; where no service can do it (backdating history, say), write
   the model directly here, in the loader of that app, and say why in a comment.
3. Append ``(<app>.load, LAKE_SLUG)`` to ``loader.STORY``. Append, do not insert: the
   order of the steps is the order of the rows and of the feed.
4. Assert the new thread of the story in ``tests/demo/test_demo.py``.
"""

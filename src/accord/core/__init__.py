"""Plumbing every app shares, below the apps and above accounts.

- ``api``: the API's token authentication, the actor of a request, the error handlers and
  optional lookups, imported by each app's router (the root ``accord.api`` only mounts).
- ``http``: the HTML side: domain errors to 404/403/messages, the form POST → service →
  field error → message → redirect sequence, file download responses.
- ``constraints``: database check constraints built from a model's choices.
- ``persistence``: saving a row whose unique constraints may race (a 409, never a 500).

Nothing here knows a partnership: the apps own their data; this package owns the shape.
"""

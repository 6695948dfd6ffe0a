"""Partnership templates (issue 17, item 3): data files that preset a new partnership's
charter sections, its decision rules per kind of decision, a starting set of indicators and
the roles it expects.

- :mod:`.registry` reads and validates the template files (the shipped ones in ``data/``
  and an operator's own in ``ACCORD_PARTNERSHIP_TEMPLATES_DIR``);
- :mod:`.services` creates a partnership from a template, through the partnerships,
  decisions and results services, in one transaction.

They live in ``web`` because a template spans three apps (partnerships < decisions <
results): the composition sits above them (docs/contributing/app-shape.md).
"""

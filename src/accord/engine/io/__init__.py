"""Readers and writers of ballot files: PrefLib (``preflib``) and pabulib (``pabulib``).

Every reader refuses a malformed file with :class:`ReadError` (a ``ValueError``) naming the
file, the line, the field and what was expected; see docs/engine/voting.md (PrefLib) and
docs/engine/budgeting.md (pabulib) for the accepted formats and every error.
"""

from accord.engine.errors import ComputationLimit, ReadError

__all__ = ["ComputationLimit", "ReadError"]

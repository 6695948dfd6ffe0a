"""The participation app's acts of voice, for rebuilding the tallies
(``accord.partnerships.services.voice``, registered in ``ParticipationConfig.ready``).

Every issue and every opinion statement counts, hidden or merged ones too, as
``services.issues`` and ``services.opinions`` record them; the author is the
participant's account, empty for a member of the public without one.
"""

from __future__ import annotations

from collections.abc import Iterator

from accord.participation.models import Issue, Statement
from accord.partnerships.models import VoiceKind
from accord.partnerships.services.voice import VoiceRow


def participation_voice_rows(partnership_id: int | None) -> Iterator[VoiceRow]:
    """Issues and statements of one partnership (or of all)."""
    for model, kind in ((Issue, VoiceKind.ISSUE), (Statement, VoiceKind.STATEMENT)):
        rows = model.objects.all()
        if partnership_id is not None:
            rows = rows.filter(round__partnership_id=partnership_id)
        for pk, author_id, at in rows.values_list(
            "round__partnership_id", "author__user_id", "created_at"
        ).iterator(chunk_size=5000):
            yield VoiceRow(pk, author_id, kind, at)

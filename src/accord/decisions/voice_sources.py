"""The decisions app's acts of voice, for rebuilding the tallies
(``accord.partnerships.services.voice``, registered in ``DecisionsConfig.ready``).

Every proposal and every comment counts, as ``services.proposals`` records them.
"""

from __future__ import annotations

from collections.abc import Iterator

from accord.decisions.models import Comment, Proposal
from accord.partnerships.models import VoiceKind
from accord.partnerships.services.voice import VoiceRow


def decision_voice_rows(partnership_id: int | None) -> Iterator[VoiceRow]:
    """Proposals and comments of one partnership (or of all), oldest first."""
    proposals = Proposal.objects.all()
    comments = Comment.objects.all()
    if partnership_id is not None:
        proposals = proposals.filter(partnership_id=partnership_id)
        comments = comments.filter(proposal__partnership_id=partnership_id)
    for pk, author_id, at in proposals.values_list(
        "partnership_id", "author_id", "created_at"
    ).iterator(chunk_size=5000):
        yield VoiceRow(pk, author_id, VoiceKind.PROPOSAL, at)
    for pk, author_id, at in comments.values_list(
        "proposal__partnership_id", "author_id", "created_at"
    ).iterator(chunk_size=5000):
        yield VoiceRow(pk, author_id, VoiceKind.COMMENT, at)

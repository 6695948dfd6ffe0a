"""The decisions app's answer to ``accord.partnerships.deliberation``: which governing acts a
vote decides, what is under vote, putting a charter draft or a support request from the
pooled money to the vote, and what follows a
change of members (the power analyses are queued again). Registered by
``DecisionsConfig.ready``."""

from __future__ import annotations

from typing import Any

from accord.decisions import selectors, services
from accord.decisions.services import subjects
from accord.partnerships.deliberation import UnderVote
from accord.partnerships.models import CharterVersion, Partnership


class VotesDecide:
    def governing_rule(self, *, partnership: Partnership, kind: str) -> Any | None:
        return selectors.governing_rule(partnership=partnership, kind=kind)

    def under_vote(self, *, partnership: Partnership) -> UnderVote:
        open_proposals = selectors.open_subject_proposals(partnership=partnership)
        return UnderVote(
            by_membership=open_proposals.by_membership,
            by_charter_version=open_proposals.by_charter_version,
        )

    def charter_publication_propose(self, *, actor: Any, version: CharterVersion) -> Any:
        return services.charter_publication_propose(actor=actor, version=version)

    def membership_changed(self, *, partnership: Partnership) -> None:
        services.membership_changed(partnership=partnership)

    def support_request_propose(self, *, actor: Any, request: Any) -> Any:
        return subjects.support_request_propose(actor=actor, request=request)

"""Who decides the partnership's governing acts: its coordinators, or a vote.

This app owns the acts that found a partnership (admitting a member, publishing the
charter). Once the partnership adopts a decision rule for one of them, a vote in the
decisions app decides it instead of a coordinator; and the decisions app hears when the
member organizations change, since its power analyses depend on them. The decisions app
builds on this one, so this app cannot import it; instead it states here what it needs to know
(:class:`Deliberation`) and the decisions app registers its answer when Django starts
(``accord.decisions.apps.DecisionsConfig.ready``). Without it (a deployment without the
decisions app, or a unit test of this app alone) coordinators decide everything.

This is the one place where the import arrows between apps are turned around on purpose;
docs/contributing/app-shape.md explains why. Its counterpart is ``accord.decisions.governance``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from django.utils.translation import gettext as _

from accord.errors import Conflict

if TYPE_CHECKING:
    from accord.partnerships.models import CharterVersion, Partnership


@dataclass(frozen=True)
class UnderVote:
    """What is being decided by an open vote right now, keyed by what it decides."""

    by_membership: dict[int, Any] = field(default_factory=dict)
    by_charter_version: dict[int, Any] = field(default_factory=dict)


class Deliberation(Protocol):
    """What the partnership asks of the app that runs its votes."""

    def governing_rule(self, *, partnership: Partnership, kind: str) -> Any | None:
        """The rule in force that decides ``kind`` ("admission", "charter") by vote."""

    def under_vote(self, *, partnership: Partnership) -> UnderVote:
        """The open proposals deciding a membership or a charter draft."""

    def charter_publication_propose(self, *, actor: Any, version: CharterVersion) -> Any:
        """Put a charter draft to the vote; returns the proposal (it has a URL)."""

    def membership_changed(self, *, partnership: Partnership) -> None:
        """An organization was admitted or withdrew (called inside that transaction)."""

    def support_request_propose(self, *, actor: Any, request: Any) -> Any:
        """Put a support request (``resources.SupportRequest``) to the vote under the rule
        for allocating pooled money; returns the proposal. The resources app asks this
        port too: it sits above this app and below decisions."""


class _CoordinatorsDecide:
    def governing_rule(self, *, partnership: Partnership, kind: str) -> Any | None:
        return None

    def under_vote(self, *, partnership: Partnership) -> UnderVote:
        return UnderVote()

    def charter_publication_propose(self, *, actor: Any, version: CharterVersion) -> Any:
        raise Conflict(_("This partnership has no decision rules to vote with."))

    def membership_changed(self, *, partnership: Partnership) -> None:
        return None

    def support_request_propose(self, *, actor: Any, request: Any) -> Any:
        raise Conflict(_("This partnership has no decision rules to vote with."))


_deliberation: Deliberation = _CoordinatorsDecide()


def deliberation_register(provider: Deliberation) -> None:
    """Called once by the decisions app when Django starts."""
    global _deliberation  # one registration, at start-up
    _deliberation = provider


def deliberation() -> Deliberation:
    """The registered answer (coordinators decide when none is)."""
    return _deliberation

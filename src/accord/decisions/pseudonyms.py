"""Voter keys of anonymous and secret ballots: pure functions of the proposal, the voter and
the instance's secret, so that a ballot can be found again without storing who cast it.

Every layer reads them (the selectors to find a voter's current ballot, the services to
store one), so they sit below both.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def ballot_pseudonym(*, proposal_id: int, organization_id: int) -> str:
    """The voter key of an anonymous or secret ballot: HMAC-SHA256(SECRET_KEY, proposal, org)."""
    message = f"accord.decisions.ballot:{proposal_id}:{organization_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def person_pseudonym(*, proposal_id: int, person_id: int) -> str:
    """The voter key of a person's anonymous or secret ballot in the individuals chamber.

    HMAC-SHA256(SECRET_KEY, proposal, person) under its own prefix, so it never equals an
    organization's pseudonym even when the ids coincide.
    """
    message = f"accord.decisions.ballot.person:{proposal_id}:{person_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()

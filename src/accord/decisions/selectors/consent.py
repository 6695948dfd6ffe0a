"""Group consent (free, prior and informed consent) of the groups a decision affects.

When voting opens, ``services.consent.snapshot_with_group_consent`` freezes into the rule
snapshot, under ``"group_consent"``, every group whose consent the decision needs and that
the engine's motion rules cannot check themselves: the partnership's own groups (a voter
may belong to several), and, for a choice among alternatives, the sectors too. Each entry
is ``{"code", "label", "sector"}`` for a sector (its members are the voters of that
sector), or ``{"code", "label", "organizations", "people"}`` for an own group (its members
as they were when voting opened: consent is *prior*).

At the close, :func:`consent_verdicts` says for each group whether it consented
(:func:`accord.engine.voting.affected_groups.affected_group_consent`): a member withholds
consent by voting no or objecting on a yes/no motion, or by ticking "withhold consent" on
a ranked, approval or score ballot, with a reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from accord.engine.voting.affected_groups import affected_group_consent


def consent_groups(snapshot: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The groups whose consent the app checks for this snapshot (may be empty)."""
    return list((snapshot or {}).get("group_consent") or [])


def group_membership(
    groups: Sequence[Mapping[str, Any]],
    *,
    voter_ids: Sequence[int],
    sectors: Sequence[str],
    chamber: str,
    person_organization: Mapping[int, int | None] | None = None,
) -> list[list[bool]]:
    """Which voter belongs to which group: one row per voter, one column per group.

    A voter of the organizations chamber is an organization; one of the individuals chamber
    is a person, who belongs to an own group in their own right or through the member
    organization that gives them their seat (``person_organization``).
    """
    sets = [
        (
            group.get("sector") or None,
            frozenset(group.get("organizations", ())),
            frozenset(group.get("people", ())),
        )
        for group in groups
    ]
    rows = []
    for voter_id, sector in zip(voter_ids, sectors, strict=True):
        row = []
        for group_sector, organizations, people in sets:
            if group_sector:
                row.append(sector == group_sector)
            elif chamber == "individuals":
                organization_id = (person_organization or {}).get(voter_id)
                row.append(voter_id in people or organization_id in organizations)
            else:
                row.append(voter_id in organizations)
        rows.append(row)
    return rows


def consent_verdicts(
    groups: Sequence[Mapping[str, Any]],
    *,
    membership: Sequence[Sequence[bool]],
    voted: Sequence[bool],
    withheld: Sequence[bool],
    reasons: Sequence[str],
) -> list[dict[str, Any]]:
    """Each group's verdict as stored in a decision: code, label, members, voted, withheld,
    consented, and the reasons its members gave for withholding consent."""
    n = len(voted)
    matrix = np.array(membership, dtype=bool).reshape(n, len(groups))
    verdicts = affected_group_consent(
        matrix, np.array(voted, dtype=bool), np.array(withheld, dtype=bool)
    )
    stored = []
    for group, verdict in zip(groups, verdicts, strict=True):
        given = sorted(
            reasons[i]
            for i in range(n)
            if matrix[i, verdict.group] and voted[i] and withheld[i] and reasons[i]
        )
        stored.append(
            {
                "group": group["code"],
                "label": group["label"],
                "members": verdict.members,
                "voted": verdict.voted,
                "withheld": verdict.withheld,
                "consented": verdict.consented,
                "reasons": given,
            }
        )
    return stored

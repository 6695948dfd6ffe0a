"""Freezing the groups whose consent a decision needs, when voting opens (issue 16).

See :mod:`accord.decisions.selectors.consent` for what the snapshot holds and how the
close reads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from accord.decisions import choice_rules
from accord.decisions.models import Proposal
from accord.decisions.services._common import _invalid
from accord.engine.voting import motions
from accord.partners.models import Sector
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships.models import Partnership


def group_codes_check(*, partnership: Partnership, codes: Iterable[Any], field: str) -> list[str]:
    """The codes, each once, if every one names a sector or a group of the partnership
    (``Invalid`` on ``field`` otherwise, naming the unknown ones)."""
    cleaned = [str(c) for c in dict.fromkeys(codes or ())]
    unknown = partnership_selectors.group_codes_unknown(partnership=partnership, codes=cleaned)
    if unknown:
        raise _invalid(
            field,
            _(
                "No such group in this partnership: %(groups)s. Choose among the sectors and "
                "the partnership's own groups."
            )
            % {"groups": ", ".join(unknown)},
        )
    return cleaned


def snapshot_with_group_consent(*, proposal: Proposal, snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot with the consent of the rule's groups and the proposal's affected groups.

    Under a yes/no rule, a sector's consent is the engine's ``group_consent`` safeguard (a
    majority of the sector's yes and no votes); the partnership's own groups, and every
    group under a ranked, approval or score rule, go under ``"group_consent"`` with their
    members as they are now. A group deleted or unknown fails here (``Invalid``), never at
    the close.
    """
    partnership = proposal.partnership
    codes = group_codes_check(
        partnership=partnership,
        codes=[*snapshot.get("consent_groups", ()), *(proposal.affected_groups or ())],
        field="affected_groups",
    )
    if not codes:
        return snapshot
    labels = partnership_selectors.group_labels(partnership=partnership)
    yes_no = not choice_rules.is_alternatives_rule(snapshot)
    sectors = [c for c in codes if c in Sector.values]
    own = [c for c in codes if c not in Sector.values]
    snapshot = dict(snapshot)
    if yes_no and sectors:
        spec = dict(snapshot["rule"])
        spec["safeguards"] = [
            *spec.get("safeguards", []),
            {"rule": "group_consent", "options": {"groups": sectors}},
        ]
        motions.DecisionRule.from_dict(spec)  # fails loudly here rather than at the close
        snapshot["rule"] = spec
    members = partnership_selectors.group_members_by_code(partnership=partnership, codes=own)
    frozen: list[dict[str, Any]] = []
    if not yes_no:
        frozen += [{"code": c, "label": labels[c], "sector": c} for c in sectors]
    for code in own:
        group = members.get(code)
        frozen.append(
            {
                "code": code,
                "label": labels[code],
                "organizations": sorted(group.organization_ids) if group else [],
                "people": sorted(group.person_ids) if group else [],
            }
        )
    if frozen:
        snapshot["group_consent"] = frozen
    return snapshot


def withheld_preferences(
    *, proposal: Proposal, preferences: dict[str, Any] | None, withhold: bool, reason: str
) -> dict[str, Any] | None:
    """The preferences of a ranked, approval or score ballot, marked when the voter
    withholds consent (which needs a reason, and a decision that asks some group's consent).
    On a yes/no ballot a member withholds consent by voting no or objecting instead."""
    if not withhold:
        return preferences
    if preferences is None:
        raise _invalid(
            "withhold_consent",
            _("On a yes/no proposal, withhold consent by voting no or objecting."),
        )
    if not (proposal.rule_snapshot or {}).get("group_consent"):
        raise _invalid(
            "withhold_consent", _("This decision does not ask any group for its consent.")
        )
    if not reason:
        raise _invalid("reason", _("Say why you withhold consent."))
    return {**preferences, "withhold_consent": True}

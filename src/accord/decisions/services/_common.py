"""Helpers shared by the decisions services: the audit record and field errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from accord.decisions.models import Proposal
from accord.engine.voting.caps import as_fraction
from accord.errors import Invalid
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import member_organizations


def _invalid(field: str, message: str) -> Invalid:
    return Invalid(f"{field}: {message}", field_errors={field: [message]})


def _share(value: Any, field: str) -> str:
    """A share in (0, 1] as an exact string such as "3/10"; empty for none."""
    if value in (None, ""):
        return ""
    try:
        share = as_fraction(value, field)
    except (ValueError, TypeError, ZeroDivisionError) as exc:
        raise _invalid(field, _("Give a share such as 3/10 or 0.3.")) from exc
    if not 0 < share <= 1:
        raise _invalid(field, _("Must be more than 0 and at most 1."))
    return str(share)


def _weights(partnership: Partnership, weights: Mapping[Any, Any] | None) -> dict[str, str]:
    members = set(member_organizations(partnership=partnership).values_list("pk", flat=True))
    cleaned: dict[str, str] = {}
    for key, value in (weights or {}).items():
        try:
            org_id = int(key)
            weight = as_fraction(value, "weight")
        except (ValueError, TypeError, ZeroDivisionError) as exc:
            raise _invalid(
                "weights",
                _("“%(key)s: %(value)s” is not an organization and a number.")
                % {"key": key, "value": value},
            ) from exc
        if org_id not in members:
            raise _invalid("weights", _("Organization %(id)s is not a member.") % {"id": org_id})
        if weight < 0:
            raise _invalid("weights", _("Weights cannot be negative."))
        cleaned[str(org_id)] = str(weight)
    return cleaned


def locked_proposal(proposal: Proposal) -> Proposal:
    """The proposal's row, re-read under FOR UPDATE (call inside the transaction)."""
    return Proposal.objects.select_for_update().select_related("partnership").get(pk=proposal.pk)


def proposal_sync(proposal: Proposal, locked: Proposal) -> None:
    """Bring the caller's instance up to date with the row a service changed."""
    for field in Proposal._meta.concrete_fields:
        setattr(proposal, field.attname, getattr(locked, field.attname))

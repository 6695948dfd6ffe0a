"""Helpers shared by the resources services: parsing amounts and currencies, and
checking that an organization is a member."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from accord.errors import Invalid
from accord.partners.models import Organization
from accord.partnerships.models import Membership, MembershipStatus, Partnership
from accord.reference.codelists import currency_codes

CENT = Decimal("0.01")


def money(value: Any, field: str = "amount", *, allow_negative: bool = False) -> Decimal:
    """Parse an amount: a number with at most two decimal places, positive unless allowed."""
    try:
        amount = (
            Decimal(str(value).strip().replace(",", ""))
            if not isinstance(value, Decimal)
            else value
        )
    except (InvalidOperation, ValueError) as exc:
        raise Invalid(
            _("%(field)s: “%(value)s” is not a number.") % {"field": field, "value": value},
            field_errors={field: [_("Not a number.")]},
        ) from exc
    if not amount.is_finite():
        raise Invalid(
            _("%(field)s: must be a finite number.") % {"field": field},
            field_errors={field: [_("Not a number.")]},
        )
    if amount != amount.quantize(CENT):
        raise Invalid(
            _("%(field)s: at most two decimal places.") % {"field": field},
            field_errors={field: [_("At most two decimal places.")]},
        )
    if amount <= 0 and not allow_negative:
        raise Invalid(
            _("%(field)s: must be greater than zero (to correct an entry, reverse it).")
            % {"field": field},
            field_errors={field: [_("Must be greater than zero.")]},
        )
    if abs(amount) >= Decimal("1e16"):
        raise Invalid(
            _("%(field)s: too large.") % {"field": field}, field_errors={field: [_("Too large.")]}
        )
    return amount.quantize(CENT)


def currency(code: Any, field: str = "currency") -> str:
    code = str(code or "").strip().upper()
    if code not in currency_codes():
        raise Invalid(
            _(
                "%(field)s: unknown currency “%(code)s”; use an ISO 4217 code such as KES, EUR or USD."
            )
            % {"field": field, "code": code},
            field_errors={field: [_("Unknown currency.")]},
        )
    return code


def member_ids(partnership: Partnership) -> set[int]:
    return set(
        Membership.objects.filter(
            partnership=partnership, status=MembershipStatus.ADMITTED
        ).values_list("organization_id", flat=True)
    )


def _require_member(
    partnership: Partnership, organization: Organization | None, field: str
) -> None:
    if organization is not None and organization.pk not in member_ids(partnership):
        raise Invalid(
            _("%(field)s: %(organization)s is not a member of this partnership.")
            % {"field": field, "organization": organization},
            field_errors={field: [_("Not a member.")]},
        )


def english_label(instance: Any, field_name: str) -> str:
    """A model's choice label in English, for text stored once in English (an activity's
    list of changes); a summary's own values use ``audit.summaries.choice_label``."""
    with translation.override("en"):
        return str(getattr(instance, f"get_{field_name}_display")())

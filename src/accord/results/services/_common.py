"""Parsing and checks shared by the results services."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import format_decimal
from django.utils.translation import gettext as _

from accord.core.formats import babel_locale
from accord.errors import Invalid
from accord.partners.models import Organization
from accord.partnerships.models import Membership, MembershipStatus, Partnership
from accord.results.models import Indicator, Measure

LIMIT = Decimal("1e15")


def figure_text(value: Decimal) -> str:
    """A value with every decimal it has, written as the reader's language writes numbers."""
    normalized = value.normalize()
    exponent = normalized.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(normalized, format=pattern, locale=babel_locale())


def invalid(field: str, message: str) -> Invalid:
    return Invalid(message, field_errors={field: [message]})


def number(
    raw: Any,
    field: str,
    *,
    decimal_places: int = 4,
    percentage: bool = False,
    non_negative: bool = False,
) -> Decimal:
    """A number with at most ``decimal_places`` places (whole when 0), within 0–100 for a
    percentage; ``Invalid`` on ``field`` otherwise."""
    if isinstance(raw, bool) or raw is None or (isinstance(raw, str) and not raw.strip()):
        raise invalid(field, _("Give a number."))
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise invalid(field, _("“%(value)s” is not a number.") % {"value": raw}) from exc
    if not value.is_finite() or abs(value) >= LIMIT:
        raise invalid(field, _("Give a finite number below 10¹⁵."))
    if value != value.quantize(Decimal(1).scaleb(-decimal_places)):
        raise invalid(
            field,
            _("Give a whole number.")
            if decimal_places == 0
            else _("Give at most %(places)s decimal places.") % {"places": decimal_places},
        )
    if percentage and not Decimal(0) <= value <= Decimal(100):
        raise invalid(field, _("A percentage lies between 0 and 100."))
    if non_negative and value < 0:
        raise invalid(field, _("Give zero or more."))
    return value


def indicator_number(indicator: Indicator, raw: Any, field: str, **options: Any) -> Decimal:
    """A number of the indicator's type (its decimal places; 0–100 for a percentage)."""
    if not indicator.is_numeric:
        raise invalid(field, _("This indicator is reported as text, not as a number."))
    return number(
        raw,
        field,
        decimal_places=indicator.decimal_places,
        percentage=indicator.measure == Measure.PERCENTAGE,
        **options,
    )


def admitted_member_ids(partnership: Partnership) -> set[int]:
    return set(
        Membership.objects.filter(
            partnership=partnership, status=MembershipStatus.ADMITTED
        ).values_list("organization_id", flat=True)
    )


def require_member(partnership: Partnership, organization: Organization | None, field: str) -> None:
    if organization is not None and organization.pk not in admitted_member_ids(partnership):
        raise invalid(
            field,
            _("%(organization)s is not a member of this partnership.")
            % {"organization": organization},
        )

"""The fixed disaggregation dimensions and their categories.

An indicator chooses some of these dimensions; a measurement then gives one value per
category of each chosen dimension (one-way breakdowns, as IATI's ``dimension`` elements).
Category codes are stored; their labels are translated here.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accord.partners.models import Sector


class Dimension(models.TextChoices):
    SEX = "sex", _("Sex")
    AGE = "age", _("Age band")
    GROUP = "group", _("Sector or group")
    PLACE = "place", _("Place")


#: Categories of each dimension, in display order: (code, label).
CATEGORIES: dict[str, tuple[tuple[str, str], ...]] = {
    Dimension.SEX: (
        ("female", _("Female")),
        ("male", _("Male")),
        ("other", _("Other or not stated")),
    ),
    Dimension.AGE: (
        ("0-14", _("Under 15")),
        ("15-24", _("15–24")),
        ("25-34", _("25–34")),
        ("35-49", _("35–49")),
        ("50-64", _("50–64")),
        ("65+", _("65 and over")),
        ("unknown", _("Age not stated")),
    ),
    Dimension.GROUP: (
        *((value, label) for value, label in Sector.choices),
        ("households", _("Households and individuals")),
    ),
    Dimension.PLACE: (
        ("urban", _("Urban")),
        ("peri_urban", _("Peri-urban")),
        ("rural", _("Rural")),
        ("remote", _("Remote or island")),
    ),
}


def category_codes(dimension: str) -> tuple[str, ...]:
    return tuple(code for code, _label in CATEGORIES.get(dimension, ()))


def category_label(dimension: str, category: str) -> str:
    return str(dict(CATEGORIES.get(dimension, ())).get(category, category))


def category_check(dimension_field: str, category_field: str, name: str) -> models.CheckConstraint:
    """A CHECK that the category belongs to the row's dimension."""
    condition = Q()
    for dimension, categories in CATEGORIES.items():
        condition |= Q(
            **{dimension_field: dimension, f"{category_field}__in": [c for c, _l in categories]}
        )
    return models.CheckConstraint(condition=condition, name=name)

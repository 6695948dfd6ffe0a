"""Database constraints that the models of every app build the same way."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


def choices_check(field: str, choices: type[models.Choices], name: str) -> models.CheckConstraint:
    """A CHECK that ``field`` holds one of ``choices``' values, so that a row written around
    the forms (raw SQL, a bulk update) cannot carry a value no page knows how to show."""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)

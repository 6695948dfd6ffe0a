"""Measurements: one with its cells and history, and the indicator's list."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from accord.errors import NotFound
from accord.partnerships.models import Partnership
from accord.results.dimensions import CATEGORIES, Dimension, category_label
from accord.results.models import Indicator, Measurement, MeasurementCell, MeasurementTransition
from accord.results.selectors.indicators import visible_statuses


def measurement_queryset(*, statuses: tuple[str, ...]) -> QuerySet[Measurement]:
    return (
        Measurement.objects.filter(status__in=statuses)
        .select_related(
            "indicator__partnership",
            "indicator__responsible_organization",
            "reporter_organization",
            "created_by",
            "submitted_by",
            "verifier",
            "corrects",
            "corrected_by",
        )
        .prefetch_related(
            Prefetch("cells", queryset=MeasurementCell.objects.order_by("dimension", "id")),
            Prefetch(
                "transitions",
                queryset=MeasurementTransition.objects.select_related("actor").order_by("at", "id"),
            ),
            "indicator__dimensions",
        )
    )


def measurement_list(*, actor: Any, indicator: Indicator) -> QuerySet[Measurement]:
    """The indicator's measurements the actor may see, newest period first; a fixed number
    of queries whatever the number of periods, cells and steps."""
    statuses = visible_statuses(actor=actor, partnership=indicator.partnership)
    return (
        measurement_queryset(statuses=statuses)
        .filter(indicator=indicator)
        .order_by("-period_start", "id")
    )


def measurement_get(*, actor: Any, partnership: Partnership, measurement_id: int) -> Measurement:
    """A measurement of the partnership the actor may see (the public: verified ones)."""
    statuses = visible_statuses(actor=actor, partnership=partnership)
    measurement = (
        measurement_queryset(statuses=statuses)
        .filter(indicator__partnership=partnership, pk=measurement_id)
        .first()
    )
    if measurement is None:
        raise NotFound(_("No such measurement."))
    return measurement


def cell_table(measurement: Measurement) -> list[tuple[str, list[tuple[str, Any]]]]:
    """Per dimension of the indicator: its label and (category label, value) in list order."""
    values = {(c.dimension, c.category): c.value for c in measurement.cells.all()}
    return [
        (
            Dimension(d.dimension).label,
            [
                (category_label(d.dimension, code), values.get((d.dimension, code)))
                for code, _label in CATEGORIES[d.dimension]
            ],
        )
        for d in measurement.indicator.dimensions.all()
    ]

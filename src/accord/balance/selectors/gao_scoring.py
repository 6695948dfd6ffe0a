"""The GAO practices, each scored 0–100 from its components (``gao_components``,
``gao_charter``), and the members' self-assessment set beside it on the same scale.
Pure functions, no database.

A practice's score is the mean of the fractions of its components that have evidence,
times 100, rounded; with no component in evidence it has none. Which components count for
which practice follows shared/docs/INSTRUMENTS.md §4.4 (docs/gao-practices.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from accord.balance.selectors.gao_charter import (
    charter_current,
    charter_signed,
    common_outcome,
    compatible_policies,
    data_sharing,
    joint_strategies,
    outcome_reviewed,
    roles_in_charter,
    shared_values,
)
from accord.balance.selectors.gao_components import (
    Component,
    GaoEvidence,
    actions_on_time,
    commitments_kept,
    commitments_spread,
    coordinator_named,
    decision_rules,
    joint_activities,
    leadership_shared,
    pledges_on_time,
    raci_coverage,
    relevant_included,
    reports_on_time,
    resources_pledged,
    sectors_covered,
    targets_set,
)

#: A difference between live and self-assessed scores this large (in points of 0–100)
#: is flagged on the page.
LARGE_GAP = 25.0


def half_up(value: float) -> int:
    """Round to the nearest whole number, halves up (37.5 → 38), after rounding away the
    binary noise of float sums (67.49999999999999 is 67.5).

    >>> half_up(37.5), half_up(0.675 * 100), half_up(37.49)
    (38, 68, 37)
    """
    return math.floor(round(value, 9) + 0.5)


# --- the practices ----------------------------------------------------------------------


@dataclass(frozen=True)
class PracticeDefinition:
    code: str  # the self-assessment's item code, e.g. "gao06-1"
    report: str  # "GAO-06-15" or "GAO-23-105520"
    number: int
    title: str
    components: tuple[Callable[[GaoEvidence], Component], ...]


@dataclass(frozen=True)
class PracticeScore:
    definition: PracticeDefinition
    components: list[Component] = field(default_factory=list)

    @property
    def score(self) -> int | None:
        """0–100 from the components with evidence; None when none has any."""
        fractions = [c.fraction for c in self.components if c.fraction is not None]
        return half_up(100 * sum(fractions) / len(fractions)) if fractions else None


def _definitions() -> tuple[PracticeDefinition, ...]:
    g06, g23 = "GAO-06-15", "GAO-23-105520"
    return (
        PracticeDefinition(
            "gao06-1",
            g06,
            1,
            _("Define and articulate a common outcome"),
            (common_outcome, targets_set),
        ),
        PracticeDefinition(
            "gao06-2",
            g06,
            2,
            _("Establish mutually reinforcing or joint strategies"),
            (joint_strategies, joint_activities),
        ),
        PracticeDefinition(
            "gao06-3",
            g06,
            3,
            _("Identify and address needs by leveraging resources"),
            (resources_pledged, pledges_on_time),
        ),
        PracticeDefinition(
            "gao06-4",
            g06,
            4,
            _("Agree on roles and responsibilities"),
            (roles_in_charter, raci_coverage),
        ),
        PracticeDefinition(
            "gao06-5",
            g06,
            5,
            _(
                "Establish compatible policies, procedures, and other means to operate across agency boundaries"
            ),
            (compatible_policies, decision_rules),
        ),
        PracticeDefinition(
            "gao06-6",
            g06,
            6,
            _("Develop mechanisms to monitor, evaluate, and report on results"),
            (targets_set, reports_on_time),
        ),
        PracticeDefinition(
            "gao06-7",
            g06,
            7,
            _(
                "Reinforce agency accountability for collaborative efforts through agency plans and reports"
            ),
            (commitments_spread, commitments_kept),
        ),
        PracticeDefinition(
            "gao06-8",
            g06,
            8,
            _(
                "Reinforce individual accountability for collaborative efforts through performance management systems"
            ),
            (actions_on_time,),
        ),
        PracticeDefinition(
            "gao23-1",
            g23,
            1,
            _("Define common outcomes"),
            (common_outcome, targets_set, outcome_reviewed),
        ),
        PracticeDefinition(
            "gao23-2",
            g23,
            2,
            _("Ensure accountability"),
            (reports_on_time, commitments_kept, actions_on_time),
        ),
        PracticeDefinition(
            "gao23-3",
            g23,
            3,
            _("Bridge organizational cultures"),
            (compatible_policies, shared_values),
        ),
        PracticeDefinition(
            "gao23-4",
            g23,
            4,
            _("Identify and sustain leadership"),
            (coordinator_named, leadership_shared),
        ),
        PracticeDefinition(
            "gao23-5",
            g23,
            5,
            _("Clarify roles and responsibilities"),
            (roles_in_charter, raci_coverage, decision_rules),
        ),
        PracticeDefinition(
            "gao23-6",
            g23,
            6,
            _("Include relevant participants"),
            (relevant_included, sectors_covered),
        ),
        PracticeDefinition(
            "gao23-7",
            g23,
            7,
            _("Leverage resources and information"),
            (resources_pledged, pledges_on_time, data_sharing),
        ),
        PracticeDefinition(
            "gao23-8",
            g23,
            8,
            _("Develop and update written guidance and agreements"),
            (charter_signed, charter_current),
        ),
    )


def practice_definitions() -> tuple[PracticeDefinition, ...]:
    """The sixteen practices in the order of the page (titles in the current language)."""
    return _definitions()


def practice_scores(
    ev: GaoEvidence, sector_label: Callable[[str], str] = str
) -> list[PracticeScore]:
    """Each practice with its components computed from ``ev``."""
    scores = []
    for definition in practice_definitions():
        components = [
            rule(ev, sector_label) if rule is sectors_covered else rule(ev)
            for rule in definition.components
        ]
        scores.append(PracticeScore(definition, components))
    return scores


# --- the self-assessment beside it ------------------------------------------------------


def scaled_self_assessment(mean: float | None) -> float | None:
    """A 1–5 mean on the 0–100 scale of the live scores: (mean − 1) / 4 × 100.

    >>> scaled_self_assessment(4.0), scaled_self_assessment(1.0), scaled_self_assessment(None)
    (75.0, 0.0, None)
    """
    return None if mean is None else (mean - 1.0) / 4.0 * 100.0


def sector_spread(by_sector: Mapping[str, float | None]) -> float | None:
    """The largest minus the smallest sector mean, on the 0–100 scale; None with fewer than
    two sectors shown (a sector below the anonymity threshold has no mean).

    >>> sector_spread({"public": 4.5, "community": 2.5, "private": None})
    50.0
    """
    values = [scaled_self_assessment(v) for v in by_sector.values() if v is not None]
    return max(values) - min(values) if len(values) >= 2 else None  # type: ignore[type-var]


def gap(live: int | None, self_assessed: float | None) -> float | None:
    """Live minus self-assessed, when both exist: negative when members rate the
    partnership higher than its records show."""
    return None if live is None or self_assessed is None else live - self_assessed


def is_large_gap(value: float | None) -> bool:
    return value is not None and abs(value) >= LARGE_GAP

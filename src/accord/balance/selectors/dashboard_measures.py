"""The building blocks of the balance dashboard: holders, columns and their concentration.

A *holder* is a row of the per-member table: a member organization, the community
participants together, or the organizations that are not members today together. A
*column* is one quantity spread over the holders and over the groups (sectors) -- seats,
resources, power under a rule, voice, budget, benefits -- with its concentration.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from accord.balance.groups import INDIVIDUALS, OTHERS
from accord.engine.equity import gini, herfindahl_hirschman_index

#: Column states: ``ready`` has figures; ``empty`` has no records yet; ``waiting``,
#: ``not_computed`` and ``failed`` are a power analysis not (yet) stored.
READY = "ready"
EMPTY = "empty"
WAITING = "waiting"
NOT_COMPUTED = "not_computed"
FAILED = "failed"


def organization_key(organization_id: int) -> str:
    return f"o{organization_id}"


@dataclass(frozen=True)
class Holder:
    key: str  # "o<id>", INDIVIDUALS or OTHERS
    name: str
    group: str
    organization_id: int | None = None

    @property
    def is_member(self) -> bool:
        return self.key not in (INDIVIDUALS, OTHERS)


@dataclass(frozen=True)
class Concentration:
    """How concentrated a column is over its holders (or groups, for a column counted per
    group only): Gini (0 equal .. 1 - 1/n one holds all), Herfindahl-Hirschman index
    (sum of squared shares, 1/n .. 1) and the largest share with its holder's name."""

    gini: float
    hhi: float
    largest_share: float
    largest_name: str
    holders: int


def concentration(values: Mapping[str, float], names: Mapping[str, str]) -> Concentration | None:
    """The concentration of ``values`` (holder key -> amount, zeros included), or None when
    nothing is held."""
    amounts = [max(float(v), 0.0) for v in values.values()]
    total = sum(amounts)
    if not amounts or total <= 0:
        return None
    top_key = max(values, key=lambda k: (float(values[k]), k))
    return Concentration(
        gini=gini(amounts),
        hhi=herfindahl_hirschman_index(amounts),
        largest_share=float(values[top_key]) / total,
        largest_name=names.get(top_key, top_key),
        holders=len(amounts),
    )


@dataclass
class Column:
    """One quantity over the holders (``values``) and the groups (``group_values``).

    ``per_member`` is False for a quantity only known per group (budget decided).
    A *rate* column (meetings attended) shows, per holder and per group, ``values`` out of
    ``denominators`` (attended out of recorded) instead of a share of the column's total;
    it is left out of the stacked picture, whose bars are shares of a total.
    ``state`` says whether it has figures (see the module constants); ``note`` says why
    not, and ``source_url`` where the data comes from.
    """

    key: str
    kind: str  # seats, resources, power, voice, attendance, budget, benefits
    label: str
    short_label: str
    source_url: str
    source_label: str
    state: str = READY
    note: str = ""
    values: dict[str, float] = field(default_factory=dict)
    group_values: dict[str, float] = field(default_factory=dict)
    per_member: bool = True
    in_chart: bool = True
    unit: str = ""  # "KES", "comments", ... for the raw totals
    rule_id: int | None = None
    concentration: Concentration | None = None
    rate: bool = False
    denominators: dict[str, float] = field(default_factory=dict)
    group_denominators: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(self.group_values.values())

    @property
    def ready(self) -> bool:
        return self.state == READY

    def share(self, holder: str) -> float | None:
        if not self.ready or not self.per_member or holder not in self.values:
            return None
        if self.rate:
            out_of = self.denominators.get(holder, 0.0)
            return self.values[holder] / out_of if out_of else None
        total = self.total
        return self.values[holder] / total if total else None

    def group_share(self, group: str) -> float | None:
        if not self.ready:
            return None
        if self.rate:
            out_of = self.group_denominators.get(group, 0.0)
            return self.group_values.get(group, 0.0) / out_of if out_of else None
        total = self.total
        return self.group_values.get(group, 0.0) / total if total else None


def add(target: dict[str, float], key: str, amount: float | Decimal | int) -> None:
    target[key] = target.get(key, 0.0) + float(amount)

"""Where the real pabulib elections are, and how tests that need them skip (not a conftest:
imported by name, so that it cannot clash with other folders' conftest modules).

The files live in ``../shared/data/pabulib`` beside the repository (see its README for the
provenance: pabulib, Faliszewski et al., IJCAI 2023).  Without them the tests that need
them skip, except under ``CI=true`` where a missing folder is an error.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from accord.engine.budgeting.comparison import popularity_comparison
from accord.engine.budgeting.equal_shares import method_of_equal_shares
from accord.engine.budgeting.greedy import greedy_utilitarian_welfare
from accord.engine.budgeting.instance import BudgetingInstance, Outcome
from accord.engine.budgeting.phragmen import sequential_phragmen
from accord.engine.io.pabulib import read_pabulib

PABULIB = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "pabulib"
FILES = sorted(PABULIB.glob("*.pb")) if PABULIB.is_dir() else []


def require_pabulib() -> None:
    if FILES:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"pabulib data missing at {PABULIB}")
    pytest.skip(f"pabulib data not found at {PABULIB}")


def pabulib_path(stem: str) -> Path:
    require_pabulib()
    return PABULIB / f"{stem}.pb"


# parametrize over the files even when absent, so that a missing folder shows as a skip
FILE_STEMS = [f.stem for f in FILES] or ["<no pabulib data>"]


@cache
def instance_of(stem: str) -> BudgetingInstance:
    return BudgetingInstance.from_pabulib(read_pabulib(pabulib_path(stem)))


@cache
def outcome_of(stem: str, rule: str) -> Outcome:
    instance = instance_of(stem)
    if rule == "mes_cost":
        return method_of_equal_shares(instance)
    if rule == "mes_approval":
        return method_of_equal_shares(instance, utility="approval")
    if rule == "mes_cost_utilitarian":
        return method_of_equal_shares(instance, completion="utilitarian")
    if rule == "mes_cost_add1":
        return method_of_equal_shares(instance, completion="add1")
    if rule == "mes_cost_add1_utilitarian":
        return method_of_equal_shares(instance, completion="add1_utilitarian")
    if rule == "add1_popularity_cost":
        return popularity_comparison(
            instance, [outcome_of(stem, "mes_cost_add1"), outcome_of(stem, "greedy_cost")]
        )
    if rule == "phragmen":
        return sequential_phragmen(instance)
    if rule == "greedy_cost":
        return greedy_utilitarian_welfare(instance)
    if rule == "greedy_approval":
        return greedy_utilitarian_welfare(instance, utility="approval")
    raise ValueError(rule)

"""Cold start (issue 18): the add-one kernels are compiled ahead of the first request by
``accord.engine.budgeting.warm_up`` (``accord serve`` runs it in the background), with the
argument types the certified search uses, so the first real call compiles nothing more."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from budgeting_data import instance_of

from accord.engine.budgeting import mes_ranges
from accord.engine.budgeting.equal_shares import method_of_equal_shares
from accord.engine.budgeting.instance import BudgetingInstance
from accord.engine.budgeting.warm_up import warm_up_kernels

KERNELS = (mes_ranges.low_run, mes_ranges.replay_low, mes_ranges.high_check)


def signatures() -> dict[str, int]:
    return {kernel.__name__: len(kernel.signatures) for kernel in KERNELS}


def test_the_warm_up_compiles_every_signature_add_one_uses() -> None:
    warm_up_kernels()
    after_warm_up = signatures()
    assert all(count >= 1 for count in after_warm_up.values()), after_warm_up
    for stem in ("Netherlands_Assen_2024", "Poland_Katowice_2023"):  # replay and high checks
        method_of_equal_shares(instance_of(stem), completion="add1")
    fractional = BudgetingInstance.from_lists(  # non-integral costs: exact_ratios is False
        costs=[Fraction(7, 2), 3, 2],
        budget=6,
        ballots=[["0", "1"], ["1"], ["2"], ["0", "2"]],
    )
    method_of_equal_shares(fractional, completion="add1", utility="approval")
    assert signatures() == after_warm_up


def run_fresh(cache: Path) -> dict[str, float]:
    """A fresh interpreter with numba's cache in ``cache``: the warm-up's seconds."""
    script = (
        "import json, time; t = time.perf_counter(); "
        "from accord.engine.budgeting.warm_up import warm_up_kernels; "
        "s = warm_up_kernels(); "
        "print(json.dumps({'warm_up': s, 'total': time.perf_counter() - t}))"
    )
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache)}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.mark.slow
def test_a_fresh_process_compiles_once_then_loads_the_cache(tmp_path: Path) -> None:
    """With an empty cache the warm-up compiles (9-45 s) and writes the cache; the next
    fresh process loads it (about a second)."""
    cold = run_fresh(tmp_path)
    assert list(tmp_path.rglob("*.nbi")), "numba wrote no cache index"
    warm = run_fresh(tmp_path)
    assert warm["warm_up"] < cold["warm_up"] / 3, (cold, warm)

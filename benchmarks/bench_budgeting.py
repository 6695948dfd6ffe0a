"""Participatory budgeting: pabulib parsing and the rules, against pabutools 1.2.3.

``mes+add1`` is our default add-one search (certified: the same outcome as trying every
increment, proved in ``accord.engine.budgeting.equal_shares``), ``mes+add1/linear`` tries
every increment like pabutools, ``mes+add1/bisect`` bisects (not always identical: it
differs on Poland_Lodz_2022); all are compared with pabutools' ``voter_budget_increment=1``.  Every rule row is end to end on both sides: read the ``.pb`` file, then run the rule
(pabutools: ``parse_pabulib`` then the rule; ours: ``read_pabulib`` →
``BudgetingInstance.from_pabulib`` → the rule).  "identical" compares the selected
project ids.  Tie-breaking is pabutools' default (lexicographic ids) on both sides.

The default run (``make bench``) keeps to about three minutes: parsing and plain MES on
Poland_Lodz_2022 (the largest approval election), MES + greedy completion on Budapest,
add-one on Swiecie and Katowice (where pabutools finishes) and on Budapest (where pabutools
would need days: capped),
Phragmén on Warszawa Praga-Południe and greedy on Wawer.  ``--full`` runs every rule on
every file with the peer capped at ten minutes per row.

Cold start: the last two rows time the *first* add-one call in a fresh interpreter (file
read beforehand), on Assen, once with an empty numba cache (``NUMBA_CACHE_DIR`` set to a
new temporary directory: the kernels compile) and once more with the cache that run filled
(they load); the peer column is pabutools' first call in a fresh interpreter too (it
compiles nothing).  ``accord serve`` fills the cache in the background as it starts
(``accord.engine.budgeting.warm_up``), so users meet the second row, not the first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import DATA, Row, Timing, timed

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from accord.engine.budgeting.equal_shares import method_of_equal_shares
from accord.engine.budgeting.greedy import greedy_utilitarian_welfare
from accord.engine.budgeting.instance import BudgetingInstance
from accord.engine.budgeting.phragmen import sequential_phragmen
from accord.engine.io.pabulib import read_pabulib

PABULIB = DATA / "pabulib"
RULES = [
    "parse",
    "mes",
    "mes+utilitarian",
    "mes+add1",
    "mes+add1/linear",
    "mes+add1/bisect",
    "phragmen",
    "greedy",
]
DEFAULT_CASES = [
    ("Poland_Lodz_2022", "parse", 60),
    ("Poland_Lodz_2022", "mes", 60),
    ("Hungary_Budapest_2024", "mes+utilitarian", 60),
    ("Poland_Swiecie_2023", "mes+add1", 60),
    ("Poland_Katowice_2023", "mes+add1", 200),
    ("Hungary_Budapest_2024", "mes+add1", 20),
    ("Poland_Warszawa_2020_Praga-Poludnie", "phragmen", 60),
    ("Poland_Warszawa_2020_Wawer", "greedy", 60),
]


def _ours(path: Path, rule: str) -> Callable[[], Any]:
    def run() -> Any:
        election = read_pabulib(path)
        if rule == "parse":
            return election
        instance = BudgetingInstance.from_pabulib(election)
        if rule == "mes":
            outcome = method_of_equal_shares(instance)
        elif rule == "mes+utilitarian":
            outcome = method_of_equal_shares(instance, completion="utilitarian")
        elif rule == "mes+add1":
            outcome = method_of_equal_shares(instance, completion="add1")
        elif rule == "mes+add1/linear":
            outcome = method_of_equal_shares(instance, completion="add1", increment_search="linear")
        elif rule == "mes+add1/bisect":
            outcome = method_of_equal_shares(
                instance, completion="add1", increment_search="bisection"
            )
        elif rule == "phragmen":
            outcome = sequential_phragmen(instance)
        else:
            outcome = greedy_utilitarian_welfare(instance)
        return sorted(outcome.selected)

    return run


def _peer(path: Path, rule: str) -> Callable[[], Any]:
    def run() -> Any:
        from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, parse_pabulib
        from pabutools.rules import (
            completion_by_rule_combination,
            greedy_utilitarian_welfare,
            method_of_equal_shares,
            sequential_phragmen,
        )

        instance, profile = parse_pabulib(str(path))
        if rule == "parse":
            return instance, profile
        if rule == "mes":
            outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
        elif rule == "mes+utilitarian":
            outcome = completion_by_rule_combination(
                instance,
                profile,
                [method_of_equal_shares, greedy_utilitarian_welfare],
                [{"sat_class": Cost_Sat}, {"sat_class": Cost_Sat}],
            )
        elif rule in ("mes+add1", "mes+add1/linear", "mes+add1/bisect"):
            outcome = method_of_equal_shares(
                instance, profile, sat_class=Cost_Sat, voter_budget_increment=1
            )
        elif rule == "phragmen":
            if not isinstance(profile, ApprovalProfile):
                profile = ApprovalProfile([ApprovalBallot(list(b)) for b in profile])
            outcome = sequential_phragmen(instance, profile)
        else:
            outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
        return sorted(p.name for p in outcome)

    return run


def _size(path: Path) -> str:
    election = read_pabulib(path)
    return f"{election.num_voters:,} voters × {election.num_projects} projects"


def _row(stem: str, rule: str, timeout: float) -> Row:
    path = PABULIB / f"{stem}.pb"
    ours = timed(_ours(path, rule))
    try:
        import pabutools  # noqa: F401

        peer = timed(_peer(path, rule), timeout=timeout)
    except ImportError:
        peer = Timing(None, None, 0)
    if rule == "parse":
        identical = None if peer.seconds is None else ours.value.num_voters == len(peer.value[1])
    else:
        identical = None if peer.seconds is None else ours.value == peer.value
    return Row(f"{rule} {stem}", _size(path), peer, ours, identical)


COLD_START_STEM = "Netherlands_Assen_2024"
SRC = Path(__file__).resolve().parents[1] / "src"
_OURS_FIRST_CALL = """
import json, sys, time
sys.path.insert(0, sys.argv[2])
from accord.engine.budgeting.equal_shares import method_of_equal_shares
from accord.engine.budgeting.instance import BudgetingInstance
from accord.engine.io.pabulib import read_pabulib
instance = BudgetingInstance.from_pabulib(read_pabulib(sys.argv[1]))
start = time.perf_counter()
outcome = method_of_equal_shares(instance, completion="add1")
print(json.dumps([time.perf_counter() - start, sorted(outcome.selected)]))
"""
_PEER_FIRST_CALL = """
import json, sys, time
from pabutools.election import Cost_Sat, parse_pabulib
from pabutools.rules import method_of_equal_shares
instance, profile = parse_pabulib(sys.argv[1])
start = time.perf_counter()
outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
print(json.dumps([time.perf_counter() - start, sorted(p.name for p in outcome)]))
"""


def _first_call(script: str, path: Path, env: dict[str, str], timeout: float) -> Timing:
    """The first call's seconds and selection in a fresh interpreter (None if it timed out
    or failed)."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", script, str(path), str(SRC)],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except (subprocess.TimeoutExpired, subprocess.CalledProcessError):
        return Timing(None, None, timeout)
    seconds, selected = json.loads(done.stdout)
    return Timing(seconds, selected, timeout)


def _cold_start_rows() -> list[Row]:
    path = PABULIB / f"{COLD_START_STEM}.pb"
    with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        cold = _first_call(_OURS_FIRST_CALL, path, env, 600)
        warm = _first_call(_OURS_FIRST_CALL, path, env, 600)
    try:
        import pabutools  # noqa: F401

        peer = _first_call(_PEER_FIRST_CALL, path, dict(os.environ), 60)
    except ImportError:
        peer = Timing(None, None, 0)
    rows = []
    for label, ours in (("empty kernel cache", cold), ("kernel cache filled", warm)):
        identical = None if peer.seconds is None else ours.value == peer.value
        case = f"mes+add1 first call, fresh process, {label} {COLD_START_STEM}"
        rows.append(Row(case, _size(path), peer, ours, identical))
    return rows


def run(full: bool) -> list[Row]:
    if not PABULIB.is_dir():
        return []
    if full:
        stems = [p.stem for p in sorted(PABULIB.glob("*.pb"), key=lambda p: p.stat().st_size)]
        # our linear add-one on Budapest is 22,001 MES runs (about 20 minutes): not run
        cases = [
            (stem, rule, 600)
            for stem in stems
            for rule in RULES
            if not (stem == "Hungary_Budapest_2024" and rule == "mes+add1/linear")
        ]
    else:
        cases = DEFAULT_CASES
    rows = []
    for stem, rule, timeout in cases:
        start = time.perf_counter()
        rows.append(_row(stem, rule, timeout))
        print(f"  {rule} {stem}: {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    start = time.perf_counter()
    rows += _cold_start_rows()
    print(f"  cold start: {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    return rows

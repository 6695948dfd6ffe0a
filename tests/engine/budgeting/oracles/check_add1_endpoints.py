"""Partial pabutools check of add-one where pabutools' own add-one cannot finish.

pabutools' ``method_of_equal_shares(voter_budget_increment=1)`` reruns MES once per unit of
currency added to each voter's budget; on the eight largest files of shared/data that is 40
minutes to days, so its add-one outcome there is unknown.  This script checks the two runs
that decide our answer, with pabutools' own MES: for our final increment ``k`` it runs
``method_of_equal_shares_scheme`` (the function behind ``method_of_equal_shares``, which
takes the initial budget per voter) once at ``budget / n + k`` and once at ``+ k + 1``, and
records

- whether pabutools' outcome at ``+k`` is the set we return;
- whether pabutools' outcome at ``+k + 1`` is over the budget, or the one at ``+k``
  exhaustive (pabutools' own ``is_feasible`` / ``is_exhaustive``), i.e. whether pabutools'
  loop, had it reached ``k``, would stop there with our answer.

What it does not check: that pabutools' loop does not stop *before* ``k`` (that every
increment below ``k`` gives a feasible, non-exhaustive outcome).  That is what our
certified search (or linear scan) establishes with our own MES.

Results go to ``add1_endpoints.json`` next to this file.  Usage (slow: two pabutools MES
runs per file, 15 s to 2 min each)::

    nice -n 19 .venv/bin/python tests/engine/budgeting/oracles/check_add1_endpoints.py \
        [--search=certified|linear] [STEM ...]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[3] / "src"))
DATA = HERE.parents[3].parent / "shared" / "data" / "pabulib"
OUT = HERE / "add1_endpoints.json"

# the files where pabutools' add-one was not attempted (see pabutools_oracles.json)
LARGEST = [
    "Poland_Wroclaw_2017",
    "Poland_Wroclaw_2015_150_-_500",
    "Poland_Warszawa_2020_Praga-Poludnie",
    "Poland_Lodz_2023",
    "Poland_Warszawa_2026",
    "Poland_Lodz_2022",
    "Poland_Krakow_2024",
    "Hungary_Budapest_2024",
]


def _pabutools_mes(instance, profile, per_voter_budget):
    from pabutools.election import AbstractApprovalProfile, Cost_Sat
    from pabutools.rules import BudgetAllocation
    from pabutools.rules.mes.mes_rule import method_of_equal_shares_scheme
    from pabutools.tiebreaking import lexico_tie_breaking

    return method_of_equal_shares_scheme(
        instance,
        profile,
        profile.as_sat_profile(sat_class=Cost_Sat),
        per_voter_budget,
        BudgetAllocation(),
        lexico_tie_breaking,
        binary_sat=isinstance(profile, AbstractApprovalProfile),
    )


def check(stem: str, search: str) -> dict:
    from pabutools.election import parse_pabulib
    from pabutools.fractions import frac

    from accord.engine.budgeting.equal_shares import method_of_equal_shares
    from accord.engine.budgeting.instance import BudgetingInstance
    from accord.engine.io.pabulib import read_pabulib

    path = DATA / f"{stem}.pb"
    ours = method_of_equal_shares(
        BudgetingInstance.from_pabulib(read_pabulib(path)),
        completion="add1",
        increment_search=search,
    )
    k = ours.increments
    instance, profile = parse_pabulib(str(path))
    base = frac(instance.budget_limit, profile.num_ballots())
    start = time.perf_counter()
    at_k = _pabutools_mes(instance, profile, base + k)
    after = _pabutools_mes(instance, profile, base + k + 1)
    seconds = time.perf_counter() - start
    # pabutools' add-one tests exhaustiveness against the projects MES may buy
    available = [p for p in instance if p.cost > 0 and any(p in b for b in profile)]
    at_k_names = sorted(p.name for p in at_k)
    return {
        "increments": k,
        "ours": sorted(ours.selected),
        "pabutools_at_k": at_k_names,
        "same_at_k": at_k_names == sorted(ours.selected),
        "search": search,
        "pabutools_k_feasible": bool(instance.is_feasible(at_k)),
        "pabutools_k_exhaustive": bool(instance.is_exhaustive(at_k, available_projects=available)),
        "pabutools_k_plus_1_over_budget": not instance.is_feasible(after),
        "pabutools_k_plus_1": sorted(p.name for p in after),
        "pabutools_seconds": round(seconds, 1),
    }


def main() -> int:
    args = sys.argv[1:]
    search = "certified"
    if args and args[0].startswith("--search="):
        search = args.pop(0).split("=", 1)[1]
    stems = args or LARGEST
    results = json.loads(OUT.read_text()) if OUT.exists() else {}
    for stem in stems:
        entry = check(stem, search)
        # pabutools' loop returns the outcome at k when k is exhaustive, and the outcome at
        # k when k + 1 is over budget (it returns the previous one)
        entry["pabutools_would_stop_here"] = (
            entry["same_at_k"] and entry["pabutools_k_feasible"]
        ) and (entry["pabutools_k_exhaustive"] or entry["pabutools_k_plus_1_over_budget"])
        results[stem] = entry
        OUT.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
        print(stem, entry["increments"], entry["pabutools_would_stop_here"], flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

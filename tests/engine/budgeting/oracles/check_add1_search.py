"""Check that add-one's bisection search returns what the linear scan returns, on real files.

``method_of_equal_shares(completion="add1")`` finds the number of budget increments by
doubling and bisection (``increment_search="bisection"``), which is exact only if
"exhaustive or over budget" stays true once it becomes true.  This script runs both searches
on every pabulib file of shared/data (the linear scan, like pabutools, reruns MES once per
unit of currency added to each voter's budget) and records both outcomes and increment
counts in ``add1_linear_vs_bisection.json``.

Usage: nice -n 19 .venv/bin/python tests/engine/budgeting/oracles/check_add1_search.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[3] / "src"))
DATA = HERE.parents[3].parent / "shared" / "data" / "pabulib"
OUT = HERE / "add1_linear_vs_bisection.json"

from accord.engine.budgeting.equal_shares import method_of_equal_shares  # noqa: E402
from accord.engine.budgeting.instance import BudgetingInstance  # noqa: E402
from accord.engine.io.pabulib import read_pabulib  # noqa: E402


def main() -> int:
    skip = set(sys.argv[1:])
    results = json.loads(OUT.read_text()) if OUT.exists() else {}
    for path in sorted(DATA.glob("*.pb"), key=lambda p: p.stat().st_size):
        if path.stem in results or path.stem in skip:
            continue
        instance = BudgetingInstance.from_pabulib(read_pabulib(path))
        entry = {}
        for search in ("bisection", "linear"):
            start = time.perf_counter()
            outcome = method_of_equal_shares(instance, completion="add1", increment_search=search)
            entry[search] = {
                "selected": sorted(outcome.selected),
                "increments": outcome.increments,
                "seconds": round(time.perf_counter() - start, 3),
            }
        entry["identical"] = entry["bisection"]["selected"] == entry["linear"]["selected"]
        results[path.stem] = entry
        OUT.write_text(json.dumps(results, indent=1) + "\n")
        print(path.stem, entry["identical"], entry["linear"]["increments"], flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

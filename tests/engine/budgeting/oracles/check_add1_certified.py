"""Record the certified add-one search on every pabulib file and compare it with the linear
scan and with pabutools.

``method_of_equal_shares(completion="add1")`` uses ``increment_search="certified"``, which
skips ranges of increments whose MES outcome is certified not to change (see the module
docstring of ``accord.engine.budgeting.equal_shares``).  This script runs it on every file of
shared/data and stores, per file, its selection, increment count and time, and whether they
equal the linear scan's recorded in ``add1_linear_vs_bisection.json`` (one MES run per
increment, made by ``check_add1_search.py``) and pabutools' add-one in
``pabutools_oracles.json`` where pabutools finished.  Output: ``add1_certified.json``.

Usage: nice -n 10 .venv/bin/python tests/engine/budgeting/oracles/check_add1_certified.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[3] / "src"))
DATA = HERE.parents[3].parent / "shared" / "data" / "pabulib"
OUT = HERE / "add1_certified.json"

from accord.engine.budgeting.equal_shares import method_of_equal_shares  # noqa: E402
from accord.engine.budgeting.instance import BudgetingInstance  # noqa: E402
from accord.engine.io.pabulib import read_pabulib  # noqa: E402


def main() -> int:
    linear = json.loads((HERE / "add1_linear_vs_bisection.json").read_text())
    oracles = json.loads((HERE / "pabutools_oracles.json").read_text())
    results = {}
    for path in sorted(DATA.glob("*.pb"), key=lambda p: p.stat().st_size):
        start = time.perf_counter()
        instance = BudgetingInstance.from_pabulib(read_pabulib(path))
        outcome = method_of_equal_shares(instance, completion="add1")
        seconds = time.perf_counter() - start
        entry = {
            "selected": sorted(outcome.selected),
            "increments": outcome.increments,
            "seconds_with_read": round(seconds, 3),
        }
        if path.stem in linear:
            scan = linear[path.stem]["linear"]
            entry["same_as_linear"] = (
                scan["selected"] == entry["selected"] and scan["increments"] == outcome.increments
            )
        peer = oracles.get(path.stem, {}).get("mes_cost_add1", {})
        if "selected" in peer:
            entry["same_as_pabutools"] = peer["selected"] == entry["selected"]
        results[path.stem] = entry
        OUT.write_text(json.dumps(results, indent=1) + "\n")
        flags = {k: v for k, v in entry.items() if k.startswith("same")}
        print(path.stem, outcome.increments, round(seconds, 2), flags, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

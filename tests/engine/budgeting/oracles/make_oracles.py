"""Record pabutools' selections on every pabulib file of shared/data as a JSON fixture.

pabutools 1.2.3 is the oracle of ``tests/engine/budgeting``; on the large files it is far
too slow for the test suite (MES with add-one completion takes minutes to hours), so this
script runs it once, each (file, rule) pair in its own child process with a time-out, and
stores the selected project ids in ``pabutools_oracles.json`` next to this file.  The
tests compare our rules with that JSON on every file, and with pabutools live on the
small ones.

Usage (low priority, in the background; the JSON is rewritten after every pair)::

    nice -n 19 .venv/bin/python tests/engine/budgeting/oracles/make_oracles.py \
        [--timeout SECONDS] [--only FILE_STEM ...] [--rules RULE ...]

Rules recorded (all with pabutools' default lexicographic tie-breaking on project ids):

- ``mes_cost``: ``method_of_equal_shares(sat_class=Cost_Sat)``, no completion;
- ``mes_cost_add1``: the same with ``voter_budget_increment=1`` (add-one completion);
- ``mes_cost_utilitarian``: ``completion_by_rule_combination`` of MES (Cost_Sat) then
  ``greedy_utilitarian_welfare`` (Cost_Sat);
- ``mes_cost_add1_utilitarian``: add-one completion, then the greedy completion;
- ``mes_approval``: ``method_of_equal_shares(sat_class=Cardinality_Sat)``;
- ``phragmen``: ``sequential_phragmen`` (non-approval ballots are read as approval of the
  projects they mention);
- ``greedy_cost`` / ``greedy_approval``: ``greedy_utilitarian_welfare`` with Cost_Sat /
  Cardinality_Sat;
- ``add1_popularity_cost``: ``popularity_comparison(sat_class=Cost_Sat)`` between
  MES + add-one and greedy (Cost_Sat), the rule used in Wieliczka 2023.

The last two reuse the add-one outcome computed for ``mes_cost_add1`` (add-one is by far
the slowest pabutools call), applying pabutools' greedy completion and popularity
comparison to it exactly as ``completion_by_rule_combination`` and
``popularity_comparison`` would.

Pairs that pabutools could not finish are stored as ``{"timeout": seconds}``.  Add-one on
the four elections where it would obviously run for hours (pabutools reruns MES once per unit
of currency added to each voter's budget: 22,001 reruns of a 16 s MES on Budapest) was not
attempted and is stored as ``{"timeout": ..., "not_attempted": "estimated ..."}``.

Data: pabulib (Faliszewski et al., "Participatory Budgeting: Data, Tools, and Analysis",
IJCAI 2023), files copied from pabulib/pabulib_files.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[3].parent / "shared" / "data" / "pabulib"
OUT = HERE / "pabutools_oracles.json"

RULES = [
    "greedy_cost",
    "greedy_approval",
    "phragmen",
    "mes_cost",
    "mes_approval",
    "mes_cost_utilitarian",
    "mes_cost_add1",
]
# computed in the same child as mes_cost_add1, from its outcome (pabutools' functions called
# with initial_budget_allocation / on the outcomes, exactly what the compositions do)
ADD1_FAMILY = ["mes_cost_add1_utilitarian", "add1_popularity_cost"]
ADD1_RULES = {"mes_cost_add1"}


def _run_one(path: str, rule: str) -> dict:
    from pabutools.election import (
        ApprovalBallot,
        ApprovalProfile,
        Cardinality_Sat,
        Cost_Sat,
        parse_pabulib,
    )
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
        popularity_comparison,
        sequential_phragmen,
    )

    instance, profile = parse_pabulib(path)
    start = time.perf_counter()
    if rule == "mes_cost":
        outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    elif rule == "mes_approval":
        outcome = method_of_equal_shares(instance, profile, sat_class=Cardinality_Sat)
    elif rule == "mes_cost_add1":
        outcome = method_of_equal_shares(
            instance, profile, sat_class=Cost_Sat, voter_budget_increment=1
        )
        seconds = time.perf_counter() - start
        family = {}
        # completion_by_rule_combination: return the outcome if exhaustive, else greedy from it
        if instance.is_exhaustive(outcome):
            completed = outcome
        else:
            completed = greedy_utilitarian_welfare(
                instance, profile, sat_class=Cost_Sat, initial_budget_allocation=outcome
            )
        family["mes_cost_add1_utilitarian"] = {"selected": sorted(p.name for p in completed)}
        # popularity_comparison of [MES + add1, greedy], reusing the add-one outcome

        def add1_again(instance, profile, **_):
            return outcome

        winner = popularity_comparison(
            instance,
            profile,
            Cost_Sat,
            [add1_again, greedy_utilitarian_welfare],
            [{}, {"sat_class": Cost_Sat}],
        )[0]
        family["add1_popularity_cost"] = {"selected": sorted(p.name for p in winner)}
        return {
            "selected": sorted(p.name for p in outcome),
            "seconds": round(seconds, 3),
            "family": family,
        }
    elif rule == "mes_cost_utilitarian":
        outcome = completion_by_rule_combination(
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": Cost_Sat}, {"sat_class": Cost_Sat}],
        )
    elif rule == "mes_cost_add1_utilitarian":
        outcome = completion_by_rule_combination(
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
        )
    elif rule == "add1_popularity_cost":
        outcomes = popularity_comparison(
            instance,
            profile,
            Cost_Sat,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
        )
        outcome = outcomes[0]
    elif rule == "phragmen":
        if not isinstance(profile, ApprovalProfile):
            profile = ApprovalProfile([ApprovalBallot(list(b)) for b in profile])
        outcome = sequential_phragmen(instance, profile)
    elif rule == "greedy_cost":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    elif rule == "greedy_approval":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cardinality_Sat)
    else:
        raise ValueError(rule)
    seconds = time.perf_counter() - start
    return {"selected": sorted(p.name for p in outcome), "seconds": round(seconds, 3)}


def _load() -> dict:
    if OUT.exists():
        return json.loads(OUT.read_text())
    return {}


def _save(results: dict) -> None:
    # one line per (file, rule): small diffs when a pair is recomputed
    lines = []
    for stem, rules in sorted(results.items()):
        body = ",\n".join(
            f"  {json.dumps(rule)}: {json.dumps(entry, ensure_ascii=False)}"
            for rule, entry in sorted(rules.items())
        )
        lines.append(f" {json.dumps(stem)}: {{\n{body}\n }}")
    OUT.write_text("{\n" + ",\n".join(lines) + "\n}\n")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--rules", nargs="*", default=RULES)
    parser.add_argument("--redo", action="store_true", help="recompute pairs already stored")
    parser.add_argument("--one", nargs=2, metavar=("PATH", "RULE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_run_one(*args.one)))
        return 0
    files = sorted(DATA.glob("*.pb"))
    if args.only:
        files = [f for f in files if f.stem in args.only]
    # cheapest pairs first: size of the file, add-one rules weigh ten times more
    pairs = sorted(
        ((f, r) for f in files for r in args.rules),
        key=lambda fr: fr[0].stat().st_size * (10 if fr[1] in ADD1_RULES else 1),
    )
    results = _load()
    for path, rule in pairs:
        stored = results.get(path.stem, {}).get(rule)
        if stored is not None and not args.redo and "selected" in stored:
            continue
        if stored is not None and not args.redo and stored.get("timeout", 0) >= args.timeout:
            continue
        print(f"{path.stem} {rule} ...", end=" ", flush=True)
        try:
            done = subprocess.run(  # noqa: S603
                [sys.executable, __file__, "--one", str(path), rule],
                capture_output=True,
                text=True,
                timeout=args.timeout,
                check=True,
                env={**os.environ, "PYTHONWARNINGS": "ignore"},
            )
            entry = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{entry['seconds']} s", flush=True)
            family = entry.pop("family", {})
        except subprocess.TimeoutExpired:
            family = {}
            entry = {"timeout": args.timeout}
            print(f"> {args.timeout} s", flush=True)
        except subprocess.CalledProcessError as exc:
            family = {}
            entry = {"error": exc.stderr.strip().splitlines()[-1]}
            print(entry["error"], flush=True)
        results = _load()
        results.setdefault(path.stem, {})[rule] = entry
        results[path.stem].update(family)
        _save(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

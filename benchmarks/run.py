"""`make bench`: every engine function next to its peer library, on the same input.

Usage: python benchmarks/run.py [--full] [part ...]   (parts: voting, power, budgeting, ...)
"""

from __future__ import annotations

import argparse
import importlib
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import format_table

# One module each: bench_<part>.py.
PARTS = [
    "voting",
    "decision",
    "power",
    "budgeting",
    "opinions",
    "web",
    "iati",
    "report",
    "participation",
    "resources",
    "network",
    "balance",
    "load",
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", action="store_true", help="run the long cases too")
    parser.add_argument("parts", nargs="*", default=PARTS)
    args = parser.parse_args()
    print(f"# Accord benchmarks, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, full={args.full}")
    for part in args.parts:
        try:
            module = importlib.import_module(f"bench_{part}")
        except ModuleNotFoundError as exc:
            if exc.name == f"bench_{part}":
                continue
            raise
        print(f"\n## {part}\n", flush=True)
        rows = module.run(full=args.full)
        # a part may print its own table (load: requests per second and percentiles)
        print(rows if isinstance(rows, str) else format_table(rows), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

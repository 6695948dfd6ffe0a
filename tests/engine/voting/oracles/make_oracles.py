"""Record pref_voting's winners on the PrefLib files too slow to cross-check live.

Run from the repository root (takes several minutes; pref_voting builds its
pairwise supports in pure Python):

    .venv/bin/python tests/engine/voting/oracles/make_oracles.py

A rule that runs past ``RULE_TIMEOUT`` is recorded with ``winners: null``.
It writes ``preflib_oracles.json`` beside this script: for each file, for each
rule, pref_voting 1.18's sorted winners (PrefLib candidate numbers) and the
seconds it took, with its default comparison of truncated ballots ("ignore":
only pairs ranked on the ballot count) and, for ``.soi``/``.toi`` files, also
with ``use_extended_strict_preference()`` ("bottom").
"""

from __future__ import annotations

import json
import signal
import sys
import time
from pathlib import Path

from pref_voting.c1_methods import copeland
from pref_voting.io.readers import preflib_to_profile
from pref_voting.iterative_methods import instant_runoff
from pref_voting.margin_based_methods import beat_path, ranked_pairs
from pref_voting.scoring_methods import borda

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[3].parent / "shared" / "data" / "preflib"
BIG_FILES = [
    "00001-00000001.soi",
    "00001-00000002.soi",
    "00001-00000003.soi",
    "00001-00000003.toc",
    "00018-00000001.toc",
    "00021-00000011.toc",
    "00021-00000011.toi",
]
RULE_TIMEOUT = 600  # seconds; pref_voting's ranked pairs never ends on 00021 .toi ("ignore")


class PeerTimeout(Exception):
    pass


def run_capped(fn, profile) -> tuple[list[int] | None, float]:  # type: ignore[no-untyped-def]
    """Winners and seconds, or (None, RULE_TIMEOUT) when the peer runs past the cap."""

    def alarm(signum: int, frame: object) -> None:
        raise PeerTimeout

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, RULE_TIMEOUT)
    start = time.perf_counter()
    try:
        winners = [int(c) for c in fn(profile)]
    except PeerTimeout:
        return None, RULE_TIMEOUT
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return winners, round(time.perf_counter() - start, 3)


MARGIN_RULES = {"schulze": beat_path, "ranked_pairs": ranked_pairs, "copeland": copeland}


def record(name: str) -> dict[str, object]:
    path = str(DATA / name)
    start = time.perf_counter()
    profile = preflib_to_profile(path)
    entry: dict[str, object] = {"read_seconds": round(time.perf_counter() - start, 3)}
    rules = {"borda": borda, "instant_runoff": instant_runoff, **MARGIN_RULES}
    for rule, fn in rules.items():
        winners, seconds = run_capped(fn, profile)
        entry[rule] = {"winners": winners, "seconds": seconds}
        print(name, rule, winners, entry[rule]["seconds"], flush=True)
    if name.endswith((".soi", ".toi")):
        start = time.perf_counter()
        profile.use_extended_strict_preference()
        entry["extend_seconds"] = round(time.perf_counter() - start, 3)
        for rule, fn in MARGIN_RULES.items():
            winners, seconds = run_capped(fn, profile)
            entry[rule + "@bottom"] = {"winners": winners, "seconds": seconds}
            print(name, rule + "@bottom", winners, flush=True)
    return entry


def main() -> int:
    out = HERE / "preflib_oracles.json"
    results = json.loads(out.read_text()) if out.exists() else {}
    for name in sys.argv[1:] or BIG_FILES:
        results[name] = record(name)
        out.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    results["_peer"] = "pref_voting 1.18.2 (preflib_to_profile, ProfileWithTies)"
    out.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

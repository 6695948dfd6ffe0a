"""Voting rules against pref_voting 1.18 on the PrefLib files, and on a synthetic profile.

Each PrefLib case is timed end to end: reading the file plus running the rule, for the
peer (``preflib_to_profile``, which also builds its pairwise supports) and for us
(``read_preflib``). Margin-based rules use "unranked at the bottom": the peer calls
``use_extended_strict_preference()`` on truncated files (``.soi``/``.toi``), and that
call is counted in its time. The 26 small files are summed into one row per rule.

The synthetic case is 1,000,000 impartial-culture ballots over 20 candidates (all
distinct), built from an orders array; the peer gets a pref_voting ``Profile`` built
from the same array, capped. Without ``--full``, three of the seven big files (Meath
2002 .soi/.toc, San Francisco .toc) are left out to keep `make bench` near 3 minutes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DATA, Row, Timing, timed

from accord.engine.io.preflib import read_preflib
from accord.engine.profiles import RankedProfile
from accord.engine.voting import borda, instant_runoff, ranked_pairs, schulze

PREFLIB = DATA / "preflib"
BIG = {
    "00001-00000001.soi",
    "00001-00000002.soi",
    "00001-00000003.soi",
    "00001-00000003.toc",
    "00018-00000001.toc",
    "00021-00000011.toc",
    "00021-00000011.toi",
}
# `make bench` (full=False) times the peer on these big files only, to stay near 3 minutes
BIG_FAST = {"00001-00000001.soi", "00001-00000002.soi", "00018-00000001.toc", "00021-00000011.toi"}
MARGIN_BASED = {"schulze", "ranked_pairs"}


def _peer_rules() -> dict[str, Callable[[Any], list[int]]]:
    from pref_voting.iterative_methods import instant_runoff as pv_irv
    from pref_voting.margin_based_methods import beat_path
    from pref_voting.margin_based_methods import ranked_pairs as pv_rp
    from pref_voting.scoring_methods import borda as pv_borda

    return {
        "schulze": beat_path,
        "ranked_pairs": pv_rp,
        "borda": pv_borda,
        "instant_runoff": pv_irv,
    }


OURS: dict[str, Callable[[RankedProfile], Any]] = {
    "schulze": schulze,
    "ranked_pairs": ranked_pairs,
    "borda": borda,
    "instant_runoff": instant_runoff,
}


def _sum(parts: list[Timing], cap: float) -> Timing:
    if any(p.seconds is None for p in parts):
        done = sum(p.seconds or 0.0 for p in parts if p.seconds is not None)
        return Timing(None, None, round(done + cap))
    return Timing(sum(p.seconds for p in parts if p.seconds is not None), parts[-1].value)


def _file_timings(path: Path, cap: float) -> dict[str, tuple[Timing, Timing]]:
    """For one file: rule -> (peer timing, our timing), each including the read."""
    from pref_voting.io.readers import preflib_to_profile

    out: dict[str, tuple[Timing, Timing]] = {}
    ours_read = timed(lambda: read_preflib(path).profile)
    profile = ours_read.value
    peer_read = timed(lambda: preflib_to_profile(str(path)), cap)
    truncated = path.suffix in (".soi", ".toi")
    peer_rules = _peer_rules()
    plain = {"borda", "instant_runoff"}
    for group in (plain, MARGIN_BASED):
        extra: list[Timing] = []
        if group is MARGIN_BASED and truncated and peer_read.seconds is not None:
            extra.append(timed(peer_read.value.use_extended_strict_preference, cap))
        for rule in sorted(group):
            ours = timed(lambda rule=rule: list(OURS[rule](profile).winners))
            ours_total = Timing(ours_read.seconds + ours.seconds, ours.value)  # type: ignore[operator]
            if peer_read.seconds is None or any(e.seconds is None for e in extra):
                peer_total = _sum([peer_read, *extra], cap)
            else:
                run = timed(
                    lambda rule=rule: [int(c) for c in peer_rules[rule](peer_read.value)], cap
                )
                peer_total = _sum([peer_read, *extra, run], cap)
            out[rule] = (peer_total, ours_total)
    return out


def _synthetic(full: bool) -> list[Row]:
    n, m = 1_000_000, 20
    orders = np.argsort(np.random.default_rng(2026).random((n, m)), axis=1)
    build = timed(lambda: RankedProfile.from_orders(orders))
    profile = build.value
    cap = 120.0 if full else 10.0
    rows = []

    def peer_profile() -> Any:
        from pref_voting.profiles import Profile

        return Profile(orders)

    peer_build = timed(peer_profile, cap)
    peer_rules = _peer_rules()
    size = f"{n:,} ballots x {m}"
    rows.append(Row("synthetic IC: build profile", size, peer_build, build, None))
    for rule, fn in OURS.items():
        ours = timed(lambda fn=fn: list(fn(profile).winners))
        if peer_build.seconds is None:
            peer = Timing(None, None, cap)
            same = None
        else:
            run = timed(lambda rule=rule: [int(c) for c in peer_rules[rule](peer_build.value)], cap)
            peer = _sum([peer_build, run], cap)
            same = None if run.seconds is None else run.value == ours.value
        rows.append(Row(f"synthetic IC: {rule}", size, peer, ours, same))
    return rows


def run(full: bool) -> list[Row]:
    if not PREFLIB.is_dir():
        return _synthetic(full)
    cap = 900.0 if full else 20.0
    files = sorted(p for p in PREFLIB.glob("0*") if p.suffix in (".soc", ".soi", ".toc", ".toi"))
    rows: list[Row] = []
    small: dict[str, list[tuple[Timing, Timing]]] = {rule: [] for rule in OURS}
    n_small = 0
    for path in files:
        if path.name in BIG and not full and path.name not in BIG_FAST:
            continue
        timings = _file_timings(path, cap)
        if path.name in BIG:
            profile = read_preflib(path).profile
            size = f"{profile.n_voters:,} ballots x {profile.n_candidates}"
            for rule, (peer, ours) in timings.items():
                same = None if peer.seconds is None else peer.value == ours.value
                rows.append(Row(f"{path.name}: {rule}", size, peer, ours, same))
        else:
            n_small += 1
            for rule, pair in timings.items():
                small[rule].append(pair)
    for rule, pairs in small.items():
        peer = _sum([p for p, _ in pairs], cap)
        ours = Timing(sum(o.seconds or 0.0 for _, o in pairs), None)
        same = all(p.value == o.value for p, o in pairs) if peer.seconds is not None else None
        rows.append(Row(f"{n_small} small PrefLib files: {rule}", "sum", peer, ours, same))
    return rows + _synthetic(full)

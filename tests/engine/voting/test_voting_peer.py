"""Cross-check against pref_voting 1.18 on every PrefLib file in shared/data.

Small files are checked live. For the big ones (Irish 2002, Minneapolis 2009 with 379
candidates, San Francisco 2011), pref_voting takes minutes, so its winners were recorded
once by ``oracles/make_oracles.py`` into ``oracles/preflib_oracles.json``. On San
Francisco's ``.toi`` with pref_voting's default comparison, its ranked pairs did not finish
within the script's cap (its search over tie orders explodes: 22 majorities of margin 1),
so that one rule is recorded as ``null`` and not compared; ours finds the winners
(in about 40 s) and is checked against brute-force enumeration on small profiles.

Conventions (see docs/engine/voting.md): pref_voting reads a PrefLib file into a
``ProfileWithTies`` whose margins only count pairs ranked on the ballot, our
``unranked="ignore"``; after ``use_extended_strict_preference()`` they put the unranked
at the bottom, our default ``unranked="bottom"``. Its ``borda`` on such a profile is the
symmetric Borda score, and its ``instant_runoff`` eliminates every last-placed candidate
at once, as ours do. pref_voting only knows the candidates that some ballot ranks (San
Francisco's ``.toi`` lists two that nobody ranks, which are unbeaten when unranked pairs
are ignored), so the comparison is made on those candidates.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from pathlib import Path

import pytest
from voting_data import PREFLIB, load, preflib_files, require_data

from accord.engine.profiles import UNRANKED, RankedProfile
from accord.engine.voting import borda, copeland, instant_runoff, ranked_pairs, schulze

ORACLES = json.loads((Path(__file__).parent / "oracles" / "preflib_oracles.json").read_text())
ORDINAL = [p.name for p in preflib_files("0*.[st]o[ci]")] or [None]
LIVE = [name for name in ORDINAL if name not in ORACLES]
RECORDED = [name for name in ORDINAL if name in ORACLES] or [None]

OURS: dict[str, Callable[[RankedProfile], object]] = {
    "borda": borda,
    "instant_runoff": instant_runoff,
    "schulze": lambda p: schulze(p, unranked="ignore"),
    "ranked_pairs": lambda p: ranked_pairs(p, unranked="ignore"),
    "copeland": lambda p: copeland(p, unranked="ignore"),
    "schulze@bottom": schulze,
    "ranked_pairs@bottom": ranked_pairs,
    "copeland@bottom": copeland,
}


def ours(name: str, rules: Collection[str] | None = None) -> dict[str, list[int]]:
    """Our winners; ``rules`` limits the rules (those the peer finished)."""
    profile = load(name).profile
    # pref_voting's candidates are those ranked on some ballot; PrefLib may list more
    ranked = (profile.ranks != UNRANKED).any(axis=0)
    profile = profile.restrict(
        [c for c, used in zip(profile.candidates, ranked, strict=True) if used]
    )
    names = list(OURS) if name.endswith((".soi", ".toi")) else list(OURS)[:5]
    if rules is not None:
        names = [rule for rule in names if rule in rules]
    return {rule: list(OURS[rule](profile).winners) for rule in names}  # type: ignore[attr-defined]


def peer(name: str) -> dict[str, list[int]]:
    from pref_voting.c1_methods import copeland as pv_copeland
    from pref_voting.io.readers import preflib_to_profile
    from pref_voting.iterative_methods import instant_runoff as pv_irv
    from pref_voting.margin_based_methods import beat_path
    from pref_voting.margin_based_methods import ranked_pairs as pv_rp
    from pref_voting.scoring_methods import borda as pv_borda

    profile = preflib_to_profile(str(PREFLIB / name))
    rules = {
        "borda": pv_borda,
        "instant_runoff": pv_irv,
        "schulze": beat_path,
        "ranked_pairs": pv_rp,
        "copeland": pv_copeland,
    }
    out = {rule: [int(c) for c in fn(profile)] for rule, fn in rules.items()}
    if name.endswith((".soi", ".toi")):
        profile.use_extended_strict_preference()
        for rule in ("schulze", "ranked_pairs", "copeland"):
            out[rule + "@bottom"] = [int(c) for c in rules[rule](profile)]
    return out


@pytest.mark.parametrize("name", LIVE, ids=str)
def test_same_winners_as_pref_voting_live(name: str | None) -> None:
    pytest.importorskip("pref_voting")
    if name is None:
        require_data()
        return
    assert ours(name) == peer(name)


@pytest.mark.parametrize("name", RECORDED, ids=str)
def test_same_winners_as_recorded_pref_voting(name: str | None) -> None:
    if name is None:
        require_data()
        return
    recorded = {k: v["winners"] for k, v in ORACLES[name].items() if isinstance(v, dict)}
    finished = {k: v for k, v in recorded.items() if v is not None}
    assert ours(name, rules=finished) == finished


def test_every_ordinal_file_is_checked() -> None:
    require_data()
    assert set(LIVE) | set(RECORDED) == {p.name for p in preflib_files("0*.[st]o[ci]")}

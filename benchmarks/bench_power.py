"""Power indices: ours (accord.engine.power) against powerindex 0.3.5 on the same games.

Games: ``n`` players with integer weights drawn uniformly from ``1..top`` (seeded), quota a
simple majority of the total weight. "identical" means every player's index agrees to 1e-9.
powerindex's Shapley-Shubik converts ``n!`` to a float and raises OverflowError above 170
players; at n = 500 it needs tens of GB, so it is not run there.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from common import Row, Timing, timed

from accord.engine.power import (
    WeightedGame,
    banzhaf_index,
    composite_banzhaf_index,
    composite_shapley_shubik_index,
    concurrent_majority_game,
    shapley_shubik_index,
)

TOLERANCE = 1e-9


@dataclass
class NoteRow(Row):
    """A row whose peer did not produce a timing: it failed, was not run, or does not exist."""

    note: str = ""

    def cells(self) -> list[str]:
        identical = {True: "yes", False: "NO", None: "n/a"}[self.identical]
        return [self.case, self.size, self.note, self.ours.label(), "-", identical]


def _game(n: int, top: int, seed: int = 0) -> tuple[list[int], int]:
    weights = np.random.default_rng(seed).integers(1, top + 1, n).tolist()
    return weights, sum(weights) // 2 + 1


def _same(a: list[float] | tuple[float, ...], b: list[float] | tuple[float, ...]) -> bool:
    return len(a) == len(b) and max(abs(x - y) for x, y in zip(a, b, strict=True)) < TOLERANCE


def _peer(kind: str, weights: list[int], quota: int) -> list[float]:
    import powerindex

    game = powerindex.Game(quota, weights)
    if kind == "banzhaf":
        game.calc_banzhaf()
        return game.banzhaf
    game.calc_shapley_shubik()
    return game.shapley_shubik


def _row(case: str, kind: str, n: int, top: int, peer_timeout: float | None) -> Row:
    weights, quota = _game(n, top)
    ours_fn = banzhaf_index if kind == "banzhaf" else shapley_shubik_index
    ours = timed(lambda: ours_fn(weights, quota).values)
    size = f"n={n}, w=1..{top}"
    if peer_timeout is None:
        return NoteRow(case, size, Timing(None, None), ours, None, note="peer not run")
    try:
        peer = timed(lambda: _peer(kind, weights, quota), peer_timeout)
    except (OverflowError, MemoryError) as exc:
        return NoteRow(
            case, size, Timing(None, None), ours, None, note=f"peer {type(exc).__name__}"
        )
    identical = None if peer.value is None else _same(ours.value, peer.value)
    return Row(case, size, peer, ours, identical)


def _composite_rows(full: bool) -> list[Row]:
    rows: list[Row] = []
    # one weighted game through the 2**25 enumeration, checked against powerindex's value
    # for that game (powerindex has no composite games, so no timing comparison)
    weights, quota = _game(25, 20, seed=1)
    single = (WeightedGame(quota, tuple(weights)),)
    for name, fn, kind in (
        ("Banzhaf", composite_banzhaf_index, "banzhaf"),
        ("SS", composite_shapley_shubik_index, "shapley_shubik"),
    ):
        ours = timed(lambda fn=fn: fn(single).values)
        same = _same(ours.value, _peer(kind, weights, quota))
        rows.append(
            NoteRow(
                f"composite {name} exact, 1 game (= powerindex?)",
                "n=25, w=1..20",
                Timing(None, None),
                ours,
                same,
                note="no composite peer",
            )
        )
    # concurrent majority in 4 sectors: no peer library computes intersections
    groups = np.random.default_rng(2).integers(0, 4, 25).tolist()
    games = concurrent_majority_game(weights, groups)
    for name, fn in (("Banzhaf", composite_banzhaf_index), ("SS", composite_shapley_shubik_index)):
        ours = timed(lambda fn=fn: fn(games).values)
        rows.append(
            NoteRow(
                f"concurrent majority {name} exact",
                "n=25, 4 sectors",
                Timing(None, None),
                ours,
                None,
                note="no peer",
            )
        )
    n_mc = 1000 if full else 200
    weights_mc, _ = _game(n_mc, 20, seed=3)
    groups_mc = np.random.default_rng(4).integers(0, 5, n_mc).tolist()
    games_mc = concurrent_majority_game(weights_mc, groups_mc)
    for name, fn in (("Banzhaf", composite_banzhaf_index), ("SS", composite_shapley_shubik_index)):
        ours = timed(lambda fn=fn: fn(games_mc, samples=100_000, seed=0))
        width = max(ours.value.ci_half_width)
        rows.append(
            NoteRow(
                f"concurrent majority {name} Monte Carlo (max 95% CI +-{width:.4f})",
                f"n={n_mc}, 5 sectors, 100k samples",
                Timing(None, None),
                ours,
                None,
                note="no peer",
            )
        )
    return rows


def run(full: bool) -> list[Row]:
    rows = [
        _row("Banzhaf", "banzhaf", 50, 100, 60),
        _row("Banzhaf", "banzhaf", 200, 100, 60),
        _row("Banzhaf", "banzhaf", 500, 100, 120),
        _row("Banzhaf", "banzhaf", 1000, 100, 300 if full else None),
        _row("Shapley-Shubik", "shapley_shubik", 50, 10, 60),
        _row("Shapley-Shubik", "shapley_shubik", 150, 10, 120),
        _row("Shapley-Shubik", "shapley_shubik", 200, 10, 120),
        _row("Shapley-Shubik", "shapley_shubik", 500, 10, None),
        _row("Shapley-Shubik", "shapley_shubik", 1000, 10, None),
        _row("Shapley-Shubik", "shapley_shubik", 100, 100, 120),
        _row("Shapley-Shubik", "shapley_shubik", 1000, 100, None),
    ]
    return rows + _composite_rows(full)

"""PrefLib reader and writer: every file in shared/data round-trips byte for byte."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from voting_data import load, preflib_files, require_data

from accord.engine.errors import ReadError
from accord.engine.io.preflib import (
    PrefLibFile,
    format_preflib,
    parse_preflib,
    read_preflib,
    write_preflib,
)
from accord.engine.profiles import UNRANKED, CategoricalProfile, RankedProfile

FILES = preflib_files() or [None]
PREFERENCE_FILES = [f for f in FILES if f is None or not f.name.startswith("info")]


@pytest.mark.parametrize("path", PREFERENCE_FILES, ids=lambda p: p.name if p else "no-data")
def test_round_trip_is_exact(path: Path | None, tmp_path: Path) -> None:
    """Reading then writing reproduces the file; reading the copy gives the same profile."""
    if path is None:
        require_data()
        return
    original = path.read_text(encoding="utf-8")
    parsed = load(path.name)
    assert format_preflib(parsed) == original
    copy = tmp_path / path.name
    write_preflib(parsed, copy)
    again = read_preflib(copy)
    assert again.profile == parsed.profile
    assert again.data_type == path.suffix[1:]
    assert parsed.profile.n_voters == int(parsed.metadata("NUMBER VOTERS") or -1)
    assert parsed.profile.n_candidates == int(parsed.metadata("NUMBER ALTERNATIVES") or -1)


def test_types_match_their_promises() -> None:
    """soc: complete strict; soi: strict; toc: complete (ties allowed)."""
    require_data()
    for path in preflib_files("*.so*") + preflib_files("*.to*"):
        profile = load(path.name).profile
        assert isinstance(profile, RankedProfile)
        kind = path.suffix[1:]
        ranked = profile.ranks != UNRANKED
        if kind in ("soc", "toc"):
            assert ranked.all(), path.name
        if kind in ("soc", "soi"):
            top_rank = np.where(ranked, profile.ranks, -1).max(axis=1)
            assert (ranked.sum(axis=1) == top_rank + 1).all(), path.name


def test_burlington_names_and_counts() -> None:
    require_data()
    f = load("00005-00000002.toi")
    assert f.title == "2009 Burlington Mayoral Election"
    assert f.profile.names[:2] == ("Bob Kiss", "Andy Montroll")
    assert f.profile.n_voters == 8980
    assert f.profile.counts[0] == 840
    assert f.profile.to_rankings()[0] == ((5,),)


def test_categorical_file_becomes_approval() -> None:
    """Dataset 00026 (French 2002 approval experiment): category 1 "Yes" is approval."""
    require_data()
    f = load("00026-00000005.cat")
    assert isinstance(f.profile, CategoricalProfile)
    assert f.profile.category_names == ("Yes", "No")
    approvals = f.profile.to_approval()
    assert approvals.n_voters == 472
    # the first line, "17: 10,{1,...}", approves only candidate 10
    first = f.profile.categories[0]
    assert first[9] == 0 and (np.delete(first, 9) == 1).all()


def test_writer_picks_the_narrowest_type(tmp_path: Path) -> None:
    complete = RankedProfile.from_rankings([[1, 2, 3]], candidates=[1, 2, 3])
    truncated = RankedProfile.from_rankings([[1]], candidates=[1, 2, 3])
    tied = RankedProfile.from_rankings([[{1, 2}, 3]], candidates=[1, 2, 3])
    both = RankedProfile.from_rankings([[{1, 2}]], candidates=[1, 2, 3])
    for profile, kind in [(complete, "soc"), (truncated, "soi"), (tied, "toc"), (both, "toi")]:
        path = tmp_path / f"x.{kind}"
        write_preflib(profile, path)
        assert f"# DATA TYPE: {kind}" in path.read_text()
        assert read_preflib(path).profile == profile


def test_categorical_writer_without_header() -> None:
    profile = CategoricalProfile.from_matrix(
        [[0, 1, -1], [1, 1, 0]], [3, 1], category_names=["Yes", "No"], candidates=[1, 2, 3]
    )
    text = format_preflib(PrefLibFile("cat", profile))
    assert "3: 1,2\n1: 3,{1,2}\n" in text
    assert parse_preflib(text).profile == profile


def test_unknown_type_is_refused() -> None:
    with pytest.raises(ReadError, match="supported PrefLib data type") as caught:
        parse_preflib("# DATA TYPE: wmd\n1: 1,2\n")
    assert (caught.value.line, caught.value.field, caught.value.found) == (1, "DATA TYPE", "wmd")

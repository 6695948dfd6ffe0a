"""Every reader, fed mutated valid files (dropped or repeated lines, swapped fields, wrong
counts, stray characters), raises an engine error or parses what the mutated text says:
never another exception, a silent change of meaning, or a hang (issue 18).

"What the text says" is read by a naive line-by-line oracle written here from the format's
description: whenever the reader accepts a file, every ballot it returns equals the
oracle's reading of the same line, and the totals equal the header's. Mutations that the
header's counts expose (a dropped or repeated ballot line, a changed count) must be refused.
Each example runs under a time limit of its own.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.engine.errors import ComputationLimit, ReadError
from accord.engine.io.pabulib import PabulibElection, format_pabulib, parse_pabulib
from accord.engine.io.preflib import PrefLibFile, format_preflib, parse_preflib
from accord.engine.profiles import UNRANKED, CategoricalProfile, RankedProfile

TimeLimit = Callable[[float], AbstractContextManager[None]]
LIMIT = 5.0  # seconds per example; a parse takes milliseconds
STRAY = list('0123456789x,;:{}-.#" \t\né')
FAST = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# ----------------------------------------------------------------------------- mutations


@st.composite
def mutations(draw: st.DrawFn, text: str) -> tuple[str, str, int]:
    """(mutated text, kind of mutation, index of the line it touched)."""
    lines = text.split("\n")
    kind = draw(st.sampled_from(["drop", "repeat", "swap", "count", "stray"]))
    i = draw(st.integers(0, len(lines) - 1))
    if kind == "drop":
        del lines[i]
    elif kind == "repeat":
        lines.insert(i, lines[i])
    elif kind == "swap":
        separator = draw(st.sampled_from([",", ";", ":"]))
        parts = lines[i].split(separator)
        if len(parts) > 1:
            a, b = draw(st.lists(st.integers(0, len(parts) - 1), min_size=2, max_size=2))
            parts[a], parts[b] = parts[b], parts[a]
        lines[i] = separator.join(parts)
    elif kind == "count":
        runs = [(m.start(), m.end()) for m in re.finditer(r"[0-9]+", lines[i])]
        if runs:
            start, end = draw(st.sampled_from(runs))
            number = draw(st.one_of(st.integers(0, 20), st.integers(0, 10**25)))
            lines[i] = lines[i][:start] + str(number) + lines[i][end:]
    else:
        at = draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:at] + draw(st.sampled_from(STRAY)) + lines[i][at:]
    return "\n".join(lines), kind, i


def changed(original: str, mutated: str, i: int) -> bool:
    return original.split("\n") != mutated.split("\n")


# ----------------------------------------------------------------------------- PrefLib


@st.composite
def preflib_files(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["soc", "soi", "toc", "toi", "cat"]))
    m = draw(st.integers(1, 6))
    n_rows = draw(st.integers(1, 6))
    candidates = list(range(1, m + 1))
    counts = draw(st.lists(st.integers(1, 30), min_size=n_rows, max_size=n_rows))
    if kind == "cat":
        k = draw(st.integers(1, 3))
        matrix = draw(
            st.lists(
                st.lists(st.integers(-1, k - 1), min_size=m, max_size=m),
                min_size=n_rows,
                max_size=n_rows,
            )
        )
        profile = CategoricalProfile.from_matrix(
            matrix, counts, category_names=[f"C{j}" for j in range(k)], candidates=candidates
        )
        return format_preflib(PrefLibFile("cat", profile))
    rankings = []
    for _ in range(n_rows):
        order = draw(st.permutations(candidates))
        length = m if kind in ("soc", "toc") else draw(st.integers(1, m))
        order = order[:length]
        if kind in ("soc", "soi"):
            rankings.append([[c] for c in order])
        else:
            cuts = sorted(draw(st.sets(st.integers(1, max(length - 1, 1)), max_size=length)))
            bounds = [0, *[c for c in cuts if c < length], length]
            rankings.append([order[a:b] for a, b in itertools.pairwise(bounds) if b > a])
    profile = RankedProfile.from_rankings(rankings, counts, candidates=candidates)
    return format_preflib(PrefLibFile(kind, profile))


def naive_preflib(text: str) -> tuple[dict[str, str], list[tuple[int, list[set[int]]]]]:
    """The header and, per ballot line, (count, groups) as a person reads the text."""
    lines = text.splitlines()
    header: dict[str, str] = {}
    i = 0
    while i < len(lines) and lines[i].startswith("#"):
        key, _, value = lines[i][1:].partition(":")
        header[key.strip()] = value.strip()
        i += 1
    ballots = []
    for line in lines[i:]:
        if not line.strip():
            continue
        count, _, body = line.partition(":")
        groups = []
        for token in re.findall(r"\{[^}]*\}|[^,{}]+", body.strip()):
            token = token.strip()
            if not token:
                continue
            inner = token[1:-1] if token.startswith("{") else token
            groups.append({int(x) for x in inner.split(",") if x.strip()})
        ballots.append((int(count), groups))
    return header, ballots


def preflib_groups(file: PrefLibFile, row: int) -> list[set[int]]:
    profile = file.profile
    if isinstance(profile, CategoricalProfile):
        values = profile.categories[row]
        return [
            {profile.candidates[j] for j in np.flatnonzero(values == k)}
            for k in range(len(profile.category_names))
        ]
    values = profile.ranks[row]
    ranked = values[values != UNRANKED]
    top = int(ranked.max()) + 1 if ranked.size else 0
    return [{profile.candidates[j] for j in np.flatnonzero(values == k)} for k in range(top)]


@FAST
@given(data=st.data())
def test_preflib_reader_on_mutated_files(data: st.DataObject, time_limit: TimeLimit) -> None:
    original = data.draw(preflib_files())
    text, kind, i = data.draw(mutations(original))
    touched = original.split("\n")[i] if i < len(original.split("\n")) else ""
    with time_limit(LIMIT):
        try:
            file = parse_preflib(text)
        except (ReadError, ComputationLimit):
            return
    # accepted: the reading must be the text's
    header, ballots = naive_preflib(text)
    profile = file.profile
    names = [k for k in header if k.startswith("ALTERNATIVE NAME")]
    assert profile.n_candidates == int(header.get("NUMBER ALTERNATIVES", len(names)))
    assert profile.counts.tolist() == [count for count, _ in ballots]
    for row, (_, groups) in enumerate(ballots):
        expected = [g for g in groups if g] if file.data_type != "cat" else groups
        assert preflib_groups(file, row) == expected, (text, row)
    if "NUMBER VOTERS" in header:
        assert profile.n_voters == int(header["NUMBER VOTERS"])
    # what the header's counts expose cannot have been accepted
    is_ballot = bool(touched.strip()) and not touched.startswith("#")
    if kind in ("drop", "repeat") and is_ballot:
        raise AssertionError(f"a {kind}ped ballot line was accepted:\n{text}")
    if kind == "count" and is_ballot and changed(original, text, i):
        before = int(touched.partition(":")[0])
        after_count = int(text.split("\n")[i].partition(":")[0])
        assert before == after_count, f"a changed ballot count was accepted:\n{text}"


# ----------------------------------------------------------------------------- pabulib


@st.composite
def pabulib_files(draw: st.DrawFn) -> str:
    vote_type = draw(st.sampled_from(["approval", "ordinal", "cumulative", "choose-1"]))
    m = draw(st.integers(1, 5))
    n = draw(st.integers(1, 6))
    ids = [f"p{j}" for j in range(m)]
    costs = draw(st.lists(st.integers(0, 500), min_size=m, max_size=m))
    ballots = []
    points = []
    for _ in range(n):
        size = 1 if vote_type == "choose-1" else draw(st.integers(1, m))
        chosen = draw(st.permutations(range(m)))[:size]
        ballots.append(chosen)
        points.append(draw(st.lists(st.integers(1, 5), min_size=size, max_size=size)))
    indptr = np.concatenate(([0], np.cumsum([len(b) for b in ballots])))
    meta = {
        "description": "mutated",
        "num_projects": str(m),
        "num_votes": str(n),
        "budget": str(draw(st.integers(0, 1000))),
        "vote_type": vote_type,
    }
    cumulative = vote_type == "cumulative"
    election = PabulibElection(
        meta=meta,
        project_ids=tuple(ids),
        costs=np.asarray(costs, dtype=np.int64),
        project_fields={"name": tuple(f"Project {j}" for j in range(m))},
        voter_ids=tuple(f"v{i}" for i in range(n)),
        vote_indptr=indptr.astype(np.int64),
        vote_projects=np.asarray([j for b in ballots for j in b], dtype=np.int32),
        vote_points=np.asarray([p for ps in points for p in ps]) if cumulative else None,
        voter_fields={"age": tuple(str(20 + i) for i in range(n))},
        project_header=("project_id", "cost", "name"),
        voter_header=("voter_id", "vote", *(["points"] if cumulative else []), "age"),
    )
    return format_pabulib(election)


def naive_sections(text: str) -> dict[str, list[list[str]]]:
    """Rows of each section as a person splits them (``;`` fields, per line)."""
    sections: dict[str, list[list[str]]] = {}
    current = None
    for line in text.split("\n"):
        title = line.strip().strip(";").strip().lower()
        if title in ("meta", "projects", "votes"):
            current = sections.setdefault(title, [])
            continue
        if line.strip() and current is not None:
            current.append(next(csv.reader([line], delimiter=";")))
    return sections


@FAST
@given(data=st.data())
def test_pabulib_reader_on_mutated_files(data: st.DataObject, time_limit: TimeLimit) -> None:
    original = data.draw(pabulib_files())
    text, kind, i = data.draw(mutations(original))
    original_lines = original.split("\n")
    touched = original_lines[i] if i < len(original_lines) else ""
    with time_limit(LIMIT):
        try:
            election = parse_pabulib(text)
        except (ReadError, ComputationLimit):
            return
    sections = naive_sections(text)
    meta = {row[0].strip(): ";".join(row[1:]).strip() for row in sections["meta"][1:]}
    assert election.meta == meta
    assert election.budget == Fraction(meta["budget"])
    projects = sections["projects"]
    assert list(election.project_ids) == [row[0].strip() for row in projects[1:]]
    cost = [h.strip() for h in projects[0]].index("cost")
    assert list(election.costs) == [Fraction(row[cost].strip()) for row in projects[1:]]
    votes = sections.get("votes", [["voter_id", "vote"]])
    header = [h.strip() for h in votes[0]]
    assert list(election.voter_ids) == [row[0].strip() for row in votes[1:]]
    for voter, row in enumerate(votes[1:]):
        ballot = [
            t.strip()
            for t in row[header.index("vote")].split(",")
            if row[header.index("vote")].strip()
        ]
        assert election.ballot(voter) == ballot, text
        if "points" in header and election.vote_points is not None:
            lo, hi = election.vote_indptr[voter], election.vote_indptr[voter + 1]
            written = [Fraction(t) for t in row[header.index("points")].split(",") if t.strip()]
            assert list(election.vote_points[lo:hi]) == written
    for key, actual in (
        ("num_votes", election.num_voters),
        ("num_projects", election.num_projects),
    ):
        if key in meta:
            assert int(meta[key]) == actual
    # what the counts and ids expose cannot have been accepted
    data_row = bool(touched.strip()) and (re.match(r"(p|v)[0-9]+;", touched) is not None)
    if kind in ("drop", "repeat") and data_row:
        raise AssertionError(f"a {kind}ped project or voter line was accepted:\n{text}")
    if kind == "count" and touched.startswith(("num_votes", "num_projects")):
        assert text.split("\n")[i] == touched, f"a changed count was accepted:\n{text}"

"""PrefLib files: readers and writers for ``.soc``, ``.soi``, ``.toc``, ``.toi`` and ``.cat``.

This module offers:

- :func:`read_preflib` / :func:`parse_preflib`: a file (or its text) to a :class:`PrefLibFile`;
- :func:`write_preflib` / :func:`format_preflib`: a :class:`PrefLibFile` back to a file (or text).

Ordinal files (strict/tied, complete/incomplete orders) become a
:class:`~accord.engine.profiles.RankedProfile`; categorical files become a
:class:`~accord.engine.profiles.CategoricalProfile` (use
``profile.to_approval()`` for approval ballots, as in dataset 00026, where
category 1 is "Yes"). Candidates are labelled with their PrefLib numbers
(1..m); their names are in ``profile.names``. Each distinct order stays one row
with its multiplicity, in file order, so that writing a file that was read
reproduces it byte for byte.

References
----------
N. Mattei and T. Walsh, "PrefLib: A Library for Preferences", ADT 2013;
the format: https://www.preflib.org/format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from accord.engine.profiles import UNRANKED, CategoricalProfile, RankedProfile

ORDINAL_TYPES = ("soc", "soi", "toc", "toi")
_GROUP = re.compile(r"\{[^}]*\}|[^,{}]+")
_ALTERNATIVE = re.compile(r"ALTERNATIVE NAME (\d+)")
_CATEGORY = re.compile(r"CATEGORY NAME (\d+)")


@dataclass(frozen=True)
class PrefLibFile:
    """A PrefLib file: its data type, its header lines and its ballots.

    ``header`` keeps every ``# KEY:value`` line as ``(KEY, value)`` with the value's
    original spacing, so that the writer can reproduce the file; the counts and
    names in it are recomputed from ``profile`` when writing.
    """

    data_type: str
    profile: RankedProfile | CategoricalProfile
    header: tuple[tuple[str, str], ...] = field(default=())

    def metadata(self, key: str) -> str | None:
        """The value of header line ``key`` (stripped), or None."""
        for k, v in self.header:
            if k == key:
                return v.strip()
        return None

    @property
    def title(self) -> str | None:
        """The file's ``TITLE``."""
        return self.metadata("TITLE")


def _split_groups(body: str) -> list[list[int]]:
    if "{" not in body:
        return [[int(x)] for x in body.split(",") if x.strip()]
    groups = []
    for token in _GROUP.findall(body):
        token = token.strip()
        if not token:
            continue
        if token[0] == "{":
            inner = token[1:-1].strip()
            groups.append([int(x) for x in inner.split(",")] if inner else [])
        else:
            groups.append([int(token)])
    return groups


def _parse_orders(body: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Vectorized parse of ``count: a,{b,c},d`` lines, byte by byte with numpy.

    Returns the counts, and for every ranked candidate its row, its PrefLib
    number and its position (tie group index) on the ballot.
    """
    text = np.frombuffer(body.encode("ascii") + b"\n", dtype=np.uint8)
    digit = (text >= ord("0")) & (text <= ord("9"))
    previous_digit = np.concatenate(([False], digit[:-1]))
    next_digit = np.concatenate((digit[1:], [False]))
    starts = np.nonzero(digit & ~previous_digit)[0]
    ends = np.nonzero(digit & ~next_digit)[0]
    if starts.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty
    # value of each digit run: sum of digit * 10 ** (distance to the run's end)
    positions_of_digits = np.nonzero(digit)[0]
    run_of_digit = np.cumsum(digit & ~previous_digit)[positions_of_digits] - 1
    powers = ends[run_of_digit] - positions_of_digits
    contributions = (text[positions_of_digits].astype(np.int64) - ord("0")) * 10**powers
    run_offsets = np.concatenate(([0], np.cumsum(ends - starts + 1)[:-1]))
    values = np.add.reduceat(contributions, run_offsets)
    is_count = text[ends + 1] == ord(":")
    opens = text == ord("{")
    depth = np.cumsum(opens) - np.cumsum(text == ord("}"))
    member = ~is_count
    events = opens.copy()
    events[starts[member & (depth[starts] == 0)]] = True
    events_so_far = np.cumsum(events)
    row_of = np.cumsum(is_count) - 1
    base = events_so_far[starts[is_count]]
    rows = row_of[member]
    positions = events_so_far[starts[member]] - base[rows] - 1
    return values[is_count], rows, values[member], positions


def parse_preflib(text: str, data_type: str | None = None) -> PrefLibFile:
    """Parse the text of a PrefLib file.

    Parameters
    ----------
    text : str
        The whole file.
    data_type : str, optional
        ``soc``, ``soi``, ``toc``, ``toi`` or ``cat``; read from the
        ``DATA TYPE`` header line when omitted.

    Returns
    -------
    PrefLibFile

    Examples
    --------
    >>> f = parse_preflib('''# DATA TYPE: toi
    ... # NUMBER ALTERNATIVES: 3
    ... # ALTERNATIVE NAME 1: Ann
    ... # ALTERNATIVE NAME 2: Bo
    ... # ALTERNATIVE NAME 3: Cy
    ... 5: 1,{2,3}
    ... 2: 3
    ... ''')
    >>> f.profile.candidates, f.profile.names, f.profile.counts.tolist()
    ((1, 2, 3), ('Ann', 'Bo', 'Cy'), [5, 2])
    >>> f.profile.ranks.tolist()
    [[0, 1, 1], [32767, 32767, 0]]
    """
    header: list[tuple[str, str]] = []
    lines = text.splitlines()
    body_start = 0
    for i, line in enumerate(lines):
        if not line.startswith("#"):
            body_start = i
            break
        key, _, value = line[1:].lstrip().partition(":")
        header.append((key.strip(), value))
    else:
        body_start = len(lines)
    values = {k: v.strip() for k, v in header}
    kind = (data_type or values.get("DATA TYPE", "")).lower()
    if kind not in (*ORDINAL_TYPES, "cat"):
        raise ValueError(f"unsupported PrefLib data type {kind!r}")
    names_by_number = {
        int(match.group(1)): v.strip() for k, v in header if (match := _ALTERNATIVE.fullmatch(k))
    }
    m = int(values.get("NUMBER ALTERNATIVES", max(names_by_number, default=0)))
    candidates = list(range(1, m + 1))
    names = [names_by_number.get(c, str(c)) for c in candidates] if names_by_number else None
    body_lines = [line for line in lines[body_start:] if line.strip() and line[0] != "#"]
    if kind != "cat":
        counts_a, row_index, columns, positions = _parse_orders("\n".join(body_lines))
        ranks = np.full((counts_a.shape[0], m), UNRANKED, dtype=np.int16)
        ranks[row_index, columns - 1] = positions
        profile = RankedProfile.from_ranks(
            ranks, counts_a, candidates=candidates, names=names, compress=False, dense=True
        )
        return PrefLibFile(data_type=kind, profile=profile, header=tuple(header))
    counts: list[int] = []
    rows: list[list[list[int]]] = []
    for line in body_lines:
        count, _, body = line.partition(":")
        counts.append(int(count))
        rows.append(_split_groups(body))
    numbered = []
    for k, v in header:
        match = _CATEGORY.fullmatch(k)
        if match is not None:
            numbered.append((int(match.group(1)), v.strip()))
    category_names = [v for _, v in sorted(numbered)]
    categories = np.full((len(rows), m), -1, dtype=np.int8)
    for u, groups in enumerate(rows):
        for k, group in enumerate(groups):
            categories[u, [c - 1 for c in group]] = k
    profile = CategoricalProfile.from_matrix(
        categories,
        counts,
        category_names=category_names,
        candidates=candidates,
        names=names,
        compress=False,
    )
    return PrefLibFile(data_type=kind, profile=profile, header=tuple(header))


def read_preflib(path: str | Path) -> PrefLibFile:
    """Read a PrefLib file; its type comes from its header or, failing that, its suffix.

    Parameters
    ----------
    path : str or Path
        A ``.soc``, ``.soi``, ``.toc``, ``.toi`` or ``.cat`` file.

    Returns
    -------
    PrefLibFile
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    suffix = path.suffix.lstrip(".").lower()
    has_type = "# DATA TYPE:" in text[:2000]
    return parse_preflib(text, None if has_type else suffix)


def _ordinal_type(profile: RankedProfile) -> str:
    ranks = profile.ranks
    complete = bool((ranks != UNRANKED).all())
    ranked = np.where(ranks == UNRANKED, -1, ranks)
    strict = bool(((ranks != UNRANKED).sum(axis=1) == ranked.max(axis=1, initial=-1) + 1).all())
    return ("s" if strict else "t") + ("oc" if complete else "oi")


def _group_text(labels: list[str]) -> str:
    if len(labels) == 1:
        return labels[0]
    return "{" + ",".join(labels) + "}"


def format_preflib(file: PrefLibFile) -> str:
    """Format a :class:`PrefLibFile` as PrefLib text.

    Header lines are written in their original order and spacing, except that
    the counts, the data type and the alternative and category names are
    recomputed from the profile. A file without a header gets the standard one.

    Examples
    --------
    >>> p = RankedProfile.from_rankings([[2, {1, 3}], [3]], counts=[5, 2], candidates=[1, 2, 3])
    >>> print(format_preflib(PrefLibFile("toi", p)), end="")
    # DATA TYPE: toi
    # NUMBER ALTERNATIVES: 3
    # NUMBER VOTERS: 7
    # NUMBER UNIQUE ORDERS: 2
    # ALTERNATIVE NAME 1: 1
    # ALTERNATIVE NAME 2: 2
    # ALTERNATIVE NAME 3: 3
    5: 2,{1,3}
    2: 3
    """
    profile = file.profile
    labels = [str(c) for c in profile.candidates]
    names = profile.names if profile.names is not None else tuple(labels)
    is_cat = isinstance(profile, CategoricalProfile)
    computed = {
        "DATA TYPE": file.data_type,
        "NUMBER ALTERNATIVES": str(profile.n_candidates),
        "NUMBER VOTERS": str(profile.n_voters),
        "NUMBER UNIQUE ORDERS": str(profile.n_unique),
        "NUMBER UNIQUE PREFERENCES": str(profile.n_unique),
    }
    if is_cat:
        computed["NUMBER CATEGORIES"] = str(len(profile.category_names))
    header = list(file.header)
    if not header:
        keys = ["DATA TYPE", "NUMBER ALTERNATIVES", "NUMBER VOTERS"]
        if is_cat:
            keys += ["NUMBER UNIQUE PREFERENCES", "NUMBER CATEGORIES"]
            keys += [f"CATEGORY NAME {k + 1}" for k in range(len(profile.category_names))]
        else:
            keys.append("NUMBER UNIQUE ORDERS")
        keys += [f"ALTERNATIVE NAME {i + 1}" for i in range(profile.n_candidates)]
        header = [(k, "") for k in keys]
    out = []
    for key, raw in header:
        value: str | None = computed.get(key)
        if (match := _ALTERNATIVE.fullmatch(key)) is not None:
            value = names[int(match.group(1)) - 1]
        elif is_cat and (match := _CATEGORY.fullmatch(key)) is not None:
            value = profile.category_names[int(match.group(1)) - 1]
        if value is None or raw.strip() == value:
            out.append(f"# {key}:{raw}")
        else:
            out.append(f"# {key}: {value}")
    if is_cat:
        n_categories = len(profile.category_names)
        for row, count in zip(profile.categories, profile.counts.tolist(), strict=True):
            parts = []
            for k in range(n_categories):
                members = [labels[j] for j in np.nonzero(row == k)[0]]
                parts.append("{}" if not members else _group_text(members))
            out.append(f"{count}: " + ",".join(parts))
    else:
        order = np.argsort(profile.ranks, axis=1, kind="stable")
        sorted_ranks = np.take_along_axis(profile.ranks, order, axis=1)
        unranked = int(UNRANKED)
        for columns, ranks_in_order, count in zip(
            order.tolist(), sorted_ranks.tolist(), profile.counts.tolist(), strict=True
        ):
            parts = []
            group: list[str] = []
            previous = None
            for j, r in zip(columns, ranks_in_order, strict=True):
                if r == unranked:
                    break
                if r != previous and group:
                    parts.append(_group_text(group))
                    group = []
                group.append(labels[j])
                previous = r
            if group:
                parts.append(_group_text(group))
            out.append(f"{count}: " + ",".join(parts))
    return "\n".join(out) + "\n"


def write_preflib(
    profile_or_file: RankedProfile | CategoricalProfile | PrefLibFile,
    path: str | Path,
    data_type: str | None = None,
) -> None:
    """Write a profile (or a file read earlier) as a PrefLib file.

    Parameters
    ----------
    profile_or_file : RankedProfile, CategoricalProfile or PrefLibFile
        What to write. A bare ranked profile gets the narrowest ordinal type
        that holds it (``soc`` < ``soi``/``toc`` < ``toi``) unless ``data_type`` says.
    path : str or Path
        Destination.
    data_type : str, optional
        Forces the data type.
    """
    if isinstance(profile_or_file, PrefLibFile):
        file = profile_or_file
    elif isinstance(profile_or_file, CategoricalProfile):
        file = PrefLibFile("cat", profile_or_file)
    else:
        file = PrefLibFile(data_type or _ordinal_type(profile_or_file), profile_or_file)
    Path(path).write_text(format_preflib(file), encoding="utf-8")

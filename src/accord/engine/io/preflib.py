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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from accord.engine.errors import ComputationLimit, ReadError
from accord.engine.profiles import UNRANKED, CategoricalProfile, RankedProfile

ORDINAL_TYPES = ("soc", "soi", "toc", "toi")
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


_NUMBER = r"[0-9]+"
_BLANK = r"[ \t]*"
_LIST = rf"{_NUMBER}(?:{_BLANK},{_BLANK}{_NUMBER})*"
_TIE = rf"\{{{_BLANK}{_LIST}{_BLANK}\}}"
_CATEGORY_GROUP = rf"\{{{_BLANK}(?:{_LIST})?{_BLANK}\}}"
_ORDER_LINE = re.compile(
    rf"{_BLANK}{_NUMBER}{_BLANK}:{_BLANK}"
    rf"(?:(?:{_NUMBER}|{_TIE})(?:{_BLANK},{_BLANK}(?:{_NUMBER}|{_TIE}))*)?{_BLANK}"
)
_CAT_LINE = re.compile(
    rf"{_BLANK}{_NUMBER}{_BLANK}:{_BLANK}"
    rf"(?:(?:{_NUMBER}|{_CATEGORY_GROUP})(?:{_BLANK},{_BLANK}(?:{_NUMBER}|{_CATEGORY_GROUP}))*)?"
    rf"{_BLANK}"
)
_MAX_ALTERNATIVES = int(UNRANKED) - 1  # ranks are int16 and UNRANKED marks "not ranked"
_MAX_CELLS = 2**27  # ballot lines x alternatives in the rank matrix (int16: 256 MiB)
_MAX_DIGITS = 18  # every number below 10**18 fits int64
_ORDER_FORMAT = "candidate numbers separated by ',', tied candidates in '{...}'"
_CAT_FORMAT = "one group per category, separated by ',': a candidate number or '{...}'"


def _diagnose(line: str, number: int, kind: str, m: int) -> ReadError:
    """What is wrong with a ballot line that failed the line pattern (error path only)."""
    count, colon, body = line.partition(":")
    if not colon:
        return ReadError("a line 'count: ballot'", line=number, field="count", found=line.strip())
    if re.fullmatch(rf"{_BLANK}{_NUMBER}{_BLANK}", count) is None:
        return ReadError("a positive integer", line=number, field="count", found=count.strip())
    text = body.strip()
    depth = 0
    for ch in text:
        depth += (ch == "{") - (ch == "}")
        if depth not in (0, 1):
            break
    if depth != 0:
        return ReadError("every '{' closed by a '}'", line=number, field="ballot", found=text)
    for token in re.split(r"[,{}]", text):
        token = token.strip()
        if token and not token.isdigit():
            return ReadError(f"a candidate number 1..{m}", line=number, field="ballot", found=token)
    if kind != "cat" and "{}" in text.replace(" ", ""):
        return ReadError("no empty tie '{}'", line=number, field="ballot", found=text)
    form = _CAT_FORMAT if kind == "cat" else _ORDER_FORMAT
    return ReadError(form, line=number, field="ballot", found=text)


def _parse_groups(body: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Vectorized parse of well-formed ``count: a,{b,c},d`` lines, byte by byte with numpy.

    Returns the counts, and for every candidate on a ballot its row, its PrefLib number and
    its group (the position on an ordinal ballot, the category on a categorical one; an
    empty ``{}`` is a group too). The lines have passed the line pattern, so every number
    followed by ``:`` (after blanks) is a count and the others are candidates.
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
    # value of each digit run: sum of digit * 10 ** (distance to the run's end); a run of
    # more than 18 digits is set to 10**18, above every bound checked afterwards
    positions_of_digits = np.nonzero(digit)[0]
    run_of_digit = np.cumsum(digit & ~previous_digit)[positions_of_digits] - 1
    powers = np.minimum(ends[run_of_digit] - positions_of_digits, _MAX_DIGITS)
    contributions = (text[positions_of_digits].astype(np.int64) - ord("0")) * 10**powers
    run_offsets = np.concatenate(([0], np.cumsum(ends - starts + 1)[:-1]))
    values = np.add.reduceat(contributions, run_offsets)
    values[ends - starts + 1 > _MAX_DIGITS] = 10**_MAX_DIGITS
    after = ends + 1
    blank = (text[after] == ord(" ")) | (text[after] == ord("\t"))
    while blank.any():
        after = np.where(blank, after + 1, after)
        blank = (text[after] == ord(" ")) | (text[after] == ord("\t"))
    is_count = text[after] == ord(":")
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


def _header_integer(values: dict[str, tuple[int, str]], key: str) -> int | None:
    """The integer value of header ``key`` (None if absent); a ReadError if not an integer."""
    if key not in values:
        return None
    number, text = values[key]
    if re.fullmatch(r"[0-9]{1,18}", text) is None:
        raise ReadError("a non-negative integer", line=number, field=key, found=text)
    return int(text)


def _groups_on_line(body: str) -> int:
    """Number of groups on a well-formed categorical ballot: braces and bare numbers."""
    depth, groups, in_number = 0, 0, False
    for ch in body:
        if ch == "{":
            depth += 1
            groups += 1
        elif ch == "}":
            depth -= 1
        digit = ch.isdigit()
        if digit and not in_number and depth == 0:
            groups += 1
        in_number = digit
    return groups


def _check_header_counts(
    values: dict[str, tuple[int, str]], voters: int, rows: int, unique_key: str
) -> None:
    """``NUMBER VOTERS`` must be the sum of the counts and ``NUMBER UNIQUE ORDERS`` (or
    ``PREFERENCES``) the number of ballot lines."""
    if voters >= 2**62:
        raise ReadError("at most 2**62 voters in all", field="count", found=str(voters))
    for key, actual in (("NUMBER VOTERS", voters), (unique_key, rows)):
        declared = _header_integer(values, key)
        if declared is not None and declared != actual:
            raise ReadError(
                f"{actual}, what the ballots below add up to",
                line=values[key][0],
                field=key,
                found=str(declared),
            )


def parse_preflib(
    text: str, data_type: str | None = None, *, source: str | None = None
) -> PrefLibFile:
    """Parse the text of a PrefLib file, refusing whatever the format does not allow.

    Parameters
    ----------
    text : str
        The whole file.
    data_type : str, optional
        ``soc``, ``soi``, ``toc``, ``toi`` or ``cat``; read from the
        ``DATA TYPE`` header line when omitted.
    source : str, optional
        The file's name, for error messages.

    Returns
    -------
    PrefLibFile

    Raises
    ------
    ReadError
        With the line, the field and what was expected (every case is in
        docs/engine/voting.md): a header line without ``:``, or a key given twice; no
        ``NUMBER ALTERNATIVES`` (and no names to count); a count that is not a positive
        integer, or a line without one; a ballot that is not candidate numbers separated by
        ``,`` with ties in closed ``{...}``; a candidate 0, above ``NUMBER ALTERNATIVES`` or
        twice on a ballot; a ballot that breaks its data type (``soc``/``toc``: every
        candidate ranked; ``soc``/``soi``: no ties; ``cat``: exactly ``NUMBER CATEGORIES``
        groups); a header count (``NUMBER VOTERS``, ``NUMBER UNIQUE ORDERS`` or
        ``PREFERENCES``) that does not match the ballots; a ``#`` line among the ballots.
    ComputationLimit
        More than 32,766 alternatives, or more than 2**27 cells (ballot lines × alternatives).

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
    >>> parse_preflib("# DATA TYPE: soi\\n# NUMBER ALTERNATIVES: 3\\n2: 1,0\\n", source="x.soi")
    Traceback (most recent call last):
    ...
    accord.engine.errors.ReadError: x.soi, line 3, ballot: expected a candidate number 1..3 (NUMBER ALTERNATIVES), found '0'
    """
    try:
        return _parse(text, data_type)
    except ReadError as error:
        if source is None:
            raise
        raise error.at(source) from None


def _parse(text: str, data_type: str | None) -> PrefLibFile:
    if text.startswith("\ufeff"):
        text = text[1:]
    header: list[tuple[str, str]] = []
    values: dict[str, tuple[int, str]] = {}  # key: (line number, stripped value)
    lines = text.splitlines()
    body_start = len(lines)
    for i, line in enumerate(lines):
        if not line.startswith("#"):
            body_start = i
            break
        key, colon, value = line[1:].lstrip().partition(":")
        key = key.strip()
        if not colon or not key:
            raise ReadError("a header line '# KEY: value'", line=i + 1, found=line)
        if key in values:
            raise ReadError("each header key once", line=i + 1, field=key, found=value.strip())
        values[key] = (i + 1, value.strip())
        header.append((key, value))
    kind = (data_type or values.get("DATA TYPE", (0, ""))[1]).lower()
    if kind not in (*ORDINAL_TYPES, "cat"):
        raise ReadError(
            "a supported PrefLib data type (soc, soi, toc, toi, cat)",
            line=values.get("DATA TYPE", (None, ""))[0],
            field="DATA TYPE",
            found=kind,
        )
    names_by_number: dict[int, str] = {}
    for key, (number, value) in values.items():
        if (match := _ALTERNATIVE.fullmatch(key)) is not None:
            names_by_number[int(match.group(1))] = value
        elif key.startswith("ALTERNATIVE NAME"):
            raise ReadError("'ALTERNATIVE NAME k' with a number k", line=number, field=key)
    m = _header_integer(values, "NUMBER ALTERNATIVES")
    if m is None:
        if not names_by_number:
            raise ReadError("a '# NUMBER ALTERNATIVES: m' header line", field="NUMBER ALTERNATIVES")
        m = len(names_by_number)
    elif m < 1:
        line = values["NUMBER ALTERNATIVES"][0]
        raise ReadError("at least 1", line=line, field="NUMBER ALTERNATIVES", found=str(m))
    if m > _MAX_ALTERNATIVES:
        raise ComputationLimit(
            "read a PrefLib file", needed=m, limit=_MAX_ALTERNATIVES, unit="alternatives"
        )
    for c in names_by_number:
        if not 1 <= c <= m:
            key = f"ALTERNATIVE NAME {c}"
            expected = f"an alternative number 1..{m} (NUMBER ALTERNATIVES)"
            raise ReadError(expected, line=values[key][0], field=key, found=str(c))
    candidates = list(range(1, m + 1))
    names = [names_by_number.get(c, str(c)) for c in candidates] if names_by_number else None

    pattern = _CAT_LINE if kind == "cat" else _ORDER_LINE
    body_lines: list[str] = []
    line_numbers: list[int] = []
    for i in range(body_start, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        if line.lstrip().startswith("#"):
            raise ReadError("header lines before the ballots", line=i + 1, found=line)
        if pattern.fullmatch(line) is None:
            raise _diagnose(line, i + 1, kind, m)
        body_lines.append(line)
        line_numbers.append(i + 1)
    n_rows = len(body_lines)
    if n_rows * m > _MAX_CELLS:
        raise ComputationLimit(
            "read a PrefLib file", needed=n_rows * m, limit=_MAX_CELLS, unit="cells"
        )
    counts, rows, numbers, groups = _parse_groups("\n".join(body_lines))

    def ballot_error(row: int, expected: str, found: str | None = None) -> ReadError:
        if found is None:
            found = body_lines[row].partition(":")[2].strip()
        return ReadError(expected, line=line_numbers[row], field="ballot", found=found)

    bad = np.flatnonzero(counts < 1)
    if bad.size:
        row = int(bad[0])
        raise ReadError(
            "a positive integer", line=line_numbers[row], field="count", found=str(counts[row])
        )
    bad = np.flatnonzero((numbers < 1) | (numbers > m))
    if bad.size:
        number = int(numbers[bad[0]])
        found = str(number) if number < 10**_MAX_DIGITS else "a number of 19 digits or more"
        expected = f"a candidate number 1..{m} (NUMBER ALTERNATIVES)"
        raise ballot_error(int(rows[bad[0]]), expected, found)
    cell = rows * m + (numbers - 1)
    order = np.argsort(cell, kind="stable")
    repeated = order[np.flatnonzero(np.diff(cell[order]) == 0) + 1]
    if repeated.size:
        first = int(repeated.min())
        expected = "each candidate at most once on a ballot"
        raise ballot_error(int(rows[first]), expected, str(numbers[first]))
    total = sum(counts.tolist())
    if kind == "cat":
        return _categorical(
            values,
            header,
            counts,
            rows,
            numbers,
            groups,
            candidates,
            names,
            total,
            body_lines,
            ballot_error,
        )
    ranked_per_row = np.bincount(rows, minlength=n_rows)
    groups_per_row = np.zeros(n_rows, dtype=np.int64)
    np.maximum.at(groups_per_row, rows, groups + 1)
    if kind in ("soc", "toc"):
        bad = np.flatnonzero(ranked_per_row != m)
        if bad.size:
            raise ballot_error(int(bad[0]), f"all {m} candidates ranked ({kind}: complete orders)")
    if kind in ("soc", "soi"):
        bad = np.flatnonzero(groups_per_row != ranked_per_row)
        if bad.size:
            raise ballot_error(int(bad[0]), f"no tied candidates ({kind}: strict orders)")
    _check_header_counts(values, total, n_rows, "NUMBER UNIQUE ORDERS")
    ranks = np.full((n_rows, m), UNRANKED, dtype=np.int16)
    ranks[rows, numbers - 1] = groups
    profile = RankedProfile.from_ranks(
        ranks, counts, candidates=candidates, names=names, compress=False, dense=True
    )
    return PrefLibFile(data_type=kind, profile=profile, header=tuple(header))


def _categorical(
    values: dict[str, tuple[int, str]],
    header: list[tuple[str, str]],
    counts: np.ndarray,
    rows: np.ndarray,
    numbers: np.ndarray,
    groups: np.ndarray,
    candidates: list[int],
    names: list[str] | None,
    total: int,
    body_lines: list[str],
    ballot_error: Callable[[int, str], ReadError],
) -> PrefLibFile:
    named = sorted(
        (int(match.group(1)), value)
        for key, (_, value) in values.items()
        if (match := _CATEGORY.fullmatch(key)) is not None
    )
    declared = _header_integer(values, "NUMBER CATEGORIES")
    n_categories = len(named) if declared is None else declared
    if named and [k for k, _ in named] != list(range(1, n_categories + 1)):
        raise ReadError(
            f"'CATEGORY NAME k' lines for k = 1..{n_categories} (NUMBER CATEGORIES)",
            line=values.get("NUMBER CATEGORIES", (None, ""))[0],
            field="CATEGORY NAME",
            found=", ".join(str(k) for k, _ in named),
        )
    if n_categories > np.iinfo(np.int8).max:
        raise ComputationLimit(
            "read a PrefLib file", needed=n_categories, limit=127, unit="categories"
        )
    for row, line in enumerate(body_lines):
        if _groups_on_line(line.partition(":")[2]) != n_categories:
            raise ballot_error(row, f"{n_categories} groups, one per category (NUMBER CATEGORIES)")
    categories = np.full((len(body_lines), len(candidates)), -1, dtype=np.int8)
    categories[rows, numbers - 1] = groups
    _check_header_counts(values, total, len(body_lines), "NUMBER UNIQUE PREFERENCES")
    profile = CategoricalProfile.from_matrix(
        categories,
        counts,
        category_names=[v for _, v in named] or [str(k + 1) for k in range(n_categories)],
        candidates=candidates,
        names=names,
        compress=False,
    )
    return PrefLibFile(data_type="cat", profile=profile, header=tuple(header))


def read_preflib(path: str | Path) -> PrefLibFile:
    """Read a PrefLib file; its type comes from its header or, failing that, its suffix.

    Parameters
    ----------
    path : str or Path
        A ``.soc``, ``.soi``, ``.toc``, ``.toi`` or ``.cat`` file.

    Returns
    -------
    PrefLibFile

    Raises
    ------
    ReadError
        As :func:`parse_preflib` (naming the file), or for a file that is not UTF-8 text.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        found = repr(error.object[error.start : error.start + 8])
        raise ReadError("UTF-8 text", source=path.name, found=found) from None
    suffix = path.suffix.lstrip(".").lower()
    has_type = "# DATA TYPE:" in text[:2000]
    return parse_preflib(text, None if has_type else suffix, source=path.name)


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

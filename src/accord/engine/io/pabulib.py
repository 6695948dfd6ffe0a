"""Read and write pabulib ``.pb`` participatory-budgeting files.

A ``.pb`` file has three ``;``-separated sections (Faliszewski et al. 2023, pabulib.org/format):

``META``
    ``key;value`` rows: ``budget``, ``vote_type`` (``approval``, ``ordinal``, ``cumulative``,
    ``scoring``, ``choose-1``), ``num_projects``, ``num_votes``, ballot constraints
    (``min_length``, ``max_length``, ``min_sum_cost``, ``max_sum_cost``, ``min_points``,
    ``max_points``, ``min_sum_points``, ``max_sum_points``, ...) and free descriptions.
``PROJECTS``
    one row per project: ``project_id;cost`` then optional columns (``name``, ``votes``,
    ``score``, ``category``, ``target``, ``selected``, ``latitude``, ...).
``VOTES``
    one row per voter: ``voter_id;vote`` (comma-separated project ids, in rank order for
    ordinal ballots), ``points`` for cumulative and scoring ballots, then voter attributes
    (``age``, ``sex``, ``neighborhood``, ``voting_method``, ...).

This module offers

- :func:`read_pabulib` / :func:`parse_pabulib`: a file or a string to a :class:`PabulibElection`;
- :func:`write_pabulib` / :func:`format_pabulib`: back again; reading what was written gives
  equal data (tested on every file of ``shared/data/pabulib``).

Representation.  Ballots are held in CSR form: voter ``i``'s ballot is
``vote_projects[vote_indptr[i]:vote_indptr[i + 1]]`` (project indices in the order written in
the file, which is the rank order of ordinal ballots) and, for cumulative and scoring
ballots, the aligned ``vote_points``.  :meth:`PabulibElection.approval_matrix` gives the dense
voters × projects support matrix.  Costs and the budget are exact: ``int`` (``int64`` array)
when every value is integral, which holds for every file of pabulib we have seen (a cost
written ``4000.0`` is the integer 4000); otherwise all costs are :class:`fractions.Fraction`
in an object array.  Points are integers, or Fractions when a file writes decimals.  Every
other field is kept verbatim as a string (stripped), so that writing reproduces the data;
:meth:`PabulibElection.voter_attribute` and :meth:`PabulibElection.project_categories`
interpret them.

Parsing uses the ``csv`` module for the sections and one ``str.split`` plus a dictionary look-up
per vote token; Poland_Lodz_2022 (90,494 voters) reads in well under a second, against about
4 s for pabutools 1.2.3.

References
----------
Faliszewski, Flis, Peters, Pierczyński, Skowron, Stolicki, Szufa, Talmon. "Participatory
Budgeting: Data, Tools, and Analysis". IJCAI 2023, section 3 (the pabulib format).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np

from accord.engine.errors import ComputationLimit, ReadError

__all__ = [
    "VOTE_TYPES",
    "PabulibElection",
    "format_pabulib",
    "parse_pabulib",
    "read_pabulib",
    "write_pabulib",
]

VOTE_TYPES = ("approval", "ordinal", "cumulative", "scoring", "choose-1")
_MISSING = {"", "none"}


def _exact_array(values: Sequence[int | Fraction]) -> np.ndarray:
    """``int64`` when every value is an integer of at most 62 bits (so that sums of a few
    fit), else an object array of Fractions."""
    if all(isinstance(v, int) and -(2**62) < v < 2**62 for v in values):
        return np.asarray(values, dtype=np.int64).reshape(len(values))
    return np.asarray([Fraction(v) for v in values], dtype=object).reshape(len(values))


@dataclass(frozen=True, eq=False)
class PabulibElection:
    """One participatory-budgeting election as read from a ``.pb`` file.

    Attributes
    ----------
    meta : dict[str, str]
        The META section, in file order, values verbatim.
    budget : int or Fraction
        ``meta["budget"]`` as an exact number.
    vote_type : str
        One of :data:`VOTE_TYPES`.
    project_ids : tuple[str, ...]
        Project ids in file order; project ``j`` is ``project_ids[j]``.
    costs : numpy.ndarray
        ``int64`` costs (object array of Fractions if a cost is not integral).
    project_fields : dict[str, tuple[str, ...]]
        Every other PROJECTS column, verbatim, keyed by header (``name``, ``category``, ...).
    voter_ids : tuple[str, ...]
        Voter ids in file order.
    vote_indptr, vote_projects : numpy.ndarray
        CSR ballots: ``vote_projects[vote_indptr[i]:vote_indptr[i+1]]`` (``int64``/``int32``).
    vote_points : numpy.ndarray or None
        Points aligned with ``vote_projects`` (cumulative and scoring ballots), else ``None``.
    voter_fields : dict[str, tuple[str, ...]]
        Every other VOTES column (voter attributes), verbatim.
    """

    meta: dict[str, str]
    project_ids: tuple[str, ...]
    costs: np.ndarray
    project_fields: dict[str, tuple[str, ...]]
    voter_ids: tuple[str, ...]
    vote_indptr: np.ndarray
    vote_projects: np.ndarray
    vote_points: np.ndarray | None
    voter_fields: dict[str, tuple[str, ...]]
    project_header: tuple[str, ...] = field(default=("project_id", "cost"))
    voter_header: tuple[str, ...] = field(default=("voter_id", "vote"))
    decimal_separator: str = "."
    meta_lines: dict[str, int] = field(default_factory=dict)

    @property
    def budget(self) -> int | Fraction:
        return _number(
            self.meta["budget"],
            self.decimal_separator,
            line=self.meta_lines.get("budget"),
            field="budget",
        )

    def meta_number(self, key: str) -> int | Fraction | None:
        """META ``key`` as an exact non-negative number (None when absent); a ReadError
        naming its line when it is not one."""
        if key not in self.meta:
            return None
        return _number(
            self.meta[key], self.decimal_separator, line=self.meta_lines.get(key), field=key
        )

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval").strip().lower()

    @property
    def num_voters(self) -> int:
        return len(self.voter_ids)

    @property
    def num_projects(self) -> int:
        return len(self.project_ids)

    def ballot(self, voter: int) -> list[str]:
        """Project ids on voter ``voter``'s ballot, in file (rank) order."""
        lo, hi = self.vote_indptr[voter], self.vote_indptr[voter + 1]
        return [self.project_ids[j] for j in self.vote_projects[lo:hi]]

    def approval_matrix(self) -> np.ndarray:
        """Dense ``bool`` voters × projects matrix: project on the voter's ballot.

        For ordinal, cumulative and scoring ballots this is the support set (a project
        listed with 0 points counts as not supported).
        """
        self._check_dense("approval_matrix")
        matrix = np.zeros((self.num_voters, self.num_projects), dtype=bool)
        rows = np.repeat(np.arange(self.num_voters), np.diff(self.vote_indptr))
        keep = np.ones(len(rows), dtype=bool)
        if self.vote_points is not None:
            keep = np.asarray([p > 0 for p in self.vote_points], dtype=bool)
        matrix[rows[keep], self.vote_projects[keep]] = True
        return matrix

    def points_matrix(self) -> np.ndarray:
        """Voters × projects scores: ``points`` (cumulative, scoring), Borda-like ``len - rank``
        for ordinal ballots (the first of ``L`` listed projects gets ``L``), 1 for approval."""
        self._check_dense("points_matrix")
        rows = np.repeat(np.arange(self.num_voters), np.diff(self.vote_indptr))
        if self.vote_points is not None:
            dtype = np.int64 if self.vote_points.dtype != object else object
            matrix = np.zeros((self.num_voters, self.num_projects), dtype=dtype)
            matrix[rows, self.vote_projects] = self.vote_points
            return matrix
        matrix = np.zeros((self.num_voters, self.num_projects), dtype=np.int64)
        if self.vote_type == "ordinal":
            lengths = np.diff(self.vote_indptr)
            rank = np.arange(len(rows)) - np.repeat(self.vote_indptr[:-1], lengths)
            matrix[rows, self.vote_projects] = np.repeat(lengths, lengths) - rank
        else:
            matrix[rows, self.vote_projects] = 1
        return matrix

    def _check_dense(self, what: str) -> None:
        cells = self.num_voters * self.num_projects
        if cells > _MAX_CELLS:
            raise ComputationLimit(what, needed=cells, limit=_MAX_CELLS, unit="cells")

    def voter_attribute(self, name: str) -> np.ndarray:
        """A VOTES column as an object array, with ``None`` for missing values (``""``/``none``)."""
        values = self.voter_fields[name]
        return np.asarray([None if v.lower() in _MISSING else v for v in values], dtype=object)

    def project_field(self, name: str) -> tuple[str | None, ...]:
        """A PROJECTS column with ``None`` for missing values."""
        return tuple(None if v.lower() in _MISSING else v for v in self.project_fields[name])

    def project_categories(self, name: str = "category") -> tuple[frozenset[str], ...]:
        """The comma-separated ``category`` (or ``target``) column as sets, empty if missing."""
        if name not in self.project_fields and name + "s" in self.project_fields:
            name += "s"
        values = self.project_fields.get(name, ("",) * self.num_projects)
        return tuple(
            frozenset() if v.lower() in _MISSING else frozenset(x.strip() for x in v.split(","))
            for v in values
        )

    def selected(self) -> tuple[str, ...] | None:
        """Ids of the projects whose ``selected`` column is ``1`` (the real-life outcome)."""
        if "selected" not in self.project_fields:
            return None
        return tuple(
            p
            for p, s in zip(self.project_ids, self.project_fields["selected"], strict=True)
            if s.strip() == "1"
        )

    def same_data(self, other: PabulibElection) -> bool:
        """True when both hold the same meta, projects, ballots and attributes."""
        points_equal = (self.vote_points is None and other.vote_points is None) or (
            self.vote_points is not None
            and other.vote_points is not None
            and list(self.vote_points) == list(other.vote_points)
        )
        return (
            self.meta == other.meta
            and self.project_ids == other.project_ids
            and list(self.costs) == list(other.costs)
            and self.project_fields == other.project_fields
            and self.voter_ids == other.voter_ids
            and np.array_equal(self.vote_indptr, other.vote_indptr)
            and np.array_equal(self.vote_projects, other.vote_projects)
            and points_equal
            and self.voter_fields == other.voter_fields
        )


_SECTION = re.compile(r"^[ \t]*(meta|projects|votes)[ \t;]*$", re.IGNORECASE | re.MULTILINE)
_MAX_CELLS = 2**31  # voters x projects of a dense matrix (bool: 2 GiB)


def _is_padded(section: str) -> bool:
    """Whether some cell may have leading or trailing blanks (only then do cells need
    stripping); plain substring tests, much faster than a regular expression."""
    return (
        "\t" in section
        or any(pair in section for pair in (" ;", "; ", " ,", ", ", " \n", "\n "))
        or section.startswith(" ")
        or section.endswith(" ")
    )


def _strip_all(values: Sequence[str], padded: bool) -> tuple[str, ...]:
    return tuple(v.strip() for v in values) if padded else tuple(values)


@dataclass
class _Section:
    """The text of one section after its title line, and the line number of its first line."""

    text: str
    first_line: int

    def numbered_lines(self) -> list[tuple[int, str]]:
        """(line number, line) of every non-blank line."""
        return [
            (self.first_line + i, line)
            for i, line in enumerate(self.text.split("\n"))
            if line.strip()
        ]


def _split_sections(text: str) -> dict[str, _Section]:
    """Each section's text (after its title line), found without a Python loop over lines."""
    marks = list(_SECTION.finditer(text))
    first = text[: marks[0].start()] if marks else text
    if first.strip():
        line = text.count("\n", 0, len(first) - len(first.lstrip())) + 1
        found = first.strip().split("\n")[0]
        raise ReadError("a section title: META, PROJECTS or VOTES", line=line, found=found)
    sections: dict[str, _Section] = {}
    for number, mark in enumerate(marks):
        name = mark.group(1).lower()
        line = text.count("\n", 0, mark.start()) + 1
        if name in sections:
            raise ReadError("each section once", line=line, field=name.upper())
        end = marks[number + 1].start() if number + 1 < len(marks) else len(text)
        body = text[mark.end() + 1 : end] if mark.end() < len(text) else ""
        sections[name] = _Section(body, line + 1)
    return sections


def _csv_rows(lines: list[str], line_of: Callable[[int], int], section: str) -> list[list[str]]:
    """Each line's ``;``-separated fields; a quote must close on its own line."""
    try:
        rows = list(csv.reader(lines, delimiter=";", strict=True))
        if len(rows) == len(lines):
            return rows
    except csv.Error:
        pass
    for i, line in enumerate(lines):
        try:
            list(csv.reader([line], delimiter=";", strict=True))
        except csv.Error:
            expected = "fields separated by ';', each quote closed on its own line"
            raise ReadError(expected, line=line_of(i), field=section, found=line) from None
    raise AssertionError("unreachable: csv rows and lines differ")  # pragma: no cover


def _header(row: list[str], line: int, first: str, required: str, section: str) -> tuple[str, ...]:
    """A PROJECTS or VOTES header: ``first`` first, ``required`` somewhere, no name twice."""
    names = tuple(h.strip() for h in row)
    if not names or names[0] != first:
        expected = f"the {section} header to start with '{first}'"
        raise ReadError(expected, line=line, field=section, found=";".join(names))
    if required not in names:
        expected = f"a '{required}' column in the {section} header"
        raise ReadError(expected, line=line, field=section, found=";".join(names))
    for i, name in enumerate(names):
        if not name or name in names[:i]:
            expected = f"distinct, non-empty column names in the {section} header"
            raise ReadError(expected, line=line, field=section, found=name)
    return names


def _width_error(section: str, width: int, line: int, row: Sequence[str]) -> ReadError:
    expected = f"{width} fields separated by ';', as in the {section} header"
    return ReadError(expected, line=line, field=section, found=";".join(row))


def _number(
    text: str, separator: str, *, line: int | None, field: str, negative: bool = False
) -> int | Fraction:
    """An exact number written with digits and an optional decimal ``separator``: ``"4000"``
    and ``"4000.0"`` give ``4000``, ``"12.5"`` gives ``Fraction(25, 2)``. Anything else
    (``"44,753"`` with the separator ``"."``, ``"1e3"``, ``"12 000"``, ``""``) is refused:
    a comma may be a decimal or a thousands separator, and the reader does not guess."""
    stripped = text.strip()
    pattern = _DECIMAL_DOT if separator == "." else _DECIMAL_COMMA
    if pattern.fullmatch(stripped) is None:
        if separator == ".":
            expected = "a number: digits with an optional '.' decimal point"
            if "," in stripped:
                expected += (
                    " (a ',' may be a decimal or a thousands separator: read the file with "
                    "decimal_separator=',' if its documentation says decimal commas)"
                )
        else:
            expected = "a number: digits with an optional ',' decimal comma"
        raise ReadError(expected, line=line, field=field, found=stripped)
    value = Fraction(stripped.replace(",", "."))
    if value < 0 and not negative:
        raise ReadError("a number that is not negative", line=line, field=field, found=stripped)
    return int(value) if value.denominator == 1 else value


_DECIMAL_DOT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_DECIMAL_COMMA = re.compile(r"-?[0-9]+(?:,[0-9]+)?")


def _count(meta: dict[str, str], lines: dict[str, int], key: str, actual: int) -> None:
    """``num_projects``/``num_votes``, when given, must be what the sections hold."""
    if key not in meta:
        return
    declared = meta[key].strip()
    if re.fullmatch(r"[0-9]+", declared) is None or int(declared) != actual:
        what = "projects" if key == "num_projects" else "voters"
        expected = f"{actual}, the number of {what} in the file"
        raise ReadError(expected, line=lines[key], field=key, found=declared)


def parse_pabulib(
    text: str, *, source: str | None = None, decimal_separator: str = "."
) -> PabulibElection:
    """Parse the text of a ``.pb`` file, refusing whatever the format does not allow.

    Parameters
    ----------
    text : str
        The whole file.
    source : str, optional
        The file's name, for error messages.
    decimal_separator : {".", ","}
        How ``budget`` and ``cost`` write decimals. The pabulib format writes ``"."`` (every
        file of pabulib does); pass ``","`` only for a file documented to use decimal commas
        (``"44,753"`` then reads as 44.753, and a ``"."`` is refused). Points always use
        ``"."``, since ``","`` separates them.

    Returns
    -------
    PabulibElection

    Raises
    ------
    ReadError
        With the line, the field and what was expected (every case is in
        docs/engine/budgeting.md): text before the first section, a section twice, no META
        or PROJECTS; a META without its ``key;value`` header, a key twice, no ``budget``, a
        ``budget`` or ``cost`` that is not a number (``"44,753"``: see
        ``decimal_separator``) or is negative, an unknown ``vote_type``; a header that does
        not start with ``project_id``/``voter_id`` or lacks ``cost``/``vote`` (a renamed
        column), a column twice; a row with more or fewer fields than its header; an empty
        or repeated project or voter id; a vote for an unknown project or for one project
        twice; points that are not numbers, do not match the votes one for one, or are
        negative on a cumulative ballot; cumulative or scoring ballots without points;
        ``num_projects`` or ``num_votes`` that differ from the sections.

    Examples
    --------
    >>> pb = '''META
    ... key;value
    ... budget;100
    ... vote_type;cumulative
    ... PROJECTS
    ... project_id;cost;name
    ... a;60;Park
    ... b;50.0;Bench
    ... VOTES
    ... voter_id;vote;points;age
    ... v1;a,b;2,1;30
    ... v2;b;3;none
    ... '''
    >>> election = parse_pabulib(pb)
    >>> election.budget, election.costs.tolist(), election.ballot(0)
    (100, [60, 50], ['a', 'b'])
    >>> election.vote_points.tolist(), election.voter_attribute("age").tolist()
    ([2, 1, 3], ['30', None])
    >>> election.approval_matrix().astype(int).tolist()
    [[1, 1], [0, 1]]
    >>> parse_pabulib(pb.replace("budget;100", "budget;44,753"), source="x.pb")
    Traceback (most recent call last):
    ...
    accord.engine.errors.ReadError: x.pb, line 3, budget: expected a number: digits with an optional '.' decimal point (a ',' may be a decimal or a thousands separator: read the file with decimal_separator=',' if its documentation says decimal commas), found '44,753'
    >>> comma = pb.replace("budget;100", "budget;44,753").replace("50.0", "50,0")
    >>> parse_pabulib(comma, decimal_separator=",").budget
    Fraction(44753, 1000)
    """
    if decimal_separator not in (".", ","):
        raise ValueError("decimal_separator must be '.' or ','")
    try:
        return _parse(text, decimal_separator)
    except ReadError as error:
        if source is None:
            raise
        raise error.at(source) from None


def _parse(text: str, separator: str) -> PabulibElection:
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sections = _split_sections(text)
    for name in ("meta", "projects"):
        if name not in sections:
            raise ReadError(f"a {name.upper()} section", field=name.upper())
    meta, meta_lines = _parse_meta(sections["meta"])
    if "budget" not in meta:
        raise ReadError("a 'budget' row in META", field="budget")
    _number(meta["budget"], separator, line=meta_lines["budget"], field="budget")
    vote_type = meta.get("vote_type", "approval").strip().lower()
    if vote_type not in VOTE_TYPES:
        expected = "a vote_type among " + ", ".join(VOTE_TYPES)
        raise ReadError(
            expected, line=meta_lines.get("vote_type"), field="vote_type", found=vote_type
        )

    project_header, project_ids, costs, project_fields = _parse_projects(
        sections["projects"], separator
    )
    _count(meta, meta_lines, "num_projects", len(project_ids))
    votes = None
    if "votes" in sections:
        votes = _parse_votes(sections["votes"], project_ids, vote_type)
        voter_header, voter_ids, indptr, vote_projects, vote_points, voter_fields = votes
    else:
        voter_header = ("voter_id", "vote")
        voter_ids, voter_fields = (), {}
        indptr, vote_projects, vote_points = np.zeros(1, np.int64), np.zeros(0, np.int32), None
    _count(meta, meta_lines, "num_votes", len(voter_ids))
    return PabulibElection(
        meta=meta,
        project_ids=project_ids,
        costs=costs,
        project_fields=project_fields,
        voter_ids=voter_ids,
        vote_indptr=indptr,
        vote_projects=vote_projects,
        vote_points=vote_points,
        voter_fields=voter_fields,
        project_header=project_header,
        voter_header=voter_header,
        decimal_separator=separator,
        meta_lines=meta_lines,
    )


def _parse_meta(section: _Section) -> tuple[dict[str, str], dict[str, int]]:
    numbered = section.numbered_lines()
    if not numbered:
        raise ReadError("the META header 'key;value'", line=section.first_line, field="META")
    numbers = [n for n, _ in numbered]
    rows = _csv_rows([line for _, line in numbered], numbers.__getitem__, "META")
    if [c.strip().lower() for c in rows[0]] != ["key", "value"]:
        raise ReadError(
            "the META header 'key;value'", line=numbers[0], field="META", found=";".join(rows[0])
        )
    meta: dict[str, str] = {}
    lines: dict[str, int] = {}
    for number, row in zip(numbers[1:], rows[1:], strict=True):
        key = row[0].strip() if row else ""
        if not key:
            raise ReadError("a 'key;value' row", line=number, field="META", found=";".join(row))
        if key in meta:
            raise ReadError("each META key once", line=number, field=key)
        meta[key] = ";".join(row[1:]).strip()
        lines[key] = number
    return meta, lines


def _parse_projects(
    section: _Section, separator: str
) -> tuple[tuple[str, ...], tuple[str, ...], np.ndarray, dict[str, tuple[str, ...]]]:
    numbered = section.numbered_lines()
    if not numbered:
        expected = "the PROJECTS header 'project_id;cost;...'"
        raise ReadError(expected, line=section.first_line, field="PROJECTS")
    numbers = [n for n, _ in numbered]
    rows = _csv_rows([line for _, line in numbered], numbers.__getitem__, "PROJECTS")
    header = _header(rows[0], numbers[0], "project_id", "cost", "PROJECTS")
    width = len(header)
    body = rows[1:]
    for number, row in zip(numbers[1:], body, strict=True):
        if len(row) != width:
            raise _width_error("PROJECTS", width, number, row)
    columns = list(zip(*body, strict=True)) if body else [()] * width
    project_ids = tuple(v.strip() for v in columns[0])
    seen: dict[str, int] = {}
    for number, project in zip(numbers[1:], project_ids, strict=True):
        if not project:
            raise ReadError("a project id", line=number, field="project_id", found=project)
        if project in seen:
            expected = f"a project id not used before (line {seen[project]})"
            raise ReadError(expected, line=number, field="project_id", found=project)
        seen[project] = number
    cost_column = header.index("cost")
    costs = _exact_array(
        [
            _number(v, separator, line=number, field="cost")
            for number, v in zip(numbers[1:], columns[cost_column], strict=True)
        ]
    )
    fields = {
        name: tuple(v.strip() for v in columns[i])
        for i, name in enumerate(header)
        if i not in (0, cost_column)
    }
    return header, project_ids, costs, fields


def _parse_votes(
    section: _Section, project_ids: tuple[str, ...], vote_type: str
) -> tuple[
    tuple[str, ...],
    tuple[str, ...],
    np.ndarray,
    np.ndarray,
    np.ndarray | None,
    dict[str, tuple[str, ...]],
]:
    text = section.text
    padded = _is_padded(text)
    vote_lines = [line for line in text.split("\n") if line.strip()]
    if not vote_lines:
        expected = "the VOTES header 'voter_id;vote;...'"
        raise ReadError(expected, line=section.first_line, field="VOTES")

    def line_of(row: int) -> int:
        """The file line of voter ``row`` (-1: the header), found on the error path only."""
        return section.numbered_lines()[row + 1][0]

    leading = text[: text.index(vote_lines[0])]
    header_line = section.first_line + leading.count("\n")
    header_row = _csv_rows(vote_lines[:1], lambda _: header_line, "VOTES")[0]
    header = _header(header_row, header_line, "voter_id", "vote", "VOTES")
    body = vote_lines[1:]
    quoted = '"' in text
    rows = _csv_rows(body, line_of, "VOTES") if quoted else [line.split(";") for line in body]
    width = len(header)
    for i, row in enumerate(rows):
        if len(row) != width:
            raise _width_error("VOTES", width, line_of(i), row)
    columns = list(zip(*rows, strict=True)) if rows else [()] * width
    voter_ids = _strip_all(columns[0], padded)
    if len(set(voter_ids)) != len(voter_ids) or "" in voter_ids:
        seen: dict[str, int] = {}
        for i, voter in enumerate(voter_ids):
            if not voter:
                raise ReadError("a voter id", line=line_of(i), field="voter_id", found=voter)
            if voter in seen:
                expected = f"a voter id not used before (line {line_of(seen[voter])})"
                raise ReadError(expected, line=line_of(i), field="voter_id", found=voter)
            seen[voter] = i
    vote_column = header.index("vote")
    votes = _strip_all(columns[vote_column], padded)
    lengths = np.fromiter(
        ((v.count(",") + 1) if v else 0 for v in votes), dtype=np.int64, count=len(votes)
    )
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    tokens = ",".join(v for v in votes if v).split(",") if indptr[-1] else []
    if padded:
        tokens = [t.strip() for t in tokens]
    index = {p: j for j, p in enumerate(project_ids)}
    try:
        vote_projects = np.fromiter((index[t] for t in tokens), dtype=np.int32, count=len(tokens))
    except KeyError as error:
        position = next(k for k, t in enumerate(tokens) if t not in index)
        row = int(np.searchsorted(indptr, position, side="right")) - 1
        expected = "project ids of the PROJECTS section, separated by ','"
        raise ReadError(expected, line=line_of(row), field="vote", found=error.args[0]) from None
    voter_of_token = np.repeat(np.arange(len(votes), dtype=np.int64), lengths)
    if len(tokens):
        cell = voter_of_token * len(project_ids) + vote_projects
        order = np.argsort(cell, kind="stable")
        repeated = order[np.flatnonzero(np.diff(cell[order]) == 0) + 1]
        if repeated.size:
            position = int(repeated.min())
            row = int(voter_of_token[position])
            found = project_ids[vote_projects[position]]
            expected = "each project at most once on a ballot"
            raise ReadError(expected, line=line_of(row), field="vote", found=found)
    skip = {0, vote_column}
    vote_points: np.ndarray | None = None
    if "points" in header:
        points_column = header.index("points")
        skip.add(points_column)
        points = _strip_all(columns[points_column], padded)
        point_lengths = np.fromiter(
            ((p.count(",") + 1) if p else 0 for p in points), dtype=np.int64, count=len(points)
        )
        bad = np.flatnonzero(point_lengths != lengths)
        if bad.size:
            row = int(bad[0])
            expected = f"{lengths[row]} points, one per project voted for"
            raise ReadError(expected, line=line_of(row), field="points", found=points[row])
        ptokens = ",".join(p for p in points if p).split(",") if indptr[-1] else []
        if padded:
            ptokens = [t.strip() for t in ptokens]
        joined = "".join(ptokens)
        plain = joined.isascii() and joined.isdigit() and all(ptokens)
        if plain and max(map(len, ptokens), default=0) <= 18:  # integers that fit int64
            vote_points = np.asarray([int(t) for t in ptokens], dtype=np.int64)
        else:
            values = [
                _number(t, ".", line=line_of(int(row)), field="points", negative=True)
                for t, row in zip(ptokens, voter_of_token.tolist(), strict=True)
            ]
            vote_points = _exact_array(values)
            if vote_type == "cumulative":
                for t, value, row in zip(ptokens, values, voter_of_token.tolist(), strict=True):
                    if value < 0:
                        expected = "points that are not negative (cumulative ballots)"
                        raise ReadError(expected, line=line_of(row), field="points", found=t)
    elif vote_type in ("cumulative", "scoring"):
        if len(tokens):
            expected = f"a 'points' column ({vote_type} ballots)"
            raise ReadError(expected, line=header_line, field="VOTES", found=";".join(header))
        vote_points = np.zeros(0, dtype=np.int64)
    fields = {
        name: _strip_all(columns[i], padded) for i, name in enumerate(header) if i not in skip
    }
    return header, voter_ids, indptr, vote_projects, vote_points, fields


def read_pabulib(path: str | Path, *, decimal_separator: str = ".") -> PabulibElection:
    """Read a ``.pb`` file (UTF-8, any line ending).  See :func:`parse_pabulib`.

    Raises
    ------
    ReadError
        As :func:`parse_pabulib`, naming the file; or for a file that is not UTF-8 text.

    Examples
    --------
    >>> import tempfile, os
    >>> text = "META\\nkey;value\\nbudget;10\\nvote_type;approval\\n"
    >>> text += "PROJECTS\\nproject_id;cost\\np;4\\nVOTES\\nvoter_id;vote\\n1;p\\n"
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "x.pb")
    ...     _ = open(path, "w").write(text)
    ...     read_pabulib(path).num_voters
    1
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        found = repr(error.object[error.start : error.start + 8])
        raise ReadError("UTF-8 text", source=path.name, found=found) from None
    return parse_pabulib(text, source=path.name, decimal_separator=decimal_separator)


def _number_text(value: int | Fraction) -> str:
    if isinstance(value, Fraction) and value.denominator != 1:
        # decimal expansion when finite (denominator 2^a 5^b), else a fraction p/q
        d = value.denominator
        for prime in (2, 5):
            while d % prime == 0:
                d //= prime
        if d != 1:
            return f"{value.numerator}/{value.denominator}"
        digits = 0
        scaled = value
        while scaled.denominator != 1:
            scaled *= 10
            digits += 1
        sign = "-" if value < 0 else ""
        magnitude = abs(int(scaled))
        text = str(magnitude).rjust(digits + 1, "0")
        return f"{sign}{text[:-digits]}.{text[-digits:]}"
    return str(int(value))


def format_pabulib(election: PabulibElection) -> str:
    """The text of a ``.pb`` file holding ``election`` (LF line ends, ``;`` separators).

    Examples
    --------
    >>> pb = "META\\nkey;value\\nbudget;10\\nvote_type;ordinal\\nPROJECTS\\nproject_id;cost\\n"
    >>> pb += "p;4\\nq;5\\nVOTES\\nvoter_id;vote;sex\\n1;q,p;F\\n2;p;M\\n"
    >>> print(format_pabulib(parse_pabulib(pb)), end="")
    META
    key;value
    budget;10
    vote_type;ordinal
    PROJECTS
    project_id;cost
    p;4
    q;5
    VOTES
    voter_id;vote;sex
    1;q,p;F
    2;p;M
    >>> parse_pabulib(format_pabulib(parse_pabulib(pb))).same_data(parse_pabulib(pb))
    True
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    out.write("META\nkey;value\n")
    writer.writerows([key, value] for key, value in election.meta.items())
    out.write("PROJECTS\n")
    writer.writerow(election.project_header)
    fields: list[Iterable[str]] = []
    for name in election.project_header:
        if name == "project_id":
            fields.append(election.project_ids)
        elif name == "cost":
            fields.append([_number_text(c) for c in election.costs.tolist()])
        else:
            fields.append(election.project_fields[name])
    writer.writerows(zip(*fields, strict=True))
    out.write("VOTES\n")
    writer.writerow(election.voter_header)
    ids = election.project_ids
    indptr = election.vote_indptr.tolist()
    projects = election.vote_projects.tolist()
    points = None if election.vote_points is None else election.vote_points.tolist()
    columns: list[Sequence[str]] = []
    for name in election.voter_header:
        if name == "voter_id":
            columns.append(election.voter_ids)
        elif name == "vote":
            columns.append(
                [",".join(ids[j] for j in projects[lo:hi]) for lo, hi in itertools.pairwise(indptr)]
            )
        elif name == "points" and points is not None:
            columns.append(
                [
                    ",".join(_number_text(p) for p in points[lo:hi])
                    for lo, hi in itertools.pairwise(indptr)
                ]
            )
        else:
            columns.append(election.voter_fields[name])
    writer.writerows(zip(*columns, strict=True))
    return out.getvalue()


def write_pabulib(election: PabulibElection, path: str | Path) -> None:
    """Write ``election`` to ``path`` as UTF-8.  See :func:`format_pabulib`."""
    Path(path).write_text(format_pabulib(election), encoding="utf-8")

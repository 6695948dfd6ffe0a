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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np

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


def _exact_number(text: str) -> int | Fraction:
    """``"4000"`` and ``"4000.0"`` to ``4000``; ``"12.5"`` to ``Fraction(25, 2)``."""
    text = text.strip().replace(",", ".")
    try:
        return int(text)
    except ValueError:
        value = Fraction(text)
        return int(value) if value.denominator == 1 else value


def _exact_array(values: Sequence[int | Fraction]) -> np.ndarray:
    if all(isinstance(v, int) for v in values):
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

    @property
    def budget(self) -> int | Fraction:
        return _exact_number(self.meta["budget"])

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


def _is_padded(section: str) -> bool:
    """Whether some cell may have leading or trailing blanks (only then do cells need
    stripping); plain substring tests, much faster than a regular expression."""
    return (
        "\t" in section
        or any(pair in section for pair in (" ;", "; ", " ,", ", ", " \n", "\n "))
        or section.startswith(" ")
        or section.endswith(" ")
    )


def _split_sections(text: str) -> dict[str, str]:
    """The text of each section (after its title line), found without a Python loop."""
    marks = list(_SECTION.finditer(text))
    sections: dict[str, str] = {}
    for number, mark in enumerate(marks):
        end = marks[number + 1].start() if number + 1 < len(marks) else len(text)
        sections[mark.group(1).lower()] = text[mark.end() : end]
    return sections


def _strip_all(values: Sequence[str], padded: bool) -> tuple[str, ...]:
    return tuple(v.strip() for v in values) if padded else tuple(values)


def _rows(lines: list[str]) -> list[list[str]]:
    return [row for row in csv.reader(lines, delimiter=";") if any(c.strip() for c in row)]


def parse_pabulib(text: str) -> PabulibElection:
    """Parse the text of a ``.pb`` file.

    Parameters
    ----------
    text : str
        The whole file.

    Returns
    -------
    PabulibElection

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
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bounds = _split_sections(text)
    if "meta" not in bounds or "projects" not in bounds:
        raise ValueError("not a pabulib file: META and PROJECTS sections are required")

    meta: dict[str, str] = {}
    for row in _rows(bounds["meta"].splitlines())[1:]:
        meta[row[0].strip()] = ";".join(row[1:]).strip()

    project_rows = _rows(bounds["projects"].splitlines())
    project_header = tuple(h.strip() for h in project_rows[0])
    project_rows = project_rows[1:]
    width = len(project_header)
    project_rows = [(row + [""] * width)[:width] for row in project_rows]
    columns = list(zip(*project_rows, strict=True)) if project_rows else [()] * width
    project_ids = tuple(v.strip() for v in columns[0])
    cost_column = project_header.index("cost")
    costs = _exact_array([_exact_number(v) for v in columns[cost_column]])
    project_fields = {
        name: tuple(v.strip() for v in columns[i])
        for i, name in enumerate(project_header)
        if i not in (0, cost_column)
    }

    voter_header: tuple[str, ...] = ("voter_id", "vote")
    voter_ids: tuple[str, ...] = ()
    voter_fields: dict[str, tuple[str, ...]] = {}
    indptr = np.zeros(1, dtype=np.int64)
    vote_projects = np.zeros(0, dtype=np.int32)
    vote_points: np.ndarray | None = None
    vote_type = meta.get("vote_type", "approval").strip().lower()
    if "votes" in bounds:
        section = bounds["votes"]
        padded = _is_padded(section)
        vote_lines = [line for line in section.splitlines() if line.strip()]
        voter_header = tuple(h.strip() for h in next(csv.reader(vote_lines[:1], delimiter=";")))
        body = vote_lines[1:]
        if '"' in section:
            rows = [row for row in csv.reader(body, delimiter=";")]
        else:
            rows = [line.split(";") for line in body]
        width = len(voter_header)
        if any(len(row) != width for row in rows):
            rows = [(row + [""] * width)[:width] for row in rows]
        vcolumns = list(zip(*rows, strict=True)) if rows else [()] * width
        voter_ids = _strip_all(vcolumns[0], padded)
        vote_column = voter_header.index("vote")
        votes = _strip_all(vcolumns[vote_column], padded)
        lengths = np.fromiter(
            ((v.count(",") + 1) if v else 0 for v in votes), dtype=np.int64, count=len(votes)
        )
        indptr = np.concatenate(([0], np.cumsum(lengths)))
        tokens = ",".join(v for v in votes if v).split(",") if indptr[-1] else []
        if padded:
            tokens = [t.strip() for t in tokens]
        index = {p: j for j, p in enumerate(project_ids)}
        try:
            vote_projects = np.fromiter(
                (index[t] for t in tokens), dtype=np.int32, count=len(tokens)
            )
        except KeyError as exc:
            raise ValueError(f"vote for an unknown project {exc.args[0]!r}") from None
        skip = {0, vote_column}
        if "points" in voter_header:
            points_column = voter_header.index("points")
            skip.add(points_column)
            points = _strip_all(vcolumns[points_column], padded)
            ptokens = ",".join(v for v in points if v).split(",") if indptr[-1] else []
            if len(ptokens) != len(tokens):
                raise ValueError("the points do not match the votes")
            try:
                vote_points = np.asarray([int(t) for t in ptokens], dtype=np.int64)
            except ValueError:
                vote_points = _exact_array([_exact_number(t) for t in ptokens])
        elif vote_type in ("cumulative", "scoring"):
            vote_points = np.zeros(0, dtype=np.int64) if not tokens else None
        voter_fields = {
            name: _strip_all(vcolumns[i], padded)
            for i, name in enumerate(voter_header)
            if i not in skip
        }
    if vote_type not in VOTE_TYPES:
        raise ValueError(f"unknown vote_type {vote_type!r}")
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
    )


def read_pabulib(path: str | Path) -> PabulibElection:
    """Read a ``.pb`` file (UTF-8, any line ending).  See :func:`parse_pabulib`.

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
    return parse_pabulib(Path(path).read_text(encoding="utf-8"))


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

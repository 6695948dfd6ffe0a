"""The engine's own errors: what the apps catch to answer "your input is wrong" or "this is
too large to compute", rather than a bare ``KeyError`` or a hang.

- :class:`ReadError` -- a file or an array that does not say what the engine needs: a PrefLib
  or pabulib file that breaks its format, a header count that does not match the body, a
  ballot profile with a NaN or negative voter weight. It names the source (file), the line,
  the field, what was expected and what was found.
- :class:`ComputationLimit` -- an input that is valid but whose computation would exceed a
  documented bound (memory or time) before it starts or while it runs; the message says
  which bound, how much was needed, and which method fits instead.

Both are ``ValueError`` subclasses, so code that already turns a ``ValueError`` into a
"400 Bad Request" keeps doing so.
"""

from __future__ import annotations

__all__ = ["ComputationLimit", "ReadError"]


class ReadError(ValueError):
    """Malformed input: a file (or array) the engine refuses rather than misread.

    Attributes
    ----------
    source : str or None
        The file's path or name (``None`` for text or arrays given directly).
    line : int or None
        1-based line of the file where the problem is (``None`` when it is not one line,
        e.g. a header count that does not match the body, or an array).
    field : str or None
        The field, column or header key (``"budget"``, ``"cost"``, ``"vote"``,
        ``"NUMBER VOTERS"``, ``"count"``, ``"weights[3]"``, ...).
    expected : str
        What the format asks for there.
    found : str or None
        What was there instead (shortened), when it helps.

    Examples
    --------
    >>> error = ReadError("a positive integer", source="x.soc", line=7, field="count",
    ...                   found="-3")
    >>> str(error)
    "x.soc, line 7, count: expected a positive integer, found '-3'"
    >>> isinstance(error, ValueError)
    True
    """

    def __init__(
        self,
        expected: str,
        *,
        source: str | None = None,
        line: int | None = None,
        field: str | None = None,
        found: str | None = None,
    ) -> None:
        self.expected = expected
        self.source = source
        self.line = line
        self.field = field
        self.found = found if found is None or len(found) <= 80 else found[:77] + "..."
        super().__init__(self._message())

    def _message(self) -> str:
        where = [
            part
            for part in (
                self.source,
                None if self.line is None else f"line {self.line}",
                self.field,
            )
            if part
        ]
        text = f"expected {self.expected}"
        if self.found is not None:
            text += f", found {self.found!r}"
        return ", ".join(where) + ": " + text if where else text

    def at(self, source: str) -> ReadError:
        """The same error, naming the file it came from (readers add it to a parser's error)."""
        return ReadError(
            self.expected, source=source, line=self.line, field=self.field, found=self.found
        )


class ComputationLimit(ValueError):
    """A valid input whose computation would exceed a documented bound.

    Raised *before* allocating memory that would not fit, or when a search with a documented
    step budget uses it up (``needed`` is then ``None``). ``needed`` and ``limit`` are in the
    unit ``unit`` (``"cells"``, ``"steps"``, ...); ``advice`` names a method that fits, when
    one exists.

    Examples
    --------
    >>> e = ComputationLimit("banzhaf_index", needed=10**12, limit=2**27, unit="cells",
    ...                      advice="composite_banzhaf_index((game,), method='exact')")
    >>> e.needed > e.limit, isinstance(e, ValueError)
    (True, True)
    """

    def __init__(
        self, what: str, *, needed: int | None, limit: int, unit: str, advice: str | None = None
    ) -> None:
        self.what = what
        self.needed = needed
        self.limit = limit
        self.unit = unit
        self.advice = advice
        if needed is None:  # a search that used up its budget
            message = f"{what}: stopped after {limit:,} {unit}, its limit"
        else:
            message = f"{what}: needs about {needed:,} {unit}, above the limit of {limit:,}"
        if advice:
            message += f"; {advice}"
        super().__init__(message)

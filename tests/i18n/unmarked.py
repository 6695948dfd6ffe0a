"""Find interface text that does not go through Django's translation functions.

Two finders, used by ``test_unmarked.py`` and runnable alone
(``python tests/i18n/unmarked.py``) to list what is left:

- ``python_literals``: a domain error (``Invalid``, ``Forbidden``, ``NotFound``,
  ``Conflict``) or a form/validation error raised with a plain string or f-string, and a
  notification text given as one; such text reaches a person as it was written. An event
  summary must be an ``audit.summaries.summary(...)``: one translated when written is read
  later in the writer's language.
- ``template_text``: words in a template that sit outside ``{% translate %}``,
  ``{% blocktranslate %}`` and variables, i.e. text that would show in English whatever
  the reader's language.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "accord"

ERRORS = {"Invalid", "Forbidden", "NotFound", "Conflict", "ValidationError", "HttpError"}
SUMMARY_CALLS = {"event_record", "partnership_event_record"}
LABEL_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label"}
MESSAGE_CALLS = {"success", "error", "info", "warning"}
# Per-app shorthands ``invalid(field, message)`` that build an ``Invalid``.
FIELD_ERRORS = {"_invalid", "invalid"}


def _is_text(node: ast.AST | None) -> bool:
    """A plain string or f-string with at least one letter in its literal parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r"[A-Za-z]{2}", node.value))
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(v, ast.Constant) and re.search(r"[A-Za-z]{2}", str(v.value))
            for v in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _is_text(node.left) or _is_text(node.right)
    return False


def _is_finished_text(node: ast.AST | None) -> bool:
    """Text made in one language when written (a literal, or translated right away with
    ``_()``): for an event, which is read later by people of other languages."""
    if _is_text(node):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return True
    return isinstance(node, ast.Call) and _name(node.func) in {
        "_",
        "gettext",
        "gettext_lazy",
        "format",
        "join",
        "ngettext",
        "str",
    }


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def python_literals(root: Path = PACKAGE) -> Iterator[str]:
    for path in sorted(root.rglob("*.py")):
        parts = set(path.relative_to(root).parts)
        if parts & {"migrations", "tests", "engine", "demo"} or path.name == "cli.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                yield from _choice_labels(node, path.relative_to(root))
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            where = f"{path.relative_to(root)}:{node.lineno}"
            for k in node.keywords:
                if k.arg in LABEL_KEYWORDS and _is_text(k.value):
                    yield f"{where}: {k.arg}= with plain text"
            if name in MESSAGE_CALLS and len(node.args) >= 2 and _is_text(node.args[1]):
                yield f"{where}: messages.{name}(...) with plain text"
            if name in ERRORS:
                args = list(node.args[:2]) + [
                    k.value for k in node.keywords if k.arg in {"message", "detail"}
                ]
                if name == "HttpError":
                    args = node.args[1:2]
                if any(_is_text(a) for a in args):
                    yield f"{where}: {name}(...) with plain text"
                for k in node.keywords:
                    if k.arg == "field_errors" and isinstance(k.value, ast.Dict):
                        for v in k.value.values:
                            items = v.elts if isinstance(v, ast.List) else [v]
                            if any(_is_text(i) for i in items):
                                yield f"{where}: {name} field error with plain text"
            elif name in FIELD_ERRORS and len(node.args) >= 2:
                if _is_text(node.args[1]):
                    yield f"{where}: {name}(...) with plain text"
            elif name == "notify":
                if any(k.arg == "text" and _is_text(k.value) for k in node.keywords):
                    yield f"{where}: notify(text=...) with plain text"
            elif name in SUMMARY_CALLS:
                summary = [k.value for k in node.keywords if k.arg == "summary"]
                if name == "partnership_event_record" and len(node.args) >= 5:
                    summary.append(node.args[4])
                if any(_is_finished_text(s) for s in summary):
                    yield f"{where}: event summary with plain text (use audit.summaries.summary)"


def _choice_labels(node: ast.ClassDef, where: Path) -> Iterator[str]:
    """``X = "x", "Label"`` in a ``TextChoices``/``IntegerChoices`` class: the label shows."""
    bases = {_name(b) for b in node.bases}
    if not bases & {"TextChoices", "IntegerChoices", "Choices"}:
        return
    for item in node.body:
        if (
            isinstance(item, ast.Assign)
            and isinstance(item.value, ast.Tuple)
            and len(item.value.elts) >= 2
            and _is_text(item.value.elts[-1])
        ):
            yield f"{where}:{item.lineno}: choice label with plain text"


_BLOCKS = [
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{%\s*blocktrans(late)?\b.*?{%\s*endblocktrans(late)?\s*%}", re.S),
    re.compile(r"<script\b.*?</script>", re.S | re.I),
    re.compile(r"<style\b.*?</style>", re.S | re.I),
    re.compile(r"<svg\b.*?</svg>", re.S | re.I),
    re.compile(r"<code\b.*?</code>", re.S | re.I),
    re.compile(r"<pre\b.*?</pre>", re.S | re.I),
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"{%.*?%}", re.S),
    re.compile(r"{{.*?}}", re.S),
]
_TAG = re.compile(r"<[^>]*>", re.S)
_VISIBLE_ATTR = re.compile(r"""\b(title|placeholder|alt|aria-label)=("[^"]*"|'[^']*')""")
_WORD = re.compile(r"[A-Za-z]{2,}")
# Not words for a reader in any language: units, codes and brand names.
_ALLOWED = {
    "Accord",
    "IATI",
    "SDG",
    "SDGs",
    "API",
    "CSV",
    "XML",
    "JSON",
    "PDF",
    "ICS",
    "GAO",
    "PARTNER",
    "URL",
    "OK",
    "ID",
    "nbsp",
    "mdash",
    "ndash",
    "hellip",
    "times",
    "middot",
    "rarr",
    "larr",
    "amp",
    "quot",
    "laquo",
    "raquo",
    "lt",
    "gt",
    "copy",
    "Markdown",
    "ISO",
    "XLSX",
    "HTML",
    "RSS",
    "iCalendar",
    "ical",
    "https",
    "http",
    "www",
    "Atom",
}


def _visible_words(text: str) -> list[str]:
    attrs = []
    for match in _VISIBLE_ATTR.finditer(text):
        value = match.group(2)[1:-1]
        for block in _BLOCKS:
            value = block.sub(" ", value)
        attrs.append(value)
    for block in _BLOCKS:
        text = block.sub(" ", text)
    text = _TAG.sub(" ", text)
    words = _WORD.findall(" ".join([text, *attrs]))
    return [w for w in words if w not in _ALLOWED]


def template_text(root: Path = PACKAGE) -> Iterator[str]:
    for path in sorted(root.rglob("templates/**/*.*")):
        if path.suffix not in {".html", ".txt"} or "admin" in path.parts:
            continue
        for number, line in enumerate(
            _strip_blocks_keep_lines(path.read_text(encoding="utf-8")).splitlines(), 1
        ):
            words = _visible_words(line)
            if words:
                yield f"{path.relative_to(root)}:{number}: {' '.join(words)[:80]}"


def _strip_blocks_keep_lines(text: str) -> str:
    """Blank multi-line blocks (comments, blocktranslate, scripts) but keep line numbers."""
    for block in _BLOCKS[:8]:
        text = block.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return text


if __name__ == "__main__":
    found = [*python_literals(), *template_text()]
    print("\n".join(found))
    print(f"{len(found)} found")

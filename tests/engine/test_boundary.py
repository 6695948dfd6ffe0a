"""The engine is pure: no module under accord.engine imports Django."""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "src" / "accord" / "engine"


def test_engine_imports_no_django():
    offenders = []
    for path in ENGINE.rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.relative_to(ENGINE)}: {n}"
                for n in names
                if n.split(".")[0] == "django"
                or (n.startswith("accord.") and not n.startswith("accord.engine"))
            ]
    assert offenders == []
    assert any(ENGINE.rglob("*.py"))

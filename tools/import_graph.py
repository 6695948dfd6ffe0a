#!/usr/bin/env python3
"""Report on the import structure of the `accord` package under SRC_DIR.

Usage: python tools/import_graph.py [SRC_DIR]      (default: src)
Needs grimp (pip install grimp) and, for section 4, the `duplicates` command.

Sections: 1 cycles, 2 back-arrows against the intended layering, 3
function-local imports, 4 duplicate blocks, 5 largest modules.  Migrations are
left out everywhere.  "all imports" means every import grimp finds (module
level, inside functions, under TYPE_CHECKING); "module-level" means only those
that run when the module is imported (not inside a def, not under TYPE_CHECKING).
"""

import ast
import importlib.util
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

PKG = "accord"
# Intended layering of accord's top-level children, lowest first.
LAYERS = [
    ["engine"],
    ["accounts", "audit", "reference", "errors", "settings"],
    ["core"],
    ["notifications"],
    ["partners"],
    ["partnerships"],
    ["resources"],
    ["decisions"],
    ["results", "participation", "balance", "insights", "meetings"],
    ["web"],
    ["demo"],
    ["api", "urls", "cli", "wsgi"],
]
LAYER = {name: i for i, names in enumerate(LAYERS) for name in names}
# Layering inside an app: accord.<app>.<kind>[...], lowest first.
KIND = {
    "models": 0,
    "selectors": 1,
    "services": 2,
    "views": 3,
    "api": 3,
    "forms": 3,
    "tasks": 3,
    "admin": 3,
}


def is_migration(name):
    return ".migrations" in name or "/migrations/" in name


def module_name(path, src):
    parts = list(path.relative_to(src).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_type_checking(test):
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def scan_imports(path, module, is_pkg, known):
    """Yield (line, imported module, in_function, under_type_checking)."""
    package = module if is_pkg else module.rpartition(".")[0]

    def target(node):
        if isinstance(node, ast.Import):
            return [a.name for a in node.names]
        base = node.module or ""
        if node.level:
            stem = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join(stem + ([base] if base else []))
        subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known]
        return subs or [base]

    def walk(node, local, tc):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                for name in target(child):
                    yield child.lineno, name, local, tc
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                yield from walk(child, True, tc)
            elif isinstance(child, ast.If) and is_type_checking(child.test):
                for stmt in child.body:
                    yield from walk(ast.Module(body=[stmt], type_ignores=[]), local, True)
                for stmt in child.orelse:
                    yield from walk(ast.Module(body=[stmt], type_ignores=[]), local, tc)
            else:
                yield from walk(child, local, tc)

    yield from walk(ast.parse(path.read_text(), str(path)), False, False)


def sccs(nodes, edges):
    """Strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    succ = defaultdict(set)
    for a, b in edges:
        succ[a].add(b)

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in succ[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return sorted(out, key=lambda c: (-len(c), c))


def top(mod):
    parts = mod.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def main():
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "src").resolve()
    root = src / PKG
    sys.path.insert(0, str(src))  # resolve `accord` from SRC_DIR, not the installed one
    spec = importlib.util.find_spec(PKG)
    origin = Path(spec.origin).resolve() if spec and spec.origin else None
    if origin is None or not origin.is_relative_to(root):
        sys.exit(f"{PKG} resolves to {origin}, not inside {root}")
    import grimp

    graph = grimp.build_graph(PKG, include_external_packages=True, cache_dir=None)
    files = {module_name(p, src): p for p in sorted(root.rglob("*.py")) if not is_migration(str(p))}
    print(
        f"import graph of {PKG} at {root} (grimp {grimp.__version__ if hasattr(grimp, '__version__') else ''}); "
        f"{len(files)} modules, migrations left out"
    )

    # AST pass: every import statement, with where it stands.
    records = []  # (module, line, imported, in_function, under_type_checking)
    for mod, path in files.items():
        records.extend(
            (mod, *rec) for rec in scan_imports(path, mod, path.name == "__init__.py", files)
        )
    runtime_lines = {(m, line) for m, line, _, local, tc in records if not local and not tc}
    local_lines = {(m, line) for m, line, _, local, tc in records if local}

    # Graph edges between accord modules, with grimp's line numbers.
    edges = {}  # (importer, imported) -> sorted line numbers
    for a in files:
        for b in graph.find_modules_directly_imported_by(a):
            if b in files:
                details = graph.get_import_details(importer=a, imported=b)
                edges[(a, b)] = sorted({d["line_number"] for d in details})
    module_level = {
        e for e, lines in edges.items() if any((e[0], n) in runtime_lines for n in lines)
    }
    grimp_lines = {(a, n) for (a, _), lines in edges.items() for n in lines}
    local_accord = {
        (m, n)
        for m, n, imp, local, tc in records
        if local and not tc and imp.split(".")[0] == PKG and imp in files
    }
    print(
        f"grimp includes function-local imports: {len(local_accord & grimp_lines)} of "
        f"{len(local_accord)} function-local imports of accord modules are edges in its graph"
    )

    def tag(a, n):
        return f"{n} (local)" if (a, n) in local_lines else str(n)

    print("\n== 1. Cycles ==")
    for label, es in (("all imports", set(edges)), ("module-level imports", module_level)):
        tops = {(top(a), top(b)) for a, b in es if top(a) != top(b)}
        comps = sccs({top(m) for m in files}, tops)
        print(f"(a) top-level, {label}: {len(comps)} cycle(s)")
        for c in comps:
            print("    {" + ", ".join(c) + "}")
        print(f"(b) within apps, {label}:")
        found = False
        for app in sorted({top(m) for m in files} - {"engine", "__init__"}):
            inner = {(a, b) for a, b in es if top(a) == app == top(b)}
            for c in sccs({m for m in files if top(m) == app}, inner):
                found = True
                short = [
                    m.removeprefix(f"{PKG}.{app}.") if m != f"{PKG}.{app}" else "__init__"
                    for m in c
                ]
                print(f"    {app}: {len(c)} modules: {', '.join(short)}")
        if not found:
            print("    none")

    print("\n== 2. Back-arrows ==")
    unlayered = sorted({top(m) for m in files} - set(LAYER) - {"__init__"})
    if unlayered:
        print(f"top-level children not in the layering (ignored): {', '.join(unlayered)}")
    rows = []
    for (a, b), lines in sorted(edges.items()):
        ta, tb = top(a), top(b)
        if ta != tb and ta in LAYER and tb in LAYER and LAYER[ta] < LAYER[tb]:
            rows.append(f"    {a} -> {b}  line {', '.join(tag(a, n) for n in lines)}")
    for m, n, imp, _local, _tc in records:
        if top(m) == "engine" and imp.split(".")[0] == "django":
            rows.append(f"    {m} -> {imp}  line {tag(m, n)}  (engine imports django)")
    engine_rows = sum(" accord.engine" in r.split("->")[0] for r in rows)
    print(f"between layers: {len(rows)} (engine -> accord apps or django: {engine_rows})")
    print("\n".join(rows))
    rows = []
    for (a, b), lines in sorted(edges.items()):
        pa, pb = a.split("."), b.split(".")
        if len(pa) > 2 and len(pb) > 2 and pa[1] == pb[1] and pa[1] != "engine":
            ka, kb = KIND.get(pa[2]), KIND.get(pb[2])
            if ka is not None and kb is not None and ka < kb:
                rows.append(f"    {a} -> {b}  line {', '.join(tag(a, n) for n in lines)}")
    print(f"within apps (models < selectors < services < views/api/forms/tasks/admin): {len(rows)}")
    print("\n".join(rows))

    print("\n== 3. Function-local imports (not under TYPE_CHECKING) ==")
    local = [(m, n, imp) for m, n, imp, is_local, tc in records if is_local and not tc]
    print(f"{len(local)} import(s) in {len({m for m, _, _ in local})} file(s)")
    for m, n, imp in local:
        print(f"    {files[m].relative_to(src)}:{n}  {imp}")

    print("\n== 4. Duplicate blocks (duplicates --repo SRC/accord) ==")
    try:
        command = ["duplicates", "--repo", str(root), "--most", "200", "--seconds", "120"]
        # The workplace's own command, found on PATH; its arguments are ours.
        out = subprocess.run(command, capture_output=True, text=True, check=False).stdout  # noqa: S603
    except FileNotFoundError:
        out = "incomplete: the duplicates command is not on PATH"
    lines = out.splitlines()
    head = re.match(r"(\d+) pairs", lines[0]) if lines else None
    total = int(head.group(1)) if head else 0
    pairs = [re.findall(r"(\S+):\d+-\d+", ln)[:2] for ln in lines if re.match(r"D\d+ ", ln)]
    both = sum(all(is_migration("/" + p) for p in pr) for pr in pairs)
    one = sum(any(is_migration("/" + p) for p in pr) for pr in pairs) - both
    print(
        f"{total} pair(s); {both} with both sides in migrations, {one} with one side in migrations;"
        f" {total - both - one} outside migrations"
    )
    if len(pairs) < total:
        print(f"    (only the first {len(pairs)} rows were listed, so the split covers those)")
    for ln in lines:
        if ln.startswith(("left out:", "incomplete:")):
            print("    " + ln)

    print("\n== 5. Largest modules (lines) ==")
    sizes = sorted(
        ((len(p.read_text().splitlines()), p) for p in files.values()), key=lambda t: -t[0]
    )
    for count, p in sizes[:5]:
        print(f"    {count:6d}  {p.relative_to(src)}")


if __name__ == "__main__":
    main()

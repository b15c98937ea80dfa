"""The io modules import each other without a circle, lazy imports inside functions included.

A circle held together by an import inside a function works until someone moves that
import to the top of its module; this reads every ``import`` statement of ``newssift/io``
(at any depth) and looks for one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import newssift.io

IO_DIR = Path(newssift.io.__file__).parent
PACKAGE = "newssift.io"


def _io_imports(path: Path, modules: set[str]) -> set[str]:
    """The io modules that the file ``path`` imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            # ``from newssift.io import storage`` imports the module storage
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        else:
            continue
        found.update(n for n in names if n in modules)
    return found


def import_graph() -> dict[str, set[str]]:
    files = {f"{PACKAGE}.{p.stem}": p for p in IO_DIR.glob("*.py") if p.stem != "__init__"}
    return {name: _io_imports(path, set(files)) - {name} for name, path in files.items()}


def find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of ``graph`` as a list of names (first == last), or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_finder_sees_a_lazy_circle():
    assert find_circle({"a": {"b"}, "b": {"a"}, "c": set()}) == ["a", "b", "a"]
    assert find_circle({"a": {"b"}, "b": set()}) is None


def test_graph_reads_the_writers_edges():
    graph = import_graph()
    assert f"{PACKAGE}.storage" in graph[f"{PACKAGE}.writers"]
    # arrays turns read failures into one line with the writers' reading_part (lazily)
    assert f"{PACKAGE}.writers" in graph[f"{PACKAGE}.arrays"]


def test_no_import_circle_in_io():
    assert find_circle(import_graph()) is None

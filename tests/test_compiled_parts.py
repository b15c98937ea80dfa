"""setup.py and the C sources must agree: every extension is optional, so a wrong path in
setup.py only prints a warning at install and the Python twin runs silently. This contract
test makes such a slip fail instead (one had a module's source written with dots)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from tests.conftest import can_build_c

REPO = Path(__file__).resolve().parents[1]


def _extensions() -> dict[str, list[str]]:
    """Module name -> sources, read from setup.py's Extension(...) calls."""
    tree = ast.parse((REPO / "setup.py").read_text())
    out: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Extension":
            name, sources = node.args[0], node.args[1]
            out[ast.literal_eval(name)] = ast.literal_eval(sources)
    return out


def test_every_c_source_is_built_under_its_own_module_name() -> None:
    exts = _extensions()
    c_files = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "src").rglob("*.c"))
    assert sorted(s for srcs in exts.values() for s in srcs) == c_files
    for module, sources in exts.items():
        (source,) = sources
        assert source == "src/" + module.replace(".", "/") + ".c", (module, source)


def test_make_setup_rebuilds_when_any_c_source_changes() -> None:
    # `make setup` rebuilds only when a prerequisite of $(VENV)/.installed is newer: a C
    # source missing from that list (as _lid.c was) keeps a stale .so after an edit
    make = (REPO / "Makefile").read_text().replace("\\\n", " ")
    target = next(line for line in make.splitlines() if line.startswith("$(VENV)/.installed:"))
    prerequisites = set(target.split(":", 1)[1].split())
    assert {s for srcs in _extensions().values() for s in srcs} <= prerequisites


@pytest.mark.skipif(not can_build_c(), reason="no C compiler or Python headers")
@pytest.mark.parametrize("module", sorted(_extensions()))
def test_compiled_part_is_built_where_a_compiler_is(module: str) -> None:
    """`make setup` builds every part in place; failing here means a stale or broken build."""
    importlib.import_module(module)

"""execute/pattern_cache: patterns built from stored compilations equal re's own, and a
file of another build, a damaged file or an unwritable place only mean compiling as usual."""

from __future__ import annotations

import marshal
import re
from pathlib import Path
from re import _compiler

import pytest

from newssift.execute import pattern_cache
from newssift.execute.pattern_cache import PatternCache

PATTERNS = [
    (r"(?P<day>\d{1,2}) (?P<month>[A-Z][a-z]+)\b", 0),
    (r"^\s*(?:by|von|par)\s+(.+?)\s*$", re.IGNORECASE | re.MULTILINE),
    (r"[\u2018\u2019'](\w+)[\u2018\u2019']", re.UNICODE),
    (rb"\x1b\[[0-9;]*m", 0),
    (r"(a)|(?P<b>b)(?(1)x|y)", re.VERBOSE),
    (r"caf\u00e9s?", re.IGNORECASE),
    ("[^\\W\\d_]{2,}(?:-[^\\W\\d_]+)*", 0),
]


@pytest.fixture
def cache_file(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(pattern_cache, "SAVE_AFTER", 1)
    return tmp_path / "cache" / "patterns.marshal"


def _compile_all(cache: PatternCache) -> list[re.Pattern]:
    cache.install()
    try:
        return [_compiler.compile(p, f) for p, f in PATTERNS]
    finally:
        cache.uninstall()


def test_patterns_from_the_file_equal_res_own(cache_file: Path) -> None:
    first = PatternCache(str(cache_file))
    made = _compile_all(first)
    assert first.added == len(PATTERNS) and first.hits == 0
    first.save()
    assert cache_file.exists()

    again = PatternCache(str(cache_file))
    got = _compile_all(again)
    assert again.hits == len(PATTERNS) and again.added == 0
    for (p, f), a, b in zip(PATTERNS, got, made, strict=True):
        want = _compiler.compile(p, f)  # re's own compilation (the cache is uninstalled)
        assert a == want == b  # Pattern equality: pattern, flags and code
        assert (a.groups, a.groupindex, a.flags) == (want.groups, want.groupindex, want.flags)
    assert got[0].match("3 March").group("month") == "March"
    assert got[1].findall("by Anna Berg\nVON Karl") == ["Anna Berg", "Karl"]


def test_other_builds_damaged_files_and_unwritable_places_compile_as_usual(
    cache_file: Path, tmp_path: Path
) -> None:
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(marshal.dumps(("another-build", {(PATTERNS[0][0], 0): (0,)})))
    assert PatternCache(str(cache_file)).table == {}
    cache_file.write_bytes(b"\x00not marshal")
    damaged = PatternCache(str(cache_file))
    assert damaged.table == {}
    assert [p.pattern for p in _compile_all(damaged)] == [p for p, _ in PATTERNS]
    bad = PatternCache(str(cache_file))
    bad.table[(PATTERNS[0][0], 0)] = (0, [1, 2, 3], 0, {}, ())  # no valid code
    assert _compile_all(bad)[0] == _compiler.compile(*PATTERNS[0])
    assert bad.hits == 0
    blocked = tmp_path / "file"
    blocked.write_text("in the way")
    nowhere = PatternCache(str(blocked / "patterns.marshal"))
    _compile_all(nowhere)
    nowhere.save()  # the folder cannot be made: nothing written, no error
    assert blocked.read_text() == "in the way"


def test_debug_and_compiled_patterns_pass_through(cache_file: Path) -> None:
    cache = PatternCache(str(cache_file))
    cache.install()
    try:
        parsed = re._parser.parse("ab+", 0)
        assert _compiler.compile(parsed, 0).match("abb")  # not a string: not cached
    finally:
        cache.uninstall()
    assert cache.added == 0

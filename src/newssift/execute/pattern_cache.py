"""Compiled regular expressions kept across runs: a run's start-up without ~350 compilations.

The modules of a run compile about 350 regular expressions when imported or first used (the
stages' rules, ftfy's tables): ~0.1 s of every run's start-up, on one core while the other
waits (the pool's workers fork after it and inherit the compiled patterns). :mod:`re`
compiles a pattern in two steps: its parser and code generator, pure Python and all of that
time, turn the pattern into a list of opcodes, and ``_sre.compile`` builds the pattern object
from that list in microseconds. The list depends only on the pattern, its flags and the
Python build. So :class:`PatternCache` keeps, per build, each pattern's arguments to
``_sre.compile`` in one file (``$XDG_CACHE_HOME/newssift/``, ``~/.cache/newssift/`` by
default): a pattern found there is built from them; any other is compiled as usual, its
arguments recorded on the way, and the file rewritten when the command ends.

The pattern objects are those ``re.compile`` gives: the same arguments reach the same
constructor (``re.Pattern`` objects compare equal on pattern, flags and code, which the tests
check). The file is keyed by the Python build (``sys.hexversion``, ``_sre.MAGIC``), so
another interpreter never reads it; a missing, unreadable or foreign file, or one that
cannot be written, only means compiling as usual. Installed by the ``newssift`` process
entry (:func:`newssift.cli.entry`), never by a program importing newssift.
"""

from __future__ import annotations

import _sre
import contextlib
import marshal
import os
import sys
from re import _compiler

#: What a file must have been written by: this interpreter's build and regex engine.
BUILD = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}-{_sre.CODESIZE}"

#: Patterns kept at most (a command compiling patterns built from its input does not grow
#: the file without bound; a run compiles ~350).
MAX_PATTERNS = 4000

#: New patterns that make :meth:`PatternCache.save` rewrite the file. A few differ in every
#: process (the standard library's tokenize pattern, a library's alternation of tag names,
#: both built from a set, whose order follows the string hash seed): they are compiled each
#: time, not written each time.
SAVE_AFTER = 16


def default_path() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "newssift", f"patterns-{BUILD}.marshal")


class _Recorder:
    """``_sre`` for :mod:`re._compiler` while one pattern compiles: every call passes
    through; the arguments of ``compile`` are kept."""

    def __init__(self, real) -> None:
        self._real = real
        self.args: tuple | None = None

    def compile(self, *args):
        self.args = args
        return self._real.compile(*args)

    def __getattr__(self, name: str):
        return getattr(self._real, name)


class PatternCache:
    """The stored compilations of one Python build (see the module docstring)."""

    def __init__(self, path: str | None = None) -> None:
        self.path = path or default_path()
        self.table: dict[tuple, tuple] = self._load()
        self.hits = 0
        self.added = 0
        self._original = None

    def _load(self) -> dict[tuple, tuple]:
        try:
            with open(self.path, "rb") as fh:
                data = marshal.load(fh)
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        if (isinstance(data, tuple) and len(data) == 2 and data[0] == BUILD
                and isinstance(data[1], dict)):
            return data[1]
        return {}

    def install(self) -> None:
        """Compile through the table from now on (``re._compiler.compile`` wrapped)."""
        if self._original is not None:
            return
        original = self._original = _compiler.compile
        table = self.table
        debug = _compiler.SRE_FLAG_DEBUG

        def compile(p, flags=0):
            if type(p) not in (str, bytes) or flags & debug:
                return original(p, flags)
            key = (p, int(flags))
            hit = table.get(key)
            if hit is not None:
                try:
                    pattern = _sre.compile(p, *hit)
                except Exception:  # a damaged entry (the engine validates the code)
                    del table[key]
                else:
                    self.hits += 1
                    return pattern
            recorder = _Recorder(_sre)
            _compiler._sre = recorder
            try:
                pattern = original(p, flags)
            finally:
                _compiler._sre = _sre
            args = recorder.args
            if args is not None and args[0] is p and len(table) < MAX_PATTERNS:
                final_flags, code, groups, groupindex, indexgroup = args[1:]
                # plain types, as the file stores them (opcodes are named int constants, flags
                # may be a RegexFlag)
                table[key] = (int(final_flags), [int(c) for c in code], int(groups),
                              {str(k): int(v) for k, v in groupindex.items()},
                              tuple(indexgroup))
                self.added += 1
            return pattern

        _compiler.compile = compile

    def uninstall(self) -> None:
        if self._original is not None:
            _compiler.compile = self._original
            self._original = None

    def save(self) -> None:
        """Rewrite the file when :data:`SAVE_AFTER` patterns or more were added
        (atomically; any error ignored)."""
        if self.added < SAVE_AFTER:
            return
        tmp = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(tmp, "wb") as fh:
                marshal.dump((BUILD, self.table), fh)
            os.replace(tmp, self.path)
            self.added = 0
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                os.remove(tmp)

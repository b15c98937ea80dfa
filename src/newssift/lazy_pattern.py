"""A regular expression compiled on first use.

Compiling a pattern costs import time in every process, also for patterns a run may never
reach: the cleaner's whole-line tables, which clean/rules.py matches through one union or
folded pattern built from their ``.pattern``, and the quote rules' name patterns that hold
the large class of capitals of :mod:`newssift.vocab.letters` (~1.5 ms each to compile) and
that few stories reach. A :class:`LazyPattern` has the same pattern, flags and matches as
``re.compile(pattern, flags)`` and compiles when first used.
"""

from __future__ import annotations

import re


class LazyPattern:
    """A regular expression compiled on first use (import cost only: same pattern, same
    flags, same matches as ``re.compile(pattern, flags)``). ``.pattern`` and ``.flags`` are
    read without compiling; any other attribute compiles the pattern once and puts its
    methods on the instance. A call through those costs ~40 ns more than through a compiled
    pattern, so patterns matched line by line on every document stay compiled at import."""

    _METHODS = ("match", "search", "fullmatch", "sub", "subn", "split", "findall", "finditer")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        # what re.compile reports for a str pattern (re.UNICODE unless re.ASCII is given)
        self.flags = flags if flags & re.ASCII else flags | re.UNICODE

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet)."""
        c = self.__dict__.get("_compiled")
        if c is None:
            c = re.compile(self.pattern, self.flags)
            for name in self._METHODS:
                setattr(self, name, getattr(c, name))
            self._compiled = c
        return c

    def __getattr__(self, name: str):
        if name.startswith("__") or name == "_compiled":
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __reduce__(self):
        return (LazyPattern, (self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern[:40]!r}..., flags={self.flags})"

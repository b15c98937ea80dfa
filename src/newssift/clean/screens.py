"""Screens derived from patterns: the literal strings one of which every match contains.

A keyword screen ("does the line hold any of these strings?") in front of a costly pattern
clears most lines with one cheap search, but a screen typed by hand must be kept in step with
its pattern: add an alternative and forget its keyword, and the alternative never fires. Here
the screen is read off the pattern itself, from the parse tree of Python's own regex compiler,
so it covers every alternative by construction, and a pattern from which no screen can be read
fails at import, not silently.
"""

from __future__ import annotations

import re
import re._constants as C
import re._parser as P

#: A branch of pure literals multiplies the strings tracked; past this many, stop extending.
_MAX_SET = 64


def _literals(items) -> set[str] | None:
    """Every string a sequence of literals and literal branches can match, or None."""
    out = {""}
    for op, av in _flatten(items):
        if op is C.LITERAL:
            out = {s + chr(av) for s in out}
        elif op is C.AT:
            continue
        elif op is C.BRANCH:
            alts = [_literals(b) for b in av[1]]
            if any(a is None for a in alts):
                return None
            out = {s + a for s in out for alt in alts for a in alt}
        else:
            return None
        if len(out) > _MAX_SET:
            return None
    return out


def _flatten(items):
    """Items of a sequence with plain groups spliced in (a group matches exactly once)."""
    for op, av in items:
        if op is C.SUBPATTERN:
            yield from _flatten(av[-1])
        else:
            yield op, av


def _best(cands: list[frozenset[str]]) -> frozenset[str] | None:
    cands = [c for c in cands if c and all(c)]
    if not cands:
        return None
    return max(cands, key=lambda c: (min(len(s) for s in c), -len(c)))


def _needles(items) -> frozenset[str] | None:
    cands: list[frozenset[str]] = []
    run: set[str] = {""}

    def close() -> None:
        nonlocal run
        cands.append(frozenset(run))
        run = {""}

    for op, av in _flatten(items):
        if op is C.LITERAL:
            run = {s + chr(av) for s in run}
        elif op is C.AT:
            continue  # zero-width: \b, ^, $ neither add nor break a literal run
        elif op is C.BRANCH:
            branches = av[1]
            lits = _literals([(op, av)])
            if lits is not None and len(run) * len(lits) <= _MAX_SET:
                run = {s + lit for s in run for lit in lits}
                continue
            close()
            subs = [_needles(b) for b in branches]
            if all(s is not None for s in subs):
                cands.append(frozenset().union(*subs))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, _hi, sub = av
            close()
            if lo >= 1:
                inner = _needles(sub)
                if inner is not None:
                    cands.append(inner)
        else:  # character classes, any, back-references, lookarounds: no literal here
            close()
    close()
    return _best(cands)


def screen_keys(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Strings one of which every match of ``pattern`` contains, sorted.

    Raises ValueError when some alternative has no literal to screen on (a pattern like
    ``\\w+``); such a pattern needs no screen or a hand-written one.
    """
    if pattern.flags & re.IGNORECASE:
        raise ValueError("screen_keys reads case-sensitive patterns only")
    keys = _needles(P.parse(pattern.pattern, pattern.flags))
    if keys is None:
        raise ValueError(f"no literal screen for pattern {pattern.pattern[:60]!r}")
    # a key that contains another key screens nothing the shorter one does not
    return tuple(sorted(k for k in keys if not any(o != k and o in k for o in keys)))

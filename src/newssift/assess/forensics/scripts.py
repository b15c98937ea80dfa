"""Fallback for the ``foreign_script`` flag: a word in another script inside a Latin-script line.

Why: machine-translated copies keep untranslated source words — the seed page has a
Bengali "বাণিজ্য" inside an English headline. The language engineer's
``newssift.assess.language.script_mixing`` is the authoritative detector; this module
runs only when that one is not installed, so the flag exists either way. It is
conservative: only non-Latin words inside lines that are Latin by a wide margin, never
inside parentheses or quotes (a name given in its own script, "Xi Jinping (习近平)"),
never Greek (science news writes "β-amyloid") nor letter-like signs ("µ", "º"), and
only words of two letters or more.
"""

from __future__ import annotations

import re
import unicodedata

from newssift.assess.forensics.view import DocView, flag_at
from newssift.record import Flag

RULE = "script_mixing_fallback/v1"
NAME = "foreign_script"
#: unicodedata name prefixes of letter-like signs that are no script ("µ", "º")
_NOT_SCRIPTS = frozenset({"MICRO", "MASCULINE", "FEMININE", "GREEK", "MODIFIER", "SUPERSCRIPT"})
_WORD = re.compile(r"[^\s\d.,;:!?()\[\]{}\"“”‘’«»/|–—-]+")


def script_of(word: str) -> str | None:
    for ch in word:
        if ch.isalpha():
            try:
                return unicodedata.name(ch).split()[0]
            except ValueError:
                return None
    return None


def detect(view: DocView) -> list[Flag]:
    flags = []
    for line in view.all_lines:
        words = [(m, script_of(m.group())) for m in _WORD.finditer(line.text)]
        words = [(m, s) for m, s in words if s]
        latin = sum(1 for _, s in words if s == "LATIN")
        if latin < 5 or latin / max(len(words), 1) < 0.85:
            continue
        for m, s in words:
            if s == "LATIN" or s in _NOT_SCRIPTS or sum(c.isalpha() for c in m.group()) < 2:
                continue
            before = line.text[: m.start()]
            if before.count("(") > before.count(")") or before.count("“") > before.count("”"):
                continue
            flags.append(
                flag_at(
                    NAME,
                    RULE,
                    line,
                    1.0,
                    1.0,
                    span=m.span(),
                    note=f"{s.title()} word in a Latin line",
                )
            )
    return flags

"""The bar a ``foreign_script`` word must pass to count as content-farm evidence.

Why: machine-translated copies keep untranslated source words — the seed page has a
Bengali "বাণিজ্য" inside an English headline. The language module's
``newssift.assess.language.script_mixing`` finds words in unexpected scripts;
:func:`newssift.assess.assess` keeps each of its flags only if :func:`is_evidence` agrees,
because a farm signal must be conservative: only non-Latin words inside lines that are
Latin by a wide margin, never inside parentheses or quotes (a name given in its own
script, "Xi Jinping (习近平)"), never Greek (science news writes "β-amyloid") nor
letter-like signs ("µ", "º"), and only words of two letters or more. :func:`detect`
applies the same bar on its own (rule ``script_mixing_fallback/v1``), for use without
the language module.
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
    if word.isascii():
        return "LATIN" if any(c.isalpha() for c in word) else None
    for ch in word:
        if ch.isalpha():
            try:
                return unicodedata.name(ch).split()[0]
            except ValueError:
                return None
    return None


def _latin_words(text: str) -> tuple[int, int]:
    """(Latin words, words with a script) of a line."""
    latin = total = 0
    for m in _WORD.finditer(text):
        sc = script_of(m.group())
        if sc:
            total += 1
            latin += sc == "LATIN"
    return latin, total


def is_evidence(text: str, start: int, end: int) -> bool:
    """Is the word at ``text[start:end]`` a foreign-script word worth a flag?

    Used on our own candidates and to filter the language module's ``foreign_script``
    flags, so that both obey the same conservative bar: a non-Latin script that is a
    real script, two letters or more, not in parentheses or quotes, inside a line with
    five or more Latin words that make up at least 85% of its words.
    """
    word = text[start:end]
    sc = script_of(word)
    if sc is None or sc == "LATIN" or sc in _NOT_SCRIPTS:
        return False
    if sum(c.isalpha() for c in word) < 2:
        return False
    before = text[:start]
    if before.count("(") > before.count(")") or before.count("“") > before.count("”"):
        return False
    latin, total = _latin_words(text)
    return latin >= 5 and latin / max(total, 1) >= 0.85


def detect(view: DocView) -> list[Flag]:
    flags = []
    for line in view.all_lines + view.dropped_at("inside"):
        if line.text.isascii():
            continue
        for m in _WORD.finditer(line.text):
            if m.group().isascii() or not is_evidence(line.text, m.start(), m.end()):
                continue
            note = f"{script_of(m.group()).title()} word in a Latin line"
            flags.append(flag_at(NAME, RULE, line, 1.0, 1.0, span=m.span(), note=note))
    return flags

"""Language of a document and of its lines, and words written in a script foreign to it.

Why: a corpus builder filters by language, and a copied-and-translated page betrays itself
by stray words in another script (the seed page's Bengali word inside an English
headline). Identification itself (which model, loaded when, the one decision per
document) lives in :mod:`newssift.langid`; this module re-exports
:func:`~newssift.langid.detect_language` and adds per-line identification.

Script mixing relies on Unicode script properties only: every letter has a script
(Latin, Cyrillic, Bengali, Han ...); each language has a set of expected scripts; a word
whose letters are in a script outside that set — and outside the document's own main
script — is flagged with its place. Latin is tolerated in every language (brand names,
acronyms and URLs are Latin everywhere), digits, punctuation, symbols and combining marks
belong to no script, so numbers, quotes and accented Latin names are never flagged.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import regex

from newssift.langid import UNKNOWN, backend_label, detect_language
from newssift.record import Flag

__all__ = ["UNKNOWN", "backend", "detect_language", "line_languages", "script_mixing"]
RULE = "script_mixing/v1"
#: Above this share of foreign-script words the text is bilingual, not a stray word.
MAX_FOREIGN_SHARE = 0.3
MAX_FLAGS = 20
#: Lines with fewer letters than this get ``UNKNOWN`` from :func:`line_languages`.
MIN_LINE_LETTERS = 3

def backend() -> str:
    """Name of the identifier in use (``"fasttext-lid.176"`` or ``"py3langid"``)."""
    return backend_label()


def line_languages(lines: Iterable[str]) -> list[tuple[str, float]]:
    """:func:`detect_language` of each line; lines with under 3 letters are ``"und"``."""
    out: list[tuple[str, float]] = []
    for line in lines:
        if sum(1 for c in line if c.isalpha()) < MIN_LINE_LETTERS:
            out.append((UNKNOWN, 0.0))
        else:
            out.append(detect_language(line))
    return out


# Expected scripts per language (ISO 639-1). Languages not listed expect only the
# document's own main script (and Latin, tolerated everywhere).
_CYRILLIC = ("ru", "uk", "bg", "be", "mk", "kk", "ky", "mn", "tg", "tt", "ba", "cv", "ce", "os")
_ARABIC = ("ar", "fa", "ur", "ps", "ug", "ku", "sd", "ckb")
EXPECTED_SCRIPTS: dict[str, frozenset[str]] = {
    **{lang: frozenset({"Cyrillic"}) for lang in _CYRILLIC},
    **{lang: frozenset({"Arabic"}) for lang in _ARABIC},
    "sr": frozenset({"Cyrillic", "Latin"}),
    "el": frozenset({"Greek"}),
    "he": frozenset({"Hebrew"}),
    "yi": frozenset({"Hebrew"}),
    "hi": frozenset({"Devanagari"}),
    "mr": frozenset({"Devanagari"}),
    "ne": frozenset({"Devanagari"}),
    "sa": frozenset({"Devanagari"}),
    "bn": frozenset({"Bengali"}),
    "as": frozenset({"Bengali"}),
    "pa": frozenset({"Gurmukhi"}),
    "gu": frozenset({"Gujarati"}),
    "or": frozenset({"Oriya"}),
    "ta": frozenset({"Tamil"}),
    "te": frozenset({"Telugu"}),
    "kn": frozenset({"Kannada"}),
    "ml": frozenset({"Malayalam"}),
    "si": frozenset({"Sinhala"}),
    "th": frozenset({"Thai"}),
    "lo": frozenset({"Lao"}),
    "km": frozenset({"Khmer"}),
    "my": frozenset({"Myanmar"}),
    "ka": frozenset({"Georgian"}),
    "hy": frozenset({"Armenian"}),
    "am": frozenset({"Ethiopic"}),
    "ti": frozenset({"Ethiopic"}),
    "bo": frozenset({"Tibetan"}),
    "dz": frozenset({"Tibetan"}),
    "zh": frozenset({"Han"}),
    "ja": frozenset({"Han", "Hiragana", "Katakana"}),
    "ko": frozenset({"Hangul", "Han"}),
    "dv": frozenset({"Thaana"}),
}
#: Scripts of Latin-alphabet languages (everything else among ISO 639-1 codes).
LATIN = frozenset({"Latin"})
ALWAYS_TOLERATED = frozenset({"Latin"})
#: Short words of these scripts are symbols, not words (μ, β, Δx in any language).
SYMBOL_LETTERS = {"Greek": 2}

_SCRIPTS = (
    "Latin Cyrillic Greek Arabic Hebrew Devanagari Bengali Gurmukhi Gujarati Oriya Tamil "
    "Telugu Kannada Malayalam Sinhala Thai Lao Khmer Myanmar Georgian Armenian Ethiopic "
    "Tibetan Han Hiragana Katakana Hangul Thaana Syriac Mongolian Cherokee Canadian_Aboriginal"
).split()
_SCRIPT_PATTERNS = [(name, regex.compile(rf"\p{{Script={name}}}")) for name in _SCRIPTS]
_NO_SCRIPT = regex.compile(r"[\p{Script=Common}\p{Script=Inherited}]")


@lru_cache(maxsize=65536)
def script_of(char: str) -> str | None:
    """Unicode script of a letter (``"Latin"``, ``"Bengali"``, ``"Han"`` ...), None otherwise.

    Uses the Unicode ``Script`` property; characters of the Common and Inherited scripts
    (digits, punctuation, the Japanese long-vowel mark, combining accents) and non-letters
    have no script here. A letter of an unlisted script is named after its Unicode name.
    """
    if not char.isalpha() or _NO_SCRIPT.match(char):
        return None
    for name, pattern in _SCRIPT_PATTERNS:
        if pattern.match(char):
            return name
    try:
        return unicodedata.name(char).split()[0].capitalize()
    except ValueError:
        return None


_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*")
_NON_LATIN_LETTER = regex.compile(r"[\p{L}--[\p{Script=Latin}\p{Script=Common}]]", regex.V1)
#: Runs of non-ASCII characters. An ASCII character is never a non-Latin letter (its letters
#: are Latin), and the class above looks at one character at a time, so searching the text's
#: non-ASCII characters alone gives the same answer, without the slow set class on the rest.
_NON_ASCII = regex.compile(r"[^\x00-\x7f]+")


def has_non_latin_letter(text: str) -> bool:
    """``_NON_LATIN_LETTER.search(text)`` found something (the test of
    :func:`script_mixing`), asked of the text's non-ASCII characters only."""
    return _NON_LATIN_LETTER.search("".join(_NON_ASCII.findall(text))) is not None


@lru_cache(maxsize=262144)
def _word_script(word: str) -> str | None:
    """The script of most letters of ``word`` (first seen wins ties)."""
    if word.isascii():
        return "Latin"
    counts = Counter(s for s in map(script_of, word) if s)
    return counts.most_common(1)[0][0] if counts else None


def script_mixing(text: str, language: str | None) -> list[Flag]:
    """One ``foreign_script`` flag per word written in a script the text should not use.

    Expected scripts are those of ``language`` plus the text's own main script plus Latin.
    Each flag locates its word (line index, character span in ``text``); ``value`` is the
    share of such words among the text's words; ``threshold`` is :data:`MAX_FOREIGN_SHARE`,
    above which the text counts as bilingual and nothing is flagged.
    """
    if not text or text.isascii() or not has_non_latin_letter(text):
        return []  # Latin is tolerated everywhere: nothing can be foreign (ASCII is Latin)
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    scripts = [_word_script(w) for _, _, w in words]
    known = [s for s in scripts if s]
    if not known:
        return []
    main = Counter(known).most_common(1)[0][0]
    expected = set(EXPECTED_SCRIPTS.get((language or "").lower(), LATIN if language else ()))
    expected |= ALWAYS_TOLERATED | {main}
    foreign = [
        (start, end, word)
        for (start, end, word), script in zip(words, scripts, strict=True)
        if script and script not in expected and len(word) > SYMBOL_LETTERS.get(script, 0)
    ]
    if not foreign:
        return []
    share = len(foreign) / len(known)
    if share > MAX_FOREIGN_SHARE:
        return []
    flags = []
    for start, end, word in foreign[:MAX_FLAGS]:
        flags.append(
            Flag(
                name="foreign_script",
                rule=RULE,
                value=share,
                threshold=MAX_FOREIGN_SHARE,
                line=text.count("\n", 0, start),
                start=start,
                end=end,
                text=word,
            )
        )
    return flags

"""Translation notes in credit lines: "French version …", "translated from the German by …".

A wire story's credits may say the text went through another language ("(Vladimir Soldkin,
French version Caroline Peelys and Blandine Hanault)"). The news parser reports the note as
written; the wire forensics compare the language it names with the page's own. Both read the
one pattern here, so a new form of note is recognised by both at once.
"""

from __future__ import annotations

import re

#: Language names, English and native forms -> ISO 639-1.
LANGUAGES: dict[str, str] = {
    "english": "en",
    "anglaise": "en",
    "inglés": "en",
    "englische": "en",
    "french": "fr",
    "française": "fr",
    "francaise": "fr",
    "français": "fr",
    "französische": "fr",
    "francés": "fr",
    "german": "de",
    "deutsche": "de",
    "deutsch": "de",
    "allemande": "de",
    "alemán": "de",
    "spanish": "es",
    "española": "es",
    "español": "es",
    "espagnole": "es",
    "spanische": "es",
    "italian": "it",
    "italiana": "it",
    "portuguese": "pt",
    "portuguesa": "pt",
    "russian": "ru",
    "arabic": "ar",
    "chinese": "zh",
    "japanese": "ja",
    "korean": "ko",
    "dutch": "nl",
    "polish": "pl",
    "turkish": "tr",
    "hindi": "hi",
    "bengali": "bn",
    "urdu": "ur",
}
_LANG = "|".join(sorted((re.escape(k) for k in LANGUAGES), key=len, reverse=True))

#: A note that the text is, or comes from, a version in some language. Group ``lang`` (any of
#: ``a``-``d``) holds the language when the note names one.
TRANSLATION_NOTE = re.compile(
    rf"\b(?:(?P<a>{_LANG})\s+(?:version|translation|edition|text|desk|service|fassung)"
    rf"|(?:version|versión|versione|fassung|édition)\s+(?:en\s+|in\s+)?(?P<b>{_LANG})"
    r"|version originale|versión original"
    rf"|translated\s+from\s+(?:the\s+)?(?P<c>{_LANG})(?:\s+by)?"
    rf"|translated\s+by|translation\s*(?:by|:)"
    r"|traduction|traducción|übersetzung)\b",
    re.IGNORECASE,
)


def note_language(m: re.Match[str]) -> tuple[str | None, str | None]:
    """(language as written, its ISO code) named by a :data:`TRANSLATION_NOTE` match."""
    named = m.group("a") or m.group("b") or m.group("c")
    return named, (LANGUAGES.get(named.lower()) if named else None)

"""Where an indirect attribution's content ends: both readings run it to the sentence's end,
which in news copy often goes on past what was said: "…said he would go, adding that …",
"…the driver fired on the crowd, according to the police"; and give back an article
read as a cue's object where the cue takes none ("said the council would …").

The ends are cut after the direct quotes' speakers are read (the continuation of a quote
reads an attribution's span), so cutting them moves no direct quote's speaker. One regular
expression search over each content: linear in the content's length.
"""

from __future__ import annotations

import re

from newssift.news.quotes.cues import INDIRECT_CUES, OBJECT_CUES, PARTICIPLES
from newssift.news.quotes.indirect import has_words
from newssift.news.quotes.words import FINITE
from newssift.record import Quote

#: participles of the speaker's that end a content after a comma: the first reading's
#: (cues.PARTICIPLES) but those that as often go on with the content's own subject
#: (cutting at "warning", "claiming", "suggesting", "acknowledging" lost a PolNeAR train
#: content), and "citing", "pointing", "calling"
_END_PARTICIPLES = (PARTICIPLES - {"warning", "claiming", "suggesting", "acknowledging"}
                    | {"citing", "pointing", "calling"})
#: where a content stops: a comma before such a participle ("…, adding that …", "…, citing
#: …") or before an attribution of its own ("…, according to X"). Cuts at "but" or "and"
#: before a second verb, and at "despite" or "even though", were tried on PolNeAR train and
#: gained as many contents as they lost (the verb or the concession is as often the
#: content's own)
_END = re.compile(r",\s+(?:" + "|".join(sorted(_END_PARTICIPLES)) + r"|according to)\b")
#: a comma and a finite verb: the predicate a parenthetical "…, according to X," stood in
_PREDICATE = re.compile(r",\s+(?:" + "|".join(sorted(FINITE, key=len, reverse=True)) + r")\b")

#: an article the first reading passed over after a cue, as if it opened the cue's object
#: ("told the crowd"), where the cue takes none: "said the council would …". (Giving back
#: capitalised words too, "said the Senate would …", was measured in session 25 (q32): train
#: P 0.8242 -> 0.8251, R 0.2715 -> 0.2719, but +0.6 % of the news stage's instructions, one
#: look back per content; left out)
_ARTICLE_AFTER_CUE = re.compile(r"(\w+) (?:the|a|an) $")
_ARTICLES = (" the ", " a ", " an ")
_NO_OBJECT = INDIRECT_CUES - OBJECT_CUES


#: the longest content kept (PolNeAR train's longest read is 540 characters): a longer one
#: is a run-on sentence or a list read as one ("The goal, he said, …" with no full stop
#: for pages on end), no clause of reported speech
MAX_CONTENT = 1000


def trim_contents(text: str, indirect: list[Quote]) -> list[Quote]:
    """The attributions whose content, once cut, holds :data:`MAX_CONTENT` characters or
    fewer. Cut each content at its first :data:`_END` that leaves four words or more before it
    and opens no parenthetical (a phrase whose next comma is followed by a finite verb:
    "the plan for the town, according to its authors, would save …" is not cut there, its
    predicate comes after), and give back the article a cue that takes no object was read
    to have ("said the council …"). Each match reads on to the next comma only: linear in
    the content's length."""
    for q in indirect:
        if text.endswith(_ARTICLES, 0, q.start):
            m = _ARTICLE_AFTER_CUE.search(text, max(0, q.start - 24), q.start)
            if m is not None and m[1].lower() in _NO_OBJECT:
                q.start = m.start() + len(m[1]) + 1
                q.text = text[q.start:q.end]
        if _OPENING.search(q.text) is not None:
            _close_marks(text, q)
        if "," not in q.text:
            continue
        for m in _END.finditer(q.text):
            if not has_words(q.text, 0, m.start(), 4):
                continue  # (too little left: the next one may do)
            c = q.text.find(",", m.end())
            if c >= 0 and _PREDICATE.match(q.text, c):
                continue  # a parenthetical: "the plan, according to its authors, would …"
            q.text = q.text[:m.start()].rstrip(" ,;:—–")
            q.end = q.start + len(q.text)
            break
    return [q for q in indirect if len(q.text) <= MAX_CONTENT]


#: double quotation marks, each with its closer ('"' closes itself)
_PAIRS = (('"', '"'), ("“", "”"), ("«", "»"), ("「", "」"), ("『", "』"))
_OPENING = re.compile("[" + "".join(o for o, _ in _PAIRS) + "]")


def _close_marks(text: str, q: Quote) -> None:
    """End a content that opens a quotation and stops inside it ('would have to "go more
    to the center' before '," Kemp said') after the quote's closing mark, when the mark
    follows within a stop or two: the content holds the quoted words whole, not half a
    quote (they are a direct quote too: the two may overlap)."""
    t = q.text
    for o, c in _PAIRS:
        if o not in t or (t.count(o) % 2 == 0 if o == c else t.count(o) <= t.count(c)):
            continue
        j = q.end
        while j < q.end + 2 and j < len(text) and text[j] in ",.;:!?":
            j += 1
        if j < len(text) and text[j] == c:
            q.end = j + 1
            q.text = text[q.start:q.end]
        return

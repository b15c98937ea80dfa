"""Indirect attributions: "X said (that) …", "According to X, …", "…, X said.",
"X did Y, saying …", read from the sentences outside direct quotes.

They are read before the direct quotes' speakers, because a name given here ("…, Henson
said.") is whom a later '"…," he said' means. Only sentences holding a cue are read: one
fast pass per cue letter finds them, and only a window around the first cue is tokenised.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache, partial

from newssift.news.quotes.cues import (
    INDIRECT_CUE_WORDS,
    INDIRECT_CUES,
    INVERTING,
    LATE_CUE_WORDS,
    OBJECT_CUES,
    PARTICIPLES,
)
from newssift.news.quotes.marks import MARKS, OPENERS
from newssift.news.quotes.phrases import np_back, np_forward, relative_head, sentence_subject
from newssift.news.quotes.resolver import SpeakerResolver
from newssift.news.quotes.text import StoryText, Token, is_cap, next_word, span_tokens
from newssift.news.quotes.words import (
    FINITE,
    POSSESSIVES,
    PREPOSITIONS,
    WHEN_WORDS,
    speaker_noun,
    word_set,
)
from newssift.record import Quote

_THAT = word_set("that dass que")
#: an attribution found in a window, before its speaker is resolved: the speaker's span
#: and the content's
Hit = tuple[int, int, int, int]
#: quotation marks a sentence's tail after an inverted cue's name may not hold ('…, said the
#: proposal "makes no sense."' is no inverted cue)
_DOUBLE_MARKS = "\"“”„«»「」『』"
#: what may stand between a quote's end and the next sentence ('"…?" Trump added' is one)
_CLOSERS = " \n\t.!?…\"”’'»」』"
#: what may follow the name of an inverted cue at a sentence's end: an apposition, the stop,
#: a place or a time ("…, said the company in a statement.")
_AFTER_INVERTED = word_set(", . ; in on at during after")


@dataclass
class Pending:
    """What the first reading leaves to the late one (:mod:`.indirect_late`): the sentences
    that hold a cue but gave no attribution (index → positions of their cues outside direct
    quotes, late cue words too), the window read around each one's first cue (index → the
    cue, the window's end and the late reading's hit in it, read in the same walk), and the
    bounds both readings look up."""

    cues: dict[int, list[int]] = field(default_factory=dict)
    read: dict[int, tuple[int, int, Hit | None]] = field(default_factory=dict)
    bounds: list[int] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)


def sentence_to_read(a: int, b: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    """The sentence ``a``-``b`` is worth an indirect reading: 20 characters or more and not
    itself a direct quote (``starts``: the direct quotes' starts, ``spans`` their spans).
    Both readings ask it (here and :mod:`.indirect_late`)."""
    if b - a < 20:
        return False
    i = bisect.bisect_left(starts, a)
    return not (i < len(spans) and spans[i][0] - 1 <= a + 1 and spans[i][1] >= b - 3)


def indirect_attributions(ctx: StoryText, res: SpeakerResolver, spans: list[tuple[int, int]],
                          pending: Pending | None = None) -> list[Quote]:
    """"X said (that) …", "According to X, …", "…, X said." outside direct quotes.

    ``pending``, when given, receives what the late reading needs (see :class:`Pending`)."""
    text = ctx.text
    out: list[Quote] = []
    starts = [s for s, _ in spans]
    bounds = [0, *ctx.sent_ends, len(text)]
    late = pending.cues if pending is not None else None
    if pending is not None:
        pending.bounds, pending.starts = bounds, starts
    # only sentences holding a cue are read: one pass over the text finds the cues, and only
    # a window around the first cue of a sentence is tokenised
    cues: dict[int, int] = {}
    for p in cue_starts(text):
        late_words = _LATE_BY_LETTER.get(text[p])  # a cue the first reading takes?
        first = late_words is None or not text.startswith(late_words, p)
        k = bisect.bisect_right(bounds, p) - 1
        if late is not None:
            i = bisect.bisect_right(starts, p) - 1
            # not inside a direct quote, nor the cue of one that opens its sentence and
            # closes right before it ('"…," he said': the late reading would pass it over)
            if i < 0 or (p >= spans[i][1] and not (
                    p < spans[i][1] + 24 and spans[i][0] <= bounds[k] + 1
                    and spans[i][1] > bounds[k] and text.find("\n", spans[i][1], p) < 0)):
                if k in late:
                    late[k].append(p)
                else:
                    late[k] = [p]
        if first and k not in cues and not near_quote(text, p, starts, spans):
            cues[k] = p  # the sentence's first cue (positions come in order)
    for k, p in sorted(cues.items()):
        a, b = bounds[k], bounds[k + 1]
        if not sentence_to_read(a, b, starts, spans):
            continue
        if text.startswith(PARTICIPLE_STEMS, p):
            q = _participle(text, res, a, b, p)
            if q is not None:
                out.append(q)
                if late is not None:
                    late.pop(k, None)
            continue
        ws, we = next_word(text, max(a, p - 100), p), min(b, p + 60)
        ctx.scanned += we - ws
        toks = span_tokens(text, ws, we)
        end = content_end(text, a, b)
        if late is None:
            hit = _scan(text, toks, a, end, starts, spans, False)
        else:
            hit, late_hit = _scan_both(text, toks, a, end, starts, spans)
            if hit is None and pending is not None:
                pending.read[k] = (p, we, late_hit)
        if hit is not None:
            out.append(quote_of(text, res, hit))
            if late is not None:
                late.pop(k, None)
    return out


def _finders(words: tuple[str, ...]) -> list[re.Pattern[str]]:
    """The regex twin's patterns (cue_starts_py): each opens on a literal letter shared by
    its cues, so the regex engine skips to that letter by fast search: one alternation of
    all the cues is tried at every letter (several times slower), one pattern per cue reads
    the text once per cue. (The compiled scan reads the text once for all.)"""
    by_letter: dict[str, list[str]] = {}
    for w in words:
        by_letter.setdefault(w[0], []).append(re.escape(w[1:]))
    # the first letter, then (looking back over it) no alphanumeric character before it
    return [re.compile(k + r"(?<![^\W_].)(?:" + "|".join(sorted(v, key=len, reverse=True))
                       + r")\b") for k, v in by_letter.items()]


#: the participles, for ``str.startswith`` at a cue's position
PARTICIPLE_STEMS = tuple(sorted(PARTICIPLES))
_INDIRECT_FINDERS = _finders(INDIRECT_CUE_WORDS + PARTICIPLE_STEMS + LATE_CUE_WORDS)
_LATE_WORDS = frozenset(LATE_CUE_WORDS)
_LATE_BY_LETTER = {c: tuple(w for w in LATE_CUE_WORDS if w[0] == c) for c in
                   {w[0] for w in LATE_CUE_WORDS}}


def cue_starts_py(text: str) -> list[int]:
    """Where a cue of :data:`_INDIRECT_FINDERS` starts, in increasing order (each position
    once: the cues of a sentence are reduced to its first, so the order of the patterns
    does not matter)."""
    return sorted({m.start() for pat in _INDIRECT_FINDERS for m in pat.finditer(text)})


try:  # optional compiled part (setup.py): one scan of the text for every cue
    from newssift.news import _native

    cue_starts = partial(_native.cue_starts, _native.cue_table(
        INDIRECT_CUE_WORDS + PARTICIPLE_STEMS + LATE_CUE_WORDS, True))
except (ImportError, TypeError):  # pragma: no cover - no extension, or one built before
    cue_starts = cue_starts_py  # word_start (session 25): the regexes, until it is rebuilt


#: subject pronouns: a late cue word followed by one opens a clause ("insisted he was …")
_SUBJECTS = word_set("he she it they we i there")
#: words after which a finite verb is no longer the content clause's (see _clause_at)
_CLAUSE_STOPS = word_set("who whom which that and but or")
#: words right after a late cue word that open no content clause of it: a second predicate
#: ("maintained and …") or a question word ("explains why prices rose": an account, not a
#: claim)
_NO_CLAUSE = word_set("and but or why how")


def _clause_at(toks: list[Token], c: int) -> bool:
    """Whether a clause opens at token ``c``: "that", a subject pronoun, or a finite verb
    among its next six words (not an object: "stressed those worries", "posted a photo")."""
    if c >= len(toks):
        return False
    w = toks[c][0].lower()
    if w in _NO_CLAUSE:
        return False  # "is well maintained and the bridge …", "explains why prices rose"
    if w in _THAT or w in _SUBJECTS or w.replace("’", "'") in FINITE:
        return True  # (a finite verb first: "which he believes will make it …")
    for t in toks[c + 1:c + 7]:
        if t[0] in (",", ";", ":", "(", "—", "–") or t[0].lower() in _CLAUSE_STOPS:
            return False  # (nor a verb of a relative clause or a second predicate: "writes
            # for the Times and has covered …", "explains it to every patient who will …")
        if t[0].lower().replace("’", "'") in FINITE:
            return True
    return False


def _in_quote(pos: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def near_quote(text: str, pos: int, starts: list[int], spans: list[tuple[int, int]],
               since: int = -1) -> bool:
    """Inside a direct quote, or a cue of one: a quote closes just before it ('…," he said')
    or opens just after it in the same sentence ('said: "…', not 'Henson said.¶"…').
    ``since`` (the late reading's): a quote closing before the cue counts only when it
    ends a sentence before ``since`` (the cue's sentence start) with a full stop or with
    words after it, or closes the paragraph before (not '…: “… poverty.” He says …',
    '…,” he said. She says he is …', '…uncomfortable.”¶Kelly said she asked …'; but
    '"…?" Trump added …' is the quote's own); nor a quote opened inside the cue's sentence
    after words of its own ('Ruiz, though, would have to "go to the center," Kemp said':
    the sentence is the content; the quote is a direct one too)."""
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and spans[i][0] <= pos < spans[i][1] + 24 and not (
            since >= 0 and spans[i][1] <= pos
            and ("\n" in text[spans[i][1]:pos] or _mixed(text, spans[i][0], since) or (
                spans[i][1] <= since and (text[spans[i][1] - 1] == "."
                                          or text[spans[i][1]:since].strip(_CLOSERS))))):
        return True
    if i + 1 < len(spans) and spans[i + 1][0] - pos < 40:
        between = text[pos:spans[i + 1][0]]
        if "\n" in between or ". " in between:
            return False
        # 'said: "…', 'told reporters, "…' introduce a quote; 'argued that being American
        # "is an idea"' is an indirect attribution quoting a few words
        lead = between.rstrip(MARKS)
        return lead.endswith((",", ":", "—", "–", "-")) or len(lead.split()) <= 1
    return False


def _mixed(text: str, qs: int, since: int) -> bool:
    """Whether the quote opening at ``qs`` (past its mark) opens inside the sentence from
    ``since``, after three words or more that neither a colon nor a comma closes ('Ruiz,
    though, would have to "go …', not 'He said, "…' nor '"…'): a sentence quoting a
    phrase, which its cue attributes as a whole."""
    if since < 0 or qs <= since:
        return False
    j = qs  # the lead's end past its marks and spaces, read back from the quote (not a
    while j > since and text[j - 1] in _MARKS_SPACE:  # copy of the sentence so far: a
        j -= 1  # run-on sentence is read at each of its cues)
    return not (j > since and text[j - 1] in ",:") and has_words(text, since, qs, 3)


_MARKS_SPACE = MARKS + " "
#: how much of a span a word count copies; a longer span with fewer words in it (long runs
#: of spaces, one very long word: hostile input) is counted on the story's word starts
_WORDS_READ = 400
_WORD_START = re.compile(r"(?<!\S)\S")


def has_words(text: str, s: int, e: int, n: int) -> bool:
    """Whether text[s:e] holds ``n`` words or more, as ``str.split`` counts them.

    Both readings ask this at every cue, of spans that run to the sentence's start or end:
    a copy of the span each time would make a run-on sentence (a list of lines with no full
    stop) cost its length times its cues. So at most :data:`_WORDS_READ` characters are
    copied; a longer span with fewer words there is counted on the text's word starts,
    found once per text (:func:`_word_starts`)."""
    if e - s <= _WORDS_READ:
        return len(text[s:e].split(None, n - 1)) >= n
    if len(text[s:s + _WORDS_READ].split(None, n - 1)) >= n:
        return True  # (a prefix holds no more words than the span)
    starts = _word_starts(text)
    count = bisect.bisect_left(starts, e) - bisect.bisect_left(starts, s)
    if not text[s].isspace() and s > 0 and not text[s - 1].isspace():
        count += 1  # the span opens inside a word
    return count >= n


@lru_cache(maxsize=1)
def _word_starts(text: str) -> list[int]:
    """Where the words of ``text`` start (``\\s`` is ``str.isspace``), in order."""
    return [m.start() for m in _WORD_START.finditer(text)]


@lru_cache(maxsize=16)
def _last_double_mark(text: str, a: int, end: int) -> int:
    """The last double quotation mark in text[a:end], or -1: read once per sentence, not
    at each of its cues."""
    return max(text.rfind(c, a, end) for c in _DOUBLE_MARKS)


def forget_story() -> None:
    """Drop the per-story caches (:func:`_word_starts`, :func:`_last_double_mark`): they
    hold the story's text and its word starts, several times the text's size, until the
    next story; :func:`newssift.news.quotes.attribute.find` calls this when it is done."""
    _word_starts.cache_clear()
    _last_double_mark.cache_clear()


def indirect_in(text: str, res: SpeakerResolver, toks: list[Token], a: int, end: int,
                 starts: list[int], spans: list[tuple[int, int]],
                 late: bool = False) -> Quote | None:
    """The first indirect attribution of the sentence from ``a`` whose content may run to
    ``end`` (:func:`content_end`), read from ``toks`` (a window of it around a cue);
    ``late``: the late reading's (:mod:`.indirect_late`)."""
    hit = _scan(text, toks, a, end, starts, spans, late)
    return None if hit is None else quote_of(text, res, hit)


_GO_ON: Hit = (-1, -1, -1, -1)  # no attribution at this cue: read on


def content_end(text: str, a: int, b: int) -> int:
    """Where a content of the sentence text[a:b] may end: before its closing stop and
    spaces (read once per sentence, not at each of its cues)."""
    end = b
    while end > a and (text[end - 1].isspace() or text[end - 1] in ".!?…;"):
        end -= 1
    return end


def _scan(text: str, toks: list[Token], a: int, end: int, starts: list[int],
          spans: list[tuple[int, int]], late: bool) -> Hit | None:
    """The first reading's (or the late reading's) attribution in a window: that of the
    first cue that gives one or ends the reading."""
    n = len(toks)
    for i in range(n):
        w = toks[i][0].lower()
        if (w not in INDIRECT_CUES and w != "according") or _in_quote(toks[i][1], starts, spans):
            continue
        hit = _at_cue(text, toks, i, n, w, a, end, starts, spans, late)
        if hit is not _GO_ON:
            return hit
    return None


def _scan_both(text: str, toks: list[Token], a: int, end: int, starts: list[int],
               spans: list[tuple[int, int]]) -> tuple[Hit | None, Hit | None]:
    """``_scan`` of the first reading and, when it finds nothing, of the late reading, in one
    walk over the window: (first, None) or (None, late). The late reading takes its hit from
    here instead of reading the window again."""
    n = len(toks)
    first_done = False
    late_hit: Hit | None = _GO_ON
    for i in range(n):
        w = toks[i][0].lower()
        if (w not in INDIRECT_CUES and w != "according") or _in_quote(toks[i][1], starts, spans):
            continue
        if not first_done:
            hit = _at_cue(text, toks, i, n, w, a, end, starts, spans, False)
            if hit is not _GO_ON:
                if hit is not None:
                    return hit, None
                first_done = True
        if late_hit is _GO_ON:
            late_hit = _at_cue(text, toks, i, n, w, a, end, starts, spans, True)
        if first_done and late_hit is not _GO_ON:
            break
    return None, (None if late_hit is _GO_ON else late_hit)


def _at_cue(text: str, toks: list[Token], i: int, n: int, w: str, a: int, end: int,
            starts: list[int], spans: list[tuple[int, int]], late: bool) -> Hit | None:
    """What the cue ``w`` at token ``i`` gives: an attribution (a :data:`Hit`), None (the
    window's reading ends with none) or :data:`_GO_ON`."""
    if w == "according" and i + 1 < n and toks[i + 1][0].lower() == "to":
        np = np_forward(toks, i + 2)
        if not np:
            return None
        if toks[i][1] == a:  # "According to X, CONTENT"
            c0 = np[1] + (1 if np[1] < n and toks[np[1]][0] == "," else 0)
            return _span(text, toks, np, toks[c0][1] if c0 < n else end, end)
        if toks[i - 1][0] in (",", "—") if i > 0 else False:  # "CONTENT, according to X"
            return _span(text, toks, np, a, toks[i - 1][1])
        return None
    if w not in INDIRECT_CUES or is_cap(toks[i][0]):
        return _GO_ON
    if late and w in _LATE_WORDS and i > 0 and toks[i - 1][0].lower() in POSSESSIVES:
        return _GO_ON  # an adjective: "the stated goal", "an alleged attacker", "her stressed"
    if (i >= 4 and toks[i - 1][0] == "," and w in INVERTING and i + 1 < n
            and (is_cap(toks[i + 1][0]) or toks[i + 1][0] in ("the", "a", "an"))
            and not _name_first(toks, a)):
        # "CONTENT, says Hartmut Neven, founding director of …." — the cue inverted (not
        # "Florida delegate John Archer, wearing a hat, said the campaign …": a subject
        # and its apposition)
        np = np_forward(toks, i + 1)
        if np and _inverted_tail(text, toks, np, a, end) and has_words(
                text, a, toks[i - 1][1], 4):
            return _span(text, toks, np, a, toks[i - 1][1])
    # "CONTENT, X said." — the cue near the end, after a comma
    if i >= 2 and not has_words(text, toks[i][2], end, 6):
        k = i - 1
        while k >= 0 and toks[k][0] != ",":
            k -= 1
        if k >= 0 and i - k <= 7 and has_words(text, a, toks[k][1], 4):
            np = np_back(toks, i)
            if np and np[0] > k:
                return _span(text, toks, np, a, toks[k][1])
    if late and i >= 2 and i + 1 < n and toks[i + 1][0] == ",":
        # "The goal, he said, is to forge …": the attribution set inside its content,
        # which runs over it (one span, as the record keeps one)
        k = i - 1
        while k >= 0 and toks[k][0] != ",":
            k -= 1
        after = toks[i + 2][0] if i + 2 < n else ""
        if k >= 0 and i - k <= 7 and toks[k][1] > a and not (
                after.endswith("ing") and after.islower()):  # "…, he said, wiping …"
            np = np_back(toks, i)
            if np and np[0] > k:
                return _span(text, toks, np, a, end)
        if k < 0 and i < 8 and toks[0][1] == a and toks[0][0] == "As" and i + 2 < n:
            # "As the paper noted, it is surprising …": the content follows the comma
            np = np_back(toks, i)
            if np and np[0] == 1:
                return _span(text, toks, np, toks[i + 2][1], end)
        return _GO_ON
    np = np_back(toks, i)
    closed = far = False
    if late:
        first, (np, closed) = np, _late_subject(toks, i, a, np)
        far = np is not first  # read over a clause ("Ruiz blasted X and said …")
    if not np or (np[1] < i - 3 and not far
                  and all(t[0] != "," for t in toks[np[1]:i])):
        return _GO_ON  # the subject stands by its cue, or before an apposition
    if _in_quote(toks[np[0]][1], starts, spans):
        return _GO_ON  # a subject inside a direct quote ("''Hillary Clinton last night said …")
    c0 = i + 1
    # "told reporters", "told CNN", "said Tuesday" (the late reading: a name or "the"
    # after a cue that takes no object opens the content: "said Hillary Clinton …")
    while c0 < n and c0 - i <= 3 and toks[c0][0].lower() not in _THAT and (
        (is_cap(toks[c0][0]) and not (late and w not in OBJECT_CUES
                                      and toks[c0][0].lower() not in WHEN_WORDS))
        or toks[c0][0].lower() in ("reporters", "me", "us", "him", "her", "them")
        or (toks[c0][0].lower() in ("the", "a") and not (late and w not in OBJECT_CUES))
    ):
        c0 += 1
    if c0 < n and (toks[c0][0] == "," or (late and toks[c0][0] == ":")):
        return _GO_ON  # "X said, …" introduces a direct quote or a list ("X said: …" too)
    if late and c0 < n and toks[c0][0].lower() in PREPOSITIONS:
        # "argues at The Federalist that …", "said on Twitter that …": the content
        # opens after the "that" that ends the phrase; with no "that", the phrase is the
        # cue's own ("told of her years in the town", "argued for an hour about …")
        j = next((j for j in range(c0 + 1, min(n, c0 + 9))
                  if toks[j][0].lower() in _THAT or toks[j][0] in (",", ";")), n)
        if j >= n or toks[j][0].lower() not in _THAT:
            return _GO_ON
        c0 = j
    if late and w in _LATE_WORDS and not _clause_at(toks, c0):
        return _GO_ON  # "stressed those worries", "insisted on", "believed to": no clause
    if c0 < n and toks[c0][0].lower() in _THAT:
        c0 += 1
    if c0 >= n:
        return _GO_ON
    stop = end
    if closed:  # "Broaddrick, who said Clinton raped her, recounted …": the content
        # ends with the relative clause, at its next comma
        stop = next((t[1] for t in toks[c0 + 1:] if t[0] in (",", ";", "—", "–")), end)
    return _span(text, toks, np, toks[c0][1], stop)


#: auxiliaries and adverbs between a subject and its cue ("who has repeatedly said")
_AUX = word_set("has have had 's also previously repeatedly long often did does do would "
                "will already since later then once publicly privately")
#: pronoun subjects that end no noun phrase in np_back ("It said it decided …")
_BARE_SUBJECTS = word_set("it")


def _late_subject(toks: list[Token], i: int, a: int, np: tuple[int, int] | None
                  ) -> tuple[tuple[int, int] | None, bool]:
    """The subject of the cue at token ``i`` for the late reading, where the first reading's
    ``np`` stops short: over auxiliaries ("has said", "who has long said"), to the
    antecedent of a relative pronoun ("Priebus, who has said he …"), to the sentence's
    subject over a coordination ("Scott blasted Congress and said the state …"), or a bare
    pronoun ("It said it decided …"); and whether the cue opens a relative clause set off
    by a comma (whose content ends at the clause's end)."""
    j = i - 1
    while j >= 0 and toks[j][0].lower().replace("’", "'") in _AUX:
        j -= 1
    if j < 0 or (np is not None and j == i - 1):
        return np, False
    w = toks[j][0].lower()
    if w in ("who", "which"):
        return relative_head(toks, i), j > 0 and toks[j - 1][0] == ","
    if w in ("and", "but"):
        if not any(t[1] == a for t in toks[:j]):
            return None, False  # the window opens inside the sentence: no subject read
        k = next(k for k, t in enumerate(toks) if t[1] == a)
        head = sentence_subject(toks[k:j], j - k)
        return ((head[0] + k, head[1] + k) if head else None), False
    if w in _BARE_SUBJECTS or (j < i - 1 and w in ("he", "she", "they")):
        return (j, j + 1), False
    if j < i - 1:
        return np_back(toks, j + 1), False
    return np, False


def _inverted_tail(text: str, toks: list[Token], np: tuple[int, int], a: int,
                   end: int) -> bool:
    """Whether the noun phrase after an inverted cue names a speaker (a name, or a noun
    for one) and ends its sentence, but for an apposition, a place or a time, with no
    quotation mark after it."""
    n = len(toks)
    if not (is_cap(toks[np[0]][0]) or speaker_noun(toks[np[1] - 1][0])):
        return False
    tail = toks[np[1] - 1][2]
    if np[1] >= n and tail < end - 1:
        return False  # the window ends inside the phrase
    if np[1] < n and toks[np[1]][0] not in _AFTER_INVERTED:
        return False
    return _last_double_mark(text, a, end) < tail


def _name_first(toks: list[Token], a: int) -> bool:
    """Whether the sentence opening at ``a`` opens on a name closed by a comma or a
    parenthesis ("Florida delegate John Archer, …", "Sen. Ann Ruiz (D-Ohio), …"): its
    later ", said" ends an apposition to that name."""
    k = next((k for k, t in enumerate(toks) if t[1] >= a), None)
    if k is None or toks[k][1] != a:
        return False  # the window opens inside the sentence: its start is not read
    j = k
    while j < len(toks) and toks[j][0] not in (",", "("):
        j += 1
    return j < len(toks) and j > k and is_cap(toks[j - 1][0])


def _participle(text: str, res: SpeakerResolver, a: int, b: int, p: int) -> Quote | None:
    """"Trump defended the plan, saying it would …": the content after a participle that
    follows a comma, said by the sentence's subject (read from the sentence's first words
    only, so a long sentence costs no more than a short one)."""
    if not text[a:p].rstrip().endswith(","):
        return None
    head = span_tokens(text, a, min(p, a + 120))
    np = sentence_subject(head, len(head))
    m = _AFTER_PARTICIPLE.match(text, p)
    if not np or m is None:
        return None
    end = b
    while end > a and (text[end - 1].isspace() or text[end - 1] in ".!?…;"):
        end -= 1
    return _make(text, res, head, np, m.end(), end)


#: the participle, an optional "that", and the first character of the content (no "," or
#: ":", which introduce a direct quote)
_AFTER_PARTICIPLE = re.compile(r"\w+\s+(?:that\s+)?(?=[^\s,:])")


def _make(text: str, res: SpeakerResolver, toks: list[Token], np: tuple[int, int], s: int,
          e: int) -> Quote | None:
    """An indirect attribution of the content text[s:e] (four words or more) to the noun
    phrase at tokens ``np``."""
    hit = _span(text, toks, np, s, e)
    return None if hit is None else quote_of(text, res, hit)


def _span(text: str, toks: list[Token], np: tuple[int, int], s: int, e: int) -> Hit | None:
    """The content text[s:e] trimmed, if it holds four words or more and opens with no
    quotation mark, with the speaker's span (tokens ``np``)."""
    while e > s and text[e - 1] in " ,;:—–":
        e -= 1
    if not has_words(text, s, e, 4) or text[s:s + 1] in OPENERS:
        return None
    return toks[np[0]][1], toks[np[1] - 1][2], s, e


def quote_of(text: str, res: SpeakerResolver, hit: Hit) -> Quote:
    """The attribution of a :data:`Hit`, its speaker resolved."""
    ss, se, s, e = hit
    sp = res.resolve(ss, se, quote=False)
    q = Quote(text=text[s:e], start=s, end=e)
    if sp is not None:
        q.speaker, q.speaker_start, q.speaker_end, q.resolution = sp.name, sp.start, sp.end, sp.how
    return q

"""Who said each direct quote: the attribution right after it ('"…," Peskov
said'), before it in its sentence ('Peskov said: "…"') or on a credit line under it (quotes
with none of these may continue an attributed one: see :mod:`.carry`).

Each window read around a quote is bounded (``WINDOW`` characters, the sentence, the
paragraph), so the cost stays linear in the number of quotes.
"""

from __future__ import annotations

import re

from newssift.lazy_pattern import LazyPattern
from newssift.news.quotes.cues import CUES, INVERTING, INVERTING_CAP, NOUNISH_CUES, cue_at
from newssift.news.quotes.marks import CLOSERS, MARKS, OPENERS
from newssift.news.quotes.phrases import (
    first_np,
    main_subject,
    np_back,
    np_forward,
    object_before,
    of_owner,
    relative_head,
    sentence_subject,
    unclosed_appos,
)
from newssift.news.quotes.resolver import Speaker, SpeakerResolver
from newssift.news.quotes.text import (
    StoryText,
    Token,
    abbrev_before,
    is_cap,
    next_word,
    span_tokens,
)
from newssift.news.quotes.words import (
    ADVERBS,
    DETS,
    FINITE,
    LAY_ROLES,
    LEADING_SUBS,
    NOT_NAMES,
    POSSESSIVES,
    PRONOUN_GENDER,
    ROLE_HEADS,
    STATEMENTS,
    speaker_noun,
    word_set,
)
from newssift.vocab.letters import CAPITAL

#: How far (characters) a window around a quote may reach for its attribution.
WINDOW = 240

# the mark sets read around every quote, joined once (not at each character read)
_INNER_STRIP = " '" + CLOSERS
_CLOSERS_SPACE = CLOSERS + " \u00a0"
_OPENERS_SPACE = OPENERS + " \u00a0"

_AFTER_CUT = re.compile(r"[\"“„«「]|[.!?]\s")
_INVERSION = re.compile(r"[\s,]*(?:\w+-t-|\w+-)(il|elle|ils|elles)\b")

#: a quote closed without punctuation, then its speaker and a cue: '"…" Sweeney said'
_BARE_CUE = re.compile(
    r"[ \u00a0]*(?:(?:" + CAPITAL + r"[\w’'\-]+[ \u00a0]+){1,3}|(?:he|she|someone)[ \u00a0]+)"
    r"([a-z]+)\b"
)
#: the same with the cue first: '"…" says André Neu', '"…" said Dr. Jason Mitchell'
_BARE_INVERTED = re.compile(r"[ \u00a0]*(said|says)[ \u00a0]+" + CAPITAL)


def _bare_cue(text: str, j: int) -> bool:
    """'"…" Sweeney said', '"… -H" Clinton tweeted', '"…" says André Neu': a name or
    he/she, then a cue, or an inverting cue, then a name."""
    m = _BARE_CUE.match(text, j)
    return (m is not None and m[1] in CUES) or _BARE_INVERTED.match(text, j) is not None


#: the rest of a sentence after a quote, ending on ", Name said." / ", he added."
_TAIL_CUE = re.compile(
    r"[^\"“”\n.!?]{0,80}?, ((?:(?:" + CAPITAL + r"[\w’'.\-]*[ \u00a0]){1,3}"
    r"(?:[a-z][a-z\-]+[ \u00a0]){1,3})?"
    r"(?:" + CAPITAL + r"[\w’'.\-]*[ \u00a0]){0,3}" + CAPITAL + r"[\w’'\-]+|he|she"
    r"|(?:[Tt]he|[Aa]n?)[ \u00a0](?:[\w’'\-]+[ \u00a0]){0,2}?[a-z][\w’'\-]+)"
    r"[ \u00a0]([a-z]+)(?:[ \u00a0](?:on|in|at|after|last|this)[ \u00a0][^\"“”\n,]{1,30})?"
    r"[.!?]?[\"”’]?[ \u00a0]*$")
#: the same with the cue first: '"…" about the decision, said RoseAnn DeMoro, executive …'
_TAIL_INVERTED = re.compile(
    r"[^\"“”\n.!?]{0,80}?, ([a-z]+)[ \u00a0]"
    r"((?:" + CAPITAL + r"[\w’'.\-]*[ \u00a0]){0,3}" + CAPITAL + r"[\w’'\-]+)"
    r"(?=[,.;]|[ \u00a0]*$)")


#: the words of a view named by its owner: "in Forbes’ words", "in Ms. Kahn's view", "in the
#: words of Tom Reyes" (group "owner": one to four words, each capitalised, which _in_words
#: checks: a class of capitals here would cost ~1.5 ms to compile; "of" or "poss" says which
#: form matched). Searched only where a view noun is near (_VIEW_WORD), and compiled on
#: first use (LazyPattern: ~1-2 ms each at import otherwise)
_VIEW = "(?:words|view|opinion|estimation|telling)"
_IN_WORDS = (r"\b[Ii]n[ \u00a0](?P<of>the[ \u00a0]" + _VIEW + r"[ \u00a0]of[ \u00a0])?"
             r"(?P<owner>[^\W\d_][\w’'.\-]*?(?:[ \u00a0][^\W\d_][\w’'.\-]*?){0,3})"
             r"(?P<poss>(?:[’']s|(?<=s)[’'])[ \u00a0](?:own[ \u00a0])?" + _VIEW + ")?")
#: ', in Forbes’ words, “…”': the phrase right before a quote's opening mark
_IN_WORDS_BEFORE = LazyPattern(_IN_WORDS + r"[ \u00a0]*[,:][ \u00a0]*$")
#: '“…” from A to B, in Bolton’s view.': the phrase ending the quote's sentence
_IN_WORDS_AFTER = LazyPattern(r"[^\"“”\n.!?]{0,80}?,?[ \u00a0]" + _IN_WORDS
                              + r"[ \u00a0]*[.!?]?[\"”’]?[ \u00a0]*$")
#: a view noun: the cheap test before the patterns above
_VIEW_WORD = re.compile(_VIEW)


def _in_words(res: SpeakerResolver, m: re.Match | None) -> Speaker | None:
    """The owner of the view or words an ``_IN_WORDS`` match names, as a speaker: one form
    exactly ("in the words of X" or "in X's words"; not "in Tom Reyes," alone), and an owner
    of capitalised words ("in his own words" names no one here)."""
    if m is None or (m.start("of") >= 0) == (m.start("poss") >= 0):
        return None
    words = m["owner"].split()
    if not all(is_cap(w) for w in words) or words[0].lower() in NOT_NAMES:
        return None
    return res.resolve(m.start("owner"), m.end("owner"))


def attribution_after(ctx: StoryText, res: SpeakerResolver, s: int, e: int) -> Speaker | None:
    """The attribution right after a quote that ends its clause ("…," X said)."""
    text = ctx.text
    # "… 'I can win anywhere,'" said X: a nested quote's straight apostrophe closes too
    inner = text[s:e].rstrip(_INNER_STRIP)
    j = e
    while j < len(text) and text[j] in _CLOSERS_SPACE:
        j += 1
    ends_clause = inner[-1:] in ",.!?…—-:;" or text[j:j + 1] in (",", ".", "!", "?", "—", "–")
    if not ends_clause and not _bare_cue(text, j):
        # '"…" from diplomacy to the budget, in Bolton’s view.': the words are his
        end = min(ctx.sent_end(j), j + 120)
        sp = _in_words(res, _IN_WORDS_AFTER.match(text, j, end)) if _VIEW_WORD.search(
            text, j, end) else None
        if sp is not None:
            return sp
        # '"…" and against the Brady law, Clinton said.': the cue that ends the sentence
        m = _TAIL_CUE.match(text, j, end)
        if m and m[2] in CUES and not is_cap(m[2]):
            return res.resolve(m.start(1), m.end(1))
        m = _TAIL_INVERTED.match(text, j, end)
        if m and m[1] in INVERTING:
            return res.resolve(m.start(2), m.end(2))
        return None  # '"… too" Sweeney said after …' still names its speaker
    stop = min(ctx.para_end(j), j + WINDOW)
    win = text[j:stop]
    ctx.scanned += len(win)
    past = 0  # the end of a short title in marks, skipped
    for cut in _AFTER_CUT.finditer(win):
        # an opening quotation mark or a sentence end; "J. Gerald Hebert" goes on, and so
        # does a short title in marks ('wearing "Ted Cruz" pins, said')
        c = win[cut.start()]
        nxt = cut.end()
        if cut.start() < past or (c == "." and (win[nxt:nxt + 1].islower()
                                                or abbrev_before(text, j + cut.start()))):
            # (a full stop before a lower-case word ends no sentence: "director of the
            # A.F.L.-C.I.O. and political organizer, wrote", initials too long to list)
            continue
        if c in OPENERS:
            close = min((k for k in (win.find(m, cut.end(), cut.end() + 30) for m in CLOSERS)
                         if k >= 0), default=-1)
            if close >= 0:
                past = close + 1
                continue
        win = win[: cut.start() + (1 if win[cut.start()] in ".!?" else 0)]
        break
    inv = _INVERSION.match(win)
    if inv:  # French inversion: « … », a-t-il dit / dit-elle
        return res.resolve(j + inv.start(1), j + inv.end(1))
    toks = span_tokens(text, j, j + len(win))
    while toks and toks[0][0] in (",", "—", "–", ";", ":"):
        toks = toks[1:]
    reach = 30 if any(t[0] == "," for t in toks[1:5]) else 16
    closed = inner[-1:] in ".…" and text[j:j + 1] not in (",", "—", "–")
    if (len(toks) > 2 and inner[-1:] in ",?!" and (toks[0][0].endswith("ed") or (
            toks[0][0] in NOUNISH_CUES and toks[0][0].endswith("s")))
            and toks[0][0].isalpha() and toks[0][0].islower() and is_cap(toks[1][0])
            and is_cap(toks[2][0]) and toks[1][0].lower() not in NOT_NAMES):
        # '"…," remembered Roy Verley, …': any verb in the past before a full name; and a
        # cue that may be a noun, in -s, there ('"…," comments Robin Biesbroek of the CDF':
        # after a quote left open by its comma and before a full name, only a verb)
        span = np_forward(toks, 1)
        if span:
            sp = res.resolve(toks[span[0]][1], toks[span[1] - 1][2])
            if sp is not None:
                return sp
    for i in range(min(len(toks), reach)):
        n = cue_at(toks, i) or (inner[-1:] in ",?!" and _nounish_cue(toks, i))
        if not n:
            continue
        if (inner[-1:] in ".…?!" and text[j:j + 1] not in (",", "—", "–")
                and 0 < i <= 4 and is_cap(toks[0][0])
                and (toks[0][0] not in ("He", "She") or _opens_sentence_quote(text, s))
                and _introduces_next(text, toks, i + n)):
            # '"Why now? …?" Mills then writes back, "You look cute."': a named subject
            # and a cue ending on a comma or a colon before the next quote introduce that
            # quote, not this closed one (a "He added:" most often goes on with the same
            # speaker, and is left to read as before)
            return None
        if closed and (i > 4 or any(t[0] == "," for t in toks[:i]) or len(toks) - i - n > 4
                       or (i + n < len(toks) and toks[i + n][0] == "that")):
            # '"…." Reluctantly, Brafman said he …', '"…." He also said Trump …', '"…." He
            # added that members are "…"': a new sentence with its own content
            return None
        if i == 0 and n == 1 and toks[0][0].endswith("ing") and len(toks) > 1 and (
                toks[1][0] not in (",", ";", ":")):
            # '"…," promising the Friends of Abe will return': what follows a participle is
            # its object; its subject stands before the quote
            return None
        if i == 0 or all(t[0].lower() in _AUX for t in toks[:i]):
            span = np_forward(toks, i + n)
            if span is None and (i + n >= len(toks) or toks[i + n][0] in (",", ";")):
                # a bare verb: "…", señaló.  (subject left out: the last person named)
                hit = res.people.before(toks[i][1], None)
                if hit:
                    return Speaker(hit[0], toks[i][1], toks[i][2], "pronoun")
                return None
        elif _inverted(toks, i):
            # '"…," like the volatility of markets, said Richard Curtin': the name after
            span = np_forward(toks, i + 1)
        elif i == 1 and toks[0][0] in ("it", "It"):
            span = (0, 1)  # '"…," it said': the body or document before (_body_before)
        else:
            span = first_np(toks, i)
        if span:
            sp = res.resolve(toks[span[0]][1], toks[span[1] - 1][2])
            if sp is not None:
                return sp
            if span == (0, i) and _described_speaker(toks, i):
                # '"…," the studio wrote.', '"…," the new bride explained.': a described
                # speaker right at its cue, whatever the noun (the word lists cannot hold
                # them all)
                return Speaker(ctx.text[toks[0][1]:toks[i - 1][2]], toks[0][1], toks[i - 1][2],
                               "explicit")
        return None
    return None


#: determiners opening a described speaker ('"…," the studio wrote.', '"…," one survey
#: respondent offered.')
_DESCRIBING = word_set("the a an one another")


def _described_speaker(toks: list[Token], cue: int) -> bool:
    """Whether the tokens before a cue are a determiner and one to three lower-case words
    ("the studio", "the new bride"), not an adverb or a verb form."""
    return (2 <= cue <= 4 and toks[0][0].lower() in _DESCRIBING
            and all(t[0].isalpha() and t[0].islower() and t[0] not in ADVERBS
                    and not t[0].endswith(("ly", "ing", "ed")) for t in toks[1:cue]))


#: possessive determiners, after which a cue's form is a noun ("his claim", "their answer";
#: not "her", an object as often: "heard her say")
_POSSESSIVE_DETS = word_set("his their its our my your")

#: cues of a question, whose passive names the asker after "by" ("was asked by")
_ASKED = word_set("asked pressed questioned quizzed")
_PASSIVE_AUX = word_set("was were is are been being")


def _opens_sentence_quote(text: str, s: int) -> bool:
    """Whether the quote at ``s`` opens with a capital letter (a sentence of its own, not
    words quoted inside the writer's sentence: '… said he "will fight these charges."')."""
    head = text[s:s + 4].lstrip(MARKS + " '")
    return head[:1].isupper()


def _introduces_next(text: str, toks: list[Token], k: int) -> bool:
    """Whether the cue ending before token ``k`` ends its clause on a comma or a colon
    right before a quote that opens a sentence (over up to two words: "writes back,")."""
    for t in toks[k:k + 3]:
        if t[0] in (",", ":"):
            # the next quote opens a sentence ('"…?" Ruiz asked, "or …"' is one quote split
            # by its cue)
            rest = text[t[2]:t[2] + 6].lstrip(" \u00a0")
            rest = rest[2:] if rest.startswith("''") else rest[1:] if rest[:1] in OPENERS else ""
            return rest[:1].isupper()
        if not t[0].isalpha():
            return False
    return False


_AFTER_VERB = word_set("on in at to during after before about of from with as")


#: prepositions after a described speaker's noun, before where it speaks ("a voice-over in
#: the ad", "the narrator of the film")
_HEAD_PLACE = word_set("in on of at from")


def _nounish_cue(toks: list[Token], i: int) -> int:
    """'"…," Viguerie notes.', '"…," he promises, …', and any verb in the past there
    ('"…," Hannity pressed.', '"…," an angry Hollande retaliated.'): 1 when token i is such
    a cue."""
    w = toks[i][0]
    if (w in NOUNISH_CUES and 4 <= i <= 6 and toks[0][0].lower() in _DESCRIBING
            and speaker_noun(toks[1][0]) and toks[2][0] in _HEAD_PLACE
            and all(t[0].isalpha() for t in toks[3:i])):
        # '"…," a voice-over in the ad states.': a described speaker and where it speaks
        return int(i + 1 == len(toks) or toks[i + 1][0] in (",", ";", "—", "–"))
    if not (1 <= i <= 4 and (w in NOUNISH_CUES or (
            w.endswith("ed") and len(w) > 4 and w.isalpha() and w.islower()))):
        return 0
    described = toks[0][0].lower() in _DESCRIBING and (
        is_cap(toks[i - 1][0]) or speaker_noun(toks[i - 1][0])) and all(
        t[0].isalpha() or "-" in t[0] for t in toks[1:i])
    if not (i <= 3 and all(is_cap(t[0]) or t[0].lower() in PRONOUN_GENDER or t[0] == "it"
                           for t in toks[:i])) and not (
            i == 2 and toks[0][0].lower() in DETS and speaker_noun(toks[1][0])) and not (
            described and i > 2):
        # ('"…," the document states, …'; but '"…," an angry Hollande retaliated.', '"…,"
        # the Republican vice-presidential nominee riffed on …': a described speaker)
        return 0
    return int(i + 1 == len(toks) or toks[i + 1][0] in (",", ";", "—", "–")
               or toks[i + 1][0] in _AFTER_VERB)


def _described(toks: list[Token], k: int) -> bool:
    """Whether token ``k`` is a noun for a speaker after a determiner: "the message", "The
    ad" (not "Trump's claims")."""
    return k > 0 and toks[k - 1][0].lower() in ("the", "a", "an") and speaker_noun(toks[k][0])


def _named_tail(toks: list[Token], span: tuple[int, int]) -> tuple[int, int] | None:
    """The name that ends a long noun phrase, with the role words before it ("… doesn't
    surprise Republican pollster Daron Shaw" → "Republican pollster Daron Shaw"): two
    capitalised words at least, or None."""
    end = span[1]
    k = end
    while k > span[0] and is_cap(toks[k - 1][0]):
        k -= 1
    if end - k < 2:
        return None
    while k > span[0] and (toks[k - 1][0] in ROLE_HEADS or toks[k - 1][0] in LAY_ROLES
                           or is_cap(toks[k - 1][0])):
        k -= 1
    return k, end


def _after_comma(toks: list[Token], i: int) -> bool:
    """Whether token ``i`` follows a comma, over adverbs in -ly ("…, alternately shouting")."""
    k = i - 1
    while k > 0 and toks[k][0].endswith("ly") and toks[k][0].isalpha() and toks[k][0].islower():
        k -= 1
    return k >= 0 and toks[k][0] == ","


def _inverted(toks: list[Token], i: int) -> bool:
    """A cue after a comma with its subject after it: "…, said Richard Curtin, …" (a name,
    or a determiner opening one: "…, said the agency's director, Ingrid Halvorsen")."""
    if i == 0 or toks[i - 1][0] != "," or i + 1 >= len(toks):
        return False
    if toks[i][0] not in INVERTING:
        return False
    nxt = toks[i + 1][0]
    return (is_cap(nxt) and nxt.lower() not in NOT_NAMES) or nxt.lower() in ("the", "a", "an")


def _clause_subject(toks: list[Token], k: int) -> bool:
    """Whether the noun phrase from token ``k`` is followed by a finite verb: after "…,
    said" it is then the subject of what was said ("Peskin, …, said the mayor was
    'grasping …'"), not an inverted speaker."""
    span = np_forward(toks, k)
    return span is not None and span[1] < len(toks) and toks[span[1]][0].lower() in FINITE


def _widen(ctx: StoryText, toks: list[Token], i: int, lo: int, start: int,
           o: int) -> tuple[list[Token], int]:
    """The window's tokens read back to the sentence's start (at most 4 windows back) when
    the window began inside the sentence, and token ``i``'s new index."""
    head = max(lo, ctx.sent_start(o))
    if head < start:
        wide = next_word(ctx.text, max(head, o - 4 * WINDOW), start)
        ctx.scanned += start - wide
        extra = span_tokens(ctx.text, wide, start)
        return extra + toks, i + len(extra)
    return toks, i


#: prepositions that end the head of a noun phrase ("the campaign of the former senator
#: from Pennsylvania" → "the campaign")
_HEAD_ENDS = word_set("of from for at in on")


def _with_subject(toks: list[Token], i: int) -> tuple[int, int] | None:
    """The subject of a participle cue at ``i`` in an absolute clause ("…, with a source
    close to him saying", "…, with the party's spokesman Al Jones adding"): the noun
    phrase after a "with" that follows a comma (or opens the window), over words only."""
    for k in range(i - 2, max(-1, i - 10), -1):
        w = toks[k][0]
        if not w[:1].isalnum():
            return None
        if w.lower() == "with":
            if k > 0 and toks[k - 1][0] != ",":
                return None  # "spoke with reporters saying": the sentence's subject
            first = toks[k + 1][0]
            if first.lower() in DETS or first.lower() in POSSESSIVES or is_cap(first):
                # (a partitive stays whole: "one of her ads")
                end = next((j for j in range(k + 3, i) if toks[j][0] in _HEAD_ENDS), i)
                return k + 1, end
            return None
    return None


def attribution_before(ctx: StoryText, res: SpeakerResolver, s: int, lo: int) -> Speaker | None:
    """The attribution before a quote in its sentence ("X said: …", "According to X, …")."""
    text = ctx.text
    o = s
    while o > 0 and text[o - 1] in _OPENERS_SPACE:
        # back over the space, so '“They sue,” he said.\u00a0“Everybody …' reads the
        # sentence before: an attribution after a first part too short to count
        o -= 1
    start = max(lo, ctx.sent_start(o), o - 160)
    if start == ctx.para_start(o) and text[start:o].strip() == "":
        # a quote opening its paragraph after a paragraph ending in a colon
        prev_end = start - 1
        while prev_end > 0 and text[prev_end - 1] in "\n \t":
            prev_end -= 1
        if prev_end > 0 and text[prev_end - 1] in ":," and prev_end > lo:
            # (or in a comma: "Limbaugh finished his explanation,\n\n'…'", "… went on to
            # say that those actions would also include voters …,\n\n'…'")
            o = prev_end
            start = max(lo, ctx.sent_start(o - 1), o - WINDOW)
    start = next_word(text, start, o)
    win = text[start:o]
    ctx.scanned += len(win)
    toks = span_tokens(text, start, o)
    if not toks:
        return None
    if toks[-1][0] in (",", ":") and _VIEW_WORD.search(text, start, o) and (
            sp := _in_words(res, _IN_WORDS_BEFORE.search(text, start, o))):
        # "… because, in Forbes’ words, “…”": whatever the clause's subject, the words are
        # the ones the phrase names (a cue of the sentence, if any, frames them)
        return sp
    if toks[-1][0] == ":":
        # "Pollsters agree - Carl Bialik: …": the name between a dash and the colon
        d = next((k for k in range(len(toks) - 2, max(-1, len(toks) - 8), -1)
                  if toks[k][0] in ("-", "—", "–")), -1)
        if d >= 0 and d < len(toks) - 2 and is_cap(toks[d + 1][0]):
            return res.resolve(toks[d + 1][1], toks[-2][2])
    if (len(toks) > 2 and toks[0][0] in INVERTING_CAP and toks[0][1] == ctx.sent_start(o)
            and (is_cap(toks[1][0]) or toks[1][0] in ("the", "a", "an"))):
        # "Said Comey, “…”", "Added the senator: “…”": the cue opens the sentence
        span = np_forward(toks, 1)
        if span:
            sp = res.resolve(toks[span[0]][1], toks[span[1] - 1][2])
            if sp is not None:
                return sp
    if toks[0][0] == "As" and _opens_sentence(text, toks[0][1]) and (put := _as_put_it(toks)):
        # "As Fantasia Barrino Taylor puts it, we must tell ourselves: '…'": the words
        # are the one who puts it so, whatever cue the main clause holds
        sp = res.resolve(toks[put[0]][1], toks[put[1] - 1][2])
        if sp is not None:
            return sp
    written_on = None
    for i in range(len(toks) - 1, -1, -1):
        n = cue_at(toks, i)
        if n and i >= 2 and toks[i - 1][0] == "that" and i + n == len(toks) - 1 and (
                toks[-1][0] in (",", ":") and speaker_noun(toks[i - 2][0])):
            # "… was replaced by a message that said, '…'", "a sign that read: '…'": the
            # message, sign or note the words are written on, where nothing else names a
            # speaker (read last, below: "Henry added a caption that reads, '…'" is Henry's;
            # only a noun that may speak: not "water bottles that said")
            # (the noun, back to its article over up to three modifiers: np_back would read
            # "replaced on Thursday by a message" as a time phrase and go to "Thursday")
            a = next((k for k in range(i - 2, max(-1, i - 6), -1)
                      if toks[k][0].lower() in DETS or toks[k][0] in (",", ":", ";")), None)
            written_on = (a + (toks[a][0] in (",", ":", ";")) if a is not None else i - 2, i - 1)
        if not n or (i > 0 and (toks[i - 1][0].lower() in DETS
                                or toks[i - 1][0].lower() in _POSSESSIVE_DETS)):
            continue  # "a written statement", "made his claim under …": nouns
        w = toks[i][0].lower()
        inverted = _inverted(toks, i)
        said_that = inverted and _clause_subject(toks, i + n)
        if w in ("according", "selon", "según", "laut") or (inverted and not said_that):
            span = np_forward(toks, i + n)
        elif w.endswith("ing") and (absolute := _with_subject(toks, i)) is not None:
            # "…, with a source close to him saying: '…'": the participle's own subject
            # (an absolute clause opened by "with"), not the sentence's
            span = absolute
        elif (w.endswith("ing") and _after_comma(toks, i)) or (
            i > 0 and toks[i - 1][0].lower() in ("and", "but")
        ) or (w.endswith("ing") and object_before(toks, i)):
            # "X said …, adding: …" / "X said … and added, …": the main clause's subject,
            # read from the sentence's start when the window began inside the sentence
            toks, i = _widen(ctx, toks, i, lo, start, o)
            span = main_subject(toks, i)
        elif i >= 1 and w in _ASKED and toks[i - 1][0].lower() in _PASSIVE_AUX:
            # "Sanders was asked by host Bill Maher, …, '…?'": the one asking speaks; "Trump
            # was asked, '…?'" names no one who did
            if not (i + n + 1 < len(toks) and toks[i + n][0] == "by"):
                return None
            span = np_forward(toks, i + n + 1)
        elif i >= 2 and toks[i - 1][0] == "to" and (inf := _infinitive_subject(toks, i - 1)):
            # "Mr. Trump was prompted to say, …", "The ruling prompted Mayor Tom Reyes to
            # say, …": who is to say it, not the clause's start
            span = inf
        else:
            if said_that:
                # the subject before "…, said the mayor was": read from the sentence's start
                # (its apposition may be long: "Rich Heffley, a top operative who …, said")
                toks, i = _widen(ctx, toks, i, lo, start, o)
            span = np_back(toks, i)
            if span is not None:
                span = of_owner(toks, span)  # "John Smith of the Cato Institute said, …"
                span = unclosed_appos(toks, span) or span
            span = span or (
                (i - 1, i) if i > 0 and toks[i - 1][0] in ("it", "It") else None
            ) or sentence_subject(toks, i)  # "At the bottom it reads, …": "it", not "At"
            who = relative_head(toks, i)
            if who is not None:
                span = who  # "a White House official who spoke anonymously … said, '…'"
        if span:
            return res.resolve(toks[span[0]][1], toks[span[1] - 1][2])
        return None
    if (len(toks) >= 3 and toks[-1][0] in (",", ":") and toks[-2][0].isalpha()
            and toks[-2][0].islower() and (toks[-2][0].endswith("ed") or (
                toks[-2][0] in NOUNISH_CUES and (is_cap(toks[-3][0])
                                                 or toks[-3][0].lower() in PRONOUN_GENDER
                                                 or _described(toks, len(toks) - 3))))):
        # any verb of saying: "Hillary Clinton cracked, '…'", "he scoffed: '…'"; a cue
        # that may be a noun right after a name, he/she or a described speaker: "He jokes,
        # '…'", "the message continues, '…'"
        span = np_back(toks, len(toks) - 2)
        if span and span[1] != len(toks) - 2 and not all(
                t[0].lower() in ADVERBS for t in toks[span[1]:len(toks) - 2]):
            span = None  # (over adverbs: "Tom Reyes then boomed, '…'")
        if (span is None and len(toks) >= 5 and toks[-3][0] in ("and", "then")
                and toks[-2][0].endswith("ed") and toks[0][1] == ctx.sent_start(o)):
            # "Mrs. Clinton drew cheers as she thanked … and then boomed, '…'": the verb
            # goes on the main clause, whose subject speaks
            span = main_subject(toks, len(toks) - 3)
            if span and not (is_cap(toks[span[0]][0]) and toks[span[0]][0].lower() not in (
                    NOT_NAMES)):
                span = None
        if span:
            sp = res.resolve(toks[span[0]][1], toks[span[1] - 1][2])
            if sp is not None:
                return sp
    if (verb := _verb_to_outlet(toks)) is not None:
        # "makeup artist Daniel Martin shared with Allure, '…'", "she shared on Instagram:
        # '…'": a verb in the past, then where or to whom, then the words
        span = np_back(toks, verb)
        if span and span[1] == verb:
            sp = res.resolve(toks[span[0]][1], toks[span[1] - 1][2])
            if sp is not None:
                return sp
    if len(toks) >= 4 and toks[-1][0] in (",", ":") and toks[-2][0].lower() in _SAID_NOUNS:
        # "Trump issued a statement, '…'", "Limbaugh finished his explanation, '…'": the
        # sentence's subject
        span = sentence_subject(toks, len(toks) - 2)
        if span and span[1] < len(toks) - 3:
            sp = res.resolve(toks[span[0]][1], toks[span[1] - 1][2])
            if sp is not None:
                return sp
    if toks[-1][0] == ":" or (len(toks) >= 2 and toks[-1][0] == "-"):
        # "Pew Research: …", "… - HuffPollster: …", "Kapitän Lukas Brandl sah das ähnlich: …"
        dashed = any(t[0] in ("-", "—", "–") for t in toks[:-1])
        if toks[-1][0] == ":" and (more := _more_from(toks)) is not None:
            # "… -More from Blumenthal and Cohen: '…'": the words are from those named
            return res.resolve(toks[more[0]][1], toks[more[1] - 1][2])
        span = None if dashed else sentence_subject(toks, len(toks) - 1)
        subject = span
        if not (span and span[1] - span[0] <= 5 and (is_cap(toks[span[0]][0]) or (
                span[1] - span[0] == 1 and toks[span[0]][0] in ("he", "she")))):
            span = _colon_np(toks)
        if span and span[1] - span[0] <= 5 and (is_cap(toks[span[0]][0]) or (
                span[1] - span[0] == 1 and toks[span[0]][0] in ("he", "she"))):
            # "But back on American soil, he returned to his familiar lines: '…'"
            sp = res.resolve(toks[span[0]][1], toks[span[1] - 1][2])
            if sp is None and span == subject and toks[-1][0] == ":":
                # "The timing of the surge doesn't surprise pollster Daron Shaw: '…'": a
                # subject that names no one speaks nothing; the name ending the clause does
                named = _colon_np(toks)
                if named and named != span and all(
                        is_cap(t[0]) for t in toks[named[1] - 2:named[1]]):
                    sp = res.resolve(toks[named[0]][1], toks[named[1] - 1][2])
            return sp
    sp = _subject_verb(res, toks) if toks[0][1] == ctx.sent_start(o) else None
    if sp is None and written_on is not None:
        sp = res.resolve(toks[written_on[0]][1], toks[written_on[1] - 1][2])
    return sp


def _opens_sentence(text: str, k: int) -> bool:
    """Whether the word at ``k`` opens a sentence: a paragraph's start, or after a sentence
    end and the closing marks of a quote (read here, since a nested quote closing with
    ’” hides that end from the sentence index)."""
    pre = text[max(0, k - 12):k].rstrip(" \u00a0" + CLOSERS + "’'")
    return k == 0 or not pre or pre[-1] in ".!?\n"


def _as_put_it(toks: list[Token]) -> tuple[int, int] | None:
    """The name in a sentence that opens "As X put(s) it," (X: one to four words ending
    right before "put it", its first capitalised or a determiner), or None."""
    for k in range(2, min(len(toks) - 2, 7)):
        if toks[k][0] in ("put", "puts") and toks[k + 1][0] == "it" and toks[k + 2][0] == ",":
            if all(t[0][:1].isalnum() for t in toks[1:k]) and (
                    is_cap(toks[1][0]) or toks[1][0] in ("the", "one")):
                return 1, k
            return None
    return None


#: prepositions between a verb and the outlet or person it was said to or on
_TO_OUTLET = word_set("with on to in")


def _verb_to_outlet(toks: list[Token]) -> int | None:
    """The index of a lower-case verb in -ed followed by "with", "on", "to" or "in" and one
    to three capitalised words that end the window on a comma or a colon ("shared with
    Allure,", "opened up on Instagram:"), or None."""
    if len(toks) < 5 or toks[-1][0] not in (",", ":"):
        return None
    j = len(toks) - 1
    while j > len(toks) - 4 and is_cap(toks[j - 1][0]):
        j -= 1
    if j == len(toks) - 1 or j < 3 or toks[j - 1][0] not in _TO_OUTLET:
        return None
    verb = toks[j - 2][0]
    if verb.endswith("ed") and len(verb) > 4 and verb.isalpha() and verb.islower():
        return j - 2
    return None


#: what a subject issues or gives before the words it holds ("issued a statement, …",
#: "finished his explanation, …", "gave her answer: …")
_SAID_NOUNS = STATEMENTS | word_set("explanation answer response reply remarks thoughts")

#: words opening a sentence that are no subject (a subordinate clause, a quantity)
_NO_SUBJECT = LEADING_SUBS | word_set("because several some many most few all both each")
#: words right before a quote that make it a title or a name, not words said
_TITLE_WORDS = word_set("on in from of by titled entitled called named dubbed")
#: lower-case words between a subject and "to say": auxiliaries, verbs of control and
#: the adjectives of "was quick to say" ("Trump went on to say", "he was prompted to say")
_TO_LINKS = ADVERBS | word_set(
    "went on go goes going want wants wanted decide decides decided quick eager happy able "
    "moved rushed paused stopped began begins continued continues tried tries seemed seems "
    "appeared appears took time the chance opportunity care careful sure")


def _infinitive_subject(toks: list[Token], to: int) -> tuple[int, int] | None:
    """Who says what a cue in the infinitive introduces ("… to say, '…'"): the name right
    before "to" after a verb (the object of "prompted Mayor Tom Reyes to say"), else the
    name or he/she before the verbs that lead to "to" ("Mr. Trump was prompted to say")."""
    k = to - 1
    if is_cap(toks[k][0]) and toks[k][0].lower() not in NOT_NAMES:
        a = k
        while a > 0 and to - a < 6 and is_cap(toks[a - 1][0]):
            a -= 1
        prev = toks[a - 1][0] if a > 0 else ""
        if prev.isalpha() and prev.islower() and prev not in DETS:
            return a, to  # "prompted Mayor Tom Reyes to say"
        return None
    while k >= 0 and to - k < 6 and toks[k][0].isalpha() and toks[k][0].islower() and (
            toks[k][0] in _TO_LINKS or (toks[k][0].endswith("ed") and len(toks[k][0]) > 4)):
        k -= 1
    if k < 0 or k == to - 1:
        return None
    w = toks[k][0]
    if w in ("he", "she", "He", "She"):
        return k, k + 1
    if not is_cap(w) or w.lower() in NOT_NAMES:
        return None
    a = k
    while a > 0 and k - a < 5 and is_cap(toks[a - 1][0]) and toks[a - 1][0].lower() not in (
            NOT_NAMES):
        a -= 1
    return a, k + 1


#: verbs in -s that are no act of the subject's ("Trump is …", "Clinton has …")
_NOT_ACTS = word_set("is was has does goes seems looks")


def _subject_verb(res: SpeakerResolver, toks: list[Token]) -> Speaker | None:
    """A quote as what the sentence's subject does, with no cue: "Chancellor Angela Merkel of
    Germany condemned ''such a murderous attack''", "Ted Nordhaus, co-founder of …,
    welcomed '…'", "Mrs. Clinton introduced him as '…'". The subject opens the sentence
    (after an opening phrase), is a name or he/she, and a verb in -ed or -s follows it (over
    adverbs and auxiliaries); the quote comes within a few words of that verb."""
    if toks[-1][0].lower() in _TITLE_WORDS or not any(
            _act(t[0]) for t in toks[-11:]):
        return None  # a title after "on", "titled" …; or no verb near the quote (read first)
    span = sentence_subject(toks, len(toks))
    if span is None:
        return None
    a, b = span
    first = toks[a][0]
    described = False  # "The ad claims '…'": a noun that may speak, read with a cue only
    if first.lower() in ("the", "a", "an") and b - a > 1 and is_cap(toks[a + 1][0]):
        pass  # "the FBI lists …", "the DNC issued …"
    elif not ((is_cap(first) and first.lower() not in NOT_NAMES
               and first.lower() not in _NO_SUBJECT) or first in ("he", "she", "He", "She")):
        if b - a > 2 and toks[b - 1][0] in NOUNISH_CUES:
            b -= 1  # "The ad claims": the noun phrase read on over the cue
        if not (first.lower() in ("the", "a", "an") and b - a > 1
                and speaker_noun(toks[b - 1][0])):
            return None  # not "Because Twitter …", "Several waved …"
        described = True
    text = res.text
    between = text[toks[a][1]:toks[-1][2]]
    if "''" in between or any(c in OPENERS or c in CLOSERS for c in between):
        return None  # "Think ''Barton Fink'' meets …", 'appear on "The View" and "…': titles
    k = b
    # "Former Obama spokesman Robert Gibbs", "Chancellor Angela Merkel of Germany": a role
    # in lower case before the name, a place after "of"
    role = next((j for j in range(k, min(k + 2, len(toks) - 1))
                 if toks[j][0] in ROLE_HEADS or toks[j][0] in LAY_ROLES), None)
    if role is not None and is_cap(toks[role + 1][0]) and all(
            t[0].isalpha() and t[0].islower() for t in toks[k:role]):
        k = role + 1
        while k < len(toks) and is_cap(toks[k][0]):
            k += 1
        b = k
    if k + 1 < len(toks) and toks[k][0] == "of" and is_cap(toks[k + 1][0]):
        k += 1
        while k < len(toks) and is_cap(toks[k][0]):
            k += 1
    if k < len(toks) and toks[k][0] == ",":
        # "Ted Nordhaus, co-founder of the Breakthrough Institute and …, welcomed": over an
        # apposition to the comma that closes it
        k = next((j + 1 for j in range(k + 1, min(len(toks), k + 20)) if toks[j][0] == ","),
                 len(toks))
    while k < len(toks) and toks[k][0].lower() in ADVERBS:
        k += 1
    if k >= len(toks) or len(toks) - k > 10:
        return None
    verb = toks[k][0]
    if not (_act(verb) and not speaker_noun(verb)) and not (
            described and verb in NOUNISH_CUES):
        return None
    if described and verb not in CUES and verb not in NOUNISH_CUES:
        return None  # "The ad slams '…'": a described subject speaks with a cue only
    if any(t[0] in (",", ";", "(", ")") for t in toks[k + 1:]) or (
            toks[-1][0] in ("—", "–", "-")):
        return None  # a clause after the verb: its own subject may speak
    return res.resolve(toks[a][1], toks[b - 1][2])


def _act(w: str) -> bool:
    """A verb form the subject-verb rule takes: lower case, in -ed or -s (not -ss), not "is",
    "has", …"""
    return (w.endswith(("ed", "s")) and not w.endswith("ss") and w.isalpha() and w.islower()
            and w not in _NOT_ACTS)


#: prepositions before the noun phrase that ends a sentence before a colon: where or to whom
#: something was said, not who said it
_COLON_PREPS = frozenset(("on", "in", "at", "to", "from", "with", "for", "about", "into"))


def _more_from(toks: list[Token]) -> tuple[int, int] | None:
    """The one to five capitalised words (or "and") between "More from" and a closing colon
    ("More from Blumenthal and Cohen:", "Also from Tom Reyes:"), or None."""
    k = len(toks) - 2
    while k >= 0 and len(toks) - 1 - k <= 5 and (is_cap(toks[k][0]) or toks[k][0] == "and"):
        k -= 1
    if (k >= 1 and k < len(toks) - 2 and toks[k][0] == "from" and is_cap(toks[k + 1][0])
            and toks[k - 1][0] in ("More", "more", "Also", "also")):
        return k + 1, len(toks) - 1
    return None


def _colon_np(toks: list[Token]) -> tuple[int, int] | None:
    """The noun phrase right before a closing colon, or the name ending it when it is long or
    opens in lower case; None after a preposition ("Then, later that month on CNN: …": a
    place to speak)."""
    span = np_back(toks, len(toks) - 1)
    if span and span[0] > 0 and toks[span[0] - 1][0].lower() in _COLON_PREPS:
        return None
    if span and (span[1] - span[0] > 5 or not is_cap(toks[span[0]][0])):
        return _named_tail(toks, span)
    return span




#: a paragraph opening on a dash and a name: "\n— Sanders." / "\n—President Obama, tweeting"
_DASH_NAME = re.compile(r"\n\s*[-—–]\s*(" + CAPITAL + r"[^,.\n]{1,60})")


#: a character other than a mark, a space, a full stop or a comma
_NOT_MARK = re.compile("[^" + re.escape(MARKS + ".,") + "]")


def dash_credit(ctx: StoryText, res: SpeakerResolver, e: int) -> Speaker | None:
    """A quote followed by a paragraph "- Sanders." / "—President Obama, tweeting …"."""
    text = ctx.text
    pe = ctx.para_end(e)
    # (text[e:pe].strip(MARKS + ".,") copied the rest of the paragraph at each quote: a
    # search stops at the first other character)
    if _NOT_MARK.search(text, e, pe):
        return None
    m = _DASH_NAME.match(text[pe:pe + 80])
    if not m:
        return None
    return res.resolve(pe + m.start(1), pe + m.end(1))


#: the line under a pull quote, closing it: '"…\nCharles Chamberlain, Democracy for America."'
_CREDIT_LINE = re.compile(
    r"\n[ \t]*(" + CAPITAL + r"[^\n\"”,]{1,60})(?:,[^\n\"”]{0,80})?\.?[\"”][ \t]*(?:\n|$)")


def credit_line(ctx: StoryText, res: SpeakerResolver, e: int) -> Speaker | None:
    """A quote whose next line is only a name (and a body), and closes the quote."""
    text = ctx.text
    nl = text.find("\n", e, e + 4)
    if nl < 0 or text[e:nl].strip(MARKS + ".,"):
        return None
    m = _CREDIT_LINE.match(text, nl)
    if not m or len(m[1].split()) > 6 or not all(is_cap(w) for w in m[1].split()[-2:]):
        return None
    return res.resolve(m.start(1), m.end(1))



_AUX = word_set("a ha hat hatte has had il elle")

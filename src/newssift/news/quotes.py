"""Direct quotes, indirect attributions, and who said them.

Attribution in news copy follows a handful of shapes, in every language newssift reads:

* after the quote: ``"…," Peskov said`` / ``"…," said Dmitry Peskov`` / ``"…," he added`` /
  ``"…," like the volatility of markets, said Richard Curtin`` / ``"…," Mr. Rubel pointed out`` /
  ``"…," Dmitry Peskov, spokesman for …, told reporters`` / ``"…," according to the embassy``;
* before it: ``The embassy said, "…"`` / ``Kremlin spokesman Dmitry Peskov said: "…"`` /
  ``Clinton spoke in Iowa, telling the crowd, "…"`` / ``According to the minister, "…"`` /
  ``Kasich: "…"`` (a headline) / ``As Tom Ridge put it: "…"`` / a paragraph ending in a colon
  before the quote's paragraph;
* split by its attribution: ``"A," he said, "B."`` (the second part reads the first's cue);
* none: the quote continues the previous paragraph's quote (an opening mark with no closing
  mark runs on), or shares its paragraph with an attributed one.

The cue (said, told, wrote, added, asked, tweeted, posted, according to, …, in any tense) is
found first; the speaker is the noun phrase next to it, over an apposition or a clause
(``Katie Packer, who chairs the PAC, said``). How each speaker was resolved is recorded:

* ``explicit``: a name or a noun phrase at the cue ("Peskov" → "Dmitry Peskov", the full name
  used earlier; titles such as "Kremlin spokesman" dropped);
* ``pronoun``: "he"/"she" → the nearest preceding person mentioned outside quotes whose gender
  (from Mr./Mrs./Ms. or earlier pronouns) does not clash;
* ``role``: "the spokesman", "a Kremlin spokesman" → the person named next to that role word
  earlier ("Dmitry Peskov, spokesman for the Kremlin");
* ``carried``: no attribution in reach, the speaker of the quote it continues.

Indirect attributions ("X said that …", "according to X, …", "…, X said.", "X did Y,
saying …", and "X argued that Y “is an idea”" with a few words quoted) are read from the
sentences outside direct quotes and returned as a second list with the same fields.

Every window read around a quote is bounded and every lookup of an earlier mention is a
bisection, so a page of 500 quotes costs 500 small windows, not 500²; quotes of fewer than
three words (six characters in scripts written without spaces) are scare quotes and skipped.
Nothing is guessed: a quote with no attribution in reach gets ``speaker=None``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from newssift.news.names import gender_of
from newssift.record import Quote

#: How far (characters) a window around a quote may reach for its attribution.
WINDOW = 240


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ---------------------------------------------------------------- vocabulary

_CUE_LEMMAS = """say tell add ask write explain note argue insist warn recall reply continue declare
announce acknowledge admit claim concede confirm caution complain emphasize emphasise stress tweet
post quip urge remark observe predict respond surmise elaborate joke shout yell chant boast vow
promise suggest contend counter charge allege assert maintain testify recount repeat exclaim muse
lament conclude describe dub wonder pledge demand proclaim reiterate retort interject interrupt snap
scoff sigh laugh whisper cry scream thunder mention concede speak add advise agree answer brag
comment confide confess disclose estimate explain inform instruct mock object opine plead question
quote rant reason reassure remind report reveal scold swear taunt tease threaten vent wager write
announce begin rail fume marvel gush beam grumble mutter murmur caution cheer counsel cite
recollect testify summarize summarise sum insist read call assure bark echo label lecture
state react exhort""".split()
_IRREGULAR = {
    "say": ("said", "saying", "says"),
    "tell": ("told", "telling", "tells"),
    "write": ("wrote", "writing", "writes"),
    "speak": ("spoke", "speaking", "speaks"),
    "swear": ("swore", "swearing"),
    "begin": ("began", "beginning"),
    "cry": ("cried", "crying", "cries"),
    "reply": ("replied", "replying", "replies"),
    "dub": ("dubbed", "dubbing"),
    "quip": ("quipped", "quipping", "quips"),
    "snap": ("snapped", "snapping"),
    "vent": ("vented", "venting"),
    "sum": ("summed",),
    "admit": ("admitted", "admitting", "admits"),
    "read": ("reads", "reading"),
    "call": ("called", "calling", "calls"),
}
#: Forms that are nouns as often as verbs: only their unambiguous forms are cues.
_NOUNISH = {"states", "notes", "claims", "posts", "tweets", "reports", "charges", "answers",
            "questions", "comments", "promises", "demands", "counters", "quotes", "cries",
            "laughs", "sighs", "cheers", "jokes", "reasons", "objects", "vents", "wagers",
            "estimates", "remarks", "begins", "sums", "shouts", "chants", "threats", "pledges",
            "vows", "boasts", "tweet", "post", "note", "report", "charge", "answer", "question",
            "comment", "promise", "demand", "counter", "quote", "cry", "laugh", "sigh", "cheer",
            "joke", "reason", "object", "vent", "wager", "estimate", "remark", "shout", "chant",
            "pledge", "vow", "boast", "sum", "begin", "continue", "continues", "continuing",
            "reply", "replies", "mention", "mentions", "concern", "speak", "speaks", "speaking",
            "stress", "caution", "counsel", "cite", "cites", "citing", "advise", "repeat",
            "quoting", "objected", "reasoned", "questioned", "rail",
            "rails", "counseled", "muse", "add"}


def _forms(lemma: str) -> set[str]:
    out = {lemma}
    if lemma in _IRREGULAR:
        out.update(_IRREGULAR[lemma])
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        out.update((lemma[:-1] + "ied", lemma[:-1] + "ies", lemma + "ing"))
    else:
        out.add(stem + "ed" if not lemma.endswith("e") else lemma + "d")
        out.add(stem + "ing")
        out.add(lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s"))
    return out


_CUES = frozenset(f for lemma in _CUE_LEMMAS for f in _forms(lemma)) - _NOUNISH
_CUES |= frozenset(
    """sagte sagt sagten erklärte erklärt betonte betont meinte meint fügte ergänzte schrieb
    warnte déclaré dit affirmé expliqué ajouté souligné estimé averti déclare affirme explique
    ajoute souligne estime dijo afirmó declaró explicó señaló aseguró añadió agregó indicó
    advirtió dice afirma réagi indiqué précisé confié lancé répondu annoncé assuré rappelé
    insisté reconnu jugé martelé dénoncé estimé""".split()
)
#: cues that introduce a content clause of an indirect attribution ("X said that …")
_INDIRECT_CUES = frozenset(
    """said says say told tells added adds wrote writes argued argues claimed insisted insists
    warned warns noted explained explains announced stated suggested suggests acknowledged
    admitted conceded confirmed predicted predicts contended contends maintained asserted
    asserts alleged alleges reported recalled testified tweeted posted believes believed
    thinks thought stressed emphasized emphasised believe think argue shows showed
    described""".split()
)
_ACCORDING = ("according to", "selon", "según", "laut")
_PRONOUN_GENDER = {"he": "m", "she": "f", "er": "m", "sie": "f", "il": "m", "elle": "f",
                   "él": "m", "ella": "f", "they": "p", "ils": "p", "elles": "p", "ellos": "p"}
_TITLES = _words(
    """president prime minister chancellor secretary senator sen. sen rep. rep gov. gov governor
    mayor judge dr. dr mr. mrs. ms. mr mrs ms prof. professor general gen. pope king queen prince
    coach foreign interior defense defence finance deputy vice chief executive attorney police
    state spokesman spokeswoman spokesperson ceo chairman chairwoman kremlin white house
    councillor councilman councilwoman detective inspector sergeant officer captain former
    candidate nominee lt. col. rev. gen adm. sgt. speaker leader co-anchor anchor host sheriff
    top senior former veteran longtime fellow rival then-candidate
    representative admiral justice pastor rabbi bishop whip majority minority congressman
    congresswoman assemblyman assemblywoman
    republican democratic democrat presidential
    bundeskanzlerin bundeskanzler kanzlerin kanzler präsident präsidentin herr frau minister
    trainer kapitän sportdirektor bürgermeister
    ministre président présidente m. mme presidente ministro ministra sr. sra. don doña"""
)
_FEMALE_TITLES = _words("mrs. mrs ms. ms frau mme sra. doña queen spokeswoman chairwoman "
                        "congresswoman assemblywoman")
_MALE_TITLES = _words("mr. mr herr m. sr. don king prince spokesman chairman councilman "
                      "congressman assemblyman")
_NOT_NAMES = _words(
    """the a an but and or so if when while as it this that these those there we i you in on at
    for of to by with from after before yesterday today monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august september
    october november december asked then now what why how who where here his her their our
    my your its our some many most more no not yes one all both each every other such even
    still just also well however meanwhile later earlier last next first on he she they it
    his hers him them any nothing none nobody everyone everybody anyone anybody someone
    somebody"""
)
#: capitalised words that end names of places and organisations, not of people
_NOT_PERSON = _words(
    """house states state street party committee university news post times department
    council court senate congress campaign association institute center centre foundation
    fund group company inc corp republicans democrats union nations city county island east
    west north south kingdom administration agency bank network channel media press journal
    magazine club church school college hospital airport station hall square avenue road
    park bridge tower river lake valley office bureau service board commission ministry
    embassy government army navy force forces council league coalition alliance caucus
    convention tv radio today republican democratic democrat police"""
)
_ADVERBS = _words(
    """also has have had would will could should then later once previously recently again
    just simply repeatedly further first quickly flatly bluntly openly publicly privately
    often frequently never always already still is was were be been being has had did does
    do not n't reportedly angrily calmly quietly loudly proudly sharply tersely succinctly
    immediately finally eventually afterward afterwards soon subsequently even only
    may might must can cannot can't won't didn't doesn't hasn't wasn't actually herself
    himself themselves itself"""
)
_DETS = _words("the a an one another this that these those der die das ein eine le la les un "
               "une el los las")
_NP_STOP = _words(
    """and but or that which who whom whose when while as in on at to during after before
    because since if than with without into onto about over under between through via by
    from who's where why how what so nor yet for of it it's there is was are were be been
    although though unless whereas until once
    being has have had do does did will would can could should may might must not his her
    their its our my your we i you me us them him""".replace(" his her", "")
)
#: nouns for one person's role, which an earlier apposition may name
_ROLE_HEADS = _words(
    """spokesman spokeswoman spokesperson official minister secretary president director chief
    leader aide adviser advisor lawyer attorney candidate governor senator mayor chairman
    chairwoman chair ceo executive manager commissioner ambassador general commander officer
    coach captain premier chancellor nominee congressman congresswoman representative strategist
    pollster analyst economist professor researcher author organiser organizer founder
    sprecher sprecherin minister ministerin präsident präsidentin porte-parole ministre
    président présidente portavoz ministro ministra presidente"""
)
#: a capitalised word of a name: "Ted", "Sen.", "J.", "U.S." — a full stop ends a longer word
#: (initials run together first: "H.W." is one word, not "H." then a stop)
_CAPWORD = r"(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][a-z]{0,2}\.|[A-ZÀ-ÖØ-Þ][\w’'\-]*\w)"
_NP_LINKS = _words("of for de des du del della aux der")
_FOREIGN_STOP = _words("nach am im vor bei auf zu mit gegenüber en à au après lors pendant "
                       "el tras durante ante ce ayer hoy heute gestern mardi lundi")
_SCRIPT_NO_SPACE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _has(*marks: str):
    """A test that a page holds all of ``marks`` (one or two)."""
    if len(marks) == 1:
        (m,) = marks
        return lambda text: m in text
    a, b = marks
    return lambda text: a in text and b in text


def _mistyped_close(text: str) -> bool:
    """Whether a page holds an opening mark typed for a closing one, after punctuation
    (',“ '); the mark and a space are looked for first, as most pages hold neither."""
    return "“ " in text and (",“ " in text or ".“ " in text or "?“ " in text or "!“ " in text)


def _twice(mark: str):
    """A test that a page holds ``mark`` twice (a quote opens and closes on it)."""
    return lambda text: text.count(mark) >= 2


#: (opening, closing) quotation mark pairs, tried in this order.
_PAIRS = [  # (test, pattern): a page the test fails cannot hold the quote, and is not read
    (_has("„"), re.compile(r"„(?P<q>[^„“”\n]{2,3000}?)[“”]")),
    # mixed marks first, on pages that hold both: “…" then "…”, so that '“A," he said. "B.”'
    # is two quotes, not one from “ to ” over the attribution (a straight mark before a
    # word opens, one after a word closes: '“the "Big Lie" is”' stays one quote)
    (_has("“", "\""), re.compile(r"“(?P<q>[^“”\"\n]{2,3000}?)\"(?!\w)")),
    (_has("”", "\""), re.compile(r"\"(?<![\w\"]\")(?=\w)(?P<q>[^“”\"\n]{2,3000}?)”")),
    (_has("“"), re.compile(r"“(?P<q>[^“”]{2,3000}?)”")),
    # an opening mark typed for the closing one, after punctuation: '“… for her here,“ said'
    (_mistyped_close, re.compile(r"“(?P<q>[^“”\n]{2,3000}?[,.?!])“(?= )")),
    (_has("«"), re.compile(r"«\s?(?P<q>[^«»]{2,3000}?)\s?»")),
    (_has("»"), re.compile(r"»(?P<q>[^«»\n]{2,3000}?)«")),
    (_has("「"), re.compile(r"「(?P<q>[^「」]{2,3000}?)」")),
    (_has("『"), re.compile(r"『(?P<q>[^『』]{2,3000}?)』")),
    (_has("\""), re.compile(r"\"(?<![\w\"]\")(?P<q>[^\"\n]{2,3000}?)\"(?!\w)")),
    (_has("‚"), re.compile(r"‚(?P<q>[^‚‘’\n]{10,3000}?)[‘’]")),
    (_has("‘"), re.compile(r"‘(?<![\w‘’]‘)(?P<q>[^‘’\n]{10,3000}?)’(?!\w)")),
    # two apostrophes for quotation marks (The New York Times): ''I'm O.K.,'' he said.
    (_twice("''"), re.compile(r"''(?P<q>[^'\n](?:[^'\n]|'(?!'))*?)''")),
]
#: a paragraph opened by a quotation mark that it never closes
_RUNS_ON = re.compile(r"\n[ \t]*([\"“„«「]|'')([^\n]+)")  # read on "\n" + text
_OPENERS = '"“„«»‘‚「『'
_CLOSERS = '"”“»«’‘」』'
_MARKS = _OPENERS + _CLOSERS + " \u00a0"
_TOKEN = re.compile(r"\w+(?:[’'.\-]+\w+)*[’']?|[,:;()\[\]—–]|(?<=\s)-(?=\s)")
_ABBREV = _words("mr mrs ms dr sen rep gov gen lt col st jr sr prof rev adm sgt u.s no vs v "
                 "inc corp co ft mt maj capt cmdr")


@dataclass(slots=True)
class _Speaker:
    name: str
    start: int
    end: int
    how: str


# ---------------------------------------------------------------- text structure


class _Text:
    """One story with the lookups attribution needs, each built in one pass."""

    def __init__(self, text: str) -> None:
        self.text = text
        # paragraphs: non-blank lines (a blank line between two is not one of them)
        self.para_starts = [0] + [m.end() for m in _PARA_START.finditer(text)]
        # a full stop after five letters never ends an abbreviation: no need to look
        self.sent_ends = [
            m.end() for m in _SENT_END.finditer(text)
            if text[m.start()] != "." or text[m.start() - 5:m.start()].isalpha()
            or not _abbrev_before(text, m.start())
        ]
        self.scanned = 0  # characters read by attribution windows (tests bound it)

    def para_start(self, pos: int) -> int:
        return self.para_starts[bisect.bisect_right(self.para_starts, pos) - 1]

    def para_end(self, pos: int) -> int:
        i = self.text.find("\n", pos)
        return len(self.text) if i < 0 else i

    def para(self, pos: int) -> int:
        return bisect.bisect_right(self.para_starts, pos) - 1

    def sent_start(self, pos: int) -> int:
        i = bisect.bisect_right(self.sent_ends, pos) - 1
        return max(self.sent_ends[i] if i >= 0 else 0, self.para_start(pos))

    def sent_end(self, pos: int) -> int:
        i = bisect.bisect_right(self.sent_ends, pos)
        end = self.sent_ends[i] if i < len(self.sent_ends) else len(self.text)
        return min(end, self.para_end(pos))


_SENT_END = re.compile(r"[.!?…](?:''|[\"”’»])?\s+")


_PARA_START = re.compile(r"\n\s*(?=\S)")  # the first character of the next non-blank line


def _next_word(text: str, i: int, stop: int) -> int:
    """``i``, or the start of the next word when a window's edge at ``i`` cuts a word."""
    if i == 0 or i >= len(text) or not text[i - 1].isalnum() or not text[i].isalnum():
        return i
    while i < stop and text[i].isalnum():
        i += 1
    return i


def _abbrev_before(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation ("Sen.", "U.S.", "J.")."""
    lo = max(0, dot - 6)
    j = max(text.rfind(" ", lo, dot), text.rfind("\n", lo, dot), text.rfind("(", lo, dot))
    if j < 0 and lo > 0:
        return False  # a word of six letters or more
    word = text[j + 1:dot].lower()
    return word in _ABBREV or (len(word) == 1 and word.isalpha())


_THREE_WORDS = re.compile(r"\w+\W+\w+\W+\w")


def _three_words(s: str) -> bool:
    """Whether a quote holds three words or more (in Chinese or Japanese, which have no
    spaces, six word characters), read only as far as needed."""
    if _THREE_WORDS.search(s) is not None:
        return True
    return _SCRIPT_NO_SPACE.search(s) is not None and len(_WORDCHAR.findall(s)) >= 6


#: the marks that close a paragraph's opening mark
_CLOSING = {"\"": ("\"", "”"), "“": ("”", "\""), "„": ("“", "”"), "«": ("»",), "「": ("」",),
            "''": ("''",)}


#: a straight mark closes a quote only where no word follows it ('"Big Lie" is' opens at
#: the first, closes at the second)
_STRAIGHT_CLOSE = re.compile(r'"(?!\w)')


def _closed(opener: str, rest: str) -> bool:
    """Whether a paragraph opens on a short quote that it closes ('“Really,” she added …':
    a quote of fewer than three words, skipped, not one that runs on)."""
    ends = []
    for c in _CLOSING[opener]:
        if c == '"':
            m = _STRAIGHT_CLOSE.search(rest)
            i = m.start() if m else -1
        else:
            i = rest.find(c)
        if i >= 0:
            ends.append(i)
    return bool(ends) and not _three_words(rest[:min(ends)])


def _spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the quoted texts, outermost first; nested quotes stay inside."""
    taken: list[tuple[int, int]] = []
    starts: list[int] = []

    def free(s: int, e: int) -> bool:
        i = bisect.bisect_right(starts, e)
        return i == 0 or taken[i - 1][1] < s

    def take(s: int, e: int) -> None:
        i = bisect.bisect_right(starts, s)
        starts.insert(i, s)
        taken.insert(i, (s, e))

    for test, pat in _PAIRS:
        if not test(text):
            continue  # mixed marks (“…") are looked for only where both occur, a
            # mistyped closing mark only after punctuation
        for m in pat.finditer(text):
            s, e = m.span(1)
            if free(s, e) and _three_words(m[1]):
                take(s, e)
    # a paragraph opened by a quotation mark that it never closes: the quote runs on
    # (a pattern opening on a line break is found by fast search; "^" in multi-line mode
    # is tried at every character)
    for m in _RUNS_ON.finditer("\n" + text):
        s, e = m.start(2) - 1, m.end(2) - 1
        if free(s, e) and _three_words(m[2]) and not _closed(m[1], m[2]):
            take(s, e)
    return taken


# ---------------------------------------------------------------- noun phrases


def _span_tokens(text: str, s: int, e: int) -> list[tuple[str, int, int]]:
    """The tokens of text[s:e], read in place (no copy of the window)."""
    return [(m[0], m.start(), m.end()) for m in _TOKEN.finditer(text, s, e)]


def _tokens(s: str, base: int) -> list[tuple[str, int, int]]:
    return [(m[0], base + m.start(), base + m.end()) for m in _TOKEN.finditer(s)]


def _is_cap(w: str) -> bool:
    return w[:1].isupper()


def _cue_at(toks: list[tuple[str, int, int]], i: int) -> int:
    """Length in tokens of the cue starting at token i (0: none)."""
    w = toks[i][0].lower()
    if w == "state" and i > 0 and toks[i - 1][0].isalpha() and toks[i - 1][0].islower() and (
            toks[i - 1][0] not in ("they", "we", "i", "you")):
        return 0  # "her adopted home state and then boomed": a noun
    if w in _CUES and (not _is_cap(toks[i][0]) or (
            i > 0 and toks[i - 1][0] == "," and w.endswith("ed") and toks[i][0][1:].islower())):
        return 1  # "Murphy, the head of Right to Rise USA, Tweeted on Friday"
    if w in ("according", "selon", "según", "laut"):
        if w != "according":
            return 1
        if i + 1 < len(toks) and toks[i + 1][0].lower() == "to":
            return 2
    if w in _PHRASAL and i + 1 < len(toks) and toks[i + 1][0] == _PHRASAL[w]:
        return 2  # "As Tom Ridge put it: …", "Mr. Smith shot back: …", "X pointed out"
    return 0


#: verbs that are cues with their particle only ("put it", not "put the bill")
_PHRASAL = {"put": "it", "puts": "it", "pointed": "out", "points": "out", "shot": "back",
            "fired": "back", "hit": "back", "spelled": "out", "summed": "up", "went": "on",
            "goes": "on"}


def _np_back(toks: list[tuple[str, int, int]], end: int) -> tuple[int, int] | None:
    """The noun phrase ending just before token ``end`` (skipping adverbs, a parenthesis and
    an apposition): (first token, last token + 1), or None."""
    i = end - 1
    while i >= 0 and toks[i][0].lower() in _ADVERBS:
        i -= 1
    if i >= 0 and toks[i][0] == ",":
        # "Dmitry Peskov, spokesman for the Kremlin, said" / "Packer, who chairs X, said" /
        # "Carole Bower, 75, a retiree in Carthage, Ill., said": the name before the
        # apposition, read back over up to three commas; a place after a preposition is none
        j = i
        for _ in range(3):
            j -= 1
            stop = j - 16
            while j >= 0 and j > stop and toks[j][0] not in (",", ";", ":", "—", "–"):
                j -= 1
            if j < 0 or toks[j][0] != ",":
                break
            head = _np_back(toks, j)
            if not head:
                continue
            seg = toks[j + 1:i] if i - j <= 5 else ()
            if (seg and all(_is_cap(t[0]) for t in seg) and not _is_cap(toks[head[1] - 1][0])
                    and j == i - len(seg) - 1):
                # "The author of the book, Mitchell Zuckoff, said": the name in apposition
                return j + 1, i
            before = toks[head[0] - 1][0].lower() if head[0] > 0 else ""
            if head[0] >= 2 and before in ("of", "from"):
                # "Michael Brown of Washington, D.C., explained": the person, not the place
                person = _np_back(toks, head[0] - 1)
                if person and _is_cap(toks[person[0]][0]):
                    return person
            if before in _PLACE_PREPS:
                continue
            if any(_is_cap(t[0]) for t in toks[head[0]:head[1]]):
                return head
        i -= 1
    if i >= 0 and toks[i][0] == ")":
        while i >= 0 and toks[i][0] != "(":
            i -= 1
        i -= 1
    last = i
    while i >= 0 and last - i < 9:
        w = toks[i][0]
        lw = w.lower()
        if lw in _DETS:
            i -= 1
            break
        if w in (",", ";", ":", "(", ")", "—", "–", "-") or lw in _NP_STOP or lw in _CUES:
            break
        i -= 1
    first = i + 1
    if first > last:
        return None
    if (first >= 2 and toks[first - 1][0].lower() in _TIME_PREPS
            and not any(_is_cap(t[0]) for t in toks[first:last + 1])):
        # "Trump at the time said": the subject stands before the time phrase
        alt = _np_back(toks, first - 1)
        if alt and _is_cap(toks[alt[0]][0]):
            return alt
    return first, last + 1


_PLACE_PREPS = _words("in of from at outside near inside for with to")
_TIME_PREPS = _words("at in on during after before by over since until")


def _names_someone(toks: list[tuple[str, int, int]], start: int, end: int) -> bool:
    """Whether tokens start..end hold a name of two capitalised words ("voter Stephanie
    Hooton"), not after a link word ("la ministra de Medio Ambiente")."""
    return any(_is_cap(toks[k][0]) and _is_cap(toks[k + 1][0])
               and (k == start or toks[k - 1][0].lower() not in _NP_LINKS)
               for k in range(start, end - 1))


def _np_forward(toks: list[tuple[str, int, int]], start: int) -> tuple[int, int] | None:
    """The noun phrase from token ``start`` ("said Sen. Ted Cruz, R-Texas" → "Sen. Ted Cruz"),
    or the name after an apposition ("said the agency's director, Ingrid Halvorsen.")."""
    i = start
    n = len(toks)
    while i < n and i - start < 10:
        w = toks[i][0]
        lw = w.lower()
        if w in (",", ";", ":", "(", ")", "—", "–", "-"):
            break
        if ((lw in _NP_STOP or lw in _FOREIGN_STOP) and lw not in _NP_LINKS
                and not (i == start and _is_cap(w) and i + 1 < n and _is_cap(toks[i + 1][0]))):
            break  # (a given name that is a word too goes on: "said Will Doyle")
        i += 1
    if i == start:
        return None
    first = toks[start][0]
    if i + 2 <= n and toks[i][0] == "," and _is_cap(toks[i + 1][0]) and (
        first.lower() in _DETS or first[:1].islower() or "’" in first or "'" in first
    ) and not _names_someone(toks, start, i):  # not "voter Stephanie Hooton of Derry, N.H."
        j = i + 1
        while j < n and _is_cap(toks[j][0]) and j - i < 5:
            j += 1
        if j == n or toks[j][0] in (",", ".", ";"):
            return i + 1, j
    return start, i


# ---------------------------------------------------------------- people


#: after "'s", words that make it "has" or "is", not a possessive: "Christie's been saying"
_HAS = re.compile(r"[ \u00a0](?:been|got|gotten|not|never|also|always|now|still|done|made|said|"
                  r"become|had|going|running|told|long|already)\b")


#: words that open a sentence before a name ("Neither Donald J. Trump nor …")
#: an apposition of a determiner and up to five words: its last word is its head
_BODY_APPOS = re.compile(r", (?:a|an|the) (?:[\w’'\-]+ ){0,4}?([a-z]+)[,.;]")
#: heads of an apposition that make a name a body: "…, the official news agency,"
_BODY_HEADS = frozenset(
    "agency group company firm newspaper network channel station outlet organization "
    "organisation association institute foundation party committee union coalition "
    "publication magazine website site paper broadcaster daily weekly tabloid".split())
_PRONOUN_CHAINS = True
#: a cue and the name after it: "told Hannity", "asked Mr. Trump"
_OBJECT_NAME = re.compile(r" ([a-z]+) (?:(?:Mr|Mrs|Ms|Dr)\. )?([A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+)?)")
#: a pronoun mention not read yet
_PRONOUN = "\x00pronoun"
#: he and she as words, each pattern opening on a literal the scan skips to
_HE_CAP = ((re.compile(r"He\b"), "m"), (re.compile(r"She\b"), "f"))
_HE_LOW = ((re.compile(r" he\b"), "m"), (re.compile(r" she\b"), "f"))
_CHAIN_LEAD = frozenset("\n\t(\u00a0")
#: generational suffixes after a surname
_SUFFIXES = frozenset("Jr. Jr Sr. Sr II III IV".split())


def _surname(words: list[str]) -> str:
    """The word a full name is used alone by: its last, before a generational suffix
    ("Luther Stan Pate IV" → "Pate")."""
    if len(words) > 2 and words[-1] in _SUFFIXES:
        return words[-2]
    return words[-1]


_LEADS = _words("neither either nor outside inside said says added like unlike without "
                "within despite")


class _People:
    """Person mentions outside quotes, in text order, for pronouns and roles to look back to.

    A capitalised sequence is a person when its first word is a known given name, a title
    precedes it, its last word is used alone elsewhere ("Ted Cruz" … "Cruz"), or it is the
    subject of a cue ("Sullivan said"). Gender comes from the given name, then from a title
    (Mr., Mrs.), then from the pronouns that follow the person's mentions in the story.
    Places and bodies are told by how the story writes them, not by lists of their names:
    words before a title or a role ("Iowa Gov. Terry Branstad", "Arizona governor Jan
    Brewer"), after "in"/"from", in comma lists of capitalised words, or in capitals are no
    person alone (see ``bodies`` and :meth:`place`).
    """

    def __init__(self, text: str, spans: list[tuple[int, int]], sent_start=None) -> None:
        self.sent_start = sent_start or (lambda pos: pos)
        #: how a pronoun mention is read (the resolver's rule: the index's subject or the
        #: last speaker); by default the index's subject alone
        self.refer = None
        #: whether pronoun mentions are read (not before the named speakers are known)
        self.chains = False
        self.full: dict[str, str] = {}  # surname (or given name) → full name
        self.gender: dict[str, str] = {}
        outside = []  # the stretches of text between quotes
        prev = 0
        for qs, qe in spans:
            if qs > prev:
                outside.append((prev, qs))
            prev = max(prev, qe)
        outside.append((prev, len(text)))
        # a headline in title case ("Hillary Just Insulted The Benghazi Families") names no
        # one by its capitals: its first line is left out of the index
        nl = text.find("\n", 0, 300)
        if nl > 0 and _title_case(text[:nl]):
            outside = [(max(a, nl), b) for a, b in outside if b > nl]
        self._outside = outside
        seqs = []  # (start, end, words, title words, possessive): two words or more
        singles = []  # (start, end, word, possessive): one capitalised word
        alone: set[str] = set()
        #: words standing before a title in a name ("Iowa Gov. Terry Branstad", "Kremlin
        #: spokesman …"): places and bodies of this story, never a person alone
        self.bodies: set[str] = set()
        finder = _PERSON_SEQ.finditer
        add_single, not_lone = singles.append, _NOT_LONE
        for a, b in outside:
            for m in finder(text, a, b):
                seq = m[1]
                if " " in seq or "\t" in seq or "\u00a0" in seq:
                    e = m.end()
                    if text[e + 1:e + 2].islower() and _role_after(text, e):
                        # "Former Arizona governor Jan Brewer": a place or a body before a
                        # role, no person (one word before a role: see _mentions)
                        words = [w for w in seq.split() if w.lower() not in _TITLES]
                        if words and gender_of(words[0]) is None:
                            self.bodies.update(w.rstrip(".") for w in words)
                        continue
                    self._many(m, seq, seqs, singles, alone, self.bodies)
                    continue
                # one word: most capitals are this (sentence openers, places); keep it cheap
                s, e = m.span()
                if seq.endswith(("’s", "'s")):
                    w, poss = seq[:-2], _HAS.match(text, e) is None
                else:
                    w, poss = seq.rstrip("."), False
                if w.lower() in not_lone:
                    continue  # "Instead, the senator …" is no apposition to a person
                alone.add(w)
                add_single((s, e, w, poss, False))
        self._index(text, seqs, singles, alone)

    @staticmethod
    def _many(m: re.Match, seq: str, seqs: list, singles: list, alone: set[str],
              bodies: set[str]) -> None:
        """A sequence of capitalised words: its titles apart, unless a place or a body; the
        words before a title inside it are a place or a body ("Iowa Gov. Terry Branstad")."""
        words = seq.split()
        low = seq.lower().split()
        k = 0
        start = m.start()
        # "NBC’s Chuck Todd", "Florida’s Rick Wilson": the name after the possessive
        if "s " in seq and ("’s " in seq or "'s " in seq):
            for i in range(len(words) - 2, -1, -1):
                if words[i].endswith(("’s", "'s")):
                    k = i + 1
                    break
        while k < len(low) and (low[k] in _TITLES or low[k] in _NOT_NAMES):
            k += 1
        if k == 0 and len(words) > 1 and (low[0] in _LEADS or low[0] in _PREPOSITIONS or (
                low[0].endswith("ing") and gender_of(words[0]) is None)):
            # "Neither Donald J. Trump nor …", "About Hillary Clinton, …", "Said Dorothy
            # Poynter", "Debating Clinton …": a word opening the sentence, not the name's;
            # the mention starts after it ("Like Makaeff, …, Roffman doesn't want")
            k = 1
            start += len(seq) - len(seq.split(None, 1)[1])
        # "Not Yet", "In Concord": a word of _NOT_NAMES before a name is no title
        titles = [w for w in low[:k] if w in _TITLES] if k else []
        # "GOP Chairman Chuck Williams", "White House Press Secretary Josh Earnest", "Iowa
        # Gov. Terry Branstad": a body or a place, then a title, then the name
        j = -1 if _TITLES.isdisjoint(low[k + 1:-1]) else max(
            (i for i in range(k + 1, len(low) - 1) if low[i] in _TITLES
             and low[i] not in _NOT_PERSON), default=-1)
        if j > 0 and _NOT_PERSON.isdisjoint(low[j + 1:]):
            if gender_of(words[k]) is None:  # not "Bernie Sanders Campaign Manager …"
                bodies.update(w.rstrip(".") for w, lw in zip(words[k:j], low[k:j], strict=True)
                              if lw not in _TITLES)
            k, titles = j + 1, [low[j]]
        if k == len(words) or low[-1] in _NOT_NAMES or not _NOT_PERSON.isdisjoint(
                [w.rstrip(".") for w in low[k:]]):
            return  # no name left, or a place or a body ("Ohio State University")
        words = words[k:]
        if words[-1].endswith(".") and len(words[-1]) > 3:
            words[-1] = words[-1][:-1]
        poss = words[-1].endswith(("’s", "'s"))
        if poss:
            words[-1] = words[-1][:-2]
            poss = _HAS.match(m.string, m.end()) is None
        if len(words) == 1:
            alone.add(words[0])
            # the title's gender, where it has one, stays with the mention: "Mrs. Clinton"
            # beside "Bill Clinton" is another person (True: a title of no gender)
            singles.append((start, m.end(), words[0], poss,
                            _title_gender(titles) or bool(titles)))
        else:
            seqs.append((start, m.end(), words, titles, poss))

    def _index(self, text: str, seqs: list, singles: list, alone: set[str]) -> None:
        """Full names, genders and the person mentions, from the capitalised sequences."""
        full = self.full
        for s, e, words, titles, _p in seqs:
            g = gender_of(words[0])
            last = _surname(words)
            if not (g or titles or last in alone or _cue_after(text, e)
                    or _role_before(text, s) or _comma_cue(text, e)):
                continue
            name = " ".join(words)
            full.setdefault(last, name)
            if g:
                full.setdefault(words[0], name)
            g = g or _title_gender(titles)
            if g:
                self.gender.setdefault(name, g)
        # "Rubio supporter Scott Szlachta" beside "Marco Rubio": a person before a role
        self.bodies.difference_update(full)
        #: the bodies known before any pronoun asks (speakers are checked against these, so
        #: the answer does not depend on whether the mentions were read yet)
        self.named_bodies = frozenset(self.bodies)
        self._text = text
        self._places: dict[str, bool] = {}
        self._appos: dict[str, bool] = {}
        self._pending: tuple[list, list] | None = (seqs, singles)
        # whether each mention opens a (subordinate) clause, and the genders the story's
        # pronouns give: read on the first pronoun only (most stories index people for
        # surnames alone)
        self._clauses: list[tuple[bool, bool | str] | None] | None = None
        self._voted = False

    def _mentions(self) -> None:
        """The person mentions in text order (``pos``, ``names``), read on the first
        pronoun: a story whose speakers are all named needs only the full names."""
        if self._pending is None:
            return
        seqs, singles = self._pending
        self._pending = None
        text, full = self._text, self.full
        # a lone word named as a person once ("Ban said") is that person everywhere
        # ("…, Ban demurred"); only a comma or a space after it can open a cue
        lone = {w for s, e, w, _p, titled in singles
                if w not in full and (titled or (text[e:e + 1] in (",", " ")
                                                 and _cue_after(text, e)
                                                 and not _after_preposition(text, s))
                                      or _kin_appos(text, s, e)
                                      or text[s - 6:s] == "named ")}  # "resident named …"
        # a word alone that opens a sentence before a verb ("Cruz openly admitted …",
        # "Carson defied …") may be a person too; the pronouns after it must say so, since
        # "Apple unveiled …" opens sentences alike (see _fits)
        self.weak = {w for s, e, w, poss, _t in singles
                     if not poss and w not in full and w not in lone
                     and _verb_after(text, e) and _opens_sentence(text, s)}
        lone |= self.weak
        # "Clinton campaign chairman John Podesta", "Arizona governor Jan Brewer": a word
        # before a role is no mention of a person; a place or a body unless it ends a name
        roled = {s for s, e, w, poss, _t in singles
                 if text[e + 1:e + 2].islower() and not poss and (w in full or w in lone)
                 and _role_after(text, e)}
        self.bodies.update(w for s, _e, w, _p, _t in singles
                           if s in roled and w not in full and gender_of(w) is None)
        lone = {w for w in lone if w not in self.bodies and not self.place(w)
                and not self.appos_body(w)} if lone else lone
        for w in lone:  # a given name alone keeps its gender ("his wife, Kathryn,")
            g = gender_of(w)
            if g:
                self.gender.setdefault(w, g)
        found = []  # (start, name, titled: the title's gender or a bool, possessive)
        for s, e, w, poss, titled in singles:
            if s in roled:
                continue
            name = full.get(w) or (w if w in lone else "")
            if name and isinstance(titled, str) and self.gender.get(name, titled) != titled:
                # "Mrs. Clinton" where "Clinton" is Bill Clinton: the title and the surname
                name = text[s:e].removesuffix("’s").removesuffix("'s")
            if name:
                found.append((s, name, titled, poss))
        for s, e, words, titles, poss in seqs:
            name = " ".join(words)
            last = _surname(words)
            if (full.get(last) not in (None, name) and gender_of(words[0]) is None
                    and not _cue_after(text, e)):
                # (a given name keeps its own: "Bill Clinton" beside "Hillary"; so does a
                # full name in apposition: "Trump's daughter, Ivanka Trump, who …")
                continue
            if last not in full and not _cue_after(text, e):
                continue
            found.append((s, name, bool(titles), poss))
        found.sort()
        #: the person mentions alone, for the gender votes
        self._people_at = [(f[0], f[1]) for f in found]
        # he and she as subjects, outside quotes: each stands for the person it was read
        # to mean, in text order ("Juanita Broaddrick … She has said … On Sunday, she
        # disclosed … ‘…,’ she said"); the name is filled when a lookback reaches it (see
        # _refer), once the named speakers are known (``chains``)
        if _PRONOUN_CHAINS:
            n = len(found)
            add = found.append
            out = self._outside
            lo = out[0][0] if out else len(text)
            starts = [a for a, _b in out]
            # "He", "She": by the capitals' literal search ("the" is never met); only where
            # a clause can open: after a stop, a comma, a quote mark or a space after a
            # word of "and", "but", … (see _clause_subject); never inside a quote
            for pat, g in _HE_CAP:
                for m in pat.finditer(text, lo):
                    s = m.start()
                    c = text[s - 1:s]
                    if (s == 0 or c in _CHAIN_LEAD or (
                            c == " " and not text[s - 2:s - 1].isalnum())) and _in_stretch(
                                s, starts, out):
                        add((s, _PRONOUN, g, False))
            for pat, g in _HE_LOW:  # " he", " she"
                for m in pat.finditer(text, lo):
                    s = m.start() + 1
                    if text[s - 2:s - 1].isalnum():
                        w = text[max(0, s - 9):s - 1].split()
                        if not (w and w[-1].lower() in _CLAUSE_OPENERS):
                            continue
                    if _in_stretch(s, starts, out):
                        add((s, _PRONOUN, g, False))
            if len(found) > n:
                found.sort()
        self.pos: list[int] = [f[0] for f in found]
        self.names: list[str] = [f[1] for f in found]
        self._found = found
        self._depth = 0  # pronoun mentions being read, one inside another

    def _clause(self, i: int) -> tuple[bool, bool | str]:
        """(salient, subordinate) of mention ``i``: a main clause's subject, not a
        possessive; or the subject of a subordinate clause ("… that Donald Trump …")."""
        if self._clauses is None:
            self._clauses = [None] * len(self._found)
        c = self._clauses[i]
        if c is None:  # read on demand: a pronoun looks back over a few mentions only
            s, _n, titled, poss = self._found[i]
            salient, sub = _clause_subject(self._text, s, titled)
            c = self._clauses[i] = (salient and not poss, sub)
        return c

    def minor_at(self, pos: int) -> bool:
        """Whether the person mention of a speaker phrase starting at ``pos`` ("the paper's
        Robert Costa") is no main clause's subject (an object, a possessive, a subordinate
        clause's subject); False where no mention starts within 40 characters."""
        self._mentions()
        i = bisect.bisect_left(self.pos, pos)
        if i == len(self.pos) or self.pos[i] >= pos + 40 or self._found[i][1] is _PRONOUN:
            return False
        salient, sub = self._clause(i)
        return not salient or bool(sub)

    def appos_body(self, w: str) -> bool:
        """Whether the story writes a word alone with a body's apposition: "Xinhua, the
        official Chinese news agency, wrote" (each word looked up once, by fast search)."""
        hit = self._appos.get(w)
        if hit is None:
            hit = False
            text, key = self._text, w + ", "
            i = text.find(key)
            while i >= 0 and not hit:
                m = _BODY_APPOS.match(text, i + len(w))
                hit = m is not None and m[1] in _BODY_HEADS and (
                    i == 0 or not text[i - 1].isalnum())
                i = text.find(key, i + 1)
            self._appos[w] = hit
        return hit

    def place(self, w: str) -> bool:
        """Whether the story writes a word as a place: after "in" or "from" ("in
        California,", "in Aurora, Colorado,"), in a list of three capitalised words or more
        ("Nevada, Ohio, Pennsylvania"), or in capitals ("WASHINGTON", "CNN"). Asked of words
        alone only: a person's full name is still a person ("faith in Obama" beside "Barack
        Obama"). Each word is looked up once, by fast search for it."""
        hit = self._places.get(w)
        if hit is None:
            hit = len(w) > 1 and w.isupper()
            text = self._text
            n = len(w)
            for lead in (" in ", " from ", ", "):  # the only ways in: fast search for them
                i = text.find(lead + w)
                while not hit and i >= 0:
                    s, e = i + len(lead), i + len(lead) + n
                    if e == len(text) or not text[e].isalnum():
                        before, after = text[max(0, s - 40):s], text[e:e + 24]
                        hit = (_PLACE_BEFORE.search(before) is not None
                               and _PLACE_AFTER.match(after) is not None) or (
                            _LIST_BEFORE.search(before) is not None
                            and _LIST_AFTER.match(after) is not None)
                    i = text.find(lead + w, e)
            self._places[w] = hit
        return hit

    @property
    def genders(self) -> dict[str, str]:
        """Gender per full name: given name or title, else the pronouns after it."""
        if not self._voted:
            self._voted = True
            self._mentions()
            self._vote_gender(self._text)
        return self.gender

    def _vote_gender(self, text: str) -> None:
        """Names without a gender take the one of the pronouns that follow their mentions."""
        votes: dict[str, list[int]] = {}
        at = self._people_at
        for k, (pos, name) in enumerate(at):
            if name in self.gender:
                continue
            stop = min(at[k + 1][0] if k + 1 < len(at) else len(text), pos + 200)
            if name in self.weak:
                if _plural_shape(name):
                    continue  # "Analysts said …", "Friends offered …": no he or she
                # a word alone is a person by a pronoun of its own sentence only ("Cruz
                # admitted that his pick …", not "Apple unveiled it. … he said")
                end = text.find(". ", pos, stop)
                stop = stop if end < 0 else end
            # the first he, she, his or hers: "him" and "her" are most often someone else
            # ("Obama backed her up", "told him")
            for m in _GENDERED.finditer(text, pos, stop):
                w = m.group(0).lower()
                if w not in ("him", "her"):
                    v = votes.setdefault(name, [0, 0])
                    v[0 if w in ("he", "his") else 1] += 1
                    break
        for name, (m_, f_) in votes.items():
            if m_ != f_:
                self.gender[name] = "m" if m_ > f_ else "f"

    def full_name(self, name: str) -> str:
        if len(name.split()) == 1:
            return self.full.get(name, name)
        return name

    def before(self, pos: int, gender: str | None,
               not_: str | None = None) -> tuple[str, int, bool] | None:
        """The person a pronoun at ``pos`` most likely refers to: the nearest preceding
        sentence that mentions a person of a fitting gender as a clause's subject (not after a
        preposition, not as a possessive) gives its first such person; failing that, the
        nearest fitting mention of any kind."""
        self._mentions()
        i = bisect.bisect_left(self.pos, pos) - 1
        fallback = None
        k = 0
        pick = self._pick
        while i >= 0 and k < 15:
            if self._fits(i, gender, not_):
                if self._clause(i)[0]:
                    # the sentence's first fitting subject of a main clause, else its first
                    # fitting subject ("Asked whether … Donald Trump …, Ban demurred": Ban)
                    lo = bisect.bisect_left(self.pos, self.sent_start(self.pos[i]))
                    first = None
                    for j in range(lo, i + 1):
                        salient, sub = self._clause(j)
                        if salient and self._fits(j, gender, not_):
                            if not sub:
                                name = pick(j, not_)
                                if name is not None:
                                    return name, self.pos[j], True
                            elif first is None and pick(j, not_) is not None:
                                first = j
                    # the subject of a clause opening the sentence ("Though Ms. Olivieri has
                    # …, the influx … has led …") is its topic where no person is the main one
                    if first is not None:
                        return (pick(first, not_), self.pos[first],
                                self._clause(first)[1] == "lead")
                if fallback is None:
                    name = pick(i, not_)
                    if name is not None:
                        fallback = (name, self.pos[i], False)
            i -= 1
            k += 1
        return fallback

    def _pick(self, j: int, not_: str | None) -> str | None:
        """The name mention ``j`` gives (a pronoun's: the person it was read to mean)."""
        name = self.names[j]
        if name is _PRONOUN:
            name = self._refer(j)
        return None if name == not_ else name

    def _refer(self, j: int) -> str | None:
        """The person pronoun mention ``j`` was read to mean (read on the first lookback
        that reaches it: only a main clause's he or she; a chain deeper than 40 is cut)."""
        name = self.names[j]
        if name is not _PRONOUN:
            return name
        if self._depth >= 40:
            return None
        name = None
        if self._clause(j) == (True, False):  # not "how he planned"
            g = self._found[j][2]
            self._depth += 1
            hit = self.refer(self.pos[j], g) if self.refer else self.before(self.pos[j], g)
            self._depth -= 1
            name = hit[0] if hit is not None else None
        self.names[j] = name
        return name

    def _fits(self, i: int, gender: str | None, not_: str | None = None) -> bool:
        name = self.names[i]
        if name is _PRONOUN:  # read when picked (see _pick): its own gender, a main clause
            return self.chains and (gender in (None, "p") or self._found[i][2] == gender) and (
                self._clause(i) == (True, False))
        if name is None or (not_ is not None and name == not_):
            return False  # a pronoun that was read to no one; the cue's object
        if gender in (None, "p"):
            return True
        titled = self._found[i][2]
        if isinstance(titled, str):  # "Mrs. Clinton", whatever "Clinton" names elsewhere
            return titled == gender
        g = self.genders.get(self.names[i])
        if g is None and self.names[i] in self.weak:
            return False
        return g is None or g == gender


_WORD_AT = re.compile(r"\w+")

_CLAUSE_OPENERS = _words(
    """and but so then as when while because although though after before since if once
    that where even also only later now still meanwhile"""
)
def _cue_after(text: str, e: int) -> bool:
    """A cue or an apposition right after a name: "Sullivan said", "Sullivan, who …"."""
    nxt = text[e: e + 1]
    if nxt == ",":
        if _APPOS.match(text, e) is not None:
            return True
        # a role in apposition: "RoseAnn DeMoro, executive director of …"
        role = _ROLE_APPOS.match(text, e)
        return role is not None and (role[1] in _ROLE_HEADS or role[1] in _TITLES
                                     or role[1] in _LAY_ROLES)
    if nxt != " ":
        return False
    w = text[e + 1: e + 16].split(None, 1)
    return bool(w) and w[0].strip(",.") in _CUES


def _comma_cue(text: str, e: int) -> bool:
    """A comma and a cue after a full name: "The firm's CEO, Kimberley Fritts, said …"
    (asked of names of two words or more: "the state capital, Sacramento, said" is none)."""
    role = _ROLE_APPOS.match(text, e)
    return role is not None and role[1] in _CUES


def _kin_appos(text: str, s: int, e: int) -> bool:
    """A word alone in apposition to a role or a kinship noun: "his wife, Jane, called",
    "Clinton's husband, Bill, hurled"."""
    if text[e:e + 1] != "," or text[s - 2:s] != ", ":
        return False
    before = text[max(0, s - 16):s - 2]
    w = before[before.rfind(" ") + 1:]
    return (w in _LAY_ROLES or w in _ROLE_HEADS or w in _FEMALE_NOUNS
            or w in _MALE_NOUNS)


def _in_stretch(pos: int, starts: list[int], stretches: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` lies in one of the stretches (sorted, apart) that open at ``starts``."""
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < stretches[i][1]


def _title_case(line: str) -> bool:
    """A line whose words of four letters or more, four at least, are all capitalised: a
    headline's style ("Hillary Just Insulted The Benghazi Families")."""
    words = [w for w in line.split() if w[0].isalpha()]
    long = [w for w in words if len(w) > 3]
    # (a short sentence of names has a verb in lower case: "Ann Holt met Peter Marsh")
    return len(long) >= 4 and all(w[0].isupper() or (len(w) < 5 and w in _NOT_NAMES)
                                  for w in words)


def _plural_shape(w: str) -> bool:
    """A word shaped like an English plural: "Analysts", "Friends" (not "Ross", "Davis")."""
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "is", "us", "'s", "’s"))


def _role_before(text: str, s: int) -> bool:
    """A role or a title in lower case right before a name: "professor Brigid Harrison",
    "delegate John Archer"."""
    if text[s - 1:s] != " " or not text[s - 2:s - 1].islower():
        return False
    before = text[max(0, s - 16):s - 1]
    w = before[before.rfind(" ") + 1:]
    return w in _ROLE_HEADS or w in _LAY_ROLES or w in _TITLES or w == "named"


def _opens_sentence(text: str, s: int) -> bool:
    """Whether the word at ``s`` opens a sentence or a paragraph."""
    before = text[max(0, s - 4): s].rstrip(" \u00a0\t\"“”'‘’")
    return not before or before[-1] in ".!?\n"


def _verb_after(text: str, e: int) -> bool:
    """A verb in the past or a cue after a word, over one adverb: "Cruz openly admitted"."""
    m = _VERB_AFTER.match(text, e)
    if m is None:
        return False
    w = m[1]
    return w in _CUES or (w.endswith("ed") and len(w) > 4)


#: a lower-case word after a space, over one adverb in -ly
_VERB_AFTER = re.compile(r" (?:[a-z]{3,}ly )?([a-z]+)\b")


def _after_preposition(text: str, s: int) -> bool:
    """Whether the word before ``s`` is a preposition or a conjunction: "in Concord, the
    …", "Antarctica and Greenland, the …" name places, not people."""
    before = text[max(0, s - 12): s].rstrip()
    return before[before.rfind(" ") + 1:].lower() in _PLACE_WORDS


_PLACE_WORDS = _words("in of from at to near outside inside across and or into through "
                      "toward towards visit visited visiting")


#: lower-case roles that stand before a name ("delegate John Archer")
_LAY_ROLES = _words("delegate voter resident student worker activist supporter member host "
                    "anchor reporter columnist correspondent owner partner scientist friend "
                    "neighbour neighbor witness teacher nurse doctor farmer officer user "
                    "consultant operative cousin wife husband son daughter brother sister "
                    "mother father uncle aunt developer entrepreneur donor fundraiser "
                    "lobbyist historian investor lawmaker legislator billionaire mogul "
                    "tycoon businessman businesswoman editor writer journalist commentator "
                    "blogger novelist physician surgeon veteran pastor")
_SUBORDINATORS = _words("that whether if because although though since unless whom")


def _clause_subject(text: str, pos: int, titled: bool) -> tuple[bool, bool | str]:
    """Whether a mention opens a clause: after punctuation, at the start, or after a clause
    opener ("and", "when", …) — not after a verb or a preposition — also behind a role that
    opens the clause ("Florida delegate John Archer", "Rubio spokesman Alex Conant"); and
    whether that clause is a subordinate one ("… that Donald Trump …"; "lead": one opening
    the sentence, "When Mr. Trump tried …, Mr. Kasich differed")."""
    before = text[max(0, pos - 16): pos].rstrip(" \u00a0")
    prev = before[before.rfind(" ") + 1:].lower()
    if prev.endswith("-year-old") and prev[:1].isdigit():
        # "Ohio, 62-year-old Brenda Johnson also railed": the clause as without the age
        return _clause_subject(text, max(0, pos - 16) + before.rfind(" ") + 1, titled)
    # "When Mr. Trump tried …, Mr. Kasich differed": a subordinate clause opening the
    # sentence (not "… said when Trump …", read as the main clause's own); the mention may
    # hold the subordinator ("When Mr. Trump")
    first = text[pos:pos + 8].split(" ", 1)[0].lower()
    lead = (prev in _LEADING_SUBS
            and _opens_sentence(text, max(0, pos - 16) + before.rfind(" ") + 1)) or (
        first in _LEADING_SUBS and _opens_sentence(text, pos))
    sub: bool | str = "lead" if lead else prev in _SUBORDINATORS
    if prev in ("and", "or") and _NAME_AND.search(before) is not None:
        return False, sub  # "split between Trump and Cruz": names joined, no clause opened
    if prev == "for" and _AS_FOR.search(before) is not None:
        return True, sub  # "As for Trump, he said …": the topic the sentence goes on with
    if (not before or before[-1] in ".,;:—–-(\n\"”“" or prev in _CLAUSE_OPENERS
            or before.endswith("''") or (before[-1] == "’" and before[-2:-1] in ".,?!")
            or (prev in _CUES and prev not in _OBJECT_CUES
                and (prev not in _INVERTING or _inverted_cue(text, pos, prev)))
            or (titled and not prev.isalpha())):
        return True, sub
    if prev in ("is", "was") and _NAME_APPOS.match(text, pos) is not None:
        # "Yet there in the back was Garcia, the grocery store worker.": a person brought in
        # by a copula and described is the one the story goes on with
        return True, sub
    if prev not in _ROLE_HEADS and prev not in _LAY_ROLES and not (
            titled and (prev in _ROLE_MODIFIERS or prev in _NOT_PERSON)):
        return False, sub  # (a title after "campaign": "Clinton campaign Chairman John …")
    lead = text[max(0, pos - 60): pos]
    cut = max(lead.rfind(c) for c in ".,;:\n\"”“—(")
    # "but their neighbor Benjamin Green": a clause opener and a possessive go first
    words = [w for w in lead[cut + 1:].split()
             if w.lower() not in _CLAUSE_OPENERS and w.lower() not in _POSSESSIVES]
    # "Democratic presidential candidate Bernie Sanders": title words in lower case too
    # "Clinton campaign Chairman John Podesta", "the district GOP Chairman Chuck Williams":
    # a body's noun in lower case too
    return cut >= 0 and 0 < len(words) <= 4 and all(
        w[:1].isupper() or w.lower() in _ROLE_HEADS or w.lower() in _LAY_ROLES
        or w.lower() in _TITLES or w in _NOT_PERSON or w in _ROLE_MODIFIERS for w in words
    ), sub


#: a capitalised word, then "and"/"or" ending the text before a mention: "Trump and"
_NAME_AND = re.compile(r"[A-Z][\w’'\-]*[a-z] (?:and|or)$")
#: "As for" opening a clause before a mention
_AS_FOR = re.compile(r"(?:^|[.,;:\n\"”] ?|^\s*)[Aa]s for$")
#: a name, then an apposition: "Garcia, the grocery store worker"
_NAME_APPOS = re.compile(r"[A-Z][\w’'.\-]*(?: [A-Z][\w’'.\-]*){0,3},\s+(?:a|an|the)\b")
#: subordinators that, opening a sentence, put its first subject in a subordinate clause
_LEADING_SUBS = _words("when while as after before since if although though because once "
                       "until unless")
#: lower-case words inside a role before a name: "the district GOP Chairman Chuck Williams"
_ROLE_MODIFIERS = _words("district national local regional state county city former longtime "
                         "top senior campaign")


def _inverted_cue(text: str, pos: int, cue: str) -> bool:
    """Whether the cue before a mention at ``pos`` follows a quote or a comma ('"…," said
    Ryan'), not its own subject ("he said Ryan", an object)."""
    k = text.rfind(cue, max(0, pos - 40), pos)
    lead = text[max(0, k - 3):k].rstrip(" \u00a0")
    return k >= 0 and (not lead or lead[-1] in ",\"”’'—")


_POSSESSIVES = _words("the a an his her their our my its")
#: cues whose next name is their object, not an inverted subject: "a young man asked Clinton"
_OBJECT_CUES = frozenset(f for lemma in ("tell", "ask", "call", "urge", "inform", "remind",
                                         "assure", "reassure", "quote", "mock", "taunt",
                                         "tease", "scold", "instruct", "advise", "counsel",
                                         "thank", "describe", "dub", "label", "lecture",
                                         "question", "answer", "threaten", "cite", "praise")
                         for f in _forms(lemma))
#: a lower-case word, then a capitalised one or a stop, after a capitalised sequence:
#: "Arizona governor Jan Brewer", "a devout Catholic and Donald Trump supporter." (the word is
#: read against the roles and titles)
_ROLE_NEXT = re.compile(r" ([a-z]+)(?: [A-Z]|[.,;:])")


def _role_after(text: str, e: int) -> bool:
    """Whether a role or a title and then a name follow position ``e``: " governor Jan"."""
    if text[e:e + 1] != " " or not text[e + 1:e + 2].islower():
        return False
    role = _ROLE_NEXT.match(text, e)
    return role is not None and (role[1] in _TITLES or role[1] in _ROLE_HEADS
                                 or role[1] in _LAY_ROLES)
#: a place: "in California,", "from Aurora, Colorado." (not "in Trump's", "in Trump Tower")
_PLACE_BEFORE = re.compile(r"\b(?:in|from) (?:[A-Z][a-z]+, )?$")
_PLACE_AFTER = re.compile(r"[,.;:)]| [a-z]")
#: in a comma list of three capitalised words or more: "Florida, Iowa, Michigan and Ohio"
_LIST_BEFORE = re.compile(r"[A-Z][a-z]+, (?:and )?$")
_LIST_AFTER = re.compile(r",(?: and)? [A-Z]")
_APPOS = re.compile(r",\s+(?:a|an|the|who|\d+)\b")
_ROLE_APPOS = re.compile(r", ([a-z]+)\b")
#: up to five capitalised words on one line, not inside a word ("iPhone"); the pattern opens
#: with a character class so the regex engine skips straight to capitals
_PERSON_SEQ = re.compile(
    r"([A-ZÀ-ÖØ-Þ](?<![\w’'.\-][A-ZÀ-ÖØ-Þ])(?:\.(?:[A-Z]\.)+|[a-z]{0,2}\.|[\w’'\-]*\w)"
    r"(?:[ \t\u00a0]+" + _CAPWORD + r"){0,4})"
)
_OPENING_WORDS = _words(
    """here there in on at during after before earlier later meanwhile yesterday today when
    while as since although though still also however speaking asked monday tuesday
    wednesday thursday friday saturday sunday last this back"""
)
_FEMALE_NOUNS = _words("woman mother wife girl daughter sister spokeswoman chairwoman actress "
                       "congresswoman businesswoman grandmother widow lady")
_MALE_NOUNS = _words("man father husband boy son brother spokesman chairman actor congressman "
                     "businessman grandfather widower")
#: he, his, him, she, her, hers (and He, His, She, Her): opens on a character class, so the
#: regex engine skips to candidate letters instead of trying a word boundary everywhere
_GENDERED = re.compile(
    r"[HhSs](?<!\w[HhSs])(?:(?<=[Hh])(?:e|is|er)|(?<=h)(?:im|ers)|(?<=[Ss])he)\b")
_PREPOSITIONS = _words(
    """of to for with against by from about on at in into than like over under behind toward
    towards between among via beat defeated attacked criticized called"""
)


def _non_person(words: list[str]) -> bool:
    if words[-1].lower() in _NOT_NAMES:
        return True
    return any(w.lower().rstrip(".") in _NOT_PERSON for w in words)


def _title_gender(titles: list[str]) -> str | None:
    for t in titles:
        if t in _FEMALE_TITLES:
            return "f"
        if t in _MALE_TITLES:
            return "m"
    return None


def _strip_name(words: list[str]) -> list[str]:
    """"Fox's Chris Wallace" → Chris Wallace; "Kremlin spokesman Dmitry Peskov" → Dmitry
    Peskov; "union organiser Maria Kessel" → Maria Kessel."""
    for k in range(len(words) - 1, -1, -1):
        if words[k].endswith(("’s", "'s")) and k < len(words) - 1:
            words = words[k + 1:]
            break
    while len(words) > 1 and (words[0][:1].islower() or words[0].lower() in _TITLES):
        words = words[1:]
    # "Florida delegate John Archer", "Rubio spokesman Alex Conant": the name after the role
    for k in range(len(words) - 2, 0, -1):
        low = words[k].lower()
        if low in _ROLE_HEADS or low in _LAY_ROLES:
            if words[k][:1].islower() and all(w[:1].isupper() for w in words[k + 1:]):
                return words[k + 1:]
            break
    return words


#: sentence adverbs and connectives that open or close a clause around its subject
_CONNECTIVES = _words(
    """instead moreover likewise meanwhile furthermore however nevertheless nonetheless
    although though while whereas because since then also too still even yet later recently
    earlier afterwards afterward again now here there thus hence indeed besides among
    alongside amid despite unlike like see wait meh appearing famously"""
)
_NUMBERS = _words("one two three four five six seven eight nine ten")
#: single capitalised words that are never a person's name alone
_NOT_LONE = _NOT_NAMES | _NOT_PERSON | _CONNECTIVES


def _description(name: str) -> bool:
    """A speaker that describes rather than names: "the businessman", "The Ohio governor",
    "The Wisconsin Republican"."""
    first, _, rest = name.partition(" ")
    return not _is_cap(name.rsplit(None, 1)[-1]) or bool(rest and first.lower() in _DETS)


def _connective(w: str) -> bool:
    return w.lower().strip(",.;:") in _CONNECTIVES


def _adverb(w: str) -> bool:
    """A lower-case word in -ly ("effectively"): alone, never a speaker."""
    return len(w) > 4 and w.endswith("ly") and w.isalpha() and w.islower()


#: a role and the abbreviation a name may carry instead ("the governor" … "Gov. John Kasich")
_ROLE_ABBREV = {"governor": "gov.", "senator": "sen.", "representative": "rep.",
                "general": "gen.", "congressman": "rep.", "congresswoman": "rep."}


#: a surname behind Mr., Mrs. or Ms.
_TITLED = re.compile(r"M(?<![\w.]M)(r|rs|s)\.? ([A-Z][\w’'\-]+)")


#: words that name no one a later "he" or "she" may mean
_NO_HE_SHE = _NOT_PERSON | _NOT_LONE | _TITLES


#: a body or a document opening a clause: "The email", "Trump’s campaign", "Still, the
#: Business Council of British Columbia", "Thursday's memo from the panel"
_BODY_NOUNS = ("statement email letter memo report post campaign committee company group "
               "council newspaper website paper editorial study survey poll ad video sign "
               "listing panel board agency department ministry foundation union party "
               "commission organization organisation association institute coalition "
               "network magazine journal site page document filing lawsuit complaint "
               "release message note petition").split()
_BODY_SUBJECT = re.compile(
    r"((?:[Tt]he|[Aa]n?|[A-Z][\w’'\-]*[’']s?)[ \u00a0](?:[\w\-’']+[ \u00a0]){0,4}?"
    r"(?:" + "|".join(_BODY_NOUNS + [w.capitalize() for w in _BODY_NOUNS]) + r")"
    r"(?:[ \u00a0]of[ \u00a0][A-Z][\w\-]*(?:[ \u00a0][A-Z][\w.\-]*){0,3})?)"
    r"(?=[ \u00a0,](?!of\b))")


class _Resolver:
    """Turns the noun phrase at a cue into a speaker; the story's people are indexed on the
    first call that needs them (a story with no attribution never pays for it)."""

    def __init__(self, text: str, make_people) -> None:
        self.text = text
        self._make_people = make_people
        self._people: _People | None = None
        self.spoken: list[tuple[int, str, str | None]] = []  # named speakers, for pronouns
        self._titled: dict[str, set[str | None]] | None = None  # surname → title genders
        self._bodies: dict[str, bool] = {}  # speaker → whether no he or she means it
        self._chains = False

    @property
    def people(self) -> _People:
        if self._people is None:
            self._people = self._make_people()
            self._people.refer = self._chain_hit
            self._people.chains = self._chains
        return self._people

    def read_chains(self) -> None:
        """From now on a he or she subject stands for the person it was read to mean (the
        named speakers of the indirect attributions are known)."""
        self._chains = _PRONOUN_CHAINS
        if self._people is not None:
            self._people.chains = self._chains

    def note(self, sp: _Speaker) -> None:
        """Remember a speaker named at a cue ("a neighbour told …") for later pronouns."""
        if sp.how == "pronoun":
            return
        words = sp.name.lower().split()
        if _NO_HE_SHE.issuperset(words):
            return  # "Colorado", "Politico", "Defense": a speaker maybe, never a he or a she
        if (len(words) == 1
                and self.text[max(0, sp.start - 13):sp.start].lower() == "according to "):
            return  # "according to Politico": a source named by one word, most often a title
        if not sp.name[:1].isupper() and (not words or not (
                words[-1] in _ROLE_HEADS or words[-1] in _LAY_ROLES
                or words[-1] in _FEMALE_NOUNS or words[-1] in _MALE_NOUNS)):
            return  # "an analysis", "a statement": no "he" or "she" will mean it
        if len(words) == 1 and sp.name[:1].isupper():
            people = self.people
            if (sp.name in people.named_bodies or people.place(sp.name)
                    or people.appos_body(sp.name)):
                return  # "Colorado", "Iowa": a place the story names (see _People.place)
        g = None  # the people index gives it when a pronoun asks (see _last_spoken)
        if words:
            g = "f" if words[-1] in _FEMALE_NOUNS else "m" if words[-1] in _MALE_NOUNS else None
        # the title at the mention ("Ms. Khan wrote") outweighs the story's votes for a
        # surname two people share ("Mr. Khan said")
        if self.text[sp.start:sp.start + 1] == "M":
            g = _title_gender([self.text[sp.start:sp.start + 4].split(" ", 1)[0].lower()]) or g
        bisect.insort(self.spoken, (sp.start, sp.name, g))

    def _last_spoken(self, pos: int, gender: str, named: bool = False,
                     not_: str | None = None) -> tuple[str, int] | None:
        """The last speaker before ``pos`` of a fitting gender (``named``: a name, not a
        description such as "the actress")."""
        i = bisect.bisect_left(self.spoken, (pos,)) - 1
        stop = i - 40
        known = self.people.genders
        while i >= 0 and i > stop:
            start, name, g = self.spoken[i]
            if ((g or known.get(name)) in (None, gender) and not (named and _description(name))
                    and (g or not self._no_person(name)) and name != not_):
                return name, start
            i -= 1
        return None

    def _person(self, name: str) -> bool:
        """Whether the people index reads ``name`` as a person (a full name, a gender)."""
        people = self.people
        return name in people.genders or people.full.get(name.rsplit(None, 1)[-1]) == name

    def _no_person(self, name: str) -> bool:
        """A speaker no he or she means: a body, a document or a group ("SITE Intelligence
        Group", "The poll", "Pentagon officials"), or a place the story names (read once per
        name)."""
        hit = self._bodies.get(name)
        if hit is None:
            hit = self._bodies[name] = self._read_no_person(name)
        return hit

    def _read_no_person(self, name: str) -> bool:
        last = name.rsplit(None, 1)[-1]
        low = last.lower()
        if low in _NOT_PERSON or low in _BODY_NOUNS or low.rstrip("s") in _BODY_NOUNS:
            return True
        if last.islower() and low.endswith("s") and not low.endswith("ss"):
            return True  # "Pentagon officials", "Podesta employees"
        if " " in name:
            return False
        people = self.people
        people._mentions()
        # "Analysts", "Witnesses": a plural seen only opening sentences
        return people.place(name) or (name in people.weak and _plural_shape(name))

    def resolve(self, s: int, e: int, quote: bool = True) -> _Speaker | None:
        """The speaker named by text[s:e]; ``quote``: of a direct quote, which only a person,
        a body or a document speaks (an indirect one may have "the results" as source)."""
        raw = self.text[s:e].strip(" ,.;:")
        words = raw.split()
        # "Recently she", "although he", "Mills then": connectives and adverbs around the
        # subject are not part of it
        while len(words) > 1 and (_connective(words[0]) or words[0].lower() in _SUBORDINATORS):
            s = self.text.index(words[1], s + len(words[0]))
            words = words[1:]
        while len(words) > 1 and (_connective(words[-1]) or _adverb(words[-1])
                                  or words[-1] in _ADVERBS):
            words = words[:-1]
        if not words:
            return None
        if len(words) == 1 and (_connective(words[0]) or _adverb(words[0])
                                or words[0].lower() in _NUMBERS
                                or words[0][:1].isdigit()):
            return None  # "Instead", "Likewise", "Eight": not a speaker
        if (len(words) > 1 and words[-1].lower() in ("he", "she")
                and not _is_cap(words[-2]) and words[-1] in self.text[s:e]):
            # "In 2010 she said", "videos he calls": the pronoun is the subject
            k = self.text.rindex(words[-1], s, e)
            return self.resolve(k, k + len(words[-1]), quote)
        raw = " ".join(words)
        e = s + len(raw) if self.text.startswith(raw, s) else e
        low = raw.lower().replace("’", "'")
        if low.endswith(("'m", "'ve", "'d", "'ll")):
            return None  # "I'm", "we've": a first person inside a quote
        if low in _PRONOUN_GENDER:
            if _PRONOUN_GENDER[low] == "p":
                return None
            hit = self._pronoun_hit(s, _PRONOUN_GENDER[low], self._object_after(e))
            if hit is None:
                return None
            return _Speaker(hit[0], s, e, "pronoun")
        if low == "it":
            return self._body_before(s, e)
        if low in ("i", "we", "you", "me", "us", "who", "which", "that", "this", "there"):
            return None
        if (words[0].lower() in _NOT_NAMES and words[0].lower() not in _DETS
                and not (words[0].lower() in _POSSESSIVES and len(words) > 1)
                and not (words[0].lower() in _QUANTIFIERS and len(words) > 1)):
            return None  # "his campaign manager Jeff Weaver" goes on
        named = _strip_name(list(words))
        if "of" in named[2:] and all(_is_cap(w) for w in named[:named.index("of")]):
            named = named[:named.index("of")]  # "Stephanie Hooton of Derry": the person
        if named and _is_cap(named[0]) and named[0].lower() not in _DETS and (
                named[0].lower() not in _POSSESSIVES):  # "His comments came" names no one
            name = " ".join(named).rstrip("’'s").strip() if len(
                named) == 1 and named[0].endswith(("’s", "'s")) else " ".join(named)
            if len(named) == 1:  # a surname alone: the full name used elsewhere
                name = self.people.full_name(name)
                if len(words) > 1 and _title_gender([words[-2].lower()]) and self._shared(named[0]):
                    # "Ms. Khan" and "Mr. Khan" in one story are two people, neither of them
                    # their son "Humayun Khan": the surname keeps its title
                    name = " ".join(words[-2:])
            return _Speaker(name, s, e, "explicit")
        role = self._role(words, s)
        if role is not None:
            return _Speaker(role, s, e, "role")
        head = _speaker_head(words) if quote else len(words)
        if head is None:
            return None  # "currently airing", "The timing": no one who can speak
        if head < len(words):  # "The Florida senator sought": the phrase ends at its noun
            raw = " ".join(words[:head])
            e = s + len(raw) if self.text.startswith(raw, s) else e
        return _Speaker(raw, s, e, "explicit")

    def _object_after(self, e: int) -> str | None:
        """The person named as the object of a cue after a pronoun ("he told Hannity"),
        whom the pronoun cannot mean."""
        m = _OBJECT_NAME.match(self.text, e)
        if m is None or m[1] not in _OBJECT_CUES:
            return None
        return self.people.full_name(m[2])

    def _chain_hit(self, s: int, gender: str) -> tuple | None:
        """The person a he or she subject at ``s`` means when a later pronoun reads it (a
        chain): as :meth:`_pronoun_hit`, never its own cue's object ("He told Hannity")."""
        m = _WORD_AT.match(self.text, s)
        return self._pronoun_hit(s, gender, self._object_after(m.end()) if m else None)

    def _pronoun_hit(self, s: int, gender: str, not_: str | None = None) -> tuple | None:
        """The person a he or she at ``s`` means: the people index's subject, or the last
        speaker named before it (never ``not_``, the cue's object)."""
        hit = self.people.before(s, gender, not_)
        said = self._last_spoken(s, gender, not_=not_)
        if (said is not None and hit is not None and not hit[2] and said[1] > hit[1]
                and _description(said[0])):
            # "Clinton" read off a subordinate clause or an object, then "the actress"
            # spoke: the person named as a speaker before her
            said = self._last_spoken(s, gender, named=True, not_=not_) or said
        if said is not None and hit is not None and hit[2] and " " not in said[0] and (
                not self._person(said[0])):
            said = None  # "Sacramento": a word alone that the index knows as no person
        if (said is not None and hit is not None and hit[2] and said[1] > hit[1]
                and self.people.sent_start(said[1]) <= hit[1]
                and self.people.minor_at(said[1])):
            # "Carson turned the story back …, pointing out that the paper's Robert Costa
            # had reported …": a speaker inside the main subject's own sentence
            said = None
        if said is not None and (hit is None or (said[1] >= hit[1] and not (
                _description(said[0]) and s - hit[1] < 1500)) or (
                not hit[2] and not _description(said[0]))):
            # a later named speaker wins; a later description ("the businessman
            # replied") is most often the person named before it, who is kept
            hit = said
        return hit

    def _body_before(self, s: int, e: int) -> _Speaker | None:
        """"it said": the body or the document last named as a subject in the two
        sentences before ("Trump's campaign put out a statement …. In cases of abortion, it
        said, …"; "The email includes a photo …. At the bottom it reads, …")."""
        lo = max(0, s - 400)
        ends = [m.end() for m in _SENT_END.finditer(self.text, lo, s)]
        if len(ends) > 2:
            lo = ends[-3]
        best = None
        for m in _BODY_SUBJECT.finditer(self.text, lo, s):
            before = self.text[max(0, m.start() - 3):m.start()]
            if m.start() == 0 or before.endswith(("\n", ". ", ", ", ".\u00a0", ": ")):
                best = m
        if best is None:
            return None
        return _Speaker(best[1], s, e, "pronoun")

    def _shared(self, surname: str) -> bool:
        """Whether the story writes the surname with titles of both genders (Mr. and Ms.);
        the titles are read in one pass, on the first call."""
        if self._titled is None:
            self._titled = {}
            for m in _TITLED.finditer(self.text):
                g = _title_gender(["m" + m[1] + "."])
                self._titled.setdefault(m[2], set()).add(g)
        return len(self._titled.get(surname, ())) > 1

    def _role(self, words: list[str], pos: int) -> str | None:
        """"the spokesman" → the person named next to "spokesman" earlier in the story."""
        head = words[-1].lower().strip(",.")
        if head not in _ROLE_HEADS:
            return None
        lo = max(0, pos - 2000)
        window = self.text[lo:pos]
        best, found = None, 1
        abbrev = _ROLE_ABBREV.get(head)
        pat = re.escape(head) + r"\b" + (f"|{re.escape(abbrev)}" if abbrev else "")
        for m in re.finditer(pat, window.lower()):
            near = self.text[max(0, lo + m.start() - 60): lo + m.end() + 60]
            cands = [self.people.full_name(" ".join(_strip_name(n.split()))) for n in re.findall(
                r"[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){1,3}", near)
                if not _non_person(n.split())]
            # a given name first, then a person the index knows: "Chris Christie, … governor
            # of New Jersey"; no place or body ("New Jersey", "Silicon Valley")
            rank, person = max(((2 if gender_of(n.split()[0]) else 1 if self._person(n) else 0,
                                 k) for k, n in enumerate(cands)), default=(0, -1))
            if rank >= found:
                best, found = cands[person] if rank else best, rank
        return best


#: nouns for who or what speaks besides a person's role: bodies, outlets and documents
#: ("the statement said", "the group wrote", "one user tweeted")
_SPEAKER_NOUNS = _words(
    """statement report email e-mail letter release memo document ad advertisement video clip
    message note website site newspaper paper editorial column op-ed study survey poll polls
    analysis lawsuit suit complaint filing ruling opinion order indictment book narrator
    voice-over voice source person people crowd audience protester demonstrator voter critic
    supporter lawmaker legislator prosecutor investor businessman businesswoman mogul tycoon
    developer neurosurgeon billionaire insider staffer staff team outlet publication
    organization organisation editor writer journalist commentator commenter moderator
    panelist expert observer participant attendee fan guest caller viewer reader customer
    employee worker buyer seller designer pope prince princess king queen judge justice
    senator candidate democrat republican conservative liberal progressive
    transcript tweet post account page blog magazine journal network channel station
    broadcast program show spot petition resolution platform bill measure memorandum
    minutes footnote passage sign banner card flyer leaflet headline caption label
    prosecutors plaintiff defendant witness victim survivor veteran official officials
    president leader member adviser colleague child kid pitch article journal magnate
    diplomat counsel band opposition parliament cabinet regime family
    authority resident student agent correspondent respondent opponent parent percent
    announcement""")
_SPEAKER_NOUNS |= _ROLE_HEADS | _LAY_ROLES | _FEMALE_NOUNS | _MALE_NOUNS | _NOT_PERSON | _TITLES


def _speaker_head(words: list[str]) -> int | None:
    """Where a speaker phrase that is no name ends: after its last noun for a person, a body
    or a document and the names right after it ("The Florida senator sought" → 3; "The
    Slate columnist David Auerbach went" → 5), its length when it holds no such noun but a
    capitalised word ("The Blaze"), None when it names no one ("currently airing", "The
    timing", "the past")."""
    if len(words) == 1 and words[0].lower() in ("another", "one", "others", "some"):
        return 1  # "Another tweeted, …"
    if words[0].lower() in _FOREIGN_DETS:
        return len(words)  # "la mairie", "la agencia meteorológica": the nouns are English

    end = None
    for k, w in enumerate(words):
        if k and w.lower() in _DETS and words[k - 1].lower() != "of":
            break  # "the city embodied the"
        if k == 0 and (w.lower() in _DETS or w.lower() in _QUANTIFIERS):
            continue
        if _speaker_noun(w):
            end = k + 1
        elif end is not None and _is_cap(w) and end == k:
            end = k + 1  # "the columnist David Auerbach"
        elif (end is not None and w.islower() and (w.endswith(("ed", "es")) or w in _VERBISH)
              and (k + 1 == len(words) or not _speaker_noun(words[k + 1]))):
            break  # "The Vermont senator emailed supporters", not "Democratic registered voters"
    if end is not None:
        return end
    if any(_is_cap(w) and w.lower() not in _DETS and w.lower() not in _POSSESSIVES
           for w in words):
        return len(words)
    return None


_FOREIGN_DETS = _DETS - _words("the a an one another this that these those")
#: words opening a group of speakers: "some protesters chanted"
_QUANTIFIERS = _words("some many several most both all few other others")
_VERBISH = _words("sought went goes left held took made gave got put cuts ends seeks")


def _speaker_noun(w: str) -> bool:
    lw = w.lower().strip(",.;:’'")
    if lw.endswith(("’s", "'s")):
        lw = lw[:-2]
    return (lw in _SPEAKER_NOUNS or (lw.endswith("s") and lw[:-1] in _SPEAKER_NOUNS)
            or (lw.endswith("es") and lw[:-2] in _SPEAKER_NOUNS)
            or (lw.endswith("ies") and lw[:-3] + "y" in _SPEAKER_NOUNS)
            or (len(lw) > 4 and lw.endswith(_PERSON_SUFFIXES)))


#: endings of nouns for people ("organizer", "activists", "the 43-year-old", "the radioman")
_PERSON_SUFFIXES = ("-old", "man", "men", "ist", "ists", "er", "ers", "or", "ors", "ian", "ians",
                    "ant", "ants")


# ---------------------------------------------------------------- attribution


_AFTER_CUT = re.compile(r"[\"“„«「]|[.!?]\s")
_INVERSION = re.compile(r"[\s,]*(?:\w+-t-|\w+-)(il|elle|ils|elles)\b")
_WORD = re.compile(r"\w+")
_WORDCHAR = re.compile(r"\w")


#: a quote closed without punctuation, then its speaker and a cue: '"…" Sweeney said'
_BARE_CUE = re.compile(
    r"[ \u00a0]*(?:(?:[A-Z][\w’'\-]+[ \u00a0]+){1,3}|(?:he|she)[ \u00a0]+)"
    r"([a-z]+)\b"
)


def _bare_cue(text: str, j: int) -> bool:
    """'"…" Sweeney said', '"… -H" Clinton tweeted': a name or he/she, then a cue."""
    m = _BARE_CUE.match(text, j)
    return m is not None and m[1] in _CUES


#: the rest of a sentence after a quote, ending on ", Name said." / ", he added."
_TAIL_CUE = re.compile(
    r"[^\"“”\n.!?]{0,80}?, ((?:[A-Z][\w’'.\-]*[ \u00a0]){0,3}[A-Z][\w’'\-]+|he|she)"
    r"[ \u00a0]([a-z]+)(?:[ \u00a0](?:on|in|at|after|last|this)[ \u00a0][^\"“”\n,]{1,30})?"
    r"[.!?]?[\"”’]?[ \u00a0]*$")


def _after(ctx: _Text, res: _Resolver, s: int, e: int) -> _Speaker | None:
    """The attribution right after a quote that ends its clause ("…," X said)."""
    text = ctx.text
    # "… 'I can win anywhere,'" said X: a nested quote's straight apostrophe closes too
    inner = text[s:e].rstrip(" '" + _CLOSERS)
    j = e
    while j < len(text) and text[j] in _CLOSERS + " \u00a0":
        j += 1
    ends_clause = inner[-1:] in ",.!?…—-:;" or text[j:j + 1] in (",", ".", "!", "?", "—", "–")
    if not ends_clause and not _bare_cue(text, j):
        # '"…" and against the Brady law, Clinton said.': the cue that ends the sentence
        m = _TAIL_CUE.match(text, j, min(ctx.sent_end(j), j + 120))
        if m and m[2] in _CUES and not _is_cap(m[2]):
            return res.resolve(m.start(1), m.end(1))
        return None  # '"… too" Sweeney said after …' still names its speaker
    stop = min(ctx.para_end(j), j + WINDOW)
    win = text[j:stop]
    ctx.scanned += len(win)
    past = 0  # the end of a short title in marks, skipped
    for cut in _AFTER_CUT.finditer(win):
        # an opening quotation mark or a sentence end; "J. Gerald Hebert" goes on, and so
        # does a short title in marks ('wearing "Ted Cruz" pins, said')
        c = win[cut.start()]
        if cut.start() < past or (c == "." and _abbrev_before(text, j + cut.start())):
            continue
        if c in _OPENERS:
            close = min((k for k in (win.find(m, cut.end(), cut.end() + 30) for m in _CLOSERS)
                         if k >= 0), default=-1)
            if close >= 0:
                past = close + 1
                continue
        win = win[: cut.start() + (1 if win[cut.start()] in ".!?" else 0)]
        break
    inv = _INVERSION.match(win)
    if inv:  # French inversion: « … », a-t-il dit / dit-elle
        return res.resolve(j + inv.start(1), j + inv.end(1))
    toks = _span_tokens(text, j, j + len(win))
    while toks and toks[0][0] in (",", "—", "–", ";", ":"):
        toks = toks[1:]
    reach = 30 if any(t[0] == "," for t in toks[1:5]) else 16
    closed = inner[-1:] in ".…" and text[j:j + 1] not in (",", "—", "–")
    if (len(toks) > 2 and inner[-1:] in ",?!" and toks[0][0].endswith("ed")
            and toks[0][0].isalpha() and toks[0][0].islower() and _is_cap(toks[1][0])
            and _is_cap(toks[2][0]) and toks[1][0].lower() not in _NOT_NAMES):
        # '"…," remembered Roy Verley, …': any verb in the past before a full name
        span = _np_forward(toks, 1)
        if span:
            sp = res.resolve(toks[span[0]][1], toks[span[1] - 1][2])
            if sp is not None:
                return sp
    for i in range(min(len(toks), reach)):
        n = _cue_at(toks, i) or (inner[-1:] in ",?!" and _nounish_cue(toks, i))
        if not n:
            continue
        if closed and (i > 4 or any(t[0] == "," for t in toks[:i]) or len(toks) - i - n > 4):
            # '"…." Reluctantly, Brafman said he …', '"…." He also said Trump …': a new
            # sentence with its own content
            return None
        if i == 0 or all(t[0].lower() in _AUX for t in toks[:i]):
            span = _np_forward(toks, i + n)
            if span is None and (i + n >= len(toks) or toks[i + n][0] in (",", ";")):
                # a bare verb: "…", señaló.  (subject left out: the last person named)
                hit = res.people.before(toks[i][1], None)
                if hit:
                    return _Speaker(hit[0], toks[i][1], toks[i][2], "pronoun")
                return None
        elif _inverted(toks, i):
            # '"…," like the volatility of markets, said Richard Curtin': the name after
            span = _np_forward(toks, i + 1)
        elif i == 1 and toks[0][0] in ("it", "It"):
            span = (0, 1)  # '"…," it said': the body or document before (_body_before)
        else:
            span = _first_np(toks, i)
        if span:
            sp = res.resolve(toks[span[0]][1], toks[span[1] - 1][2])
            if sp is not None:
                return sp
        return None
    return None


#: cue forms that are nouns as often ("notes", "tweets", "jokes"): cues only after a quote
#: that a comma, a question or an exclamation mark leaves open, right behind a name or a
#: pronoun at the end of the clause
_NOUNISH_CUES = frozenset(f for lemma in _CUE_LEMMAS for f in _forms(lemma)) & _NOUNISH
_AFTER_VERB = _words("on in at to during after before about of from with as")


def _nounish_cue(toks: list[tuple[str, int, int]], i: int) -> int:
    """'"…," Viguerie notes.', '"…," he promises, …', and any verb in the past there
    ('"…," Hannity pressed.'): 1 when token i is such a cue."""
    w = toks[i][0]
    if not (1 <= i <= 3 and (w in _NOUNISH_CUES or (
            w.endswith("ed") and len(w) > 4 and w.isalpha() and w.islower()))):
        return 0
    if not all(_is_cap(t[0]) or t[0].lower() in _PRONOUN_GENDER or t[0] == "it"
               for t in toks[:i]) and not (
            i == 2 and toks[0][0].lower() in _DETS and _speaker_noun(toks[1][0])):
        return 0  # ('"…," the document states, …')
    return int(i + 1 == len(toks) or toks[i + 1][0] in (",", ";", "—", "–")
               or toks[i + 1][0] in _AFTER_VERB)


#: cues whose subject may follow them ("…, said Larry Noble"); not "told" nor "asked", whose
#: object follows ("…, told CNN")
_INVERTING = _words("said says added adds wrote writes explained explains noted notes "
                    "continued recalled argued insisted warned declared replied responded "
                    "observed remarked cautioned acknowledged agreed stated concluded "
                    "countered conceded quipped tweeted posted")


_INVERTING_CAP = frozenset(w.capitalize() for w in _INVERTING)


def _inverted(toks: list[tuple[str, int, int]], i: int) -> bool:
    """A cue after a comma with its subject after it: "…, said Richard Curtin, …" (a name,
    or a determiner opening one: "…, said the agency's director, Ingrid Halvorsen")."""
    if i == 0 or toks[i - 1][0] != "," or i + 1 >= len(toks):
        return False
    if toks[i][0] not in _INVERTING:
        return False
    nxt = toks[i + 1][0]
    return (_is_cap(nxt) and nxt.lower() not in _NOT_NAMES) or nxt.lower() in ("the", "a", "an")


def _first_np(toks: list[tuple[str, int, int]], cue: int) -> tuple[int, int] | None:
    """The subject between a quote and its cue: the NP right before the cue, or the name
    that opens an apposition ("Katie Packer, who chairs X, said")."""
    if any(t[0] == "," for t in toks[:cue]):
        k = next(i for i, t in enumerate(toks[:cue]) if t[0] == ",")
        if k > 0 and k <= 8 and (any(_is_cap(t[0]) for t in toks[:k]) or (
                toks[0][0].lower() in _DETS and toks[k + 1][0].lower() in ("who", "whose"))):
            # "an intelligence source, who was not authorized to …, told"
            return 0, k
    elif 0 < cue <= 10 and (toks[0][0].lower() in _DETS or _is_cap(toks[0][0])):
        # "one forecaster at the national weather service said": the phrase's head
        k = 1
        while k < cue and toks[k][0].lower() not in _NP_STOP:
            k += 1
        return 0, k
    return _np_back(toks, cue)


def _before(ctx: _Text, res: _Resolver, s: int, lo: int) -> _Speaker | None:
    """The attribution before a quote in its sentence ("X said: …", "According to X, …")."""
    text = ctx.text
    o = s
    while o > 0 and text[o - 1] in _OPENERS + " \u00a0":
        # back over the space, so '“They sue,” he said.\u00a0“Everybody …' reads the
        # sentence before: an attribution after a first part too short to count
        o -= 1
    start = max(lo, ctx.sent_start(o), o - 160)
    if start == ctx.para_start(o) and text[start:o].strip() == "":
        # a quote opening its paragraph after a paragraph ending in a colon
        prev_end = start - 1
        while prev_end > 0 and text[prev_end - 1] in "\n \t":
            prev_end -= 1
        if prev_end > 0 and text[prev_end - 1] == ":" and prev_end > lo:
            o = prev_end
            start = max(lo, ctx.sent_start(o - 1), o - WINDOW)
    start = _next_word(text, start, o)
    win = text[start:o]
    ctx.scanned += len(win)
    toks = _span_tokens(text, start, o)
    if not toks:
        return None
    if toks[-1][0] == ":":
        # "Pollsters agree - Carl Bialik: …": the name between a dash and the colon
        d = next((k for k in range(len(toks) - 2, max(-1, len(toks) - 8), -1)
                  if toks[k][0] in ("-", "—", "–")), -1)
        if d >= 0 and d < len(toks) - 2 and _is_cap(toks[d + 1][0]):
            return res.resolve(toks[d + 1][1], toks[-2][2])
    if (len(toks) > 2 and toks[0][0] in _INVERTING_CAP and toks[0][1] == ctx.sent_start(o)
            and (_is_cap(toks[1][0]) or toks[1][0] in ("the", "a", "an"))):
        # "Said Comey, “…”", "Added the senator: “…”": the cue opens the sentence
        span = _np_forward(toks, 1)
        if span:
            sp = res.resolve(toks[span[0]][1], toks[span[1] - 1][2])
            if sp is not None:
                return sp
    for i in range(len(toks) - 1, -1, -1):
        n = _cue_at(toks, i)
        if not n or (i > 0 and toks[i - 1][0].lower() in _DETS):  # "a written statement"
            continue
        w = toks[i][0].lower()
        if w in ("according", "selon", "según", "laut") or _inverted(toks, i):
            span = _np_forward(toks, i + n)
        elif (w.endswith("ing") and i > 0 and toks[i - 1][0] == ",") or (
            i > 0 and toks[i - 1][0].lower() in ("and", "but")
        ) or (w.endswith("ing") and _object_before(toks, i)):
            # "X said …, adding: …" / "X said … and added, …": the main clause's subject,
            # read from the sentence's start when the window began inside the sentence
            head = max(lo, ctx.sent_start(o))
            if head < start:
                wide = _next_word(text, max(head, o - 4 * WINDOW), start)
                ctx.scanned += start - wide
                extra = _span_tokens(text, wide, start)
                toks = extra + toks
                i += len(extra)
            span = _main_subject(toks, i)
        else:
            span = _np_back(toks, i) or _subject(toks, i)
            who = _relative_head(toks, i)
            if who is not None:
                span = who  # "a White House official who spoke anonymously … said, '…'"
            if (span and span[0] > 0 and toks[span[0] - 1][0].lower() in ("as", "while")
                    and any(_cue_at(toks, k) for k in range(span[0] - 1))):
                continue  # '"…," Chris Wallace said, as the crowd cheered. "…': the cue before
        if span:
            return res.resolve(toks[span[0]][1], toks[span[1] - 1][2])
        return None
    if (len(toks) >= 3 and toks[-1][0] in (",", ":") and toks[-2][0].isalpha()
            and toks[-2][0].islower() and (toks[-2][0].endswith("ed") or (
                toks[-2][0] in _NOUNISH_CUES and (_is_cap(toks[-3][0])
                                                  or toks[-3][0].lower() in _PRONOUN_GENDER)))):
        # any verb of saying: "Hillary Clinton cracked, '…'", "he scoffed: '…'"; a cue
        # that may be a noun right after a name or he/she: "He jokes, '…'"
        span = _np_back(toks, len(toks) - 2)
        k = len(toks) - 3
        while k > 0 and toks[k][0].lower() in _ADVERBS:
            k -= 1
        if span is None and k > 0 and toks[k][0].lower() in ("and", "but"):
            # "Mrs. Clinton drew cheers as she thanked them and then boomed, '…'"
            span = _main_subject(toks, k)
            if span and span[1] > k:
                span = None
        elif span and span[1] != len(toks) - 2:
            span = None
        if span:
            sp = res.resolve(toks[span[0]][1], toks[span[1] - 1][2])
            if sp is not None:
                return sp
    if len(toks) >= 4 and toks[-1][0] in (",", ":") and toks[-2][0].lower() in _STATEMENTS:
        # "Trump issued a statement, '…'": the sentence's subject
        span = _subject(toks, len(toks) - 2)
        if span and span[1] < len(toks) - 3:
            sp = res.resolve(toks[span[0]][1], toks[span[1] - 1][2])
            if sp is not None:
                return sp
    if toks[-1][0] == ":" or (len(toks) >= 2 and toks[-1][0] == "-"):
        # "Pew Research: …", "… - HuffPollster: …", "Kapitän Lukas Brandl sah das ähnlich: …"
        dashed = any(t[0] in ("-", "—", "–") for t in toks[:-1])
        span = None if dashed else _subject(toks, len(toks) - 1)
        if not (span and span[1] - span[0] <= 5 and _is_cap(toks[span[0]][0])):
            span = _np_back(toks, len(toks) - 1)
        if span and span[1] - span[0] <= 5 and (_is_cap(toks[span[0]][0]) or (
                span[1] - span[0] == 1 and toks[span[0]][0] in ("he", "she"))):
            # "But back on American soil, he returned to his familiar lines: '…'"
            return res.resolve(toks[span[0]][1], toks[span[1] - 1][2])
    return None


_LEAD_WORDS = _PREPOSITIONS | _OPENING_WORDS
#: what a speaker issues, right before the quote it holds ("issued a statement, '…'")
_STATEMENTS = _words("statement statements email message tweet letter memo release post")


def _relative_head(toks: list[tuple[str, int, int]], cue: int) -> tuple[int, int] | None:
    """The noun phrase before a relative clause holding the cue ("a White House official
    who spoke anonymously … said", "Loretta E. Lynch, who told Congress …:"): its head
    speaks, not the clause's last words."""
    for k in range(cue - 1, max(-1, cue - 14), -1):
        w = toks[k][0]
        if w in (".", ";", ":", "(", ")", "—", "–") or (w == "," and k < cue - 1 and toks[
                k + 1][0].lower() not in ("who", "whose")):
            return None
        if w.lower() in ("who", "whose") and k > 0:
            end = k - 1 if toks[k - 1][0] == "," else k
            np = _np_back(toks, end)
            if np and np[1] == end and any(_is_cap(t[0]) or _speaker_noun(t[0])
                                           for t in toks[np[0]:np[1]]):
                if np[0] > 1 and toks[np[0] - 1][0] == "," and toks[np[0]][0].lower() in _DETS:
                    # "Braynard, a South Carolina native who writes fiction, …": the name
                    name = _np_back(toks, np[0] - 1)
                    if name and all(_is_cap(t[0]) for t in toks[name[0]:name[1]]):
                        return name
                return np
            return None
    return None


def _object_before(toks: list[tuple[str, int, int]], i: int) -> bool:
    """Whether a participle at ``i`` follows a preposition or an object ("an email to
    supporters stating", "boos upon saying", "carrying signs saying"): its subject is the
    sentence's, not the noun next to it."""
    prev = toks[i - 1][0].lower() if i > 0 else ""
    if prev in _ING_LINKS or prev in _WHEN_WORDS:
        return True  # "issued a statement Tuesday saying": the sentence's subject
    if i < 2 or not prev.isalpha() or not prev.islower():
        return False
    before = toks[i - 2][0].lower()
    return before in _PREPOSITIONS or (before.endswith("ing") and before.isalpha())


_ING_LINKS = _words("upon after before while when by")
_WHEN_WORDS = _words("monday tuesday wednesday thursday friday saturday sunday today yesterday "
                     "night morning evening afternoon week weekend")


def _main_subject(toks: list[tuple[str, int, int]], cue: int) -> tuple[int, int] | None:
    """The subject of the sentence's first cue before ``cue``, else its first noun phrase."""
    for i in range(cue):
        if _cue_at(toks, i) == 1 and i > 0 and toks[i - 1][0] != "and" and not toks[i][
                0].endswith("ing") and (
                toks[i - 1][0] != "," or (i + 1 < cue and not _is_cap(toks[i + 1][0]))):
            # the first cue only: "… but said there was no telephone call …"; after a
            # comma, not an inverted one ("…, said X"): "Suu Kyi, 70, said it was …"; not a
            # participle ("before cheering supporters")
            np = _np_back(toks, i)
            if np and np[0] > 0 and _object_word(toks[np[0] - 1][0]):
                continue  # "a syllabus for a class called …", "offered a retort": an object
            if np and np[1] - np[0] > 1 and toks[np[0]][0].lower() in _CONNECTIVES:
                continue  # "Alongside BLM calls for action, even a strategist said"
            return np or _subject(toks, cue)
    return _subject(toks, cue)


def _object_word(w: str) -> bool:
    """A lower-case word (a verb, a preposition) before a noun phrase that makes the phrase
    an object, not a subject; connectives and relative words open a clause instead."""
    return (w.isalpha() and w.islower() and w not in _CLAUSE_OPENERS and w not in _NP_STOP_SUBJ
            and w not in _ADVERBS)  # "even a top GOP strategist said"


#: lower-case words after which a noun phrase may still be a clause's subject
_NP_STOP_SUBJ = _words("who which whom whose where what why how")


def _subject(toks: list[tuple[str, int, int]], cue: int) -> tuple[int, int] | None:
    """The sentence's first noun phrase (the subject of a participle: "Clinton spoke …,
    telling the crowd"), after an opening phrase ("In Iowa, Clinton …")."""
    i = 0
    for _ in range(3):  # "On Thursday, after remaining neutral …, Warren appeared …"
        while i + 1 < cue and (toks[i][0].lower() in ("but", "and", "so", "even", "yet") or (
                toks[i][0].lower().endswith("ly") and toks[i + 1][0].lower() in _LEAD_WORDS
                and gender_of(toks[i][0]) is None)):
            # "But back on American soil, he …", "Even before Sanders took …", "Immediately
            # after the attacks, Trump …"
            i += 1
        first = toks[i][0].lower() if i < len(toks) else ""
        if not (first in _OPENING_WORDS or first in _PREPOSITIONS or first in _NUMBERS or (
                first.endswith("ing") and first.isalpha()) or first[:1].isdigit()):
            break
        # "In Iowa, Clinton …", "Appearing before supporters at …, Suu Kyi …", "Eight years
        # ago, he …"
        k = next((k for k in range(i, min(cue, i + 24)) if toks[k][0] == ","), -1)
        if k < 0:
            break
        i = k + 1
    while i < cue and (toks[i][0] in (",", "-", "—") or toks[i][0].lower() in (
            "and", "but", "so", "then", "later", "as", "also")):
        i += 1
    j = i
    while j < cue and j - i < 7:
        w = toks[j][0]
        lw = w.lower()
        if w in (",", ";", ":", "(", "—", "–") or (j > i and (
                lw in _NP_STOP or lw in _CUES or lw.endswith("ed"))):
            break
        if j > i and _is_cap(toks[i][0]) and toks[i][0].lower() not in _POSSESSIVES and (
                not _is_cap(w)):
            break  # a name ends at its first lower-case word: "Lukas Brandl sah …"
        j += 1
    return (i, j) if j > i else None


def _dash_credit(ctx: _Text, res: _Resolver, e: int) -> _Speaker | None:
    """A quote followed by a paragraph "- Sanders." / "—President Obama, tweeting …"."""
    text = ctx.text
    pe = ctx.para_end(e)
    if text[e:pe].strip(_MARKS + ".,"):
        return None
    m = re.match(r"\n\s*[-—–]\s*([A-Z][^,.\n]{1,60})", text[pe:pe + 80])
    if not m:
        return None
    return res.resolve(pe + m.start(1), pe + m.end(1))


#: the line under a pull quote, closing it: '"…\nCharles Chamberlain, Democracy for America."'
_CREDIT_LINE = re.compile(
    r"\n[ \t]*([A-Z][^\n\"”,]{1,60})(?:,[^\n\"”]{0,80})?\.?[\"”][ \t]*(?:\n|$)")


def _credit_line(ctx: _Text, res: _Resolver, e: int) -> _Speaker | None:
    """A quote whose next line is only a name (and a body), and closes the quote."""
    text = ctx.text
    nl = text.find("\n", e, e + 4)
    if nl < 0 or text[e:nl].strip(_MARKS + ".,"):
        return None
    m = _CREDIT_LINE.match(text, nl)
    if not m or len(m[1].split()) > 6 or not all(_is_cap(w) for w in m[1].split()[-2:]):
        return None
    return res.resolve(m.start(1), m.end(1))


def find_attributions(text: str) -> tuple[list[Quote], list[Quote]]:
    """Direct quotes (three words or more) and indirect attributions, with their speakers."""
    quotes, indirect, _ = _find(text)
    return quotes, indirect


def find_quotes(text: str) -> list[Quote]:
    """All direct quotes of three words or more, in order, with their speakers where named."""
    return _find(text)[0]


def _find(text: str) -> tuple[list[Quote], list[Quote], _Text]:
    ctx = _Text(text)
    spans = _spans(text)
    res = _Resolver(text, lambda: _People(text, spans, ctx.sent_start))
    # indirect attributions first: "…, Henson said." names the speaker a later "he said" means
    indirect = _indirect(ctx, res, spans)
    for q in indirect:
        if q.speaker and q.resolution in ("explicit", "role"):
            res.note(_Speaker(q.speaker, q.speaker_start, q.speaker_end, q.resolution))
    res.read_chains()
    quotes: list[Quote] = []
    prev_end = 0
    for k, (s, e) in enumerate(spans):
        same_para = k > 0 and ctx.para(spans[k - 1][0]) == ctx.para(s)
        sp = _after(ctx, res, s, e)
        if sp is None:
            sp = _before(ctx, res, s, prev_end if same_para else 0)
        if sp is None:
            sp = _dash_credit(ctx, res, e) or _credit_line(ctx, res, e)
        q = Quote(text=text[s:e].strip(), start=s, end=e)
        if sp is not None:
            q.speaker, q.speaker_start, q.speaker_end = sp.name, sp.start, sp.end
            q.resolution = sp.how
            res.note(sp)
        quotes.append(q)
        prev_end = e
    _continuations(ctx, quotes, indirect)
    return quotes, indirect, ctx


def _carry(q: Quote, src: Quote) -> None:
    q.speaker, q.speaker_start, q.speaker_end = src.speaker, src.speaker_start, src.speaker_end
    q.resolution = "carried"


def _continuations(ctx: _Text, quotes: list[Quote], indirect: list[Quote]) -> None:
    """Unattributed quotes take the speaker of their paragraph, or of the quote just before
    when they open the paragraph right after it, or of the quote right after when they open a
    paragraph that the quote runs on from (a quote over several paragraphs), or of the
    indirect attribution that ends the paragraph before ("…, Obama said.")."""
    last_indirect: dict[int, Quote] = {}
    for q in indirect:
        if q.speaker:
            last_indirect[ctx.para(q.start)] = q
    by_para: dict[int, Quote] = {}
    for q in quotes:
        if q.speaker:
            by_para.setdefault(ctx.para(q.start), q)
    starts = [q.start for q in indirect]
    for k, q in enumerate(quotes):
        if q.speaker is not None:
            continue
        # '"Boots on the ground" would be appropriate, Ben Carson said': the quote sits in
        # the content of an indirect attribution, whose speaker says it
        i = bisect.bisect_right(starts, q.start) - 1
        if i >= 0 and indirect[i].speaker and q.end <= indirect[i].end + 2:
            _carry(q, indirect[i])
            continue
        p = ctx.para(q.start)
        prev = quotes[k - 1] if k > 0 else None
        nxt = quotes[k + 1] if k + 1 < len(quotes) else None
        if p in by_para:
            _carry(q, by_para[p])
        elif (_runs_on(ctx, q) and nxt is not None and nxt.speaker
              and ctx.para(nxt.start) == p + 1):
            _carry(q, nxt)
        elif (
            prev is not None
            and prev.speaker
            and ctx.para(prev.start) >= p - 2
            and _opens_paragraph(ctx.text, q.start)
            and (ctx.para(prev.start) == p - 1 or _runs_on(ctx, prev))
        ):
            _carry(q, prev)
            by_para.setdefault(p, q)
        elif p - 1 in last_indirect and _opens_paragraph(ctx.text, q.start) and (
            prev is None or prev.start < last_indirect[p - 1].start
        ):
            _carry(q, last_indirect[p - 1])
            by_para.setdefault(p, q)


def _runs_on(ctx: _Text, q: Quote) -> bool:
    """The quote opens its paragraph and is not closed in it."""
    rest = ctx.text[q.end: ctx.para_end(q.end)]
    return _opens_paragraph(ctx.text, q.start) and not rest.strip()


def _opens_paragraph(text: str, start: int) -> bool:
    ls = text.rfind("\n", 0, start) + 1
    return text[ls:start].strip() in _PARA_OPENERS


_PARA_OPENERS = (*_OPENERS, "''")


# ---------------------------------------------------------------- indirect


_THAT = _words("that dass que")
_AUX = _words("a ha hat hatte has had il elle")


def _indirect(ctx: _Text, res: _Resolver, spans: list[tuple[int, int]]) -> list[Quote]:
    """"X said (that) …", "According to X, …", "…, X said." outside direct quotes."""
    text = ctx.text
    out: list[Quote] = []
    starts = [s for s, _ in spans]
    bounds = [0, *ctx.sent_ends, len(text)]
    # only sentences holding a cue are read: one pass over the text finds the cues, and only
    # a window around the first cue of a sentence is tokenised
    cues: dict[int, int] = {}
    for pat in _INDIRECT_FINDERS:
        for m in pat.finditer(text):
            p = m.start()
            if text.startswith("ccording", p):  # the "a" is left out of the pattern
                p -= 1
            if (p == 0 or not text[p - 1].isalnum()) and not _near_quote(text, p, starts, spans):
                k = bisect.bisect_right(bounds, p) - 1
                if p < cues.get(k, len(text)):
                    cues[k] = p
    for k, p in sorted(cues.items()):
        a, b = bounds[k], bounds[k + 1]
        if b - a < 20:
            continue
        i = bisect.bisect_left(starts, a)
        if i < len(spans) and spans[i][0] - 1 <= a + 1 and spans[i][1] >= b - 3:
            continue  # the sentence is a direct quote
        if text.startswith(_PARTICIPLE_STEMS, p):
            q = _participle(text, res, a, b, p)
            if q is not None:
                out.append(q)
            continue
        ws, we = _next_word(text, max(a, p - 100), p), min(b, p + 60)
        ctx.scanned += we - ws
        q = _indirect_in(text, res, _span_tokens(text, ws, we), a, b, starts, spans)
        if q is not None:
            out.append(q)
    return out


#: the cues that open most indirect attributions (three in four on news text). Each pattern
#: opens on a literal letter shared by its cues, so the regex engine skips to that letter by
#: fast search: one alternation of all the cues is tried at every letter (several times
#: slower), one pattern per cue reads the text once per cue. Each first letter costs one
#: read of the text, so cues on the rarer letters b and i ("believes", "insisted": indirect
#: recall 0.224 against 0.221 without them on PolNeAR train, for 2 % of the quote finder's
#: time) are read only in sentences that hold another cue
_INDIRECT_CUE_WORDS = ("said", "says", "say", "told", "tells", "added", "wrote", "ccording to",
                       "reported", "announced", "tweeted", "noted", "argued", "claimed",
                       "suggested", "thinks", "warned", "explained", "confirmed",
                       "acknowledged", "admitted", "argue", "shows", "showed")


def _finders(words: tuple[str, ...]) -> list[re.Pattern[str]]:
    by_letter: dict[str, list[str]] = {}
    for w in words:
        by_letter.setdefault(w[0], []).append(re.escape(w[1:]))
    return [re.compile(k + "(?:" + "|".join(sorted(v, key=len, reverse=True)) + r")\b")
            for k, v in by_letter.items()]


#: participles after a comma whose subject is the sentence's ("…, saying it would …")
_PARTICIPLES = _words("saying adding noting arguing warning claiming explaining suggesting "
                      "acknowledging")
_PARTICIPLE_STEMS = tuple(sorted(_PARTICIPLES))
_INDIRECT_FINDERS = _finders(_INDIRECT_CUE_WORDS + _PARTICIPLE_STEMS)


def _in_quote(pos: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _near_quote(text: str, pos: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    """Inside a direct quote, or a cue of one: a quote closes just before it ('…," he said')
    or opens just after it in the same sentence ('said: "…', not 'Henson said.¶"…')."""
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and spans[i][0] <= pos < spans[i][1] + 24:
        return True
    if i + 1 < len(spans) and spans[i + 1][0] - pos < 40:
        between = text[pos:spans[i + 1][0]]
        if "\n" in between or ". " in between:
            return False
        # 'said: "…', 'told reporters, "…' introduce a quote; 'argued that being American
        # "is an idea"' is an indirect attribution quoting a few words
        lead = between.rstrip(_MARKS)
        return lead.endswith((",", ":", "—", "–", "-")) or len(lead.split()) <= 1
    return False


def _has_words(text: str, s: int, e: int, n: int) -> bool:
    """Whether text[s:e] holds ``n`` words or more (the split stops after the ``n``-th)."""
    return len(text[s:e].split(None, n - 1)) >= n


def _indirect_in(text, res, toks, a, b, starts, spans) -> Quote | None:
    """The first indirect attribution of the sentence text[a:b], read from ``toks`` (a window
    of it around its first cue)."""
    n = len(toks)
    end = b
    while end > a and (text[end - 1].isspace() or text[end - 1] in ".!?…;"):
        end -= 1
    for i in range(n):
        w = toks[i][0].lower()
        if (w not in _INDIRECT_CUES and w != "according") or _in_quote(toks[i][1], starts, spans):
            continue
        if w == "according" and i + 1 < n and toks[i + 1][0].lower() == "to":
            np = _np_forward(toks, i + 2)
            if not np:
                return None
            if toks[i][1] == a:  # "According to X, CONTENT"
                c0 = np[1] + (1 if np[1] < n and toks[np[1]][0] == "," else 0)
                return _make(text, res, toks, np, toks[c0][1] if c0 < n else end, end)
            if toks[i - 1][0] in (",", "—") if i > 0 else False:  # "CONTENT, according to X"
                return _make(text, res, toks, np, a, toks[i - 1][1])
            return None
        if w not in _INDIRECT_CUES or _is_cap(toks[i][0]):
            continue
        # "CONTENT, X said." — the cue near the end, after a comma
        if i >= 2 and not _has_words(text, toks[i][2], end, 6):
            k = i - 1
            while k >= 0 and toks[k][0] != ",":
                k -= 1
            if k >= 0 and i - k <= 7 and _has_words(text, a, toks[k][1], 4):
                np = _np_back(toks, i)
                if np and np[0] > k:
                    return _make(text, res, toks, np, a, toks[k][1])
        np = _np_back(toks, i)
        if not np or (np[1] < i - 3 and all(t[0] != "," for t in toks[np[1]:i])):
            continue  # the subject stands by its cue, or before an apposition
        if _in_quote(toks[np[0]][1], starts, spans):
            continue  # a subject inside a direct quote ("''Hillary Clinton last night said …")
        c0 = i + 1
        # "told reporters", "told CNN", "said Tuesday"
        while c0 < n and c0 - i <= 3 and toks[c0][0].lower() not in _THAT and (
            _is_cap(toks[c0][0]) or toks[c0][0].lower() in ("reporters", "me", "us", "him",
                                                            "her", "them", "the", "a")
        ):
            c0 += 1
        if c0 < n and toks[c0][0] == ",":
            continue  # "X said, …" introduces a direct quote or a list
        if c0 < n and toks[c0][0].lower() in _THAT:
            c0 += 1
        if c0 >= n:
            continue
        return _make(text, res, toks, np, toks[c0][1], end)
    return None


def _participle(text, res, a, b, p) -> Quote | None:
    """"Trump defended the plan, saying it would …": the content after a participle that
    follows a comma, said by the sentence's subject (read from the sentence's first words
    only, so a long sentence costs no more than a short one)."""
    if not text[a:p].rstrip().endswith(","):
        return None
    head = _span_tokens(text, a, min(p, a + 120))
    np = _subject(head, len(head))
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


def _make(text, res, toks, np, s, e) -> Quote | None:
    """An indirect attribution of the content text[s:e] (four words or more) to the noun
    phrase at tokens ``np``."""
    while e > s and text[e - 1] in " ,;:—–":
        e -= 1
    if not _has_words(text, s, e, 4) or text[s:s + 1] in _OPENERS:
        return None
    sp = res.resolve(toks[np[0]][1], toks[np[1] - 1][2], quote=False)
    q = Quote(text=text[s:e], start=s, end=e)
    if sp is not None:
        q.speaker, q.speaker_start, q.speaker_end, q.resolution = sp.name, sp.start, sp.end, sp.how
    return q


# ---------------------------------------------------------------- comparison


_DETERMINERS = ("the", "a", "an", "la", "le", "el", "der", "die", "das", "one")


def _speaker_words(s: str | None) -> list[str]:
    w = re.findall(r"[\w'’-]+", (s or "").lower())
    while w and w[0] in _DETERMINERS:
        w = w[1:]
    return w


def same_speaker(pred: str | None, gold: str | None) -> bool:
    """Whether two speaker names denote the same speaker: equal after dropping determiners,
    or one a head or tail of the other ("the US embassy" / "embassy", "Dmitry Peskov" /
    "Peskov"). How attributions are compared with annotations, in tests and benchmarks."""
    a, b = _speaker_words(pred), _speaker_words(gold)
    if not a or not b:
        return False
    n = min(len(a), len(b))
    return a[-n:] == b[-n:] or a[:n] == b[:n]

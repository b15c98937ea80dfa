"""Direct quotes and who said them, where the text names a speaker.

Attribution in news copy follows a handful of shapes, in every language newssift reads:

* after the quote: ``"…," Peskov said`` / ``"…," said Dmitry Peskov`` / ``"…," he added`` /
  ``"…," Dmitry Peskov, spokesman for …, told reporters`` / ``"…," according to the embassy``;
* before it: ``The embassy said, "…"`` / ``Kremlin spokesman Dmitry Peskov said: "…"`` /
  ``The embassy said in emailed comments that such warnings were "…"`` /
  ``According to the minister, "…"``;
* none, but the quote continues the previous paragraph's quote, or shares its paragraph with an
  attributed one (``"A," he said. "B."``).

Pronouns are resolved to the last named speaker, and a surname alone ("Peskov") to the full
name used earlier ("Dmitry Peskov"), with titles ("Kremlin spokesman", "President") dropped.
Quotes of fewer than three words are scare quotes ("harsh tactics"), not speech, and are
skipped. Nothing is guessed: a quote with no attribution in reach gets ``speaker=None``.
"""

from __future__ import annotations

import bisect
import re

from newssift.record import Quote


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_VERBS = (
    r"said|says|say|told|tells|added|adds|asked|asks|stated|states|wrote|writes|explained|explains|"
    r"noted|notes|argued|argues|insisted|insists|warned|warns|recalled|replied|continued|declared|"
    r"announced|acknowledged|admitted|claimed|claims|conceded|confirmed|cautioned|complained|"
    r"emphasized|emphasised|stressed|tweeted|posted|quipped|urged|remarked|observed|predicted|"
    r"reads|read|"
    r"sagte|sagt|sagten|erklärte|erklärt|betonte|betont|meinte|meint|fügte|ergänzte|schrieb|"
    r"warnte|"
    r"a déclaré|a dit|a affirmé|a expliqué|a ajouté|a souligné|a estimé|a averti|déclare|"
    r"affirme|explique|ajoute|souligne|estime|"
    r"dijo|afirmó|declaró|explicó|señaló|aseguró|añadió|agregó|indicó|advirtió|dice|afirma"
)
_VERB = r"(?:" + _VERBS + r")"
_PRONOUNS = frozenset(
    ("he", "she", "they", "er", "sie", "il", "elle", "ils", "elles", "él", "ella", "ellos")
)
_PRONOUN = r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ee]r|[Ss]ie|[Ii]l|[Ee]lle|[Ii]ls|[Ee]lles|[ÉEée]l|[Ee]lla)"
_CAP = r"[A-ZÀ-ÖØ-Þ](?:\.|[\w'’\-]*)"
_PARTICLE = r"(?:de|da|del|van|von|der|den|al|bin|le|la|di|du|dos)"
_NAME = _CAP + r"(?:[ \t]+(?:" + _PARTICLE + r"[ \t]+)?" + _CAP + r"){0,3}"
_DET = (
    r"(?:the|The|a|A|an|An|one|One|der|Der|die|Die|das|Das|ein|eine|le|Le|la|La|les|Les|un|une|"
    r"el|El|los|Los|las|Las)"
)
_NP = _DET + r"\s+(?:[\w’'-]+\s+){0,5}?[\w’'-]+"
_DESCR = r"(?:[a-zà-ÿ][\w'’-]*\s+){1,4}"  # "union organiser", "museum curator"
_ACCORDING = r"(?:[Aa]ccording to|[Ss]elon|[Ss]egún|[Ll]aut)"
_NAME_END = r"(?![\w'’-])"
_STOP = r"(?=\s*[,.;:!?)]|\s*$|\s+(?:on|in|at|during|after|before|to|of|who|whose|am|im|nach|vor|"
_STOP += r"lors|après|en|el|tras|durante)\b)"

_AFTER = [
    # "…," said the agency's director of earth observation, Ingrid Halvorsen.
    re.compile(
        r"^" + _VERB + r"\s+[^,.;“”\"«»]{3,80},\s+(?P<who>" + _NAME + r")" + r"(?=\s*[.;]|\s*$)"
    ),
    # "…," said Dmitry Peskov / said baker Helen Price
    re.compile(r"^" + _VERB + r"\s+(?:" + _DESCR + r")?(?P<who>" + _NAME + r")" + _NAME_END),
    # "…," said the embassy
    re.compile(r"^" + _VERB + r"\s+(?P<who>" + _NP + r"?)" + _STOP),
    # "…," he said / Peskov said / Dmitry Peskov, spokesman for X, told reporters
    re.compile(
        r"^(?P<who>" + _PRONOUN + r"|(?:" + _DESCR + r")?" + _NAME + r"|" + _NP + r"?)"
        r"(?:\s*,\s*[^,“”\"«»]{1,100},)?\s+(?:" + _VERBS + r"|quoted|cited|admitted)\b"
    ),
    # "…," according to the embassy
    re.compile(r"^" + _ACCORDING + r"\s+(?P<who>" + _NP + r"?|" + _NAME + r")" + _STOP),
    # French inversion: « … », a-t-il dit / dit-elle
    re.compile(r"^(?:\w+-t-|\w+-)(?P<who>il|elle|ils|elles)\b"),
    # a bare verb: "…", señaló.  (subject left out)
    re.compile(r"^(?P<who>" + _VERB + r")\s*[.;,]"),
]
_BEFORE_VERB = re.compile(r"(?P<subj>.*?)\b" + _VERB + r"\b(?P<mid>[^“”\"«»„.!?]{0,100}?)[,:]?\s*$")
_BEFORE_ACCORDING = re.compile(_ACCORDING + r"\s+(?P<who>[^,“”\"«»]{2,60}?),?\s*$")
_BEFORE_COLON = re.compile(r"^(?P<who>" + _NAME + r")\s+[^“”\"«»„]{1,80}:\s*$")
_TRAIL_NAME = re.compile(r"(?P<who>" + _NAME + r")\s*,?\s*$")
_TRAIL_NP = re.compile(r"(?P<who>" + _NP + r")\s*,?\s*$")
_TRAIL_PRONOUN = re.compile(r"(?:^|\s)(?P<who>" + _PRONOUN + r")\s*,?\s*$")
_MULTI_NAME = re.compile(
    r"\b" + _CAP + r"(?:[ \t]+(?:" + _PARTICLE + r"[ \t]+)?" + _CAP + r"){1,3}"
)
_MARKS = '"“”«»„‘’ '

_TITLES = _words(
    """president prime minister chancellor secretary senator sen. rep. gov. governor mayor
    judge dr. dr mr. mrs. ms. mr mrs ms prof. professor general gen. pope king queen prince
    coach foreign interior defense defence finance deputy vice chief executive attorney
    police state spokesman spokeswoman spokesperson ceo chairman chairwoman kremlin white
    house councillor councilman councilwoman detective inspector sergeant officer captain
    bundeskanzlerin bundeskanzler kanzlerin kanzler präsident präsidentin herr frau minister
    trainer kapitän sportdirektor bürgermeister
    ministre président présidente m. mme presidente ministro ministra sr. sra. don doña"""
)
_NOT_NAMES = _words(
    """the a an but and or so if when while as it this that these those there we i you in on at
    for of to by with from after before yesterday today monday tuesday wednesday thursday
    friday saturday sunday asked"""
)

#: (opening, closing) quotation mark pairs, tried in this order.
_PAIRS = [
    re.compile(r"„(?P<q>[^„“”\n]{2,3000}?)[“”]"),
    re.compile(r"“(?P<q>[^“”]{2,3000}?)”"),
    re.compile(r"«\s?(?P<q>[^«»]{2,3000}?)\s?»"),
    re.compile(r"(?<![\w\"])\"(?P<q>[^\"\n]{2,3000}?)\"(?!\w)"),
    re.compile(r"(?<![\w‘’])‘(?P<q>[^‘’\n]{10,3000}?)’(?!\w)"),
]
_OPENERS = '"“„«‘'


def find_quotes(text: str) -> list[Quote]:
    """All direct quotes of three words or more, in order, with their speakers where named."""
    spans = _spans(text)
    names = _full_names(text)
    mentions = _mentions(text, names)
    quotes: list[Quote] = []
    last_person: str | None = None
    for start, end in spans:
        q = text[start:end].strip()
        who = _attribute(text, start, end)
        if who is not None:
            who = _normalise(who, names)
            if who.lower() in _PRONOUNS or re.fullmatch(_VERB, who):
                who = _nearest_person(mentions, start) or last_person
            elif who[:1].isupper() and not re.match(_DET + r"\s", who):
                last_person = who
        quotes.append(Quote(text=q, speaker=who, start=start, end=end))
    _continuations(text, quotes)
    return quotes


def _spans(text: str) -> list[tuple[int, int]]:
    taken: list[tuple[int, int]] = []
    for pat in _PAIRS:
        for m in pat.finditer(text):
            s, e = m.start("q"), m.end("q")
            if any(s <= te and e >= ts for ts, te in taken):
                continue
            if len(re.findall(r"\w+", m.group("q"))) < 3:
                continue
            taken.append((s, e))
    # a paragraph opened by a quotation mark that it never closes: the quote runs on
    for m in re.finditer(r"(?m)^[ \t]*([\"“„«])([^\n]+)$", text):
        s, e = m.start(2), m.end(2)
        if any(s <= te and e >= ts for ts, te in taken):
            continue
        if len(re.findall(r"\w+", m.group(2))) >= 3:
            taken.append((s, e))
    return sorted(taken)


def _attribute(text: str, start: int, end: int) -> str | None:
    line_end = text.find("\n", end)
    after = text[end : line_end if line_end >= 0 else len(text)][:240]
    after = after.lstrip(_MARKS).lstrip(",.!?…;").lstrip(_MARKS)
    for pat in _AFTER:
        m = pat.match(after)
        if m:
            who = m.group("who").strip()
            if _plausible(who):
                return who
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start].rstrip(_MARKS)
    cut = max(before.rfind(". "), before.rfind("? "), before.rfind("! "), before.rfind("” "))
    if cut >= 0:
        before = before[cut + 2 :]
    before = before.lstrip(_MARKS)
    m = _BEFORE_ACCORDING.search(before)
    if m:
        return m.group("who").strip()
    m = _BEFORE_VERB.match(before)
    if m:
        subj = m.group("subj").rstrip()
        for pat in (_TRAIL_PRONOUN, _TRAIL_NAME, _TRAIL_NP):
            t = pat.search(subj)
            if t and _plausible(t.group("who")):
                return t.group("who").strip()
    m = _BEFORE_COLON.match(before)
    if m and _plausible(m.group("who")):
        return m.group("who")
    return None


def _plausible(who: str) -> bool:
    words = who.split()
    if not words:
        return False
    if len(words) == 1 and who.lower() in _PRONOUNS:
        return True
    return words[0].lower() not in _NOT_NAMES or bool(re.match(_DET + r"\s", who))


def _full_names(text: str) -> list[str]:
    out = []
    for m in _MULTI_NAME.finditer(text):
        name = _strip_titles(m.group(0))
        if len(name.split()) >= 2 and name.split()[0].lower() not in _NOT_NAMES:
            out.append(name)
    return out


def _mentions(text: str, names: list[str]) -> list[tuple[int, str]]:
    """(offset, full name) of every mention of a person by full name or surname alone."""
    by_surname: dict[str, str] = {}
    for full in names:
        by_surname.setdefault(full.split()[-1], full)
    out = []
    for m in re.finditer(r"\b" + _CAP, text):
        word = m.group(0).rstrip(".,'’")
        if word in by_surname:
            out.append((m.start(), by_surname[word]))
    return out


def _nearest_person(mentions: list[tuple[int, str]], pos: int) -> str | None:
    best = None
    for off, name in mentions:
        if off >= pos:
            break
        best = name
    return best


def _strip_titles(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower() in _TITLES:
        words = words[1:]
    return " ".join(words)


def _normalise(who: str, names: list[str]) -> str:
    who = who.strip(" ,.;:")
    if re.match(_DET + r"\s", who) or who.lower() in _PRONOUNS or re.fullmatch(_VERB, who):
        return who
    words = who.split()
    # lower-case descriptors in front of a name ("union organiser Maria Kessel")
    while len(words) > 1 and words[0][:1].islower():
        words = words[1:]
    who = _strip_titles(" ".join(words))
    if len(who.split()) == 1:
        for full in names:
            if full.split()[-1] == who:
                return full
    return who


def _continuations(text: str, quotes: list[Quote]) -> None:
    """Unattributed quotes take the speaker of their paragraph, or of the quote just before
    when they open the paragraph right after it, or of the quote right after when they open a
    paragraph that the quote runs on from (a quote over several paragraphs)."""
    starts = [m.start() for m in re.finditer(r"(?m)^(?=[^\n]*\S)", text)]

    def para(pos: int) -> int:
        return bisect.bisect_right(starts, pos) - 1

    by_para: dict[int, str] = {}
    for q in quotes:
        if q.speaker:
            by_para.setdefault(para(q.start), q.speaker)
    for k, q in enumerate(quotes):
        if q.speaker is not None:
            continue
        p = para(q.start)
        prev = quotes[k - 1] if k > 0 else None
        nxt = quotes[k + 1] if k + 1 < len(quotes) else None
        if p in by_para:
            q.speaker = by_para[p]
        elif _runs_on(text, q) and nxt is not None and nxt.speaker and para(nxt.start) == p + 1:
            q.speaker = nxt.speaker
        elif (
            prev is not None
            and prev.speaker
            and para(prev.start) == p - 1
            and _opens_paragraph(text, q.start)
        ):
            q.speaker = prev.speaker


def _runs_on(text: str, q: Quote) -> bool:
    """The quote opens its paragraph and is not closed in it."""
    line_end = text.find("\n", q.end)
    rest = text[q.end : line_end if line_end >= 0 else len(text)]
    return _opens_paragraph(text, q.start) and not rest.strip()


def _opens_paragraph(text: str, start: int) -> bool:
    ls = text.rfind("\n", 0, start) + 1
    return text[ls:start].strip() in tuple(_OPENERS)


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

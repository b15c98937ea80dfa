"""Word and sentence splitting that behaves like the reference filters' English tokenizer.

Why this exists: the Gopher, C4 and FineWeb rules threshold counts of *tokens* (share of
tokens with a letter, mean token length, n-gram repetition, sentences per line). The
reference implementation (datatrove) counts the tokens of a blank spaCy English pipeline,
where punctuation is its own token, ``don't`` is two tokens and ``U.S.`` is one. A
whitespace split gives different ratios and so different keep/reject decisions near the
thresholds. newssift must not depend on spaCy, so this module re-implements the same
*procedure* with its own compact rules:

1. split on whitespace;
2. for each chunk, peel prefixes (opening punctuation, quotes, currency signs) and
   suffixes (closing punctuation, ``'s``, units after digits, a final period after a
   lower-case letter or two capitals) until nothing changes, stopping at a known
   exception (abbreviations such as ``Jan.``, contractions such as ``can't``);
3. keep the middle whole if it is an exception or a URL, otherwise split it at infixes
   (hyphens and slashes between letters, a period between a lower-case and an upper-case
   letter, ellipses, symbols).

Sentences are counted the way the reference sentencizer counts them: a new sentence starts
at the first token that is not punctuation after a sentence-final mark.

The chunk → tokens mapping is memoised, since news vocabulary repeats across documents.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import chain, pairwise

import regex

_QUOTES = "'\"”“`‘´’‚,„»«「」『』（）〔〕【】《》〈〉⟦⟧"
_PUNCT_CHARS = ",:;!?¿؟¡()[]{}<>_#*&。？！，、；：～·।،۔؛٪"
_CURRENCY = r"US\$|C\$|A\$|[$£€¥฿﷼\u20a0-\u20bf]"
_UNITS = (
    "km|km²|km³|m|m²|m³|dm|dm²|dm³|cm|cm²|cm³|mm|mm²|mm³|ha|µm|nm|yd|in|ft|kg|g|mg|µg|t|lb|oz|"
    "m/s|km/h|kmh|mph|hPa|Pa|mbar|mb|MB|kb|KB|gb|GB|tb|TB|T|G|M|K|%"
)


def _cls(chars: str) -> str:
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)


# Alternatives are tried in order at the same position, as in the reference rules.
_PREFIX = regex.compile(
    r"(?:§|%|=|—|–|\+(?![0-9])|…|……|["
    + _cls(_PUNCT_CHARS)
    + r"]|\.\.+|["
    + _cls(_QUOTES)
    + r"]|"
    + _CURRENCY
    + r"|\p{So})"
)
_PERIOD_AFTER = _cls("0123456789%²-+|\\(?:)" + _PUNCT_CHARS + _QUOTES + "…")
_SUFFIX = regex.compile(
    r"(?:…$|……$|[" + _cls(_PUNCT_CHARS) + r"]$|\.\.+$|[" + _cls(_QUOTES) + r"]$|\p{So}$"
    r"|'s$|'S$|’s$|’S$|—$|–$"
    r"|(?<=[0-9])\+$|(?<=°[FfCcKk])\.$|(?<=[0-9])(?:" + _CURRENCY + r")$"
    r"|(?<=[0-9])(?:" + _UNITS + r")$"
    r"|(?<=[\p{Ll}\p{Lo}" + _PERIOD_AFTER + r"])\.$|(?<=[\p{Lu}\p{Lo}][\p{Lu}\p{Lo}])\.$)"
)
_INFIX = regex.compile(
    r"\.\.+|…|\p{So}|(?<=[0-9])[+\-*^](?=[0-9-])"
    r"|(?<=[\p{Ll}\p{Lo}" + _cls(_QUOTES) + r"])\.(?=[\p{Lu}\p{Lo}" + _cls(_QUOTES) + r"])"
    r"|(?<=\p{L}),(?=\p{L})|(?<=[\p{L}0-9])(?:-|–|—|--|---|——|~)(?=\p{L})"
    r"|(?<=[\p{L}0-9])[:<>=/](?=\p{L})"
)
_URL = regex.compile(
    r"(?:[\w+\-.]{2,}://)?(?:\S+(?::\S*)?@)?"
    r"(?:(?:[A-Za-z0-9\u00a1-\uffff][A-Za-z0-9\u00a1-\uffff_-]{0,62})?[A-Za-z0-9\u00a1-\uffff]\.)+"
    r"\p{Ll}{2,63}(?::\d{2,5})?(?:[/?#]\S*)?"
)
_SENT_END = regex.compile(r"\p{Sentence_Terminal}")
#: How far from the end a match of :data:`_SUFFIX` can start, but for a run of periods
#: (``\.\.+$``): every other alternative is anchored at the end and at most 4 characters
#: long (``km/h``, ``mbar``), so a search from here finds the same leftmost match (a
#: lookbehind still sees the characters before the search's start).
_SUFFIX_REACH = 6


_ASCII_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_DIGITS = frozenset("0123456789")


def _suffix_search(body: str):
    """``_SUFFIX.search(body)``, started where a match can start; None without a search
    when ``body`` ends in an ASCII letter or digit that no alternative can end with there:
    only ``'s`` (after an apostrophe) and a unit (after a digit at most 4 characters
    before the end) end in one."""
    n = len(body)
    if n and body[-1] in _ASCII_ALNUM and not _DIGITS.intersection(body[-5:-1]) and not (
        n > 1 and body[-2] in "'’"
    ):
        return None
    if n > _SUFFIX_REACH and not body.endswith(".."):
        return _SUFFIX.search(body, n - _SUFFIX_REACH)
    return _SUFFIX.search(body)



@lru_cache(maxsize=4096)
def is_sentence_terminal(token: str) -> bool:
    """True for a one-character sentence-final mark (``.``, ``?``, ``।``, ``。`` ...)."""
    return len(token) == 1 and _SENT_END.match(token) is not None


_EMOTICONS = (
    ":) :( :-) :-( ;) ;-) :)) :))) :(( :((( :-)) :-))) :-(( :-((( :/ :-/ :| :-| :] :-] :} :-} "
    ":> :-> :* :-* :() :'( :') :'-( :'-) :’( :’) :’-( :’-) (: (; (= (-: (-; ): )-: =) =( =/ =| "
    "=[ =] [: [= [-: ]= ;_; ^_^ ^__^ ^___^ -_- -__- ._. (._.) <.< >.< >.> >:( @_@ (^_^) (-_-) "
    "(*_*) (>_<) (¬_¬) 8) 8-) (-8 <3 <33 <333 </3 :0 :-0 :3 :-3 =3 :1 o.O O.o o.o O.O 0.0 o.0 "
    ":D :-D =D xD XD :P :-P :p :-p :o :O :o) :-o :-O =p =P "
    '0_0 v.v V.V \\")'
)


def _exceptions() -> dict[str, tuple[str, ...]]:
    """English tokens that the affix rules must not cut, or must cut in a fixed way."""
    out: dict[str, tuple[str, ...]] = {}

    def cased(word: str, parts: tuple[str, ...]) -> None:
        out[word] = parts
        cap = parts[0][:1].upper() + parts[0][1:]
        out[word[:1].upper() + word[1:]] = (cap, *parts[1:])

    abbreviations = [
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prof",
        "Gen",
        "Gov",
        "Sen",
        "Rep",
        "Rev",
        "St",
        "Jr",
        "Mt",
        "Adm",
        "Messrs",
        "Co",
        "Corp",
        "Inc",
        "Ltd",
        "Bros",
        "Ala",
        "Ak",
        "Ariz",
        "Ark",
        "Calif",
        "Colo",
        "Conn",
        "Del",
        "Fla",
        "Ga",
        "Ia",
        "Id",
        "Ill",
        "Ind",
        "Kan",
        "Kans",
        "Ky",
        "La",
        "Mass",
        "Md",
        "Mich",
        "Minn",
        "Miss",
        "Mo",
        "Mont",
        "Neb",
        "Nebr",
        "Nev",
        "Okla",
        "Ore",
        "Pa",
        "Tenn",
        "Va",
        "Wash",
        "Wis",
        "co",
        "vs",
    ]
    for word in abbreviations:
        out[word + "."] = (word + ".",)
    dotted = [
        "a.m.",
        "p.m.",
        "e.g.",
        "i.e.",
        "E.g.",
        "E.G.",
        "I.e.",
        "I.E.",
        "v.s.",
        "Ph.D.",
        "D.C.",
        "N.C.",
        "N.D.",
        "N.H.",
        "N.J.",
        "N.M.",
        "N.Y.",
        "S.C.",
        "ä.",
        "ö.",
        "ü.",
    ]
    for word in dotted:
        out[word] = (word,)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        out[letter + "."] = (letter + ".",)
    for hour in range(1, 13):
        for suffix in ("am", "pm", "a.m.", "p.m."):
            out[f"{hour}{suffix}"] = (str(hour), suffix)
    negatable = [
        "do",
        "does",
        "did",
        "is",
        "are",
        "was",
        "were",
        "have",
        "has",
        "had",
        "could",
        "would",
        "should",
        "might",
        "must",
        "need",
        "ought",
        "dare",
        "may",
    ]
    stems = {w: w for w in negatable} | {"can": "ca", "will": "wo", "shall": "sha", "ai": "ai"}
    stems["won"] = "wo"
    for apostrophe in ("'", "’"):
        for word, stem in stems.items():
            if word in ("will", "shall", "can"):
                written = {"will": "wo", "shall": "sha", "can": "ca"}[word]
            elif word == "won":
                continue
            else:
                written = word
            cased(f"{written}n{apostrophe}t", (stem, f"n{apostrophe}t"))
        pronouns = [
            "i",
            "you",
            "he",
            "she",
            "it",
            "we",
            "they",
            "who",
            "what",
            "where",
            "when",
            "why",
            "how",
            "that",
            "there",
            "this",
            "these",
            "those",
        ]
        for pronoun in pronouns:
            for clitic in ("m", "re", "ve", "ll", "d"):
                if clitic == "m" and pronoun != "i":
                    continue
                head = "I" if pronoun == "i" else pronoun
                out[f"{head}{apostrophe}{clitic}"] = (head, f"{apostrophe}{clitic}")
                if pronoun != "i":
                    title = pronoun.capitalize()
                    out[f"{title}{apostrophe}{clitic}"] = (title, f"{apostrophe}{clitic}")
    for word in stems:
        if word in ("will", "shall", "can", "won"):
            continue
        cased(word + "nt", (word, "nt"))
    # pronoun + clitic written without the apostrophe, except where that spells a common word
    clitic_hosts = {
        "s": "he she that there what where when why how who this",
        "re": "you they what where when why how there these those",
        "ve": "you we they what where when why how who there these those",
        "ll": "it that there these this those they what when where who why you how",
        "d": "he it that there these they this those we what when where who why you how",
    }
    for clitic, hosts in clitic_hosts.items():
        for host in hosts.split():
            cased(host + clitic, (host, clitic))
    for word, parts in (("i", ("i",)), ("id", ("i", "d")), ("ive", ("i", "ve"))):
        out[word] = parts
    out["Id"] = ("I", "d")
    out["Ive"] = ("I", "ve")
    for modal in ("could", "would", "should", "might", "must"):
        cased(modal + "ve", (modal, "ve"))
        cased(modal + "ntve", (modal, "nt", "ve"))
        for apostrophe in ("'", "’"):
            cased(f"{modal}{apostrophe}ve", (modal, f"{apostrophe}ve"))
            negated = (modal, f"n{apostrophe}t", f"{apostrophe}ve")
            cased(f"{modal}n{apostrophe}t{apostrophe}ve", negated)
    for apostrophe in ("'", "’"):
        for clitic in ("m", "ve", "ll", "d"):
            out[f"i{apostrophe}{clitic}"] = ("i", f"{apostrophe}{clitic}")
        cased(f"y{apostrophe}all", (f"y{apostrophe}", "all"))
        cased(f"c{apostrophe}mon", (f"c{apostrophe}m", "on"))
        for word in ("em", "cause", "cos", "coz", "cuz", "bout", "nuff", "Cause", "Cos", "Coz"):
            out[apostrophe + word] = (apostrophe + word,)
        for word in ("doin", "goin", "havin", "lovin", "nothin", "nuthin", "somethin", "ol"):
            cased(word + apostrophe, (word + apostrophe,))
        cased(f"ma{apostrophe}am", (f"ma{apostrophe}am",))
        cased(f"o{apostrophe}clock", (f"o{apostrophe}clock",))
    for word, parts in (
        ("cant", ("ca", "nt")),
        ("wont", ("wo", "nt")),
        ("cannot", ("can", "not")),
        ("gonna", ("gon", "na")),
        ("gotta", ("got", "ta")),
        ("im", ("i", "m")),
        ("yall", ("y", "all")),
        ("ima", ("i", "m", "a")),
    ):
        cased(word, parts)
    out["Im"] = ("I", "m")
    out["Ima"] = ("I", "m", "a")
    for word in ("and/or", "w/o", "'", "''", "’’", "’", "—"):
        out[word] = (word,)
    for face in _EMOTICONS.split():
        out[face] = (face,)
    return out


#: Tokens the affix rules must not cut, or must cut in a fixed way (:func:`_exceptions`),
#: with their pieces (public: the compiled loop's chunk reader checks it).
SPECIAL_TOKENS = _exceptions()
#: Specials that the affix rules would cut (emoticons, ``''``, ``Jan.``): merged back when
#: their pieces end up side by side inside one chunk.
_MERGEABLE = {k: v for k, v in SPECIAL_TOKENS.items() if not k.isalnum()}
_MERGE_MAX = max(len(k) for k in _MERGEABLE)
#: Every beginning of a mergeable special: a join that is not one cannot grow into one
#: (public: the compiled loop's chunk reader checks it as :func:`_quick_split` does).
MERGE_PREFIXES = frozenset(
    k[:i] for k in _MERGEABLE for i in range(1, len(k) + 1)
)


class Memo(dict):
    """A bounded memo whose ``__getitem__`` computes misses, so ``map(memo.__getitem__, xs)``
    runs the per-item loop in C and calls Python only for items not seen yet."""

    def __init__(self, compute, max_size: int = 500_000) -> None:
        super().__init__()
        self.compute = compute
        self.max_size = max_size

    def __missing__(self, key):
        value = self.compute(key)
        if len(self) >= self.max_size:
            self.clear()
        self[key] = value
        return value


def _split_middle(s: str) -> list[str]:
    if s in SPECIAL_TOKENS:
        return list(SPECIAL_TOKENS[s])
    if _URL.fullmatch(s):
        return [s]
    out: list[str] = []
    start = 0
    for m in _INFIX.finditer(s):
        a, b = m.span()
        if a == 0:
            continue
        out.append(s[start:a])
        if a != b:
            out.append(s[a:b])
        start = b
    if start < len(s):
        out.append(s[start:])
    return out


def _split_chunk(chunk: str) -> tuple[str, ...]:
    special = SPECIAL_TOKENS.get(chunk)
    if special is not None:
        return special
    prefixes: list[str] = []
    suffixes: list[str] = []
    s = chunk
    last = -1
    while s and len(s) != last:
        if s in SPECIAL_TOKENS:
            break
        last = len(s)
        m = _PREFIX.match(s)
        pre = m.end() if m else 0
        if pre:
            rest = s[pre:]
            if rest and rest in SPECIAL_TOKENS:
                prefixes.append(s[:pre])
                s = rest
                break
        body = s[pre:] if pre else s
        m = _suffix_search(body)
        suf = (len(body) - m.start()) if m and m.end() > m.start() else 0
        if suf:
            rest = s[:-suf]
            if rest and rest in SPECIAL_TOKENS:
                suffixes.append(s[-suf:])
                s = rest
                break
        if pre and suf and pre + suf <= len(s):
            prefixes.append(s[:pre])
            suffixes.append(s[-suf:])
            s = s[pre:-suf]
        elif pre:
            prefixes.append(s[:pre])
            s = s[pre:]
        elif suf:
            suffixes.append(s[-suf:])
            s = s[:-suf]
        if s in SPECIAL_TOKENS:
            break
    middle = _split_middle(s) if s else []
    suffixes.reverse()
    tokens = prefixes + middle + suffixes
    return tuple(_merge_specials(tokens)) if len(tokens) > 1 else tuple(tokens)


def _merge_specials(tokens: list[str]) -> list[str]:
    """Rejoin adjacent pieces that together spell an exception (``8`` + ``)`` → ``8)``)."""
    out: list[str] = []
    i, n = 0, len(tokens)
    while i < n:
        # the longest join of two or more pieces from i that is a special (at most
        # _MERGE_MAX pieces), grown while it still begins one
        best = 0
        joined = tokens[i]
        if joined in MERGE_PREFIXES:
            for j in range(i + 1, min(n, i + _MERGE_MAX)):
                joined += tokens[j]
                if joined not in MERGE_PREFIXES:
                    break
                if joined in _MERGEABLE:
                    best = j + 1
        if best:
            out.extend(_MERGEABLE["".join(tokens[i:best])])
            i = best
        else:
            out.append(tokens[i])
            i += 1
    return out


#: Opening marks that :data:`_PREFIX` peels one at a time (each is one of its classes).
_OPEN = frozenset("“\"‘'([$£€")
#: Closing marks that :data:`_SUFFIX` peels one at a time (``[PUNCT]$`` or ``[QUOTES]$``);
#: each of them also lets a period before it be peeled (:data:`_PERIOD_AFTER`).
_CLOSE = frozenset(",;:!?)]”\"’'")
#: ASCII characters after which ``_SUFFIX`` peels a final period (``\\p{Ll}`` and digits of
#: ``_PERIOD_AFTER``).
_BEFORE_PERIOD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
#: The dashes :data:`_INFIX` splits at between two letters.
_DASHES = re.compile("([-–—])")
#: A number the loop keeps whole: ASCII digits, maybe grouped by single commas or periods.
_NUMBER = re.compile("[0-9]+(?:[.,][0-9]+)*")


def _quick_split(chunk: str) -> list[str] | None:
    """:func:`_split_chunk` for the commonest shapes of a new chunk, without its regexes, or
    None for any other chunk. The shape: at most one opening mark or currency sign of
    :data:`_OPEN`, then a core, then closing marks of :data:`_CLOSE`, possessive ``'s`` and
    periods (``Trump’s.”``, ``(state-run),``, ``$12,000.``). The core is letter words joined
    by single dashes (``well-known``) whose words may hold apostrophes between letters
    (``O’Brien``), or a number of ASCII digits grouped by single commas or periods.

    Why it is the same: on such a chunk each round of the affix loop peels the opening mark
    (first round only) and one closing unit from the end, exactly as read here from the
    right. A closing mark is one character that only ``[PUNCT]$``/``[QUOTES]$`` match there
    (the rules after a digit want a unit, a currency sign or ``+``; no ``..``, ``…`` or dash
    ends the chunk); ``'s`` is the only rule that ends in a letter without a digit before
    it; a period is peeled after an ASCII lower-case letter, a digit or a closing mark
    (``_PERIOD_AFTER``) or after two ASCII capitals, and any other period sends the chunk to
    the loop. The core starts and ends with a letter or a digit, so no rule peels it
    further; a word core holds no period (so no URL) and no infix but its dashes, each
    between two letters; a number holds no letter (so no URL) and no infix. Every string
    the loop would look up in :data:`SPECIAL_TOKENS` is looked up here too (any hit goes to
    the loop), and the pieces are merged as the loop merges them. Letters are
    ``str.isalpha``, which tests/assess/test_quality_tokens_quick.py checks is ``\\p{L}``
    (and never ``\\p{So}``) for every code point."""
    n = len(chunk)
    start = 1 if chunk[0] in _OPEN else 0
    end = n
    ends = [n]
    while end > start:
        c = chunk[end - 1]
        if c in _CLOSE:
            end -= 1
        elif c == "." and end - 2 >= start:
            p = chunk[end - 2]
            if not (p in _BEFORE_PERIOD or p in _CLOSE
                    or (p in _UPPER and end - 3 >= start and chunk[end - 3] in _UPPER)):
                return None
            end -= 1
        elif c in "sS" and end - 2 > start and chunk[end - 2] in "'’":
            end -= 2
        else:
            break
        ends.append(end)
    core = chunk[start:end]
    if not core:
        return None
    number = core[0] in _DIGITS
    if not (_NUMBER.fullmatch(core) if number else core[0].isalpha() and core[-1].isalpha()):
        return None
    for e in ends:
        if chunk[:e] in SPECIAL_TOKENS or (start and chunk[start:e] in SPECIAL_TOKENS):
            return None
    if number or core.isalpha():
        pieces = [core]
    else:
        pieces = _DASHES.split(core)
        for i in range(0, len(pieces), 2):
            word = pieces[i]
            if not (word and word[0].isalpha() and word[-1].isalpha()
                    and word.replace("’", "").replace("'", "").isalpha()):
                return None
    tokens = [chunk[0]] if start else []
    tokens += pieces
    tokens += [chunk[ends[i + 1] : ends[i]] for i in range(len(ends) - 2, -1, -1)]
    # _merge_specials changes nothing unless two neighbours join into the beginning of one
    if any(a + b in MERGE_PREFIXES for a, b in pairwise(tokens)):
        return [t for t in _merge_specials(tokens) if t.strip()]
    return tokens


def _chunk_tokens(chunk: str) -> tuple[str, ...]:
    if chunk in SPECIAL_TOKENS:
        return SPECIAL_TOKENS[chunk]
    if chunk.isalpha():
        return (chunk,)
    # Fast path for the commonest shape, a word and one closing mark ("said," "ended."):
    # the mark is a suffix (a period only after a lower-case letter) and the rest is the
    # word's own tokenisation.
    head, last = chunk[:-1], chunk[-1]
    if head.isalpha() and (last in ",;:!?" or (last == "." and head[-1].islower())):
        return (*CHUNK_TOKENS[head], last)
    quick = _quick_split(chunk)
    if quick is not None:
        return tuple(quick)
    return tuple(t for t in _split_chunk(chunk) if t.strip())


#: chunk -> its tokens (public: the compiled loop's chunk reader falls back to it).
CHUNK_TOKENS = Memo(_chunk_tokens)


def tokens_of_chunk(chunk: str) -> tuple[str, ...]:
    """Tokens of one whitespace-free chunk (memoised): what ``assess/explain.py`` maps back
    to character spans."""
    return CHUNK_TOKENS[chunk]


def split_words(text: str) -> list[str]:
    """All tokens of ``text`` (punctuation included, whitespace dropped), in order."""
    return list(chain.from_iterable(map(CHUNK_TOKENS.__getitem__, text.split())))


def _is_punct(token: str) -> bool:
    return all(unicodedata.category(c).startswith("P") for c in token)


def count_sentences(text: str) -> int:
    """Number of sentences in ``text`` as the reference sentencizer splits it (0 if empty)."""
    return sentences_in(split_words(text))


def _sentence_class(token: str) -> str:
    if is_sentence_terminal(token):
        return "E"  # ends a sentence
    return "P" if _is_punct(token) else "W"


#: token -> its sentence class, "W", "P" or "E" (public: the compiled loop's token facts).
TOKEN_CLASSES = Memo(_sentence_class)
#: A sentence break: a final mark, maybe more punctuation, then a token that is not.
_BREAK = re.compile("E[EP]*W")


def sentences_in(tokens: list[str]) -> int:
    """Number of sentences in a token sequence (see :func:`count_sentences`)."""
    if not tokens:
        return 0
    return 1 + len(_BREAK.findall("".join(map(TOKEN_CLASSES.__getitem__, tokens))))

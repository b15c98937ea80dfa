"""What a copy changed against its canonical: the evidence a ``copy_of`` flag carries.

Why linear measures on the record: a cluster may hold 10,000 copies of one wire story, and
every copy is compared with its canonical only (never with the other copies), so the cost
is the length of the two texts, not the size of the cluster. Lines are compared as sets of
normalised lines (case, punctuation and spacing do not count): *added* lines are the copy's
lines absent from the canonical (typically chrome and injected headlines), *dropped* lines
the canonical's absent from the copy. The word-level change rate is one minus the
bag-of-words overlap (Dice over word multisets): 0 for the same words, 1 for no word in
common. The fine, ordered diff (changed words shown) is left to :func:`word_diff`, which
``newssift trace`` runs for the one document asked about, capped.

The flag: ``name="copy_of"``, ``rule=COPY_RULE``, ``value`` = similarity to the canonical
(by the method that linked it), ``threshold`` = that method's limit, ``text`` = a JSON
object with the canonical's id and URL, the method, the counts, the change rate and at
most ``MAX_LINES`` added and dropped lines of at most ``MAX_LINE_CHARS`` characters each
(``truncated`` says when more were left out).
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter, OrderedDict
from collections.abc import Iterable
from itertools import repeat
from operator import sub

from newssift.dedup.minhash import nfkc, words

try:  # the compiled loops (setup.py builds them); the Python twins below give the same
    from newssift.dedup import _native
except ImportError:  # pragma: no cover - no compiler at install
    _native = None

#: v2: a copy linked on the anchors' contained path has method ``contained`` (v1 called it
#: ``translation``, as the copies the strong anchor limits link).
COPY_RULE = "provenance_copy/v2"
MAX_LINES = 20
MAX_LINE_CHARS = 200
MAX_DIFF_WORDS = 4000  # trace's ordered word diff looks at most this many words a side


def _norm_line(line: str) -> str:
    return " ".join(words(line))


def _lines(text: str | None) -> list[str]:
    """The text's lines (cut at ``\n``), stripped, the empty ones left out."""
    return _text_lines(text or "")


def _text_lines_py(text: str) -> list[str]:
    """:func:`_lines` of a str: the reference of the compiled ``_native.text_lines``, which
    cuts and strips in one pass, without the unstripped lines and the list of them."""
    return [s for s in map(str.strip, text.split("\n")) if s]


# Words without the regex: every non-word character becomes a space (line breaks kept),
# then ``str.split`` cuts the words. Non-ASCII non-word characters are replaced by one
# regex pass that matches only them; the ASCII ones by a byte table on the UTF-8 form,
# which leaves every byte of a multi-byte character alone. Word characters are those of
# ``\w`` (alphanumeric or ``_``), none of which is whitespace, so the pieces ``split``
# returns are exactly the runs ``_WORD.findall`` returns.
_NONASCII_GAP = re.compile(r"[^\x00-\x7f\w]+")
_ASCII_GAP = bytes(
    c if c >= 0x80 or c == 0x0A or c == 0x5F or chr(c).isalnum() else 0x20 for c in range(256)
)


_SPACES = re.compile("  +")  # faster than " {2,}" or halving with str.replace


def _spaced(text: str) -> str:
    """``text`` with every non-word character except the line break turned into a space."""
    if not text.isascii():
        text = _NONASCII_GAP.sub(" ", text)
    return text.encode("utf-8").translate(_ASCII_GAP).decode("utf-8")


def _keys(lines: list[str]) -> list[str]:
    """The normalised key of every line: its words joined by one space (as
    :func:`_norm_line`), so ``key.split()`` gives back the line's words.

    The text is normalised once, not line by line, unless normalisation changes its line
    structure. Without a Python object per word: non-word characters become spaces, runs
    of spaces one space, and each line loses its end spaces."""
    joined = nfkc("\n".join(lines))  # case folded by _folded_line_keys
    if joined.count("\n") + 1 != len(lines):  # normalisation changed the line structure
        return [_norm_line(x) for x in lines]
    return _folded_line_keys(joined)


def _line_keys_py(joined: str) -> list[str]:
    """The key of every line of a normalised text (split on ``\\n`` only): its words joined
    by one space. The reference of the compiled ``_native.line_keys``."""
    return [x.strip(" ") for x in _SPACES.sub(" ", _spaced(joined)).split("\n")]


def _count_words_py(keys: list[str]) -> int:
    """The words of a list of line keys (reference of ``_native.count_words``)."""
    return sum(map(len, map(str.split, keys)))


def _word_excess_py(d_keys: list[str], e_keys: list[str]) -> tuple[int, int, int]:
    """The words of ``d_keys`` and of ``e_keys`` and the sum over the words of ``d_keys``
    of ``max(0, d_w - e_w)`` (reference of ``_native.word_excess``)."""
    dw, ew = _words_of(d_keys), _words_of(e_keys)
    return sum(dw.values()), sum(ew.values()), _excess(dw, ew)


def _folded_line_keys_py(joined: str) -> list[str]:
    """The keys of the lines of an NFKC text, case folded here (casefold never makes or
    removes a line break, so the lines are the same): reference of the compiled
    ``_native.folded_line_keys``, which folds code point by code point as it goes."""
    return _line_keys_py(joined.casefold())


def _line_diff_py(a_lines: list[str], a_norm: list[str], b_lines: list[str],
                  b_norm: list[str], a_keys: set[str] | None = None,
                  ) -> tuple[list[str], list[str], int, int, int]:
    """The lines of two texts compared by their keys: ``(added, dropped, n_d, n_e,
    excess)``, added the copy's (``b``) lines whose key the canonical (``a``) lacks,
    dropped the reverse, and :func:`_word_excess` of the keys one side holds and the other
    does not (as multisets). ``a_keys``: ``set(a_norm)``, when the caller holds it (a
    canonical's :class:`Profile`). Reference of the compiled ``_native.line_diff``."""
    if a_keys is None:
        a_keys = set(a_norm)
    elif not isinstance(a_keys, (set, frozenset)):
        raise TypeError("a_keys must be a set or None")
    b_keys = set(b_norm)
    added = [x for x, k in zip(b_lines, b_norm, strict=True) if k not in a_keys]
    dropped = [x for x, k in zip(a_lines, a_norm, strict=True) if k not in b_keys]
    # the lines one side holds and the other does not, as multisets: a key missing from
    # the other side counts every time; a key on both sides that one of them repeats
    # counts as often as it is there more (``Counter`` subtraction, whose loop over every
    # key in Python cost more than the rest of the comparison)
    d_keys = [k for k in a_norm if k not in b_keys]
    e_keys = [k for k in b_norm if k not in a_keys]
    if len(a_keys) != len(a_norm) or len(b_keys) != len(b_norm):  # a line twice
        la, lb = Counter(a_norm), Counter(b_norm)
        for k in a_keys & b_keys:
            d = la[k] - lb[k]
            if d > 0:
                d_keys += [k] * d
            elif d < 0:
                e_keys += [k] * -d
    return (added, dropped, *_word_excess(d_keys, e_keys))


_line_keys = _native.line_keys if _native is not None else _line_keys_py
_folded_line_keys = _native.folded_line_keys if _native is not None else _folded_line_keys_py
_count_words = _native.count_words if _native is not None else _count_words_py
_word_excess = _native.word_excess if _native is not None else _word_excess_py
#: The compiled module is this version's (``line_diff`` takes the key set, ``text_lines``,
#: ``line_table``, ``line_lookup`` and ``json_str`` exist): an extension built from an older
#: ``_native.c`` and not rebuilt leaves these to their Python twins instead of failing.
_CURRENT = _native if getattr(_native, "line_lookup", None) is not None else None
_line_diff = _CURRENT.line_diff if _CURRENT is not None else _line_diff_py
_text_lines = _CURRENT.text_lines if _CURRENT is not None else _text_lines_py


def _line_table_py(lines: list[str], keys: list[str]) -> dict[str, str]:
    """A canonical's line -> key lookup (reference of ``_native.line_table``)."""
    return dict(zip(lines, keys, strict=True))


def _line_lookup_py(table: dict[str, str], lines: list[str]) -> list[str | None]:
    """The key of each line, ``None`` for a line the canonical lacks (reference of
    ``_native.line_lookup``, which compares code points, not Python's string hash)."""
    return list(map(table.get, lines))


_line_table = _CURRENT.line_table if _CURRENT is not None else _line_table_py
_line_lookup = _CURRENT.line_lookup if _CURRENT is not None else _line_lookup_py


class Profile(tuple):
    """``(lines, keys, n_words)`` of a canonical (:func:`profile`), with the two lookups
    every :func:`compare` against it makes: ``key_of`` (line -> its key, as
    :func:`_line_table` builds it: a dict, or the compiled table hashing a line's code
    points eight bytes a step) and ``key_set`` (its keys). Built once per canonical with the
    profile, where each compare built them again (a copy's lines are looked up in the
    first, its keys in the second). It equals the plain tuple."""

    key_of: object
    key_set: set[str]


def profile(text: str | None) -> Profile:
    """What :func:`compare` needs of one text (lines, their normalised keys, its number of
    words, and their lookups): computed once per canonical, however many copies it has."""
    lines = _lines(text)
    keys = _keys(lines)
    return _as_profile((lines, keys, _count_words(keys)))


#: Profiles of the canonicals met lately, by their text (:func:`cached_profile`).
_PROFILES: OrderedDict[str, Profile] = OrderedDict()
_PROFILE_CHARS = [0]
#: The cache holds at most this many characters of canonical text (its profiles, with
#: their lookups, about 3.7 bytes a character more: 200 synthetic 25-line articles,
#: tracemalloc): ~6 MB of text is 1,000 news articles.
PROFILE_CACHE_CHARS = 16_000_000


def cached_profile(text: str | None) -> Profile:
    """:func:`profile`, remembered for the texts met lately in this process.

    A canonical's copies lie in many parts, and a process rewrites part after part (the
    builtin map, a pool worker): each part profiled the same canonicals again (at 100,000
    documents in 20 parts, about 19 times each). A profile depends on the text alone, so
    the texts are the keys; the oldest are dropped past ``PROFILE_CACHE_CHARS``."""
    if not text:
        return profile(text)
    got = _PROFILES.get(text)
    if got is not None:
        _PROFILES.move_to_end(text)
        return got
    got = _PROFILES[text] = profile(text)
    _PROFILE_CHARS[0] += len(text)
    while _PROFILE_CHARS[0] > PROFILE_CACHE_CHARS and len(_PROFILES) > 1:
        old, _ = _PROFILES.popitem(last=False)
        _PROFILE_CHARS[0] -= len(old)
    return got


def clear_profiles() -> None:
    """Forget the cached profiles (the driver calls it when a run's rewrite is done)."""
    _PROFILES.clear()
    _PROFILE_CHARS[0] = 0
    _ENCODED.clear()


def _words_of(keys: Iterable[str]) -> Counter:
    """Word counts of line keys (one split, one count)."""
    return Counter(" ".join(keys).split())


def _excess(dw: Counter, ew: Counter) -> int:
    """The sum over the words of ``dw`` of ``max(0, dw[w] - ew[w])``, as
    ``(sum(d - e) + sum(|d - e|)) / 2`` with every loop in C."""
    ev = list(map(ew.get, dw.keys(), repeat(0)))
    dv = dw.values()
    return (sum(dv) - sum(ev) + sum(map(abs, map(sub, dv, ev)))) // 2


def _as_profile(plain: tuple[list[str], list[str], int]) -> Profile:
    """A :class:`Profile` of a plain ``(lines, keys, n_words)`` tuple."""
    got = Profile(plain)
    got.key_of = _line_table(plain[0], plain[1])
    got.key_set = set(plain[1])
    return got


def compare(copy: str | None, canonical: str | None,
            canonical_profile: tuple[list[str], list[str], int] | None = None) -> dict:
    """Added and dropped lines and the word change rate of ``copy`` against ``canonical``.

    The word overlap is counted on the lines the two texts do not share only: with ``D``
    the canonical's lines missing from the copy and ``E`` the copy's missing from the
    canonical (as multisets), a word's count in the canonical minus its count in the copy
    is ``D_w - E_w``, so the multiset intersection of the two texts' words is the
    canonical's word count minus the sum of ``max(0, D_w - E_w)``: exactly the Dice
    overlap of the whole texts, at the cost of the changed lines."""
    prof = canonical_profile if isinstance(canonical_profile, Profile) else \
        profile(canonical) if canonical_profile is None else _as_profile(canonical_profile)
    a_lines, a_norm, n_a = prof
    b_lines = _lines(copy)
    # a line's key depends on that line alone (normalisation and tokens never cross a line
    # break), so the copy's lines found verbatim in the canonical take its keys, and only
    # the others (None here) are normalised, together
    b_norm = _line_lookup(prof.key_of, b_lines)
    if None in b_norm:
        at = [i for i, k in enumerate(b_norm) if k is None]
        for i, k in zip(at, _keys([b_lines[i] for i in at]), strict=True):
            b_norm[i] = k
    added, dropped, n_d, n_e, excess = _line_diff(a_lines, a_norm, b_lines, b_norm,
                                                  prof.key_set)
    n_b = n_a - n_d + n_e
    common = n_a - excess
    total = n_a + n_b
    rate = 1.0 - 2.0 * common / total if total else 0.0
    return {"added": added, "dropped": dropped, "word_change_rate": round(rate, 4)}


def copy_flag(canonical_id: str, canonical_url: str | None, method: str, similarity: float,
              threshold: float, diff: dict | None) -> dict:
    """The ``copy_of`` flag (a dict of the ``Flag`` fields) of a non-canonical member.

    ``diff`` is :func:`compare`'s result, or ``None`` when the canonical's text is not at
    hand (a canonical from an earlier run of an incremental index).
    """
    body: dict = {"canonical_id": canonical_id, "canonical_url": canonical_url or "",
                  "method": method}
    if diff is None:
        body["diff"] = "canonical text not in this run"
        text = _FLAG_JSON(body)
    else:
        added, dropped = diff["added"], diff["dropped"]
        rate = diff["word_change_rate"]
        if (type(rate) is float and rate == rate and abs(rate) != _INF
                and type(canonical_id) is str and type(method) is str):
            text = _flag_text(canonical_id, canonical_url or "", method, added, dropped, rate)
        else:  # an int or a non-finite rate: the encoder's own spelling
            body.update({
                "lines_added": len(added), "lines_dropped": len(dropped),
                "word_change_rate": rate,
                "added": [x[:MAX_LINE_CHARS] for x in added[:MAX_LINES]],
                "dropped": [x[:MAX_LINE_CHARS] for x in dropped[:MAX_LINES]],
                "truncated": len(added) > MAX_LINES or len(dropped) > MAX_LINES,
            })
            text = _FLAG_JSON(body)
    return {"name": "copy_of", "rule": COPY_RULE, "value": float(similarity),
            "threshold": float(threshold), "line": -1, "start": -1, "end": -1,
            "text": text}


#: ``json.dumps(body, ensure_ascii=False, sort_keys=True)`` without building an encoder
#: per call (json.dumps does with any non-default option): the same text.
_FLAG_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
#: The encoder's string encoding (``ensure_ascii=False``): a JSON string literal; the
#: compiled twin (``_native.json_str``) copies a string without anything to escape at once.
_STR = _CURRENT.json_str if _CURRENT is not None else json.encoder.encode_basestring
_INF = float("inf")
#: Encoded lines by line: a canonical's lines are the ``dropped`` lines of each of its
#: copies that changed them, encoded once here (cleared with the profiles, bounded).
_ENCODED: dict[str, str] = {}
_ENCODED_MAX = 200_000


def _encoded(line: str) -> str:
    got = _ENCODED.get(line)
    if got is None:
        if len(_ENCODED) >= _ENCODED_MAX:
            _ENCODED.clear()
        got = _ENCODED[line] = _STR(line)
    return got


def _flag_text(canonical_id: str, canonical_url: str, method: str, added: list[str],
               dropped: list[str], rate: float) -> str:
    """:data:`_FLAG_JSON` of the body :func:`copy_flag` builds for a diff, spelled out in
    the encoder's key order and separators (``", "``, ``": "``), a finite float rate as
    ``float.__repr__`` as the encoder writes it; the dropped lines (the canonical's,
    shared by its copies) encoded once each. Held equal to the encoder by tests."""
    cut = MAX_LINE_CHARS
    return "".join((
        '{"added": [', ", ".join([_STR(x[:cut]) for x in added[:MAX_LINES]]),
        '], "canonical_id": ', _STR(canonical_id),
        ', "canonical_url": ', _STR(canonical_url),
        ', "dropped": [', ", ".join([_encoded(x[:cut]) for x in dropped[:MAX_LINES]]),
        '], "lines_added": ', str(len(added)),
        ', "lines_dropped": ', str(len(dropped)),
        ', "method": ', _STR(method),
        ', "truncated": ', "true" if len(added) > MAX_LINES or len(dropped) > MAX_LINES
        else "false",
        ', "word_change_rate": ', float.__repr__(rate), "}",
    ))


def _dice(a: list[str], b: list[str]) -> float:
    ca, cb = Counter(a), Counter(b)
    total = len(a) + len(b)
    return 2.0 * sum((ca & cb).values()) / total if total else 1.0


def _inline(old: list[str], new: list[str]) -> str:
    parts = []
    ws = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, x1, x2, y1, y2 in ws.get_opcodes():
        if op == "equal":
            parts.append(" ".join(new[y1:y2]))
            continue
        if x2 > x1:
            parts.append("[-" + " ".join(old[x1:x2]) + "-]")
        if y2 > y1:
            parts.append("{+" + " ".join(new[y1:y2]) + "+}")
    return " ".join(parts)


def _pair_block(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """A replaced block line by line: each new line paired, in order, with the first of
    the next few old lines sharing at least half its words (``~``), else added."""
    out: list[tuple[str, str]] = []
    i = 0
    for line in new:
        nw = line.split()
        best = None
        for k in range(i, min(i + 5, len(old))):
            ow = old[k].split()
            if len(nw) <= MAX_DIFF_WORDS and len(ow) <= MAX_DIFF_WORDS and _dice(ow, nw) >= 0.5:
                best = k
                break
        if best is None:
            out.append(("+", line))
            continue
        out += [("-", x) for x in old[i:best]]
        out.append(("~", _inline(old[best].split(), nw)))
        i = best + 1
    out += [("-", x) for x in old[i:]]
    return out


def word_diff(canonical: str | None, copy: str | None) -> list[tuple[str, str]]:
    """Line diff of ``copy`` against ``canonical`` for display: ``(op, line)`` with op
    ``=`` (same line up to normalisation), ``+`` (added), ``-`` (dropped) or ``~`` (a
    changed line, words marked ``[-old-]`` and ``{+new+}``; lines of more than
    ``MAX_DIFF_WORDS`` words are shown as dropped and added)."""
    a, b = _lines(canonical), _lines(copy)
    sm = difflib.SequenceMatcher(None, [_norm_line(x) for x in a], [_norm_line(x) for x in b],
                                 autojunk=False)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out += [("=", x) for x in b[j1:j2]]
        else:
            out += _pair_block(a[i1:i2], b[j1:j2])
    return out

"""Wire agencies: how each is written, the one name newssift reports, and its own sites.

One table serves four readers. The cleaner protects datelines and credit lines that name an
agency (``written`` forms, in context); the news parser reports the agency of a dateline or a
credit by its canonical name; the wire forensics tell an agency's own site (``domains``) from a
site that republishes its text; dedup's canonical rule prefers the agency's own copy (its
host among the ``domains``, or for a page whose host is unknown a site name that is a
``written`` form or one of the agency's ``site_names``: :func:`named`). Every
agency the parser can report has its domains here, so ``agency_copy`` never fires on the
agency's own site for want of a row.

``written`` forms may be recognised anywhere in running text; ``context_only`` forms, short or
ambiguous ("CP", "TT", "AA", "ABC", "MENA"), count only where context says agency: inside the
brackets of a dateline, or in a credit line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Agency:
    name: str  # the name newssift reports
    written: tuple[str, ...]  # forms as written, matched case-sensitively on word boundaries
    domains: tuple[str, ...]  # the agency's own sites (a host equal to one or under it)
    context_only: tuple[str, ...] = ()  # written forms recognised only in dateline/credits
    #: names the agency's own site gives itself that running text does not use for the
    #: agency ("AP News", apnews.com's ``og:site_name``): read by :func:`named` only
    site_names: tuple[str, ...] = ()


AGENCIES: tuple[Agency, ...] = (
    Agency("Reuters", ("Reuters", "REUTERS", "Thomson Reuters"), ("reuters.com",)),
    Agency(
        "AP",
        ("AP", "Associated Press", "The Associated Press", "AP Photo"),
        ("apnews.com", "ap.org"),
        site_names=("AP News",),
    ),
    Agency(
        "AFP",
        ("AFP", "Agence France-Presse", "Agence France Presse"),
        ("afp.com",),
    ),
    Agency("dpa", ("dpa", "DPA", "Deutsche Presse-Agentur"), ("dpa.com", "dpa-international.com")),
    Agency("Xinhua", ("Xinhua", "XINHUA", "Xinhua News Agency"), ("xinhuanet.com", "news.cn")),
    Agency("EFE", ("EFE", "Agencia EFE"), ("efe.com",)),
    Agency("ANSA", ("ANSA",), ("ansa.it",)),
    Agency("Kyodo", ("Kyodo", "KYODO", "Kyodo News"), ("kyodonews.net", "kyodonews.jp")),
    Agency("PTI", ("PTI", "Press Trust of India"), ("ptinews.com",)),
    Agency(
        "PA Media", ("PA Media", "Press Association"), ("pamediagroup.com",), context_only=("PA",)
    ),
    Agency("ANI", ("ANI", "Asian News International"), ("aninews.in",)),
    Agency("UPI", ("UPI", "United Press International"), ("upi.com",)),
    Agency("IANS", ("IANS",), ("ians.in", "ianslive.in")),
    Agency("Bloomberg", ("Bloomberg News",), ("bloomberg.com",), context_only=("Bloomberg",)),
    Agency("TASS", ("TASS", "Tass"), ("tass.com", "tass.ru")),
    Agency("Interfax", ("Interfax",), ("interfax.ru", "interfax.com", "interfax.com.ua")),
    Agency("RIA Novosti", ("RIA Novosti", "RIA"), ("ria.ru",)),
    Agency("Yonhap", ("Yonhap", "Yonhap News Agency"), ("yna.co.kr", "yonhapnews.co.kr")),
    Agency("AAP", ("AAP", "Australian Associated Press"), ("aap.com.au",)),
    Agency(
        "Canadian Press",
        ("Canadian Press", "The Canadian Press"),
        ("thecanadianpress.com",),
        context_only=("CP",),
    ),
    Agency("Anadolu", ("Anadolu Agency", "Anadolu"), ("aa.com.tr",), context_only=("AA",)),
    Agency("Europa Press", ("Europa Press",), ("europapress.es",)),
    Agency("KNA", ("KNA",), ("kna.de",)),
    Agency("epd", ("epd",), ("epd.de",)),
    Agency("APA", ("APA",), ("apa.at",)),
    Agency("Belga", ("Belga",), ("belga.be", "belganewsagency.eu")),
    Agency("ANP", ("ANP",), ("anp.nl",)),
    Agency("Lusa", ("Lusa",), ("lusa.pt",)),
    Agency("Bernama", ("Bernama",), ("bernama.com",)),
    Agency("Antara", ("Antara",), ("antaranews.com",)),
    Agency("Jiji", ("Jiji Press", "Jiji"), ("jiji.com",)),
    Agency("Notimex", ("Notimex",), ("notimex.gob.mx",)),
    Agency("Prensa Latina", ("Prensa Latina",), ("prensa-latina.cu", "plenglish.com")),
    Agency("Agerpres", ("Agerpres",), ("agerpres.ro",)),
    Agency("PAP", ("PAP",), ("pap.pl",)),
    Agency("SDA", ("SDA", "Keystone-SDA"), ("keystone-sda.ch",), context_only=("ATS",)),
    Agency("WAM", ("WAM",), ("wam.ae",)),
    Agency("IRNA", ("IRNA",), ("irna.ir",)),
    Agency("KUNA", (), ("kuna.net.kw",), context_only=("KUNA",)),
    Agency("SPA", (), ("spa.gov.sa",), context_only=("SPA",)),
    Agency("MENA", (), ("mena.org.eg",), context_only=("MENA",)),
    Agency("NTB", (), ("ntb.no",), context_only=("NTB",)),
    Agency("TT", (), ("tt.se",), context_only=("TT",)),
    Agency("STT", (), ("stt.fi",), context_only=("STT",)),
    Agency("Ritzau", (), ("ritzau.dk",), context_only=("Ritzau",)),
    Agency("CTK", (), ("ctk.cz",), context_only=("CTK", "ČTK")),
    Agency("MTI", (), ("mti.hu",), context_only=("MTI",)),
    Agency("BTA", (), ("bta.bg",), context_only=("BTA",)),
    Agency("CNA", (), ("focustaiwan.tw", "cna.com.tw"), context_only=("CNA",)),
    Agency("NHK", (), ("nhk.or.jp",), context_only=("NHK",)),
    Agency(
        "Dow Jones",
        (),
        ("dowjones.com", "wsj.com"),
        context_only=("Dow Jones", "Dow Jones Newswires"),
    ),
    Agency("Market News", (), ("mni-news.com", "marketnews.com"), context_only=("Market News",)),
    Agency("BNA", (), ("bna.bh",), context_only=("BNA",)),
    Agency("ABC", (), ("abc.net.au",), context_only=("ABC",)),
)

BY_NAME: dict[str, Agency] = {a.name: a for a in AGENCIES}

#: every written form -> canonical name (free-text and context-only forms alike)
_BY_FORM: dict[str, str] = {
    form: a.name for a in AGENCIES for form in (*a.written, *a.context_only)
}


def _folded(name: str) -> str:
    """A name as a page may spell its own: case, dots and spacing left out ("A.P." -> "ap")."""
    return " ".join(name.lower().replace(".", "").split())


#: every free-text form (and the name of an agency that has one), folded -> canonical name:
#: for the names a page gives itself (its site name), which follow no casing. Not the
#: context-only forms: a site calling itself "ABC" (abc.es) or "CNA" (Channel NewsAsia) is
#: not the agency of that name. tests/test_vocab.py holds that no two agencies share a key.
_BY_FOLDED: dict[str, str] = {
    _folded(form): a.name for a in AGENCIES if a.written
    for form in (a.name, *a.written, *a.site_names)
}
#: every own-site domain -> canonical name
_BY_DOMAIN: dict[str, str] = {d: a.name for a in AGENCIES for d in a.domains}


def _alternation(forms) -> str:
    """A regex alternation of literal forms, longest first (so "AP Photo" beats "AP")."""
    return "|".join(re.escape(f) for f in sorted(set(forms), key=lambda f: (-len(f), f)))


#: Every written form, for the dateline brackets and credit lines (context says agency).
CONTEXT_ALTERNATION = _alternation(_BY_FORM)
_WRITTEN = [f for a in AGENCIES for f in a.written]


def _trie(forms) -> str:
    """A regex of literal forms factored by their common prefixes ("A(?:P(?:\\ Photo)?|FP|…)"):
    the engine tries one branch per letter, not every form. Where one form extends another,
    the longer is tried first, as in an alternation sorted longest first (two forms can only
    both match at one position when one is a prefix of the other)."""
    root: dict = {}
    for f in set(forms):
        node = root
        for ch in f:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = []
        for ch in sorted(k for k in node if k):
            child, part = node[ch], re.escape(ch)
            while len(child) == 1 and "" not in child:  # a chain of single letters
                (ch2, child), = child.items()
                part += re.escape(ch2)
            alts.append(part + emit(child))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:  # a form ends here: the longer forms first, then this one
            return ("(?:" + body + ")?") if len(alts) == 1 else body + "?"
        return body

    return emit(root)


#: Forms safe to recognise in running text, not inside a word: those opening with a capital
#: (the scan skips to their first letters by the pattern's own prefix; the word boundary
#: before a match is checked after it), and the few in lower case ("dpa", "epd"), found by
#: plain substring search, since their first letters are among the commonest in text. Same
#: matches as one alternation of all forms, longest first, between (?<![\w-]) and
#: (?![\w-]) (tests/news/test_agencies_in_equal.py compares the two); about 2x faster.
_CAPITAL_FORMS = [f for f in _WRITTEN if f[0].isupper()]
_OTHER_FORMS = sorted({f for f in _WRITTEN if not f[0].isupper()}, key=lambda f: (-len(f), f))
_CAPITAL_RE = re.compile("(?:" + _trie(_CAPITAL_FORMS) + r")(?![\w-])")
_WORD_CHAR = re.compile(r"[\w-]")


def canonical(name: str) -> str | None:
    """The reported name for an agency as written ("Associated Press" -> "AP"), or None.

    Accepts the bracket of a dateline, so "AP/Reuters" or "dpa, AFP" give the first agency.
    """
    name = name.strip()
    if name in _BY_FORM:
        return _BY_FORM[name]
    for part in re.split(r"\s*[/,;&]\s*|\s+and\s+", name):
        if part in _BY_FORM:
            return _BY_FORM[part]
    return None


def agencies_in(text: str) -> list[str]:
    """Every agency named in running text, in order of first appearance, each once."""
    hits = _capital_forms(text)
    others = _other_forms(text) if _OTHER_FORMS else []
    if others:
        hits = sorted(hits + others)
    seen: list[str] = []
    for start, end, form in hits:
        name = _BY_FORM[form]
        if name == "AP" and not _ap_context(text, start, end):
            continue
        if name not in seen:
            seen.append(name)
    return seen


def _capital_forms(text: str) -> list[tuple[int, int, str]]:
    """(start, end, form) of the forms opening with a capital, left to right, not
    overlapping: a match inside a word is dropped and the scan goes on from its next
    character (as the lookbehind of one alternation would have it)."""
    hits = []
    search, inside = _CAPITAL_RE.search, _WORD_CHAR.match
    pos = 0
    while (m := search(text, pos)) is not None:
        start = m.start()
        if start and inside(text, start - 1) is not None:
            pos = start + 1
            continue
        pos = m.end()
        hits.append((start, pos, m.group()))
    return hits


def _other_forms(text: str) -> list[tuple[int, int, str]]:
    """(start, end, form) of the forms in lower case, on word boundaries. None of them
    holds a space or overlaps a capital form, so they merge with those by position."""
    hits = []
    n, find, inside = len(text), text.find, _WORD_CHAR.match
    for form in _OTHER_FORMS:
        i = find(form)
        while i >= 0:
            end = i + len(form)
            if (i == 0 or inside(text, i - 1) is None) and (end == n or inside(text, end) is None):
                hits.append((i, end, form))
            i = find(form, i + 1)
    return hits


def named(name: str | None) -> str | None:
    """The agency a name refers to, in any case and with or without dots ("The Associated
    Press", "REUTERS", "A.P."), or None; short or ambiguous forms that count only in a
    dateline or credit context ("ABC", "CNA", "CP") are not read here. For names outside
    running text (a page's site name, a reported agency); running text goes through
    :func:`agencies_in`."""
    return _BY_FOLDED.get(_folded(name)) if name else None


def site_agency(host: str | None) -> str | None:
    """The agency whose own site ``host`` is (one of its domains or a host under one), or None."""
    host = (host or "").lower()
    while host:
        if host in _BY_DOMAIN:
            return _BY_DOMAIN[host]
        host = host.partition(".")[2] if host.count(".") > 1 else ""
    return None


def own_site(agency: str, host: str) -> bool | None:
    """Whether ``host`` is one of the agency's own sites; None for an agency we do not know."""
    a = BY_NAME.get(agency) or BY_NAME.get(_BY_FORM.get(agency, ""))
    if a is None:
        return None
    host = host.lower()
    return any(host == d or host.endswith("." + d) for d in a.domains)


def _ap_context(text: str, start: int, end: int) -> bool:
    """ "AP" is the agency in "(AP)", "AP Photo", "AP reported", not in "AP Stylebook" lists."""
    if text[start:end] != "AP":
        return True
    before = text[max(0, start - 2) : start]
    after = text[end : end + 8]
    return "(" in before or after.startswith((")", " Photo", " report", " —", " -", " reported"))

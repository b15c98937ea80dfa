"""Wire agencies: their names as written, and the one name newssift reports for each.

A wire story carries its agency in the dateline ("(Reuters)"), in the credits ("(Reporting by
…)", "mit Material von dpa") and in the body ("quoted the Interfax news agency"). Content farms
keep the dateline's agency even when the text is a translated copy, which is what the forensics
downstream compare. Acronyms are matched case-sensitively (so "ap" in a word or "Ani" as a name
does not count); full names are matched as written with their usual capitals.
"""

from __future__ import annotations

import re

#: canonical name -> pattern alternatives (regex fragments, matched on word boundaries).
AGENCIES: dict[str, tuple[str, ...]] = {
    "Reuters": ("Reuters", "REUTERS", "Thomson Reuters"),
    "AP": ("AP", "Associated Press", "The Associated Press"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "Xinhua": ("Xinhua", "XINHUA"),
    "EFE": ("EFE", "Agencia EFE"),
    "ANSA": ("ANSA",),
    "Kyodo": ("Kyodo", "KYODO", "Kyodo News"),
    "PTI": ("PTI", "Press Trust of India"),
    "ANI": ("ANI", "Asian News International"),
    "UPI": ("UPI", "United Press International"),
    "IANS": ("IANS",),
    "Bloomberg": ("Bloomberg News",),
    "TASS": ("TASS", "Tass"),
    "Interfax": ("Interfax",),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "Yonhap": ("Yonhap",),
    "AAP": ("AAP", "Australian Associated Press"),
    "Canadian Press": ("Canadian Press", "The Canadian Press"),
    "Anadolu": ("Anadolu Agency", "Anadolu"),
    "Europa Press": ("Europa Press",),
    "KNA": ("KNA",),
    "epd": ("epd",),
    "APA": ("APA",),
    "Belga": ("Belga",),
    "ANP": ("ANP",),
    "Lusa": ("Lusa",),
    "Bernama": ("Bernama",),
    "Antara": ("Antara",),
    "Jiji": ("Jiji Press", "Jiji"),
    "Notimex": ("Notimex",),
    "Prensa Latina": ("Prensa Latina",),
    "Agerpres": ("Agerpres",),
    "PAP": ("PAP",),
    "SDA": ("SDA", "Keystone-SDA"),
    "WAM": ("WAM",),
    "IRNA": ("IRNA",),
}

_ALT = sorted(
    ((alt, name) for name, alts in AGENCIES.items() for alt in alts), key=lambda x: -len(x[0])
)
_BY_ALT = {alt: name for alt, name in _ALT}
AGENCY_RE = re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a, _ in _ALT) + r")(?![\w-])")


def canonical(name: str) -> str | None:
    """The reported name for an agency as written ("Associated Press" -> "AP"), or None."""
    name = name.strip()
    if name in _BY_ALT:
        return _BY_ALT[name]
    for part in re.split(r"\s*[/,;&]\s*|\s+and\s+", name):
        if part in _BY_ALT:
            return _BY_ALT[part]
    return None


def agencies_in(text: str) -> list[str]:
    """Every agency named in the text, in order of first appearance, each once."""
    seen: list[str] = []
    for m in AGENCY_RE.finditer(text):
        name = _BY_ALT[m.group(1)]
        if name == "AP" and not _ap_context(text, m.start(), m.end()):
            continue
        if name not in seen:
            seen.append(name)
    return seen


def _ap_context(text: str, start: int, end: int) -> bool:
    """ "AP" is the agency in "(AP)", "AP Photo", "AP reported", not in "AP Stylebook" lists."""
    if text[start:end] != "AP":
        return True
    before = text[max(0, start - 2) : start]
    after = text[end : end + 8]
    return "(" in before or after.startswith((")", " Photo", " report", " —", " -", " reported"))

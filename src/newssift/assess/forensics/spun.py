"""Spun text: "tortured phrases" an article spinner makes of fixed expressions.

Why: spinners replace each word of a copied text by a thesaurus synonym to dodge
duplicate detection, turning fixed expressions into nonsense that no human writes:
"United Kingdom" becomes "Joined Realm", "global warming" "worldwide temperature
alteration", "artificial intelligence" "counterfeit consciousness". The phrases below
are our own list of such renderings of expressions common in news; each is nonsense
in honest English, so one occurrence is evidence.
"""

from __future__ import annotations

import re

from newssift.assess.forensics.view import CASE_ODD, DocView, flag_at
from newssift.clean.rules import keyword_screen
from newssift.record import Flag

RULE = "tortured_phrases/v1"
NAME = "spun_phrase"

#: tortured phrase -> the expression it spins (our own list)
PHRASES = {
    "joined together states": "United States",
    "joined realm": "United Kingdom",
    "joined countries": "United Nations",
    "incomparable court": "Supreme Court",
    "preeminent court": "Supreme Court",
    "place of delegates": "House of Representatives",
    "head serve": "prime minister",
    "executive serve": "prime minister",
    "worldwide temperature alteration": "global warming",
    "ozone harming substance": "greenhouse gas",
    "counterfeit consciousness": "artificial intelligence",
    "man-made consciousness": "artificial intelligence",
    "man-made brainpower": "artificial intelligence",
    "profound learning": "deep learning",
    "colossal information": "big data",
    "enormous information": "big data",
    "neural organization": "neural network",
    "irregular woodland": "random forest",
    "bosom malignancy": "breast cancer",
    "haze figuring": "cloud computing",
    "straight relapse": "linear regression",
    "flag to commotion": "signal to noise",
    "versatile phone": "mobile phone",
    "web based life": "social media",
    "securities exchange crash": "stock market crash",
    "national bank of the joined": "central bank",
    "value swelling": "price inflation",
    "loan fee climbs": "interest rate hikes",
    "computerized money": "digital currency",
    "wellbeing emergency": "health crisis",
    "immunization drive": "vaccination campaign",
}
_PAT = re.compile(
    r"\b(" + "|".join(re.escape(p) for p in sorted(PHRASES, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


#: ``any(w in text for w in ...)`` in one pass (clean/rules.keyword_screen: the compiled
#: keyword table where it is built).
_HAS_CASE_ODD = keyword_screen(CASE_ODD)
_HAS_PHRASE = keyword_screen(list(PHRASES))


def _may_contain(text: str) -> bool:
    """Could :data:`_PAT` match anywhere in ``text``? A screen on the lower-cased text, so
    the regex scans only documents that hold a phrase (few do); never says no wrongly."""
    return bool(_HAS_CASE_ODD(text) or _HAS_PHRASE(text.lower()))


def _spun(found: str) -> str:
    """The expression a matched phrase spins; the match may differ from the listed phrase
    in more than ``str.lower`` undoes ("Joıned Realm": the regex ignores case as Unicode
    folds it)."""
    spun = PHRASES.get(found.lower())
    if spun is None:
        spun = next(v for k, v in PHRASES.items() if re.fullmatch(re.escape(k), found, re.I))
    return spun


def screen(view: DocView) -> bool:
    """Could a phrase be on a kept line (the lines of ``view.text``)?"""
    return _may_contain(view.text)


def detect(view: DocView) -> list[Flag]:
    flags = []
    for line in view.kept:
        for m in _PAT.finditer(line.text):
            flags.append(
                flag_at(
                    NAME,
                    RULE,
                    line,
                    1.0,
                    1.0,
                    span=m.span(),
                    note=f"spun '{_spun(m.group(1))}'",
                )
            )
    return flags

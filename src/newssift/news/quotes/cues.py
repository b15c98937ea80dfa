"""The verbs of saying (cues): every form of "say", "tell", "add", "tweet", … and the
phrases that act as one ("according to", "put it", "pointed out").

A cue is where every attribution is anchored; its forms are built from lemmas here so that
the direct and the indirect finders, and the people index (a name before a cue is a person),
read one list. Forms that are nouns as often as verbs ("notes", "tweets") are kept apart.
"""

from __future__ import annotations

from newssift.news.quotes.text import Token, is_cap
from newssift.news.quotes.words import word_set

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
state react exhort sing brand""".split()
_IRREGULAR = {
    "say": ("said", "saying", "says"),
    "tell": ("told", "telling", "tells"),
    "write": ("wrote", "writing", "writes", "written"),
    "speak": ("spoke", "speaking", "speaks", "spoken"),
    "swear": ("swore", "swearing", "sworn"),
    "sing": ("sang", "sung", "sings", "singing"),
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
            "rails", "counseled", "muse", "add", "brand", "brands", "branding"}


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


CUES = frozenset(f for lemma in _CUE_LEMMAS for f in _forms(lemma)) - _NOUNISH
CUES |= frozenset(
    """sagte sagt sagten erklärte erklärt betonte betont meinte meint fügte ergänzte schrieb
    warnte déclaré dit affirmé expliqué ajouté souligné estimé averti déclare affirme explique
    ajoute souligne estime dijo afirmó declaró explicó señaló aseguró añadió agregó indicó
    advirtió dice afirma réagi indiqué précisé confié lancé répondu annoncé assuré rappelé
    insisté reconnu jugé martelé dénoncé estimé""".split()
)
#: cues that introduce a content clause of an indirect attribution ("X said that …")
INDIRECT_CUES = frozenset(
    """said says say told tells added adds wrote writes argued argues claimed insisted insists
    warned warns noted explained explains announced stated suggested suggests acknowledged
    admitted conceded confirmed predicted predicts contended contends maintained asserted
    asserts alleged alleges reported recalled testified tweeted posted believes believed
    thinks thought stressed emphasized emphasised believe think argue shows showed
    described""".split()
)

#: the cues the indirect finders scan a story for (three in four indirect attributions on
#: news text open on one); each is one of :data:`INDIRECT_CUES` but "according to"
INDIRECT_CUE_WORDS = ("said", "says", "say", "told", "tells", "added", "wrote", "according to",
                      "According to", "reported", "announced", "tweeted", "noted", "argued",
                      "claimed", "suggested", "thinks", "warned", "explained", "confirmed",
                      "acknowledged", "admitted", "argue", "shows", "showed")
#: participles after a comma whose subject is the sentence's ("…, saying it would …")
PARTICIPLES = frozenset("saying adding noting arguing warning claiming explaining suggesting "
                        "acknowledging".split())
#: cue words read only by the late reading (:mod:`.indirect_late`), after the direct quotes,
#: so that the attributions they open leave the direct quotes' speakers as they were; each
#: must open a clause there (``indirect._clause_at``: not "insisted on", "stressed those
#: worries") and be one of :data:`INDIRECT_CUES` (the readers skip any other). Off in session
#: 25 for a session's CPU budget, on again in session 26 once the news stage measured below
#: its cost when the quotes issue was filed (docs/bench/quotes.md, session 26)
LATE_CUE_WORDS: tuple[str, ...] = (
    "believes", "insisted", "insists", "suggests", "stated", "recalled", "predicted", "writes",
    "asserted", "stressed", "argues", "emphasized", "emphasised", "alleged", "conceded", "adds",
    "explains", "warns", "contends", "contended", "maintained", "testified", "predicts",
    "alleges", "believed", "asserts",
)


def cue_at(toks: list[Token], i: int) -> int:
    """Length in tokens of the cue starting at token i (0: none)."""
    w = toks[i][0].lower()
    if w == "state" and i > 0 and toks[i - 1][0].isalpha() and toks[i - 1][0].islower() and (
            toks[i - 1][0] not in ("they", "we", "i", "you")):
        return 0  # "her adopted home state and then boomed": a noun
    if w in CUES and (not is_cap(toks[i][0]) or (
            i > 0 and toks[i - 1][0] == "," and w.endswith("ed") and toks[i][0][1:].islower())):
        return 1  # "Murphy, the head of Right to Rise USA, Tweeted on Friday"
    if w == "branding" and i + 1 < len(toks) and toks[i + 1][0] in _BRANDED:
        return 1  # "… with X branding it '…'" (not "a branding firm")
    if w in ("according", "selon", "según", "laut"):
        if w != "according":
            return 1
        if i + 1 < len(toks) and toks[i + 1][0].lower() == "to":
            return 2
    if w in _PHRASAL and i + 1 < len(toks) and toks[i + 1][0] == _PHRASAL[w]:
        return 2  # "As Tom Ridge put it: …", "Mr. Smith shot back: …", "X pointed out"
    return 0


#: what "branding" a quote takes as its object when it is the verb of saying
_BRANDED = frozenset(("it", "him", "her", "them", "the", "this", "that", "those", "these"))

#: verbs that are cues with their particle only ("put it", not "put the bill")
_PHRASAL = {"put": "it", "puts": "it", "pointed": "out", "points": "out", "shot": "back",
            "fired": "back", "hit": "back", "spelled": "out", "summed": "up", "went": "on",
            "goes": "on", "cut": "in", "chimed": "in", "chimes": "in"}
#: the same, for the people index ("…, pointed out")
PHRASAL = _PHRASAL

#: cues whose next name is their object, not an inverted subject: "a young man asked Clinton"
OBJECT_CUES = frozenset(f for lemma in ("tell", "ask", "call", "urge", "inform", "remind",
                                        "assure", "reassure", "quote", "mock", "taunt",
                                        "tease", "scold", "instruct", "advise", "counsel",
                                        "thank", "describe", "dub", "label", "lecture",
                                        "question", "answer", "threaten", "cite", "praise")
                        for f in _forms(lemma))

#: cue forms that are nouns as often ("notes", "tweets", "jokes"): cues only after a quote
#: that a comma, a question or an exclamation mark leaves open, right behind a name or a
#: pronoun at the end of the clause
NOUNISH_CUES = frozenset(f for lemma in _CUE_LEMMAS for f in _forms(lemma)) & _NOUNISH

#: cues whose subject may follow them ("…, said Larry Noble"); not "told" nor "asked", whose
#: object follows ("…, told CNN")
INVERTING = word_set("said says added adds wrote writes explained explains noted notes "
                     "continued recalled argued insisted warned declared replied responded "
                     "observed remarked cautioned acknowledged agreed stated concluded "
                     "countered conceded quipped tweeted posted")

INVERTING_CAP = frozenset(w.capitalize() for w in INVERTING)

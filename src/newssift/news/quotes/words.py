"""Word lists that several steps of attribution read: titles, roles, determiners, stop
words and the nouns that name who or what can speak.

They live apart from the code that reads them because the people index, the speaker resolver
and the noun-phrase readers must agree on them: "spokesman" is a role for all three. Lists
that one step alone reads stay in that step's module. English first; German, French and
Spanish forms where stories in those languages need them.
"""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


PRONOUN_GENDER = {"he": "m", "she": "f", "er": "m", "sie": "f", "il": "m", "elle": "f",
                  "él": "m", "ella": "f", "they": "p", "ils": "p", "elles": "p", "ellos": "p"}
TITLES = word_set(
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

NOT_NAMES = word_set(
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
NOT_PERSON = word_set(
    """house states state street party committee university news post times department
    council court senate congress campaign association institute center centre foundation
    fund group company inc corp republicans democrats union nations city county island east
    west north south kingdom administration agency bank network channel media press journal
    magazine club church school college hospital airport station hall square avenue road
    park bridge tower river lake valley office bureau service board commission ministry
    embassy government army navy force forces council league coalition alliance caucus
    convention tv radio today republican democratic democrat police technologies industries
    systems airlines motors holdings corporation enterprises llc communications
    pharmaceuticals laboratories"""
)
ADVERBS = word_set(
    """also has have had would will could should then later once previously recently again
    just simply repeatedly further first quickly flatly bluntly openly publicly privately
    often frequently never always already still is was were be been being has had did does
    do not n't reportedly angrily calmly quietly loudly proudly sharply tersely succinctly
    immediately finally eventually afterward afterwards soon subsequently even only
    may might must can cannot can't won't didn't doesn't hasn't wasn't actually herself
    himself themselves itself"""
)
DETS = word_set("the a an one another this that these those der die das ein eine le la les un "
                "une el los las")

#: nouns for one person's role, which an earlier apposition may name
ROLE_HEADS = word_set(
    """spokesman spokeswoman spokesperson official minister secretary president director chief
    leader aide adviser advisor lawyer attorney candidate governor senator mayor chairman
    chairwoman chair ceo executive manager commissioner ambassador general commander officer
    coach captain premier chancellor nominee congressman congresswoman representative strategist
    pollster analyst economist professor researcher author organiser organizer founder rector
    provost dean
    sprecher sprecherin minister ministerin präsident präsidentin porte-parole ministre
    président présidente portavoz ministro ministra presidente"""
)

CLAUSE_OPENERS = word_set(
    """and but so then as when while because although though after before since if once
    that where even also only later now still meanwhile"""
)

#: lower-case roles that stand before a name ("delegate John Archer")
LAY_ROLES = word_set("delegate voter resident student worker activist supporter member host "
                     "anchor reporter columnist correspondent owner partner scientist friend "
                     "neighbour neighbor witness teacher nurse doctor farmer officer user "
                     "consultant operative cousin wife husband son daughter brother sister "
                     "mother father uncle aunt developer entrepreneur donor fundraiser "
                     "lobbyist historian investor lawmaker legislator billionaire mogul "
                     "tycoon businessman businesswoman editor writer journalist commentator "
                     "blogger novelist physician surgeon veteran pastor")
SUBORDINATORS = word_set("that whether if because although though since unless whom")

POSSESSIVES = word_set("the a an his her their our my its")

FEMALE_NOUNS = word_set("woman mother wife girl daughter sister spokeswoman chairwoman actress "
                        "congresswoman businesswoman grandmother widow lady mom mum aunt niece "
                        "granddaughter stepmother stepdaughter girlfriend fiancée fiancee")
MALE_NOUNS = word_set("man father husband boy son brother spokesman chairman actor congressman "
                      "businessman grandfather widower dad uncle nephew grandson stepfather "
                      "stepson boyfriend fiancé fiance")

PREPOSITIONS = word_set(
    """of to for with against by from about on at in into than like over under behind toward
    towards between among via beat defeated attacked criticized called"""
)

#: sentence adverbs and connectives that open or close a clause around its subject
CONNECTIVES = word_set(
    """instead moreover likewise meanwhile furthermore however nevertheless nonetheless
    although though while whereas because since then also too still even yet later recently
    earlier afterwards afterward again now here there thus hence indeed besides among
    alongside amid despite unlike like see wait meh appearing famously"""
)
NUMBERS = word_set("one two three four five six seven eight nine ten")
#: single capitalised words that are never a person's name alone
NOT_LONE = NOT_NAMES | NOT_PERSON | CONNECTIVES

#: nouns for who or what speaks besides a person's role: bodies, outlets and documents
#: ("the statement said", "the group wrote", "one user tweeted")
_SPEAKER_NOUNS = word_set(
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
_SPEAKER_NOUNS |= ROLE_HEADS | LAY_ROLES | FEMALE_NOUNS | MALE_NOUNS | NOT_PERSON | TITLES


def speaker_noun(w: str) -> bool:
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
#: what a speaker issues, right before the quote it holds ("issued a statement, '…'", "released
#: a statement saying '…'")
STATEMENTS = word_set("statement statements email message tweet letter memo release post")
#: subordinators that, opening a sentence, put its first subject (and cue) in a subordinate
#: clause: "When Mr. Trump tried …, Mr. Kasich differed"
LEADING_SUBS = word_set("when while as after before since if although though because once "
                        "until unless")

#: finite verbs: after a noun phrase they make it a clause's subject; after a cue, a
#: content clause's verb ("suggests any further deals should be …")
FINITE = word_set("was is were are has have had would will could should can may might must "
                  "did does do won't wouldn't isn't wasn't aren't can't didn't doesn't")
#: days and times of day: "issued a statement Tuesday saying", "said Tuesday that"
WHEN_WORDS = word_set("monday tuesday wednesday thursday friday saturday sunday today yesterday "
                      "night morning evening afternoon week weekend")

from newssift.assess.forensics import accents, chrome, mt_artifacts, scripts, spun
from tests.assess.fixtures import view


def test_accent_stripped_all_caps_subheading():
    text = "The talks went on all night.\nRelations NGOCIATIONS\nThe union left at dawn."
    flags = accents.detect(view(text))
    assert [f.name for f in flags] == ["accent_stripped_word"]
    assert text[flags[0].start : flags[0].end] == "NGOCIATIONS"
    assert flags[0].rule == "onset_phonotactics/v4"


def test_acronyms_names_and_compounds_are_not_accent_stripped():
    text = (
        "NASA and NVIDIA met the NHTSA in Tbilisi, said Dmitry Ivanov.\n"
        "He put the touchscreen on the nightstand, a worthwhile backsplash."
    )
    assert accents.detect(view(text)) == []


def test_english_loan_and_learned_words_are_not_accent_stripped():
    # v4, from unseen pages: a recipe page's Hindi dish names and a medical article's
    # "sclerosis" were flagged (the recipe page rejected as a content farm); these onsets
    # begin English words, and no stripped accent leaves them
    text = (
        "Stir the bhindi into the pan the way every roadside dhaba in the north does it.\n"
        "Patients with systemic sclerosis and phthalate exposure were seen by the czar of the "
        "clinic, who once crossed a fjord to study the chthonic myths of dharma."
    )
    assert accents.detect(view(text)) == []
    # a stripped French word whose onset only starts like these is still damage
    damaged = "The doctors said the sclrose had spread further this year."
    flags = accents.detect(view(damaged))
    assert [damaged[f.start : f.end] for f in flags] == ["sclrose"]


def test_lowercase_stripped_word_is_flagged():
    flags = accents.detect(view("The mayor called the tlphone line a scandal yesterday."))
    assert [f.name for f in flags] == ["accent_stripped_word"]


def test_footnote_letters_glued_to_words_are_not_accent_stripped():
    # an annotated text (scripture, study edition): footnote letters a, b, c before words
    text = (
        "Let us go up and be afaithful for he is mightier, then why not bmightier than Laban?\n"
        "And they did bdoubt that the Lord would cdeliver them out of his hands again.\n"
        "Nevertheless the Lord had bdelivered them and had ctaken away the plates of brass."
    )
    assert accents.detect(view(text)) == []
    # the same count of stripped French words, not rising a, b, c along a line: still damage
    damaged = (
        "The minister said the dveloppement of the town would dcider the vote this week.\n"
        "The council called the tlphone line a scandal and the mayor was not pleased today."
    )
    assert len(accents.detect(view(damaged))) == 3


def test_foreign_script_fallback():
    text = "Chile and Peru sign переговоры copper accord in Lima on Monday"
    flags = scripts.detect(view(text))
    assert [f.name for f in flags] == ["foreign_script"]
    assert text[flags[0].start : flags[0].end] == "переговоры"
    # a name given in its own script, in parentheses, is fine; so are Greek letters and signs
    ok = "The president Xi Jinping (习近平) met the β-amyloid team at 5 µm scale in Lima today"
    assert scripts.detect(view(ok)) == []


def test_chrome_density_counts_kinds():
    text = "Body line one.\nYou May Also Like\nAbout the Author: Dana Whitfield\nLeave a Reply"
    flags = chrome.detect(view(text))
    assert [f.name for f in flags] == ["chrome_density"]
    assert flags[0].value == 3.0 and flags[0].line == -1
    assert chrome.detect(view("Body line one.\nLeave a Reply")) == []


def test_spun_phrases():
    text = "Officials of the Joined Realm discussed worldwide temperature alteration."
    flags = spun.detect(view(text))
    assert [f.name for f in flags] == ["spun_phrase", "spun_phrase"]
    assert spun.detect(view("Officials of the United Kingdom discussed global warming.")) == []


def test_mt_artifacts():
    text = "It may bring us together. Is. ”, He said."
    flags = mt_artifacts.detect(view(text))
    assert len(flags) == 3 and {f.name for f in flags} == {"mt_artifact"}
    assert mt_artifacts.detect(view('"It may bring us together," he said.')) == []


def test_english_words_with_rarer_onsets_are_not_accent_stripped():
    text = "The pool water was chlorinated twice, a schlocky show with llamas and schnapps."
    assert accents.detect(view(text)) == []


def test_spelled_out_address_is_not_an_accent_stripped_word():
    text = (
        "Dana Whitfield is at dwhitfed (at) ledger.org or on Twitter (at)dwhitfed today.\n"
        'Write to the desk at ndesker"at"ledger.org, or tkmatte (at) gmail (dot) com with tips.'
    )
    assert accents.detect(view(text)) == []
    # the same words in a sentence are still judged
    flags = accents.detect(view("The mayor said the dwhitfed plan was a scandal yesterday."))
    assert [f.name for f in flags] == ["accent_stripped_word"]

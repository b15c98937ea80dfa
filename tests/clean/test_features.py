"""The line model's language-independent features: running text vs interface text, any language."""

from __future__ import annotations

from newssift.clean.features import DENSE_NAMES, dense
from newssift.clean.lexicon import BOILERPLATE_WORDS, FUNCTION_WORDS

COL = {name: k for k, name in enumerate(DENSE_NAMES)}

#: One sentence and one menu line per language (written for newssift).
SENTENCES = {
    "en": "The council said on Monday that the bridge will be closed for two weeks.",
    "de": "Die Stadt hat am Montag mitgeteilt, dass die Brücke zwei Wochen gesperrt wird.",
    "fr": "La mairie a annoncé lundi que le pont sera fermé pendant deux semaines.",
    "es": "El ayuntamiento dijo el lunes que el puente estará cerrado durante dos semanas.",
    "fi": "Kaupunki kertoi maanantaina, että silta on suljettu kaksi viikkoa.",
    "sv": "Kommunen meddelade på måndagen att bron är stängd i två veckor.",
}
MENUS = {
    "en": "Home | Privacy policy | Contact | Sign in",
    "de": "Startseite | Datenschutz | Impressum | Anmelden",
    "fr": "Accueil | Confidentialité | Mentions légales | Connexion",
    "es": "Inicio | Política de privacidad | Aviso legal | Contacto",
    "fi": "Etusivu | Tietosuojaseloste | Ota yhteyttä | Kirjaudu",
    "sv": "Startsida | Integritetspolicy | Kontakta oss | Logga in",
}


def _row(line: str) -> dict[str, float]:
    d = dense(["Some words before.", line, "Some words after."])
    return {name: float(d[1, k]) for name, k in COL.items()}


def test_lexicons_are_lower_case_and_apart():
    for words in (FUNCTION_WORDS, BOILERPLATE_WORDS):
        assert all(w == w.casefold() for w in words)
    # a word in both lists would pull a line both ways
    assert not (FUNCTION_WORDS & BOILERPLATE_WORDS)


def test_sentences_read_as_running_text_in_every_language():
    for lang, sentence in SENTENCES.items():
        r = _row(sentence)
        assert r["function_frac"] >= 0.2, lang
        assert r["boilerplate_frac"] == 0.0, lang
        assert r["title_case"] == 0.0, lang


def test_menus_read_as_interface_text_in_every_language():
    for lang, menu in MENUS.items():
        r = _row(menu)
        assert r["boilerplate_frac"] > 0.0, lang
        assert r["function_frac"] < _row(SENTENCES[lang])["function_frac"], lang


def test_german_nouns_do_not_make_a_sentence_a_title():
    r = _row("Der Bürgermeister und der Stadtrat beraten über den Haushalt.")
    assert r["title_case"] == 0.0
    assert _row("Politik Wirtschaft Kultur Sport")["title_case"] == 1.0


def test_repeats_and_window_features():
    lines = ["Reply", "A first comment, long enough.", "Reply", "Another one here.", "Reply"]
    d = dense(lines)
    assert d[0, COL["log_repeats"]] > 0.0
    assert d[1, COL["log_repeats"]] == 0.0
    assert d[2, COL["window_end_sentence"]] == 0.4
    assert d[3, COL["prev_function_frac"]] == 0.0

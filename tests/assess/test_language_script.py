"""Language identification and script mixing, on sentences written for these tests."""

from __future__ import annotations

from newssift.assess.language import (
    MAX_FOREIGN_SHARE,
    backend,
    detect_language,
    line_languages,
    script_mixing,
    script_of,
)

ENGLISH = (
    "The city council approved the new budget on Tuesday after a long debate about "
    "public transport, schools and the repair of several old bridges."
)
GERMAN = (
    "Der Stadtrat hat am Dienstag nach einer langen Debatte über den Nahverkehr, die "
    "Schulen und die Reparatur mehrerer alter Brücken den neuen Haushalt beschlossen."
)
FINNISH = (
    "Kaupunginvaltuusto hyväksyi tiistaina uuden talousarvion pitkän keskustelun jälkeen, "
    "joka koski joukkoliikennettä, kouluja ja useiden vanhojen siltojen korjaamista."
)


def test_documents_and_lines_get_their_language():
    assert backend() in ("fasttext-lid.176", "py3langid")
    assert detect_language(ENGLISH)[0] == "en"
    assert detect_language(GERMAN)[0] == "de"
    lang, prob = detect_language(FINNISH)
    assert lang == "fi" and 0.5 < prob <= 1.0
    assert detect_language("") == ("und", 0.0)
    assert detect_language("12 345 -- !!") == ("und", 0.0)
    langs = line_languages([ENGLISH, GERMAN, "ok", ""])
    assert [lang for lang, _ in langs] == ["en", "de", "und", "und"]


def test_scripts_come_from_unicode_properties():
    assert script_of("a") == "Latin" and script_of("é") == "Latin"
    assert script_of("ж") == "Cyrillic" and script_of("ব") == "Bengali"
    assert script_of("東") == "Han" and script_of("ラ") == "Katakana"
    assert script_of("ー") is None  # the long-vowel mark belongs to no single script
    assert script_of("7") is None and script_of("“") is None


def test_a_word_in_a_foreign_script_is_flagged_with_its_place():
    headline = "Trade talks stall\nBrussels and London trade বাণিজ্য blame over fishing rights"
    text = headline + "\n" + ENGLISH
    [flag] = script_mixing(text, "en")
    assert (flag.name, flag.rule, flag.text, flag.line) == (
        "foreign_script",
        "script_mixing/v1",
        "বাণিজ্য",
        1,
    )
    assert text[flag.start : flag.end] == "বাণিজ্য"
    n_words = len(text.split())  # every whitespace-separated chunk here is one word
    assert flag.value == 1 / n_words
    assert flag.threshold == MAX_FOREIGN_SHARE


def test_a_cyrillic_word_in_english_and_a_bengali_letter_in_russian():
    [flag] = script_mixing(ENGLISH + " The word мост means bridge.", "en")
    assert flag.text == "мост"
    russian = "Мэр города открыл новый мост через реку в субботу, сообщает агентство ত."
    assert [f.text for f in script_mixing(russian, "ru")] == ["ত"]


def test_normal_text_is_not_flagged():
    normal = (
        'Renée Zellweger and François Hollande met at 10:30 on 3/4/2021 — "déjà vu", '
        "she said (in English), pricing it at €1,200 or ¥150,000. 😀 #news @wire. "
        "The β coefficient was 3 μm per Δx."
    )
    assert script_mixing(normal, "en") == []
    assert script_mixing("Путин купил iPhone и MacBook в Москве в 2021 году.", "ru") == []
    assert script_mixing("東京でラーメンを食べた。コーヒーもおいしかった。", "ja") == []
    assert script_mixing("서울에서 大韓民國 역사를 공부했다.", "ko") == []
    # the main script of the text counts as expected even if the label is wrong
    assert script_mixing("Мэр города открыл новый мост.", "en") == []
    assert script_mixing("", "en") == []


def test_a_bilingual_text_is_not_a_stray_word():
    bilingual = "Peace мир friendship дружба bridge мост river река"
    assert script_mixing(bilingual, "en") == []

"""The public text functions on input they do not take: a TypeError that names the type, and
lone surrogates (which UTF-8 cannot hold) replaced by U+FFFD instead of an encode error deep
inside a stage."""

import pytest

import newssift
from newssift.record import Document
from newssift.textarg import text_arg

TEXT_FUNCS = ["clean_text", "parse_news", "assess_text"]
STORY = (
    "BERLIN (dpa) - The council met on Tuesday to discuss the budget for next year.\n"
    '"We cannot wait any longer," said the mayor, Anna Schmidt.\n'
    "The vote is expected next week after a second reading in the chamber.\n"
)


@pytest.mark.parametrize("name", TEXT_FUNCS)
@pytest.mark.parametrize("bad", [None, 42, ["a line"]])
def test_a_non_str_is_a_type_error_naming_the_type(name, bad):
    with pytest.raises(TypeError, match=f"takes the text as str.*not {type(bad).__name__}$"):
        getattr(newssift, name)(bad)


@pytest.mark.parametrize("name", TEXT_FUNCS)
def test_bytes_are_told_to_be_decoded(name):
    with pytest.raises(TypeError, match=r"not bytes \(decode the bytes first\)"):
        getattr(newssift, name)(STORY.encode())


def test_lone_surrogates_become_replacement_characters_in_clean():
    out = newssift.clean_text(STORY.replace("budget", "bud\ud800get").replace("week", "we\udc80ek"))
    assert "bud\ufffdget" in out.text and "we\ufffdek" in out.text
    out.text.encode("utf-8")  # every output file can hold it
    assert newssift.clean_text("a\ud800b").removed[0].line == "a\ufffdb"


def test_lone_surrogates_in_parse_news_and_assess():
    text = STORY.replace("wait", "wa\udbffit")
    parts = newssift.parse_news(text)
    assert parts.dateline_place == "BERLIN"
    assert [(q.text, q.speaker) for q in parts.quotes] == [
        ("We cannot wa\ufffdit any longer,", "Anna Schmidt")
    ]
    res = newssift.assess_text(text)
    assert res.scores["n_words"] > 20
    # a long text: the MT model's fastText call used to fail with an unclear TypeError
    long_text = ("Der Rat hat am Dienstag \ud800 über den Haushalt beraten und beschlossen. " * 60)
    assert 0.0 <= newssift.assess_text(long_text).machine_translated <= 1.0


def test_a_document_with_lone_surrogates_is_assessed_and_left_as_given():
    text = "Der Rat hat am Dienstag \ud800 über den Haushalt beraten und beschlossen. " * 60
    doc = Document(id="d", source="s", text=text, language="de")
    assert newssift.assess_text(doc).scores["n_words"] > 100
    assert doc.text == text  # the caller's record is not changed


@pytest.mark.parametrize("name", TEXT_FUNCS)
def test_empty_text(name):
    getattr(newssift, name)("")  # no error


def test_empty_results():
    assert newssift.clean_text("").text == ""
    assert newssift.parse_news("").quotes == []
    assert newssift.assess_text("").content_farm == 0.0


def test_text_arg_returns_the_same_object_when_nothing_changes():
    for text in ["", "plain ascii", "Grüße aus Köln – “quoted” 東京"]:
        assert text_arg(text, "f") is text
    assert text_arg("a\ud800b\udfffc", "f") == "a\ufffdb\ufffdc"
    assert text_arg("\U0001f600", "f") == "\U0001f600"  # a real pair is one character


def test_extract_article_on_bad_input():
    with pytest.raises(TypeError, match="NoneType"):
        newssift.extract_article(None)
    with pytest.raises(TypeError, match="int"):
        newssift.extract_article(42)
    art = newssift.extract_article("<html><body><p>a\ud800b</p></body></html>")
    (art.text or "").encode("utf-8")

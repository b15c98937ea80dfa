"""Policy files: the shipped ones, the rule kinds, and one-line errors for every bad file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newssift.cli import main
from newssift.decide.policy import PolicyError, load_policy, shipped_policies
from newssift.decide.stage import DecideStage
from newssift.record import Document, RemovedLine
from tests.decide.helpers import verdict

RULE = "[[rule]]\nname = 'short/v1'\nscore = 'n_words'\nop = '<'\nthreshold = 20\nreason = 'r'\n"


def write(tmp_path: Path, text: str, name: str = "p.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_policies_news_is_the_default():
    assert shipped_policies() == ["fineweb", "news"]
    news = load_policy()
    assert news.name == "news" and news.revision >= 1 and news.source == "news"
    families = {r.family for r in news.rules}
    assert families == {"news"}  # none of FineWeb's pretraining filters
    switches = {r.name for r in news.rules if not r.enabled}
    assert switches == {"machine_translated/v1", "language/v1", "duplicate/v1"}
    assert not news.needs_dedup
    fineweb = load_policy("fineweb")
    assert {"gopher_quality", "gopher_repetition", "c4", "fineweb"} <= {
        r.family for r in fineweb.rules}
    assert fineweb.sha != news.sha


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "'version = 1' is missing"),
        ("version = 99\n" + RULE, "p.toml:1: version 99 is not understood"),
        ("version = 1\n", "no rules"),
        ("version = 1\ncolour = 'red'\n" + RULE, "p.toml:2: unknown key(s) colour"),
        ("version = 1\n" + RULE + "[[rule]\nname = 'x'\n", "p.toml:8: broken TOML"),
        ("version = 1\n" + RULE.replace("n_words", "n_wrods"),
         "p.toml:4: rule 'short/v1': unknown score 'n_wrods'"),
        ("version = 1\n" + RULE.replace("20", "'abc'"),
         "p.toml:6: rule 'short/v1': 'threshold' must be a number"),
        ("version = 1\n[[rule]]\nname = 'lang/v1'\nfield = 'language'\nop = 'not_in'\n"
         "values = 'en'\nreason = 'language'\n",
         "p.toml:6: rule 'lang/v1': 'values' must be a list"),
        ("version = 1\n" + RULE + "enabled = 'no'\n", "p.toml:8: rule 'short/v1': 'enabled'"),
        ("version = 1\n" + RULE + "languages = 'en'\n", "rule 'short/v1': 'languages' must"),
        ("version = 1\n" + RULE + RULE, "p.toml:9: rule 'short/v1': rule names must be unique"),
        ("version = 1\n[[rule]]\nname = 'u/v1'\nfield = 'url'\nop = 'matches'\n"
         "values = ['(']\nreason = 'r'\n", "rule 'u/v1': bad regular expression"),
        ("version = 1\n[[rule]]\nname = 'a/v1'\nreason = 'r'\nall = [{score = 'nope', "
         "op = '<'}]\n", "p.toml:5: rule 'a/v1': unknown score 'nope'"),
    ],
)
def test_bad_policy_files_are_one_line_naming_file_line_and_rule(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(PolicyError) as err:
        load_policy(path)
    assert message in str(err.value)
    assert str(path) in str(err.value) and "\n" not in str(err.value)
    assert err.value.exit_code == 2


def test_unknown_policy_names_and_missing_files(tmp_path):
    with pytest.raises(PolicyError, match=r"unknown policy 'newz'.*fineweb, news"):
        load_policy("newz")
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(tmp_path / "nowhere.toml")
    custom = load_policy(write(tmp_path, "version = 1\nextra_scores = ['my.score']\n"
                               + RULE.replace("n_words", "my.score")))
    assert custom.name == "p" and custom.extra_scores == ("my.score",)


def test_cli_refuses_a_bad_policy_with_exit_2(tmp_path):
    bad = write(tmp_path, "version = 1\n" + RULE.replace("n_words", "n_wrods"))
    broken = tmp_path / "broken.toml"
    broken.write_text("version = 1\n" + RULE + "[[rule]\nname = 'x'\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    for args, says in (
            (["decide", str(out), "--policy", str(bad)], "unknown score 'n_wrods'"),
            (["decide", str(out), "--policy", str(broken)], f"{broken}:8: broken TOML"),
            (["decide", str(out), "--policy", "newz"], "unknown policy 'newz'"),
            (["run", str(bad), "-o", str(tmp_path / "o2"), "--policy", str(bad)], "n_wrods"),
            (["run", str(bad), "-o", str(tmp_path / "o3"), "--policy", "newz"], "newz"),
            (["run", str(bad), "-o", str(tmp_path / "o4"), "--policy", str(broken)],
             f"{broken}:8: broken TOML")):
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 2, res.output
        assert res.output.count("\n") == 1 and "Traceback" not in res.output
        assert says in res.output, (args, res.output)
    assert not (tmp_path / "o2").exists()  # refused before any work


def doc(text: str = "word " * 60, language: str | None = "en", **scores: float) -> Document:
    return Document(id="d", source="s", text=text, language=language, scores=dict(scores))


def test_rules_declare_their_languages(tmp_path):
    stage = DecideStage(load_policy(write(tmp_path, (
        "version = 1\n[[rule]]\nname = 'stop/v1'\nscore = 'gopher.stop_words'\nop = '<'\n"
        "threshold = 2\nlanguages = ['en']\nreason = 'gopher_enough_stop_words'\n"
        "[[rule]]\nname = 'short/v1'\nfield = 'text_length'\nop = '<'\nthreshold = 10\n"
        "not_languages = ['ja']\nreason = 'near_empty'\n"))))
    assert verdict(stage, doc(**{"gopher.stop_words": 0.0})) == (False, "gopher_enough_stop_words")
    german = doc(language="de", **{"gopher.stop_words": 0.0})
    assert verdict(stage, german) == (True, None)  # an English rule does not judge German
    assert verdict(stage, doc(language=None, **{"gopher.stop_words": 0.0})) == (True, None)
    assert verdict(stage, doc(text="短い記事", language="ja")) == (True, None)
    assert verdict(stage, doc(text="short", language="de")) == (False, "near_empty")


def test_all_conditions_and_text_matches(tmp_path):
    stage = DecideStage(load_policy(write(tmp_path, (
        "version = 1\n[[rule]]\nname = 'teasers/v1'\nreason = 'not_an_article'\n"
        "all = [{score = 'page.teasers', op = '>=', threshold = 4},\n"
        "       {score = 'page.teaser_ratio', op = '>=', threshold = 0.6}]\n"
        "[[rule]]\nname = 'paywall/v1'\nreason = 'not_an_article'\n"
        "all = [{field = 'text_length', op = '<', threshold = 500},\n"
        "       {field = 'all_text', op = 'matches', values = ['(?i)already a subscriber']}]\n"))))
    assert verdict(stage, doc(**{"page.teasers": 5.0, "page.teaser_ratio": 0.9}))[1] == (
        "not_an_article")
    assert verdict(stage, doc(**{"page.teasers": 5.0, "page.teaser_ratio": 0.2})) == (True, None)
    stub = doc(text="The first sentence of a story behind a paywall.")
    assert verdict(stage, stub) == (True, None)
    stub.removed = [RemovedLine(3, "Already a subscriber? Log in.", "subscribe")]
    assert verdict(stage, stub) == (False, "not_an_article")
    long_story = doc(text="A long story. " * 60)
    long_story.removed = list(stub.removed)
    assert verdict(stage, long_story) == (True, None)


def test_news_policy_keeps_briefs_market_reports_and_every_language():
    stage = DecideStage()
    market = doc(text="Brent crude rose 1.2% to $84.10 a barrel; WTI added 0.9% to $79.35.\n"
                 "Gold fell 0.4% to $1,982.50 an ounce. The dollar index was flat at 103.2.\n"
                 "The S&P 500 closed 0.3% higher at 4,567.80; the Nasdaq rose 0.5% to 14,250.",
                 **{"gopher.alpha_words_ratio": 0.4, "content_farm": 0.0})
    assert verdict(stage, market) == (True, None)
    finnish = doc(text="Kaupunginvaltuusto hyväksyi tiistaina uuden talousarvion pitkän "
                  "keskustelun jälkeen, joka koski joukkoliikennettä, kouluja ja useiden "
                  "vanhojen siltojen korjaamista kaupungin keskustassa.\nPäätös tehtiin "
                  "äänin 45–22, ja uusi talousarvio astuu voimaan ensi vuoden alussa.",
                  language="fi",
                  **{"gopher.stop_words": 0.0})
    assert verdict(stage, finnish) == (True, None)
    assert verdict(stage, doc(text="Read more")) == (False, "near_empty")
    assert verdict(stage, doc(content_farm=0.9))[1] == "content_farm"
    assert verdict(stage, doc(machine_translated=0.99)) == (True, None)  # a switch, off


def test_news_tells_an_empty_extraction_from_an_empty_input():
    stage = DecideStage()
    # a page went through extraction (page.* scores on it) and no text came out
    page = doc(text="", **{"page.paragraphs": 0.0, "page.teasers": 0.0,
                           "page.teaser_ratio": 0.0})
    assert verdict(stage, page) == (False, "extraction_empty")
    # a text input whose text is blank: no page.* scores, so the old reason
    assert verdict(stage, doc(text="  \n")) == (False, "empty_text")
    # an extracted page with text is not caught by the empty-extraction rule
    kept = doc(text="The council approved the budget on Tuesday after a long debate. " * 5,
               **{"page.paragraphs": 3.0, "page.teasers": 0.0, "page.teaser_ratio": 0.0})
    assert verdict(stage, kept) == (True, None)
    # fineweb keeps its reference reason codes: an empty page is `empty_text` there
    assert verdict(DecideStage("fineweb"), page)[1] == "empty_text"

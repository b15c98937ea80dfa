"""The explanation of a quality score recounts the score itself (contract with quality.py)."""

import pytest

from newssift.assess.explain import EXPLAINED, _tokens, explain
from newssift.assess.quality import quality_signals
from newssift.assess.quality_tokens import split_words

TEXTS = {
    "prose": (
        "The central bank raised its rate by 0.25 points on Tuesday, the third rise this year.\n"
        "Officials said inflation, at 4.1%, was still too high. \"We will act,\" one said.\n\n"
        "Markets fell... Shares of Acme Inc. dropped 3% to $41.20 in New York."
    ),
    "market report": (
        "EUR/USD 1.0842 +0.12%\nGBP/USD 1.2710 -0.05%\nUSD/JPY 151.32 +0.40%\n"
        "Brent $82.10\nGold $2,034.50\n#markets #fx\n- Dow 38,500 (+0.3%)\n- S&P 4,950 (+0.2%)"
    ),
    "repeats": (
        "Subscribe to our newsletter\nThe mayor met the council on Monday to discuss the budget.\n"
        "Subscribe to our newsletter\n\nRead more\n\nRead more\n\nThe mayor met the council on "
        "Monday to discuss the budget and the mayor met the council on Monday again.\n"
        "Subscribe to our newsletter"
    ),
    "c4": (
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\nvar x = {a: 1}; done.\n"
        "Please enable javascript to view this page.\nRead our privacy policy here.\n"
        "Short.\nA line with a citation [12] that ends well.\nNo final mark here\r\n"
        "Another sentence. And a second one! Third?\u2028Is this a line?\u2029Yes it is."
    ),
    "other language": (
        "Le gouvernement a présenté mardi son projet de budget pour l'année prochaine.\n"
        "« Nous tiendrons nos engagements », a déclaré le ministre… 12 % de hausse.\n"
        "L'opposition dénonce un budget « insincère »."
    ),
    "blank edges": "\n\n  Two words.  \n\n\nTwo words.  \n\n",
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_explained_score_recounts_the_stored_value(name):
    text = TEXTS[name]
    scores, _ = quality_signals(text)
    for score in EXPLAINED:
        ex = explain(text, score)
        assert ex is not None, score
        assert ex.value == pytest.approx(scores[score], abs=1e-12), (name, score)
        for start, end in ex.spans:
            assert 0 <= start < end <= len(text), (score, start, end)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_tokens_with_offsets_are_the_quality_tokens(name):
    text = TEXTS[name]
    assert [t for t, _, _ in _tokens(text)] == split_words(text)


def test_marks_are_the_places_counted():
    text = TEXTS["market report"]
    ex = explain(text, "gopher.alpha_words_ratio")
    marked = [text[s:e] for s, e in ex.spans]
    assert "1.0842" in marked and "$" in marked and "EUR" not in marked
    assert ex.counted == len(marked) and ex.total == len(split_words(text))
    lines = explain(TEXTS["repeats"], "gopher_rep.dup_line_frac")
    assert [TEXTS["repeats"][s:e] for s, e in lines.spans] == [
        "Subscribe to our newsletter", "Read more", "Subscribe to our newsletter"]
    punct = explain(TEXTS["c4"], "fineweb.line_punct_ratio")
    assert [TEXTS["c4"][s:e] for s, e in punct.spans] == ["No final mark here\r"]
    top = explain(TEXTS["repeats"], "gopher_rep.top_2_gram")
    assert {TEXTS["repeats"][s:e] for s, e in top.spans} == {"Subscribe to"}  # ties: first


def test_scores_that_are_not_places_are_not_explained():
    assert explain("Some text here.", "gopher.mean_word_length") is None
    assert explain("Some text here.", "content_farm") is None
    assert explain("", "gopher.alpha_words_ratio") is None

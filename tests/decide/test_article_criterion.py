"""The bench's article criterion (bench/article_criterion.py) on made-up ground truths."""

from __future__ import annotations

from bench.article_criterion import judge, pieces, words


def test_a_two_sentence_brief_is_an_article() -> None:
    v = judge("PARIS (AFP) - The mayor resigned on Monday after a long dispute.\n"
              "Her deputy takes over until the election in March.")
    assert v.article and v.reason is None and v.sentences == 2


def test_a_market_report_full_of_figures_is_an_article() -> None:
    body = ("The Dow fell 1.2% to 33,412.50 on Tuesday, its third loss in a row.\n"
            "The S&P 500 lost 0.8% to 4,201.10 while the Nasdaq slid 0.5%.\n"
            "Brent crude rose $1.20 to $84.30 a barrel.")
    assert judge(body).article


def test_empty_and_blank_bodies() -> None:
    assert judge("").reason == "empty_truth"
    assert judge(None).reason == "empty_truth"
    assert judge("  \n — \n").reason == "empty_truth"


def test_a_calendar_has_no_sentences() -> None:
    body = "\n".join(f"Round {i}: {d} March – Circuit {i}" for i, d in enumerate(range(3, 10)))
    v = judge(body)
    assert not v.article and v.reason == "under_two_sentences" and v.sentences == 0


def test_one_sentence_and_links_is_not_an_article() -> None:
    v = judge("Tribute night\nFacebook\n"
              "The band plays every hit of the eighties live.\nBuy Tickets")
    assert v.reason == "under_two_sentences" and v.sentences == 1


def test_a_listing_with_an_introduction_is_mostly_not_sentences() -> None:
    intro = ("These are the best deals of the week on running gear. "
             "Prices were checked on Friday morning.")
    rows = "\n".join(f"Trail shoe model {i} in blue and grey $8{i} (was $12{i})" for i in range(12))
    v = judge(intro + "\n" + rows)
    assert v.reason == "mostly_not_sentences" and v.sentences == 2 and v.sentence_share < 0.5


def test_japanese_sentences_count_without_spaces() -> None:
    body = "東京都は月曜日に新しい防災計画を発表した。計画は来年四月から実施される予定だという。"
    assert pieces(body) == ["東京都は月曜日に新しい防災計画を発表した。",
                            "計画は来年四月から実施される予定だという。"]
    assert words(body) >= 2 * 5
    assert judge(body).article


def test_short_pieces_are_not_sentences() -> None:
    # "Yes." and "No." end like sentences but are too short to tell a story
    v = judge("Yes. No. Maybe.\nOk!")
    assert v.reason == "under_two_sentences" and v.sentences == 0

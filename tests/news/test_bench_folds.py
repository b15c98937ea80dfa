"""The quotes bench's train folds (judging a rule within train before the one dev run) and
its split of speaker-right by where the speaker was read."""

from types import SimpleNamespace

from bench.quotes import Article, _distance_bin, fold_of, score, select_folds


def _arts(n: int) -> list[Article]:
    return [Article(f"paper_2016-0{k % 9 + 1}-01_story-{k}", "text") for k in range(n)]


def test_folds_partition_the_articles():
    arts = _arts(200)
    parts = [select_folds(arts, f"{f}/5") for f in range(5)]
    names = [a.name for p in parts for a in p]
    assert sorted(names) == sorted(a.name for a in arts)  # every article once
    assert all(parts)  # no empty fold among 200 articles
    rest = select_folds(arts, "1,2,3,4/5")
    assert {a.name for a in rest} == set(names) - {a.name for a in parts[0]}


def test_a_fold_is_fixed_by_the_name_alone():
    # the same name gives the same fold whatever the order or company it is read in
    assert fold_of("nyt_2016-03-12_republicans-lower-volume-", 5) == fold_of(
        "nyt_2016-03-12_republicans-lower-volume-", 5)
    arts = _arts(50)
    assert [a.name for a in select_folds(arts[::-1], "2/5")] == [
        a.name for a in select_folds(arts, "2/5")][::-1]


def _q(start: int, end: int, s: int = -1, e: int = -1):
    return SimpleNamespace(start=start, end=end, speaker_start=s, speaker_end=e)


def test_distance_bins():
    text = "“We will win this,” Smith said.\nSmith said: “We will win it big.”"
    assert _distance_bin(text, _q(0, 19, 20, 25)) == "after, ≤ 5 chars"
    assert _distance_bin(text, _q(43, 63, 32, 37)) == "before, ≤ 40 chars"
    assert _distance_bin(text, _q(0, 19, 32, 37)) == "after, another paragraph"
    assert _distance_bin(text, _q(0, 19)) == "no speaker"


def test_the_split_by_kind_is_asked_for():
    art = Article("a", "“We will win this big,” Smith said.")
    assert "by_resolution" not in score([art])
    s = score([art], by_kind=True)
    assert s["by_resolution"] == {} and s["by_distance"] == {}  # no annotated event


def test_branch_fires_counts_texts_per_branch():
    import sys

    from bench.quotes import branch_fires

    texts = {
        "a": ["“We will win this state,” Smith said.", "No quotes here at all."],
        "b": ["Jane Doe spoke. “We will win it big,” she said."],
    }
    rows = branch_fires(texts)
    assert sys.gettrace() is None  # the tracer is removed
    assert rows and all(set(r) == {"where", "code", "a", "b"} for r in rows)
    assert all(0 <= r["a"] <= 2 and 0 <= r["b"] <= 1 for r in rows)
    assert any(r["a"] for r in rows) and any(r["b"] for r in rows)
    # the pronoun story takes a branch the two others do not
    assert any(r["b"] and not r["a"] for r in rows)


def test_speaker_changes_lists_moved_speakers_and_scores_train():
    from bench.quotes import Event, Span, speaker_changes
    from newssift.news.parts import parse_news

    def unnamed(text: str):
        # a "revision" that finds the same quotes but names no speaker
        parts = parse_news(text)
        return SimpleNamespace(quotes=[SimpleNamespace(
            start=q.start, end=q.end, text=q.text, speaker=None, resolution=None,
            speaker_start=-1, speaker_end=-1) for q in parts.quotes])

    text = "“We will win this state easily,” Smith said. No quote here."
    art = Article("a", text)
    quote = text[:text.index("”") + 1]
    src = Span("Source", text.index("Smith"), text.index("Smith") + 5, "Smith", ())
    ev = Event(Span("Content", 0, len(quote), quote, ()), src)
    ev.gold_speaker = ev.gold_old = "Smith"
    art.events.append(ev)
    res = speaker_changes({"train": [art], "fresh": [text, "No quotes at all."]}, unnamed)
    assert res["sets"]["train"] == {"texts": 1, "changed": 1, "scored": 1,
                                    "right_before": 0, "right_after": 1}
    assert res["sets"]["fresh"]["changed"] == 1 and res["sets"]["fresh"]["scored"] == 0
    row = res["changes"][0]
    assert (row["before"], row["after"], row["after_how"]) == (None, "Smith", "explicit")
    # the same code on both sides moves nothing
    same = speaker_changes({"fresh": [text]}, parse_news)
    assert same["sets"]["fresh"]["changed"] == 0 and same["changes"] == []

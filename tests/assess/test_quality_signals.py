"""Quality scores: the measurements, the tokenizer they rest on, and the located flags."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from newssift.assess.quality import quality_signals
from newssift.assess.quality_ngrams import ngram_repetition
from newssift.assess.quality_tokens import count_sentences, split_words
from newssift.decide.policy import load_policy
from newssift.decide.stage import DecideStage
from newssift.record import Document
from tests.decide.helpers import verdict

STORY = (
    "The harbour authority said on Monday that the ferry to the island would resume service "
    "after repairs to the northern pier, which was damaged in a storm last month.\n"
    "Engineers worked through the weekend to replace the beams, and the first crossing is "
    "planned for seven in the morning, a spokeswoman said.\n"
    "Commuters have had to take a long detour over the southern bridge since the storm, "
    "adding almost an hour to the trip for many of them.\n"
    "The repairs cost less than the city had feared, according to figures released on "
    "Friday by the finance office.\n"
    "A second pier, damaged in the same storm, will be inspected next month by the same team "
    "of engineers, the authority said."
)


def decide(text: str, family: str) -> str | None:
    scores, _ = quality_signals(text)
    doc = Document(id="d", source="s", text=text, scores=scores, language="en")
    return verdict(DecideStage(load_policy("fineweb").only({family})), doc)[1]


def test_tokens_follow_the_reference_english_rules():
    assert split_words("U.S. officials said.") == ["U.S.", "officials", "said", "."]
    assert split_words("don't can't I'm") == ["do", "n't", "ca", "n't", "I", "'m"]
    assert split_words("state-of-the-art") == ["state", "-", "of", "-", "the", "-", "art"]
    assert split_words("$100 50% 3.5 1,000") == ["$", "100", "50", "%", "3.5", "1,000"]
    assert split_words("MOSCOW, Jan.24 (Wire) –") == [
        "MOSCOW",
        ",",
        "Jan.24",
        "(",
        "Wire",
        ")",
        "–",
    ]
    assert split_words("at 11:30 a.m. on Jan. 3") == ["at", "11:30", "a.m.", "on", "Jan.", "3"]
    assert split_words("see www.example.com/a?b=c now") == ["see", "www.example.com/a?b=c", "now"]
    assert split_words("NATO. ok... fine…now") == ["NATO", ".", "ok", "...", "fine", "…", "now"]
    assert split_words("(item 8) and/or “this”") == ["(", "item", "8)", "and/or", "“", "this", "”"]
    assert split_words("John's dogs' bowls") == ["John", "'s", "dogs", "'", "bowls"]


def test_sentences_are_counted_like_the_reference_sentencizer():
    assert count_sentences("Hello there. How are you? Fine.") == 3
    assert count_sentences('He said: "Go." Then he left.') == 2
    assert count_sentences("Mr. Smith arrived at 3 p.m. on Friday.") == 1
    assert count_sentences("") == 0


def test_scores_of_a_small_text_are_exact():
    text = "The cat sat on the mat.\nThe dog, however, did not!"
    scores, flags = quality_signals(text)
    # tokens: The cat sat on the mat . The dog , however , did not !  -> 15, 11 words
    assert scores["gopher.n_words"] == 11
    assert scores["gopher.mean_word_length"] == (3 + 3 + 3 + 2 + 3 + 3 + 3 + 3 + 7 + 3 + 3) / 11
    assert scores["gopher.alpha_words_ratio"] == 11 / 15
    assert scores["gopher.stop_words"] == 1  # "the" (case-sensitive, like the reference)
    assert scores["fineweb.line_punct_ratio"] == 1.0
    assert scores["fineweb.list_ratio"] == 1 / 15
    assert scores["c4.n_sentences"] == 2
    assert flags == []


def test_a_clean_story_passes_every_family():
    for family in ("gopher_quality", "gopher_repetition", "c4", "fineweb"):
        assert decide(STORY, family) is None, family


def test_short_and_symbol_heavy_texts_get_gopher_reasons():
    assert decide("Too short to be an article.", "gopher_quality") == "gopher_short_doc"
    hashes = " ".join(f"#tag{i} word" for i in range(60))
    assert decide(hashes, "gopher_quality") == "gopher_too_many_hashes"
    numbers = " ".join(f"{1000 + i} , {5000 + i * 7} ; the of" for i in range(40))
    assert decide(numbers, "gopher_quality") == "gopher_below_alpha_threshold"


def test_a_repeated_line_is_flagged_where_it_repeats():
    line = "Subscribe to our newsletter for the latest headlines"
    text = "\n".join([STORY.splitlines()[0], line, STORY.splitlines()[1], line, line])
    scores, flags = quality_signals(text)
    assert scores["gopher_rep.dup_line_frac"] == 2 / 5
    assert decide(text, "gopher_repetition") == "dup_line_frac"
    [flag] = [f for f in flags if f.name == "repeated_line"]
    assert (flag.line, flag.text, flag.rule) == (3, line, "gopher_repetition/v1")
    assert text[flag.start : flag.end] == line
    assert flag.start == text.index(line, text.index(line) + 1)


def test_c4_reasons_and_the_line_that_caused_them():
    lorem = STORY + "\nLorem ipsum dolor sit amet, consectetur adipiscing elit."
    assert decide(lorem, "c4") == "lorem_ipsum"
    _, flags = quality_signals(lorem)
    [flag] = [f for f in flags if f.name == "lorem_ipsum"]
    assert flag.line == 5 and lorem[flag.start : flag.end].startswith("Lorem ipsum")
    curly = STORY + "\nThe widget config was {color: red} in the page source."
    assert decide(curly, "c4") == "curly_bracket"
    assert decide("One sentence here. And two.\nShort line", "c4") == "too_few_sentences"
    # citation marks are removed before the line-end test, javascript lines are dropped
    cited = STORY.replace("authority said.", "authority said.[12]")
    assert decide(cited, "c4") is None
    assert (
        quality_signals(STORY + "\nPlease enable JavaScript to see the comments.")[0][
            "c4.n_sentences"
        ]
        == quality_signals(STORY)[0]["c4.n_sentences"]
    )


def test_fineweb_reasons():
    menu_items = ["Home", "News", "Sport", "Weather", "Culture", "Travel", "Video", "Audio", "Live"]
    menu = "\n".join([*menu_items, STORY.splitlines()[0]])
    assert decide(menu, "fineweb") == "line_punct_ratio"
    shorts = "\n".join(["It rained.", "It stopped.", "Then sun.", STORY.splitlines()[0]])
    assert decide(shorts, "fineweb") == "short_line_ratio"
    dup = STORY + "\n" + STORY.splitlines()[0]
    assert decide(dup, "fineweb") == "char_dup_ratio"
    listy = "\n".join(f"Item {i} is done." for i in range(12)) + "\n" + STORY
    scores, _ = quality_signals(listy)
    assert scores["fineweb.list_ratio"] == listy.count("\n") / len(split_words(listy))


def test_empty_text_has_only_its_length():
    assert quality_signals("") == ({"text.n_chars": 0.0}, [])


def _reference_top(words: list[str], n: int) -> int:
    grams = [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
    if not grams:
        return 0
    gram, count = max(Counter(grams).items(), key=lambda kv: kv[1])  # first max wins
    return len(gram) * count


def _reference_dup(words: list[str], n: int) -> int:
    seen: set[tuple[str, ...]] = set()
    chars = i = 0
    while i < len(words) - n + 1:
        gram = tuple(words[i : i + n])
        if gram in seen:
            chars += sum(map(len, gram))
            i += n
        else:
            seen.add(gram)
            i += 1
    return chars


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "bb", "ccc", "the", "x", "yy"]), max_size=60))
def test_vectorised_ngrams_equal_the_plain_definition(words):
    top, dup = ngram_repetition(words)
    for n in (2, 3, 4):
        assert top[n] == _reference_top(words, n)
    for n in range(5, 11):
        assert dup[n] == _reference_dup(words, n)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,!?#-•…\n\t'\"()[]{}1é東ব")), max_size=200))
def test_any_text_gets_finite_scores(text):
    scores, flags = quality_signals(text)
    assert all(v == v and abs(v) != float("inf") for v in scores.values())
    assert scores["text.n_chars"] == len(text)
    for flag in flags:
        assert text[flag.start : flag.end] == flag.text[: flag.end - flag.start]

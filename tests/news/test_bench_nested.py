"""The quotes bench's nested credit: a speaker named inside the annotated Content span."""

from bench.quotes import Span, _inner_speaker, speaker_right


def _content(text: str) -> Span:
    return Span("Content", 0, len(text), text, ((0, len(text)),))


def test_the_attribution_inside_the_content_names_the_speaker():
    inner = _content("“I think one has to ask, is this a priority?” O’Malley said at a press "
                     "conference")
    words = _inner_speaker(inner)
    assert speaker_right("Martin O’Malley", words)
    assert not speaker_right("Hillary Clinton", words)


def test_a_content_of_quotes_only_names_no_one():
    assert _inner_speaker(_content("“We will win this. We will win it big.”")) is None


def test_no_cue_no_inner_speaker():
    assert _inner_speaker(_content("“We will win this,” at the White House today")) is None


def test_unpaired_marks_give_nothing():
    # a mark left open: what lies between is quoted text, not an attribution
    assert _inner_speaker(_content("“While the results are not known,” Sanders said. “And "
                                   "then")) is None


def test_only_words_near_the_cue_count():
    inner = _content("“Our word,” At the White House today, reporters questioned Press "
                     "Secretary Josh Earnest about it and he said")
    assert not speaker_right("Obama White House", _inner_speaker(inner))

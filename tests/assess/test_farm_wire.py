from newssift.assess.forensics import wire
from tests.assess.fixtures import view

STORY = (
    "Port authority open to talks\n"
    "ROTTERDAM, Mar.3 (Reuters) – The port authority said on Tuesday it was open to talks.\n"
    "The union said its members would keep the terminals blocked until an offer is made.\n"
)


def test_french_version_credit_on_english_page_with_reuters_dateline():
    text = STORY + "(Pieter Janssen, French version Marie Dufresne and Lucile Garnier)"
    flags = wire.detect(view(text))
    assert [f.name for f in flags] == ["translated_copy_credit"]
    f = flags[0]
    assert f.rule == "credits_translation_note/v1"
    assert f.value == 1.0 and f.threshold == 0.5
    assert text[f.start : f.end] == "French version"
    assert "Reuters" in f.text


def test_same_language_version_credit_is_ordinary():
    text = STORY + "(Reporting by Pieter Janssen; English version by Marie Dufresne)"
    assert wire.detect(view(text)) == []


def test_agency_copy_needs_a_url_off_the_agency_site():
    assert wire.detect(view(STORY)) == []
    assert wire.detect(view(STORY, url="https://www.reuters.com/world/port-talks")) == []
    flags = wire.detect(view(STORY, url="https://daily-buzz-news.example/port-talks"))
    assert [f.name for f in flags] == ["agency_copy"]
    assert flags[0].line == 1


def test_agency_copy_knows_every_agency_the_parser_reports():
    """Kyodo on its own site is the agency publishing, not a copy (the bug of three tables)."""
    story = STORY.replace("ROTTERDAM, Mar.3 (Reuters)", "TOKYO, Mar.3 (Kyodo)")
    assert wire.detect(view(story, url="https://english.kyodonews.net/news/2026/03/x.html")) == []
    flags = wire.detect(view(story, url="https://daily-buzz-news.example/port-talks"))
    assert [f.name for f in flags] == ["agency_copy"]
    assert "Kyodo" in flags[0].text


def test_agency_copy_reads_the_canonical_url_of_a_page_without_url():
    # review r42 finding 13: a saved HTML file has no URL, so the flag could not fire;
    # the page's declared canonical URL says which site it is (never written into url)
    from newssift.assess.forensics.view import view_of
    from tests.assess.fixtures import doc

    saved = doc(STORY)
    saved.canonical_url = "https://daily-buzz-news.example/port-talks"
    flags = wire.detect(view_of(saved))
    assert [f.name for f in flags] == ["agency_copy"]
    assert "daily-buzz-news.example" in flags[0].text and "canonical URL" in flags[0].text
    assert saved.url is None
    saved.canonical_url = "https://www.reuters.com/world/port-talks"
    assert wire.detect(view_of(saved)) == []
    # where the record has a URL, that is the page's host, whatever it declares
    fetched = doc(STORY, url="https://daily-buzz-news.example/port-talks")
    fetched.canonical_url = "https://www.reuters.com/world/port-talks"
    assert [f.name for f in wire.detect(view_of(fetched))] == ["agency_copy"]
    assert "canonical URL" not in wire.detect(view_of(fetched))[0].text

"""Contract tests: the stages that read a shared vocabulary agree on it."""

from newssift.clean.keep import CREDITS, DATELINE
from newssift.news.dateline import find_dateline
from newssift.news.parts import parse_news
from newssift.vocab.agencies import AGENCIES, canonical, own_site


def test_every_agency_has_its_own_sites():
    # agency_copy asks own_site(); an agency without domains would be a copy everywhere
    for agency in AGENCIES:
        assert agency.domains, agency.name
        assert own_site(agency.name, "www." + agency.domains[0]) is True
        assert own_site(agency.name, "copies.example") is False
    assert own_site("Nobody News", "copies.example") is None


def test_every_written_form_is_one_agency_everywhere():
    for agency in AGENCIES:
        for form in (*agency.written, *agency.context_only):
            assert canonical(form) == agency.name, form
            # the cleaner protects a credit line that is just the agency
            assert CREDITS.search(f"({form})"), form
            # a dateline bracket naming it is a dateline for the cleaner and for the parser
            line = f"MOSCOW, Jan. 24 ({form}) - Officials said on Sunday that talks went on."
            assert DATELINE.match(line), form
            found = find_dateline([line])
            assert found is not None and found.agency == agency.name, form


def test_context_only_forms_do_not_count_in_running_text():
    parts = parse_news(
        "The MENA region and the ABC of trade, said a CP spokesman.\n"
        "Reuters reported the same on Monday."
    )
    assert parts.agencies == ["Reuters"]


def test_news_and_wire_forensics_read_the_same_translation_notes():
    from newssift.assess.forensics import wire
    from newssift.news.credits import credits_note
    from tests.assess.fixtures import view

    story = (
        "Port authority open to talks\n"
        "ROTTERDAM, Mar.3 (Reuters) – The port authority said on Tuesday it was open to talks.\n"
        "The union said its members would keep the terminals blocked until an offer is made.\n"
    )
    for credit, note in [
        ("(Pieter Janssen, French version Marie Dufresne)", "French version"),
        ("(Pieter Janssen; versión en alemán de Ana Gil)", "versión en alemán"),
        ("(Translated from the German by Marie Dufresne)", "Translated from the German by"),
        ("(Pieter Janssen; spanische Fassung von Ana Gil)", "spanische Fassung"),
    ]:
        assert credits_note(credit) == note
        flags = wire.detect(view(story + credit))
        assert [f.name for f in flags] == ["translated_copy_credit"], credit
        assert (story + credit)[flags[0].start : flags[0].end] == note


def test_every_chrome_reason_the_forensics_read_is_one_the_cleaner_writes():
    from newssift.assess.forensics.chrome import CHROME_REASONS
    from newssift.clean.cleaner import REASON_CODES
    from newssift.clean.patterns import FULL, SEARCH
    from newssift.vocab.chrome import REMOVAL_REASONS

    assert REASON_CODES == REMOVAL_REASONS
    assert set(REMOVAL_REASONS) >= CHROME_REASONS
    assert set(FULL) | set(SEARCH) <= set(REMOVAL_REASONS)


def test_one_author_header_for_the_phrase_table_and_the_section_logic():
    from newssift.clean.patterns import FULL
    from newssift.vocab.chrome import AUTHOR_HEADER_START

    for header in ("About the Author", "Über den Autor", "À propos de l’auteur",
                   "À propos de l'auteur", "Sobre la autora"):
        assert FULL["author_box"].match(header.lower()), header
        assert AUTHOR_HEADER_START.match(header), header
        assert FULL["author_box"].match(f"{header}: Jane Doe".lower()), header
    assert not AUTHOR_HEADER_START.match("The author of the report said")


def test_every_capitals_dateline_the_news_parser_reads_is_one_the_cleaner_keeps():
    from newssift.clean.keep import keep_reason
    from newssift.news.dateline import find_dateline
    from newssift.vocab.datelines import CAPS_DATELINE

    lines = [
        "MOSCOW, Jan. 24 (Reuters) - The Kremlin said on Monday it would respond.",
        "WASHINGTON (AP) — The Senate voted on Tuesday to extend the programme.",
        "PARIS, 5 janvier (AFP) - Le gouvernement a annoncé mardi un nouveau plan.",
        "TOKYO (Kyodo) -- Japan's economy grew faster than expected in the quarter.",
        "NEW DELHI, Jan 24 (PTI) - The government on Monday announced new rules.",
        "İSTANBUL (Reuters) — Turkey said on Monday it would respond.",
        "ŁÓDŹ, Poland — The city council voted on Monday to close the school.",
        "ANKARA, Türkiye (Reuters) - The central bank held its rate on Thursday.",
    ]
    for line in lines:
        assert CAPS_DATELINE.match(line), line
        assert find_dateline([line]) is not None, line
        assert keep_reason(line) == "dateline", line


def test_dedup_and_the_wire_forensics_read_one_agency_table():
    # dedup's canonical rule ("agency_copy …") and the forensics' own_site() must agree on
    # every agency's own sites and on every name a site may give itself
    from newssift.dedup.canonical import own_agency

    for agency in AGENCIES:
        for domain in agency.domains:
            assert own_site(agency.name, "news." + domain) is True
            assert own_agency(f"https://www.{domain}/story", None, None) == agency.name.lower()
            assert own_agency(f"https://news.{domain}/story", None, agency.name) == (
                agency.name.lower()
            )
        for form in (agency.name, *agency.written) if agency.written else ():
            # a site name counts where no host is known (a saved file without a URL)
            assert own_agency(None, form, None) == agency.name.lower(), form
            assert own_agency("https://daily.example/x", form, None) == "", form
        # a dateline credits the agency by its reported name, context-only agencies too
        assert own_agency("https://copies.example/x", None, agency.name) == ""
    assert own_agency("https://daily.example/x", "Daily News", None) == ""


def test_a_short_context_only_form_is_no_site_name():
    # "ABC" (abc.es), "CNA" (Channel NewsAsia), "Spa": sites, not the agencies those forms
    # name in a dateline bracket; and a site of one agency carrying another's story is a copy
    from newssift.dedup.canonical import own_agency

    for site, name in [("abc.es", "ABC"), ("channelnewsasia.com", "CNA"), ("spa.example", "Spa"),
                       ("tt.example", "TT"), ("daily.example", "cp")]:
        assert own_agency(f"https://www.{site}/x", name, None) == "", name
        assert own_agency(None, name, None) == "", name
    assert own_agency("https://www.reuters.com/x", None, "CNA") == ""
    assert own_agency("https://focustaiwan.tw/x", None, "CNA") == "cna"


def test_every_site_name_and_domain_dedup_knew_before_the_one_table_still_counts():
    # dedup's own table (until session 22) read these; the one table must not lose any
    from newssift.dedup.canonical import own_agency

    names = ["associated press", "the associated press", "thomson reuters",
             "agence france-presse", "agence france presse", "united press international",
             "deutsche presse-agentur", "agencia efe", "ansa", "xinhua news agency",
             "kyodo news", "yonhap news agency", "press trust of india", "ians", "tass", "anp",
             "australian associated press", "the canadian press", "canadian press",
             "pa media", "press association", "apa", "ap", "reuters", "afp", "upi", "dpa",
             "efe", "xinhua", "kyodo", "yonhap", "pti", "aap"]
    for name in names:
        assert own_agency(None, name, None), name
    domains = ["apnews.com", "ap.org", "reuters.com", "afp.com", "upi.com", "dpa.com",
               "dpa-international.com", "efe.com", "ansa.it", "xinhuanet.com", "news.cn",
               "kyodonews.net", "yna.co.kr", "en.yna.co.kr", "ptinews.com", "ianslive.in",
               "tass.com", "tass.ru", "anp.nl", "aap.com.au", "thecanadianpress.com",
               "pamediagroup.com", "bloomberg.com", "apa.at"]
    for domain in domains:
        assert own_agency(f"https://{domain}/x", None, None), domain


def test_a_site_name_is_read_in_any_case_and_with_dots():
    from newssift.vocab.agencies import _BY_FOLDED, _folded, named, site_agency

    assert named("THE ASSOCIATED PRESS") == named("A.P.") == named("the  associated press") == "AP"
    assert named("reuters") == "Reuters" and named("Daily News") is None and named(None) is None
    assert named("CNA") is None and named("abc") is None and named("bloomberg") == "Bloomberg"
    assert site_agency("english.kyodonews.jp") == "Kyodo"
    assert site_agency("kyodonews.example") is None
    # no two agencies share a folded form: every entry is the one agency of all its forms
    for agency in AGENCIES:
        for form in (agency.name, *agency.written) if agency.written else ():
            assert _BY_FOLDED[_folded(form)] == agency.name, form


def test_one_given_name_list_for_the_extractor_and_the_quote_resolver():
    # the byline test and the speaker resolver read one list: a name the resolver gives a
    # gender makes a line of names a byline; a capitalised pair it does not know does not
    from newssift.extract.body import _names_authors
    from newssift.news.quotes.people import gender_of as resolver_gender_of
    from newssift.vocab.names import FEMALE, MALE, gender_of

    assert resolver_gender_of is gender_of
    for first in ("maria", "peter"):
        assert first in FEMALE | MALE
        assert _names_authors(f"Quill Berg and {first.title()} Lopez")
    assert gender_of("quill") is None
    assert not _names_authors("Quill Berg and Quill Lopez")

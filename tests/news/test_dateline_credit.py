"""A dateline's credit that is no known agency is kept apart, never read as an agency
(review r42, finding 12: "SOFIA, March 3 (Meridian Wire) –" lost its credit)."""

from __future__ import annotations

from newssift.news import parse_news
from newssift.news.dateline import credit_name, find_dateline


def test_unknown_credit_in_the_dateline_shape_is_kept_as_the_credit():
    d = find_dateline(["SOFIA, March 3 (Meridian Wire) – The government resigned on Monday."])
    assert d is not None and d.place == "SOFIA" and d.agency is None
    assert d.credit == "Meridian Wire"
    # never an agency: the record's agencies are those of the vocabulary only
    news = parse_news("SOFIA, March 3 (Meridian Wire) – The government resigned on Monday.")
    assert news.dateline_agency is None and news.agencies == []


def test_known_agency_has_no_credit_and_labels_are_no_credits():
    assert find_dateline(["MOSCOW, Jan. 24 (Reuters) - Talks began."]).credit is None
    for label in ("UPDATE 1", "VIDEO", "Updated", "corrected"):
        d = find_dateline([f"WASHINGTON, May 2 ({label}) - The senate voted on Monday."])
        assert d is not None and d.credit is None, label
    # ordinary brackets are not a dateline, so nothing is read as a credit
    assert find_dateline(["Paris (the city of light) - a guide to the cafés."]) is None


def test_credit_name_shape():
    assert credit_name("Voice of America") == "Voice of America"
    assert credit_name("Agence  de Presse") == "Agence de Presse"
    assert credit_name("see page 4") is None
    assert credit_name("with reporting by our staff in the capital") is None

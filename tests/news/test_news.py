"""News parts on stories written for newssift: dateline, agencies, credits, byline, quotes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newssift.news.parts import parse_news
from newssift.news.quotes import same_speaker

FIX = Path(__file__).parent / "fixtures"
FARM = Path(__file__).parents[1] / "clean" / "fixtures" / "farm_copy.txt"


@pytest.mark.parametrize(
    ("first_line", "place", "date", "agency"),
    [
        (
            "MOSCOW, Jan.24 (Reuters) – The Kremlin said on Sunday ...",
            "MOSCOW",
            "Jan.24",
            "Reuters",
        ),
        ("WASHINGTON (AP) — The Senate voted on Tuesday ...", "WASHINGTON", None, "AP"),
        (
            "EDEN VALLEY, Minn. — A small town council voted late on Monday to close ...",
            "EDEN VALLEY, Minn.",
            None,
            None,
        ),
        ("Berlin (dpa) - Die Bundesregierung will die Förderung ...", "Berlin", None, "dpa"),
        (
            "PARIS, 5 mars (AFP) - La circulation des trains restait perturbée.",
            "PARIS",
            "5 mars",
            "AFP",
        ),
        ("MADRID, 12 abr (EFE).- Las reservas de agua bajaron.", "MADRID", "12 abr", "EFE"),
        ("New Delhi, Jan 24 (PTI) The government on Sunday said ...", "New Delhi", "Jan 24", "PTI"),
        ("BEIJING, March 3 (Xinhua) -- China's exports grew ...", "BEIJING", "March 3", "Xinhua"),
        # capitals beyond Latin-1 (vocab/letters.py; before session 27 none of these was read)
        ("İSTANBUL (Reuters) — Turkey said on Monday ...", "İSTANBUL", None, "Reuters"),
        ("ŁÓDŹ, Poland — The city council voted on Monday ...", "ŁÓDŹ, Poland", None, None),
        ("ANKARA, Türkiye (Reuters) - The central bank held ...", "ANKARA, Türkiye", None,
         "Reuters"),
    ],
)
def test_datelines(first_line: str, place: str, date: str | None, agency: str | None):
    parts = parse_news(f"A headline for the story\n\n{first_line}\n\nMore text follows here.")
    assert (parts.dateline_place, parts.dateline_date, parts.dateline_agency) == (
        place,
        date,
        agency,
    )


def test_no_dateline_in_ordinary_sentence():
    parts = parse_news("Paris, the city of light, was dark on Tuesday night after a power cut.")
    assert parts.dateline_place is None


def test_agencies_mentioned_and_credited():
    text = (
        "TOKYO, May 2 (Kyodo) - Ministers met on Friday, Xinhua and ANSA reported, "
        "citing officials.\n"
        "The figures were confirmed by the Press Trust of India and by UPI.\n"
        "(Reporting by Ken Sato; additional reporting by EFE and ANI)"
    )
    assert parse_news(text).agencies == ["Kyodo", "Xinhua", "ANSA", "PTI", "UPI", "EFE", "ANI"]


def test_ap_only_as_agency():
    assert (
        parse_news("The AP Stylebook entry changed, said the editor of the AP desk.").agencies == []
    )
    assert parse_news("SEATTLE (AP) — Rain fell.").agencies == ["AP"]


def test_credits_and_note():
    parts = parse_news(FARM.read_text())
    assert parts.credits == "(Erik Dahl, German version Petra Vogel and Jonas Brenner)"
    assert parts.credits_note == "German version"
    assert (parts.dateline_place, parts.dateline_date, parts.dateline_agency) == (
        "OSLOBERG",
        "Feb.11",
        "Reuters",
    )


def test_wire_credits_line():
    text = "Body of the story.\n\n(Reporting by Anna Lind in Oslo; Editing by Peter Marsh)"
    parts = parse_news(text)
    assert parts.credits == "(Reporting by Anna Lind in Oslo; Editing by Peter Marsh)"
    assert parts.credits_note is None


def test_byline():
    parts = parse_news(
        "Council approves free meals\n\nBy Daniel Okoro and Ruth Hale\n\nThe city council ..."
    )
    assert parts.byline == "Daniel Okoro and Ruth Hale"


def test_farm_copy_quotes():
    quotes = parse_news(FARM.read_text()).quotes
    assert [(q.speaker, q.text[:20]) for q in quotes] == [
        ("Ingrid Solberg", "Of course the tram i"),
        ("The opposition", "a gamble with money "),
        ("Ingrid Solberg", "We are not asking fo"),
    ]
    text = FARM.read_text()
    for q in quotes:
        assert text[q.start : q.end].strip() == q.text


def test_scare_quotes_are_not_speech():
    assert parse_news("Police condemned the “harsh tactics” used against them.").quotes == []


def test_quote_attribution_on_annotated_set():
    data = json.loads((FIX / "quotes.json").read_text())
    tp = fp = fn = 0
    for art in data["articles"]:
        quotes = parse_news(art["text"]).quotes
        for snippet, gold in data["gold"][art["id"]]:
            found = [q for q in quotes if snippet in q.text]
            pred = found[0].speaker if found else None
            ok = same_speaker(pred, gold)
            tp += ok
            fp += pred is not None and not ok
            fn += gold is not None and not ok
    assert tp + fn >= 30
    assert tp / (tp + fp) >= 0.9
    assert tp / (tp + fn) >= 0.9


def test_credits_line_among_the_last_ten_non_empty_lines():
    from newssift.news.credits import find_credits

    credit = "(Reporting by Anna Lind; Editing by Peter Marsh)"
    body = [f"Paragraph {k} of the story." for k in range(9)]
    lines = ["Title", "", credit, ""] + [x for b in body for x in (b, "")]
    assert find_credits(lines) == (2, credit)  # ninth non-empty line after it: in reach
    lines += ["One more paragraph."]
    assert find_credits(lines) is None  # now the eleventh from the end

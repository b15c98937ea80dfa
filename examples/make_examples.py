"""Build the bundled examples: a small WARC, a folder of saved pages, a JSONL of articles.

Run ``python -m examples.make_examples`` from the repository root; it rewrites
``examples/sample.warc.gz``, ``examples/html/*.html`` and ``examples/articles.jsonl``
byte for byte the same every time (fixed dates, ids derived from URLs, gzip without
timestamps), so the committed outputs can be checked against this script.

Every story, person, quote and site below is invented for these examples. The wire
agencies are named only because datelines and credits lines name them in real copy, and
newssift must recognise them there. What the examples exercise:

* ``sample.warc.gz``: original wire stories, a near-duplicate syndicated copy of one of
  them, and a content-farm copy of another with the faults newssift exists to show
  (a "See also" link to an unrelated story inside the body, "You May Also Like", an
  "About the Author" box with a generated-style bio, a comment form, a word in another
  script inside the headline, an accent-stripped French word in a subheading, machine-
  translation slips, and a credits line naming a French version); plus a windows-1252
  page declared only in the HTTP header, a Shift_JIS page declared only in a meta tag,
  a PNG, a redirect, request records and the warcinfo record.
* ``html/``: saved pages with typical chrome (navigation, share bar, related links,
  cookie notice, newsletter box, comments), JSON-LD on one page, none on the others.
* ``articles.jsonl``: already-extracted article texts, some with chrome lines left inside,
  one row with ``html`` instead of ``text``.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from bench.warc_build import http_response, warc_record, warcinfo_record, write_warc

HERE = Path(__file__).resolve().parent


# --- the stories ---------------------------------------------------------------------------

FISHERIES = {
    "title": "Norway and the EU resume fishing-quota talks after a two-month freeze",
    "byline": "By Lena Sørvik",
    "date": "2021-02-11",
    "paragraphs": [
        "TROMSØ, Feb. 11 (Reuters) - Norway and the European Union agreed on Thursday to "
        "resume talks on cod and mackerel quotas in the Barents Sea, ending a two-month freeze "
        "that had left trawler crews on both sides idle in port.",
        "The negotiations broke down in December over how to share stocks that have moved "
        "north as the sea warms, a shift both sides say their scientists have documented.",
        "\u201cWe have agreed to sit down again, and to sit down with the same data,\u201d "
        "Norwegian fisheries negotiator Halvard Brekke told reporters after a video call with "
        "his EU counterpart.",
        "An EU spokeswoman, Ilse Marten, said the Commission wanted an interim arrangement "
        "before the spring season opens on March 15.",
        "\u201cNobody gains from boats tied up in harbour,\u201d Marten said. \u201cWe expect "
        "a first result within weeks, not months.\u201d",
        "Fishing groups in northern Norway welcomed the restart but warned that a short-term "
        "deal would not settle the underlying dispute.",
        "The talks are due to resume in Bergen on Feb. 22.",
        "(Reporting by Lena Sørvik; Editing by Tomas Grieg)",
    ],
}

FERRY = {
    "title": "Valmora ferry service to restart after storm repairs, port says",
    "byline": "By Marta Lopes",
    "date": "2021-03-02",
    "paragraphs": [
        "VALMORA, March 2 (AP) - Ferry crossings between Valmora and the island of Cresta "
        "will restart on Monday after three weeks of repairs to a pier damaged in February's "
        "storm, the port authority said on Tuesday.",
        "Engineers replaced forty metres of decking and two mooring posts, working through "
        "the weekend to finish ahead of schedule.",
        "\u201cWe expect the first crossing at seven in the morning, weather permitting,\u201d "
        "said Ana Ferreira, who manages the ferry terminal.",
        "About 2,000 people a day used the crossing before the storm, many of them students "
        "and hospital staff travelling to the mainland.",
        "During the closure the regional government ran extra buses over the southern "
        "bridge, a detour that added more than an hour to each journey.",
        "The port authority said tickets bought for cancelled crossings would be refunded "
        "until the end of April.",
    ],
}

# The same ferry story as a partner site runs it: new headline, a trimmed paragraph,
# one sentence reworded, its own credit line. A near duplicate, not an exact one.
FERRY_SYNDICATED = {
    "title": "Cresta ferry back on Monday as pier repairs finish early",
    "byline": "Associated Press",
    "date": "2021-03-02",
    "paragraphs": [
        "VALMORA, March 2 (AP) - Ferry crossings between Valmora and the island of Cresta "
        "will restart on Monday after three weeks of repairs to a pier damaged in February's "
        "storm, the port authority said on Tuesday.",
        "Engineers replaced forty metres of decking and two mooring posts, working through "
        "the weekend to finish ahead of schedule.",
        "\u201cWe expect the first crossing at seven in the morning, weather permitting,\u201d "
        "said Ana Ferreira, who manages the ferry terminal.",
        "Around 2,000 people a day used the crossing before the storm, many of them students "
        "and hospital staff going to the mainland.",
        "The port authority said tickets bought for cancelled crossings would be refunded "
        "until the end of April.",
        "Copyright 2021 The Associated Press. All rights reserved.",
    ],
}

# The fisheries story after a round trip through machine translation and a content farm.
# Its faults are written for these examples; they imitate, in other words, what the
# motivating page in the project brief shows.
FISHERIES_FARM = {
    "title": "Norway and the EU resume fishing quota वार्ता after freezing of two months",
    "byline": None,
    "date": "2021-02-12",
    "paragraphs": [
        "TROMSØ, Feb.11 (Reuters) \u2013 Norway and the European Union agreed on Thursday "
        "to take back the talks on cod and mackerel quotas in the Barents Sea, which ended a "
        "freezing of two months that had left the trawler teams of both banks idle in port.",
        "The negotiations had broken in December on the way of sharing the stocks that have "
        "moved north while the sea heats, a displacement that both parties say their "
        "scientists documented.",
        "\u201cWe agreed to sit again, and to sit with the same data\u201d, the Norwegian "
        "negotiator of fishing Halvard Brekke has declared to journalists after a video call "
        "with his counterpart European.",
        "Negotiations BLOQUEES",
        "See also  Bitcoin Surges Past Key Level As Analysts Eye Record Month For Altcoins",
        "A spokeswoman of the EU, Ilse Marten, said the Commission wished a provisional "
        "arrangement before the spring campaign opens on March 15.",
        "\u201cNobody wins with boats attached in the harbour. We wait a first result in "
        "weeks, not in months. Is.\u201d, She said.",
        "The groups of fishing of the north of Norway welcomed the resumption but warned that "
        "a short agreement would not regulate the dispute of the bottom.",
        "The talks must take back in Bergen on February 22.",
        "See also  Prince Harry Visits Children's Hospital In Surprise Weekend Trip",
        "(Reporting by Lena Sørvik; French version by Claire Davout and Hugo Mercier)",
    ],
    "farm_tail": [
        "You May Also Like",
        "About the Author: Derek Hollins",
        "Coffee fan. Devoted music scholar. Web expert. Total bacon nerd. Friendly travel "
        "evangelist. Tv geek.",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
    ],
}

LIBRARY_CP1252 = {
    "title": "Vieux-Port library reopens with a café and longer hours",
    "byline": "By Hélène Garçon",
    "date": "2021-04-06",
    "paragraphs": [
        "The Vieux-Port municipal library reopened on Tuesday after an eighteen-month "
        "renovation that added a café, a children\u2019s reading room and Sunday opening.",
        "\u201cPeople told us they wanted a place to stay, not just to borrow,\u201d said "
        "the head librarian, René Dufrêne.",
        "The city paid \u20ac4.2 million for the work, about a quarter of it from a regional "
        "heritage fund.",
        "The library will open from 9 a.m. to 9 p.m. on weekdays and from noon on Sundays.",
        "Architects kept the 1920s reading hall and its painted ceiling, which had been "
        "hidden behind a false ceiling since the 1970s.",
        "A new lift and ramps make all three floors accessible for the first time.",
        "Membership remains free for residents, and visitors from outside the city can join "
        "for €10 a year.",
        "The café is run by a local cooperative that trains young people for jobs in "
        "catering.",
        "On its first morning, more than 600 people came through the doors, staff said.",
    ],
}

JAPANESE_SJIS = {
    "title": "港町の図書館、改装を終えて再開",
    "byline": None,
    "date": "2021-04-07",
    "paragraphs": [
        "【東京】港区の市立図書館が七日、一年半にわたる改装工事を終えて再開した。",
        "新しい閲覧室には子ども向けの本棚とカフェが設けられ、日曜日の開館も始まった。",
        "館長は「長く過ごせる場所にしたかった」と話した。",
        "工事では一九二〇年代の閲覧室の天井画が修復され、四十年ぶりに公開された。",
        "エレベーターとスロープが新設され、全ての階を車いすで利用できるようになった。",
        "初日の午前中だけで六百人以上が訪れたという。",
        "市は改装費として約五億円を支出した。",
    ],
}

# --- page templates ------------------------------------------------------------------------


def _paras(paragraphs: list[str]) -> str:
    return "\n".join(f"    <p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


def news_page(story: dict, site: str, url: str, *, charset: str = "utf-8",
              meta_charset: bool = True, extra_head: str = "") -> str:
    """A news page with the chrome most sites put around an article."""
    byline = f'<p class="byline">{html.escape(story["byline"])}</p>' if story["byline"] else ""
    tail = ""
    if story.get("farm_tail"):
        t = story["farm_tail"]
        tail = f"""
  <section class="related"><h3>{t[0]}</h3>
    <ul><li><a href="/crypto-coins-rally">Five coins to watch this week</a></li>
    <li><a href="/celebrity-diet">The diet every star is talking about</a></li></ul>
  </section>
  <div class="author-box"><h4>{t[1]}</h4><p>{t[2]}</p></div>
  <div id="respond"><h3>{t[3]}</h3><p>{t[4]}</p>
    <form><textarea name="comment"></textarea><input name="author">
    <button>Post Comment</button></form>
  </div>"""
    meta = f'<meta charset="{charset}">' if meta_charset else ""
    return f"""<!DOCTYPE html>
<html lang="{story.get("lang", "en")}">
<head>
{meta}
<title>{html.escape(story["title"])} | {site}</title>
<link rel="canonical" href="{url}">
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{story["date"]}T09:00:00Z">{extra_head}
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a>
<a href="/sport">Sport</a> <a href="/subscribe">Subscribe</a></nav></header>
<main>
<article>
  <h1>{html.escape(story["title"])}</h1>
  {byline}
  <time datetime="{story["date"]}">{story["date"]}</time>
  <div class="share">Share: <a href="#">Facebook</a> <a href="#">Twitter</a>
    <a href="#">Email</a></div>
  <div class="article-body">
{_paras(story["paragraphs"])}
  </div>
</article>{tail}
</main>
<footer><p>&copy; 2021 {site}. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body>
</html>
"""


# --- sample.warc.gz ------------------------------------------------------------------------


def _request(uri: str, date: str) -> bytes:
    host = uri.split("/")[2]
    path = "/" + uri.split("/", 3)[3]
    block = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: newssift-example\r\n\r\n"
    return warc_record(
        block.encode(), uri=uri, date=date, record_type="request",
        content_type="application/http; msgtype=request",
    )


def _png() -> bytes:
    """A tiny valid 1x1 grey PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00\x80", 9)) + chunk(b"IEND", b""))


def build_warc(path: Path) -> None:
    pages = [
        ("https://www.northsea-courier.example/world/2021/02/11/norway-eu-fishing-talks",
         "North Sea Courier", FISHERIES, "utf-8", True, "2021-02-11T14:05:00Z"),
        ("https://www.valmora-post.example/local/ferry-service-restart",
         "Valmora Post", FERRY, "utf-8", True, "2021-03-02T11:20:00Z"),
        ("https://news.island-herald.example/2021/03/02/cresta-ferry-back-monday",
         "Island Herald", FERRY_SYNDICATED, "utf-8", True, "2021-03-02T16:45:00Z"),
        ("https://dailytrendz-news.example/norway-and-the-eu-resume-fishing-quota-talks",
         "Daily Trendz News", FISHERIES_FARM, "utf-8", True, "2021-02-12T03:10:00Z"),
        ("https://www.vieuxport-journal.example/culture/library-reopens",
         "Vieux-Port Journal", LIBRARY_CP1252, "windows-1252", False, "2021-04-06T08:30:00Z"),
        ("https://www.minato-shimbun.example/local/library-2021-04-07",
         "Minato Shimbun", {**JAPANESE_SJIS, "lang": "ja"}, "Shift_JIS", True,
         "2021-04-07T02:00:00Z"),
    ]
    records = [warcinfo_record("newssift examples/make_examples.py", "2021-04-07T03:00:00Z")]
    for url, site, story, charset, in_meta, date in pages:
        body = news_page(story, site, url, charset=charset, meta_charset=in_meta)
        # windows-1252 is declared only in the HTTP header, Shift_JIS only in the page
        header_type = f"text/html; charset={charset}" if not in_meta else "text/html"
        records.append(_request(url, date))
        records.append(warc_record(
            http_response(body.encode(charset), header_type), uri=url, date=date
        ))
    image = "https://www.valmora-post.example/img/pier.png"
    records.append(warc_record(http_response(_png(), "image/png"), uri=image,
                               date="2021-03-02T11:20:01Z"))
    old = "https://www.valmora-post.example/ferry"
    records.append(warc_record(
        http_response(b"", "text/html", status="301 Moved Permanently",
                      extra_headers=[("Location", pages[1][0])]),
        uri=old, date="2021-03-02T11:19:59Z",
    ))
    write_warc(path, records)


# --- html/ ---------------------------------------------------------------------------------

FESTIVAL = {
    "title": "Harbour festival draws record crowd despite the rain",
    "byline": "By Tomás Rivera",
    "date": "2021-07-18",
    "paragraphs": [
        "More than 40,000 people came to the Valmora harbour festival on Saturday, organisers "
        "said, a record for the event in its twelfth year.",
        "Heavy showers in the afternoon did little to thin the crowds along the quay, where "
        "fishing crews opened their boats to visitors.",
        "\u201cWe ran out of umbrellas before we ran out of sardines,\u201d said Rita Nunes, "
        "who has grilled fish at the festival since it began.",
        "The city council said it would study moving part of the programme indoors next year.",
        "Traffic on the coast road was backed up for several kilometres by early evening, "
        "and the police asked visitors to use the shuttle buses from the station.",
        "Local restaurants reported their busiest day of the year, with some closing their "
        "kitchens early after running out of food.",
        "The festival ends on Sunday with a procession of decorated boats across the bay.",
        "Organisers said about a third of visitors came from outside the region, many of them "
        "on day trips from the capital.",
    ],
}

BUDGET = {
    "title": "Council approves budget with more money for school buses",
    "byline": "By Joan Whitaker, Local Democracy Reporter",
    "date": "2021-02-25",
    "paragraphs": [
        "Eastbrook council approved its budget for the coming year on Thursday night, adding "
        "£1.1 million for school transport after parents complained about overcrowded buses.",
        "The budget passed by 31 votes to 12 after a debate that ran for almost four hours.",
        "Council leader Priya Nandakumar said the extra buses would run from September.",
        "Opposition councillors said the money should have come from reserves rather than a "
        "rise in parking charges.",
        "Parking in the town centre will cost 20 pence more per hour from April.",
        "The budget also funds two new social workers and repairs to the leisure centre roof, "
        "which has leaked since the winter.",
        "Parents who had petitioned the council watched the debate from the public gallery.",
        "“It took two hundred signatures and a lot of evenings, but the buses are coming,” "
        "said Claire Holt, who started the petition.",
        "The council will publish the new bus timetable in the summer.",
    ],
}

STORM = {
    "title": "Storm warning issued for the northern coast",
    "byline": None,
    "date": "2021-11-03",
    "paragraphs": [
        "The national weather service issued an orange warning for the northern coast on "
        "Wednesday, forecasting gusts of up to 110 km/h overnight.",
        "Ferry operators said sailings after 6 p.m. were likely to be cancelled.",
        "Residents were told to secure loose objects and avoid the seafront.",
        "Schools in three coastal districts will open two hours late on Thursday.",
        "The warning is the second this month, after a storm in late October brought down "
        "power lines and closed the coast road for a day.",
        "Electricity companies said repair crews had been moved north in advance.",
        "Forecasters expect the wind to ease by Thursday afternoon, with heavy rain moving "
        "inland.",
    ],
}


def festival_page() -> str:
    url = "https://www.valmora-post.example/culture/harbour-festival-record"
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": FESTIVAL["title"],
        "datePublished": "2021-07-18T19:30:00+01:00",
        "author": {"@type": "Person", "name": "Tomás Rivera"},
        "publisher": {"@type": "Organization", "name": "Valmora Post"},
        "mainEntityOfPage": url,
    }
    head = ('\n<script type="application/ld+json">' + json.dumps(ld, ensure_ascii=False)
            + "</script>")
    page = news_page(FESTIVAL, "Valmora Post", url, extra_head=head)
    cookie = ('<div class="cookie-banner">We use cookies to improve your experience. '
              '<button>Accept all</button> <a href="/cookies">Manage settings</a></div>\n')
    related = ('<aside class="related"><h3>Related stories</h3><ul>'
               '<li><a href="/sardine-season">Sardine season opens early</a></li>'
               '<li><a href="/quay-works">Quay works to finish by June</a></li></ul></aside>\n')
    return page.replace("<body>\n", "<body>\n" + cookie).replace("</main>", related + "</main>")


def budget_page() -> str:
    url = "https://www.eastbrook-gazette.example/news/council-budget-school-buses"
    page = news_page(BUDGET, "Eastbrook Gazette", url)
    newsletter = ('<div class="newsletter"><h3>Get the morning briefing</h3>'
                  '<p>Sign up for our free daily newsletter.</p><input type="email">'
                  "<button>Sign up</button></div>\n")
    return page.replace("</article>", "</article>\n" + newsletter)


def storm_page() -> str:
    url = "https://coastline-news.example/weather/storm-warning-north"
    page = news_page(STORM, "Coastline News", url)
    comments = ('<section class="comments"><h3>3 comments</h3>'
                "<p>Stay safe everyone!</p><p>Not again, the ferry was cancelled last week too."
                "</p><p>Thanks for the update.</p></section>\n")
    return page.replace("</main>", comments + "</main>")


# --- articles.jsonl ------------------------------------------------------------------------


def jsonl_rows() -> list[dict]:
    def text(story: dict, before: list[str] = (), after: list[str] = ()) -> str:
        return "\n\n".join([story["title"], *before, *story["paragraphs"], *after])

    return [
        {"id": "ex-fisheries", "url": "https://www.northsea-courier.example/fisheries",
         "date": "2021-02-11T14:05:00Z", "text": text(FISHERIES)},
        {"id": "ex-ferry", "url": "https://www.valmora-post.example/ferry",
         "date": "2021-03-02T11:20:00Z",
         "text": text(FERRY, before=["Share this article"],
                      after=["Read more: Pier repairs to cost more than planned",
                             "Subscribe to our newsletter for the latest local news."])},
        {"id": "ex-ferry-copy", "url": "https://news.island-herald.example/cresta-ferry",
         "text": text(FERRY_SYNDICATED)},
        {"id": "ex-farm", "url": "https://dailytrendz-news.example/fishing-quota",
         "date": "2021-02-12T03:10:00Z",
         "text": text(FISHERIES_FARM, after=FISHERIES_FARM["farm_tail"])},
        {"id": "ex-budget", "text": text(BUDGET, after=["Most read", "Advertisement"])},
        {"id": "ex-storm-html", "url": "https://coastline-news.example/weather/storm",
         "html": storm_page()},
    ]


def main(out: Path = HERE) -> None:
    """Write the examples into ``out`` (the examples folder by default)."""
    build_warc(out / "sample.warc.gz")
    (out / "html").mkdir(parents=True, exist_ok=True)
    for name, page in (("harbour-festival.html", festival_page()),
                       ("council-budget.html", budget_page()),
                       ("storm-warning.html", storm_page())):
        (out / "html" / name).write_text(page, encoding="utf-8", newline="\n")
    with open(out / "articles.jsonl", "w", encoding="utf-8", newline="\n") as fh:
        for row in jsonl_rows():
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    import sys

    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)

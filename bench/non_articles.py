"""A labelled set of pages that are not articles, built from the bench sets at run time.

Why generated: no public set labels news-site pages as "not an article", and the bench
sets hold only articles. So this module turns what we have into the pages a news crawl
meets besides articles, each labelled with its kind; nothing is stored in the repository
(the headlines and sentences come from ../shared/benchmarks and are written into a
temporary folder by :func:`build`). Kinds, and what each page holds:

- ``section_front``: a section front of one site: navigation, a section title, 8-20
  teasers (headline link, first sentence, date) of that site's articles, a footer;
- ``tag_page``: "Articles tagged X": headline links only, pagination;
- ``search_page``: "Search results for X", a result count, results (headline + snippet);
- ``error_page``: a 404 page (English, German, French, Spanish, Finnish, Swedish) with a
  search box and "most read" headlines;
- ``paywall_stub``: headline, byline, the first sentence of a real article, then the
  subscription box;
- ``cookie_wall``: a consent wall (six languages) and nothing else;
- ``gallery``: a photo gallery: headline, "Photo n of N" and short captions, no text;
- ``video_page``: a video page: headline, player text, a one-line description and a
  "more videos" list.

Headlines and sentences come from naeb (English, many sites), aeb (its few CJK pages
included) and the Turku documents (de, es, fi, fr, sv: the first line is the headline).
Every page belongs to a *site* (its source site, or a Turku language and document); the
split into a tuning part and a held-out part is by a hash of the site, so one site's
pages never sit on both sides. The templates are ours and are the same on both sides:
the held-out part shows generalisation over sites and languages, not over templates
(the set's limit, stated in docs/bench/policy.md).

    python -m bench.non_articles --data ../shared/benchmarks --out /tmp/non_articles
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from bench._truth import aeb_truth, naeb_items

KINDS = ("section_front", "tag_page", "search_page", "error_page", "paywall_stub",
         "cookie_wall", "gallery", "video_page")
PER_KIND = {"section_front": 80, "tag_page": 40, "search_page": 40, "error_page": 36,
            "paywall_stub": 40, "cookie_wall": 30, "gallery": 40, "video_page": 30}


@dataclass(frozen=True)
class Story:
    site: str
    lang: str
    title: str
    first: str  # first sentence of the body
    date: str


@dataclass(frozen=True)
class Page:
    path: Path
    kind: str
    site: str
    lang: str
    part: str  # "tune" or "held-out"


def part_of(site: str) -> str:
    """The split: a stable hash of the site (about half of the sites each side)."""
    return "tune" if hashlib.sha1(site.encode()).digest()[0] % 2 == 0 else "held-out"


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    m = re.match(r"(.{40,220}?[.!?。])(\s|$)", text)
    return (m.group(1) if m else text[:160].rsplit(" ", 1)[0]).strip()


def stories(data: Path) -> list[Story]:
    ext = data / "extraction"
    out: list[Story] = []
    for x in naeb_items(ext / "naeb", required=True):
        if x.get("title") and x.get("text"):
            out.append(Story(urlparse(x["site"]).netloc or x["site"], "en", x["title"].strip(),
                             _first_sentence(x["text"]), x.get("date") or "2023-01-01"))
    truth = aeb_truth(ext / "aeb", required=True)
    for _k, v in sorted(truth.items()):
        lines = [ln.strip() for ln in v["articleBody"].splitlines() if ln.strip()]
        if len(lines) >= 2:
            out.append(Story(urlparse(v["url"]).netloc, "xx", lines[0][:120],
                             _first_sentence(" ".join(lines[1:3])), "2019-11-20"))
    for lang_dir in sorted((data / "lines" / "turku").glob("*")):
        for split in ("dev.json", "train.json"):
            path = lang_dir / split
            if not path.exists():
                continue
            for i, doc in enumerate(json.loads(path.read_text(encoding="utf-8"))):
                lines = [t.strip() for t, lab in zip(doc["text"], doc["labels"], strict=False)
                         if lab == "1" and len(t.strip()) > 25]
                if len(lines) >= 2:
                    out.append(Story(f"turku-{lang_dir.name}-{split[:-5]}-{i // 10}",
                                     lang_dir.name, lines[0][:110], _first_sentence(lines[1]),
                                     "2021-05-04"))
    return out


_NAV = ("Home", "World", "Politics", "Business", "Markets", "Tech", "Science", "Sport",
        "Culture", "Opinion", "Video", "Podcasts")
_FOOTER = ("About us · Contact · Careers · Advertise · Terms of use · Privacy policy · "
           "Cookie settings · © 2024 {site}. All rights reserved.")
_404 = {
    "en": ("Page not found", "Sorry, the page you are looking for does not exist or has been "
           "moved.", "Most read"),
    "de": ("Seite nicht gefunden", "Die von Ihnen gesuchte Seite existiert leider nicht oder "
           "wurde verschoben.", "Meistgelesen"),
    "fr": ("Page introuvable", "Désolé, la page que vous recherchez n'existe pas ou a été "
           "déplacée.", "Les plus lus"),
    "es": ("Página no encontrada", "Lo sentimos, la página que busca no existe o ha sido "
           "trasladada.", "Lo más leído"),
    "fi": ("Sivua ei löytynyt", "Valitettavasti etsimääsi sivua ei ole olemassa tai se on "
           "siirretty.", "Luetuimmat"),
    "sv": ("Sidan kunde inte hittas", "Tyvärr finns sidan du letar efter inte eller så har "
           "den flyttats.", "Mest läst"),
}
_COOKIE = {
    "en": ("We value your privacy", "We and our partners use cookies and similar technologies "
           "to store and access information on your device, to personalise content and ads, "
           "to provide social media features and to analyse our traffic. You can accept all "
           "cookies or manage your preferences at any time.", ("Accept all", "Reject all",
                                                               "Manage preferences")),
    "de": ("Wir schätzen Ihre Privatsphäre", "Wir und unsere Partner verwenden Cookies und "
           "ähnliche Technologien, um Informationen auf Ihrem Gerät zu speichern und abzurufen, "
           "Inhalte und Anzeigen zu personalisieren und unseren Datenverkehr zu analysieren.",
           ("Alle akzeptieren", "Ablehnen", "Einstellungen")),
    "fr": ("Nous respectons votre vie privée", "Nos partenaires et nous utilisons des cookies "
           "et des technologies similaires pour stocker et accéder à des informations sur votre "
           "appareil, personnaliser le contenu et les publicités et analyser notre trafic.",
           ("Tout accepter", "Tout refuser", "Paramétrer")),
    "es": ("Valoramos tu privacidad", "Nosotros y nuestros socios utilizamos cookies y "
           "tecnologías similares para almacenar y acceder a información en tu dispositivo, "
           "personalizar contenidos y anuncios y analizar nuestro tráfico.",
           ("Aceptar todo", "Rechazar", "Configurar")),
    "fi": ("Arvostamme yksityisyyttäsi", "Me ja kumppanimme käytämme evästeitä ja vastaavia "
           "tekniikoita tietojen tallentamiseen laitteellesi, sisällön ja mainosten "
           "personointiin sekä liikenteen analysointiin.", ("Hyväksy kaikki", "Hylkää",
                                                            "Asetukset")),
    "sv": ("Vi värnar om din integritet", "Vi och våra partner använder kakor och liknande "
           "tekniker för att lagra och komma åt information på din enhet, anpassa innehåll och "
           "annonser och analysera vår trafik.", ("Godkänn alla", "Avvisa", "Inställningar")),
}
_PAYWALL = {
    "en": "Subscribe to continue reading. Get unlimited access to our journalism for $1 a "
          "week. Already a subscriber? Log in.",
    "de": "Jetzt abonnieren und weiterlesen. Bereits Abonnent? Hier anmelden.",
    "fr": "Abonnez-vous pour lire la suite. Déjà abonné ? Connectez-vous.",
    "es": "Suscríbete para seguir leyendo. ¿Ya eres suscriptor? Inicia sesión.",
    "fi": "Tilaa ja jatka lukemista. Oletko jo tilaaja? Kirjaudu sisään.",
    "sv": "Prenumerera för att läsa vidare. Redan prenumerant? Logga in.",
}


def _lang(story: Story) -> str:
    return story.lang if story.lang in _404 else "en"


def _head(title: str, lang: str) -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title></head><body>")


def _nav(site: str) -> str:
    items = "".join(f'<li><a href="/{n.lower()}/">{n}</a></li>' for n in _NAV)
    return (f'<header><a class="logo" href="/">{html.escape(site)}</a><nav><ul>{items}</ul>'
            '</nav><form action="/search"><input name="q"><button>Search</button></form>'
            "</header>")


def _foot(site: str) -> str:
    return f"<footer><p>{html.escape(_FOOTER.format(site=site))}</p></footer></body></html>"


def _link(s: Story, i: int) -> str:
    slug = re.sub(r"\W+", "-", s.title.lower()).strip("-")[:60] or f"story-{i}"
    return f'<a href="/{s.date[:4]}/{slug}-{i}">{html.escape(s.title)}</a>'


def _page(kind: str, site: str, group: list[Story], rng: random.Random) -> str:
    s0 = group[0]
    lang = _lang(s0)
    e = html.escape
    if kind == "section_front":
        section = rng.choice(_NAV[1:9])
        items = "".join(
            f"<article><h2>{_link(s, i)}</h2><p>{e(s.first)}</p><time>{s.date}</time></article>"
            for i, s in enumerate(group)
        )
        body = f"<main><h1>{section}</h1>{items}</main>"
    elif kind == "tag_page":
        tag = rng.choice(s0.title.split()[:4] or ["news"])
        items = "".join(f"<li>{_link(s, i)}</li>" for i, s in enumerate(group))
        body = (f"<main><h1>Articles tagged: {e(tag)}</h1><ul>{items}</ul>"
                '<nav class="pages"><a href="?page=2">Next page</a> 1 2 3 … 9</nav></main>')
    elif kind == "search_page":
        q = " ".join(s0.title.split()[:2])
        items = "".join(
            f"<li><h3>{_link(s, i)}</h3><p>{e(' '.join(s.first.split()[:18]))} …</p>"
            f"<span>{s.date}</span></li>" for i, s in enumerate(group)
        )
        body = (f'<main><h1>Search results for "{e(q)}"</h1>'
                f"<p>Showing 1-{len(group)} of {rng.randint(40, 900)} results</p>"
                f"<ol>{items}</ol></main>")
    elif kind == "error_page":
        title, text, most = _404[lang]
        items = "".join(f"<li>{_link(s, i)}</li>" for i, s in enumerate(group[:6]))
        body = (f"<main><h1>404 · {title}</h1><p>{text}</p><form action='/search'>"
                f"<input name='q'></form><h2>{most}</h2><ol>{items}</ol></main>")
    elif kind == "paywall_stub":
        author = rng.choice(("Staff writer", "By our correspondent", "By Alex Morgan"))
        body = (f"<main><article><h1>{e(s0.title)}</h1><p class='byline'>{author}</p>"
                f"<time>{s0.date}</time><p>{e(s0.first)}</p>"
                f"<div class='paywall'><p>{_PAYWALL[lang]}</p><a href='/subscribe'>"
                "Subscribe</a></div></article></main>")
    elif kind == "cookie_wall":
        title, text, buttons = _COOKIE[lang]
        btns = "".join(f"<button>{b}</button>" for b in buttons)
        return (_head(site, lang) + f"<div class='consent'><h2>{title}</h2><p>{text}</p>"
                f"{btns}</div></body></html>")
    elif kind == "gallery":
        n = len(group)
        caps = "".join(
            f"<figure><img src='/img/{i}.jpg' alt=''><figcaption>Photo {i + 1} of {n}: "
            f"{e(' '.join(s.title.split()[:7]))}</figcaption></figure>"
            for i, s in enumerate(group)
        )
        body = f"<main><h1>In pictures: {e(s0.title)}</h1>{caps}</main>"
    else:  # video_page
        items = "".join(f"<li>{_link(s, i)}</li>" for i, s in enumerate(group[1:9]))
        body = (f"<main><h1>Video: {e(s0.title)}</h1><div class='player'>Your browser does not "
                "support this video. 02:14</div>"
                f"<p>{e(' '.join(s0.first.split()[:14]))}</p><h2>More videos</h2>"
                f"<ul>{items}</ul></main>")
    return _head(s0.title, lang) + _nav(site) + body + _foot(site)


def build(data: Path, dest: Path, seed: int = 14) -> list[Page]:
    """Write the set into ``dest`` (one .html file per page); return the labels."""
    rng = random.Random(seed)
    pool = stories(data)
    by_site: dict[str, list[Story]] = {}
    for s in pool:
        by_site.setdefault(s.site, []).append(s)
    sites = sorted(by_site)
    dest.mkdir(parents=True, exist_ok=True)
    pages: list[Page] = []
    for kind in KINDS:
        for j in range(PER_KIND[kind]):
            site = sites[rng.randrange(len(sites))]
            own = by_site[site]
            # a site's own stories first, then others of the same language
            same = [s for s in pool if s.lang == own[0].lang and s.site != site]
            n = rng.randint(8, 20)
            group = (own + rng.sample(same, min(len(same), n)))[:n]
            path = dest / f"{kind}-{j:03d}.html"
            path.write_text(_page(kind, site, group, rng), encoding="utf-8")
            pages.append(Page(path, kind, site, own[0].lang, part_of(site)))
    (dest / "labels.json").write_text(json.dumps(
        {p.path.name: {"kind": p.kind, "site": p.site, "lang": p.lang, "part": p.part}
         for p in pages}, indent=1) + "\n", encoding="utf-8")
    return pages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="../shared/benchmarks", type=Path)
    ap.add_argument("--out", required=True, type=Path)
    args = ap.parse_args()
    pages = build(args.data, args.out)
    print(f"{len(pages)} pages in {args.out}")


if __name__ == "__main__":
    main()

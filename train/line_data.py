"""Line labels for the line model, derived from extraction sets whose licence lets a model ship.

The sets are aeb (Scrapinghub's article-extraction-benchmark, MIT) and naeb (newspaper4k's
article-extraction-dataset, Apache-2.0) in ../shared/benchmarks/extraction: each page has its
HTML and the article text a person marked as the page's content. A page gives several texts
whose lines are labelled against that ground truth:

* resiliparse's whole-page text (library defaults: comments and alt texts on) — the general
  web-text case, full of menus, footers, related lists;
* resiliparse's main-content text (the benchmarks README's settings) — chrome that survives a
  good extractor, what the news mode sees;
* newssift's own extractor body — the chrome it lets through.

A line is **clean** (label 0) when the ground truth holds it: at least half of its 4-token
shingles occur in the article, or, for a line under four tokens, it equals a whole line of the
article. It is **noise** (label 1) when at most a fifth of its shingles occur (or, short, its
tokens do not occur in the article in that order at all). Lines in between, short lines found
inside an article paragraph, and the page's own title (absent from aeb's ground truth, so it
would be mislabelled noise) are left out: the model learns nothing from an unsure label.

Split by **site** (the URL's host without ``www.``; naeb's ``site`` field), hashed with xxhash:
``train`` (half the sites), ``tune`` and ``test`` (a quarter each). The trainer fits on train
and picks the web-mode threshold on tune; the cleaning bench scores tune and test pages only,
so it never scores a page (or a site) the model was trained on.

No data is copied into the project: the labels are rebuilt from ../shared on each run (and
cached under the system temp folder, keyed by this file's content, to save minutes).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import pickle
import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

import xxhash

from newssift.clean.repair import normalise_line, repair

_TOKEN = re.compile(r"\w+")

#: Split of the site hash (mod 4): 0 and 1 train, 2 tune, 3 test.
SPLITS = {0: "train", 1: "train", 2: "tune", 3: "test"}


@dataclass(slots=True)
class Page:
    """One page of aeb or naeb: its set, id, site, split, ground-truth article and HTML path."""

    set: str
    id: str
    site: str
    split: str
    truth: str
    html: Path
    title: str | None = None


def site_of(url: str) -> str:
    host = (urlsplit(url).hostname or url).lower()
    return host[4:] if host.startswith("www.") else host


def split_of(site: str) -> str:
    return SPLITS[xxhash.xxh32_intdigest(site.encode()) % 4]


def pages(data: Path, sets: tuple[str, ...] = ("aeb", "naeb")) -> list[Page]:
    """Every page of the sets under ``data`` (the benchmarks folder), with its split."""
    out: list[Page] = []
    for name in sets:
        root = data / "extraction" / name
        if name == "aeb":
            gt = json.loads((root / "ground-truth.json").read_text())
            for k, v in sorted(gt.items()):
                site = site_of(v.get("url") or k)
                html = root / "html" / f"{k}.html.gz"
                out.append(Page(name, k, site, split_of(site), v["articleBody"], html))
        elif name == "naeb":
            for v in json.loads((root / "news_articles.json").read_text()):
                p = root / "html" / f"{v['html_file']}.html.gz"
                if p.exists():
                    site = site_of(v.get("site") or v.get("link") or "")
                    out.append(
                        Page(name, str(v["id"]), site, split_of(site), v["text"], p, v.get("title"))
                    )
    return out


def read_html(page: Page) -> str:
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    with gzip.open(page.html, "rb") as f:
        raw = f.read()
    return bytes_to_str(raw, detect_encoding(raw))


def page_texts(page: Page) -> dict[str, str]:
    """The texts of a page the labels are drawn from, by source name."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    from newssift.extract.article import extract

    html = read_html(page)
    tree = HTMLTree.parse(html)
    out = {
        "rp_whole": extract_plain_text(tree, main_content=False),
        "rp_main": extract_plain_text(tree, main_content=True, comments=False, alt_texts=False),
    }
    try:
        art = extract(html)
        out["newssift"] = art.text or ""
        if page.title is None and art.title:
            page.title = art.title
    except Exception:  # a page the extractor cannot read gives no labels
        out["newssift"] = ""
    return out


def _toks(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


class Truth:
    """The ground-truth article, indexed for the labelling tests."""

    def __init__(self, text: str) -> None:
        toks = _toks(text)
        self.shingles = {tuple(toks[i : i + 4]) for i in range(len(toks) - 3)}
        self.lines = {tuple(_toks(x)) for x in text.splitlines() if x.strip()}
        self.joined = " " + " ".join(toks) + " "

    def label(self, line: str) -> int | None:
        """0 clean, 1 noise, None unsure."""
        t = _toks(line)
        if not t:
            return None
        if len(t) >= 4:
            sh = [tuple(t[i : i + 4]) for i in range(len(t) - 3)]
            share = sum(s in self.shingles for s in sh) / len(sh)
            if share >= 0.5:
                return 0
            return 1 if share <= 0.2 else None
        if tuple(t) in self.lines:
            return 0
        return None if (" " + " ".join(t) + " ") in self.joined else 1


def labelled_docs(page: Page) -> list[tuple[str, list[str], list[int | None]]]:
    """(source, lines, labels) per text of a page; lines repaired and normalised as in clean."""
    truth = Truth(page.truth)
    texts = page_texts(page)
    title = tuple(_toks(page.title or "")) or None
    out = []
    for source, text in texts.items():
        lines = [normalise_line(repair(x)) for x in text.splitlines()]
        lines = [x for x in lines if x]
        if not lines:
            continue
        labels = [None if title and tuple(_toks(x)) == title else truth.label(x) for x in lines]
        out.append((source, lines, labels))
    return out


def build(data: Path, sets: tuple[str, ...] = ("aeb", "naeb")) -> list[tuple[Page, list]]:
    """Every page with its labelled texts; cached in the temp folder by this file's hash."""
    key = hashlib.sha1(Path(__file__).read_bytes() + str(data.resolve()).encode()).hexdigest()[:12]
    cache = Path(tempfile.gettempdir()) / f"newssift-line-data-{'-'.join(sets)}-{key}.pkl"
    if cache.exists():
        rows = pickle.loads(cache.read_bytes())
        return [(Page(**{**fields, "html": Path(fields["html"])}), docs) for fields, docs in rows]
    out = [(p, labelled_docs(p)) for p in pages(data, sets)]
    rows = [({**asdict(p), "html": str(p.html)}, docs) for p, docs in out]
    cache.write_bytes(pickle.dumps(rows))
    return out


if __name__ == "__main__":
    import argparse
    from collections import Counter

    ap = argparse.ArgumentParser(description="Summarise the derived line labels.")
    ap.add_argument("--data", type=Path, default=Path("../shared/benchmarks"))
    args = ap.parse_args()
    built = build(args.data)
    c: Counter = Counter()
    for p, docs in built:
        for source, _, labels in docs:
            for lab in labels:
                c[(p.split, source, lab)] += 1
    for k in sorted(c, key=str):
        print(k, c[k])
    print("pages per split", Counter(p.split for p, _ in built))
    print("sites per split", Counter(split_of(s) for s in {p.site for p, _ in built}))

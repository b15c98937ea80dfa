"""Line labels for the line model, derived from extraction sets whose licence lets a model ship.

The sets are aeb (Scrapinghub's article-extraction-benchmark, MIT) and naeb (newspaper4k's
article-extraction-dataset, Apache-2.0) in ../shared/benchmarks/extraction: each page has its
HTML and the article text a person marked as the page's content. A page gives several texts
whose lines are labelled against that ground truth:

* resiliparse's whole-page text (library defaults: comments and alt texts on) — the general
  web-text case, full of menus, footers, related lists;
* resiliparse's main-content text (the benchmarks README's settings) — chrome that survives a
  good extractor, what the news mode sees;
* newssift's own extractor body — the chrome it lets through. The body comes from the
  extractor *as it was* at :data:`EXTRACTOR_COMMIT` (the commit lines_v4 was trained at), read
  out of the repository's history with ``git archive`` and run in a child process: the
  extractor keeps changing, and labels that followed it would make a retrain drift from the
  shipped model (they did: 86,721 labelled lines against v4's 86,650).

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
cached under the system temp folder, keyed by this file's content, the extractor commit and the
resiliparse version, to save minutes).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import pickle
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

import xxhash

from newssift.clean.repair import normalise_line, repair

_TOKEN = re.compile(r"\w+")

#: Split of the site hash (mod 4): 0 and 1 train, 2 tune, 3 test.
SPLITS = {0: "train", 1: "train", 2: "tune", 3: "test"}

#: The commit whose extractor gives the "newssift" texts (and aeb's titles): lines_v4's. A
#: later extractor gives other bodies, so other labels and other weights; pinning it lets the
#: trainer rebuild the shipped file exactly. Move it on only with a retrained, shipped model.
EXTRACTOR_COMMIT = "ed171a000882cdf436381932c0494fd29099da9a"


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


#: The extraction sets whose licence lets a shipped model train on them (module docstring).
#: Sets marked measurement only in ../shared/benchmarks/README.md (the Turku lines, PolNeAR)
#: and those without a licence that allows it (dragnet, cleaneval) are never read here.
SHIPPABLE_SETS = ("aeb", "naeb")


def pages(data: Path, sets: tuple[str, ...] = SHIPPABLE_SETS) -> list[Page]:
    """Every page of the sets under ``data`` (the benchmarks folder), with its split; a set
    outside :data:`SHIPPABLE_SETS` is refused."""
    if not set(sets) <= set(SHIPPABLE_SETS):
        raise ValueError(f"line labels come only from {', '.join(SHIPPABLE_SETS)}: not {sets}")
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


def pinned_extractor(commit: str = EXTRACTOR_COMMIT) -> Path:
    """The ``src`` folder of newssift at ``commit``, unpacked once under the temp folder."""
    dest = Path(tempfile.gettempdir()) / f"newssift-extractor-{commit[:12]}"
    if not (dest / "src" / "newssift" / "extract" / "article.py").exists():
        repo = Path(__file__).resolve().parents[1]
        tar = subprocess.run(
            ["git", "-C", str(repo), "archive", "--format=tar", commit, "src/newssift"],
            check=True,
            capture_output=True,
        ).stdout
        part = dest.with_name(dest.name + ".part")
        shutil.rmtree(part, ignore_errors=True)  # left by an interrupted run
        with tarfile.open(fileobj=io.BytesIO(tar)) as t:
            t.extractall(part, filter="data")
        part.rename(dest)
    return dest / "src"


_EXTRACT_CHILD = """
import gzip, json, sys
from resiliparse.parse.encoding import bytes_to_str, detect_encoding
from newssift.extract.article import extract
for line in sys.stdin:
    with gzip.open(json.loads(line), "rb") as f:
        raw = f.read()
    try:
        art = extract(bytes_to_str(raw, detect_encoding(raw)))
        out = [art.text or "", art.title]
    except Exception:  # a page the extractor cannot read gives no labels
        out = ["", None]
    print(json.dumps(out), flush=True)
"""


def extractor_texts(
    htmls: list[Path], commit: str = EXTRACTOR_COMMIT
) -> list[tuple[str, str | None]]:
    """(body, title) of each page by the extractor at ``commit``, in a child process."""
    src = pinned_extractor(commit)
    res = subprocess.run(
        [sys.executable, "-c", _EXTRACT_CHILD],
        input="".join(json.dumps(str(h)) + "\n" for h in htmls),
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(src), "PYTHONHASHSEED": "0"},
    )
    out = [tuple(json.loads(x)) for x in res.stdout.splitlines()]
    if len(out) != len(htmls):
        raise RuntimeError(f"the pinned extractor answered {len(out)} of {len(htmls)} pages")
    return out  # type: ignore[return-value]


def page_texts(page: Page, body: tuple[str, str | None] = ("", None)) -> dict[str, str]:
    """The texts of a page the labels are drawn from, by source name.

    ``body`` is the pinned extractor's (body, title) of the page (:func:`extractor_texts`).
    """
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    tree = HTMLTree.parse(read_html(page))
    text, title = body
    if page.title is None and title:
        page.title = title
    return {
        "rp_whole": extract_plain_text(tree, main_content=False),
        "rp_main": extract_plain_text(tree, main_content=True, comments=False, alt_texts=False),
        "newssift": text or "",
    }


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


def labelled_docs(
    page: Page, body: tuple[str, str | None] = ("", None)
) -> list[tuple[str, list[str], list[int | None]]]:
    """(source, lines, labels) per text of a page; lines repaired and normalised as in clean."""
    truth = Truth(page.truth)
    texts = page_texts(page, body)
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


def build(data: Path, sets: tuple[str, ...] = SHIPPABLE_SETS) -> list[tuple[Page, list]]:
    """Every page with its labelled texts; cached in the temp folder by this file's hash."""
    from importlib.metadata import version

    key = hashlib.sha1(
        Path(__file__).read_bytes()
        + str(data.resolve()).encode()
        + EXTRACTOR_COMMIT.encode()
        + version("resiliparse").encode()
    ).hexdigest()[:12]
    cache = Path(tempfile.gettempdir()) / f"newssift-line-data-{'-'.join(sets)}-{key}.pkl"
    if cache.exists():
        rows = pickle.loads(cache.read_bytes())
        return [(Page(**{**fields, "html": Path(fields["html"])}), docs) for fields, docs in rows]
    ps = pages(data, sets)
    bodies = extractor_texts([p.html for p in ps])
    out = [(p, labelled_docs(p, b)) for p, b in zip(ps, bodies, strict=True)]
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

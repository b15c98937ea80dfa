"""The ground truth of the two licence-clean news sets, read in one place.

aeb (MIT) keeps its truth in ``ground-truth.json``: page key -> {"articleBody", "url", ...};
naeb (Apache-2.0) in ``news_articles.json``: a list of {"id", "html_file", "text", "link",
"site", "title", ...}. Benches pick different fields (bodies, URLs, titles, ids), but they all
read the files here, so a change of layout or encoding has one place to be followed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

AEB_TRUTH = "ground-truth.json"
NAEB_TRUTH = "news_articles.json"


def _read(path: Path, required: bool) -> Any:
    if not path.exists():
        if required:
            raise SystemExit(f"no {path}: pass the folder of shared/benchmarks")
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def aeb_truth(folder: Path, required: bool = False) -> dict[str, dict[str, Any]]:
    """AEB's truth records by page key, in the file's order (``folder``: the aeb set's
    folder). Missing: {} or, with ``required``, a one-line exit."""
    return _read(Path(folder) / AEB_TRUTH, required) or {}


def naeb_items(folder: Path, required: bool = False) -> list[dict[str, Any]]:
    """naeb's article records as the file lists them (``folder``: the naeb set's folder).
    Missing: [] or, with ``required``, a one-line exit."""
    return _read(Path(folder) / NAEB_TRUTH, required) or []


def aeb_bodies(folder: Path) -> list[str]:
    """AEB's non-empty article bodies in key order."""
    gt = aeb_truth(folder, required=True)
    return [v["articleBody"] for _k, v in sorted(gt.items()) if v.get("articleBody")]


def naeb_texts(folder: Path) -> list[str]:
    """naeb's non-empty article texts as the file lists them."""
    return [x["text"] for x in naeb_items(folder, required=True) if x.get("text")]

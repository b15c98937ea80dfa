"""The line model's trainer reads only data whose licence lets a shipped model train on it:
the project's own annotated pages and the aeb/naeb extraction sets. The Turku lines and
PolNeAR (measurement only, ../shared/benchmarks/README.md) and the other extraction sets are
never read, whatever the benchmarks folder holds."""

from __future__ import annotations

import ast
import gzip
import json
from pathlib import Path

import pytest

from train import line_data, train_lines

ROOT = Path(__file__).resolve().parents[2]


def _benchmarks(root: Path) -> Path:
    """A benchmarks folder with one page in each shippable set and files in the others."""
    ext = root / "extraction"
    for name in ("aeb", "naeb", "dragnet"):
        (ext / name / "html").mkdir(parents=True)
    page = gzip.compress(b"<html><body><p>The council met.</p></body></html>")
    (ext / "aeb" / "html" / "a1.html.gz").write_bytes(page)
    (ext / "aeb" / "ground-truth.json").write_text(
        json.dumps({"a1": {"url": "https://a.example/x", "articleBody": "The council met."}}))
    (ext / "naeb" / "html" / "n1.html.gz").write_bytes(page)
    (ext / "naeb" / "news_articles.json").write_text(json.dumps(
        [{"id": 1, "html_file": "n1", "site": "n.example", "text": "The council met."}]))
    (ext / "dragnet" / "html" / "d1.html.gz").write_bytes(page)
    for other in ("lines/turku/en/train.json", "quotes/polnear/train/text/a.txt"):
        (root / other).parent.mkdir(parents=True)
        (root / other).write_text("[]")
    return root


def test_the_trainers_readers_open_only_shippable_data(tmp_path: Path, monkeypatch) -> None:
    data = _benchmarks(tmp_path / "benchmarks")
    opened: list[Path] = []
    read_text, read_bytes = Path.read_text, Path.read_bytes
    monkeypatch.setattr(Path, "read_text",
                        lambda p, *a, **k: opened.append(p) or read_text(p, *a, **k))
    monkeypatch.setattr(Path, "read_bytes",
                        lambda p, *a, **k: opened.append(p) or read_bytes(p, *a, **k))

    ps = line_data.pages(data)
    assert {p.set for p in ps} == {"aeb", "naeb"}
    assert train_lines.own_docs()  # the project's own pages
    read = {p.resolve() for p in opened} | {p.html.resolve() for p in ps}
    allowed = [(data / "extraction" / s).resolve() for s in line_data.SHIPPABLE_SETS]
    for p in read:
        assert p == train_lines.OWN.resolve() or any(p.is_relative_to(a) for a in allowed), p
    with pytest.raises(ValueError, match="only from aeb, naeb"):
        line_data.pages(data, ("aeb", "dragnet"))


def test_the_trainer_imports_no_benchmark_reader() -> None:
    # bench.turku and bench.quotes read the measurement-only sets; the trainer imports none
    # of the bench scripts, and gets its pages from line_data alone
    for path in (ROOT / "train" / "train_lines.py", ROOT / "train" / "line_data.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not [m for m in names if m == "bench" or m.startswith("bench.")], path

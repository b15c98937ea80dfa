"""newssift's datatrove steps, run on their own and inside a datatrove pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("datatrove", reason="datatrove is not installed (pip install "
                    "'newssift[datatrove]')")

from datatrove.data import Document as DtDocument
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import ParquetReader
from datatrove.pipeline.writers import ParquetWriter

from newssift.integrations.datatrove import (
    NewssiftAnnotator,
    NewssiftExtractor,
    parquet_schema,
    scores,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _articles() -> dict[str, dict]:
    rows = [json.loads(line) for line in (EXAMPLES / "articles.jsonl").read_text().splitlines()]
    return {r["id"]: r for r in rows if r.get("text")}


def test_extractor_turns_html_into_article_text_with_evidence() -> None:
    pages = sorted((EXAMPLES / "html").glob("*.html"))
    docs = [DtDocument(text=p.read_text(encoding="utf-8"), id=p.stem,
                       metadata={"url": f"https://example.org/{p.name}"}) for p in pages]
    step = NewssiftExtractor()
    out = list(step.run(iter(docs)))
    assert len(out) == len(pages)
    for doc in out:
        assert "<" not in doc.text and len(doc.text) > 200
        assert doc.metadata["newssift_title"]
        assert doc.metadata["url"].startswith("https://example.org/")  # kept as it was
        assert isinstance(doc.metadata["newssift_removed"], list)
    # the saved pages carry chrome (navigation, a share bar, a cookie banner): none of it
    # is left in the text, and whatever the cleaner took out is not in it either
    for d in out:
        assert "Share:" not in d.text and "cookie" not in d.text.lower()
        lines = set(d.text.split("\n"))
        assert not any(r["line"] in lines for r in d.metadata["newssift_removed"])
    assert step.stats["forwarded"].total == len(pages)


def test_extractor_counts_the_pages_cut_to_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page cut to the parser's size is counted in the step's stats, as a run counts it
    (``extract/html_cut``): the step calls the stage's ``guard``, not its ``run``."""
    from newssift.extract import article

    monkeypatch.setattr(article, "MAX_HTML_CHARS", 2000)
    page = (EXAMPLES / "html").glob("*.html").__next__().read_text(encoding="utf-8")
    assert len(page) > 2000
    step = NewssiftExtractor()
    list(step.run(iter([DtDocument(text=page, id="big"),
                        DtDocument(text=page[:1500], id="small")])))
    assert step.stats["extract/html_cut"].total == 1


def test_extractor_drops_a_page_without_an_article() -> None:
    out = list(NewssiftExtractor().run(iter([DtDocument(text="<html><body></body></html>",
                                                        id="empty")])))
    assert out == []


def test_annotator_adds_scores_flags_and_decision_without_dropping() -> None:
    rows = _articles()
    docs = [DtDocument(text=r["text"], id=i, metadata={"url": r.get("url")})
            for i, r in rows.items()]
    texts = {d.id: d.text for d in docs}
    out = list(NewssiftAnnotator(decide=True).run(iter(docs)))
    assert [d.id for d in out] == list(rows)
    by_id = {d.id: d for d in out}
    for doc in out:
        assert doc.text == texts[doc.id]  # annotated, not rewritten
        assert {"content_farm", "machine_translated"} <= set(scores(doc))
        assert doc.metadata["newssift_decision"] in ("keep", "reject")
    farm = by_id["ex-farm"].metadata
    assert farm["newssift_decision"] == "reject" and farm["newssift_reason"] == "content_farm"
    assert any(f["name"] == "generated_bio" for f in farm["newssift_flags"])
    assert farm["newssift_removed"]  # "See also", "Leave a Reply"... found by the cleaner
    assert scores(by_id["ex-fisheries"])["content_farm"] < 0.5


def test_steps_run_in_a_datatrove_pipeline(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    src = tmp_path / "in"
    src.mkdir()
    rows = _articles()
    pq.write_table(pa.table({"id": list(rows), "text": [r["text"] for r in rows.values()]}),
                   src / "docs.parquet")
    LocalPipelineExecutor(
        pipeline=[ParquetReader(str(src)), NewssiftAnnotator(decide=True),
                  # one document per batch: each batch must fit the one schema
                  ParquetWriter(str(tmp_path / "out"), batch_size=1,
                                schema=parquet_schema({"file_path": pa.string()}))],
        tasks=1, workers=1, logging_dir=str(tmp_path / "logs"),
    ).run()
    written = [r for p in sorted((tmp_path / "out").glob("*.parquet"))
               for r in pq.read_table(p).to_pylist()]
    assert sorted(w["id"] for w in written) == sorted(rows)
    for w in written:
        names = {s["name"] for s in w["metadata"]["newssift_scores"]}
        assert "content_farm" in names
        assert w["metadata"]["file_path"].endswith("docs.parquet")
    farm = next(w for w in written if w["id"] == "ex-farm")
    assert farm["metadata"]["newssift_reason"] == "content_farm"

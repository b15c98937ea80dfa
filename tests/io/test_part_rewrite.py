"""Both Parquet writers, a unit's part (io/writers.py) and a rewritten part
(io/part_rewrite.py: dedup's fields, the run's unique ids), write a dictionary on every
column but the long texts (text, html, comments), as ``writers.dictionary_columns`` says:
read back, the same table as with a dictionary on every column (what they did before),
deterministic, and the texts are plain-encoded while short columns keep their dictionary."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from newssift.io import arrays, writers
from newssift.io.part_rewrite import rewrite_part
from newssift.io.run_folder import RunFolder
from newssift.io.writers import PLAIN_COLUMNS, PartWriter, dictionary_columns
from newssift.record import SCHEMA, SCHEMA_COMMENTS, Document, NewsParts


def _part(out: Path, comments: bool) -> str:
    with PartWriter(out, "u1", "parquet", batch_rows=3, write_html=True,
                    comments=comments) as w:
        for k in range(7):
            w.write(Document(id=f"d{k}", source="s", url=f"https://x.org/{k}",
                             text=f"line {k}\nsecond line of {k} " * (k + 1),
                             html=f"<p>{k}</p>", reason=None, date="2024-01-0" + str(k + 1),
                             news=NewsParts(dateline_agency="AP" if k % 2 else None),
                             scores={"content_farm": 0.1 * k},
                             comments="c" * k if comments else None))
    return str(RunFolder(out).part("kept", "u1", "parquet"))


def _encodings(path: str) -> dict[str, set[str]]:
    md = pq.ParquetFile(path).metadata
    out: dict[str, set[str]] = {}
    for g in range(md.num_row_groups):
        for c in range(md.num_columns):
            col = md.row_group(g).column(c)
            out.setdefault(col.path_in_schema, set()).update(col.encodings)
    return out


def test_dictionary_columns_name_every_leaf_but_the_long_texts(tmp_path: Path) -> None:
    for schema in (SCHEMA, SCHEMA_COMMENTS):
        path = tmp_path / "empty.parquet"
        pq.write_table(schema.empty_table(), path)
        leaves = [c.path for c in pq.ParquetFile(path).schema]
        want = [p for p in leaves if p.split(".")[0] not in PLAIN_COLUMNS]
        assert dictionary_columns(schema) == want
        assert "flags.list.element.name" in want and "news.dateline_agency" in want
        assert not {"text", "html", "comments"} & set(want)


def test_the_rewritten_part_reads_back_as_before(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    for comments in (False, True):
        parts = [_part(tmp_path / f"{x}{comments}", comments) for x in ("new", "again", "old")]
        fields = {"cluster_id": [f"d{k % 2}" for k in range(7)],
                  "canonical_similarity": [0.5 + k / 100 for k in range(7)]}
        flags = [[{"name": "copy_of", "rule": "r", "value": 0.5, "threshold": 0.4,
                   "line": -1, "start": -1, "end": -1, "text": "{}"}] if k % 3 else []
                 for k in range(7)]
        texts = arrays.read_table(parts[0]).column("text").to_pylist()
        for part in parts[:2]:
            rewrite_part(part, fields, flags, frozenset({"copy_of"}))
        with monkeypatch.context() as m:  # the rewrite as it was: a dictionary tried on all,
            m.setattr(writers, "dictionary_columns", lambda schema: True)  # re-encoded
            rewrite_part(parts[2], fields, flags, frozenset({"copy_of"}), splice=False)
        new, again, old = (Path(p).read_bytes() for p in parts)
        assert new == again and new != old  # deterministic, and encoded otherwise
        table = arrays.read_table(parts[0])
        assert table.equals(arrays.read_table(parts[2]), check_metadata=True)
        assert table.schema.equals(pq.read_schema(parts[2]), check_metadata=True)
        assert table.column("cluster_id").to_pylist() == fields["cluster_id"]
        assert table.column("text").to_pylist() == texts
        enc = _encodings(parts[0])
        for name in ("text", "html", *(("comments",) if comments else ())):
            assert "RLE_DICTIONARY" not in enc[name], name
            assert "RLE_DICTIONARY" in _encodings(parts[2])[name], name
        for name in ("id", "reason", "cluster_id", "flags.list.element.name",
                     "news.dateline_agency", "scores.list.element.value"):
            assert "RLE_DICTIONARY" in enc[name], name


def test_both_parquet_writers_take_their_encoding_from_one_helper(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A unit's part and a rewritten part are encoded as ``writers.dictionary_columns``
    says: with it patched to a dictionary on ``id`` alone, both files have exactly that."""
    asked: list[str] = []

    def only_id(schema):
        asked.append("comments" if "comments" in schema.names else "plain")
        return ["id"]

    monkeypatch.setattr(writers, "dictionary_columns", only_id)
    part = _part(tmp_path, comments=False)
    assert asked == ["plain"]

    def dictionary_on() -> set[str]:
        return {c for c, e in _encodings(part).items() if "RLE_DICTIONARY" in e}

    assert dictionary_on() == {"id"}
    rewrite_part(part, {"cluster_id": [f"d{k % 2}" for k in range(7)]})  # spliced
    assert asked == ["plain", "plain"]
    assert dictionary_on() == {"id"}
    rewrite_part(part, {"cluster_id": [f"e{k % 2}" for k in range(7)]}, splice=False)
    assert asked == ["plain", "plain", "plain"]
    assert dictionary_on() == {"id"}


def test_the_unit_part_reads_back_as_before(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The unit writer's part: deterministic, plain texts, and the same table as with a
    dictionary tried on every column (the unit writer until session 13)."""
    for comments in (False, True):
        new, again = (_part(tmp_path / f"{x}{comments}", comments) for x in ("new", "again"))
        with monkeypatch.context() as m:
            m.setattr(writers, "dictionary_columns", lambda schema: True)
            old = _part(tmp_path / f"old{comments}", comments)
        assert Path(new).read_bytes() == Path(again).read_bytes()
        assert Path(new).read_bytes() != Path(old).read_bytes()
        table = arrays.read_table(new)
        assert table.equals(arrays.read_table(old), check_metadata=True)
        assert pq.read_schema(new).equals(pq.read_schema(old), check_metadata=True)
        enc = _encodings(new)
        for name in ("text", "html", *(("comments",) if comments else ())):
            assert "RLE_DICTIONARY" not in enc[name], name
            assert "RLE_DICTIONARY" in _encodings(old)[name], name
        for name in ("id", "source", "flags.list.element.name", "news.dateline_agency"):
            assert "RLE_DICTIONARY" in enc[name], name

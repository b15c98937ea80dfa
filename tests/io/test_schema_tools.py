"""A real run's output loads as it is in the tools corpus builders use: Hugging Face
``datasets``, pandas, Polars and DuckDB; and parts of the old schema (scores as an Arrow map)
still read back into the same records."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newssift.execute.local import run
from newssift.io.writers import read_part
from newssift.record import (
    SCHEMA,
    SCHEMA_VERSION,
    Document,
    Flag,
    scores_from_column,
    scores_to_dict,
    to_arrow,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _needs(module: str):
    return pytest.mark.skipif(importlib.util.find_spec(module) is None,
                              reason=f"{module} is not installed (pip install 'newssift[view]')")


@pytest.fixture(scope="module")
def real_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "out"
    run([str(EXAMPLES)], out, workers=1, progress=False)
    return out


def _expected(out: Path) -> dict[str, dict[str, float]]:
    """Scores of every record as newssift itself reads them back."""
    docs = [d for folder in ("kept", "rejected") for p in sorted((out / folder).glob("*.parquet"))
            for d in read_part(p)]
    assert len(docs) > 5 and all(d.scores for d in docs)
    return {d.id: d.scores for d in docs}


def _files(out: Path) -> list[str]:
    return sorted(str(p) for folder in ("kept", "rejected")
                  for p in (out / folder).glob("*.parquet"))


def test_schema_version_and_scores_type(real_run: Path) -> None:
    part = _files(real_run)[0]
    schema = pq.read_schema(part)
    assert schema.metadata[b"newssift.schema_version"] == SCHEMA_VERSION.encode()
    assert not pa.types.is_map(schema.field("scores").type)
    assert schema.field("scores").type == SCHEMA.field("scores").type


@_needs("datasets")
def test_loads_in_hugging_face_datasets(real_run: Path, tmp_path: Path) -> None:
    import datasets

    expected = _expected(real_run)
    ds = datasets.load_dataset("parquet", data_files=_files(real_run), split="train",
                               cache_dir=str(tmp_path / "hf"))
    assert len(ds) == len(expected)
    for row in ds:
        assert {s["name"]: s["value"] for s in row["scores"]} == expected[row["id"]]
        assert isinstance(row["flags"], list)


@_needs("pandas")
def test_loads_in_pandas(real_run: Path) -> None:
    import pandas as pd

    expected = _expected(real_run)
    frame = pd.concat([pd.read_parquet(f) for f in _files(real_run)], ignore_index=True)
    assert len(frame) == len(expected)
    for doc_id, scores in zip(frame["id"], frame["scores"], strict=True):
        assert {s["name"]: s["value"] for s in scores} == expected[doc_id]


@_needs("polars")
def test_loads_in_polars(real_run: Path) -> None:
    import polars as pl

    expected = _expected(real_run)
    frame = pl.read_parquet(_files(real_run))
    assert frame.height == len(expected)
    long = frame.select("id", pl.col("scores")).explode("scores").unnest("scores")
    got: dict[str, dict[str, float]] = {}
    for doc_id, name, value in long.iter_rows():
        got.setdefault(doc_id, {})[name] = value
    assert got == expected


@_needs("duckdb")
def test_loads_in_duckdb(real_run: Path) -> None:
    import duckdb

    expected = _expected(real_run)
    con = duckdb.connect()
    rows = con.execute(
        "SELECT id, s.name, s.value FROM (SELECT id, unnest(scores) AS s FROM read_parquet(?))",
        [_files(real_run)],
    ).fetchall()
    got: dict[str, dict[str, float]] = {}
    for doc_id, name, value in rows:
        got.setdefault(doc_id, {})[name] = value
    assert got == expected
    kept = con.execute("SELECT count(*) FROM read_parquet(?) WHERE decision = 'keep'",
                       [_files(real_run)]).fetchone()[0]
    assert kept == sum(1 for f in _files(real_run) if "/kept/" in f
                       for _ in range(pq.read_metadata(f).num_rows))


def _v1_table(docs: list[Document]) -> pa.Table:
    """A part as schema version 1 wrote it: scores as map<string, double>."""
    table = to_arrow(docs)
    v1 = pa.array([sorted(d.scores.items()) for d in docs],
                   type=pa.map_(pa.string(), pa.float64()))
    idx = table.schema.get_field_index("scores")
    table = table.set_column(idx, pa.field("scores", v1.type), v1)
    return table.replace_schema_metadata({b"newssift.schema_version": b"1"})


def test_old_parts_with_map_scores_still_read(tmp_path: Path) -> None:
    docs = [Document(id="a", source="s", text="x", scores={"z": 1.5, "a": 0.25},
                     flags=[Flag("f", "r/v1", 1.0, 0.5)]),
            Document(id="b", source="s", text="y")]
    path = tmp_path / "part-old.parquet"
    pq.write_table(_v1_table(docs), path)
    assert pa.types.is_map(pq.read_schema(path).field("scores").type)
    assert read_part(path) == docs
    column = scores_from_column(pq.read_table(path).column("scores"))
    assert column.type == SCHEMA.field("scores").type
    assert [scores_to_dict(v) for v in column.to_pylist()] == [{"a": 0.25, "z": 1.5}, {}]


def test_scores_to_dict_reads_every_stored_form() -> None:
    want = {"a": 1.0, "b": 2.0}
    assert scores_to_dict([{"name": "a", "value": 1.0}, {"name": "b", "value": 2.0}]) == want
    assert scores_to_dict([("a", 1.0), ("b", 2.0)]) == want
    assert scores_to_dict(want) == want
    assert scores_to_dict(None) == {}
    row = Document(id="x", source="s", scores=want).to_dict()
    assert Document.from_dict(row).scores == want
    row["scores"] = [{"name": "a", "value": 1.0}, {"name": "b", "value": 2.0}]
    assert Document.from_dict(row).scores == want

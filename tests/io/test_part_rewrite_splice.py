"""The part rewrite's splice (io/part_rewrite_splice.py): the unchanged column chunks
copied as bytes, the replaced columns encoded, a new footer. Read back, a spliced part is
the table the re-encoding rewrite writes (schema, metadata, values); it is deterministic,
other Parquet readers read it too, copied statistics are the part's own, and the parts
the splice does not copy are re-encoded as before."""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newssift.errors import PartError
from newssift.io import arrays, part_rewrite, part_rewrite_splice
from newssift.io.part_rewrite import rewrite_part
from newssift.io.run_folder import RunFolder
from newssift.io.writers import PartWriter
from newssift.record import Document, Flag, NewsParts, to_arrow

TEXTS = ["one\ntwo", None, "", "vier – fünf 😀 \u2028 end", "x" * 5000, "six", "Ünïcödé " * 40]
N = len(TEXTS)


def _docs() -> list[Document]:
    out = []
    for k, t in enumerate(TEXTS):
        flags = [Flag("script_mixing", "r/v1", 0.2, 0.1)] if k % 2 else []
        if k % 3 == 0:
            flags.append(Flag("copy_of", "old/v1", 0.9, 0.4, text='{"old": 1}'))
        out.append(Document(id=f"d{k}", source="s", url=None if k == 2 else f"https://x.org/{k}",
                            text=t, html=f"<p>{k}</p>" if k % 2 else None, title="", date=None,
                            news=NewsParts(dateline_agency="AP" if k % 2 else None),
                            scores={"content_farm": 0.1 * k}, flags=flags,
                            cluster_id="stale" if k == 4 else None))
    return out


def _unit_part(out: Path, comments: bool = False, batch_rows: int = 3) -> str:
    """A part as a unit writes it: zstd, row groups of ``batch_rows`` (three here)."""
    with PartWriter(out, "u1", "parquet", batch_rows=batch_rows, write_html=True,
                    comments=comments) as w:
        for d in _docs():
            if comments:
                d.comments = "c" * len(d.id)
            w.write(d)
    return str(RunFolder(out).part("kept", "u1", "parquet"))


def _bench_part(out: Path, **options) -> str:
    """A part as pyarrow writes by default (Snappy, statistics, one row group): what
    bench/dedup.py gives dedup."""
    out.mkdir(parents=True, exist_ok=True)
    path = str(out / "part-00000.parquet")
    pq.write_table(to_arrow(_docs()), path, **options)
    return path


FIELDS = {"cluster_id": [f"c{k % 2}" if k != 1 else None for k in range(N)],
          "canonical_id": ["d0"] * N,
          "canonical_similarity": [None if k == 2 else 0.25 * k for k in range(N)],
          "canonical_reason": ["earliest"] * N}
NEW_FLAGS = [[{"name": "copy_of", "rule": "dedup/v1", "value": 0.5, "threshold": 0.4,
               "line": -1, "start": -1, "end": -1, "text": '{"é": "ü"}'}] if k % 2 else []
             for k in range(N)]


def _both(path: str, tmp: Path, fields=FIELDS, flags=NEW_FLAGS) -> tuple[str, str]:
    """``path`` rewritten by the splice and by re-encoding (copies of it)."""
    spliced, reencoded = str(tmp / "spliced.parquet"), str(tmp / "reencoded.parquet")
    for target in (spliced, reencoded):
        Path(target).write_bytes(Path(path).read_bytes())
    rewrite_part(spliced, fields, flags, frozenset({"copy_of"}))
    rewrite_part(reencoded, fields, flags, frozenset({"copy_of"}), splice=False)
    return spliced, reencoded


def _codecs(path: str, column: str) -> set[str]:
    md = pq.ParquetFile(path).metadata
    names = [md.row_group(0).column(c).path_in_schema for c in range(md.num_columns)]
    c = names.index(column)
    return {md.row_group(g).column(c).compression for g in range(md.num_row_groups)}


@pytest.mark.parametrize("comments", [False, True])
def test_a_spliced_unit_part_reads_back_as_the_reencoded_one(tmp_path: Path,
                                                             comments: bool) -> None:
    part = _unit_part(tmp_path / "run", comments)
    before = arrays.read_table(part)
    spliced, reencoded = _both(part, tmp_path)
    got, want = arrays.read_table(spliced), arrays.read_table(reencoded)
    assert got.equals(want, check_metadata=True)
    assert pq.read_schema(spliced).equals(pq.read_schema(reencoded), check_metadata=True)
    assert pq.ParquetFile(spliced).metadata.metadata == \
        pq.ParquetFile(reencoded).metadata.metadata  # ARROW:schema and the record's keys
    assert got.column("text").to_pylist() == TEXTS
    assert got.column("cluster_id").to_pylist() == FIELDS["cluster_id"]
    flags = got.column("flags").to_pylist()
    assert [[f["name"] for f in fl] for fl in flags] == [
        [n for n in (["script_mixing"] if k % 2 else []) + (["copy_of"] if k % 2 else [])]
        for k in range(N)]  # old copy_of flags replaced, others kept in order
    assert flags[1][1]["text"] == '{"é": "ü"}'
    for name in set(before.column_names) - {*FIELDS, "flags"}:
        assert got.column(name).equals(before.column(name)), name
    # the part's row groups kept (three rows each), the re-encoded part in one
    assert pq.ParquetFile(spliced).metadata.num_row_groups == 3
    assert pq.ParquetFile(reencoded).metadata.num_row_groups == 1
    again = str(tmp_path / "again.parquet")
    Path(again).write_bytes(Path(part).read_bytes())
    rewrite_part(again, FIELDS, NEW_FLAGS, frozenset({"copy_of"}))
    assert Path(again).read_bytes() == Path(spliced).read_bytes()  # deterministic


def test_a_spliced_part_is_spliced_again_and_read_by_another_reader(tmp_path: Path) -> None:
    """A rerun of dedup rewrites a part it spliced: the same table as re-encoding twice;
    polars, which has its own Parquet reader, reads the same values."""
    part = _unit_part(tmp_path / "run")
    spliced, reencoded = _both(part, tmp_path)
    fields = {**FIELDS, "canonical_reason": ["smallest_id"] * N}
    rewrite_part(spliced, fields, [[] for _ in range(N)], frozenset({"copy_of"}))
    rewrite_part(reencoded, fields, [[] for _ in range(N)], frozenset({"copy_of"}),
                 splice=False)
    got = arrays.read_table(spliced)
    assert got.equals(arrays.read_table(reencoded), check_metadata=True)
    assert got.column("canonical_reason").to_pylist() == ["smallest_id"] * N
    pl = pytest.importorskip("polars")
    theirs = pl.read_parquet(spliced, columns=["id", "text", "cluster_id", "canonical_reason",
                                              "canonical_similarity"])
    assert theirs.to_dict(as_series=False) == got.select(theirs.columns).to_pydict()


def test_unique_ids_splice_the_id_column(tmp_path: Path) -> None:
    part = _unit_part(tmp_path / "run")
    ids = {"id": [f"d{k}" if k != 3 else "d0~1" for k in range(N)]}
    spliced, reencoded = _both(part, tmp_path, ids, None)
    assert arrays.read_table(spliced).equals(arrays.read_table(reencoded), check_metadata=True)
    assert arrays.read_table(spliced).column("id").to_pylist()[3] == "d0~1"


def test_the_copied_chunks_keep_their_bytes_codec_and_statistics(tmp_path: Path) -> None:
    """A Snappy part with statistics (pyarrow's defaults): the copied columns keep their
    codec and statistics (the part's own, so true), the new columns are zstd without
    statistics, as the rewrite writes them; read back, the re-encoded table."""
    part = _bench_part(tmp_path / "run")
    spliced, reencoded = _both(part, tmp_path)
    assert arrays.read_table(spliced).equals(arrays.read_table(reencoded), check_metadata=True)
    assert _codecs(spliced, "text") == {"SNAPPY"} and _codecs(reencoded, "text") == {"ZSTD"}
    assert _codecs(spliced, "cluster_id") == {"ZSTD"}
    old, new = pq.ParquetFile(part).metadata, pq.ParquetFile(spliced).metadata
    for c in range(new.num_columns):
        a, b = old.row_group(0).column(c), new.row_group(0).column(c)
        assert a.path_in_schema == b.path_in_schema
        top = b.path_in_schema.split(".")[0]
        if top in FIELDS or top == "flags":
            assert not b.is_stats_set, b.path_in_schema
        else:
            assert b.total_compressed_size == a.total_compressed_size
            assert b.is_stats_set == a.is_stats_set
            if a.is_stats_set:
                assert b.statistics == a.statistics, b.path_in_schema
    text = pq.read_table(spliced, filters=[("id", "==", "d3")]).column("text").to_pylist()
    assert text == [TEXTS[3]]  # a read that uses the statistics


@pytest.mark.parametrize("case", ["page_index", "empty", "other_type", "no_column"])
def test_what_the_splice_does_not_copy_is_reencoded(tmp_path: Path, case: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A part with a page index, no rows, a replaced column of another type than the
    record's or a column the part lacks is not spliced: the re-encoding path writes it
    (or raises) as before."""
    reencoded: list[str] = []
    real = part_rewrite._reencoded
    monkeypatch.setattr(part_rewrite, "_reencoded",
                        lambda path, *a: (reencoded.append(path), real(path, *a)))
    fields, flags = FIELDS, NEW_FLAGS
    if case == "page_index":
        part = _bench_part(tmp_path / "run", write_page_index=True)
    elif case == "empty":
        part = str(tmp_path / "empty.parquet")
        pq.write_table(to_arrow([]), part)
        fields, flags = {k: [] for k in FIELDS}, []
    else:
        table = to_arrow(_docs())
        i = table.schema.get_field_index("canonical_similarity")
        table = table.set_column(i, pa.field("canonical_similarity", pa.float32()),
                                 table.column(i).cast(pa.float32())) if case == "other_type" \
            else table.remove_column(i)
        part = str(tmp_path / "old.parquet")
        pq.write_table(table, part)
    if case == "no_column":
        with pytest.raises(pa.ArrowInvalid):  # as the re-encoding rewrite did
            rewrite_part(part, fields, flags, frozenset({"copy_of"}))
        assert reencoded == [part]
        return
    rewrite_part(part, fields, flags, frozenset({"copy_of"}))
    assert reencoded == [part]
    got = arrays.read_table(part)
    assert got.column("canonical_similarity").type == pa.float64()
    assert got.column("cluster_id").to_pylist() == fields["cluster_id"]


def test_a_damaged_part_is_one_line(tmp_path: Path) -> None:
    part = _unit_part(tmp_path / "run")
    data = Path(part).read_bytes()
    for cut in (data[:-3], data[: len(data) // 2] + data[-8:], b"PAR1" + b"\x19" * 40):
        Path(part).write_bytes(cut)
        with pytest.raises(PartError, match="cannot read part"):
            rewrite_part(part, FIELDS, NEW_FLAGS, frozenset({"copy_of"}))


def test_the_footer_codec_gives_back_the_bytes_it_read(tmp_path: Path) -> None:
    for path in (_unit_part(tmp_path / "a"), _bench_part(tmp_path / "b"),
                 _unit_part(tmp_path / "c", comments=True, batch_rows=1)):
        data = Path(path).read_bytes()
        meta, start = part_rewrite_splice.footer(data)
        assert part_rewrite_splice.encode(meta) == data[start:-8]
    buf = io.BytesIO()
    pq.write_table(pa.table({"x": [1.5, None], "b": [True, False], "l": [[1] * 20, []]}), buf)
    data = buf.getvalue()
    meta, start = part_rewrite_splice.footer(data)
    assert part_rewrite_splice.encode(meta) == data[start:-8]
    with pytest.raises(ValueError):
        part_rewrite_splice.footer(b"PAR1\x00\x00\x00\x00PAR1")


def test_duckdb_reads_a_spliced_part_as_the_reencoded_one(tmp_path: Path) -> None:
    """The viewer and users query parts through DuckDB, a third Parquet reader: every
    column of a spliced part (nested flags included) reads as the re-encoded part's."""
    duckdb = pytest.importorskip("duckdb")
    spliced, reencoded = _both(_unit_part(tmp_path / "run", True), tmp_path)
    query = "SELECT * FROM read_parquet(?) ORDER BY id"
    got = duckdb.execute(query, [spliced]).fetchall()
    want = duckdb.execute(query, [reencoded]).fetchall()
    assert got == want
    assert len(got) == N

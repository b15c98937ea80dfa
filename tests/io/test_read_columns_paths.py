"""io.writers.read_columns reads a dotted name's own leaves (not its whole top column):
the same table as reading the top column whole and taking the field, for nulls at every
level, missing fields, deeper paths, two paths of one column, and with the top named too."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newssift.io.writers import read_columns


def _whole(path: Path, columns: list[str]) -> pa.Table:
    """read_columns as it was: every top column read whole, the fields taken after."""
    pf = pq.ParquetFile(path)
    present = set(pf.schema_arrow.names)
    tops = list(dict.fromkeys(c.split(".", 1)[0] for c in columns))
    table = pf.read(columns=[c for c in tops if c in present])
    rows = pf.metadata.num_rows
    out = {}
    for c in columns:
        top, _, sub = c.partition(".")
        if top not in present:
            out[c] = pa.nulls(rows)
            continue
        if not sub:
            out[c] = table.column(top)
            continue
        arr = table.column(top).combine_chunks()
        for name in sub.split("."):
            if not pa.types.is_struct(arr.type) or arr.type.get_field_index(name) < 0:
                arr = pa.nulls(rows)
                break
            valid = arr.is_valid()
            field = arr.field(name)
            arr = pc.if_else(valid, field, pa.scalar(None, field.type))
        out[c] = arr
    return pa.table(out)


def test_dotted_paths_read_as_the_whole_column_gives(tmp_path: Path) -> None:
    inner = pa.struct([("x", pa.string()), ("y", pa.list_(pa.int32()))])
    news = pa.struct([("agency", pa.string()), ("place", pa.string()), ("deep", inner),
                      ("quotes", pa.list_(pa.struct([("text", pa.string())])))])
    rows = [
        {"agency": "AP", "place": None, "deep": {"x": "a", "y": [1]}, "quotes": [{"text": "q"}]},
        None,
        {"agency": None, "place": "Oslo", "deep": None, "quotes": []},
        {"agency": "Reuters", "place": "Rome", "deep": {"x": None, "y": None}, "quotes": None},
    ] * 300
    table = pa.table({"id": [str(i) for i in range(len(rows))],
                      "news": pa.array(rows, news), "n": list(range(len(rows)))})
    path = tmp_path / "part.parquet"
    pq.write_table(table, path, row_group_size=500)
    cases = [
        ["id", "news.agency"], ["news.agency", "news.place"], ["news.deep.x"],
        ["news.deep.y", "news.deep"], ["news", "news.agency"], ["news.quotes"],
        ["news.missing", "id"], ["news.deep.missing"], ["n.sub"], ["absent.x", "absent"],
        ["news.agency", "news.agency"], [],
    ]
    for columns in cases:
        got = read_columns(path, columns)
        want = _whole(path, columns) if columns else pq.read_table(path).select([])
        assert got.equals(want), columns
        assert got.schema == want.schema, columns

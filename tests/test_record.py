"""The record survives both output formats unchanged."""

from __future__ import annotations

import io
import json

import pyarrow as pa
import pyarrow.parquet as pq

from newssift.record import (
    SCHEMA,
    SCHEMA_VERSION,
    Document,
    DroppedBlock,
    Flag,
    NewsParts,
    Quote,
    RemovedLine,
    from_arrow,
    to_arrow,
)


def full_doc() -> Document:
    return Document(
        id="abc", source="in.warc.gz", source_offset=1234, url="https://example.org/a",
        text="Body line\nSecond", title="Title", date="2021-01-24", authors=["Ana Ruiz"],
        removed=[RemovedLine(3, "See also: other story", "related_link", 0.9)],
        news=NewsParts(dateline_place="MOSCOW", dateline_agency="Reuters", agencies=["Reuters"],
                       quotes=[Quote("We deny it", "Dmitry Peskov", 10, 20)]),
        scores={"z": 1.0, "a": 0.5},
        flags=[Flag("foreign_script", "script_mixing/v1", 0.01, 0.0, 2, 30, 37, "বাণিজ্য")],
        decision="keep",
    )


def test_arrow_round_trip() -> None:
    doc = full_doc()
    table = to_arrow([doc])
    assert table.schema.equals(SCHEMA, check_metadata=False)
    assert table.schema.metadata[b"newssift.schema_version"] == SCHEMA_VERSION.encode()
    assert from_arrow(table) == [doc]


def test_json_round_trip() -> None:
    doc = full_doc()
    line = json.dumps(doc.to_dict(), ensure_ascii=False)
    back = json.loads(line)
    assert back["schema_version"] == SCHEMA_VERSION
    assert Document.from_dict(back) == doc


def _to_arrow_dicts(docs: list[Document]) -> pa.Table:
    """to_arrow as it was: one dict per removed line, dropped block, score and flag."""
    table = to_arrow(docs)
    rows = {
        "removed": [[{"index": r.index, "line": r.line, "reason": r.reason, "score": r.score}
                     for r in d.removed] for d in docs],
        "dropped": [[{"index": b.index, "line": b.line, "reason": b.reason, "where": b.where,
                      "lines": b.lines} for b in d.dropped] for d in docs],
        "scores": [[{"name": k, "value": v} for k, v in sorted(d.scores.items())]
                   for d in docs],
        "flags": [[{"name": f.name, "rule": f.rule, "value": f.value, "threshold": f.threshold,
                    "line": f.line, "start": f.start, "end": f.end, "text": f.text}
                   for f in d.flags] for d in docs],
    }
    for name, values in rows.items():
        i = SCHEMA.get_field_index(name)
        table = table.set_column(i, SCHEMA.field(name), pa.array(values, SCHEMA.field(name).type))
    return table


def test_nested_columns_are_the_arrays_of_one_dict_per_item() -> None:
    """to_arrow builds removed/dropped/scores/flags field by field: the same arrays (and the
    same Parquet bytes) as pa.array of one dict per item, nulls and ints in float fields
    included."""
    plain = Document(id="plain", source="s")
    odd = Document(
        id="odd", source="s", scores={"b": 2, "a": -0.0},
        removed=[RemovedLine(0, "", None, None), RemovedLine(7, "x", "why", 1)],
        dropped=[DroppedBlock(2, "Most read", "page_chrome", None, 3),
                 DroppedBlock(5, "ad", None, "beside", 0)],
        flags=[Flag("n", "r/v1", 1, 0.5, -1, -1, -1, ""),
               Flag("m", "r/v2", 0.25, 0.0, 0, 0, 4, "ü")],
    )
    for docs in ([], [plain], [full_doc(), plain, odd, plain], [odd] * 50):
        new, old = to_arrow(docs), _to_arrow_dicts(docs)
        assert new.equals(old)
        assert new.schema == old.schema
        for a, b in zip(new.columns, old.columns, strict=True):
            assert a.combine_chunks().validate(full=True) is None
            assert a.null_count == b.null_count
        bufs = []
        for t in (new, old):
            sink = io.BytesIO()
            pq.write_table(t, sink, compression="zstd", write_statistics=False)
            bufs.append(sink.getvalue())
        assert bufs[0] == bufs[1]

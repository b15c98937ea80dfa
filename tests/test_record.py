"""The record survives both output formats unchanged."""

from __future__ import annotations

import json

from newssift.record import (
    SCHEMA,
    SCHEMA_VERSION,
    Document,
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

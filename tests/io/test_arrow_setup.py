"""A run's Arrow conversions without pandas: pandas never loads, and the tables are the same.

Each side runs in a subprocess: pyarrow remembers its pandas check for the life of a process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

_CONVERT = r"""
import sys
{setup}
import pyarrow as pa
from newssift.record import Document, Flag, RemovedLine, to_arrow
docs = [
    Document(id="a", source="s", url="https://x.invalid/a", text="One.\nTwo \u201cquoted\u201d.",
             title="T", authors=["Ann B"], line_numbers=[0, 2],
             removed=[RemovedLine(1, "Share this", "share", 0.5)],
             scores={{"quality": 0.75, "mt": 0.125}},
             flags=[Flag("spun_phrase", "tortured_phrases/v1", 1.0, 1.0, 0, 3, 9, "x")]),
    Document(id="b", source="s", text=""),
]
sink = pa.BufferOutputStream()
table = to_arrow(docs)
with pa.ipc.new_stream(sink, table.schema) as w:
    w.write_table(table)
sys.stdout.buffer.write(("pandas" in sys.modules).to_bytes(1, "big"))
sys.stdout.buffer.write(sink.getvalue().to_pybytes())
"""


def _convert(setup: str) -> tuple[bool, bytes]:
    src = str(Path(__file__).resolve().parents[2] / "src")
    out = subprocess.run(
        [sys.executable, "-c", _CONVERT.format(setup=setup)],
        capture_output=True, check=True, env={"PYTHONPATH": src, "PATH": ""},
    ).stdout
    return bool(out[0]), out[1:]


def test_records_convert_alike_without_pandas() -> None:
    pytest.importorskip("pandas")  # the default side must really load it to compare
    with_pandas, plain = _convert("")
    without, settled = _convert(
        "from newssift.io.arrow_setup import arrow_without_pandas\n"
        "assert arrow_without_pandas()"
    )
    assert with_pandas  # pyarrow's first conversion loads pandas by default
    assert not without  # ... and not once the run has settled it
    assert settled == plain
    assert len(plain) > 500


def test_pandas_already_loaded_is_left_alone() -> None:
    pytest.importorskip("pandas")
    out = subprocess.run(
        [sys.executable, "-c",
         "import pandas, pyarrow as pa\n"
         "from newssift.io.arrow_setup import arrow_without_pandas\n"
         "assert not arrow_without_pandas()\n"
         "assert pa.array(pandas.Series([1, None])).null_count == 1\n"],
        capture_output=True, text=True,
        env={"PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src"), "PATH": ""},
    )
    assert out.returncode == 0, out.stderr

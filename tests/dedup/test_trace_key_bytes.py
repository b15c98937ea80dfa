"""A trace key holding an undecodable byte (a lone surrogate on the command line) raised
pyarrow's TypeError traceback (review r40, 14): it is read as U+FFFD, the readers' rule."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import newssift
from newssift.cli import main
from newssift.dedup import run_dedup
from tests.dedup.synthetic import doc, story, write_run


def test_a_key_with_an_undecodable_byte_is_found_or_one_line(tmp_path: Path) -> None:
    out = write_run(tmp_path / "o", {"0": [
        doc("caf\ufffd", story(3), url="https://x.example/caf\ufffd"),
        doc("plain", story(4), url="https://x.example/plain")]})
    run_dedup(str(out))
    assert newssift.trace(out, "caf\udcff")["document"]["id"] == "caf\ufffd"
    assert newssift.trace(out, "https://x.example/caf\udcff")["document"]["id"] == "caf\ufffd"
    res = CliRunner().invoke(main, ["trace", str(out), "http://nowhere/\udcff"])
    assert res.exit_code == 2, (res.output, res.exception)
    assert "no record with id or URL" in res.output and "Traceback" not in res.output
